"""Ports: what the services need from storage. Adapters in app.store implement them; tests may use fakes."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from app.core.answers import AnswerSet
from app.core.form import Form
from app.core.projects import Project, SpendingCategory, SpendingEntry
from app.core.records import (
    Assessment,
    AssessmentKind,
    Assessor,
    Enterprise,
    EnterpriseSize,
    Evidence,
    SpecializedStatus,
)


@dataclass(frozen=True)
class EnterpriseFields:
    """Editable enterprise fields, already validated by the service."""

    name: str
    uscc: str
    industry_section: str = ""
    industry_division: str = ""
    region: str = ""
    size: EnterpriseSize | None = None
    above_scale: bool | None = None
    specialized: SpecializedStatus = SpecializedStatus.NONE
    main_products: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    pilot_subsector: str = ""
    traction_unit: str = ""


@dataclass(frozen=True)
class NewAssessment:
    """What the repository stores for a new assessment."""

    enterprise_id: int
    form_id: str
    form_revision: int
    form_hash: str
    kind: AssessmentKind
    assessor: Assessor
    on_site: bool
    assessed_on: date | None
    revision_of: int | None = None
    revision_reason: str = ""


@dataclass(frozen=True, slots=True)  # slots: a listing holds tens of thousands
class ScoreSummary:
    """The cached headline of a result, for listing and sorting without rescoring."""

    total: Decimal
    level: int
    complete: bool


@dataclass(frozen=True, slots=True)  # slots: a listing holds tens of thousands
class AssessmentSummary:
    """An assessment and its cached score (None: not scored yet)."""

    assessment: Assessment
    summary: ScoreSummary | None


@dataclass(frozen=True, slots=True)  # slots: a listing holds tens of thousands
class EnterpriseListing:
    """One enterprise of the listing, with its assessments."""

    enterprise: Enterprise
    assessments: tuple[AssessmentSummary, ...]


@dataclass(frozen=True)
class EnterpriseContents:
    """What is stored for one enterprise: what goes with it when it is deleted (drafts only)."""

    enterprise: Enterprise
    drafts: tuple[int, ...]  # assessment ids
    finalized: tuple[int, ...]
    evidence: int  # evidence rows over all its assessments
    findings: int
    plan_checks: int
    projects: int
    evidence_digests: frozenset[str] = frozenset()  # the files the evidence rows refer to


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log."""

    at: datetime
    actor: str
    action: str
    enterprise_id: int | None
    assessment_id: int | None
    key: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class ExportRecord:
    """A package exported from this workspace (its fingerprints are printed on later reports)."""

    assessment_id: int
    package_fingerprint: str  # SHA256 of the manifest
    signer_fingerprint: str  # the enterprise key's fingerprint
    path: str
    exported_at: datetime
    actor: str
    commitment: str = ""  # the signed commitment's id@version ("" for exports recorded before it was kept)


@dataclass(frozen=True)
class TrustedKey:
    """A public key the workspace trusts in one role; ``uscc`` (optional) ties an enterprise key to its USCC."""

    fingerprint: str  # "SHA256:" + hex of the raw 32-byte key
    public_key: bytes
    role: str  # enterprise | assessor
    name: str = ""
    uscc: str = ""
    added_at: datetime | None = None
    actor: str = ""


class TrustStore(Protocol):
    """The workspace's trusted keys and what an import policy needs to know about keys already seen."""

    def add_trusted_key(self, key: TrustedKey) -> TrustedKey:
        """Add a key in its role; raises DuplicateError when it is trusted in that role already."""
        ...

    def list_trusted_keys(self) -> list[TrustedKey]: ...

    def remove_trusted_key(self, fingerprint: str, actor: str) -> int:
        """Remove the key in every role; return how many entries went."""
        ...

    def known_enterprise_keys(self, enterprise_id: int) -> set[str]:
        """Fingerprints that signed this enterprise's packages here: its imports and its own exports."""
        ...

    def find_export(self, package_fingerprint: str) -> ExportRecord | None:
        """The export of this workspace with that package fingerprint (SHA256 of the manifest), if any."""
        ...

    def unverified_imports(self) -> set[int]:
        """Ids of assessments imported with their origin not verified (来源未核验)."""
        ...


@dataclass(frozen=True)
class NewProject:
    """A transformation project's fields, already validated by the service."""

    enterprise_id: int
    contract_no: str
    provider: str
    contract_amount: int
    down_payment: int | None
    signed_on: date
    baseline_id: int | None = None
    after_id: int | None = None


