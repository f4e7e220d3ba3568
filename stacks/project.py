"""The Pulumi project every scenario runs in, and the config key that picks a scenario.

Apart from :mod:`.config` (pydantic, Pulumi), so ``list`` names them without loading either.
"""

PROJECT = "eventing-platform"
"""The project name (``Pulumi.yaml``): the namespace of every config key of the stacks."""
SCENARIO_KEY = "scenario"
"""The config key naming the scenario a stack runs (default: the stack's own name)."""
