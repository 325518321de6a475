"""Workspace use cases: enterprises, assessments, autosaved answers, evidence, finalizing, corrections.

Every answer change is validated by the core, rescored, and saved in its own short transaction, so a crash
loses at most the change in flight. Widgets and the command line call these methods; they never score.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeVar

from app.core.answers import (
    AnswerDocumentError,
    AnswerError,
    AnswerSet,
    Choice,
    parse_answers,
    validate_choice,
    validate_figure,
    validate_scene_level,
)
from app.core.compare import Comparison, compare
from app.core.findings import EMPTY as NO_FINDINGS
from app.core.findings import Findings, FindingsError, loads_findings, parse_findings
from app.core.form import Form
from app.core.industries import INDUSTRY_SECTIONS, MANUFACTURING_DIVISIONS
from app.core.records import (
    MAX_ID,
    Assessment,
    AssessmentKind,
    AssessmentRecord,
    AssessmentStatus,
    Assessor,
    Enterprise,
    EnterpriseSize,
    Evidence,
    SpecializedStatus,
)
from app.core.scoring import ScoreResult, score
from app.core.text_rules import TextRuleError, check_text, clean_text, max_length
from app.core.uscc import UsccError, normalize_uscc
from app.services.forms import DEFAULT_FORM_ID, FormRegistry, UnknownFormError
from app.services.ports import (
    AssessmentSummary,
    AuditEntry,
    DamagedRecordError,
    EnterpriseContents,
    EnterpriseFields,
    EnterpriseListing,
    EvidenceStore,
    FinalizedError,
    ItemChange,
    NewAssessment,
    NotFoundError,
    ScoreSummary,
    WorkspaceRepository,
)
from app.services.ports import ValidationError as ValidationError  # noqa: PLC0414 (re-exported: defined with the other service errors)

# Digits, spaces, +, -, parentheses, and an extension ("转 123", "分机123", "ext. 123", "x123").
PHONE_RE = re.compile(r"^[0-9+()\- ]{5,30}(?:\s*(?:转|分机|ext\.?|x)\s*[0-9]{1,6})?$", re.IGNORECASE)


def valid_phone(text: str) -> bool:
    return not text.strip() or PHONE_RE.match(text.strip()) is not None


ITEM_RE = re.compile(r"^(?:(?P<q>Q\d+)(?:\.(?P<fig>[a-z_]+))?|(?P<s>S\d{2})|notes\.(?P<note>[QS]\d+))$")
MAX_NAME = max_length("name")
# Ids are SQLite's 64-bit integers from 1 up (MAX_ID): any other number names nothing (and cannot even be looked up).


def text_field(field: str, value: object, *, rule_field: str | None = None, strip: bool = True) -> str:
    """Typed text for ``field`` normalised by the one text rule (app.core.text_rules), or ValidationError."""
    try:
        return clean_text(field, value, rule_field=rule_field, strip=strip)
    except TextRuleError as exc:
        raise ValidationError(exc.field, exc.message) from exc


def received_text(field: str, value: object, *, rule_field: str | None = None) -> str:
    """Received text (a package's signed record) checked by the same rule but never altered, or ValidationError."""
    try:
        return check_text(field, value, rule_field=rule_field)
    except TextRuleError as exc:
        raise ValidationError(exc.field, exc.message) from exc


def validate_assessor(assessor: Assessor) -> Assessor:
    return Assessor(
        text_field("assessor.name", assessor.name),
        text_field("assessor.organisation", assessor.organisation),
        text_field("assessor.role", assessor.role),
    )


def valid_id(value: int) -> bool:
    return 1 <= value <= MAX_ID


def no_such_assessment(assessment_id: int) -> NotFoundError:
    return NotFoundError(f"没有找到评测 {assessment_id} (no such assessment {assessment_id})")


@dataclass(frozen=True)
class EnterpriseInput:
    """Raw enterprise fields as typed by a user (strings); the service validates them."""

    name: str
    uscc: str
    industry: str = ""  # "C" or "C34"
    region: str = ""
    size: str = ""  # large | medium | small | micro (or 大型/中型/小型/微型)
    above_scale: bool | None = None
    specialized: str = "none"
    main_products: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    pilot_subsector: str = ""
    traction_unit: str = ""


E = TypeVar("E", EnterpriseSize, SpecializedStatus)
SIZE_LABELS = {s.label: s for s in EnterpriseSize}
SPECIALIZED_LABELS = {s.label: s for s in SpecializedStatus}


def validate_enterprise(raw: EnterpriseInput) -> EnterpriseFields:
    """Turn raw input into validated fields, or raise ValidationError naming the first bad field."""
    name = text_field("name", raw.name)
    if not name:
        raise ValidationError("name", "企业名称不能为空 (the enterprise name is required)")
    try:
        uscc = normalize_uscc(raw.uscc)
    except UsccError as exc:
        raise ValidationError("uscc", str(exc)) from exc
    section, division = _industry(raw.industry)
    size = _enum(raw.size, EnterpriseSize, SIZE_LABELS, "size")
    specialized = _enum(raw.specialized or "none", SpecializedStatus, SPECIALIZED_LABELS, "specialized")
    phone = text_field("contact_phone", raw.contact_phone)
    if phone and not PHONE_RE.match(phone):
        raise ValidationError("contact_phone", f"电话号码格式不正确 (not a phone number: {phone!r})")
    return EnterpriseFields(
        name=name,
        uscc=uscc,
        industry_section=section,
        industry_division=division,
        region=text_field("region", raw.region),
        size=size,
        above_scale=raw.above_scale,
        specialized=specialized or SpecializedStatus.NONE,
        main_products=text_field("main_products", raw.main_products),
        contact_name=text_field("contact_name", raw.contact_name),
        contact_phone=phone,
        pilot_subsector=text_field("pilot_subsector", raw.pilot_subsector),
        traction_unit=text_field("traction_unit", raw.traction_unit),
    )


def _industry(text: str) -> tuple[str, str]:
    code = text.strip().upper()
    if not code:
        return "", ""
    section, division = code[0], code[1:]
    if section not in INDUSTRY_SECTIONS:
        raise ValidationError("industry", f"未知的国民经济行业门类 {section!r} (unknown GB/T 4754 section)")
    if division:
        if not (len(division) == 2 and division.isdigit()):
            raise ValidationError("industry", f"行业大类应为两位数字 (division must be two digits, got {division!r})")
        if section == "C" and division not in MANUFACTURING_DIVISIONS:
            raise ValidationError(
                "industry", f"制造业大类应为13–43 (manufacturing divisions are 13–43, not {division})"
            )
    return section, division


def _enum(text: str, enum: type[E], labels: Mapping[str, E], field: str) -> E | None:
    value = text.strip()
    if not value:
        return None
    if value in labels:
        return labels[value]
    try:
        return enum(value.lower())
    except ValueError:
        allowed = ", ".join(e.value for e in enum)
        raise ValidationError(field, f"must be one of {allowed}, not {value!r}") from None


def parse_item_value(form: Form, item: str, raw: str) -> ItemChange:  # noqa: PLR0912 (one branch per item kind)
    """Parse a command-line ITEM VALUE pair (Q1 B,C · Q2 C · S01 2 · Q2.equipment_total 120 · notes.Q1 text)."""
    m = ITEM_RE.match(item)
    if m is None:
        raise ValidationError(item, "unknown item: use Q1…, S01…, Q2.figure_id or notes.Q1")
    value = raw.strip()
    try:
        if m.group("note"):
            target = m.group("note")
            if target not in form.item_ids:
                raise ValidationError(item, "unknown question or scene")
            text = text_field(item, raw, rule_field="note", strip=False)
            return ItemChange("note", target, json.dumps(text, ensure_ascii=False) if text.strip() else None)
        if m.group("s"):
            sid = m.group("s")
            if form.scene(sid) is None:
                raise ValidationError(sid, "unknown scene")
            if value in ("", "-"):
                return ItemChange("scene", sid, None)
            if not value.lstrip("-").isdigit():
                raise ValidationError(sid, f"scene level must be a whole number 0–4, not {value!r}")
            return ItemChange("scene", sid, json.dumps(validate_scene_level(sid, int(value))))
        qid = m.group("q")
        question = form.question(qid)
        if question is None:
            raise ValidationError(qid, "unknown question")
        if m.group("fig"):
            number = validate_figure(question, m.group("fig"), value or None)
            return ItemChange("figure", f"{qid}.{m.group('fig')}", None if number is None else json.dumps(str(number)))
        if value in ("", "-"):
            return ItemChange("choice", qid, None)
        parsed: Any
        if value.startswith("["):
            parsed = json.loads(value)
        elif question.is_multi:
            parsed = [p for p in re.split(r"[,\s，]+", value.upper()) if p]
        else:
            parsed = value.upper()
        choice = validate_choice(question, parsed)
        return ItemChange("choice", qid, _choice_json(choice))
    except AnswerError as exc:
        raise ValidationError(exc.item, exc.message) from exc
    except json.JSONDecodeError as exc:
        raise ValidationError(item, f"malformed JSON value: {exc}") from exc


def _choice_json(choice: Choice) -> str | None:
    if not choice:
        return None
    return json.dumps(choice if isinstance(choice, str) else list(choice))


def _apply(answers: AnswerSet, change: ItemChange) -> AnswerSet:
    value = None if change.value is None else json.loads(change.value)
    if change.kind == "choice":
        return answers.with_answer(
            change.key, None if value is None else (value if isinstance(value, str) else tuple(value))
        )
    if change.kind == "scene":
        return answers.with_scene(change.key, value)
    if change.kind == "figure":
        qid, _, fid = change.key.partition(".")
        return answers.with_figure(qid, fid, None if value is None else Decimal(value))
    return answers.with_note(change.key, value or "")


def _item_passes(form: Form, answers: AnswerSet, change: ItemChange) -> bool:
    """Whether the changed item, alone in its answers, passes the stored answers' check (see checked_answers)."""
    if change.value is None:
        return True
    try:
        parse_answers(
            _apply(AnswerSet(answers.form_id, form_revision=answers.form_revision), change).to_document(), form
        )
    except (AnswerDocumentError, ValueError, TypeError, ArithmeticError):
        return False
    return True


def comparison_pair_of(assessments: Iterable[Assessment]) -> tuple[Assessment, Assessment] | None:
    """The before/after pair of one enterprise's assessments: see WorkspaceService.comparison_pair."""
    items = list(assessments)
    superseded = {a.revision_of for a in items if a.revision_of and a.status is AssessmentStatus.FINALIZED}

    def pick(kind: AssessmentKind) -> Assessment | None:
        of_kind = [a for a in items if a.kind is kind and a.id not in superseded]
        finalized = [a for a in of_kind if a.status is AssessmentStatus.FINALIZED]
        return max(finalized or of_kind, key=lambda a: (a.assessed_on or date.min, a.id), default=None)

    before, after = pick(AssessmentKind.BASELINE), pick(AssessmentKind.AFTER)
    return None if before is None or after is None else (before, after)


def summary_of(result: ScoreResult) -> ScoreSummary:
    return ScoreSummary(result.total_score, result.level, result.complete)


# Reading an assessment back: shared by the workspace and the submission service, each over its own ports.


def load_assessment(repo: WorkspaceRepository, assessment_id: int) -> Assessment:
    found = repo.get_assessment(assessment_id) if valid_id(assessment_id) else None
    if found is None:
        raise no_such_assessment(assessment_id)
    return found


def assessment_form(registry: FormRegistry, assessment: Assessment) -> Form:
    """Return the exact form revision an assessment was answered against (refusing a changed one)."""
    try:
        form = registry.get(assessment.form_id, assessment.form_revision)
    except UnknownFormError as exc:
        raise ValidationError("form", str(exc)) from exc
    if form.content_hash != assessment.form_hash:
        raise ValidationError(
            "form",
            f"installed {form.id} revision {form.revision} differs from the one assessment {assessment.id} was "
            f"answered against ({assessment.form_hash}); a corrected form needs a new revision number",
        )
    return form


def checked_answers(form: Form, assessment_id: int, answers: AnswerSet) -> AnswerSet:
    """Return stored answers after validating them against their form; an invalid stored value is never scored."""
    try:
        parse_answers(answers.to_document(), form)
    except AnswerDocumentError as exc:
        items = "; ".join(f"{e.item}: {e.message}" for e in exc.errors)
        raise DamagedRecordError(
            assessment_id,
            f"评测 {assessment_id} 的已存答案无效，未予计分 (assessment {assessment_id} has invalid stored answers, "
            f"not scored: {items}); restore a backup or correct the database",
        ) from exc
    return answers


def _load_scored(
    repo: WorkspaceRepository, registry: FormRegistry, assessment_id: int
) -> tuple[Assessment, Form, AnswerSet, ScoreResult]:
    assessment = load_assessment(repo, assessment_id)
    form = assessment_form(registry, assessment)
    answers = checked_answers(form, assessment_id, repo.load_answers(assessment_id))
    return assessment, form, answers, score(form, answers)


def load_result(
    repo: WorkspaceRepository, registry: FormRegistry, assessment_id: int
) -> tuple[Form, AnswerSet, ScoreResult]:
    """An assessment's form, its stored answers (validated; a finalized one checked against its seal), its result."""
    _, form, answers, result = _load_scored(repo, registry, assessment_id)
    return form, answers, result


def load_record(repo: WorkspaceRepository, assessment_id: int) -> AssessmentRecord:
    assessment = load_assessment(repo, assessment_id)
    enterprise = repo.get_enterprise(assessment.enterprise_id)
    if enterprise is None:
        raise NotFoundError(f"no enterprise {assessment.enterprise_id}")
    return AssessmentRecord(
        enterprise=enterprise,
        assessment=assessment,
        answers=repo.load_answers(assessment_id),
        evidence=tuple(repo.list_evidence(assessment_id)),
    )


def compare_assessments(repo: WorkspaceRepository, registry: FormRegistry, before_id: int, after_id: int) -> Comparison:
    before, after = load_assessment(repo, before_id), load_assessment(repo, after_id)
    if before.enterprise_id != after.enterprise_id:
        raise ValidationError("assessments", f"assessments {before_id} and {after_id} belong to different enterprises")
    return compare(load_result(repo, registry, before_id), load_result(repo, registry, after_id))


class WorkspaceService:
    def __init__(
        self,
        repo: WorkspaceRepository,
        registry: FormRegistry,
        evidence: EvidenceStore,
        actor: str,
        packages: EvidenceStore | None = None,
    ) -> None:
        self.repo = repo
        self.registry = registry
        self.evidence_store = evidence
        # Imported packages' files, kept as received (by their SHA-256); None: not kept (tests, older callers).
        self.package_store = packages
        self.actor = actor
        self._form_cache: dict[int, Form] = {}  # an assessment's form never changes once created
        # Optimistic versioning: the version of each assessment as an editor here last read it (result(),
        # record()) or saved it. A save carries it; a stored version other than it is another user's change.
        self._seen: dict[int, int] = {}
        # Autosave: per assessment, the answers its last save here left, when they are known to pass the stored
        # answers' check (checked_answers); a save that starts from answers equal to them need not run it again.
        self._checked: dict[int, AnswerSet] = {}

    def _saw(self, assessment_id: int, version: int, *, only_if_tracked: bool = False) -> None:
        if not only_if_tracked or assessment_id in self._seen:
            self._seen[assessment_id] = version

    def close(self) -> None:
        self.repo.close()

    # Enterprises

    def add_enterprise(self, raw: EnterpriseInput) -> Enterprise:
        return self.repo.add_enterprise(validate_enterprise(raw), self.actor)

    def update_enterprise(self, enterprise_id: int, raw: EnterpriseInput) -> Enterprise:
        return self.repo.update_enterprise(enterprise_id, validate_enterprise(raw), self.actor)

    def enterprise(self, key: str | int) -> Enterprise:
        """Find an enterprise by id or USCC."""
        text = str(key).strip()
        found = None
        if text.isascii() and text.isdigit() and len(text) < 18:
            found = self.repo.get_enterprise(int(text))
        else:
            try:
                found = self.repo.find_enterprise_by_uscc(normalize_uscc(text))
            except UsccError as exc:
                raise ValidationError("enterprise", f"neither an id nor a valid USCC: {exc}") from exc
        if found is None:
            raise NotFoundError(f"没有找到企业 {text} (no enterprise {text} in this workspace)")
        return found

    def list_enterprises(self, search: str = "", include_archived: bool = False) -> list[EnterpriseListing]:
        """The enterprises matching ``search``; archived ones only with ``include_archived``."""
        return self.repo.list_enterprises(text_field("search", search), include_archived)

    def set_archived(self, key: str | int, archived: bool) -> Enterprise:
        """Archive an enterprise (hidden from the default list, nothing deleted) or bring it back; audited."""
        return self.repo.set_enterprise_archived(self.enterprise(key).id, archived, self.actor)

    def enterprise_contents(self, key: str | int) -> EnterpriseContents:
        """What is stored for an enterprise: what a deletion would take with it, or why it is refused."""
        return self.repo.enterprise_contents(self.enterprise(key).id)

    def delete_enterprise(self, key: str | int) -> EnterpriseContents:
        """Delete an enterprise with its drafts, answers, evidence (rows and files no other assessment uses),
        findings, plan checks and projects; audited. Refused (EnterpriseDeleteRefusedError, a FinalizedError) when it
        has a finalized assessment: archive it instead."""
        removed = self.repo.delete_enterprise(self.enterprise(key).id, self.actor)
        for digest in sorted(removed.evidence_digests):
            if not self.repo.evidence_in_use(digest):
                self.evidence_store.discard(digest)
        return removed

    # Assessments

    def form_of(self, assessment: Assessment) -> Form:
        """Return the exact form revision an assessment was answered against (refusing a changed one)."""
        return assessment_form(self.registry, assessment)

    def form_for(self, assessment_id: int) -> Form:
        """Return the form of an assessment (cached: it is fixed when the assessment is created)."""
        form = self._form_cache.get(assessment_id)
        if form is None:
            form = self.form_of(self.assessment(assessment_id))
            self._form_cache[assessment_id] = form
        return form

    def assessment(self, assessment_id: int) -> Assessment:
        return load_assessment(self.repo, assessment_id)

    def new_assessment(
        self,
        enterprise_key: str | int,
        kind: AssessmentKind = AssessmentKind.BASELINE,
        answers_document: Mapping[str, Any] | None = None,
        assessor: Assessor | None = None,
        on_site: bool = False,
        assessed_on: date | None = None,
        form_id: str | None = None,
    ) -> Assessment:
        assessor = validate_assessor(assessor or Assessor())
        enterprise = self.enterprise(enterprise_key)
        form = self._form_for_new(answers_document, form_id)
        answers = AnswerSet(form.id, form_revision=form.revision)
        if answers_document is not None:
            parsed = parse_answers(answers_document, form)  # notes checked by the text rule there
            notes = {k: text_field(f"notes.{k}", v, rule_field="note", strip=False) for k, v in parsed.notes.items()}
            answers = replace(parsed, form_revision=form.revision, notes=notes)
        result = score(form, answers)
        new = NewAssessment(
            enterprise_id=enterprise.id,
            form_id=form.id,
            form_revision=form.revision,
            form_hash=form.content_hash,
            kind=kind,
            assessor=assessor,
            on_site=on_site,
            assessed_on=assessed_on or date.today(),
        )
        return self.repo.add_assessment(new, answers, summary_of(result), self.actor)

    def _form_for_new(self, document: Mapping[str, Any] | None, form_id: str | None) -> Form:
        revision = None
        if document is not None:
            doc_form = document.get("form") if isinstance(document, Mapping) else None
            if not isinstance(doc_form, str):
                raise AnswerDocumentError([AnswerError("form", "missing or not text")])
            form_id = form_id or doc_form
            rev = document.get("form_revision")
            revision = rev if isinstance(rev, int) and not isinstance(rev, bool) else None
        try:
            return self.registry.get(form_id or DEFAULT_FORM_ID, revision)
        except UnknownFormError as exc:
            raise AnswerDocumentError([AnswerError("form", str(exc))]) from exc

    def start_after_from(self, baseline_id: int) -> Assessment:
        """Start an 'after transformation' assessment pre-filled with a baseline's answers."""
        base = self.assessment(baseline_id)
        answers = self.repo.load_answers(baseline_id)
        form = self.registry.get(base.form_id)  # the latest revision
        kept = self._revalidate(answers, form)
        new = NewAssessment(
            enterprise_id=base.enterprise_id,
            form_id=form.id,
            form_revision=form.revision,
            form_hash=form.content_hash,
            kind=AssessmentKind.AFTER,
            assessor=base.assessor,
            on_site=base.on_site,
            assessed_on=date.today(),
        )
        return self.repo.add_assessment(new, kept, summary_of(score(form, kept)), self.actor)

    def _revalidate(self, answers: AnswerSet, form: Form) -> AnswerSet:
        """Keep the answers that are valid in ``form`` (a newer revision may have changed an item)."""
        doc = answers.to_document()
        doc.pop("form_revision", None)
        doc["form"] = form.id
        try:
            return replace(parse_answers(doc, form), form_revision=form.revision)
        except AnswerDocumentError as exc:
            bad = {e.item.split(".")[-1] for e in exc.errors} | {e.item for e in exc.errors}
            for section in ("answers", "scenes", "notes"):
                doc[section] = {k: v for k, v in doc.get(section, {}).items() if k not in bad}
            doc["figures"] = {k: v for k, v in doc.get("figures", {}).items() if f"figures.{k}" not in bad}
            return replace(parse_answers(doc, form), form_revision=form.revision)

    def answers(self, assessment_id: int) -> AnswerSet:
        return self.repo.load_answers(assessment_id)

    def result(self, assessment_id: int) -> tuple[Form, AnswerSet, ScoreResult]:
        assessment, form, answers, result = _load_scored(self.repo, self.registry, assessment_id)
        self._saw(assessment_id, assessment.version)
        return form, answers, result

    def record(self, assessment_id: int) -> AssessmentRecord:
        record = load_record(self.repo, assessment_id)
        self._saw(assessment_id, record.assessment.version)
        return record

    def list_assessments(self, enterprise_key: str | int) -> list[AssessmentSummary]:
        return self.repo.list_assessments(self.enterprise(enterprise_key).id)

    # Autosave: one change, one transaction

    def apply_change(self, assessment_id: int, change: ItemChange, last_item: str | None = None) -> ScoreResult:
        """Validate, rescore and save one change in one write transaction; return the new result.

        A save on an assessment this service has read (result(), record()) carries the version read; when
        another user saved since, ConflictError names them and nothing is written.
        """
        outcome: list[tuple[Form, AnswerSet, ScoreResult]] = []

        def edit(assessment: Assessment, answers: AnswerSet) -> tuple[list[ItemChange], ScoreSummary]:
            form = self._form_cache.get(assessment.id) or self.form_of(assessment)
            if self._checked.get(assessment.id) != answers:  # equal answers pass the check equally
                checked_answers(form, assessment.id, answers)
            changed = _apply(answers, change)
            result = score(form, changed)
            outcome.append((form, changed, result))
            return [change], summary_of(result)

        version = self.repo.edit_answers(
            assessment_id, edit, self.actor, last_item, expected_version=self._seen.get(assessment_id)
        )
        self._saw(assessment_id, version, only_if_tracked=True)
        form, changed, result = outcome[-1]
        # The check takes each item on its own: answers that passed it, changed in one item that passes it
        # alone, pass it whole (and a cleared item leaves the others as they were).
        if _item_passes(form, changed, change):
            self._checked[assessment_id] = changed
        else:  # the next save checks them whole, and refuses them, as it would have
            self._checked.pop(assessment_id, None)
        return result

    def answer(self, assessment_id: int, item: str, raw_value: str) -> ScoreResult:
        """Set one item from text (the command line's `assessments answer ID ITEM VALUE`)."""
        return self.apply_change(
            assessment_id, parse_item_value(self.form_for(assessment_id), item, raw_value), last_item=item
        )

    def set_choice(self, assessment_id: int, question_id: str, choice: Choice | None) -> ScoreResult:
        form = self.form_for(assessment_id)
        question = form.question(question_id)
        if question is None:
            raise ValidationError(question_id, "unknown question")
        value = None
        if choice:
            try:
                value = _choice_json(validate_choice(question, choice if isinstance(choice, str) else list(choice)))
            except AnswerError as exc:
                raise ValidationError(exc.item, exc.message) from exc
        return self.apply_change(assessment_id, ItemChange("choice", question_id, value), last_item=question_id)

    def set_scene(self, assessment_id: int, scene_id: str, level: int | None) -> ScoreResult:
        value = None
        if level is not None:
            try:
                value = json.dumps(validate_scene_level(scene_id, level))
            except AnswerError as exc:
                raise ValidationError(exc.item, exc.message) from exc
        return self.apply_change(assessment_id, ItemChange("scene", scene_id, value), last_item=scene_id)

    def set_figure(self, assessment_id: int, question_id: str, figure_id: str, text: str) -> ScoreResult:
        form = self.form_for(assessment_id)
        question = form.question(question_id)
        if question is None:
            raise ValidationError(question_id, "unknown question")
        try:
            number = validate_figure(question, figure_id, text.strip() or None)
        except AnswerError as exc:
            raise ValidationError(exc.item, exc.message) from exc
        except InvalidOperation:
            raise ValidationError(f"figures.{question_id}.{figure_id}", "must be a number") from None
        change = ItemChange("figure", f"{question_id}.{figure_id}", None if number is None else json.dumps(str(number)))
        return self.apply_change(assessment_id, change, last_item=question_id)

    def set_note(self, assessment_id: int, item: str, text: str) -> ScoreResult:
        text = text_field(f"notes.{item}", text, rule_field="note", strip=False)
        change = ItemChange("note", item, json.dumps(text, ensure_ascii=False) if text.strip() else None)
        return self.apply_change(assessment_id, change, last_item=item)

    def remember_position(self, assessment_id: int, item: str) -> None:
        self.repo.set_last_item(assessment_id, item)

    def update_info(
        self, assessment_id: int, assessor: Assessor, on_site: bool, assessed_on: date | None
    ) -> Assessment:
        assessor = validate_assessor(assessor)
        updated = self.repo.update_assessment_info(
            assessment_id, assessor, on_site, assessed_on, self.actor, expected_version=self._seen.get(assessment_id)
        )
        self._saw(assessment_id, updated.version, only_if_tracked=True)
        return updated

    # Finalizing and corrections

    def finalize(self, assessment_id: int) -> Assessment:
        """Freeze a complete assessment. Missing answers or a missing assessor name are refused, named."""
        assessment = self.assessment(assessment_id)
        if assessment.status is AssessmentStatus.FINALIZED:
            raise FinalizedError(f"评测 {assessment_id} 已定稿 (assessment {assessment_id} is already finalized)")
        _, _, result = self.result(assessment_id)
        if not result.complete:
            missing = ", ".join(result.missing)
            raise ValidationError("answers", f"尚有未作答的题目：{missing} (cannot finalize: unanswered {missing})")
        if not assessment.assessor.name.strip():
            raise ValidationError("assessor", "定稿前须填写评测人 (the assessor's name is required to finalize)")
        done = self.repo.finalize(assessment_id, self.actor)
        self._saw(assessment_id, done.version, only_if_tracked=True)
        return done

    def correct(self, assessment_id: int, reason: str) -> Assessment:
        """Start a correction of a finalized assessment: a new draft revision that records the reason."""
        original = self.assessment(assessment_id)
        if original.status is not AssessmentStatus.FINALIZED:
            raise ValidationError("assessment", f"assessment {assessment_id} is a draft; edit it directly")
        reason = text_field("reason", reason)
        if not reason:
            raise ValidationError("reason", "更正须说明原因 (a correction needs a reason)")
        form = self.form_of(original)
        answers = self.repo.load_answers(assessment_id)
        new = NewAssessment(
            enterprise_id=original.enterprise_id,
            form_id=original.form_id,
            form_revision=original.form_revision,
            form_hash=original.form_hash,
            kind=original.kind,
            assessor=original.assessor,
            on_site=original.on_site,
            assessed_on=original.assessed_on,
            revision_of=original.id,
            revision_reason=reason,
        )
        created = self.repo.add_assessment(new, answers, summary_of(score(form, answers)), self.actor)
        for ev in self.repo.list_evidence(assessment_id):
            self.repo.add_evidence(created.id, ev.item, ev.filename, ev.sha256, ev.size, ev.description, self.actor)
        stored_findings = self.repo.load_findings(assessment_id)
        if stored_findings is not None:  # the correction starts from the findings as they were finalized
            self.repo.save_findings(created.id, stored_findings, self.actor)
        return created

    def delete_draft(self, assessment_id: int) -> None:
        self.repo.delete_draft(assessment_id, self.actor)

    # Findings (pain points and the needs list)

    def findings(self, assessment_id: int) -> Findings:
        """The consultant's findings on an assessment (empty when none were saved)."""
        form = self.form_of(self.assessment(assessment_id))
        stored = self.repo.load_findings(assessment_id)
        if stored is None:
            return NO_FINDINGS
        try:
            return loads_findings(stored, form.item_ids)
        except FindingsError as exc:
            raise DamagedRecordError(assessment_id, f"stored findings are unreadable: {exc}") from exc

    def set_findings(self, assessment_id: int, document: object) -> Findings:
        """Validate and store a findings document (a parsed JSON value or a Findings); ValidationError names the
        field path. A finalized assessment refuses (FinalizedError): make a correction revision."""
        form = self.form_of(self.assessment(assessment_id))
        try:
            raw = document.to_json() if isinstance(document, Findings) else document
            findings = parse_findings(raw, form.item_ids)
        except FindingsError as exc:
            raise ValidationError(exc.field, exc.message) from exc
        self.repo.save_findings(assessment_id, findings.dumps(), self.actor)
        return findings

    def set_findings_text(self, assessment_id: int, text: str) -> Findings:
        """Validate and store a findings file's JSON text (size-limited)."""
        form = self.form_of(self.assessment(assessment_id))
        try:
            findings = loads_findings(text, form.item_ids)
        except FindingsError as exc:
            raise ValidationError(exc.field, exc.message) from exc
        self.repo.save_findings(assessment_id, findings.dumps(), self.actor)
        return findings

    # Evidence

    def add_evidence(self, assessment_id: int, item: str, source: Path, description: str = "") -> Evidence:
        form = self.form_of(self.assessment(assessment_id))
        if item not in form.item_ids:
            raise ValidationError("item", f"unknown question or scene {item!r}")
        description = text_field("evidence.description", description)
        filename = text_field("evidence.filename", source.name)
        if not source.is_file():
            raise ValidationError("file", f"not a readable file: {source}")
        digest, size = self.evidence_store.put(source)
        return self.repo.add_evidence(assessment_id, item, filename, digest, size, description, self.actor)

    def remove_evidence(self, evidence_id: int) -> Evidence:
        missing = NotFoundError(f"没有找到证据 {evidence_id} (no such evidence {evidence_id})")
        if not valid_id(evidence_id):
            raise missing
        try:
            removed = self.repo.remove_evidence(evidence_id, self.actor)
        except NotFoundError:
            raise missing from None
        if not self.repo.evidence_in_use(removed.sha256):
            self.evidence_store.discard(removed.sha256)
        return removed

    def evidence(self, assessment_id: int) -> list[Evidence]:
        self.assessment(assessment_id)  # an unknown id is refused, not an empty list
        return self.repo.list_evidence(assessment_id)

    def evidence_path(self, evidence: Evidence) -> Path:
        return self.evidence_store.path_of(evidence.sha256)

    # History and comparison

    def history(self, assessment_id: int) -> list[AuditEntry]:
        self.assessment(assessment_id)  # an unknown id is refused, not an empty list
        return self.repo.audit(assessment_id=assessment_id)

    def plan_checklist(self, assessment_id: int) -> frozenset[str]:
        """The plan steps (Q5, S06, …) the user has marked done for this assessment."""
        return self.repo.plan_checks(assessment_id)

    def set_plan_step_done(self, assessment_id: int, item: str, done: bool) -> bool:
        """Mark one step of the assessment's plan done or not (audited, like answers). A working checklist: it is
        kept for finalized assessments too (their plan is what the transformation works through)."""
        form = self.form_for(assessment_id)
        if form.question(item) is None and form.scene(item) is None:
            raise ValidationError(item, "unknown question or scene")
        return self.repo.set_plan_check(assessment_id, item, done, self.actor)

    def compare(self, before_id: int, after_id: int) -> Comparison:
        return compare_assessments(self.repo, self.registry, before_id, after_id)

    def comparison_pair(self, enterprise_key: str | int) -> tuple[Assessment, Assessment] | None:
        """The enterprise's before/after pair (baseline, after), or None when it lacks either kind.

        Of each kind the newest finalized assessment counts (newest: latest assessment date, then the later
        created). Finalized records are what the enterprise signs and submits, so a draft never displaces one:
        starting a second "after" assessment, or correcting a finalized one, leaves the pair as it was until the
        new draft is finalized. Only while a kind has no finalized assessment yet does its newest draft stand in,
        so the result page shows the progress of a first "after" assessment while it is being answered. A
        finalized assessment that a finalized correction replaced never counts.
        """
        return comparison_pair_of(s.assessment for s in self.list_assessments(enterprise_key))
