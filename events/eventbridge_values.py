"""How EventBridge reads the JSON values of patterns and events: number texts and IPv4 addresses.

Two facts of the reference engines need more than Python's JSON model:

- Exact values compare by their text: "Numeric values are compared as strings during the
  matching process. For example, 300, 300.0, and 3.0e2 are regarded as different values"
  (Alibaba Cloud EventBridge, "Event patterns"; Apache RocketMQ EventBridge's ``EqualCondition``
  compares ``getAsString()``). :func:`number_text` gives a number's JSON text: the text it was
  written with when it was read by :func:`loads_keeping_number_text`, else the JSON Python
  writes for it (``300``, ``300.0``; a float read by ``json.loads`` has lost its text, so
  ``3.0e2`` and ``300.0`` read that way are both ``300.0``).
- ``cidr`` accepts IPv4 only (the help page); a block is read as Apache Commons Net's
  ``SubnetUtils`` reads it (RocketMQ EventBridge's ``CIDRCondition``): ``a.b.c.d/n`` with 1-3
  decimal digits per part, each 0-255, and ``n`` 0-32; an address is in the block when it lies
  strictly between the network and broadcast addresses, so ``/31`` and ``/32`` blocks contain
  no address, and ``0.0.0.0`` is in none.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any

_IPV4 = re.compile(r"([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})")
_CIDR = re.compile(r"([0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3})/([0-9]{1,2})")
_ALL_BITS = 0xFFFFFFFF


class JsonInt(int):
    """An integer read from JSON text, keeping that text (``json_text``)."""

    json_text: str

    def __new__(cls, text: str) -> JsonInt:
        value = super().__new__(cls, text)
        value.json_text = text
        return value


class JsonFloat(float):
    """A number with a fraction or exponent read from JSON text, keeping that text (``json_text``)."""

    json_text: str

    def __new__(cls, text: str) -> JsonFloat:
        value = super().__new__(cls, text)
        value.json_text = text
        return value


def loads_keeping_number_text(text: str | bytes) -> Any:
    """``json.loads`` whose numbers remember the text they were written with (:class:`JsonInt`,
    :class:`JsonFloat`; both behave as ``int``/``float`` everywhere else)."""
    return json.loads(text, parse_int=JsonInt, parse_float=JsonFloat)


def is_number(value: object) -> bool:
    """A JSON number: an ``int`` or ``float`` that is not a ``bool``."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def number_text(value: int | float) -> str:
    """The JSON text of a number: the text it was read with, else the JSON Python writes."""
    text = getattr(value, "json_text", None)
    if isinstance(text, str):
        return text
    if isinstance(value, int):
        return str(int(value))
    return json.dumps(float(value))


def number_value(value: int | float) -> float:
    """The number as a double, as the reference compares numbers (huge integers become infinite)."""
    try:
        return float(value)
    except OverflowError:
        return float("inf") if value > 0 else float("-inf")


def decimal_places(value: int | float) -> int:
    """Digits after the decimal point that the number's value needs (``1.50`` needs 1, ``1e-7`` 7)."""
    try:
        exponent = Decimal(number_text(value)).normalize().as_tuple().exponent
    except InvalidOperation:
        return 0
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def scalar_text(value: str | int | float | bool) -> str:
    """The text the reference compares exact values by: a string itself, ``true``/``false``, a
    number's JSON text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    return number_text(value)


def ipv4_address(text: str) -> int | None:
    """A dotted-quad IPv4 address as a 32-bit number, or None when ``text`` is not one."""
    match = _IPV4.fullmatch(text)
    if match is None:
        return None
    parts = [int(p) for p in match.groups()]
    if any(p > 255 for p in parts):
        return None
    return (parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]


def cidr_host_range(text: str) -> tuple[int, int] | None:
    """The first and last host address of an IPv4 block ``a.b.c.d/n`` (network and broadcast
    excluded; ``(0, 0)`` when there is no host address), or None when ``text`` is not a block."""
    match = _CIDR.fullmatch(text)
    if match is None:
        return None
    address, bits = ipv4_address(match.group(1)), int(match.group(2))
    if address is None or bits > 32:
        return None
    netmask = (_ALL_BITS << (32 - bits)) & _ALL_BITS
    network = address & netmask
    broadcast = network | (~netmask & _ALL_BITS)
    if broadcast - network > 1:
        return network + 1, broadcast - 1
    return 0, 0


def ip_matches(cidr: str, value: str) -> bool:
    """Whether the event value ``value`` is matched by the pattern's ``{"cidr": cidr}``: inside
    the block's host range, or (without ``/``) the same IPv4 address."""
    address = ipv4_address(value)
    if address is None:
        return False
    if "/" not in cidr:
        return address == ipv4_address(cidr)
    hosts = cidr_host_range(cidr)
    return hosts is not None and address != 0 and hosts[0] <= address <= hosts[1]


__all__ = [
    "JsonFloat",
    "JsonInt",
    "cidr_host_range",
    "decimal_places",
    "ip_matches",
    "ipv4_address",
    "is_number",
    "loads_keeping_number_text",
    "number_text",
    "number_value",
    "scalar_text",
]
