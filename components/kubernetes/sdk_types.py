"""Object fields spelt as the Kubernetes API spells them, passed where the SDK declares its typed dicts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

T = TypeVar("T")


def as_sdk_input(fields: Mapping[str, Any], sdk_type: type[T]) -> T:
    """``fields`` (camelCase keys: ``matchLabels``, ``apiGroups``, ...) typed as ``sdk_type``, the
    SDK's ``...ArgsDict`` for that place, without copying them.

    Only the type differs: the SDK's typed dicts spell their keys in snake_case, and the SDK
    translates those to the API's names while passing any other key (the API's own names, as
    this project writes them and the offline engine records them) unchanged. ``sdk_type`` is
    read by the type checker (and the reader) only.
    """
    return cast(T, fields)
