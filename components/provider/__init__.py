"""The components for TypeScript, Go, YAML and .NET: a Pulumi component provider (package ``eventing-platform``).

The repository's ``provider/`` folder (``PulumiPlugin.yaml``, ``__main__.py``) runs
:func:`.host.serve`; ``pulumi package add <that folder>`` generates an SDK from its schema. Each
public component is served by an adapter (:mod:`.adapters`, generated from the component's args
model by :mod:`.generate`) with the type token ``eventing-platform:index:<Class>``, which builds
the component itself (``eventing-platform:<domain>:<Class>``) as its child. Python programs use
the components directly.
"""
