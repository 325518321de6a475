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
        digests = f"文件 SHA-256\n{item.sha256}"
        if item.fingerprint and item.fingerprint != item.sha256:
            # An exported package's fingerprint is its manifest's digest (what the signatures cover); an imported
            # one is known by its file's SHA-256.
            label = "评测包指纹（签名所覆盖）" if item.fingerprint.startswith("SHA256:") else "所属评测包文件 SHA-256"
            digests = f"{label}\n{item.fingerprint}\n{digests}"
        dated = f"（{item.dated}）" if item.dated else ""
        sections.setdefault(item.section, []).append(
            (str(n), f"{item.title}{dated}\n{item.path}\n{digests}", f"{item.size:,}")
        )
    for section, rows in sections.items():
        blocks.append(Heading(section))
        # The file column is wide enough for a digest's 64 hex digits on one line, so each can be copied whole.
        blocks.append(Grid(("序号", "文件、日期及其摘要", "字节"), tuple(rows), (0.06, 0.8, 0.14), right=(2,),
                           digests=(1,)))  # fmt: skip
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
