"""Adapters for the submission service: the ReportLab renderer and the .sdap package, as the ports expect.

Part of the composition root (used by app.main only); kept apart so commands that need neither never
import ReportLab or cryptography. The package (cryptography, the key store) and the database repository are
imported where they are used, so that a report (``report --answers``) imports neither.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app import __version__
from app.core.answers import AnswerSet
from app.core.form import Form
from app.core.records import AssessmentRecord
from app.core.scoring import ScoreResult
from app.core.texts import CommitmentText
from app.report import FontChoice, ReportOptions, find_cjk_font, render_assessment_report, render_comparison_report
from app.report.common import ReportSigner
from app.services.texts import bundled_commitment

if TYPE_CHECKING:  # the submission service is imported where a package or the service is made, not for a report
    from app.core.compare import Comparison
    from app.core.findings import Findings, SubsidyFigures
    from app.package import KeyStoreError, SignerRole
    from app.package.keys import BaseKeyStore, Signer
    from app.services.forms import FormRegistry
    from app.services.submission import (
        ExportedPackage,
        IncomingPackage,
        IncomingSigner,
        SigningKeyError,
        SubmissionService,
    )
    from app.services.workspace import WorkspaceService

log = logging.getLogger(__name__)


SAME_KEY_MESSAGE = (
    "the countersignature must be made with the assessor's own key, not the enterprise's key "
    "(副署必须使用评估人员自己的密钥); nothing was signed"
)


@functools.cache
def report_font() -> FontChoice:
    font = find_cjk_font()
    if not font.embedded:
        log.warning("PDF font: %s", font.note)
    return font


def signing_key_error(exc: KeyStoreError) -> SigningKeyError:
    """The service-level error for a key store error (a key file given wrongly is invalid input)."""
    from app.package.keys import KeyFileError
    from app.services.submission import KeyFileRefusedError, SigningKeyError

    if isinstance(exc, KeyFileError):
        return KeyFileRefusedError(str(exc))
    return SigningKeyError(str(exc))


class KeySource:
    """The signing key: the OS key store by default, or a passphrase-protected key file (never created here)."""

    def __init__(self, key_file: Path | None = None, passphrase: str | None = None, label: str = "enterprise") -> None:
        self.key_file = key_file
        self.passphrase = passphrase
        self.label = label  # "enterprise", or "assessor" for a traction unit's countersignature
        self._store: BaseKeyStore | None = None

    def store(self) -> BaseKeyStore:
        from app.package import KeyStoreError, open_key_store
        from app.package.keys import FileKeyStore

        if self._store is None:
            try:
                self._store = open_key_store(self.label, self.key_file, self.passphrase)
            except KeyStoreError as exc:
                raise signing_key_error(exc) from exc
            if isinstance(self._store, FileKeyStore) and (warning := self._store.permission_warning()):
                log.warning("%s", warning)
        return self._store

    def signer(self, role: SignerRole, name: str) -> Signer:
        from app.package import KeyStoreError

        try:
            return self.store().signer(role, name)
        except KeyStoreError as exc:
            raise signing_key_error(exc) from exc

    def fingerprint(self) -> str:
        from app.package import KeyStoreError

        try:
            return self.store().fingerprint()
        except KeyStoreError as exc:
            raise signing_key_error(exc) from exc

    def export_public_key(self, path: Path) -> Path:
        from app.package import KeyStoreError

        try:
            return self.store().export_public_key(path)
        except KeyStoreError as exc:
            raise signing_key_error(exc) from exc


def render_pdf(
    form: Form,
    record: AssessmentRecord | None,
    answers: AnswerSet,
    result: ScoreResult,
    *,
    package_fingerprint: str | None = None,
    signer_fingerprint: str | None = None,
    commitment: CommitmentText | None = None,
    origin: str | None = None,
    signers: tuple[IncomingSigner, ...] = (),
    package_file: str | None = None,
) -> bytes:
    options = ReportOptions(
        app_version=__version__,
        font=report_font(),
        package_fingerprint=package_fingerprint,
        signer_fingerprint=signer_fingerprint,
        commitment=commitment or bundled_commitment(),
        origin=origin,
        signers=tuple(ReportSigner(x.role, x.name, x.fingerprint) for x in signers),
        package_file=package_file,
    )
    return render_assessment_report(form, record, answers, result, options)


def render_comparison(
    form: Form,
    before: AssessmentRecord,
    before_result: ScoreResult,
    after: AssessmentRecord,
    after_result: ScoreResult,
    comparison: Comparison,
    *,
    packages: tuple[str | None, str | None] = (None, None),
) -> bytes:
    options = ReportOptions(app_version=__version__, font=report_font(), compared_packages=packages)
    return render_comparison_report(form, before, before_result, after, after_result, comparison, options)


def package_writer(  # type: ignore[no-untyped-def]
    keys: KeySource, assessor_keys: KeySource | None = None, registry: FormRegistry | None = None
):
    def write(
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
        from app.package import Commitment, ExportError, KeyStoreError, SignerRole, export_package
        from app.services.submission import ExportedPackage, ExportFailedError, KeyFileRefusedError, SigningKeyError

        signers = [keys.signer(SignerRole.ENTERPRISE, signer_name)]
        if countersigner_name is not None:
            if not countersigner_name.strip():
                raise SigningKeyError("a countersignature needs the assessor's name on the assessment")
            assessor = assessor_keys or KeySource(label="assessor")
            countersigner = assessor.signer(SignerRole.ASSESSOR, countersigner_name)
            if countersigner.fingerprint == signers[0].fingerprint:
                raise KeyFileRefusedError(SAME_KEY_MESSAGE)
            signers.append(countersigner)
        try:
            # The package embeds the form the answers were given against (the installed revision).
            if registry is None:
                raise ExportError("no form registry: the package cannot embed its form")
            form = registry.get(result.form_id, result.form_revision)
            info = export_package(
                out,
                form=form,
                record=record,
                result=result,
                report_pdf=report_pdf,
                evidence_files=evidence_files,
                commitment=Commitment(
                    commitment.text,
                    signer_name,
                    signer_role,
                    datetime.now(UTC),
                    text_id=commitment.id,
                    text_version=commitment.version,
                ),
                signers=signers,
                app_version=__version__,
            )
        except KeyStoreError as exc:
            raise SigningKeyError(str(exc)) from exc
        except (ExportError, LookupError) as exc:
            raise ExportFailedError(f"{out}: {exc}") from exc
        return ExportedPackage(info.path, info.package_fingerprint, signers[0].fingerprint, info.size)

    return write


def package_reader(registry: FormRegistry):  # type: ignore[no-untyped-def]
    def read(path: Path) -> IncomingPackage:
        from app.package import PackageVerificationError, SignerRole, verify_package
        from app.services.submission import IncomingPackage, IncomingSigner, PackageRejectedError

        try:
            loaded = verify_package(path, registry, load=True, strict=True)  # the workspace scores with installed forms
        except PackageVerificationError as exc:
            lines = [f"[{c.code}] {c.message}" for c in exc.report.failures]
            raise PackageRejectedError(f"{path}: 评测包校验未通过 (verification failed): " + "; ".join(lines)) from exc
        finalized = loaded.manifest.assessment.finalized_at
        enterprise = [s for s in loaded.signatures if s.role == SignerRole.ENTERPRISE.value]
        return IncomingPackage(
            package_sha256=loaded.package_sha256,
            record=loaded.record(),
            form=loaded.form,
            evidence=loaded.evidence,
            signer_fingerprint=enterprise[0].fingerprint if enterprise else "",
            finalized_at=datetime.fromisoformat(finalized) if finalized else None,
            package_fingerprint="SHA256:" + loaded.manifest_sha256,
            signers=tuple(IncomingSigner(s.role, s.signer_name, s.fingerprint) for s in loaded.signatures),
        )

    return read


def build_submission(
    workspace: WorkspaceService, registry: FormRegistry, keys: KeySource, assessor_keys: KeySource | None = None
) -> SubmissionService:
    """The submission service over the same repository and evidence store as the workspace."""
    from app.services.submission import SubmissionService
    from app.store.repository import SqlWorkspaceRepository

    return SubmissionService(
        workspace.repo,
        workspace.evidence_store,
        registry,
        workspace.actor,
        render_pdf=render_pdf,
        render_comparison=render_comparison,
        write_package=package_writer(keys, assessor_keys, registry),
        read_package=package_reader(registry),
        signer_fingerprint=keys.fingerprint,
        trust=workspace.repo if isinstance(workspace.repo, SqlWorkspaceRepository) else None,
        packages=workspace.package_store,
    )


def render_diagnosis(
    form: Form,
    record: AssessmentRecord,
    result: ScoreResult,
    findings: Findings,
    estimates: Sequence[SubsidyFigures],
    *,
    fmt: str,
) -> bytes:
    """The 诊断报告 (app.services.diagnosis.DiagnosisRenderer): one content model, as PDF or DOCX."""
    from app.report.diagnosis import diagnosis_content, render_diagnosis_pdf

    content = diagnosis_content(form, record, result, findings, estimates, datetime.now().astimezone())
    if fmt == "docx":
        from app.report.diagnosis_docx import render_diagnosis_docx  # python-docx: only for Word

        return render_diagnosis_docx(content)
    return render_diagnosis_pdf(content, ReportOptions(font=report_font(), app_version=__version__))
