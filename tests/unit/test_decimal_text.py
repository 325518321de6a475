"""decimal_text, the canonical text of an exact decimal (normative.json, the report binding), and its look-up."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core import reportbinding
from app.core.reportbinding import decimal_text


def _made(value: Decimal | int) -> str:
    return reportbinding._decimal_text(value)


@pytest.mark.parametrize(
    ("value", "text"),
    [(Decimal("45.70"), "45.7"), (Decimal("40"), "40"), (Decimal("0.000"), "0"), (Decimal("-0"), "0"),
     (Decimal("1E+2"), "100"), (Decimal("0.0000001"), "0.0000001"), (4, "4"), (Decimal("-1.50"), "-1.5")],
)  # fmt: skip
def test_the_text_of_a_value(value: Decimal | int, text: str) -> None:
    assert decimal_text(value) == text
    assert decimal_text(value) == text  # the second time from the look-up


@given(st.decimals(allow_nan=False, allow_infinity=False, places=None) | st.integers())
def test_a_value_seen_before_gives_the_text_it_would_be_given_anew(value: Decimal | int) -> None:
    first = decimal_text(value)
    assert first == _made(value)
    assert decimal_text(value) == first
    # Every spelling of the same value has the same text: a key found by value is the right one.
    sign, digits, exponent = Decimal(value).as_tuple()
    assert isinstance(exponent, int)
    respelled = Decimal((sign, (*digits, 0), exponent - 1))  # one more trailing zero: "4.5" as "4.50"
    assert respelled == value
    assert decimal_text(respelled) == first


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity"), Decimal("-Infinity")])
def test_no_text_for_what_is_not_a_finite_number_even_when_asked_twice(value: Decimal) -> None:
    for _ in range(2):
        with pytest.raises(ValueError, match="not a finite number"):
            decimal_text(value)


def test_values_from_outside_do_not_grow_the_look_up_without_bound() -> None:
    for n in range(reportbinding._MAX_TEXTS + 500):
        decimal_text(Decimal(n) / 1000 + Decimal("0.0001"))
    assert len(reportbinding._TEXTS) <= reportbinding._MAX_TEXTS
    assert decimal_text(Decimal("123456.0001")) == "123456.0001"  # past the bound: made, not kept
