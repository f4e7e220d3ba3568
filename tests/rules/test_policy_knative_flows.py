"""knative-no-inmemorychannel covers the Sequence and Parallel components through their channel template."""

from __future__ import annotations

import pytest

from eventing_platform.knative import (
    ChannelTemplate,
    Destination,
    Parallel,
    ParallelArgs,
    ParallelBranch,
    Sequence,
    SequenceArgs,
)
from eventing_platform.rules.evaluate import evaluate, resources_from_record
from tests.support.offline import run_components


def findings(template: ChannelTemplate, stage: str) -> list[tuple[str, str, str]]:
    def build():
        Sequence("seq", SequenceArgs(namespace="apps", steps=[Destination.service("a")], channel_template=template))
        Parallel("par", ParallelArgs(namespace="apps", branches=[ParallelBranch(subscriber=Destination.service("a"))], channel_template=template))

    return sorted((f.policy, f.level, f.message) for f in evaluate(resources_from_record(run_components(build)), stack_stage=stage))


def test_in_memory_flows_are_refused_in_prod():
    assert findings(ChannelTemplate(), "prod") == [
        ("knative-no-inmemorychannel", "mandatory", "par: the Parallel uses InMemoryChannel (not allowed outside dev)"),
        ("knative-no-inmemorychannel", "mandatory", "seq: the Sequence uses InMemoryChannel (not allowed outside dev)"),
    ]


@pytest.mark.parametrize(("template", "stage"), [(ChannelTemplate(), "dev"), (ChannelTemplate(kind="kafka"), "prod")])
def test_in_memory_flows_pass_in_dev_and_kafka_flows_everywhere(template, stage):
    assert findings(template, stage) == []
