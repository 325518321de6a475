"""The 一企一档 dossier of an enterprise: what an on-site check asks to see, in one folder or zip.

An index page (PDF) lists every file with its date, fingerprint and SHA-256; then the baseline and after reports,
the comparison report, the diagnosis report (when findings exist), the packages this workspace exported (while
the file is still where it was written; an imported package's file is not kept, which the index says), the
evidence files and the project record (JSON and a readable page). Names are safe on every file system; a zip is
written atomically, and so is a folder (built beside the target, then renamed).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

from app.core.dossier import DossierIndex, DossierItem, ProjectPage
from app.core.fileio import safe_file_name, write_atomic
from app.core.industries import industry_label
from app.core.policy import yuan
from app.core.projects import Project, project_json
from app.core.records import Assessment, AssessmentKind, Enterprise
from app.services.diagnosis import DiagnosisService
from app.services.programme import PackageLedger, latest_finalized
from app.services.projects import ProjectService
from app.services.submission import SubmissionService
from app.services.workspace import WorkspaceService

INDEX_NAME = "00-目录.pdf"
REPORTS, PACKAGES, EVIDENCE, PROJECTS = "报告", "评测包", "证据", "改造项目"
KIND_WORDS = {AssessmentKind.BASELINE: "改造前", AssessmentKind.AFTER: "改造后"}

RenderIndex = Callable[[DossierIndex], bytes]
RenderProject = Callable[[ProjectPage], bytes]
Progress = Callable[[int, int, Enterprise], None]


@dataclass(frozen=True)
class DossierFile:
    item: DossierItem
    data: bytes


def sha256_of(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def dossier_name(enterprise: Enterprise) -> str:
    """``企业名称-USCC-一企一档`` made safe as a file or folder name."""
    return safe_file_name(f"{safe_file_name(enterprise.name)}-{enterprise.uscc}-一企一档", 120)


class DossierService:
    def __init__(
        self,
        workspace: WorkspaceService,
        submission: SubmissionService,
        diagnosis: DiagnosisService | None,
        projects: ProjectService,
        render_index: RenderIndex,
        render_project: RenderProject,
        ledger: PackageLedger | None = None,
    ) -> None:
        self.workspace = workspace
        self.submission = submission
        self.diagnosis = diagnosis
        self.projects = projects
        self.render_index = render_index
        self.render_project = render_project
        self.ledger = ledger

    # --------------------------------------------------------------------------------------------- content

    def contents(self, key: str | int) -> tuple[Enterprise, list[DossierFile], DossierIndex]:
        """Every file of the dossier (the index first) and the index itself."""
        enterprise = self.workspace.enterprise(key)
        files: list[DossierFile] = []
        missing: list[str] = []
        used: set[str] = set()

        def add(path: str, section: str, title: str, dated: str, fingerprint: str, data: bytes) -> None:
            path = _unique(path, used)
            files.append(DossierFile(DossierItem(path, section, title, dated, fingerprint, sha256_of(data),
                                                 len(data)), data))  # fmt: skip

        chosen = {kind: latest_finalized(self.workspace, enterprise.id, kind) for kind in KIND_WORDS}
        ids = [a.id for a in chosen.values() if a is not None]
        fingerprints = self.ledger.package_fingerprints(ids) if self.ledger is not None else {}
        imported = self.ledger.imported_packages(ids) if self.ledger is not None else {}
        for n, (kind, assessment) in enumerate(chosen.items(), start=1):
            word = KIND_WORDS[kind]
            if assessment is None:
                missing.append(f"{word}评测报告：没有已定稿的{word}评测。")
                continue
            day = _day(assessment)
            fp = fingerprints.get(assessment.id, "")
            add(f"0{n}-{word}评测报告-{day or assessment.id}.pdf", REPORTS, f"{word}评测报告（评测 {assessment.id}）",
                day, fp, self.submission.report_bytes(assessment.id))  # fmt: skip
        before, after = chosen[AssessmentKind.BASELINE], chosen[AssessmentKind.AFTER]
        if before is not None and after is not None:
            add("03-改造前后对比报告.pdf", REPORTS, f"改造前后对比报告（评测 {before.id} → {after.id}）", _day(after),
                "", self.submission.comparison_bytes(before.id, after.id))  # fmt: skip
        else:
            missing.append("改造前后对比报告：需要已定稿的改造前和改造后评测各一份。")
        diagnosed = False
        for assessment in (a for a in (before, after) if a is not None):
            if self.diagnosis is None or not _has_findings(self.workspace, assessment.id):
                continue
            diagnosed = True
            add(f"04-诊断报告-{KIND_WORDS[assessment.kind]}.pdf", REPORTS, f"诊断报告（评测 {assessment.id}）",
                _day(assessment), "", self.diagnosis.report_bytes(assessment.id, "pdf"))  # fmt: skip
        if not diagnosed:
            missing.append("诊断报告：评测上没有记录诊断结论（findings）。")
        for assessment in (a for a in (before, after) if a is not None):
            self._package(assessment, fingerprints.get(assessment.id, ""), imported.get(assessment.id), add, missing)
            self._evidence(assessment, add, missing)
        self._projects(enterprise, add, missing)
        index = DossierIndex(
            enterprise=enterprise.name,
            uscc=enterprise.uscc,
            facts=_facts(enterprise),
            items=tuple(f.item for f in files),
            missing=tuple(missing),
            generated_at=datetime.now().astimezone(),
        )
        data = self.render_index(index)
        head = DossierFile(DossierItem(INDEX_NAME, "目录", "材料目录", index.generated_at.strftime("%Y-%m-%d"), "",
                                       sha256_of(data), len(data)), data)  # fmt: skip
        return enterprise, [head, *files], index

    def _package(
        self,
        assessment: Assessment,
        fingerprint: str,
        imported_sha256: str | None,
        add: Callable[..., None],
        missing: list[str],
    ) -> None:
        word = KIND_WORDS[assessment.kind]
        kept = self.submission.imported_package_path(imported_sha256) if imported_sha256 else None
        if kept is not None:
            with contextlib.suppress(OSError):
                data = kept.read_bytes()
                day = _day(assessment) or str(assessment.id)
                title = f"{word}评测包（评测 {assessment.id}，导入的原件）"
                add(f"{PACKAGES}/{word}评测包-{day}.sdap", PACKAGES, title, day, fingerprint, data)
                return
        exports = self.workspace.repo.list_exports(assessment.id)
        for exported in reversed(exports):
            path = Path(exported.path)
            with contextlib.suppress(OSError):
                if path.is_file():
                    data = path.read_bytes()
                    add(f"{PACKAGES}/{safe_file_name(path.stem, 100)}.sdap", PACKAGES,
                        f"{word}评测包（评测 {assessment.id}）", exported.exported_at.strftime("%Y-%m-%d %H:%M"),
                        exported.package_fingerprint, data)  # fmt: skip
                    return
        if exports:
            missing.append(f"{word}评测包（指纹 {exports[-1].package_fingerprint}）：导出的文件已不在原处"
                           f"（{Path(exports[-1].path).name}），工作区只保存其记录。")  # fmt: skip
        elif fingerprint:
            missing.append(f"{word}评测包（{fingerprint}）：评测由导入的评测包而来，工作区不保存导入的文件，"
                           "请附上收到的原件。")  # fmt: skip
        else:
            missing.append(f"{word}评测包：评测 {assessment.id} 尚未导出评测包。")

    def _evidence(self, assessment: Assessment, add: Callable[..., None], missing: list[str]) -> None:
        word = KIND_WORDS[assessment.kind]
        for ev in self.workspace.evidence(assessment.id):
            try:
                data = self.workspace.evidence_path(ev).read_bytes()
            except OSError:
                missing.append(f"{word}证据 {ev.item} {ev.filename}（{ev.sha256}）：文件无法读取。")
                continue
            name = safe_file_name(f"{ev.item}-{ev.filename}", 100)
            title = f"{word} {ev.item} 证据" + (f"：{ev.description}" if ev.description else "")
            added = ev.added_at.strftime("%Y-%m-%d") if ev.added_at else ""
            add(f"{EVIDENCE}/{word}/{name}", EVIDENCE, title, added, "", data)

    def _projects(self, enterprise: Enterprise, add: Callable[..., None], missing: list[str]) -> None:
        found = self.projects.projects(enterprise.id)
        if not found:
            missing.append("改造项目记录：该企业还没有登记改造项目。")
        for project in found:
            stem = f"{PROJECTS}/项目-{safe_file_name(project.contract_no, 60)}"
            document = json.dumps(project_json(project), ensure_ascii=False, indent=2).encode() + b"\n"
            day = project.signed_on.isoformat()
            add(f"{stem}.json", PROJECTS, f"改造项目记录（合同 {project.contract_no}，JSON）", day, "", document)
            add(f"{stem}.pdf", PROJECTS, f"改造项目记录（合同 {project.contract_no}）", day, "",
                self.render_project(_project_page(enterprise, project)))  # fmt: skip

    # ---------------------------------------------------------------------------------------------- writing

    def write(self, key: str | int, out: Path) -> Path:
        """Write the dossier to ``out``: a ``.zip`` file, else a folder ``out/<企业名称-USCC-一企一档>``."""
        enterprise, files, _ = self.contents(key)
        if out.suffix.lower() == ".zip":
            write_atomic(out, zip_bytes(dossier_name(enterprise), files))
            return out
        out.mkdir(parents=True, exist_ok=True)
        target = out / dossier_name(enterprise)
        write_folder(target, files)
        return target

    def write_all(self, out_dir: Path, progress: Progress | None = None) -> list[Path]:
        """One zip per enterprise in ``out_dir``; ``progress(done, total, enterprise)`` after each."""
        return self.write_many([row.enterprise.id for row in self.workspace.list_enterprises()], out_dir, progress)

    def write_many(self, enterprise_ids: Sequence[int], out_dir: Path, progress: Progress | None = None) -> list[Path]:
        """One zip per enterprise named, in ``out_dir``; ``progress`` may raise to stop after the current one."""
        out_dir.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        for n, enterprise_id in enumerate(enterprise_ids, start=1):
            enterprise = self.workspace.enterprise(enterprise_id)
            written.append(self.write(enterprise.id, out_dir / f"{dossier_name(enterprise)}.zip"))
            if progress is not None:
                progress(n, len(enterprise_ids), enterprise)
        return written


def zip_bytes(folder: str, files: Sequence[DossierFile]) -> bytes:
    buffer = io.BytesIO()
    stamp = datetime.now().timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for f in files:
            info = zipfile.ZipInfo(str(PurePosixPath(folder, f.item.path)), date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.flag_bits |= 0x800  # the names are UTF-8 (Chinese), as Windows Explorer and WPS expect
            info.external_attr = 0o644 << 16
            archive.writestr(info, f.data)
    return buffer.getvalue()


def write_folder(target: Path, files: Sequence[DossierFile]) -> None:
    """Build the folder beside ``target`` and rename it into place; an older dossier there is replaced."""
    if target.exists() and not target.is_dir():
        raise FileExistsError(f"{target}: exists and is not a folder; it is left as it is")
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial"))
    try:
        for f in files:
            path = staging.joinpath(*PurePosixPath(f.item.path).parts)
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, f.data)
        old = None
        if target.exists():
            old = target.with_name(f".{target.name}.old-{os.getpid()}")
            os.replace(target, old)
        os.replace(staging, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _unique(path: str, used: set[str]) -> str:
    candidate, n = path, 1
    while candidate.casefold() in used:  # Windows and macOS file systems ignore case
        n += 1
        stem = PurePosixPath(path)
        candidate = str(stem.with_name(f"{stem.stem}-{n}{stem.suffix}"))
    used.add(candidate.casefold())
    return candidate


def _day(assessment: Assessment) -> str:
    if assessment.assessed_on is not None:
        return assessment.assessed_on.isoformat()
    return assessment.finalized_at.strftime("%Y-%m-%d") if assessment.finalized_at else ""


def _has_findings(workspace: WorkspaceService, assessment_id: int) -> bool:
    findings = workspace.findings(assessment_id)
    return bool(findings.pain_points or findings.needs)


def _facts(e: Enterprise) -> tuple[tuple[str, str], ...]:
    rows = [
        ("企业名称", e.name), ("统一社会信用代码", e.uscc), ("所在地区", e.region),
        ("所属行业", industry_label(e.industry_section, e.industry_division)),
        ("企业规模", e.size.label if e.size else ""),
        ("规上/规下", "" if e.above_scale is None else ("规上" if e.above_scale else "规下")),
        ("专精特新", e.specialized.label), ("试点细分行业", e.pilot_subsector), ("牵引单位", e.traction_unit),
        ("联系人", " ".join(x for x in (e.contact_name, e.contact_phone) if x)),
    ]  # fmt: skip
    return tuple((k, v or "—") for k, v in rows)


def _project_page(enterprise: Enterprise, project: Project) -> ProjectPage:
    facts = (
        ("合同编号", project.contract_no), ("牵引单位", project.provider), ("签订日期", project.signed_on.isoformat()),
        ("合同金额", yuan(project.contract_amount)),
        ("首付款", yuan(project.down_payment) if project.down_payment is not None else "—"),
        ("实际投入", yuan(project.invested)),
        ("改造前评测", str(project.baseline_id) if project.baseline_id else "—"),
        ("改造后评测", str(project.after_id) if project.after_id else "—"),
    )  # fmt: skip
    spending = tuple(
        (e.spent_on.isoformat() if e.spent_on else "—", e.category.label, f"{e.amount:,}", e.note or "")
        for e in project.spending
    )
    return ProjectPage(enterprise.name, facts, spending, datetime.now().astimezone())
