"""Kubernetes quantities parse as apimachinery's ``resource.ParseQuantity`` reads them.

Cases re-expressed from k8s.io/apimachinery ``pkg/api/resource/quantity_test.go``
(``TestQuantityParse``: the table, its negative and explicit-``+`` variants, and the ``invalid`` list).
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from eventing_platform.kinds.formats.quantities import check_resource_quantity, parse_quantity

PARSED = [
    ("0", 0), ("0n", 0), ("0u", 0), ("0m", 0), ("0Ki", 0), ("0k", 0), ("0Mi", 0), ("0M", 0), ("0Gi", 0),
    ("1", 1), ("1Ki", 1024), ("8Ki", 8 * 1024), ("7Mi", 7 * 2**20), ("6Gi", 6 * 2**30), ("5Ti", 5 * 2**40),
    ("4Pi", 4 * 2**50), ("3Ei", 3 * 2**60), ("5n", Fraction(5, 10**9)), ("4u", Fraction(4, 10**6)),
    ("3m", Fraction(3, 1000)), ("9", 9), ("8k", 8000), ("7M", 7 * 10**6), ("6G", 6 * 10**9), ("5T", 5 * 10**12),
    ("40T", 40 * 10**12), ("300T", 300 * 10**12), ("2P", 2 * 10**15), ("1E", 10**18),
    ("1E-3", Fraction(1, 1000)), ("1e3", 1000), ("1E6", 10**6), ("1e9", 10**9), ("1E12", 10**12), ("1e15", 10**15),
    ("1E18", 10**18), ("12E6", 12 * 10**6), ("1.5", Fraction(3, 2)), ("0.5Ki", 512), (".5", Fraction(1, 2)),
    ("1.", 1), ("100.035k", 100035), ("1.1E-1", Fraction(11, 100)), ("1e+3", 1000),
]
INVALID = ["", "1.1.M", "1+1.0M", "0.1mi", "0.1am", "aoeu", ".5i", "1i", "-3.01i", "-3.01e-", " 1", "1 ",
           # Accepted by ParseQuantity as 0, refused by the documented grammar (see the module).
           "Mi", "+", "."]


@pytest.mark.parametrize(("text", "value"), PARSED)
@pytest.mark.parametrize("sign", ["", "+", "-"])
def test_quantities_parse_to_their_exact_value_with_either_sign(text, value, sign):
    assert parse_quantity(sign + text) == (-value if sign == "-" else value)


@pytest.mark.parametrize("text", INVALID)
def test_malformed_quantities_are_refused(text):
    with pytest.raises(ValueError, match="not a Kubernetes quantity"):
        parse_quantity(text)


def test_resource_amounts_must_not_be_negative():
    assert check_resource_quantity("+1") == "+1"
    with pytest.raises(ValueError, match="negative"):
        check_resource_quantity("-1m")
