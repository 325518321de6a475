"""The SQLAlchemy workspace repository: each public method is one short transaction."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Engine, delete, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.core.answers import AnswerSet, Choice
from app.core.records import (
    Assessment,
    AssessmentStatus,
    Assessor,
    Enterprise,
    Evidence,
)
from app.services.ports import (
    AnswerEdit,
    AssessmentSummary,
    AuditEntry,
    ConflictError,
    DamagedRecordError,
    DuplicateError,
    EnterpriseContents,
    EnterpriseDeleteRefusedError,
    EnterpriseFields,
    EnterpriseListing,
    ExportRecord,
    FinalizedError,
    ItemChange,
    NewAssessment,
    NotFoundError,
    ScoreSummary,
    TrustedKey,
    answer_items,
)
from app.store.autosave import (
    AutosaveStatements,
    CoreStatements,
    read_audit_tip,
    sqlite_file,
    sqlite_transaction,
)
from app.store.database import IMMEDIATE
from app.store.listing import (
    ASSESSMENT_NAMES,
    ASSESSMENTS_SQL,
    ENTERPRISE_NAMES,
    SCORE_NAMES,
    assessment_of,
    build_listing,
    enterprise_of,
    enterprises_sql,
    read_listing,
    score_summary_of,
    values_of,
)
from app.store.models import (
    AssessmentRow,
    AuditRow,
    EnterpriseRow,
    EvidenceRow,
    ExportRow,
    FindingsRow,
    ImportRow,
    ItemRow,
    PlanCheckRow,
    TrustedKeyRow,
)
from app.store.project_models import ProjectRow, SpendingRow
from app.store.sealing import assessment_seal, audit_row_digest

ENTERPRISE_FIELDS = (
    "name", "uscc", "industry_section", "industry_division", "region", "size", "above_scale", "specialized",
    "main_products", "contact_name", "contact_phone", "pilot_subsector", "traction_unit",
)  # fmt: skip


def _now() -> datetime:
    return datetime.now(UTC)


def _utc(value: datetime | None) -> datetime | None:
    # SQLite returns naive datetimes even for timezone-aware columns; they were written in UTC.
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def _enterprise(row: EnterpriseRow) -> Enterprise:
    return enterprise_of(values_of(row, ENTERPRISE_NAMES))  # the listing's reading, one for both


def _assessment(row: Any) -> Assessment:
    """The record of an assessment row (an ORM row, or a selected row of the same columns)."""
    return assessment_of(values_of(row, ASSESSMENT_NAMES))


def _summary(row: AssessmentRow) -> ScoreSummary | None:
    return score_summary_of(*values_of(row, SCORE_NAMES))


def _parsed(assessment_id: int, kind: str, key: str, value: str) -> Any:
    """The Python value of one stored item's JSON text (a choice, a scene level, a figure or a note)."""
    try:
        loaded = json.loads(value)
        if kind == "choice":
            return loaded if isinstance(loaded, str) else tuple(str(v) for v in loaded)
        if kind == "scene":
            return int(loaded)
        if kind == "figure":
            return Decimal(loaded)
        return str(loaded)
    except (ValueError, TypeError, ArithmeticError) as exc:
        raise DamagedRecordError(
            assessment_id,
            f"评测 {assessment_id} 的已存答案 {key} 无法读取 (assessment {assessment_id}: the stored value of "
            f"{key} cannot be read: {value[:40]!r})",
        ) from exc


def _assembled(row: Any, parsed: dict[tuple[str, str], Any]) -> AnswerSet:
    """The answer set of parsed items, keyed (kind, key), of an assessment (a row or record with its form)."""
    answers: dict[str, Choice] = {}
    scenes: dict[str, int] = {}
    figures: dict[str, dict[str, Decimal]] = {}
    notes: dict[str, str] = {}
    for (kind, key), value in parsed.items():
        if kind == "choice":
            answers[key] = value
        elif kind == "scene":
            scenes[key] = value
        elif kind == "figure":
            qid, _, fid = key.partition(".")
            figures.setdefault(qid, {})[fid] = value
        else:
            notes[key] = value
    return AnswerSet(row.form_id, answers, scenes, figures, notes, form_revision=row.form_revision)


def _answers_of(row: Any, items: Iterable[Any]) -> AnswerSet:
    """The answer set of stored items (ORM rows or selected rows with kind, key and value)."""
    return _assembled(row, {(i.kind, i.key): _parsed(row.id, i.kind, i.key, i.value) for i in items})


@dataclass(frozen=True)
class _DraftItems:
    """A draft's answer items as this repository last saved them, valid while its version and time of change
    (read in the saving transaction) are still those it wrote."""

    version: int
    updated_at: datetime
    stored: dict[tuple[str, str], str]  # (kind, key): the JSON text as stored
    parsed: dict[tuple[str, str], Any]  # (kind, key): its value, as _parsed reads it


