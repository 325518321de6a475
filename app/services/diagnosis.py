"""The 诊断报告 use case: the assessment, its result, the findings and the subsidy estimates, as PDF or DOCX.

The renderer is a port (app.report's diagnosis renderers, wired by app.main). The subsidy estimates come from a
provider the composition root hands in (the city policies, app.core.policy); without one the report says that no
policy applies.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from app.core.findings import Findings, SubsidyFigures
from app.core.form import Form
from app.core.policy import Policy, estimate_subsidy
from app.core.records import AssessmentRecord
from app.core.scoring import ScoreResult
from app.services.submission import write_report
from app.services.workspace import ValidationError, WorkspaceService

FORMATS = {".pdf": "pdf", ".docx": "docx"}


class DiagnosisRenderer(Protocol):
    def __call__(
        self,
        form: Form,
        record: AssessmentRecord,
        result: ScoreResult,
        findings: Findings,
        estimates: Sequence[SubsidyFigures],
        *,
        fmt: str,
    ) -> bytes: ...


EstimateProvider = Callable[[Form, AssessmentRecord, Findings], Sequence[SubsidyFigures]]


def no_estimates(form: Form, record: AssessmentRecord, findings: Findings) -> Sequence[SubsidyFigures]:
    return ()


def report_format(out: Path) -> str:
    """'pdf' or 'docx' from the file's suffix, else ValidationError naming the file."""
    fmt = FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise ValidationError(
            "out", f"诊断报告须为 .pdf 或 .docx 文件 (the report must be a .pdf or .docx file, not {out.name!r})"
        )
    return fmt


@dataclass(frozen=True)
class PlannedEstimate:
    """A policy's subsidy estimate (估算) for the planned investment, should the after assessment reach the target."""

    policy: str  # the policy's city and title, as the report names it
    basis: str
    eligible: bool
    estimate: int | None
    upper_bound: bool
    notes: tuple[str, ...]


def policy_estimates(policies: Sequence[Policy]) -> EstimateProvider:
    """Estimates from every city policy: the needs' total as the investment, at the form's target level.

    Before the transformation the after level is not known; the diagnosis plans for the target (二级), so the
    estimate is what each policy would give if the plan is carried out and the after assessment reaches it.
    """

    def provide(form: Form, record: AssessmentRecord, findings: Findings) -> Sequence[SubsidyFigures]:
        del record  # the level used is the plan's target, not the record's current level
        out = []
        for policy in policies:
            e = estimate_subsidy(policy, form.target_level, findings.total_yuan)
            out.append(PlannedEstimate(f"{policy.city}·{policy.title}", e.basis, e.eligible, e.estimate,
                                       e.upper_bound, e.notes))  # fmt: skip
        return out

    return provide


class DiagnosisService:
    def __init__(
        self, workspace: WorkspaceService, render: DiagnosisRenderer, estimates: EstimateProvider = no_estimates
    ) -> None:
        self.workspace = workspace
        self.render = render
        self.estimates = estimates

    def report_bytes(self, assessment_id: int, fmt: str) -> bytes:
        form, _answers, result = self.workspace.result(assessment_id)
        record = self.workspace.record(assessment_id)
        findings = self.workspace.findings(assessment_id)
        return self.render(form, record, result, findings, self.estimates(form, record, findings), fmt=fmt)

    def export(self, assessment_id: int, out: Path) -> Path:
        fmt = report_format(out)
        write_report(out, self.report_bytes(assessment_id, fmt))
        return out
