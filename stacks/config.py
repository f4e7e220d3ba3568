"""Typed stack configuration: the pydantic base, and reading it from ``pulumi.Config``."""

from __future__ import annotations

import json
import os
import re
import typing
import unicodedata
from collections.abc import Collection, Mapping
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import pulumi
import pydantic
from pydantic import (
    AfterValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    field_validator,
)

from eventing_platform.errors import SECRET_MASK, ArgsError, Problem, problems_from_validation_error
from eventing_platform.redaction import find_credentials

from .project import PROJECT, SCENARIO_KEY

MAX_TEXT_LENGTH = 1024
"""Longest plain (non-secret) config string, unless the key sets a lower ``max_length``."""
MAX_SECRET_LENGTH = 65536
"""Longest secret config string (a kubeconfig or a PEM bundle fits)."""
MAX_JSON_LENGTH = 65536
"""Longest JSON text of a structured (list or object) config value."""
MAX_ITEMS = 100
"""Most items a list or object config value may hold."""
SECRET_WHITESPACE = "\t\n\r"
"""The only control characters a secret may hold (kubeconfigs and PEM keys are multi-line)."""
_FORBIDDEN_RANGES = (
    (0x00, 0x1F), (0x7F, 0x9F), (0xAD, 0xAD), (0x061C, 0x061C), (0x200B, 0x200F),
    (0x2028, 0x202E), (0x2060, 0x2064), (0x2066, 0x2069), (0xFEFF, 0xFEFF),
)


def _pattern(allowed: str = "") -> str:
    parts = []
    for lo, hi in _FORBIDDEN_RANGES:
        run: list[int] = []
        for cp in [*range(lo, hi + 1), None]:
            if cp is not None and chr(cp) not in allowed:
                run.append(cp)
                continue
            if run:
                parts.append(f"\\u{run[0]:04x}" + (f"-\\u{run[-1]:04x}" if len(run) > 1 else ""))
            run = []
    return "[" + "".join(parts) + "]"


CONTROL_PATTERN = _pattern()
"""JSON Schema regex (under ``not``) of the characters no plain config string may hold: controls,
zero-width, bidirectional-override and line-separator characters."""
SECRET_CONTROL_PATTERN = _pattern(SECRET_WHITESPACE)
"""The same for secrets, which may also hold tab, newline and carriage return."""


def find_control_character(text: str, allowed: str = "") -> str | None:
    """The first control, format or line-separator character of ``text`` (``None`` if clean).

    Covers C0/C1 controls, DEL, zero-width and bidirectional-override characters (Unicode
    categories ``Cc`` and ``Cf``) and the line/paragraph separators; ``allowed`` lists
    exceptions (e.g. ``"\\n"``).
    """
    for ch in text:
        if ch in allowed:
            continue
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            return ch
    return None


def check_config_text(value: str, *, secret: bool = False, max_length: int | None = None) -> str:
    """Reject what no config string may be: empty, too long, or holding control characters.

    Raises ``ValueError`` with a message that never repeats the value (it may be a secret).
    """
    limit = max_length or (MAX_SECRET_LENGTH if secret else MAX_TEXT_LENGTH)
    if not value.strip():
        raise ValueError("is empty; set a value, or remove the key to use the default")
    if len(value) > limit:
        raise ValueError(f"is {len(value)} characters long; at most {limit} are allowed")
    bad = find_control_character(value, SECRET_WHITESPACE if secret else "")
    if bad is not None:
        where = value.index(bad)
        raise ValueError(
            f"contains the control character U+{ord(bad):04X} at position {where}; remove it "
            + ("(a secret may hold only tab, newline and carriage return)" if secret else "(config values are single-line text)")
        )
    return value


def _text(value: str) -> str:
    return check_config_text(value)


ConfigText = Annotated[str, StringConstraints(min_length=1, max_length=256), AfterValidator(_text)]
"""Free text for a config key: 1-256 characters, no control characters."""