def _finalized(assessment_id: int) -> FinalizedError:
    return FinalizedError(
        f"评测 {assessment_id} 已定稿，不能修改 (assessment {assessment_id} is finalized and cannot change; "
        "make a correction revision instead)"
    )


def _evidence(row: EvidenceRow) -> Evidence:
    return Evidence(
        id=row.id,
        assessment_id=row.assessment_id,
        item=row.item,
        filename=row.filename,
        sha256=row.sha256,
        size=row.size,
        description=row.description,
        added_at=_utc(row.added_at),
    )


def _export(row: ExportRow) -> ExportRecord:
    return ExportRecord(
        assessment_id=row.assessment_id,
        package_fingerprint=row.package_fingerprint,
        signer_fingerprint=row.signer_fingerprint,
        path=row.path,
        exported_at=_utc(row.exported_at) or row.exported_at,
        actor=row.actor,
        commitment=row.commitment,
    )


def _enterprise_values(fields: EnterpriseFields) -> dict[str, object]:
    values: dict[str, object] = {name: getattr(fields, name) for name in ENTERPRISE_FIELDS}
    values["size"] = fields.size.value if fields.size else None
    values["specialized"] = fields.specialized.value
    return values


def _audit_values(
    prev: str,
    actor: str,
    action: str,
    enterprise_id: int | None,
    assessment_id: int | None,
    key: str,
    old: str | None,
    new: str | None,
) -> dict[str, Any]:
    """The columns of one audit row, its digest chained to the row before (``prev``)."""
    values: dict[str, Any] = {
        "at": _now(), "actor": actor, "action": action, "enterprise_id": enterprise_id,
        "assessment_id": assessment_id, "key": key, "old": old, "new": new, "prev_digest": prev,
    }  # fmt: skip
    values["digest"] = audit_row_digest(prev, SimpleNamespace(**values))
    return values


