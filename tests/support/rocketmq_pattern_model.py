"""A model of Apache RocketMQ EventBridge's pattern engine, for differential tests only.

Written from apache/rocketmq-eventbridge ``common/src/main/java/org/apache/rocketmq/eventbridge/
tools/pattern/`` (``PatternEvaluatorBuilder``, ``PatternEvaluator``, ``PatternEntry``,
``PatternCondition``, ``PatternConditionBuilder``, ``NumericOperators``) with the libraries it
runs on: Gson 2.8.9 (numbers keep their text), JsonPath 2.4.0 with ``GsonJsonProvider`` (a value
read from ``data`` is unwrapped to a Java object and wrapped again, which rewrites a number's
text) and Commons Net 3.9.0 ``SubnetUtils`` (CIDR host ranges). Deliberately separate from the
production matcher (``eventing_platform.events.eventbridge_patterns``) and as literal as the
Java: the two are compared, so sharing code would hide the differences.

Not modelled: host names and IPv6 in a ``cidr`` without ``/`` (Java resolves them through
``InetAddress``; here only dotted quads compare), and JsonPath's reading of field names that
contain ``.``, ``[`` or quotes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

SPEC_ATTRIBUTES = frozenset({"specversion", "id", "type", "source", "datacontenttype", "dataschema", "subject", "time"})
"""``SpecVersion.V1.getAllAttributes()`` of the CloudEvents Java SDK."""

INT_MAX, LONG_MAX = 2**31 - 1, 2**63 - 1


class InvalidEventPattern(Exception):
    """``InvalidEventPatternException``."""


@dataclass(frozen=True)
class Num:
    """A Gson number primitive: its text (``getAsString``) and its double (``getAsDouble``)."""

    text: str
    value: float


def gson_parse(text: str) -> Any:
    """Gson's ``JsonParser``: numbers are :class:`Num` keeping their text."""
    try:
        return json.loads(text, parse_int=lambda s: Num(s, float(s)), parse_float=lambda s: Num(s, float(s)))
    except json.JSONDecodeError as err:
        raise InvalidEventPattern("the pattern isn't a valid json format string") from err


# ---------------------------------------------------------------- JsonPath's unwrap/wrap of a number


def _java_double_text(d: float) -> str:
    """``Double.toString`` (shortest digits, as Python's repr)."""
    if d == 0:
        return "0.0"
    digits, exponent = _shortest_digits(abs(d))
    sign = "-" if d < 0 else ""
    if 1e-3 <= abs(d) < 1e7:
        point = exponent + 1
        if point <= 0:
            whole, frac = "0", "0" * -point + digits
        else:
            whole, frac = (digits + "0" * point)[:point], digits[point:]
        return f"{sign}{whole}.{frac or '0'}"
    return f"{sign}{digits[0]}.{digits[1:] or '0'}E{exponent}"


def _shortest_digits(d: float) -> tuple[str, int]:
    sig = Decimal(repr(d))
    t = sig.as_tuple()
    digits = "".join(map(str, t.digits)).rstrip("0") or "0"
    return digits, len(t.digits) + int(t.exponent) - 1


def _big_decimal_text(d: Decimal) -> str:
    """``BigDecimal.toString``."""
    t = d.as_tuple()
    digits, scale = "".join(map(str, t.digits)), -int(t.exponent)
    sign = "-" if t.sign else ""
    adjusted = -scale + len(digits) - 1
    if scale == 0:
        return sign + digits
    if scale > 0 and adjusted >= -6:
        digits = digits.rjust(scale + 1, "0")
        return f"{sign}{digits[:-scale]}.{digits[-scale:]}"
    mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return f"{sign}{mantissa}E{'+' if adjusted >= 0 else ''}{adjusted}"


def _wrap_int(v: int, bits: int) -> int:
    v &= (1 << bits) - 1
    return v - (1 << bits) if v >> (bits - 1) else v


def jsonpath_number(num: Num) -> Num:
    """``GsonJsonProvider.unwrapNumber`` then ``gson.toJsonTree``: the number a data field reads as."""
    bd = Decimal(num.text)
    if -int(bd.as_tuple().exponent) <= 0:
        if bd <= INT_MAX:
            v = _wrap_int(int(bd), 32)  # BigDecimal.intValue keeps the low 32 bits
            return Num(str(v), float(v))
        if bd <= LONG_MAX:
            return Num(str(int(bd)), float(int(bd)))
        return Num(_big_decimal_text(bd), float(bd))
    d = float(bd)
    if Decimal(_java_double_text(d)) != bd:
        return Num(_big_decimal_text(bd), float(bd))
    return Num(_java_double_text(d), d)


# ---------------------------------------------------------------- conditions (PatternCondition.java)

_MISSING = object()  # Java null: the field is absent


