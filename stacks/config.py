"""Typed stack configuration: the pydantic base, and reading it from ``pulumi.Config``."""

from __future__ import annotations

import json
import typing
from collections.abc import Mapping
from typing import Any, Literal

import pulumi
import pydantic
from pydantic import ConfigDict, Field

from components.errors import ArgsError, Problem, problems_from_validation_error

PROJECT = "eventing-platform"
SCENARIO_KEY = "scenario"


class ConfigError(ArgsError, pulumi.RunError):
    """Bad stack configuration: one line per problem naming the key, the value and what is allowed.

    A ``RunError``, so ``pulumi up`` prints the message without a traceback.
    """


class StackConfig(pydantic.BaseModel):
    """Settings every stack has. Each scenario extends it with its own keys."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    stage: Literal["dev", "prod"] = Field(
        "dev",
        description="Deployment stage. 'dev' may keep development-only choices (InMemoryChannel); "
        "'prod' switches to durable ones (Kafka channels, deletion protection). Default 'dev'.",
    )

    @classmethod
    def secret_keys(cls) -> frozenset[str]:
        """Keys whose values are secrets (typed ``SecretStr``)."""
        return frozenset(
            name for name, f in cls.model_fields.items() if _is_secret_annotation(f.annotation)
        )


def _is_secret_annotation(annotation: Any) -> bool:
    if annotation is pydantic.SecretStr:
        return True
    return any(_is_secret_annotation(a) for a in typing.get_args(annotation))


def _wants_structured(annotation: Any) -> bool:
    """True when a field takes a list, dict or model, so a config string is JSON."""
    origin = typing.get_origin(annotation)
    if origin in (list, dict, tuple, set):
        return True
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        return True
    return any(_wants_structured(a) for a in typing.get_args(annotation) if a is not type(None))


def parse_config(model: type[StackConfig], values: Mapping[str, Any]) -> StackConfig:
    """Validate raw config ``values`` (short keys, string values as Pulumi stores them).

    Raises :class:`ConfigError` listing every problem: unknown keys, bad values, bad JSON.
    """
    problems: list[Problem] = []
    data: dict[str, Any] = {}
    known = model.model_fields
    secrets = model.secret_keys()
    for key, raw in values.items():
        if key == SCENARIO_KEY:
            continue
        if key not in known:
            allowed = ", ".join(sorted(known))
            problems.append(Problem(key, f"is not a config key of this stack; known keys: {allowed}", raw if key not in secrets else "[secret]"))
            continue
        value = raw
        if isinstance(raw, str) and _wants_structured(known[key].annotation):
            try:
                value = json.loads(raw)
            except json.JSONDecodeError:
                problems.append(Problem(key, "must be JSON (a list or an object), e.g. set it with `pulumi config set --path`", raw))
                continue
        data[key] = value
    if not problems:
        try:
            return model.model_validate(data)
        except pydantic.ValidationError as err:
            problems.extend(problems_from_validation_error(err, "", secrets))
    raise ConfigError(problems)


def read_stack_config(model: type[StackConfig], project: str = PROJECT) -> StackConfig:
    """Read every ``<project>:*`` key the engine passed and validate it against ``model``."""
    from pulumi.runtime import config as runtime_config

    prefix = f"{project}:"
    merged: dict[str, Any] = {**runtime_config.get_config_env(), **runtime_config.CONFIG.get()}
    values = {k[len(prefix):]: v for k, v in sorted(merged.items()) if k.startswith(prefix)}
    return parse_config(model, values)


def secret_output(value: pydantic.SecretStr | None) -> pulumi.Output[str] | None:
    """A secret config value as a Pulumi secret output (None stays None)."""
    return None if value is None else pulumi.Output.secret(value.get_secret_value())