def bounded_text(max_length: int, pattern: str | None = None) -> Any:
    """A config text type of at most ``max_length`` characters, optionally matching ``pattern``.

    Use it for keys with a known format, e.g. ``bounded_text(63, r"^[a-z0-9-]+$")``.
    """
    return Annotated[
        str,
        StringConstraints(min_length=1, max_length=max_length, pattern=pattern),
        AfterValidator(_text),
    ]


def _check_http_url(value: str) -> str:
    check_config_text(value)
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in value):
        raise ValueError("is not an http(s) URL; use e.g. 'https://events.example.com/dead-letter'")
    if parts.username or parts.password:
        raise ValueError("holds credentials (user:password@); put them in a Secret, not in the URL")
    try:
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        raise ValueError("has an invalid port; use a number from 1 to 65535") from None
    return value


HttpUrl = Annotated[
    str,
    AfterValidator(_check_http_url),
    WithJsonSchema({
        "type": "string", "format": "uri", "minLength": 8, "maxLength": MAX_TEXT_LENGTH,
        "pattern": r"^https?://[^\s/?#@]+(/\S*)?$",
    }),
]
"""An ``http://`` or ``https://`` URL without whitespace or embedded credentials (at most 1024 characters)."""


class ConfigError(ArgsError, pulumi.RunError):
    """Bad stack configuration: one line per problem naming the key, the value and what is allowed.

    A ``RunError``, so ``pulumi up`` prints the message without a traceback.
    """


class StackConfig(pydantic.BaseModel):
    """Settings every stack has. Each scenario extends it with its own keys."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", allow_inf_nan=False,
        json_schema_extra=lambda schema, model: _document_safety_net(schema, model),
    )

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

    @field_validator("*", mode="before")
    @classmethod
    def _safety_net(cls, value: Any, info: pydantic.ValidationInfo) -> Any:
        """Every key of every stack: no empty, over-long or control-character strings.

        Runs before the key's own type, so keys typed plain ``str`` are covered too. Secrets
        may be up to :data:`MAX_SECRET_LENGTH` long and multi-line.
        """
        secret = info.field_name in cls.secret_keys()
        _check_raw(value, secret=secret, top=True)
        return value


def _check_raw(value: Any, *, secret: bool, top: bool) -> None:
    if isinstance(value, pydantic.SecretStr):
        value = value.get_secret_value()
    if isinstance(value, str):
        if top or value:  # an empty item inside a list or object is for the key's type to judge
            check_config_text(value, secret=secret)
        credential = None if secret else find_credentials(value)
        if credential is not None:
            raise ValueError(
                f"holds {credential}, which would be written in plaintext to resources and artefacts; "
                "remove it and give the credential through a secret key or a Kubernetes Secret"
            )
    elif isinstance(value, Mapping):
        if len(value) > MAX_ITEMS:
            raise ValueError(f"has {len(value)} entries; at most {MAX_ITEMS} are allowed")
        for k, v in value.items():
            if isinstance(k, str) and k:
                check_config_text(k, secret=secret)
            _check_raw(v, secret=secret, top=False)
    elif isinstance(value, (list, tuple, set, frozenset)):
        if len(value) > MAX_ITEMS:
            raise ValueError(f"has {len(value)} items; at most {MAX_ITEMS} are allowed")
        for item in value:
            _check_raw(item, secret=secret, top=False)


def _members(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """A schema and the members of its anyOf/oneOf/allOf, recursively."""
    found = [schema]
    for key in ("anyOf", "oneOf", "allOf"):
        for member in schema.get(key) or []:
            found += _members(member)
    return found


def _net_string(s: dict[str, Any], secret: bool, top: bool) -> None:
    if s.get("type") != "string" or "enum" in s or "const" in s:
        return  # a closed choice says it all
    limit = MAX_SECRET_LENGTH if secret else MAX_TEXT_LENGTH
    if top:
        s["minLength"] = max(int(s.get("minLength", 0)), 1)
    s["maxLength"] = min(int(s.get("maxLength", limit)), limit)
    s["not"] = {"pattern": SECRET_CONTROL_PATTERN if secret else CONTROL_PATTERN}


def _document_safety_net(schema: dict[str, Any], model: type) -> None:
    """Write the safety net of :meth:`StackConfig._safety_net` into the model's JSON Schema."""
    secrets = model.secret_keys() if isinstance(model, type) and issubclass(model, StackConfig) else frozenset()
    for name, prop in (schema.get("properties") or {}).items():
        secret = name in secrets
        for s in _members(prop):
            _net_string(s, secret, top=True)
            if s.get("type") == "array":
                s["maxItems"] = min(int(s.get("maxItems", MAX_ITEMS)), MAX_ITEMS)
                for item in _members(s.get("items") or {}):
                    _net_string(item, secret, top=False)
            if s.get("type") == "object" and isinstance(s.get("additionalProperties"), dict):
                s["maxProperties"] = min(int(s.get("maxProperties", MAX_ITEMS)), MAX_ITEMS)
                for item in _members(s["additionalProperties"]):
                    _net_string(item, secret, top=False)


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


