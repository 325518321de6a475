"""The programme's workbook (export-xlsx): the 一企一档 fields of every enterprise, levels before and after, the
project's money and the subsidy estimate, one row per assessment with every answer, and a sheet of notes.

The tables are plain data (app.core.tables); the writer (openpyxl, app.report.workbook) is passed in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from app.core.answers import AnswerSet
from app.core.form import Form
from app.core.industries import industry_code, industry_name
from app.core.policy import Policy, estimate_subsidy
from app.core.projects import Project
from app.core.records import Assessment, AssessmentKind, AssessmentStatus, Enterprise
from app.core.scoring import ScoreResult
from app.core.tables import Cell, Column, ColumnKind, Table
from app.services.ports import EnterpriseListing
from app.services.projects import ProjectService
from app.services.workspace import ValidationError, WorkspaceService

ENTERPRISE_SHEET = "企业一览"
DETAIL_SHEET = "评测明细"
NOTES_SHEET = "说明"
TARGET_SCENE_LEVEL = 2  # 二级+ scenes are counted (the level rule's scene condition of 二级)
KIND_WORDS = {AssessmentKind.BASELINE: "改造前", AssessmentKind.AFTER: "改造后"}

WorkbookWriter = Callable[[Path, Sequence[Table], datetime], Path]


class PackageLedger(Protocol):
    """The package behind an assessment: the exported package's fingerprint, or an imported package's SHA-256."""

    def package_fingerprints(self, assessment_ids: Sequence[int]) -> dict[int, str]: ...

    def imported_packages(self, assessment_ids: Sequence[int]) -> dict[int, str]:
        """The SHA-256 of the package file each imported assessment came from."""
        ...


@dataclass(frozen=True)
class Snapshot:
    """One finalized assessment with its score (the before or the after of an enterprise)."""

    assessment: Assessment
    form: Form
    result: ScoreResult


def latest_finalized(workspace: WorkspaceService, enterprise_id: int, kind: AssessmentKind) -> Assessment | None:
    """The newest finalized assessment of a kind (assessment date, then id), a corrected original not counted."""
    return latest_finalized_of([s.assessment for s in workspace.list_assessments(enterprise_id)], kind)


def latest_finalized_of(rows: Sequence[Assessment], kind: AssessmentKind) -> Assessment | None:
    superseded = {a.revision_of for a in rows if a.revision_of and a.status is AssessmentStatus.FINALIZED}
    final = [a for a in rows if a.kind is kind and a.status is AssessmentStatus.FINALIZED and a.id not in superseded]
    return max(final, key=lambda a: (a.assessed_on or datetime.min.date(), a.id), default=None)


def scenes_at(result: ScoreResult, level: int) -> tuple[int, int]:
    """(constrained, guiding) scenes at ``level`` or above."""
    for count in result.scene_counts:
        if count.level == level:
            return count.constrained, count.scenes - count.constrained
    return 0, 0


class ProgrammeExport:
    def __init__(
        self,
        workspace: WorkspaceService,
        projects: ProjectService,
        policies: Sequence[Policy],
        write: WorkbookWriter,
        ledger: PackageLedger | None = None,
    ) -> None:
        self.workspace = workspace
        self.projects = projects
        self.policies = list(policies)
        self.write = write
        self.ledger = ledger
        self._results: dict[int, tuple[Form, AnswerSet, ScoreResult]] = {}

    def chosen_policies(self, policy_id: str | None) -> list[Policy]:
        if policy_id is None:
            return self.policies
        chosen = [p for p in self.policies if p.id == policy_id]
        if not chosen:
            known = ", ".join(p.id for p in self.policies)
            raise ValidationError("policy", f"没有这项政策 (no such policy) {policy_id!r}; known: {known}")
        return chosen

    def _result(self, assessment_id: int) -> tuple[Form, AnswerSet, ScoreResult]:
        """Each assessment is read and scored once per workbook."""
        if assessment_id not in self._results:
            self._results[assessment_id] = self.workspace.result(assessment_id)
        return self._results[assessment_id]

    def snapshot(self, listing: EnterpriseListing, kind: AssessmentKind) -> Snapshot | None:
        found = latest_finalized_of([s.assessment for s in listing.assessments], kind)
        if found is None:
            return None
        form, _answers, result = self._result(found.id)
        return Snapshot(found, form, result)

    # ------------------------------------------------------------------------------------------- workbook

    def tables(self, policy_id: str | None = None, created: datetime | None = None) -> list[Table]:
        policies = self.chosen_policies(policy_id)
        created = created or datetime.now().astimezone()
        self._results = {}
        listings = self.workspace.list_enterprises()
        overview = self._overview(listings, policies)
        details = self._details(listings)
        self._results = {}
        return [overview, details, self._notes(overview, details, policies, created)]

    def export(self, out: Path, policy_id: str | None = None) -> Path:
        created = datetime.now().astimezone()
        return self.write(out, self.tables(policy_id, created), created)

    def _overview(self, listings: Sequence[EnterpriseListing], policies: Sequence[Policy]) -> Table:
        columns = [
            Column("企业名称", meaning="企业名称（一企一档）"),
            Column("统一社会信用代码", meaning="18 位统一社会信用代码"),
            Column("所在地区", meaning="企业所在地区"),
            Column("行业代码", meaning="国民经济行业分类（GB/T 4754）门类与大类代码，如 C34"),
            Column("行业名称", meaning="GB/T 4754 的行业名称（已知的最具体一级）"),
            Column("企业规模", meaning="大型 / 中型 / 小型 / 微型"),
            Column("规上/规下", meaning="规模以上工业企业（规上）或规模以下（规下）；空白：未填写"),
            Column("专精特新", meaning="创新型中小企业 / 专精特新中小企业 / 专精特新“小巨人”企业 / 无"),
            Column("试点细分行业", meaning="城市试点的细分行业"),
            Column("牵引单位", meaning="数字化牵引单位（服务商）"),
            Column("联系人", meaning="企业联系人"),
            Column("联系电话", meaning="联系人电话"),
        ]
        for word in KIND_WORDS.values():
            columns += [
                Column(f"{word}评测编号", ColumnKind.INTEGER, f"最新一份已定稿的{word}评测的编号；空白：没有"),
                Column(f"{word}评测日期", meaning=f"{word}评测的评测日期（YYYY-MM-DD）"),
                Column(
                    f"{word}等级", ColumnKind.INTEGER, f"{word}的数字化水平等级（0 = 未达到一级，1–4 = 一级至四级）"
                ),
                Column(f"{word}总分", ColumnKind.POINTS, f"{word}的总得分（满分 100）"),
                Column(f"{word}数字化基础", ColumnKind.POINTS, f"{word}“数字化基础”维度得分（满分 50）"),
                Column(f"{word}数字化管理", ColumnKind.POINTS, f"{word}“数字化管理”维度得分（满分 30）"),
                Column(f"{word}数字化成效", ColumnKind.POINTS, f"{word}“数字化成效”维度得分（满分 20）"),
                Column(f"{word}二级+约束性场景", ColumnKind.INTEGER, f"{word}达到二级及以上的约束性场景数"),
                Column(f"{word}二级+引导性场景", ColumnKind.INTEGER, f"{word}达到二级及以上的引导性（非约束性）场景数"),
                Column(f"{word}评测包指纹", meaning=f"{word}评测的评测包：导出包的清单指纹，或导入包文件的 SHA-256"),
            ]
        columns += [
            Column("改造项目合同号", meaning="最新改造项目的合同编号"),
            Column("合同金额（元）", ColumnKind.AMOUNT, "改造项目合同金额，元"),
            Column("实际投入（元）", ColumnKind.AMOUNT, "改造项目已记录的实际支出合计，元"),
        ]
        for policy in policies:
            columns.append(Column(f"补贴估算（元）·{policy.id}", ColumnKind.AMOUNT,
                                  f"估算：按《{policy.document}》{policy.clause.ref}（{policy.city}），以实际投入和"
                                  "改造后（无则改造前）等级计算；空白：文件未给出金额或条件未满足"))  # fmt: skip
            columns.append(Column(f"估算说明·{policy.id}", meaning="估算的性质：上限、不符合条件或文件未给出金额"))

        snapshots = {
            x.enterprise.id: (self.snapshot(x, AssessmentKind.BASELINE), self.snapshot(x, AssessmentKind.AFTER))
            for x in listings
        }
        enterprises = [x.enterprise for x in listings]
        ids = [s.assessment.id for pair in snapshots.values() for s in pair if s is not None]
        fingerprints = self.ledger.package_fingerprints(ids) if self.ledger is not None else {}
        rows: list[list[Cell]] = []
        for e in enterprises:
            row: list[Cell] = [
                e.name, e.uscc, e.region, industry_code(e.industry_section, e.industry_division),
                industry_name(e.industry_section, e.industry_division), e.size.label if e.size else "",
                "" if e.above_scale is None else ("规上" if e.above_scale else "规下"), e.specialized.label,
                e.pilot_subsector, e.traction_unit, e.contact_name, e.contact_phone,
            ]  # fmt: skip
            for snap in snapshots[e.id]:
                row += self._snapshot_cells(snap, fingerprints)
            project = self._project(e.id)
            row += [project.contract_no, project.contract_amount, project.invested] if project else [None] * 3
            level = next((s.result.level for s in reversed(snapshots[e.id]) if s is not None), None)
            for policy in policies:
                row += self._estimate_cells(policy, project, level)
            rows.append(row)
        return Table(ENTERPRISE_SHEET, tuple(columns), rows)

    @staticmethod
    def _snapshot_cells(snap: Snapshot | None, fingerprints: dict[int, str]) -> list[Cell]:
        if snap is None:
            return [None] * 10
        result = snap.result
        dims = [result.dimension_scores.get(d.id) for d in snap.form.dimensions]
        dims = (dims + [None] * 3)[:3]
        constrained, guiding = scenes_at(result, TARGET_SCENE_LEVEL)
        day = snap.assessment.assessed_on
        return [snap.assessment.id, day.isoformat() if day else "", result.level, result.total_score, *dims,
                constrained, guiding, fingerprints.get(snap.assessment.id, "")]  # fmt: skip

    def _project(self, enterprise_id: int) -> Project | None:
        found = self.projects.projects(enterprise_id)
        return found[-1] if found else None

    @staticmethod
    def _estimate_cells(policy: Policy, project: Project | None, level: int | None) -> list[Cell]:
        if project is None or level is None:
            return [None, "没有改造项目" if project is None else "没有已定稿的评测"]
        est = estimate_subsidy(policy, level, project.invested, down_payment_yuan=project.down_payment)
        if not est.eligible:
            note = f"不符合条件（需达到{policy.min_level}级）"
        elif est.estimate is None:
            note = "文件未给出金额"
        elif est.upper_bound:
            note = "上限"
        else:
            note = "估算"
        return [est.estimate if est.eligible else None, note]

    def _details(self, listings: Sequence[EnterpriseListing]) -> Table:
        forms: dict[tuple[str, int], Form] = {}
        rows_raw: list[tuple[Enterprise, Assessment, Form, ScoreResult, dict[str, str]]] = []
        for listing in listings:
            e = listing.enterprise
            for summary in sorted(listing.assessments, key=lambda s: s.assessment.id):
                a = summary.assessment
                form, answers, result = self._result(a.id)
                forms.setdefault((form.id, form.revision), form)
                chosen = {q: v if isinstance(v, str) else ",".join(v) for q, v in answers.answers.items()}
                rows_raw.append((e, a, form, result, chosen))
        # The columns: every question and scene of the forms in use, in the newest form's order.
        question_ids: list[str] = []
        scene_ids: list[str] = []
        for form in sorted(forms.values(), key=lambda f: (f.id, -f.revision)):
            question_ids += [q.id for q in form.questions if q.id not in question_ids]
            scene_ids += [s.id for s in form.scenes if s.id not in scene_ids]
        columns = [
            Column("评测编号", ColumnKind.INTEGER, "评测在本工作区的编号"),
            Column("企业名称", meaning="企业名称"),
            Column("统一社会信用代码", meaning="18 位统一社会信用代码"),
            Column("评测类型", meaning="改造前 / 改造后 / 自评"),
            Column("状态", meaning="已定稿 / 草稿"),
            Column("评测日期", meaning="评测日期（YYYY-MM-DD）"),
            Column("评测表", meaning="评测表编号与版本，如 miit-2024 r3"),
            Column("评估人员", meaning="评估人员姓名"),
            Column("等级", ColumnKind.INTEGER, "数字化水平等级（0–4）"),
            Column("总分", ColumnKind.POINTS, "总得分（满分 100）"),
        ]
        for q in question_ids:
            columns.append(Column(f"{q} 选项", meaning=f"{q} 所选选项（多选以逗号分隔）"))
            columns.append(Column(f"{q} 得分", ColumnKind.POINTS, f"{q} 得分"))
        for sc in scene_ids:
            columns.append(Column(f"{sc} 等级", ColumnKind.INTEGER, f"场景 {sc} 所达等级（0–4）"))
        rows: list[list[Cell]] = []
        for e, a, form, result, chosen in rows_raw:
            day = a.assessed_on
            row: list[Cell] = [
                a.id, e.name, e.uscc, a.kind.label, "已定稿" if a.status is AssessmentStatus.FINALIZED else "草稿",
                day.isoformat() if day else "", f"{form.id} r{form.revision}", a.assessor.name, result.level,
                result.total_score,
            ]  # fmt: skip
            for q in question_ids:
                points = result.question_scores.get(q)
                row += [chosen.get(q, ""), points if q in chosen else None]
            for sc in scene_ids:
                row.append(result.scene_levels.get(sc))
            rows.append(row)
        return Table(DETAIL_SHEET, tuple(columns), rows)

    @staticmethod
    def _notes(overview: Table, details: Table, policies: Sequence[Policy], created: datetime) -> Table:
        rows: list[list[Cell]] = [
            ["生成时间", "", created.strftime("%Y-%m-%d %H:%M:%S %z")],
            ["企业数", "", str(len(overview.rows))],
            ["评测数", "", str(len(details.rows))],
        ]
        for policy in policies:
            rows.append(["补贴估算所用政策", policy.id,
                         f"{policy.city}《{policy.document}》{policy.clause.ref}；估算，以文件为准"])  # fmt: skip
        rows.append(["取数规则", "", "改造前、改造后各取最新一份已定稿的评测（被更正的原评测不计）；草稿不计入"
                                    "企业一览，但列在评测明细中"])  # fmt: skip
        for table in (overview, details):
            for column in table.columns:
                rows.append([table.name, column.header, column.meaning])
        columns = (Column("项目"), Column("列"), Column("说明"))
        return Table(NOTES_SHEET, columns, rows, frozen=False)
