"""Kubernetes resource quantities (``500m``, ``128Mi``, ``1e3``, ``12E6``, ``+1``), as apimachinery reads them.

Follows k8s.io/apimachinery ``pkg/api/resource/quantity.go``: the serialization grammar in the
``Quantity`` doc comment and ``ParseQuantity``/``parseQuantityString`` with the suffixes of
``suffix.go`` (``newSuffixer``)::

    <quantity>        ::= <signedNumber><suffix>
    <signedNumber>    ::= <number> | <sign><number>
    <number>          ::= <digits> | <digits>.<digits> | <digits>. | .<digits>
    <suffix>          ::= <binarySI> | <decimalExponent> | <decimalSI>
    <binarySI>        ::= Ki | Mi | Gi | Ti | Pi | Ei
    <decimalSI>       ::= n | u | m | "" | k | M | G | T | P | E
    <decimalExponent> ::= "e" <integer> | "E" <integer>

Two deliberate differences from ``ParseQuantity``: a suffix with no number before it (``Mi``,
``+``, ``.``) is refused, although the Go parser reads it as 0 (the documented grammar and the
CRD/OpenAPI pattern of every quantity field require a number); and the exponent must be an
integer, which the doc comment's ``<signedNumber>`` would allow but the parser refuses.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Annotated

from pydantic import AfterValidator, WithJsonSchema

_QUANTITY = re.compile(
    r"^(?P<number>[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?P<suffix>[KMGTPE]i|[numkMGTPE]|[eE][+-]?[0-9]+)?$",
    re.ASCII,
)
_DECIMAL_SI = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_BINARY_SI = {"Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60}
_INT64 = 2**63
QUANTITY_EXAMPLES = "'500m', '1', '128Mi', '1Gi', '1e3'"


def parse_quantity(text: str) -> Fraction:
    """The exact value of a quantity (``"500m"`` -> 1/2, ``"1Ki"`` -> 1024, ``"12E6"`` -> 12000000).

    Raises ``ValueError`` when apimachinery would refuse it (or, for a bare suffix, its grammar).
    """
    match = _QUANTITY.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise ValueError(f"is not a Kubernetes quantity; use e.g. {QUANTITY_EXAMPLES}")
    number = match.group("number")
    number = number + "0" if number.endswith(".") else number
    value = Fraction(number)
    suffix = match.group("suffix") or ""
    if suffix in _BINARY_SI:
        return value * Fraction(2 ** _BINARY_SI[suffix])
    if suffix in _DECIMAL_SI:
        return value * Fraction(10) ** _DECIMAL_SI[suffix]
    exponent = int(suffix[1:])
    if not -_INT64 <= exponent < _INT64:  # strconv.ParseInt(..., 10, 64) in suffixHandler.interpret
        raise ValueError(f"has an exponent out of range; use e.g. {QUANTITY_EXAMPLES}")
    return value * Fraction(10) ** exponent


def check_quantity(value: str) -> str:
    """Accept a quantity apimachinery parses; return it unchanged."""
    parse_quantity(value)
    return value


def check_resource_quantity(value: str) -> str:
    """A container resource amount: a quantity that is not negative (the API server's
    ``ValidateNonnegativeQuantity`` for requests and limits)."""
    if parse_quantity(value) < 0:
        raise ValueError(f"is negative; Kubernetes refuses a negative resource amount: use e.g. {QUANTITY_EXAMPLES}")
    return value


ResourceQuantity = Annotated[
    str,
    AfterValidator(check_resource_quantity),
    WithJsonSchema({"type": "string", "pattern": _QUANTITY.pattern.replace("(?P<number>", "(").replace("(?P<suffix>", "("),
                    "examples": ["500m", "128Mi", "1e3"]}),
]
"""A non-negative Kubernetes quantity such as ``500m``, ``128Mi`` or ``1e3``."""

__all__ = [
    "QUANTITY_EXAMPLES",
    "ResourceQuantity",
    "check_quantity",
    "check_resource_quantity",
    "parse_quantity",
]