NULL = "null"
"""What a key set to ``null`` (or left empty) in a stack file reaches the program as, under the Pulumi CLI."""

OFFLINE_PLACEHOLDERS = (
    "offline-secret-placeholder",
    "offline_secret_placeholder",
    "OfflineSecretPlaceholder0",
    "https://offline-secret-placeholder.invalid/",
)
"""Stand-ins for an encrypted (``secure:``) value offline, tried in order: the first that passes
the key's own checks is used (``offline-secret-placeholder`` is the engine's marker)."""


def _nullable(annotation: Any) -> bool:
    """True when a field accepts ``None`` (``X | None``)."""
    return annotation is type(None) or type(None) in typing.get_args(annotation)


def _offline_placeholder(model: type[StackConfig], key: str, data: Mapping[str, Any]) -> str | None:
    """The first of :data:`OFFLINE_PLACEHOLDERS` that ``key`` accepts; ``None`` when none does.

    Problems that every candidate gets alike (a rule across keys, a missing other key) are not
    about the placeholder's format and do not count.
    """
    found: list[set[str]] = []
    for candidate in OFFLINE_PLACEHOLDERS:
        try:
            model.model_validate({**data, key: candidate})
        except pydantic.ValidationError as err:
            about_key = {
                p.message for p in (_name_cross_key(p, model.model_fields) for p in problems_from_validation_error(err, "", frozenset({key})))
                if key in p.field.split(", ")
            }
        else:
            about_key = set()
        if not about_key:
            return candidate
        found.append(about_key)
    return OFFLINE_PLACEHOLDERS[0] if all(f == found[0] for f in found) else None


def _key_label(key: str) -> str:
    """A config key as shown in a message: escaped when it holds odd characters (one line)."""
    return key if key.isprintable() and len(key) <= 100 else repr(key[:100])


