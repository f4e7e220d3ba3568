"""The Pulumi program: pick the stack's scenario, read its typed config, build it, export outputs."""

import pulumi

from stacks import scenarios
from stacks.config import PROJECT, SCENARIO_KEY, read_stack_config

scenario = scenarios.for_stack(pulumi.get_stack(), pulumi.Config(PROJECT).get(SCENARIO_KEY))
config = read_stack_config(scenario.config_model)
for key, value in scenario.build(config).items():
    pulumi.export(key, value)
