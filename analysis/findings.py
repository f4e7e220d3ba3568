"""What a check found in a planned stack: one :class:`Finding` type for plan checks, policies and reports.

The results the project produces, and how they relate:

- ``eventing_platform.errors.Problem`` is a bad *input* (a component argument, a stack config
  value). It is raised, inside ``ArgsError``, before anything is registered: it is not a
  finding, and no report lists it.
- :class:`Finding` is a problem found in a *planned* stack, by any check:

  - the policy rules yield them (under the name ``eventing_platform.rules.model.Violation``,
    the same class): a rule sets ``message`` and, where they differ from the rule's own,
    ``fix``, ``level`` and ``urn``; ``eventing_platform.rules.evaluate.evaluate`` completes each
    with the policy id (``check``), its ``severity``, the ``level`` resolved for the stage and
    the resource's type and name;
  - the event-flow check turns each ``eventing_platform.analysis.flow.loops.Loop`` (a cycle of
    nodes, which the diagram also draws) into one with ``Loop.finding``;
  - the policy reports (text, JSON, SARIF) and ``plan``'s output and exit code read them.
"""

from __future__ import annotations

from dataclasses import dataclass

MANDATORY = "mandatory"
"""Blocks ``pulumi preview``/``up`` and makes ``plan`` exit 1."""
ADVISORY = "advisory"
"""Reported, never blocking."""


@dataclass(frozen=True)
class Finding:
    """One problem a check found in a planned stack."""

    message: str
    """What is wrong, naming the resource and property (never a secret value)."""
    fix: str | None = None
    """How to fix this occurrence. Default none (a policy's finding gets the rule's remediation
    text; a loop's message says how to break it)."""
    level: str | None = None
    """``mandatory`` (blocking) or ``advisory``. Default ``None``: as a rule yields it, the rule's
    own level (a rule may also say ``prod``: mandatory only when the stage is prod);
    ``evaluate`` resolves both."""
    urn: str | None = None
    """URN of the resource concerned. Default none (a rule's per-resource check: its resource)."""
    check: str = ""
    """Which check found it: a policy id (``eventbridge-no-self-trigger-loop``) or a plan check
    (``event-loop``, ``event-flow``). Default ``""``: set by ``evaluate`` for rules."""
    severity: str | None = None
    """A policy's severity: ``critical``, ``high``, ``medium`` or ``low``. Default none (plan checks)."""
    resource_type: str | None = None
    """Type token of the resource concerned. Default none."""
    resource_name: str | None = None
    """Its name (the Pulumi name; a flow node's label for a loop). Default none."""

    @property
    def blocking(self) -> bool:
        """True for a mandatory finding: it makes ``plan`` exit 1."""
        return self.level == MANDATORY

    @property
    def policy(self) -> str:
        """:attr:`check`, under the name policy reports use."""
        return self.check

    @property
    def resource(self) -> str | None:
        """Where it is: the URN, else the resource's name."""
        return self.urn or self.resource_name

    def line(self) -> str:
        """One line: the message, then ``; fix: <fix>`` when there is one."""
        return self.message if self.fix is None else f"{self.message}; fix: {self.fix}"


__all__ = ["ADVISORY", "MANDATORY", "Finding"]
