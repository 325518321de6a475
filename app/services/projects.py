"""Transformation projects (改造项目) and the subsidy an enterprise can expect from each city's policy.

Every amount is whole 元. The level a subsidy is estimated at is that of the latest finalized after assessment
(改造后), else of the baseline (改造前); the investment is the project's actual spending.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from app.core.policy import MAX_YUAN, Policy, SubsidyEstimate, estimate_subsidy
from app.core.projects import Project, SpendingCategory, SpendingEntry
from app.core.records import Assessment, AssessmentKind, AssessmentStatus
from app.services.ports import AssessmentSummary, NewProject, NotFoundError, ProjectStore
from app.services.workspace import ValidationError, WorkspaceService, text_field, valid_id

CATEGORIES = tuple(c.value for c in SpendingCategory)


def parse_yuan(field: str, value: object) -> int:
    """A whole, non-negative amount of 元 (digits, optionally grouped with commas), or ValidationError."""
    if isinstance(value, bool):
        raise ValidationError(field, "must be a whole number of 元")
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip().replace(",", "")
        if not text.isascii() or not text.isdigit() or len(text) > 13:
            raise ValidationError(field, f"金额须为不小于 0 的整数元 (whole, non-negative 元, not {value!r})")
        number = int(text)
    if not 0 <= number <= MAX_YUAN:
        raise ValidationError(field, f"金额须在 0 至 {MAX_YUAN:,} 元之间 (between 0 and {MAX_YUAN:,} 元)")
    return number


def parse_day(field: str, value: object) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError(field, f"日期格式应为 YYYY-MM-DD (a date in YYYY-MM-DD form, not {value!r})") from None


@dataclass(frozen=True)
class LevelBasis:
    """The assessment a subsidy estimate takes its level from."""

    assessment: Assessment
    level: int


class ProjectService:
    def __init__(self, store: ProjectStore, workspace: WorkspaceService) -> None:
        self.store = store
        self.workspace = workspace

    @property
    def actor(self) -> str:
        return self.workspace.actor

    def _link(self, field: str, enterprise_id: int, value: object, kind: AssessmentKind) -> int | None:
        if value is None or value == "":
            return None
        text = str(value).strip()
        if not (text.isascii() and text.isdigit() and valid_id(int(text))):
            raise ValidationError(field, f"not an assessment id: {value!r}")
        try:
            assessment = self.workspace.assessment(int(text))
        except NotFoundError:
            raise ValidationError(field, f"没有找到评测 {text} (no such assessment {text})") from None
        if assessment.enterprise_id != enterprise_id:
            raise ValidationError(field, f"评测 {text} 属于另一家企业 (assessment {text} is another enterprise's)")
        if assessment.kind is not kind:
            raise ValidationError(
                field, f"评测 {text} 不是{kind.label}评测 (assessment {text} is {assessment.kind.value}, not {kind})"
            )
        return assessment.id

    def add(
        self,
        enterprise: str | int,
        *,
        contract_no: object,
        provider: object,
        contract_amount: object,
        signed: object,
        down_payment: object = None,
        baseline: object = None,
        after: object = None,
    ) -> Project:
        found = self.workspace.enterprise(enterprise)
        number = text_field("contract_no", contract_no)
        if not number:
            raise ValidationError("contract_no", "合同编号不能为空 (the contract number is required)")
        unit = text_field("provider", provider, rule_field="traction_unit")
        if not unit:
            raise ValidationError("provider", "服务商（牵引单位）不能为空 (the provider is required)")
        amount = parse_yuan("contract_amount", contract_amount)
        down = None if down_payment is None or down_payment == "" else parse_yuan("down_payment", down_payment)
        if down is not None and down > amount:
            raise ValidationError("down_payment", "首付金额不能大于合同金额 (more than the contract amount)")
        new = NewProject(
            enterprise_id=found.id, contract_no=number, provider=unit, contract_amount=amount, down_payment=down,
            signed_on=parse_day("signed", signed),
            baseline_id=self._link("baseline", found.id, baseline, AssessmentKind.BASELINE),
            after_id=self._link("after", found.id, after, AssessmentKind.AFTER),
        )  # fmt: skip
        return self.store.add_project(new, self.actor)

    def project(self, project_id: object) -> Project:
        text = str(project_id).strip()
        if not (text.isascii() and text.isdigit() and valid_id(int(text))):
            raise ValidationError("project", f"not a project id: {project_id!r}")
        found = self.store.get_project(int(text))
        if found is None:
            raise NotFoundError(f"没有找到项目 {text} (no such project {text})")
        return found

    def link(self, project_id: object, *, baseline: object = None, after: object = None) -> Project:
        """Set the baseline and/or after assessment (``""`` clears one, ``None`` keeps it)."""
        current = self.project(project_id)
        base = current.baseline_id if baseline is None else self._link(
            "baseline", current.enterprise_id, baseline, AssessmentKind.BASELINE)  # fmt: skip
        aft = current.after_id if after is None else self._link(
            "after", current.enterprise_id, after, AssessmentKind.AFTER)  # fmt: skip
        return self.store.link_project(current.id, base, aft, self.actor)

    def spend(
        self, project_id: object, *, amount: object, category: object, spent_on: object = None, note: object = ""
    ) -> SpendingEntry:
        current = self.project(project_id)
        value = parse_yuan("amount", amount)
        if category not in CATEGORIES:
            raise ValidationError("category", f"须为 {'|'.join(CATEGORIES)} 之一 (one of {', '.join(CATEGORIES)})")
        day = None if spent_on is None or spent_on == "" else parse_day("date", spent_on)
        text = text_field("note", "" if note is None else note)
        return self.store.add_spending(current.id, value, SpendingCategory(str(category)), day, text, self.actor)

    def projects(self, enterprise: str | int) -> list[Project]:
        return self.store.list_projects(self.workspace.enterprise(enterprise).id)

    # ------------------------------------------------------------------------------------------- subsidy

    def level_basis(self, project: Project) -> LevelBasis | None:
        """The latest finalized after assessment (the project's own first), else the baseline; None if neither."""
        rows = self.workspace.repo.list_assessments(project.enterprise_id)
        final = [r for r in rows if r.assessment.status is AssessmentStatus.FINALIZED and r.summary is not None]

        def pick(kind: AssessmentKind, linked: int | None) -> AssessmentSummary | None:
            own = [r for r in final if r.assessment.kind is kind]
            chosen = [r for r in own if r.assessment.id == linked]
            if chosen:
                return chosen[0]
            return max(own, key=lambda r: (r.assessment.finalized_at is not None, r.assessment.finalized_at,
                                           r.assessment.id), default=None)  # fmt: skip

        row = pick(AssessmentKind.AFTER, project.after_id) or pick(AssessmentKind.BASELINE, project.baseline_id)
        if row is None or row.summary is None:
            return None
        return LevelBasis(row.assessment, row.summary.level)

    def subsidy(self, project: Project, policies: Sequence[Policy]) -> tuple[LevelBasis, list[SubsidyEstimate]]:
        basis = self.level_basis(project)
        if basis is None:
            raise ValidationError(
                "level", "该企业还没有已定稿的改造前或改造后评测 (no finalized baseline or after assessment yet)"
            )
        estimates = [
            estimate_subsidy(policy, basis.level, project.invested, down_payment_yuan=project.down_payment)
            for policy in policies
        ]
        return basis, estimates

    def latest_project(self, enterprise: str | int) -> Project:
        found = self.projects(enterprise)
        if not found:
            raise ValidationError("project", "该企业还没有改造项目 (the enterprise has no transformation project)")
        return found[-1]
