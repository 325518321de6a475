"""The services over in-memory fakes of their ports: no SQLite, no PDF, no keys (tests/store has the real ones)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from app.core.answers import AnswerSet
from app.core.compare import Comparison
from app.core.form import Form
from app.core.records import AssessmentRecord
from app.core.scoring import ScoreResult
from app.core.texts import CommitmentText
from app.services.forms import FormRegistry
from app.services.submission import SubmissionService
from app.services.workspace import EnterpriseInput, WorkspaceService
from tests.services.fakes import FakeEvidenceStore, FakePackagePort, FakeRepository

VALID_USCC = "91350100M000100Y43"
OTHER_USCC = "91440300MA5DC1XX0Q"


@dataclass
class FakeRenderer:
    """The PDF renderer ports: remember what would be printed, return a token PDF."""

    reports: list[dict[str, Any]] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)
    compared_packages: list[tuple[str | None, str | None]] = field(default_factory=list)

    def render_pdf(
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
        signers: tuple[Any, ...] = (),
        package_file: str | None = None,
    ) -> bytes:
        self.reports.append({"record": record, "result": result, "package": package_fingerprint,
                             "signer": signer_fingerprint, "commitment": commitment, "origin": origin,
                             "signers": signers, "package_file": package_file})  # fmt: skip
        return b"%PDF-report-" + str(len(self.reports)).encode()

    def render_comparison(
        self,
        form: Form,
        before: AssessmentRecord,
        before_result: ScoreResult,
        after: AssessmentRecord,
        after_result: ScoreResult,
        comparison: Comparison,
        *,
        packages: tuple[str | None, str | None] = (None, None),
    ) -> bytes:
        self.comparisons.append(comparison)
        self.compared_packages.append(packages)
        return b"%PDF-comparison"


@pytest.fixture
def repo() -> FakeRepository:
    return FakeRepository()


@pytest.fixture
def evidence() -> FakeEvidenceStore:
    return FakeEvidenceStore()


@pytest.fixture
def ws(repo: FakeRepository, evidence: FakeEvidenceStore, registry: FormRegistry) -> WorkspaceService:
    return WorkspaceService(repo, registry, evidence, "tester")


@pytest.fixture
def enterprise_id(ws: WorkspaceService) -> int:
    return ws.add_enterprise(
        EnterpriseInput(name="东莞市示例精密制造有限公司", uscc=VALID_USCC, contact_name="王经理")
    ).id


@pytest.fixture
def renderer() -> FakeRenderer:
    return FakeRenderer()


@pytest.fixture
def packages(evidence: FakeEvidenceStore, registry: FormRegistry) -> FakePackagePort:
    return FakePackagePort(evidence, registry)


def submission_over(
    repo: FakeRepository, evidence: FakeEvidenceStore, registry: FormRegistry, renderer: FakeRenderer,
    packages: FakePackagePort,
) -> SubmissionService:  # fmt: skip
    return SubmissionService(
        repo,
        evidence,
        registry,
        "tester",
        render_pdf=renderer.render_pdf,
        render_comparison=renderer.render_comparison,
        write_package=packages.write,
        read_package=packages.read,
        signer_fingerprint=lambda: FakePackagePort.SIGNER,
    )


@pytest.fixture
def submission(
    repo: FakeRepository, evidence: FakeEvidenceStore, registry: FormRegistry, renderer: FakeRenderer,
    packages: FakePackagePort,
) -> SubmissionService:  # fmt: skip
    return submission_over(repo, evidence, registry, renderer, packages)
