"""In-memory fakes of the services' ports (cosmicpython's FakeRepository): no database, no files, no keys.

They keep the contracts the SQLite adapters keep (finalized assessments refuse changes, a USCC and an imported
package are unique, each call is all-or-nothing) so that service tests exercise the services, not the store.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from app.core.answers import AnswerSet, Choice
from app.core.records import Assessment, AssessmentRecord, AssessmentStatus, Assessor, Enterprise, Evidence
from app.core.scoring import ScoreResult
from app.core.texts import CommitmentText
from app.services.forms import FormRegistry
from app.services.ports import (
    AnswerEdit,
    AssessmentSummary,
    AuditEntry,
    ConflictError,
    DuplicateError,
    EnterpriseFields,
    EnterpriseListing,
    ExportRecord,
    FinalizedError,
    ItemChange,
    NewAssessment,
    NotFoundError,
    ScoreSummary,
    answer_items,
)
from app.services.submission import ExportedPackage, IncomingPackage, PackageRejectedError


def _now() -> datetime:
    return datetime.now(UTC)


class FakeRepository:
    """A WorkspaceRepository held in dicts."""

    def __init__(self) -> None:
        self.enterprises: dict[int, Enterprise] = {}
        self.assessments: dict[int, Assessment] = {}
        self.summaries: dict[int, ScoreSummary] = {}
        self.items: dict[int, dict[tuple[str, str], str]] = {}  # (kind, key) -> JSON, as stored by app.store
        self.evidence: dict[int, Evidence] = {}
        self.audit_log: list[AuditEntry] = []
        self.findings: dict[int, str] = {}
        self.imports: dict[str, tuple[int, int, str]] = {}
        self.exports: list[ExportRecord] = []
        self.closed = False
        self._ids = 0

    def _id(self) -> int:
        self._ids += 1
        return self._ids

    def _log(self, actor: str, action: str, enterprise_id: int | None, assessment_id: int | None, key: str = "",
             old: str | None = None, new: str | None = None) -> None:  # fmt: skip
        self.audit_log.append(AuditEntry(_now(), actor, action, enterprise_id, assessment_id, key, old, new))

    def _assessment(self, assessment_id: int) -> Assessment:
        if assessment_id not in self.assessments:
            raise NotFoundError(f"no assessment {assessment_id}")
        return self.assessments[assessment_id]

    def _draft(self, assessment_id: int) -> Assessment:
        found = self._assessment(assessment_id)
        if found.status is AssessmentStatus.FINALIZED:
            raise FinalizedError(f"assessment {assessment_id} is finalized")
        return found

    # Enterprises

    def add_enterprise(self, fields: EnterpriseFields, actor: str) -> Enterprise:
        if self.find_enterprise_by_uscc(fields.uscc) is not None:
            raise DuplicateError(f"USCC {fields.uscc} already in the workspace")
        values = {f.name: getattr(fields, f.name) for f in dataclasses.fields(fields)}
        enterprise = Enterprise(id=self._id(), created_at=_now(), **values)
        self.enterprises[enterprise.id] = enterprise
        self._log(actor, "enterprise.add", enterprise.id, None, new=fields.name)
        return enterprise

    def update_enterprise(self, enterprise_id: int, fields: EnterpriseFields, actor: str) -> Enterprise:
        if enterprise_id not in self.enterprises:
            raise NotFoundError(f"no enterprise {enterprise_id}")
        other = self.find_enterprise_by_uscc(fields.uscc)
        if other is not None and other.id != enterprise_id:
            raise DuplicateError(f"USCC {fields.uscc} already in the workspace")
        values = {f.name: getattr(fields, f.name) for f in dataclasses.fields(fields)}
        updated = dataclasses.replace(self.enterprises[enterprise_id], **values)
        self.enterprises[enterprise_id] = updated
        self._log(actor, "enterprise.update", enterprise_id, None)
        return updated

    def get_enterprise(self, enterprise_id: int) -> Enterprise | None:
        return self.enterprises.get(enterprise_id)

    def find_enterprise_by_uscc(self, uscc: str) -> Enterprise | None:
        return next((e for e in self.enterprises.values() if e.uscc == uscc), None)

    def list_enterprises(self, search: str = "", include_archived: bool = False) -> list[EnterpriseListing]:
        text = search.strip()
        found = [e for e in self.enterprises.values() if not text or text in e.name or text.upper() in e.uscc]
        found = [e for e in found if include_archived or not e.archived]
        return [
            EnterpriseListing(e, tuple(self.list_assessments(e.id)))
            for e in sorted(found, key=lambda e: (e.name, e.id))
        ]

    # Assessments

    def _insert(self, new: NewAssessment, answers: AnswerSet, summary: ScoreSummary) -> Assessment:
        if new.enterprise_id not in self.enterprises:
            raise NotFoundError(f"no enterprise {new.enterprise_id}")
        now = _now()
        assessment = Assessment(
            id=self._id(), enterprise_id=new.enterprise_id, form_id=new.form_id, form_revision=new.form_revision,
            form_hash=new.form_hash, kind=new.kind, status=AssessmentStatus.DRAFT, assessor=new.assessor,
            on_site=new.on_site, assessed_on=new.assessed_on, created_at=now, updated_at=now,
            revision_of=new.revision_of, revision_reason=new.revision_reason,
        )  # fmt: skip
        self.assessments[assessment.id] = assessment
        self.summaries[assessment.id] = summary
        self.items[assessment.id] = {(i.kind, i.key): i.value for i in answer_items(answers) if i.value is not None}
        return assessment

    def add_assessment(self, new: NewAssessment, answers: AnswerSet, summary: ScoreSummary, actor: str) -> Assessment:
        created = self._insert(new, answers, summary)
        action = "assessment.correct" if new.revision_of else "assessment.new"
        self._log(actor, action, new.enterprise_id, created.id, key=new.kind.value)
        return created

    def get_assessment(self, assessment_id: int) -> Assessment | None:
        return self.assessments.get(assessment_id)

    def list_assessments(self, enterprise_id: int) -> list[AssessmentSummary]:
        return [
            AssessmentSummary(a, self.summaries.get(a.id))
            for a in self.assessments.values()
            if a.enterprise_id == enterprise_id
        ]

    def load_answers(self, assessment_id: int) -> AnswerSet:
        assessment = self._assessment(assessment_id)
        answers: dict[str, Choice] = {}
        scenes: dict[str, int] = {}
        figures: dict[str, dict[str, Decimal]] = {}
        notes: dict[str, str] = {}
        for (kind, key), text in self.items[assessment_id].items():
            value = json.loads(text)
            if kind == "choice":
                answers[key] = value if isinstance(value, str) else tuple(value)
            elif kind == "scene":
                scenes[key] = int(value)
            elif kind == "figure":
                qid, _, fid = key.partition(".")
                figures.setdefault(qid, {})[fid] = Decimal(value)
            else:
                notes[key] = value
        return AnswerSet(assessment.form_id, answers, scenes, figures, notes, form_revision=assessment.form_revision)

    def save_items(self, assessment_id: int, changes: Sequence[ItemChange], summary: ScoreSummary, actor: str,
                   last_item: str | None = None) -> None:  # fmt: skip
        draft = self._draft(assessment_id)
        items = self.items[assessment_id]
        for change in changes:
            old = items.get((change.kind, change.key))
            if old == change.value:
                continue
            if change.value is None:
                items.pop((change.kind, change.key), None)
            else:
                items[(change.kind, change.key)] = change.value
            self._log(actor, f"{change.kind}.set", draft.enterprise_id, assessment_id, change.key, old, change.value)
        self.summaries[assessment_id] = summary
        self.assessments[assessment_id] = dataclasses.replace(
            draft, last_item=draft.last_item if last_item is None else last_item, version=draft.version + 1
        )

    def _check_version(self, assessment_id: int, expected: int | None) -> None:
        stored = self._assessment(assessment_id)
        if expected is not None and stored.version != expected:
            last = next((e for e in reversed(self.audit_log) if e.assessment_id == assessment_id), None)
            raise ConflictError(assessment_id, last.actor if last else "?", last.at if last else None, stored.version)

    def edit_answers(self, assessment_id: int, edit: AnswerEdit, actor: str, last_item: str | None = None,
                     expected_version: int | None = None) -> int:  # fmt: skip
        self._check_version(assessment_id, expected_version)
        changes, summary = edit(self._draft(assessment_id), self.load_answers(assessment_id))
        self.save_items(assessment_id, changes, summary, actor, last_item)
        return self._assessment(assessment_id).version

    def set_last_item(self, assessment_id: int, item: str) -> None:
        found = self._assessment(assessment_id)
        if found.status is not AssessmentStatus.FINALIZED:
            self.assessments[assessment_id] = dataclasses.replace(found, last_item=item)

    def update_assessment_info(self, assessment_id: int, assessor: Assessor, on_site: bool,
                               assessed_on: date | None, actor: str,
                               expected_version: int | None = None) -> Assessment:  # fmt: skip
        self._check_version(assessment_id, expected_version)
        draft = self._draft(assessment_id)
        updated = dataclasses.replace(
            draft, assessor=assessor, on_site=on_site, assessed_on=assessed_on, version=draft.version + 1
        )
        self.assessments[assessment_id] = updated
        self._log(actor, "assessment.update", updated.enterprise_id, assessment_id)
        return updated

    def finalize(self, assessment_id: int, actor: str) -> Assessment:
        now = _now()
        done = dataclasses.replace(
            self._draft(assessment_id), status=AssessmentStatus.FINALIZED, finalized_at=now, updated_at=now
        )
        self.assessments[assessment_id] = done
        self._log(actor, "assessment.finalize", done.enterprise_id, assessment_id, old="draft", new="finalized")
        return done

    def delete_draft(self, assessment_id: int, actor: str) -> None:
        draft = self._draft(assessment_id)
        if any(a.revision_of == assessment_id for a in self.assessments.values()):
            raise FinalizedError(f"assessment {assessment_id} has revisions and cannot be deleted")
        self._log(actor, "assessment.delete", draft.enterprise_id, assessment_id)
        del self.assessments[assessment_id], self.items[assessment_id], self.summaries[assessment_id]
        self.evidence = {k: v for k, v in self.evidence.items() if v.assessment_id != assessment_id}

    # Evidence

    def add_evidence(self, assessment_id: int, item: str, filename: str, sha256: str, size: int, description: str,
                     actor: str) -> Evidence:  # fmt: skip
        draft = self._draft(assessment_id)
        for ev in self.evidence.values():
            if (ev.assessment_id, ev.item, ev.sha256) == (assessment_id, item, sha256):
                return ev
        ev = Evidence(self._id(), assessment_id, item, filename, sha256, size, description, _now())
        self.evidence[ev.id] = ev
        self._log(actor, "evidence.add", draft.enterprise_id, assessment_id, item, new=f"{filename} sha256:{sha256}")
        return ev

    def remove_evidence(self, evidence_id: int, actor: str) -> Evidence:
        if evidence_id not in self.evidence:
            raise NotFoundError(f"no evidence {evidence_id}")
        ev = self.evidence[evidence_id]
        draft = self._draft(ev.assessment_id)
        del self.evidence[evidence_id]
        self._log(actor, "evidence.remove", draft.enterprise_id, ev.assessment_id, ev.item)
        return ev

    def list_evidence(self, assessment_id: int) -> list[Evidence]:
        return [ev for ev in self.evidence.values() if ev.assessment_id == assessment_id]

    def evidence_in_use(self, sha256: str) -> bool:
        return any(ev.sha256 == sha256 for ev in self.evidence.values())

    def load_findings(self, assessment_id: int) -> str | None:
        self._assessment(assessment_id)
        return self.findings.get(assessment_id)

    def save_findings(self, assessment_id: int, document: str, actor: str) -> bool:
        draft = self._draft(assessment_id)
        if self.findings.get(assessment_id) == document:
            return False
        self.findings[assessment_id] = document
        self._log(actor, "findings.set", draft.enterprise_id, assessment_id)
        return True

    # Audit, imports, exports

    def audit(self, assessment_id: int | None = None, enterprise_id: int | None = None) -> list[AuditEntry]:
        return [
            a
            for a in self.audit_log
            if (assessment_id is None or a.assessment_id == assessment_id)
            and (enterprise_id is None or a.enterprise_id == enterprise_id)
        ]

    def record_import(self, package_sha256: str, assessment_id: int, source_assessment_id: int, signer: str) -> None:
        if package_sha256 in self.imports:
            raise DuplicateError(f"package {package_sha256[:16]}… was already imported")
        self.imports[package_sha256] = (assessment_id, source_assessment_id, signer)

    def find_import(self, package_sha256: str) -> int | None:
        found = self.imports.get(package_sha256)
        return None if found is None else found[0]

    def record_export(self, assessment_id: int, package_fingerprint: str, signer_fingerprint: str, path: str,
                      actor: str, commitment: str = "") -> ExportRecord:  # fmt: skip
        found = self._assessment(assessment_id)
        export = ExportRecord(assessment_id, package_fingerprint, signer_fingerprint, path, _now(), actor, commitment)
        self.exports.append(export)
        self._log(actor, "assessment.export", found.enterprise_id, assessment_id, package_fingerprint)
        return export

    def list_exports(self, assessment_id: int) -> list[ExportRecord]:
        return [e for e in self.exports if e.assessment_id == assessment_id]

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
        if package_sha256 in self.imports:
            raise DuplicateError(f"package {package_sha256[:16]}… was already imported")
        if new_enterprise is not None:
            new = dataclasses.replace(new, enterprise_id=self.add_enterprise(new_enterprise, actor).id)
        created = self._insert(new, answers, summary)
        for item, filename, sha256, size in evidence:
            ev = Evidence(self._id(), created.id, item, filename, sha256, size, "", _now())
            self.evidence[ev.id] = ev
        self.imports[package_sha256] = (created.id, source_assessment_id, signer)
        self._log(actor, "assessment.import", new.enterprise_id, created.id, package_sha256)
        if finalized:
            created = dataclasses.replace(
                created, status=AssessmentStatus.FINALIZED, finalized_at=finalized_at or _now()
            )
            self.assessments[created.id] = created
        return created

    def close(self) -> None:
        self.closed = True


class FakeEvidenceStore:
    """An EvidenceStore in memory: content-addressed bytes; ``path_of`` names a file that is never written."""

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}

    def put(self, source: Path) -> tuple[str, int]:
        return self.put_bytes(source.read_bytes())

    def put_bytes(self, data: bytes) -> tuple[str, int]:
        digest = hashlib.sha256(data).hexdigest()
        self.blobs[digest] = data
        return digest, len(data)

    def path_of(self, sha256: str) -> Path:
        return Path("/evidence") / sha256

    def discard(self, sha256: str) -> None:
        self.blobs.pop(sha256, None)


@dataclasses.dataclass
class WrittenPackage:
    out: Path
    record: AssessmentRecord
    result: ScoreResult
    report_pdf: bytes
    evidence_files: Mapping[str, Path]
    signer_name: str
    signer_role: str
    commitment: CommitmentText
    countersigner_name: str | None


class FakePackagePort:
    """The package writer and reader ports over a dict: what one writes, the other reads back (no signing)."""

    SIGNER = "SHA256:" + "5a" * 32

    def __init__(self, evidence: FakeEvidenceStore, forms: FormRegistry) -> None:
        self.evidence = evidence
        self.forms = forms
        self.written: dict[Path, WrittenPackage] = {}
        self.rejected: set[Path] = set()

    def write(
        self,
        out: Path,
        *,
        record: AssessmentRecord,
        result: ScoreResult,
        report_pdf: bytes,
        evidence_files: Mapping[str, Path],
        signer_name: str,
        signer_role: str,
        commitment: CommitmentText,
        countersigner_name: str | None = None,
    ) -> ExportedPackage:
        package = WrittenPackage(out, record, result, report_pdf, evidence_files, signer_name, signer_role,
                                 commitment, countersigner_name)  # fmt: skip
        self.written[out] = package
        return ExportedPackage(out, self._fingerprint(out), self.SIGNER, len(report_pdf))

    @staticmethod
    def _fingerprint(out: Path) -> str:
        return "SHA256:" + hashlib.sha256(str(out).encode()).hexdigest()

    def read(self, path: Path) -> IncomingPackage:
        if path in self.rejected or path not in self.written:
            raise PackageRejectedError(f"{path}: verification failed")
        package = self.written[path]
        evidence = {sha: self.evidence.blobs[sha] for sha in package.evidence_files}
        return IncomingPackage(
            package_sha256=self._fingerprint(path).removeprefix("SHA256:"),
            record=package.record,
            form=self.forms.get(package.record.assessment.form_id, package.record.assessment.form_revision),
            evidence=evidence,
            signer_fingerprint=self.SIGNER,
            finalized_at=package.record.assessment.finalized_at,
        )
