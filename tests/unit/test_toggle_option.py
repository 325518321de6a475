"""One rule for checking an option: "无" (an exclusive option) excludes the others, and the others exclude it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.answers import AnswerError, toggle_option, validate_choice
from app.services.forms import FormRegistry
from tests.conftest import FORMS_DIR

FORM = FormRegistry.from_dir(FORMS_DIR).get("miit-2024", 1)
Q1 = FORM.question("Q1")  # multi-choice, A is "无"
Q2 = FORM.question("Q2")  # single choice
assert Q1 is not None and Q2 is not None and Q1.is_multi and not Q2.is_multi
assert Q1.option("A") is not None and Q1.option("A").exclusive  # type: ignore[union-attr]


def test_checking_the_exclusive_option_clears_the_others() -> None:
    assert toggle_option(Q1, ("B", "D"), "A", True) == ("A",)


def test_checking_another_option_clears_the_exclusive_one() -> None:
    assert toggle_option(Q1, ("A",), "C", True) == ("C",)


def test_multi_choice_adds_in_form_order_and_unchecks_one() -> None:
    assert toggle_option(Q1, ("D",), "B", True) == ("B", "D")
    assert toggle_option(Q1, ("B", "D"), "B", False) == ("D",)
    assert toggle_option(Q1, ("A",), "A", False) == ()


def test_single_choice_replaces_or_clears() -> None:
    assert toggle_option(Q2, ("B",), "D", True) == ("D",)
    assert toggle_option(Q2, ("D",), "D", False) == ()
    assert toggle_option(Q2, ("D",), "B", False) == ("D",)


def test_unknown_option_is_refused_and_foreign_ids_are_dropped() -> None:
    with pytest.raises(AnswerError, match="unknown option 'Z'"):
        toggle_option(Q1, (), "Z", True)
    assert toggle_option(Q1, ("Z", "C"), "B", True) == ("B", "C")


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_every_toggle_gives_a_choice_the_validator_accepts(data: st.DataObject) -> None:
    question = data.draw(st.sampled_from(FORM.questions))
    ids = [o.id for o in question.options]
    selected: tuple[str, ...] = ()
    for _ in range(data.draw(st.integers(1, 8))):
        option_id = data.draw(st.sampled_from(ids))
        checked = data.draw(st.booleans())
        selected = toggle_option(question, selected, option_id, checked)
        if checked:
            assert option_id in selected  # the click the user made always holds
        else:
            assert option_id not in selected
        if selected:
            value = list(selected) if question.is_multi else selected[0]
            normalised = validate_choice(question, value)
            assert (normalised if question.is_multi else (normalised,)) == selected
