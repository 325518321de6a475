"""USCC check character (GB 32100-2015)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.uscc import CHARSET, UsccError, check_character, normalize_uscc


def test_known_valid_example() -> None:
    assert normalize_uscc("91350100M000100Y43") == "91350100M000100Y43"
    assert normalize_uscc(" 91350100m000100y43 ") == "91350100M000100Y43"


def test_weights_match_the_standard() -> None:
    from app.core.uscc import WEIGHTS

    assert WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("91350100M000100Y44", "check character: it should be \u201c3\u201d"),
        ("91350100M000100Y4", "18 characters"),
        ("91350100M00010OY43", "not allowed"),
        ("", "got 0"),
    ],
)
def test_invalid_codes_say_what_is_wrong(code: str, fragment: str) -> None:
    with pytest.raises(UsccError, match=fragment):
        normalize_uscc(code)


@given(st.text(alphabet=CHARSET, min_size=17, max_size=17), st.sampled_from(CHARSET))
def test_exactly_one_check_character_is_valid(body: str, last: str) -> None:
    code = body + last
    if last == check_character(body):
        assert normalize_uscc(code) == code
    else:
        with pytest.raises(UsccError):
            normalize_uscc(code)


@pytest.mark.parametrize(
    ("code", "kind"), [("91350100M000100Y44", "check"), ("9135", "length"), ("91350100M00010OY43", "character")]
)
def test_errors_carry_a_code_and_a_text_per_language(code: str, kind: str) -> None:
    """Finding: the Chinese UI showed English tails like "(check character should be '3', not '4')"."""
    with pytest.raises(UsccError) as caught:
        normalize_uscc(code)
    assert caught.value.code == kind
    zh, en = caught.value.message("zh"), caught.value.message("en")
    assert not any(ch.isascii() and ch.isalpha() for ch in zh.replace("I、O、S、V、Z", "").replace("“O”", ""))
    assert en.isascii() or "\u201c" in en
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in en)