class ProjectStore(Protocol):
    """Transformation projects and their spending entries (every change audited)."""

    def add_project(self, new: NewProject, actor: str) -> Project:
        """Raises DuplicateError when the enterprise has a project with that contract number."""
        ...

    def get_project(self, project_id: int) -> Project | None: ...

    def list_projects(self, enterprise_id: int) -> list[Project]: ...

    def link_project(self, project_id: int, baseline_id: int | None, after_id: int | None, actor: str) -> Project: ...

    def add_spending(
        self, project_id: int, amount: int, category: SpendingCategory, spent_on: date | None, note: str, actor: str
    ) -> SpendingEntry: ...


@dataclass(frozen=True)
class ItemChange:
    """One answer change: kind is choice | scene | figure | note; value is JSON text, None to clear."""

    kind: str
    key: str
    value: str | None


def answer_items(answers: AnswerSet) -> list[ItemChange]:
    """Flatten an answer set into stored items."""
    items = [
        ItemChange("choice", qid, json.dumps(v if isinstance(v, str) else list(v)))
        for qid, v in answers.answers.items()
    ]
    items += [ItemChange("scene", sid, json.dumps(level)) for sid, level in answers.scenes.items()]
    items += [
        ItemChange("figure", f"{qid}.{fid}", json.dumps(str(value)))
        for qid, figs in answers.figures.items()
        for fid, value in figs.items()
    ]
    items += [ItemChange("note", item, json.dumps(text, ensure_ascii=False)) for item, text in answers.notes.items()]
    return items


AnswerEdit = Callable[[Assessment, AnswerSet], tuple[Sequence[ItemChange], ScoreSummary]]


