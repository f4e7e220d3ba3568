"""The provider hands inputs to the adapters by their Python names, values as sent (integers as
integers), leaving every judgement to the args models."""

from __future__ import annotations

import asyncio

import pulumi
import pytest

from eventing_platform.provider.host import ComponentsProvider, provider


@pytest.fixture(scope="module")
def host() -> ComponentsProvider:
    return provider()


def mapped(host: ComponentsProvider, component: str, inputs: dict) -> dict:
    return host.map_inputs(inputs, host._component_defs[component])


def test_names_come_back_in_nested_types_lists_and_maps(host):
    inputs = {
        "broker": "orders",
        "subscriber": {"ref": {"apiVersion": "v1", "kind": "Service", "name": "app"}},
        "filters": [{"not": {"exact": {"type": "x"}}}, {"all": [{"prefix": {"source": "/a"}}]}],
        "delivery": {"deadLetterSink": {"uri": "http://dls"}, "backoffPolicy": "linear"},
    }
    assert mapped(host, "Trigger", inputs) == {
        "broker": "orders",
        "subscriber": {"ref": {"api_version": "v1", "kind": "Service", "name": "app"}},
        "filters": [{"not_": {"exact": {"type": "x"}}}, {"all": [{"prefix": {"source": "/a"}}]}],
        "delivery": {"dead_letter_sink": {"uri": "http://dls"}, "backoff_policy": "linear"},
    }


def test_a_list_of_choices_keeps_its_values(host):
    out = mapped(host, "ServiceAccountWithRole", {"namespace": "a", "needs": [{"resources": ["events"], "verbs": ["get", "list"]}]})
    assert out["needs"] == [{"resources": ["events"], "verbs": ["get", "list"]}]


def test_whole_numbers_become_integers_and_other_values_stay_for_the_model_to_judge(host):
    out = mapped(host, "KnativeService", {"image": "a:1", "port": 8080.0, "scaling": {"maxScale": 5.0, "minScale": 1.5}})
    assert out == {"image": "a:1", "port": 8080, "scaling": {"max_scale": 5, "min_scale": 1.5}}
    assert type(out["port"]) is int


def test_an_output_for_an_integer_is_converted_when_it_resolves(host):
    async def resolved() -> object:
        out = mapped(host, "KnativeService", {"image": "a:1", "scaling": {"maxScale": pulumi.Output.from_input(7.0)}})
        return await out["scaling"]["max_scale"].future()

    loop = asyncio.new_event_loop()  # its own loop: the thread's current one is left as it was
    try:
        value = loop.run_until_complete(resolved())
    finally:
        loop.close()
    assert value == 7 and type(value) is int


def test_an_unknown_input_is_passed_on_for_the_model_to_refuse(host):
    assert mapped(host, "Namespace", {"colour": "red"}) == {"colour": "red"}


@pytest.mark.parametrize("version", ["3.236.0", "3.140.1", "2.0.0"])
def test_an_sdk_too_old_to_read_the_adapters_is_refused_saying_what_to_install(version):
    from eventing_platform.provider.host import UnsupportedSdkError, require_sdk

    with pytest.raises(UnsupportedSdkError, match=rf"pulumi>=3\.237 .* has pulumi {version}; install 'pulumi>=3\.237,<4'"):
        require_sdk(version)


@pytest.mark.parametrize("version", ["3.237.0", "3.272.0", "3.300.0.dev0"])
def test_an_sdk_that_reads_the_adapters_is_accepted(version):
    from eventing_platform.provider.host import require_sdk

    require_sdk(version)


def test_serving_the_schema_loads_no_component_nor_cloud_sdk():
    import subprocess
    import sys

    probe = (
        "import sys; from eventing_platform.provider.host import provider; provider(); "
        "print([m for m in ('pulumi_alicloud', 'pulumi_gcp', 'pulumi_kubernetes', 'pydantic', "
        "'eventing_platform.knative', 'eventing_platform.alicloud', 'eventing_platform.gcp') if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip() == "[]"