def parse_config(
    model: type[StackConfig],
    values: Mapping[str, Any],
    set_as_secret: Collection[str] | None = None,
) -> StackConfig:
    """Validate raw config ``values`` (short keys, string values as Pulumi stores them).

    ``set_as_secret`` lists the keys that were set with ``pulumi config set --secret``; when
    given, a secret key set in plaintext and a plain key set as a secret are problems (the first
    would sit unencrypted in ``Pulumi.<stack>.yaml``, the second would be written in plaintext to
    resources). Values of secret keys are never repeated in a message.

    Raises :class:`ConfigError` listing every problem: unknown keys, bad values, bad JSON.
    """
    from eventing_platform.engine.stack_file import OFFLINE_SECRET

    problems: list[Problem] = []
    data: dict[str, Any] = {}
    encrypted: list[str] = []
    known = model.model_fields
    secrets = model.secret_keys()
    marked = frozenset(set_as_secret or ())
    for key, raw in values.items():
        if key == SCENARIO_KEY:
            continue
        shown = SECRET_MASK if key in secrets or key in marked else raw
        if key not in known:
            allowed = ", ".join(sorted(known))
            problems.append(Problem(_key_label(key), f"is not a config key of this stack; known keys: {allowed}", shown))
            continue
        if raw == NULL:
            if _nullable(known[key].annotation):
                data[key] = None  # `key: null` in the stack file: none, as the type allows
            else:
                problems.append(Problem(key, "is null (`key: null` or an empty value in the stack file); set a value, or remove the key to use the default", shown))
            continue
        if set_as_secret is not None and key in secrets and key not in marked:
            problems.append(Problem(key, "is a secret: set it with `pulumi config set --secret` (offline: `plan --secret KEY=VALUE`) so it is stored encrypted", SECRET_MASK))
            continue
        if key in marked and key not in secrets:
            problems.append(Problem(key, "is not a secret setting, so its value would be written in plaintext to resources and artefacts; set it without --secret", SECRET_MASK))
            continue
        if key in secrets and raw == OFFLINE_SECRET:
            encrypted.append(key)
        value = raw
        if isinstance(raw, str) and _wants_structured(known[key].annotation):
            if len(raw) > MAX_JSON_LENGTH:
                problems.append(Problem(key, f"is {len(raw)} characters of JSON; at most {MAX_JSON_LENGTH} are allowed", shown))
                continue
            try:
                value = json.loads(raw)
            except (json.JSONDecodeError, RecursionError):
                problems.append(Problem(key, "must be JSON (a list or an object), e.g. set it with `pulumi config set --path`", shown))
                continue
        data[key] = value
    for key in encrypted:  # `secure:` in the stack file: cannot be decrypted offline
        placeholder = _offline_placeholder(model, key, data)
        if placeholder is None:
            data.pop(key)
            problems.append(Problem(key, "is encrypted (secure:) in the stack file, which cannot be decrypted offline, and no offline placeholder fits this key's format; give the offline plan a value with --secret KEY=VALUE", SECRET_MASK))
        else:
            data[key] = placeholder
    try:
        config = model.model_validate(data)
    except pydantic.ValidationError as err:
        found = [_name_cross_key(p, known) for p in problems_from_validation_error(err, "", secrets | marked)]
        # With keys already set aside, a cross-key rule may have judged defaults, and a set-aside
        # required key is "missing": keep only problems of other keys.
        reported = {p.field.split(".")[0] for p in problems}
        problems.extend(
            p for p in found
            if not problems or (p.field.split(".")[0] in known and p.field.split(".")[0] not in reported)
        )
    else:
        if not problems:
            return config
    raise ConfigError(problems)


def _name_cross_key(problem: Problem, known: Mapping[str, Any]) -> Problem:
    """Give a cross-key rule's problem (no field path) the keys its message names."""
    if problem.field != "(config)":
        return problem
    keys = [k for k in known if re.search(rf"(?<![\w-]){re.escape(k)}(?![\w-])", problem.message)]
    return Problem(", ".join(keys), problem.message, problem.value, problem.has_value) if keys else problem


def read_stack_config(model: type[StackConfig], project: str = PROJECT) -> StackConfig:
    """Read every ``<project>:*`` key the engine passed and validate it against ``model``."""
    from pulumi.runtime import config as runtime_config

    prefix = f"{project}:"
    merged: dict[str, Any] = {**runtime_config.get_config_env(), **runtime_config.CONFIG.get()}
    values = {k[len(prefix):]: v for k, v in sorted(merged.items()) if k.startswith(prefix)}
    secret = {k for k in merged if runtime_config.is_config_secret(k)}
    secret |= set(runtime_config.get_config_secret_keys_env())
    marked = {k[len(prefix):] for k in secret if k.startswith(prefix)}
    # Which keys were set with --secret is known on the offline engine (it passes the list) and
    # when the CLI says so; otherwise a secret key cannot be told from a plaintext one, and only
    # the keys known to be secret are checked.
    known = bool(secret) or "PULUMI_CONFIG_SECRET_KEYS" in os.environ or _on_offline_engine()
    return parse_config(model, values, marked if known else None)


def _on_offline_engine() -> bool:
    """True when the program runs on the SDK's mock monitor (``plan``, tests)."""
    from pulumi.runtime import settings
    from pulumi.runtime.mocks import MockMonitor

    return isinstance(getattr(settings.SETTINGS, "monitor", None), MockMonitor)


def secret_output(value: pydantic.SecretStr | None) -> pulumi.Output[str] | None:
    """A secret config value as a Pulumi secret output (None stays None)."""
    return None if value is None else pulumi.Output.secret(value.get_secret_value())
