"""Passwords a stack creates for its own service users: configured, or generated once and kept.

A password the stack itself hands out (a Kafka SASL user's, a RocketMQ ACL account's) needs no
human: unless one is set as secret config, a ``random.RandomPassword`` generates it on the first
``pulumi up`` and the state keeps it (encrypted) so later runs reuse it. Either way the value is
a Pulumi secret, so it never appears in plaintext in state, previews, outputs or plan artefacts,
and it reaches workloads only through a Kubernetes Secret. Offline, the engine returns a
placeholder, so a stack plans with no secret configured at all.
"""

from __future__ import annotations

import pulumi
import pulumi_random as random
import pydantic

from .config import secret_output


def stack_password(
    name: str,
    configured: pydantic.SecretStr | None,
    length: int = 32,
    opts: pulumi.ResourceOptions | None = None,
) -> pulumi.Output[str]:
    """The configured secret, else a generated one: ``length`` letters and digits (no symbols,
    which alikafka and RocketMQ refuse), registered as ``random.RandomPassword`` ``name``."""
    if configured is not None:
        return secret_output(configured)
    generated = random.RandomPassword(name, length=length, special=False, min_lower=2, min_upper=2, min_numeric=2, opts=opts)
    return pulumi.Output.secret(generated.result)
