"""What the cluster is declared to provide, for any program the engine plans.

Two places, merged:

- the stack config key ``eventing-platform:provided_kinds`` (a JSON list, or entries separated
  by commas): this repository's stacks have it as a typed config key; any other program may set
  it in its ``Pulumi.<stack>.yaml`` (Pulumi passes keys of every namespace; the program ignores it);
- the environment variable ``EVENTING_PLATFORM_PROVIDED_KINDS`` (entries separated by commas),
  for CI.

Each entry is an install id (``knative-serving``) or a kind as ``<group>/<Kind>``
(``sources.knative.dev/KafkaSource``; ``<group>/*`` for a whole group).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping

from eventing_platform.engine.program import UsageError
from eventing_platform.kinds.installs import ProvidedDeclaration, parse_provided

PROVIDED_KINDS_KEY = "eventing-platform:provided_kinds"
"""The stack config key declaring what the cluster provides."""
PROVIDED_KINDS_ENV = "EVENTING_PLATFORM_PROVIDED_KINDS"
"""The environment variable declaring the same (comma-separated)."""


def _entries(text: str) -> list[str]:
    text = text.strip()
    if text.startswith("["):
        try:
            value = json.loads(text)
        except json.JSONDecodeError as err:
            raise ValueError(f"is not a JSON list ({err.msg})") from None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError("must be a JSON list of strings")
        return [v for v in value if v.strip()]
    return [part.strip() for part in text.split(",") if part.strip()]


def declared_provided(config: Mapping[str, str], environ: Mapping[str, str] | None = None) -> ProvidedDeclaration:
    """The declaration of one stack: its config key and the environment variable, merged.

    Raises :class:`UsageError` (exit 2) naming the source and the bad entry.
    """
    environ = os.environ if environ is None else environ
    entries: list[str] = []
    for where, text in ((PROVIDED_KINDS_KEY, config.get(PROVIDED_KINDS_KEY)), (PROVIDED_KINDS_ENV, environ.get(PROVIDED_KINDS_ENV))):
        if not text:
            continue
        try:
            found = _entries(text)
            parse_provided(found)
        except ValueError as err:
            raise UsageError(f"{where}: {err}") from None
        entries += found
    return parse_provided(entries)