def _is_primitive(v: Any) -> bool:
    return isinstance(v, (str, bool, Num))


def _as_string(v: Any) -> str:
    """``JsonPrimitive.getAsString``."""
    if isinstance(v, Num):
        return v.text
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


@dataclass(frozen=True)
class Cond:
    """One ``PatternCondition``: ``kind`` and its argument."""

    kind: str
    arg: Any

    def match(self, data: Any) -> bool:
        """``AbstractPatternCondition.match``."""
        if data is _MISSING:
            return self.kind == "exists" and self.arg is False
        if isinstance(data, dict):
            return False
        if isinstance(data, list):
            if any(not (_is_primitive(e) or e is None) for e in data):
                return False
            return any(self._element(e) for e in data)
        return self._element(data)

    def _element(self, v: Any) -> bool:
        if v is None:
            return self.match_null()
        return self.match_primitive(v)

    def match_null(self) -> bool:
        if self.kind == "equal":
            return self.arg is None
        if self.kind == "anything-but":
            return not any(c.match(None) for c in self.arg)
        if self.kind == "exists":
            return self.arg is True
        return False

    def match_primitive(self, v: Any) -> bool:
        k, a = self.kind, self.arg
        if k == "equal":
            return a is not None and _as_string(a) == _as_string(v)
        if k == "prefix":
            return isinstance(v, str) and v.startswith(a)
        if k == "suffix":
            return isinstance(v, str) and v.endswith(a)
        if k == "anything-but":
            return not any(c.match(v) for c in a)
        if k == "numeric":
            return isinstance(v, Num) and all(_numeric(op, v.value, n) for op, n in a)
        if k == "cidr":
            return isinstance(v, str) and _cidr(a, v)
        return self.arg is True  # exists: the value is present


def _numeric(op: str, src: float, dst: float) -> bool:
    """``NumericOperators.match``: equal within 1.0E-7, else ``Double.compare``."""
    r = 0 if abs(src - dst) <= 1.0e-7 else (src > dst) - (src < dst)
    return {"=": r == 0, "!=": r != 0, ">": r > 0, ">=": r >= 0, "<": r < 0, "<=": r <= 0}[op]


_QUAD = r"(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})"


def _to_int(address: str) -> int:
    """``SubnetUtils.toInteger`` (ASCII digits: Java's ``\\d``)."""
    m = re.fullmatch(_QUAD, address, re.ASCII)
    if not m or any(int(p) > 255 for p in m.groups()):
        raise ValueError(address)
    a, b, c, d = (int(p) for p in m.groups())
    return (a << 24) | (b << 16) | (c << 8) | d


def _subnet(cidr: str) -> tuple[int, int]:
    """``new SubnetUtils(cidr)``: network and broadcast."""
    m = re.fullmatch(_QUAD + r"/(\d{1,2})", cidr, re.ASCII)
    if not m or int(m.group(5)) > 32:
        raise ValueError(cidr)
    address = _to_int(".".join(m.groups()[:4]))
    netmask = (0xFFFFFFFF << (32 - int(m.group(5)))) & 0xFFFFFFFF
    network = address & netmask
    return network, network | (~netmask & 0xFFFFFFFF)


def _cidr(cidr: str, data: str) -> bool:
    """``CIDRCondition.matchIpAddress`` (``isInRange`` excludes network and broadcast)."""
    try:
        if "/" in cidr:
            network, broadcast = _subnet(cidr)
            address = _to_int(data)
            if address == 0:
                return False
            low, high = (network + 1, broadcast - 1) if broadcast - network > 1 else (0, 0)
            return low <= address <= high
        return _to_int(data) == _to_int(cidr)
    except ValueError:
        return False


# ---------------------------------------------------------------- building (PatternEvaluatorBuilder.java)


