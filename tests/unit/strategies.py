"""Hypothesis strategies for answer sets of a form."""

from __future__ import annotations

from hypothesis import strategies as st

from app.core.answers import AnswerSet
from app.core.form import Form


@st.composite
def answer_sets(draw: st.DrawFn, form: Form, allow_missing: bool = True) -> AnswerSet:
    answers: dict[str, str | tuple[str, ...]] = {}
    for q in form.questions:
        if allow_missing and draw(st.integers(0, 9)) == 0:
            continue
        if q.type == "single":
            answers[q.id] = draw(st.sampled_from([o.id for o in q.options]))
        elif draw(st.integers(0, 5)) == 0:
            answers[q.id] = tuple(o.id for o in q.options if o.exclusive)
        else:
            ids = [o.id for o in q.options if not o.exclusive]
            chosen = draw(st.lists(st.sampled_from(ids), min_size=1, unique=True))
            answers[q.id] = tuple(i for i in ids if i in chosen)
    scenes = {}
    for s in form.scenes:
        if allow_missing and draw(st.integers(0, 9)) == 0:
            continue
        scenes[s.id] = draw(st.integers(0, 4))
    return AnswerSet(form_id=form.id, answers=answers, scenes=scenes)
