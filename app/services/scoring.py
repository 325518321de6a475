"""Score answer documents against the installed forms."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.answers import AnswerDocumentError, AnswerError, AnswerSet, document_form_id, parse_answers
from app.core.form import Form
from app.core.scoring import ScoreResult, score
from app.services.forms import FormRegistry, UnknownFormError


@dataclass(frozen=True)
class ScoredDocument:
    form: Form
    answers: AnswerSet
    result: ScoreResult


def form_for_document(registry: FormRegistry, data: Any) -> Form:
    """Return the form an answer document names; unknown forms become an error naming the 'form' item."""
    form_id = document_form_id(data)
    revision = data.get("form_revision")
    if revision is not None and (isinstance(revision, bool) or not isinstance(revision, int)):
        raise AnswerDocumentError([AnswerError("form_revision", "must be a whole number")])
    try:
        return registry.get(form_id, revision)
    except UnknownFormError as exc:
        item = "form_revision" if revision is not None and any(f.id == form_id for f in registry.forms) else "form"
        raise AnswerDocumentError([AnswerError(item, str(exc))]) from exc


def score_document(registry: FormRegistry, data: Any) -> ScoredDocument:
    """Validate and score one parsed answer document."""
    form = form_for_document(registry, data)
    answers = parse_answers(data, form)
    return ScoredDocument(form, answers, score(form, answers))