def _condition(obj: dict[str, Any]) -> Cond:
    """``parseCondition`` and the ``*ConditionBuilder`` classes."""
    if len(obj) != 1:
        raise InvalidEventPattern("each pattern condition should only have one condition key")
    ((key, v),) = obj.items()
    if key in ("prefix", "suffix"):
        if not isinstance(v, str):
            raise InvalidEventPattern(f"the {key} condition only support string value")
        if v == "":
            raise InvalidEventPattern(f"the {key} condition doesn't support empty string value")
        return Cond(key, v)
    if key == "anything-but":
        if v is None or _is_primitive(v):
            return Cond(key, [Cond("equal", v)])
        if isinstance(v, dict):
            if any(k not in ("prefix", "suffix") for k in v):
                raise InvalidEventPattern("anything but condition only support prefix or suffix")
            return Cond(key, [_condition(v)])
        if any(not (e is None or _is_primitive(e)) for e in v):
            raise InvalidEventPattern("the anything-but condition only support null or primitive values")
        return Cond(key, [Cond("equal", e) for e in v])
    if key == "numeric":
        if not isinstance(v, list):
            raise InvalidEventPattern("the numeric condition needs an array value")
        if len(v) not in (2, 4):
            raise InvalidEventPattern("the numeric array value should have 2 or 4 elements")
        pairs = []
        for op, n in zip(v[::2], v[1::2], strict=True):
            if not (isinstance(op, str) and isinstance(n, Num)):
                raise InvalidEventPattern("the numeric value should contains an operator and a number")
            if n.value > 1.0e9 or n.value < -1.0e9:
                raise InvalidEventPattern("the numeric value must be between -1.0E9 and 1.0E9 inclusive")
            if op not in ("=", "!=", ">", ">=", "<", "<="):
                raise InvalidEventPattern("the numeric exp only support >,<,>=,<=,=,!=")
            pairs.append((op, n.value))
        return Cond(key, pairs)
    if key == "cidr":
        if not isinstance(v, str) or not v:
            raise InvalidEventPattern("invalid cidr")
        try:
            _subnet(v) if "/" in v else _to_int(v)
        except ValueError:
            raise InvalidEventPattern("invalid cidr") from None
        return Cond(key, v)
    if key == "exists":
        if not isinstance(v, bool):
            raise InvalidEventPattern("the exists condition only support boolean value")
        return Cond(key, v)
    raise InvalidEventPattern(f"the pattern condition is unrecognized: {key}")


def _entry(name: str, values: list[Any]) -> list[Cond]:
    """``parsePatternEntry``: an OR of conditions."""
    if not values:
        raise InvalidEventPattern("the pattern has invalid pattern value: []")
    out = []
    for e in values:
        if e is None or _is_primitive(e):
            out.append(Cond("equal", e))
        elif isinstance(e, dict):
            out.append(_condition(e))
        else:
            raise InvalidEventPattern(f"nested pattern value isn't supported, pattern key: {name}")
    return out


@dataclass
class Evaluator:
    """``PatternEvaluator``: attribute entries by name, data entries by path."""

    attributes: dict[str, list[Cond]]
    data: list[tuple[tuple[str, ...], list[Cond]]]

    def test_event_pattern(self, event: dict[str, Any]) -> bool:
        """``testEventPattern`` on a Gson-parsed event object."""
        for name, conds in self.attributes.items():
            if not any(c.match(event.get(name, _MISSING)) for c in conds):
                return False
        if not self.data:
            return True
        if "data" not in event:
            return False
        return all(any(c.match(_read(event["data"], path)) for c in conds) for path, conds in self.data)


def _read(data: Any, path: tuple[str, ...]) -> Any:
    """``JsonPath.read("$.a.b")`` with ``GsonJsonProvider``: absent (``PathNotFoundException``)
    unless every step is an object holding the key; a number read is rewritten."""
    node = data
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return _MISSING
        node = node[key]
    return jsonpath_number(node) if isinstance(node, Num) else node


def build(pattern_text: str, extension_keys: frozenset[str] = frozenset()) -> Evaluator:
    """``PatternEvaluatorBuilder.build``; raises :class:`InvalidEventPattern`."""
    root = gson_parse(pattern_text)
    if not isinstance(root, dict):
        raise InvalidEventPattern("the pattern should be a JSON object")
    evaluator = Evaluator({}, [])
    data: Any = _MISSING
    for key, value in root.items():
        if key == "data":
            data = value
            continue
        if not isinstance(value, list):
            raise InvalidEventPattern(f"the pattern has invalid pattern value: {value}")
        conds = _entry(key, value)
        if key not in SPEC_ATTRIBUTES and key not in extension_keys:
            raise InvalidEventPattern(f"the pattern has unrecognized pattern key: {key}")
        evaluator.attributes[key] = conds
    if data is not _MISSING:
        if not isinstance(data, dict):
            raise InvalidEventPattern("the data pattern doesn't have any pattern key")
        stack: list[tuple[dict[str, Any], tuple[str, ...]]] = [(data, ())]
        while stack:
            obj, prefix = stack.pop()
            for key, element in obj.items():
                if isinstance(element, list):
                    evaluator.data.append(((*prefix, key), _entry(key, element)))
                elif isinstance(element, dict):
                    stack.append((element, (*prefix, key)))
                else:
                    raise InvalidEventPattern(f"the pattern has invalid pattern value: {element}")
            if not obj:
                raise InvalidEventPattern("the data pattern doesn't have any pattern key")
    return evaluator


def matches(pattern_text: str, event_text: str, extension_keys: frozenset[str] = frozenset()) -> bool:
    """Build the pattern and test the event (both JSON texts)."""
    event = gson_parse(event_text)
    return build(pattern_text, extension_keys).test_event_pattern(event)
