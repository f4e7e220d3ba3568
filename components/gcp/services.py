"""Enabled Google APIs of a project (``gcp.projects.Service``), kept enabled on destroy."""

from __future__ import annotations

from typing import Annotated

import pulumi
import pulumi_gcp as gcp
from pydantic import Field, field_validator

from ..args import Args, Input
from ..component import Component
from .names import ProjectId, ServiceName


class ProjectServicesArgs(Args):
    """Arguments of :class:`ProjectServices`."""

    project: Input[ProjectId]
    """Project ID whose APIs are enabled. Required."""
    services: Annotated[list[ServiceName], Field(min_length=1)]
    """API service names, e.g. ``["pubsub.googleapis.com", "vision.googleapis.com"]``. Required."""
    disable_on_destroy: bool = False
    """Disable the APIs when the stack is destroyed. Default False: other workloads of the
    project may use them, and disabling an API can break resources outside this stack."""

    @field_validator("services")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        repeated = sorted({s for s in value if value.count(s) > 1})
        if repeated:
            raise ValueError(f"services {repeated} are listed more than once; list each once")
        return value


def _role(service: str) -> str:
    """Child role of a service: ``vision.googleapis.com`` -> ``vision``."""
    return service.removesuffix(".googleapis.com").replace(".", "-")


class ProjectServices(Component[ProjectServicesArgs]):
    """One ``gcp:projects/service:Service`` per API, named ``<name>-<api>``.

    Make resources that need an API depend on this component (``depends_on=[services]``) so
    they are created after it is enabled. Attributes: ``services`` (API name -> resource).
    """

    TYPE = "eventing-platform:gcp:ProjectServices"
    ARGS = ProjectServicesArgs

    def __init__(self, name: str, args: ProjectServicesArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(name, args, opts)
        self.services: dict[str, gcp.projects.Service] = {}
        for service in args.services:
            n, o = self.child(_role(service))
            self.services[service] = gcp.projects.Service(
                n,
                project=args.project,
                service=service,
                disable_on_destroy=args.disable_on_destroy,
                disable_dependent_services=False,
                opts=o,
            )
        self.register_outputs({"services": sorted(self.services)})
