"""Reports and signed packages: export an assessment, bring received packages into the workspace.

The PDF renderer and the package reader/writer are adapters (app.report, app.package) passed in by
app.main; this module only orchestrates them over the workspace.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

from app.core.answers import AnswerSet
from app.core.compare import Comparison
from app.core.fileio import write_atomic
from app.core.form import Form
from app.core.records import Assessment, AssessmentRecord, AssessmentStatus, Enterprise, check_received_record
from app.core.scoring import ScoreResult, score
from app.core.text_rules import TextRuleError
from app.core.texts import CommitmentText
from app.services.forms import FormRegistry
from app.services.ports import (
    DuplicateError,
    EnterpriseFields,
    EvidenceStore,
    ExportRecord,
    NewAssessment,
    TrustStore,
    WorkspaceRepository,
)
from app.services.texts import UNVERIFIED_LABEL, Commitments, bundled_commitments
from app.services.workspace import (
    EnterpriseInput,
    ValidationError,
    compare_assessments,
    load_assessment,
    load_record,
    load_result,
    summary_of,
    text_field,
    validate_enterprise,
)


class PdfRenderer(Protocol):
    def __call__(
        self,
        form: Form,
        record: AssessmentRecord | None,
        answers: AnswerSet,
        result: ScoreResult,
        *,
        package_fingerprint: str | None = None,
        signer_fingerprint: str | None = None,
        commitment: CommitmentText | None = None,
        origin: str | None = None,
        signers: tuple[IncomingSigner, ...] = (),  # the exported package's signatures, printed with their keys
        package_file: str | None = None,  # the exported package's file name, for the report's 如何核验
    ) -> bytes: ...


class ComparisonRenderer(Protocol):
    def __call__(
        self,
        form: Form,
        before: AssessmentRecord,
        before_result: ScoreResult,
        after: AssessmentRecord,
        after_result: ScoreResult,
        comparison: Comparison,
        *,
        packages: tuple[str | None, str | None] = (None, None),  # the fingerprints of both exported packages
    ) -> bytes: ...


@dataclass(frozen=True)
class ExportedPackage:
    path: Path
    fingerprint: str  # the package fingerprint (SHA256 of the manifest)
    signer_fingerprint: str
    size: int


class PackageWriter(Protocol):
    def __call__(
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
    ) -> ExportedPackage: ...


@dataclass(frozen=True)
class IncomingSigner:
    role: str  # enterprise | assessor
    name: str
    fingerprint: str


@dataclass(frozen=True)
class IncomingPackage:
    """A verified package's content, as the workspace needs it for an import."""

    package_sha256: str
    record: AssessmentRecord  # ids unknown to this workspace are 0
    form: Form
    evidence: Mapping[str, bytes]  # sha256 → bytes
    signer_fingerprint: str  # the enterprise signature's key
    finalized_at: datetime | None
    package_fingerprint: str = ""  # "SHA256:" + the manifest's digest: what every signature covers
    signers: tuple[IncomingSigner, ...] = ()


class SigningKeyError(Exception):
    """The signing key cannot be used (no OS key store, a wrong passphrase…); the message says what to do."""


class KeyFileRefusedError(SigningKeyError):
    """A named key file cannot be used as given (no such file, wrong or weak passphrase): invalid input."""


class ExportFailedError(Exception):
    """Writing a package failed; nothing was left at the target."""


class PackageRejectedError(Exception):
    """A package failed verification; the message gives the precise reasons."""


class PackageReader(Protocol):
    def __call__(self, path: Path) -> IncomingPackage: ...


class SignerFingerprint(Protocol):
    def __call__(self) -> str: ...


@dataclass(frozen=True)
class ImportOutcome:
    path: Path
    status: str  # imported | duplicate (imported here before) | already-here (this workspace's own export)
    assessment_id: int
    enterprise_id: int
    new_enterprise: bool
    origin_verified: bool = True  # False: imported with accept_unknown, shown as 来源未核验 / origin not verified
    note: str = ""


def check_received_text(record: AssessmentRecord) -> None:
    """Refuse a received record whose text breaks the text rule (app.core.text_rules); a package is hostile."""
    try:
        check_received_record(record)
    except TextRuleError as exc:
        raise ValidationError(exc.field, exc.message) from exc
    except ValueError as exc:  # an id or size out of range
        raise _RefusedError(str(exc)) from exc


def write_report(out: Path, data: bytes) -> None:
    if not out.parent.is_dir():
        raise ValidationError("out", f"folder {out.parent} does not exist")
    write_atomic(out, data)


