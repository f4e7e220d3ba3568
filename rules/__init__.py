"""The policy rules: shared by the CrossGuard pack (``policies/``), the offline ``plan`` and the tests.

- :mod:`.registry`: every rule (``RULES``, ``BY_ID``); one module per area holds the rules
  (:mod:`.secrets`, :mod:`.ram`, :mod:`.alicloud`, :mod:`.eventbridge`, :mod:`.knative`,
  :mod:`.workloads`, :mod:`.gcp`) on the model of :mod:`.model`.
- :mod:`.evaluate`: the in-memory evaluator (no Pulumi CLI needed).
- :mod:`.pack`: the rules as ``pulumi_policy`` policies (what a pack's ``__main__.py`` serves).
- :mod:`.report`: text, JSON and SARIF 2.1.0 reports.
- :mod:`.plan_check`: the ``policies`` check of the offline ``plan``.

Importing the package starts nothing; a pack's ``__main__.py`` constructing ``PolicyPack`` does.
"""

PACK_NAME = "eventing-platform"
"""The policy pack name."""
PACK_VERSION = "0.1.0"
"""The pack version (also in PulumiPolicy.yaml)."""
POLICY_CONFIG_ENV = "EVENTING_PLATFORM_POLICY_CONFIG"
"""Environment variable naming a ``--policy-pack-config`` JSON file for ``plan`` (here, not in
:mod:`.plan_check`, so the CLI's parser names it without loading the rules)."""