class SqlWorkspaceRepository:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        # Writing transactions take SQLite's write lock at BEGIN (see app.store.database._sqlite_begin).
        self._writer = engine.execution_options(**{IMMEDIATE: True})
        self._file = sqlite_file(engine) if engine.dialect.name == "sqlite" else None  # autosave on the driver
        # The answer items of the drafts saved here, so the next save of one need not read them back (see
        # edit_answers); replaced whole after each commit, never changed in place.
        self._drafts: dict[int, _DraftItems] = {}

    def close(self) -> None:
        """Close every pooled connection (before the file is moved, restored or deleted)."""
        self._drafts.clear()
        self._engine.dispose()

    @contextmanager
    def _tx(self) -> Iterator[Session]:
        """A writing transaction: on SQLite BEGIN IMMEDIATE, so everything it reads stays true until it commits."""
        with Session(self._writer, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def _read(self) -> Iterator[Session]:
        """A reading transaction: one consistent snapshot, never waiting for a writer."""
        with Session(self._engine, expire_on_commit=False) as session, session.begin():
            yield session

    def _audit_tip(self, s: Session) -> str:
        """The digest of the newest audit row, read once per transaction under the writers' lock."""
        tip = s.info.get("audit_tip")
        if tip is None:
            tip = read_audit_tip(s.connection())
        return str(tip)

    def _audit(
        self,
        s: Session,
        actor: str,
        action: str,
        *,
        enterprise_id: int | None = None,
        assessment_id: int | None = None,
        key: str = "",
        old: str | None = None,
        new: str | None = None,
    ) -> None:
        values = _audit_values(self._audit_tip(s), actor, action, enterprise_id, assessment_id, key, old, new)
        s.info["audit_tip"] = values["digest"]
        s.add(AuditRow(**values))

    def _update_fields(
        self,
        s: Session,
        row: EnterpriseRow | AssessmentRow,
        values: dict[str, object],
        actor: str,
        action: str,
        enterprise_id: int | None,
        assessment_id: int | None,
    ) -> None:
        """Set the columns that changed, one audit row (old → new) per column."""
        for name, value in values.items():
            old = getattr(row, name)
            if old != value:
                self._audit(
                    s, actor, action, enterprise_id=enterprise_id, assessment_id=assessment_id, key=name,
                    old=None if old is None else str(old), new=None if value is None else str(value),
                )  # fmt: skip
                setattr(row, name, value)
        row.updated_at = _now()

    # Enterprises

    def add_enterprise(self, fields: EnterpriseFields, actor: str) -> Enterprise:
        try:
            with self._tx() as s:
                return _enterprise(self._insert_enterprise(s, fields, actor, _now()))
        except IntegrityError as exc:  # a concurrent writer won the race on the unique USCC
            raise DuplicateError(f"统一社会信用代码 {fields.uscc} 已存在 (USCC already in the workspace)") from exc

    def _insert_enterprise(self, s: Session, fields: EnterpriseFields, actor: str, now: datetime) -> EnterpriseRow:
        if s.scalar(select(EnterpriseRow.id).where(EnterpriseRow.uscc == fields.uscc)) is not None:
            raise DuplicateError(f"统一社会信用代码 {fields.uscc} 已存在 (USCC already in the workspace)")
        row = EnterpriseRow(**_enterprise_values(fields), created_at=now, updated_at=now)
        s.add(row)
        s.flush()
        self._audit(s, actor, "enterprise.add", enterprise_id=row.id, new=fields.name)
        return row

    def update_enterprise(self, enterprise_id: int, fields: EnterpriseFields, actor: str) -> Enterprise:
        with self._tx() as s:
            row = s.get(EnterpriseRow, enterprise_id)
            if row is None:
                raise NotFoundError(f"no enterprise {enterprise_id}")
            clash = s.scalar(
                select(EnterpriseRow.id).where(EnterpriseRow.uscc == fields.uscc, EnterpriseRow.id != enterprise_id)
            )
            if clash is not None:
                raise DuplicateError(f"统一社会信用代码 {fields.uscc} 已存在 (USCC already in the workspace)")
            self._update_fields(s, row, _enterprise_values(fields), actor, "enterprise.update", row.id, None)
            return _enterprise(row)

    def get_enterprise(self, enterprise_id: int) -> Enterprise | None:
        with self._read() as s:
            row = s.get(EnterpriseRow, enterprise_id)
            return None if row is None else _enterprise(row)

    def find_enterprise_by_uscc(self, uscc: str) -> Enterprise | None:
        with self._read() as s:
            row = s.scalar(select(EnterpriseRow).where(EnterpriseRow.uscc == uscc))
            return None if row is None else _enterprise(row)

    def list_enterprises(self, search: str = "", include_archived: bool = False) -> list[EnterpriseListing]:
        with self._engine.connect() as conn, conn.begin():  # one snapshot for both statements
            if conn.dialect.name == "sqlite":  # the driver itself takes the statements' named parameters
                return read_listing(conn.connection.driver_connection, search, include_archived)
            sql, params = enterprises_sql(search, include_archived)
            return build_listing(conn.execute(text(sql), params).all(), conn.execute(text(ASSESSMENTS_SQL)).all())

    def set_enterprise_archived(self, enterprise_id: int, archived: bool, actor: str) -> Enterprise:
        """Archive (hide from the default list) or bring back an enterprise, audited; a no-op if already so."""
        with self._tx() as s:
            row = s.get(EnterpriseRow, enterprise_id, with_for_update=True)
            if row is None:
                raise NotFoundError(f"no enterprise {enterprise_id}")
            if row.archived != archived:
                action = "enterprise.archive" if archived else "enterprise.unarchive"
                self._audit(s, actor, action, enterprise_id=row.id, key="archived",
                            old=str(row.archived), new=str(archived))  # fmt: skip
                row.archived = archived
                row.updated_at = _now()
            return _enterprise(row)

    def _contents(self, s: Session, row: EnterpriseRow, lock: bool = False) -> EnterpriseContents:
        # FOR UPDATE on PostgreSQL: no draft of it can be finalized while it is being deleted.
        query = (
            select(AssessmentRow.id, AssessmentRow.status)
            .where(AssessmentRow.enterprise_id == row.id)
            .order_by(AssessmentRow.id)
        )
        assessments = s.execute(query.with_for_update() if lock else query).all()
        ids = [a.id for a in assessments]
        finalized = tuple(a.id for a in assessments if a.status == AssessmentStatus.FINALIZED.value)

        def count(column: InstrumentedAttribute[int]) -> int:
            return int(s.scalar(select(func.count()).where(column.in_(ids))) or 0) if ids else 0

        digests: list[str] = []
        if ids:
            digests = list(s.scalars(select(EvidenceRow.sha256).where(EvidenceRow.assessment_id.in_(ids))))
        return EnterpriseContents(
            enterprise=_enterprise(row),
            drafts=tuple(i for i in ids if i not in finalized),
            finalized=finalized,
            evidence=count(EvidenceRow.assessment_id),
            findings=count(FindingsRow.assessment_id),
            plan_checks=count(PlanCheckRow.assessment_id),
            projects=int(s.scalar(select(func.count()).where(ProjectRow.enterprise_id == row.id)) or 0),
            evidence_digests=frozenset(digests),
        )

    def enterprise_contents(self, enterprise_id: int) -> EnterpriseContents:
        with self._read() as s:
            row = s.get(EnterpriseRow, enterprise_id)
            if row is None:
                raise NotFoundError(f"no enterprise {enterprise_id}")
            return self._contents(s, row)

    def delete_enterprise(self, enterprise_id: int, actor: str) -> EnterpriseContents:
        with self._tx() as s:
            row = s.get(EnterpriseRow, enterprise_id, with_for_update=True)
            if row is None:
                raise NotFoundError(f"no enterprise {enterprise_id}")
            contents = self._contents(s, row, lock=True)
            if contents.finalized:
                raise EnterpriseDeleteRefusedError(contents.enterprise, contents.finalized[0])
            ids = list(contents.drafts)
            # The audit rows stay (they have no foreign key): the chain is only extended, by this row.
            summary = {
                "name": row.name, "uscc": row.uscc, "assessments": ids, "evidence": contents.evidence,
                "findings": contents.findings, "plan_checks": contents.plan_checks, "projects": contents.projects,
            }  # fmt: skip
            self._audit(s, actor, "enterprise.delete", enterprise_id=row.id, key=row.uscc,
                        old=json.dumps(summary, ensure_ascii=False, sort_keys=True))  # fmt: skip
            projects = select(ProjectRow.id).where(ProjectRow.enterprise_id == row.id)
            s.execute(delete(SpendingRow).where(SpendingRow.project_id.in_(projects)))
            s.execute(delete(ProjectRow).where(ProjectRow.enterprise_id == row.id))
            if ids:
                for table in (ItemRow, EvidenceRow, FindingsRow, PlanCheckRow, ExportRow, ImportRow):
                    s.execute(delete(table).where(table.assessment_id.in_(ids)))
                # Newest first: a draft may name an older one as the assessment it revises.
                for assessment_id in sorted(ids, reverse=True):
                    s.execute(delete(AssessmentRow).where(AssessmentRow.id == assessment_id))
            s.delete(row)
            return contents

    # Assessments

    def add_assessment(self, new: NewAssessment, answers: AnswerSet, summary: ScoreSummary, actor: str) -> Assessment:
        with self._tx() as s:
            if s.get(EnterpriseRow, new.enterprise_id) is None:
                raise NotFoundError(f"no enterprise {new.enterprise_id}")
            now = _now()
            row = self._insert_assessment(s, new, answers, summary, now)
            action = "assessment.correct" if new.revision_of else "assessment.new"
            self._audit(
                s,
                actor,
                action,
                enterprise_id=new.enterprise_id,
                assessment_id=row.id,
                key=new.kind.value,
                new=new.revision_reason or None,
            )
            return _assessment(row)

    def _insert_assessment(
        self, s: Session, new: NewAssessment, answers: AnswerSet, summary: ScoreSummary, now: datetime
    ) -> AssessmentRow:
        """Insert a draft assessment row and its answer items (inside the caller's transaction)."""
        row = AssessmentRow(
            enterprise_id=new.enterprise_id, form_id=new.form_id, form_revision=new.form_revision,
            form_hash=new.form_hash, kind=new.kind.value, status=AssessmentStatus.DRAFT.value,
            assessor_name=new.assessor.name, assessor_organisation=new.assessor.organisation,
            assessor_role=new.assessor.role, on_site=new.on_site, assessed_on=new.assessed_on,
            created_at=now, updated_at=now, revision_of=new.revision_of, revision_reason=new.revision_reason,
            last_item="", total_score=summary.total, level=summary.level, complete=summary.complete,
        )  # fmt: skip
        s.add(row)
        s.flush()
        for item in answer_items(answers):
            s.add(ItemRow(assessment_id=row.id, kind=item.kind, key=item.key, value=item.value, updated_at=now))
        return row

    def _row(self, s: Session, assessment_id: int, lock: bool = False) -> AssessmentRow:
        # FOR UPDATE locks the row on PostgreSQL until the transaction ends (SQLite ignores it: BEGIN IMMEDIATE).
        row = s.get(AssessmentRow, assessment_id, with_for_update=lock)
        if row is None:
            raise NotFoundError(f"no assessment {assessment_id}")
        return row

    def _check_version(self, s: Session, row: AssessmentRow, expected: int | None) -> None:
        if expected is None or row.version == expected:
            return
        last = s.scalar(select(AuditRow).where(AuditRow.assessment_id == row.id).order_by(AuditRow.id.desc()).limit(1))
        raise ConflictError(row.id, last.actor if last else "?", _utc(last.at) if last else None, row.version)

    def _draft(self, s: Session, assessment_id: int) -> AssessmentRow:
        row = self._row(s, assessment_id, lock=True)
        if row.status == AssessmentStatus.FINALIZED.value:
            raise _finalized(assessment_id)
        return row

    def get_assessment(self, assessment_id: int) -> Assessment | None:
        with self._read() as s:
            row = s.get(AssessmentRow, assessment_id)
            return None if row is None else _assessment(row)

    def list_assessments(self, enterprise_id: int) -> list[AssessmentSummary]:
        with self._read() as s:
            rows = s.scalars(
                select(AssessmentRow)
                .where(AssessmentRow.enterprise_id == enterprise_id)
                .order_by(AssessmentRow.created_at, AssessmentRow.id)
            )
            return [AssessmentSummary(_assessment(r), _summary(r)) for r in rows]

    def load_answers(self, assessment_id: int) -> AnswerSet:
        with self._read() as s:
            return self._load_answers(s, self._row(s, assessment_id))

    def _seal_of(self, s: Session, row: AssessmentRow, items: Sequence[ItemRow] | None = None) -> str:
        """The seal of the row's values as they are (in memory: the queries below must not flush the row)."""
        with s.no_autoflush:
            if items is None:
                items = list(s.scalars(select(ItemRow).where(ItemRow.assessment_id == row.id)))
            links = s.execute(
                select(EvidenceRow.item, EvidenceRow.filename, EvidenceRow.sha256, EvidenceRow.size).where(
                    EvidenceRow.assessment_id == row.id
                )
            )
            return assessment_seal(row, [(i.kind, i.key, i.value) for i in items], [tuple(e) for e in links])

    def _load_answers(self, s: Session, row: AssessmentRow) -> AnswerSet:
        items = list(s.scalars(select(ItemRow).where(ItemRow.assessment_id == row.id)))
        if row.status == AssessmentStatus.FINALIZED.value and self._seal_of(s, row, items) != row.seal:
            raise DamagedRecordError(
                row.id,
                f"已定稿的评测 {row.id} 与其内容摘要不符，数据在程序之外被改动过 (finalized assessment {row.id} does "
                "not match its content digest: its stored data was changed outside this program); it is not shown, "
                "reported or exported: restore a backup (sme-assess db restore --list)",
            )
        return _answers_of(row, items)

    def save_items(
        self,
        assessment_id: int,
        changes: Sequence[ItemChange],
        summary: ScoreSummary,
        actor: str,
        last_item: str | None = None,
    ) -> None:
        """Save changes already validated and scored: the autosave path with a fixed edit."""
        self.edit_answers(assessment_id, lambda _a, _answers: (list(changes), summary), actor, last_item)

    def edit_answers(
        self,
        assessment_id: int,
        edit: AnswerEdit,
        actor: str,
        last_item: str | None = None,
        expected_version: int | None = None,
    ) -> int:
        # One write transaction from the read to the write: no other writer's save can fall in between. This is
        # the hot path (every keystroke's save): on SQLite it runs on the driver itself, elsewhere as prepared
        # Core statements (app.store.autosave); the rows and audit entries it writes are those of save_items.
        if self._file is not None:
            with sqlite_transaction(self._engine, self._file) as statements:
                version, saved = self._edit(statements, assessment_id, edit, actor, last_item, expected_version)
        else:
            with self._writer.begin() as conn:
                version, saved = self._edit(
                    CoreStatements(conn), assessment_id, edit, actor, last_item, expected_version
                )
        self._remember(assessment_id, saved)  # committed: what the next save may start from
        return version

    def _edit(
        self,
        statements: AutosaveStatements,
        assessment_id: int,
        edit: AnswerEdit,
        actor: str,
        last_item: str | None,
        expected_version: int | None,
    ) -> tuple[int, _DraftItems]:
        record = statements.draft(assessment_id)
        if record is None:
            raise NotFoundError(f"no assessment {assessment_id}")
        if record.status is AssessmentStatus.FINALIZED:
            raise _finalized(assessment_id)
        if expected_version is not None and record.version != expected_version:
            last = statements.last_audit(assessment_id)
            raise ConflictError(record.id, last[0] if last else "?", last[1] if last else None, record.version)
        known = self._drafts.get(assessment_id)
        if known is not None and known.version == record.version and known.updated_at == record.updated_at:
            # Nothing changed the answers since this repository saved them: the draft row read in this
            # transaction still carries the version and time that save wrote (every change advances both).
            stored, parsed = dict(known.stored), dict(known.parsed)
        else:
            stored, parsed = {}, {}
            for kind, key, value in statements.items(assessment_id):
                stored[kind, key] = value
                parsed[kind, key] = _parsed(assessment_id, kind, key, value)
        changes, summary = edit(record, _assembled(record, parsed))
        now = _now()
        tip: str | None = None
        for change in changes:
            item = (change.kind, change.key)
            old = stored.get(item)
            if old == change.value:
                continue
            if change.value is None:
                statements.delete_item(assessment_id, change.kind, change.key)
                del stored[item]
                parsed.pop(item, None)
            else:
                if old is None:
                    statements.insert_item(assessment_id, change.kind, change.key, change.value, now)
                else:
                    statements.update_item(assessment_id, change.kind, change.key, change.value, now)
                stored[item] = change.value
                parsed.pop(item, None)  # read after the commit (see _remember)
            values = _audit_values(
                statements.audit_tip() if tip is None else tip, actor, f"{change.kind}.set",
                record.enterprise_id, assessment_id, change.key, old, change.value,
            )  # fmt: skip
            tip = values["digest"]
            statements.insert_audit(values)
        version = record.version + 1
        statements.save_summary(assessment_id, summary, now, version, last_item)
        return version, _DraftItems(version, now, stored, parsed)

    def _remember(self, assessment_id: int, saved: _DraftItems) -> None:
        """Keep a committed save's items for the next save, the values it wrote read as a fresh read reads them."""
        parsed = saved.parsed
        try:
            for (kind, key), value in saved.stored.items():
                if (kind, key) not in parsed:
                    parsed[kind, key] = _parsed(assessment_id, kind, key, value)
        except DamagedRecordError:  # saved as given; the next save reads it back and refuses it, as before
            self._drafts.pop(assessment_id, None)
            return
        self._drafts[assessment_id] = saved

    def set_last_item(self, assessment_id: int, item: str) -> None:
        with self._tx() as s:
            row = self._row(s, assessment_id)
            if row.status != AssessmentStatus.FINALIZED.value and row.last_item != item:
                row.last_item = item

    def update_assessment_info(
        self,
        assessment_id: int,
        assessor: Assessor,
        on_site: bool,
        assessed_on: date | None,
        actor: str,
        expected_version: int | None = None,
    ) -> Assessment:
        with self._tx() as s:
            row = self._draft(s, assessment_id)
            self._check_version(s, row, expected_version)
            new_values = {
                "assessor_name": assessor.name,
                "assessor_organisation": assessor.organisation,
                "assessor_role": assessor.role,
                "on_site": on_site,
                "assessed_on": assessed_on,
            }
            self._update_fields(s, row, new_values, actor, "assessment.update", row.enterprise_id, assessment_id)
            row.version += 1
            return _assessment(row)

    def finalize(self, assessment_id: int, actor: str) -> Assessment:
        with self._tx() as s:
            row = self._draft(s, assessment_id)
            now = _now()
            row.status = AssessmentStatus.FINALIZED.value
            row.finalized_at = now
            row.updated_at = now
            row.version += 1
            row.seal = self._seal_of(s, row)  # what every later read of it is checked against
            self._audit(
                s,
                actor,
                "assessment.finalize",
                enterprise_id=row.enterprise_id,
                assessment_id=assessment_id,
                old="draft",
                new="finalized",
            )
            return _assessment(row)

    def delete_draft(self, assessment_id: int, actor: str) -> None:
        with self._tx() as s:
            row = self._draft(s, assessment_id)
            if s.scalar(select(func.count()).where(AssessmentRow.revision_of == assessment_id)):
                raise FinalizedError(f"assessment {assessment_id} has revisions and cannot be deleted")
            self._audit(s, actor, "assessment.delete", enterprise_id=row.enterprise_id, assessment_id=assessment_id)
            s.execute(delete(ItemRow).where(ItemRow.assessment_id == assessment_id))
            s.execute(delete(EvidenceRow).where(EvidenceRow.assessment_id == assessment_id))
            s.execute(delete(FindingsRow).where(FindingsRow.assessment_id == assessment_id))
            s.delete(row)

    # Findings (the consultant's pain points and needs list, app.core.findings)

    def load_findings(self, assessment_id: int) -> str | None:
        """The stored findings document (canonical JSON), None when none was saved."""
        with self._read() as s:
            self._row(s, assessment_id)
            return s.scalar(select(FindingsRow.document).where(FindingsRow.assessment_id == assessment_id))

    def save_findings(self, assessment_id: int, document: str, actor: str) -> bool:
        """Store the findings of a draft (FinalizedError once finalized), audited old → new; False if unchanged."""
        with self._tx() as s:
            row = self._draft(s, assessment_id)
            current = s.get(FindingsRow, assessment_id)
            old = None if current is None else current.document
            if old == document:
                return False
            now = _now()
            if current is None:
                s.add(FindingsRow(assessment_id=assessment_id, document=document, updated_at=now, actor=actor))
            else:
                current.document = document
                current.updated_at = now
                current.actor = actor
            self._audit(s, actor, "findings.set", enterprise_id=row.enterprise_id, assessment_id=assessment_id,
                        key="findings", old=old, new=document)  # fmt: skip
            return True

    # Evidence

    def add_evidence(
        self,
        assessment_id: int,
        item: str,
        filename: str,
        sha256: str,
        size: int,
        description: str,
        actor: str,
    ) -> Evidence:
        with self._tx() as s:
            row = self._draft(s, assessment_id)
            existing = s.scalar(
                select(EvidenceRow).where(
                    EvidenceRow.assessment_id == assessment_id,
                    EvidenceRow.item == item,
                    EvidenceRow.sha256 == sha256,
                )
            )
            if existing is not None:
                return _evidence(existing)
            ev = EvidenceRow(
                assessment_id=assessment_id,
                item=item,
                filename=filename,
                sha256=sha256,
                size=size,
                description=description,
                added_at=_now(),
            )
            s.add(ev)
            s.flush()
            self._audit(
                s,
                actor,
                "evidence.add",
                enterprise_id=row.enterprise_id,
                assessment_id=assessment_id,
                key=item,
                new=f"{filename} sha256:{sha256}",
            )
            return _evidence(ev)

    def remove_evidence(self, evidence_id: int, actor: str) -> Evidence:
        with self._tx() as s:
            ev = s.get(EvidenceRow, evidence_id)
            if ev is None:
                raise NotFoundError(f"no evidence {evidence_id}")
            row = self._draft(s, ev.assessment_id)
            record = _evidence(ev)
            self._audit(
                s,
                actor,
                "evidence.remove",
                enterprise_id=row.enterprise_id,
                assessment_id=ev.assessment_id,
                key=ev.item,
                old=f"{ev.filename} sha256:{ev.sha256}",
            )
            s.delete(ev)
            return record

    def list_evidence(self, assessment_id: int) -> list[Evidence]:
        with self._read() as s:
            rows = s.scalars(
                select(EvidenceRow).where(EvidenceRow.assessment_id == assessment_id).order_by(EvidenceRow.id)
            )
            return [_evidence(r) for r in rows]

    def evidence_in_use(self, sha256: str) -> bool:
        with self._read() as s:
            return s.scalar(select(func.count()).where(EvidenceRow.sha256 == sha256)) != 0

    # Audit and imports

    def audit(self, assessment_id: int | None = None, enterprise_id: int | None = None) -> list[AuditEntry]:
        with self._read() as s:
            query = select(AuditRow).order_by(AuditRow.id)
            if assessment_id is not None:
                query = query.where(AuditRow.assessment_id == assessment_id)
            if enterprise_id is not None:
                query = query.where(AuditRow.enterprise_id == enterprise_id)
            return [
                AuditEntry(
                    _utc(r.at) or r.at,
                    r.actor,
                    r.action,
                    r.enterprise_id,
                    r.assessment_id,
                    r.key,
                    r.old,
                    r.new,
                )
                for r in s.scalars(query)
            ]

    def record_import(self, package_sha256: str, assessment_id: int, source_assessment_id: int, signer: str) -> None:
        with self._tx() as s:
            s.add(
                ImportRow(
                    package_sha256=package_sha256,
                    assessment_id=assessment_id,
                    source_assessment_id=source_assessment_id,
                    signer_fingerprint=signer,
                    imported_at=_now(),
                )
            )

    def import_assessment(
        self,
        new: NewAssessment,
        answers: AnswerSet,
        summary: ScoreSummary,
        evidence: Sequence[tuple[str, str, str, int]],
        *,
        finalized: bool,
        finalized_at: datetime | None,
        package_sha256: str,
        source_assessment_id: int,
        signer: str,
        actor: str,
        new_enterprise: EnterpriseFields | None = None,
        origin_verified: bool = True,
    ) -> Assessment:
        with self._tx() as s:
            if s.scalar(select(ImportRow.id).where(ImportRow.package_sha256 == package_sha256)) is not None:
                raise DuplicateError(f"package {package_sha256[:16]}… was already imported")
            now = _now()
            if new_enterprise is not None:
                new = replace(new, enterprise_id=self._insert_enterprise(s, new_enterprise, actor, now).id)
            row = self._insert_assessment(s, new, answers, summary, now)
            for item_id, filename, sha256, size in evidence:
                s.add(EvidenceRow(assessment_id=row.id, item=item_id, filename=filename, sha256=sha256, size=size,
                                  description="", added_at=now))  # fmt: skip
            s.add(
                ImportRow(
                    package_sha256=package_sha256, assessment_id=row.id, source_assessment_id=source_assessment_id,
                    signer_fingerprint=signer, imported_at=now, origin_verified=origin_verified,
                )
            )  # fmt: skip
            self._audit(s, actor, "assessment.import", enterprise_id=new.enterprise_id, assessment_id=row.id,
                        key=package_sha256, new=f"source #{source_assessment_id} signed by {signer}")  # fmt: skip
            s.flush()
            if finalized:  # last, so the immutability triggers let the rows above in
                s.refresh(row)  # the values as stored (rounded, naive UTC), which later reads are checked against
                row.status = AssessmentStatus.FINALIZED.value
                row.finalized_at = (_utc(finalized_at) or now).astimezone(UTC)
                row.seal = self._seal_of(s, row)
            return _assessment(row)

    def record_export(
        self,
        assessment_id: int,
        package_fingerprint: str,
        signer_fingerprint: str,
        path: str,
        actor: str,
        commitment: str = "",
    ) -> ExportRecord:
        with self._tx() as s:
            row = self._row(s, assessment_id)
            export = ExportRow(
                assessment_id=assessment_id, package_fingerprint=package_fingerprint,
                signer_fingerprint=signer_fingerprint, path=path, exported_at=_now(), actor=actor,
                commitment=commitment,
            )  # fmt: skip
            s.add(export)
            # The audit row keeps the format it had before the exports table (so a downgrade loses nothing).
            details = json.dumps({"path": path, "signer": signer_fingerprint})
            self._audit(s, actor, "assessment.export", enterprise_id=row.enterprise_id, assessment_id=assessment_id,
                        key=package_fingerprint, new=details)  # fmt: skip
            s.flush()
            return _export(export)

    def list_exports(self, assessment_id: int) -> list[ExportRecord]:
        with self._read() as s:
            query = select(ExportRow).where(ExportRow.assessment_id == assessment_id).order_by(ExportRow.id)
            return [_export(r) for r in s.scalars(query)]

    def plan_checks(self, assessment_id: int) -> frozenset[str]:
        with self._read() as s:
            self._row(s, assessment_id)
            query = select(PlanCheckRow.item).where(PlanCheckRow.assessment_id == assessment_id)
            return frozenset(s.scalars(query))

    def set_plan_check(self, assessment_id: int, item: str, done: bool, actor: str) -> bool:
        with self._tx() as s:
            row = self._row(s, assessment_id)
            existing = s.scalar(
                select(PlanCheckRow).where(PlanCheckRow.assessment_id == assessment_id, PlanCheckRow.item == item)
            )
            if (existing is not None) == done:
                return False  # already so: nothing written, nothing audited
            if done:
                s.add(PlanCheckRow(assessment_id=assessment_id, item=item, checked_at=_now(), actor=actor))
            else:
                s.delete(existing)
            self._audit(s, actor, "assessment.plan_check", enterprise_id=row.enterprise_id,
                        assessment_id=assessment_id, key=item, old="1" if not done else "0",
                        new="1" if done else "0")  # fmt: skip
            s.flush()
            return True

    def find_import(self, package_sha256: str) -> int | None:
        with self._read() as s:
            return s.scalar(select(ImportRow.assessment_id).where(ImportRow.package_sha256 == package_sha256))

    # ------------------------------------------------------------ the trust store (TrustStore port)

    def add_trusted_key(self, key: TrustedKey) -> TrustedKey:
        try:
            with self._tx() as s:
                row = TrustedKeyRow(
                    fingerprint=key.fingerprint, public_key=key.public_key, role=key.role, name=key.name,
                    uscc=key.uscc, added_at=_now(), actor=key.actor,
                )  # fmt: skip
                s.add(row)
                self._audit(s, key.actor, "trust.add", key=key.fingerprint[:60], new=f"{key.role} {key.name}")
                s.flush()
                return _trusted(row)
        except IntegrityError:
            raise DuplicateError(f"key {key.fingerprint} is trusted as {key.role} already") from None

    def list_trusted_keys(self) -> list[TrustedKey]:
        with self._read() as s:
            return [_trusted(r) for r in s.scalars(select(TrustedKeyRow).order_by(TrustedKeyRow.id))]

    def remove_trusted_key(self, fingerprint: str, actor: str) -> int:
        with self._tx() as s:
            rows = list(s.scalars(select(TrustedKeyRow).where(TrustedKeyRow.fingerprint == fingerprint)))
            for row in rows:
                self._audit(s, actor, "trust.remove", key=fingerprint[:60], old=f"{row.role} {row.name}")
                s.delete(row)
            return len(rows)

    def known_enterprise_keys(self, enterprise_id: int) -> set[str]:
        with self._read() as s:
            ids = select(AssessmentRow.id).where(AssessmentRow.enterprise_id == enterprise_id)
            imported = s.scalars(select(ImportRow.signer_fingerprint).where(ImportRow.assessment_id.in_(ids)))
            exported = s.scalars(select(ExportRow.signer_fingerprint).where(ExportRow.assessment_id.in_(ids)))
            return {fp for fp in (*imported, *exported) if fp}

    def find_export(self, package_fingerprint: str) -> ExportRecord | None:
        with self._read() as s:
            row = s.scalars(
                select(ExportRow).where(ExportRow.package_fingerprint == package_fingerprint).order_by(ExportRow.id)
            ).first()
            return None if row is None else _export(row)

    def unverified_imports(self) -> set[int]:
        with self._read() as s:
            return set(s.scalars(select(ImportRow.assessment_id).where(ImportRow.origin_verified.is_(False))))


def _trusted(row: TrustedKeyRow) -> TrustedKey:
    return TrustedKey(row.fingerprint, bytes(row.public_key), row.role, row.name, row.uscc, _utc(row.added_at),
                      row.actor)  # fmt: skip