class SubmissionService:
    """Reports, package export and import over the workspace's ports (no WorkspaceService needed).

    Each repository call is its own transaction; an import's assessment, evidence links and import record
    are written together by ``import_assessment``.
    """

    def __init__(
        self,
        repo: WorkspaceRepository,
        evidence: EvidenceStore,
        forms: FormRegistry,
        actor: str,
        *,
        render_pdf: PdfRenderer,
        render_comparison: ComparisonRenderer,
        write_package: PackageWriter | None = None,
        read_package: PackageReader | None = None,
        signer_fingerprint: SignerFingerprint | None = None,
        commitments: Commitments | None = None,
        trust: TrustStore | None = None,
        packages: EvidenceStore | None = None,
    ) -> None:
        self.repo = repo
        self.packages = packages  # where an imported package's file is kept as received
        self.trust = trust
        self.commitments = commitments or bundled_commitments()
        self.evidence = evidence
        self.forms = forms
        self.actor = actor
        self.render_pdf = render_pdf
        self.render_comparison = render_comparison
        self.write_package = write_package
        self.read_package = read_package
        self.signer_fingerprint = signer_fingerprint

    def report_bytes(self, assessment_id: int, package_fingerprint: str | None = None) -> bytes:
        form, answers, result = load_result(self.repo, self.forms, assessment_id)
        record = load_record(self.repo, assessment_id)
        exported = self.last_export(assessment_id)
        signer = None
        signers: tuple[IncomingSigner, ...] = ()
        package_file = None
        commitment = self.commitment()
        if exported is not None:
            # Once a package is out, its report prints the commitment version that package signed.
            commitment = self.commitments.find(exported.commitment) or commitment
            if package_fingerprint is None:
                package_fingerprint, signer = exported.package_fingerprint, exported.signer_fingerprint or None
                signers, package_file = self._signers_of(exported), Path(exported.path).name
        return self.render_pdf(
            form,
            record,
            answers,
            result,
            package_fingerprint=package_fingerprint,
            signer_fingerprint=signer,
            commitment=commitment,
            origin=UNVERIFIED_LABEL if assessment_id in self.unverified_imports() else None,
            signers=signers,
            package_file=package_file,
        )

    def _signers_of(self, exported: ExportRecord) -> tuple[IncomingSigner, ...]:
        """Who signed an exported package: read from the package file (countersignatures added later included)
        while it is where it was written and still the same package; else the enterprise key recorded at export."""
        path = Path(exported.path)
        if self.read_package is not None and path.is_file():
            try:
                package = self.read_package(path)
            except (PackageRejectedError, OSError, ValueError):
                package = None
            if package is not None and package.package_fingerprint == exported.package_fingerprint:
                return package.signers
        if not exported.signer_fingerprint:
            return ()
        return (IncomingSigner("enterprise", "", exported.signer_fingerprint),)

    def commitment(self) -> CommitmentText:
        """The truthfulness commitment new packages sign (the newest resources/texts/commitment-v<N>.json)."""
        return self.commitments.current

    def export_pdf(self, assessment_id: int, out: Path) -> Path:
        write_report(out, self.report_bytes(assessment_id))
        return out

    def export_comparison_pdf(self, before_id: int, after_id: int, out: Path) -> Path:
        write_report(out, self.comparison_bytes(before_id, after_id))
        return out

    def comparison_bytes(self, before_id: int, after_id: int) -> bytes:
        comparison = compare_assessments(self.repo, self.forms, before_id, after_id)
        form, _, before_result = load_result(self.repo, self.forms, before_id)
        _, _, after_result = load_result(self.repo, self.forms, after_id)
        before, after = load_record(self.repo, before_id), load_record(self.repo, after_id)
        packages = tuple(e.package_fingerprint if e else None for e in map(self.last_export, (before_id, after_id)))
        return self.render_comparison(
            form, before, before_result, after, after_result, comparison, packages=(packages[0], packages[1])
        )

    def export_package(
        self, assessment_id: int, out: Path, signer_name: str = "", signer_role: str = "", countersign: bool = False
    ) -> ExportedPackage:
        """Sign and write the package of a finalized assessment (countersigned by its assessor on request).

        The export is recorded (the exports table), so reports printed afterwards carry its fingerprints.
        """
        if self.write_package is None:
            raise ValidationError("package", "package export is not available in this build")
        assessment = load_assessment(self.repo, assessment_id)
        if assessment.status is not AssessmentStatus.FINALIZED:
            raise ValidationError(
                "assessment",
                f"评测 {assessment_id} 尚未定稿，请先定稿再导出评测包 (finalize assessment {assessment_id} first)",
            )
        form, _, result = load_result(self.repo, self.forms, assessment_id)
        record = load_record(self.repo, assessment_id)
        name = text_field("signer", signer_name) or record.enterprise.contact_name or record.enterprise.name
        evidence = {ev.sha256: self.evidence.path_of(ev.sha256) for ev in record.evidence}
        signer_fp = self.signer_fingerprint() if self.signer_fingerprint else None
        # The report inside the package prints the signer's key; the package fingerprint is known only after
        # signing, so it is printed on reports exported after the package (see report_bytes).
        commitment = self.commitment()
        pdf = self.render_pdf(form, record, record.answers, result, signer_fingerprint=signer_fp, commitment=commitment)
        exported = self.write_package(
            out,
            record=record,
            result=result,
            report_pdf=pdf,
            evidence_files=evidence,
            signer_name=name,
            signer_role=signer_role or "enterprise",
            commitment=commitment,
            countersigner_name=record.assessment.assessor.name if countersign else None,
        )
        self.repo.record_export(
            assessment_id,
            exported.fingerprint,
            exported.signer_fingerprint,
            str(exported.path),
            self.actor,
            commitment=commitment.label,
        )
        return exported

    def last_export(self, assessment_id: int) -> ExportRecord | None:
        """The latest package exported for an assessment, if any."""
        exports = self.repo.list_exports(assessment_id)
        return exports[-1] if exports else None

    def import_package(
        self, path: Path, *, accept_unknown: bool = False, trusted: Collection[str] = ()
    ) -> ImportOutcome:
        """Verify a package and add it to the workspace as a finalized assessment; never overwrite anything.

        Import policy: the enterprise signature's key must be trusted as an enterprise key (the workspace's
        trust store, or ``trusted`` fingerprints given for this run), else the package is refused; with
        ``accept_unknown`` it is imported and marked origin not verified. Whatever the trust, a package whose
        USCC is already here under another name, or signed here before by another enterprise key, is refused.
        This workspace's own export coming back is recognised ("already-here") and not duplicated. Each
        package is one transaction: a refused one changes nothing. Raises PackageRejectedError with the reason.
        """
        if self.read_package is None:
            raise ValidationError("package", "package import is not available in this build")
        incoming = self.read_package(path)
        own = self._own_export(incoming)
        if own is not None:
            return ImportOutcome(path, "already-here", own.id, own.enterprise_id, False,
                                 note="this workspace's own export (本工作区导出的评测包)")  # fmt: skip
        existing = self.repo.find_import(incoming.package_sha256)
        if existing is not None:
            found = load_assessment(self.repo, existing)
            verified = existing not in self.trust.unverified_imports() if self.trust else True
            return ImportOutcome(path, "duplicate", existing, found.enterprise_id, False, verified)
        try:
            check_received_text(incoming.record)
            known, new_enterprise, verified = self._admit(incoming, accept_unknown, frozenset(trusted))
        except ValidationError as exc:
            raise PackageRejectedError(f"{path}: refused: {exc.field}: {exc.message}") from exc
        except _RefusedError as exc:
            raise PackageRejectedError(f"{path}: 拒绝导入 (refused): {exc}") from None
        kept = self._keep_package(path, incoming.package_sha256)
        added = [sha for sha in incoming.evidence if not self.repo.evidence_in_use(sha)]
        for data in incoming.evidence.values():
            self.evidence.put_bytes(data)
        try:
            created = self._insert_import(incoming, known, new_enterprise, verified)
        except BaseException as exc:
            for sha in added:
                if not self.repo.evidence_in_use(sha):
                    self.evidence.discard(sha)
            # Another process that imported the same package a moment ago keeps the same file: never its copy.
            if kept and self.packages is not None and self.repo.find_import(incoming.package_sha256) is None:
                self.packages.discard(incoming.package_sha256)
            if isinstance(exc, DuplicateError):  # another process imported the same package a moment ago
                raise PackageRejectedError(f"{path}: {exc}") from exc
            raise
        note = "" if verified else UNVERIFIED_LABEL
        return ImportOutcome(path, "imported", created.id, created.enterprise_id, new_enterprise is not None,
                             verified, note)  # fmt: skip

    def _keep_package(self, path: Path, package_sha256: str) -> bool:
        """Keep the package file as received (for the dossier); True when this call stored it.

        The copy must be the file that was verified: one that changed in between is refused."""
        if self.packages is None:
            return False
        if self.packages.path_of(package_sha256).is_file():
            return False
        try:
            digest, _ = self.packages.put(path)
        except OSError as exc:
            raise PackageRejectedError(f"{path}: cannot be read a second time: {exc.strerror or exc}") from exc
        if digest != package_sha256:
            if self.repo.find_import(digest) is None:  # never another package kept under that digest
                self.packages.discard(digest)
            raise PackageRejectedError(f"{path}: refused: the file changed while it was being imported")
        return True

    def imported_package_path(self, package_sha256: str) -> Path | None:
        """The kept file of an imported package, if this workspace kept it."""
        if self.packages is None:
            return None
        path = self.packages.path_of(package_sha256)
        return path if path.is_file() else None

    def _own_export(self, incoming: IncomingPackage) -> Assessment | None:
        """The local assessment when the package is one this workspace exported (same manifest, id, content)."""
        if self.trust is None or not incoming.package_fingerprint:
            return None
        export = self.trust.find_export(incoming.package_fingerprint)
        if export is None or export.assessment_id != incoming.record.assessment.id:
            return None
        local = load_record(self.repo, export.assessment_id)
        if local.content_digest() != incoming.record.content_digest():
            return None
        return local.assessment

    def _admit(
        self, incoming: IncomingPackage, accept_unknown: bool, trusted: frozenset[str]
    ) -> tuple[Enterprise | None, EnterpriseFields | None, bool]:
        """Apply the import policy: (known enterprise, new enterprise fields, origin verified), or refuse."""
        rec = incoming.record
        fp = incoming.signer_fingerprint
        entries = [k for k in (self.trust.list_trusted_keys() if self.trust else []) if k.role == "enterprise"]
        mine = [k for k in entries if k.fingerprint == fp]
        bound = {k.uscc for k in mine if k.uscc}
        if bound and rec.enterprise.uscc not in bound:
            raise _RefusedError(
                f"the enterprise key {fp} is trusted for USCC {', '.join(sorted(bound))} only; the package names "
                f"{rec.enterprise.uscc}"
            )
        verified = bool(mine) or fp in trusted
        if not verified and not accept_unknown:
            raise _RefusedError(
                f"the enterprise key {fp} is not trusted (签名密钥不受信任): add it with "
                "'keys trust add PUB.pem --role enterprise', or import with --accept-unknown to mark it "
                f"{UNVERIFIED_LABEL}"
            )
        known = self.repo.find_enterprise_by_uscc(rec.enterprise.uscc)
        if known is None:
            fields = validate_enterprise(EnterpriseInput(name=rec.enterprise.name, uscc=rec.enterprise.uscc))
            return None, fields, verified
        if known.name != rec.enterprise.name:
            raise _RefusedError(
                f"USCC {known.uscc} is already in this workspace as {known.name!r}; the package names it "
                f"{rec.enterprise.name!r} (统一社会信用代码已存在，企业名称不同)"
            )
        keys = self.trust.known_enterprise_keys(known.id) if self.trust else set()
        keys |= {k.fingerprint for k in entries if k.uscc == known.uscc}
        if keys and fp not in keys:
            raise _RefusedError(
                f"USCC {known.uscc} ({known.name}) is already in this workspace with another enterprise key; this "
                f"package is signed by {fp} (同一企业已有不同的签名密钥)"
            )
        if not keys and not verified:
            raise _RefusedError(
                f"USCC {known.uscc} ({known.name}) is already in this workspace and this package's key {fp} is not "
                "known for it: trust the key for this USCC first (keys trust add PUB.pem --role enterprise --uscc)"
            )
        return known, None, verified

    def _insert_import(
        self,
        incoming: IncomingPackage,
        known: Enterprise | None,
        new_enterprise: EnterpriseFields | None,
        verified: bool,
    ) -> Assessment:
        rec = incoming.record
        a = rec.assessment
        result = score(incoming.form, rec.answers)
        new = NewAssessment(
            enterprise_id=0 if known is None else known.id,
            form_id=incoming.form.id,
            form_revision=incoming.form.revision,
            form_hash=incoming.form.content_hash,
            kind=a.kind,
            assessor=a.assessor,
            on_site=a.on_site,
            assessed_on=a.assessed_on or date.today(),
        )
        return self.repo.import_assessment(
            new,
            rec.answers,
            summary_of(result),
            [(ev.item, ev.filename, ev.sha256, ev.size) for ev in rec.evidence],
            finalized=a.status is AssessmentStatus.FINALIZED,
            finalized_at=incoming.finalized_at,
            package_sha256=incoming.package_sha256,
            source_assessment_id=a.id,
            signer=incoming.signer_fingerprint,
            actor=self.actor,
            new_enterprise=new_enterprise,
            origin_verified=verified,
        )

    def unverified_imports(self) -> set[int]:
        """Ids of assessments imported with their origin not verified."""
        return self.trust.unverified_imports() if self.trust else set()


class _RefusedError(Exception):
    """The import policy refuses a package; the message says why."""
