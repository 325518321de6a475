"""Consistency checks on data-entry figures: warnings only, each naming the items involved."""

from __future__ import annotations

from decimal import Decimal

from app.core.answers import AnswerSet
from app.core.checks import KNOWN_CHECK_KINDS, run_checks
from app.core.form import Form
from app.core.scoring import score


def with_figures(form: Form, answers: dict, figures: dict) -> AnswerSet:
    figs = {q: {k: Decimal(str(v)) for k, v in f.items()} for q, f in figures.items()}
    return AnswerSet(form_id=form.id, answers=answers, figures=figs)


def ids(form: Form, a: AnswerSet) -> set[str]:
    return {w.check for w in run_checks(form, a)}


def test_form_uses_only_known_check_kinds(form: Form) -> None:
    assert {c.kind for c in form.checks} <= KNOWN_CHECK_KINDS


def test_networked_more_than_devices_warns(form: Form) -> None:
    a = with_figures(form, {}, {"Q2": {"equipment_total": 50}, "Q3": {"equipment_networked": 60}})
    warnings = run_checks(form, a)
    assert [w.check for w in warnings] == ["q3-networked-le-total"]
    assert warnings[0].items == ("Q3", "Q2")
    assert "60" in warnings[0].message and "50" in warnings[0].message
    assert (
        ids(form, with_figures(form, {}, {"Q2": {"equipment_total": 60}, "Q3": {"equipment_networked": 60}})) == set()
    )


def test_band_disagreeing_with_ratio_warns(form: Form) -> None:
    figs = {"Q2": {"equipment_total": 100, "equipment_digital": 30}}
    assert "q2-band-ratio" in ids(form, with_figures(form, {"Q2": "E"}, figs))
    assert "q2-band-ratio" not in ids(form, with_figures(form, {"Q2": "C"}, figs))
    # band edges: (20%,40%] holds 40 but not 20
    assert "q2-band-ratio" not in ids(
        form, with_figures(form, {"Q2": "C"}, {"Q2": {"equipment_total": 100, "equipment_digital": 40}})
    )
    assert "q2-band-ratio" in ids(
        form, with_figures(form, {"Q2": "C"}, {"Q2": {"equipment_total": 100, "equipment_digital": 20}})
    )


def test_stated_rate_outside_band_warns(form: Form) -> None:
    assert "q3-band-rate" in ids(form, with_figures(form, {"Q3": "A"}, {"Q3": {"rate": 55}}))
    assert "q3-band-rate" not in ids(form, with_figures(form, {"Q3": "D"}, {"Q3": {"rate": 55}}))


def test_direction_checks(form: Form) -> None:
    figs = {
        "Q14": {
            "employees_last_year": 100,
            "revenue_last_year": 9000,
            "employees_year_before": 100,
            "revenue_year_before": 10000,
        }
    }
    assert "q14-direction" in ids(form, with_figures(form, {"Q14": "C"}, figs))  # chose 增加, fell 10%
    assert "q14-direction" not in ids(form, with_figures(form, {"Q14": "A"}, figs))
    flat = {"Q14": {**figs["Q14"], "revenue_last_year": 10050}}  # +0.5%, within the 1% tolerance
    assert "q14-direction" not in ids(form, with_figures(form, {"Q14": "B"}, flat))


def test_missing_or_zero_figures_raise_nothing(form: Form) -> None:
    a = with_figures(form, {"Q2": "E", "Q14": "C"}, {"Q2": {"equipment_total": 0, "equipment_digital": 0}})
    assert run_checks(form, a) == ()


def test_warnings_do_not_change_the_score(form: Form) -> None:
    a = with_figures(form, {"Q2": "E"}, {"Q2": {"equipment_total": 100, "equipment_digital": 1}})
    plain = AnswerSet(form_id=form.id, answers={"Q2": "E"})
    assert score(form, a).total_score == score(form, plain).total_score == 6
    assert score(form, a).warnings and not score(form, plain).warnings