class ValidationError(ValueError):
    """Invalid input for a named field; nothing was changed."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class DuplicateError(Exception):
    """A unique value (USCC, imported package) already exists."""


class FinalizedError(Exception):
    """A finalized assessment cannot change."""


class NotFoundError(LookupError):
    """No such enterprise or assessment."""


class EnterpriseDeleteRefusedError(FinalizedError):
    """An enterprise with a finalized assessment cannot be deleted (archive it instead)."""

    def __init__(self, enterprise: Enterprise, assessment_id: int) -> None:
        super().__init__(
            f"企业 {enterprise.name} 有已定稿的评测 #{assessment_id}，不能删除；可将其归档 "
            f"(enterprise {enterprise.uscc} has finalized assessment #{assessment_id} and cannot be deleted; "
            "archive it instead)"
        )
        self.enterprise = enterprise
        self.assessment_id = assessment_id


class StorageError(Exception):
    """The workspace's files cannot be read or written (a read-only folder, a full disk…); nothing was changed.

    The message names the path and the cause, in one line.
    """

    def __init__(self, path: object, cause: str) -> None:
        super().__init__(f"{path}: {cause}")
        self.path = str(path)
        self.cause = cause


class DamagedRecordError(Exception):
    """A stored assessment fails its check when read: a finalized one differs from its seal, or a stored answer
    is not valid on its form. Nothing is scored, shown, reported or exported from it."""

    def __init__(self, assessment_id: int, message: str) -> None:
        super().__init__(message)
        self.assessment_id = assessment_id


class ConflictError(Exception):
    """A save was made on an older version of the assessment than the stored one: someone else changed it."""

    def __init__(self, assessment_id: int, actor: str, at: datetime | None, version: int) -> None:
        when = at.astimezone().strftime("%Y-%m-%d %H:%M:%S") if at else "?"
        super().__init__(
            f"评测 {assessment_id} 已被 {actor} 于 {when} 修改，本次更改未保存；请重新载入 (assessment {assessment_id} "
            f"was changed by {actor} at {when}; this change was not saved: reload the assessment to see theirs)"
        )
        self.assessment_id = assessment_id
        self.actor = actor
        self.at = at
        self.version = version


class WorkspaceRepository(Protocol):
    def add_enterprise(self, fields: EnterpriseFields, actor: str) -> Enterprise: ...
    def update_enterprise(self, enterprise_id: int, fields: EnterpriseFields, actor: str) -> Enterprise: ...
    def get_enterprise(self, enterprise_id: int) -> Enterprise | None: ...
    def find_enterprise_by_uscc(self, uscc: str) -> Enterprise | None: ...
    def list_enterprises(self, search: str = "", include_archived: bool = False) -> list[EnterpriseListing]: ...
    def set_enterprise_archived(self, enterprise_id: int, archived: bool, actor: str) -> Enterprise: ...
    def enterprise_contents(self, enterprise_id: int) -> EnterpriseContents: ...
    def delete_enterprise(self, enterprise_id: int, actor: str) -> EnterpriseContents:
        """Delete an enterprise and everything stored for it, audited; EnterpriseDeleteRefusedError if it has a
        finalized assessment (nothing is deleted then)."""
        ...

    def add_assessment(
        self, new: NewAssessment, answers: AnswerSet, summary: ScoreSummary, actor: str
    ) -> Assessment: ...
    def get_assessment(self, assessment_id: int) -> Assessment | None: ...
    def list_assessments(self, enterprise_id: int) -> list[AssessmentSummary]: ...
    def load_answers(self, assessment_id: int) -> AnswerSet: ...
    def save_items(
        self,
        assessment_id: int,
        changes: Sequence[ItemChange],
        summary: ScoreSummary,
        actor: str,
        last_item: str | None = None,
    ) -> None: ...
    def edit_answers(
        self,
        assessment_id: int,
        edit: AnswerEdit,
        actor: str,
        last_item: str | None = None,
        expected_version: int | None = None,
    ) -> int:
        """Load, edit and save an assessment's answers in one write transaction (refusing finalized ones).

        With ``expected_version`` a stored version other than it raises ConflictError and changes nothing.
        Returns the stored version after the save.
        """
        ...

    def set_last_item(self, assessment_id: int, item: str) -> None: ...
    def update_assessment_info(
        self,
        assessment_id: int,
        assessor: Assessor,
        on_site: bool,
        assessed_on: date | None,
        actor: str,
        expected_version: int | None = None,
    ) -> Assessment: ...
    def finalize(self, assessment_id: int, actor: str) -> Assessment: ...
    def delete_draft(self, assessment_id: int, actor: str) -> None: ...
    def add_evidence(
        self,
        assessment_id: int,
        item: str,
        filename: str,
        sha256: str,
        size: int,
        description: str,
        actor: str,
    ) -> Evidence: ...
    def remove_evidence(self, evidence_id: int, actor: str) -> Evidence: ...
    def list_evidence(self, assessment_id: int) -> list[Evidence]: ...
    def evidence_in_use(self, sha256: str) -> bool: ...
    def load_findings(self, assessment_id: int) -> str | None: ...
    def save_findings(self, assessment_id: int, document: str, actor: str) -> bool: ...
    def audit(self, assessment_id: int | None = None, enterprise_id: int | None = None) -> list[AuditEntry]: ...
    def record_import(
        self, package_sha256: str, assessment_id: int, source_assessment_id: int, signer: str
    ) -> None: ...
    def find_import(self, package_sha256: str) -> int | None: ...
    def record_export(
        self,
        assessment_id: int,
        package_fingerprint: str,
        signer_fingerprint: str,
        path: str,
        actor: str,
        commitment: str = "",
    ) -> ExportRecord:
        """Record an exported package (and note it in the audit log); finalized assessments stay untouched."""
        ...

    def list_exports(self, assessment_id: int) -> list[ExportRecord]:
        """The packages exported for an assessment, oldest first."""
        ...

    def plan_checks(self, assessment_id: int) -> frozenset[str]:
        """The plan items (Q5, S06, …) marked done on the assessment's checklist."""
        ...

    def set_plan_check(self, assessment_id: int, item: str, done: bool, actor: str) -> bool:
        """Mark a plan item done or not (audited); False when it already was so (nothing written)."""
        ...

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
        """Add a received assessment, its evidence links and the import record in one transaction.

        With ``new_enterprise`` the enterprise is created in the same transaction (``new.enterprise_id`` is
        then ignored), so a refused import leaves no enterprise behind.
        """
        ...

    def close(self) -> None: ...


class FormLookup(Protocol):
    """The installed forms, as adapters see them (app.services.forms.FormRegistry is the implementation)."""

    def get(self, form_id: str, revision: int | None = None) -> Form:
        """Return the named revision (the latest when none is named); raise LookupError when not installed."""
        ...


class EvidenceStore(Protocol):
    def put(self, source: Path) -> tuple[str, int]: ...
    def put_bytes(self, data: bytes) -> tuple[str, int]: ...
    def path_of(self, sha256: str) -> Path: ...
    def discard(self, sha256: str) -> None: ...


@dataclass(frozen=True)
class SealMismatch:
    """A finalized assessment whose stored data no longer matches the seal written when it was finalized."""

    assessment_id: int
    enterprise_id: int


@dataclass(frozen=True)
class AuditBreak:
    """The first audit log row where the hash chain does not hold."""

    row_id: int
    reason: str


@dataclass(frozen=True)
class TamperCheck:
    """What `db check` reports beyond the file's integrity: the seals and the audit log's chain."""

    sealed: int
    mismatched: tuple[SealMismatch, ...]
    audit_rows: int
    audit_break: AuditBreak | None

    @property
    def ok(self) -> bool:
        return not self.mismatched and self.audit_break is None
