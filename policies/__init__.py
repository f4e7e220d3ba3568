"""The eventing-platform policy pack: rules shared by CrossGuard, ``python -m stacks plan`` and tests.

- :mod:`policies.registry`: every rule (``RULES``, ``BY_ID``).
- :mod:`policies.evaluate`: the in-memory evaluator (no Pulumi CLI needed).
- :mod:`policies.pack`: the rules as ``pulumi_policy`` policies (used by ``__main__.py``).
- :mod:`policies.report`: text, JSON and SARIF 2.1.0 reports.

Running this directory (``python -m pulumi.policy <engine> policies``) starts the gRPC server
the Pulumi CLI talks to; importing the package does not.
"""

PACK_NAME = "eventing-platform"
"""The policy pack name."""
PACK_VERSION = "0.1.0"
"""The pack version (also in PulumiPolicy.yaml)."""
