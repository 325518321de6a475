"""The dossier's index page and the readable project record: the diagnosis report's document model and
typesetting (app.report.diagnosis), so they look like the other reports."""

from __future__ import annotations

from app.core.dossier import DossierIndex, ProjectPage
from app.report.common import ReportOptions
from app.report.diagnosis import Block, DiagnosisContent, Grid, Heading, KeyValues, Paragraph, render_diagnosis_pdf


def index_content(index: DossierIndex) -> DiagnosisContent:
    blocks: list[Block] = [Heading("企业基本信息"), KeyValues(index.facts)]
    sections: dict[str, list[tuple[str, ...]]] = {}
    for n, item in enumerate(index.items, start=1):
        sections.setdefault(item.section, []).append(
            (str(n), f"{item.title}\n{item.path}", item.dated or "—", f"{item.size:,}",
             (f"指纹 {item.fingerprint}\n" if item.fingerprint else "") + item.sha256)
        )  # fmt: skip
    for section, rows in sections.items():
        blocks.append(Heading(section))
        blocks.append(Grid(("序号", "文件", "日期", "字节", "指纹与 SHA-256"), tuple(rows),
                           (0.07, 0.33, 0.14, 0.1, 0.36), right=(3,)))  # fmt: skip
    blocks.append(Heading("未能收入的材料"))
    if index.missing:
        blocks.extend(Paragraph(f"· {text}") for text in index.missing)
    else:
        blocks.append(Paragraph("无。"))
    blocks.append(Paragraph("每个文件的 SHA-256 可用任意工具核对（如 Windows：certutil -hashfile 文件 SHA256；"
                            "Linux/macOS：sha256sum 文件）。评测包另可用 verify 或 verify.html 离线核验签名。",
                            note=True))  # fmt: skip
    return DiagnosisContent(
        title="一企一档 · 材料目录",
        subtitle=f"{index.enterprise}（统一社会信用代码 {index.uscc}）",
        enterprise=index.enterprise,
        draft=False,
        generated_at=index.generated_at,
        blocks=tuple(blocks),
    )


def render_dossier_index(index: DossierIndex, options: ReportOptions | None = None) -> bytes:
    return render_diagnosis_pdf(index_content(index), options)


def project_content(page: ProjectPage) -> DiagnosisContent:
    blocks: list[Block] = [Heading("项目信息"), KeyValues(page.facts), Heading("实际支出")]
    if page.spending:
        blocks.append(Grid(("日期", "类别", "金额（元）", "备注"), page.spending, (0.18, 0.16, 0.2, 0.46), right=(2,)))
    else:
        blocks.append(Paragraph("尚未记录支出。"))
    blocks.extend(Paragraph(text, note=True) for text in page.notes)
    return DiagnosisContent(
        title="改造项目记录",
        subtitle=page.enterprise,
        enterprise=page.enterprise,
        draft=False,
        generated_at=page.generated_at,
        blocks=tuple(blocks),
    )


def render_project_page(page: ProjectPage, options: ReportOptions | None = None) -> bytes:
    return render_diagnosis_pdf(project_content(page), options)
