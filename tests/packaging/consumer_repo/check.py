"""Run the consumer's stack under Pulumi's mocks and print what was registered, as JSON."""

from __future__ import annotations

import importlib.util
import json
from typing import Any

import pulumi

KNATIVE_SERVICE = "kubernetes:serving.knative.dev/v1:Service"


class Mocks(pulumi.runtime.Mocks):
    """Record every registration; a Knative Service gets the status.url the cluster would report."""

    def __init__(self) -> None:
        self.registered: list[dict[str, Any]] = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        self.registered.append({"type": args.typ, "name": args.name, "custom": args.custom, "inputs": args.inputs})
        state = dict(args.inputs)
        if args.typ == KNATIVE_SERVICE:
            state["status"] = {"url": "http://hello.default.example.com"}
        return f"{args.name}-id", state

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[Any]]:
        return {}, []


mocks = Mocks()
pulumi.runtime.set_mocks(mocks, preview=False)

import components  # noqa: E402  (the consumer's own packages, imported under the mocks)
import eventing_platform  # noqa: E402
import policies  # noqa: E402
import stacks  # noqa: E402


def report(url: str) -> None:
    services = [r for r in mocks.registered if r["type"] == KNATIVE_SERVICE]
    image = services[0]["inputs"]["spec"]["template"]["spec"]["containers"][0]["image"] if services else None
    print(json.dumps({
        "url": url,
        "registered": [[r["type"], r["name"], r["custom"]] for r in mocks.registered],
        "service_inputs": services[0]["inputs"] if services else None,
        "image_pinned": policies.image_is_pinned(image),
        "files": {
            "components": components.__file__,
            "stacks": stacks.__file__,
            "policies": policies.__file__,
            "eventing_platform": eventing_platform.__file__,
        },
        "cloud_sdks_installed": [m for m in ("pulumi_alicloud", "pulumi_gcp") if importlib.util.find_spec(m)],
    }, sort_keys=True))


@pulumi.runtime.test
def run() -> pulumi.Output[None]:
    return stacks.build()["url"].apply(report)


run()
