"""Render the home page, every wizard page and the results page with sample data to PNG, for review.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python build_scripts/render_screens.py OUT_DIR [--lang zh|en] [--size WxH]
Uses a throw-away workspace; never the user's.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QScrollArea, QWidget  # noqa: E402

from app.core.answers import parse_json_text  # noqa: E402
from app.core.findings import Findings, PainPoint, needs_from_plan  # noqa: E402
from app.core.records import AssessmentKind, Assessor  # noqa: E402
from app.core.uscc import check_character  # noqa: E402
from app.main import DesktopAdapters, build_workspace, project_service  # noqa: E402
from app.services.forms import FormRegistry  # noqa: E402
from app.services.workspace import EnterpriseInput, WorkspaceService  # noqa: E402
from app.store.database import WorkspaceLocation  # noqa: E402
from app.ui.context import GuiContext  # noqa: E402
from app.ui.i18n import Translations  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402
from app.ui.smoke import wait_until  # noqa: E402
from app.ui.theme import apply_theme  # noqa: E402

BASELINE = {
    "form": "miit-2024",
    "answers": {"Q1": ["B"], "Q2": "B", "Q3": "A", "Q4": ["N"], "Q5": "B", "Q6": ["B"], "Q7": ["A"], "Q8": "B",
                "Q9": ["B"], "Q10": ["B"], "Q11": "A", "Q12": "B", "Q13": "B", "Q14": "B", "Q15": "B"},
    "scenes": {"S01": 1, "S02": 1, "S03": 1, "S04": 0, "S05": 1, "S06": 1, "S07": 1, "S08": 1, "S09": 0, "S10": 0,
               "S11": 1, "S12": 1, "S13": 2, "S14": 1, "S15": 2, "S16": 0},
}  # fmt: skip


def main() -> None:  # noqa: PLR0915 (one review script, step by step)
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--lang", choices=["zh", "en"], default="zh")
    parser.add_argument("--size", default="1366x860", help="window size, e.g. 1366x768 (a common laptop screen)")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.lower().split("x"))
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    apply_theme(app)
    translations = Translations(app)
    translations.switch(args.lang)
    registry = FormRegistry.from_dir(ROOT / "forms")
    sample = parse_json_text((ROOT / "resources" / "samples" / "sample-complete.json").read_bytes())
    with tempfile.TemporaryDirectory() as tmp:
        location = WorkspaceLocation(Path(tmp) / "data")
        ws = build_workspace(location, registry, "review")
        ws.add_enterprise(EnterpriseInput(name="东莞市示例精密机械有限公司", uscc="91350100M000100Y43", industry="C34",
                                          region="广东省东莞市", size="small", above_scale=True,
                                          traction_unit="某数字化牵引单位", contact_name="李经理"))  # fmt: skip
        ws.add_enterprise(EnterpriseInput(name="佛山市示例家居制造有限公司", uscc=_uscc("91440600MA4W00001"),
                                          industry="C21", region="广东省佛山市", size="medium"))  # fmt: skip
        assessor = Assessor("张工", "某数字化牵引单位", "诊断顾问")
        base = ws.new_assessment("91350100M000100Y43", AssessmentKind.BASELINE, BASELINE, assessor, True).id
        ws.set_findings(base, _diagnosis(ws, base))
        ws.finalize(base)
        after = ws.new_assessment("91350100M000100Y43", AssessmentKind.AFTER, sample, assessor, True).id
        _add_project(ws, base, after)
        settings = QSettings(str(Path(tmp) / "ui.ini"), QSettings.Format.IniFormat)
        ctx = GuiContext(
            ws,
            registry,
            location.data_dir,
            settings,
            DesktopAdapters(ws, registry, location.data_dir),
            language=args.lang,
        )
        window = MainWindow(ctx, translations)
        window.resize(width, height)
        window.show()
        window.home.refresh()
        wait_until(lambda: window.runner.idle)
        window.home.select_enterprise(1)
        wait_until(lambda: window.runner.idle)
        app.processEvents()
        window.grab().save(str(args.out / f"{args.lang}-00-home.png"))
        window.home.detail_panel.project_panel.grab().save(str(args.out / f"{args.lang}-00-project.png"))
        _archive_and_delete_screens(app, window, ws, Path(tmp), args.out, args.lang)
        window.open_assessment(after)
        wait_until(lambda: window.view.loaded is not None and window.view.idle)
        for row, key in enumerate(window.view.page_keys):
            window.view.go(row)
            wait_until(lambda: window.view.idle)
            app.processEvents()
            name = {"数字化基础": "foundation", "数字化管理": "management", "数字化成效": "outcomes"}.get(key, key)
            window.grab().save(str(args.out / f"{args.lang}-{row + 1:02d}-{name}.png"))
        page = window.view.result_page
        inner = page.widget() if page is not None else None
        if inner is not None:  # the whole result page, below the fold too
            number = len(window.view.page_keys) + 1
            inner.grab().save(str(args.out / f"{args.lang}-{number:02d}-result-all.png"))
            plan = getattr(page, "plan", None)
            if plan is not None:  # the result page scrolled to its plan, as the window shows it
                window.view.go(window.view.page_keys.index("result"))
                wait_until(lambda: window.view.idle)
                page.ensureWidgetVisible(plan, 0, 0)
                page.verticalScrollBar().setValue(plan.y())
                app.processEvents()
                window.grab().save(str(args.out / f"{args.lang}-{number:02d}-result-plan.png"))
        _render_comparison(app, window, ws, base, after, args.out / f"{args.lang}-20-compare", width, height)
        _diagnosis_screen(app, window, base, args.out / f"{args.lang}-diagnosis-baseline.png")
        _project_after_finalize(window, ws, after, args.out / f"{args.lang}-00-project-after.png")
        newest = {k: v for k, v in sample.items() if k != "form_revision"}  # the sample's answers, newest revision
        window.open_assessment(ws.new_assessment("91350100M000100Y43", AssessmentKind.AFTER, newest, assessor, True).id)
        _help_screens(app, window, args.out, args.lang)
        _about_screen(app, window, args.out / f"{args.lang}-about.png")
        _qt_own_screens(app, window, Path(tmp), args.out, args.lang)
        ws.close()
    print(f"screens written to {args.out}")


def _render_comparison(app: QApplication, window: MainWindow, ws: object, base: int, after: int, out: Path,
                       width: int, height: int) -> None:  # fmt: skip
    """The in-app before/after comparison, opened from the home page: its top and its scrolled parts."""
    window.show_comparison(base, after)
    wait_until(lambda: window.runner.idle)
    app.processEvents()
    dialogs = [d for d in window.findChildren(QDialog) if d.isVisible()]
    if not dialogs:
        return
    dialog = dialogs[-1]
    dialog.resize(width, height)
    app.processEvents()
    dialog.grab().save(f"{out}-top.png")
    scroll = dialog.findChild(QScrollArea)
    if scroll is not None:
        bar = scroll.verticalScrollBar()
        step, n = max(1, scroll.viewport().height() - 40), 1
        while bar.value() < bar.maximum() and n < 8:
            bar.setValue(bar.value() + step)
            app.processEvents()
            dialog.grab().save(f"{out}-{n}.png")
            n += 1
        if scroll.widget() is not None:
            scroll.widget().grab().save(f"{out}-all.png")
    dialog.close()


def _diagnosis(ws: Any, assessment_id: int) -> Findings:
    """Pain points, and the needs the plan to level two gives, with estimates filled in as a consultant would."""
    form, _, result = ws.result(assessment_id)
    needs = needs_from_plan(form, result.gap_to_level_2, date(2027, 6, 30))
    costs = (120_000, 80_000, 600_000, 180_000, 90_000, 45_000, 60_000, 30_000)
    needs = [replace(n, estimate_yuan=costs[i % len(costs)]) for i, n in enumerate(needs)]
    pains = (
        PainPoint("S06", "生产进度靠纸质派工单，完工情况次日才能汇总"),
        PainPoint("S07", "质量检验记录在纸上，追溯一个批次要两天"),
        PainPoint("Q6", "办公网与生产网未隔离"),
    )
    return Findings(pains, tuple(needs))


def _diagnosis_screen(app: QApplication, window: MainWindow, assessment_id: int, out: Path) -> None:
    """The 诊断 page of an assessment: its pain points and the needs made from its plan."""
    window.open_assessment(assessment_id)
    wait_until(lambda: window.view.loaded is not None and window.view.idle)
    window.view.go(window.view.page_keys.index("diagnosis"))
    wait_until(lambda: window.view.idle)
    app.processEvents()
    window.grab().save(str(out))


def _add_project(ws: WorkspaceService, base: int, after: int) -> None:
    projects = project_service(ws)  # the transformation project on the home page's detail panel
    project = projects.add(1, contract_no="HT-2024-001", provider="某数字化牵引单位", contract_amount=1_200_000,
                           signed="2024-05-10", down_payment=300_000, baseline=base, after=after)  # fmt: skip
    for amount, category in ((520_000, "hardware"), (330_000, "software"), (150_000, "service")):
        projects.spend(project.id, amount=amount, category=category, spent_on="2024-08-01")


def _project_after_finalize(window: MainWindow, ws: WorkspaceService, after: int, out: Path) -> None:
    """The project panel once the after assessment is finalized: the estimates (估算) at its level."""
    ws.finalize(after)
    window.show_home()
    window.home.refresh()
    wait_until(lambda: window.runner.idle)
    window.home.select_enterprise(1)
    wait_until(lambda: window.runner.idle)
    window.home.detail_panel.project_panel.grab().save(str(out))


def _help_screens(app: QApplication, window: MainWindow, out: Path, lang: str) -> None:
    """On the newest form revision: the Help menu's dialogs, a disputed item's ⓘ note, the cards and the result."""
    wait_until(lambda: window.view.loaded is not None and window.view.idle)
    for name, show in (("help-indicator-texts", window.show_indicator_texts), ("help-how-to", window.show_how_to)):
        dialog = show()
        app.processEvents()
        dialog.grab().save(str(out / f"{lang}-{name}.png"))
        dialog.close()
    for row, key in enumerate(window.view.page_keys):
        if key in ("数字化基础", "scenes", "result"):
            window.view.go(row)
            wait_until(lambda: window.view.idle)
            app.processEvents()
            window.grab().save(str(out / f"{lang}-newest-{row + 1:02d}.png"))
    window.view.go(window.view.page_keys.index("数字化基础"))
    wait_until(lambda: window.view.idle)
    card = window.view.cards.get("Q1")
    button = getattr(card, "wording", None)
    if button is not None:
        button.click()
        app.processEvents()
        box = window.findChild(QWidget, "Q1_wording_note")
        if box is not None:
            box.grab().save(str(out / f"{lang}-q1-wording-note.png"))
            box.close()


def _about_screen(app: QApplication, window: MainWindow, out: Path) -> None:
    """关于 / About, as the Help menu opens it (a modal box: grabbed and closed from the event loop)."""
    from PySide6.QtCore import QTimer  # noqa: PLC0415 (only this screen needs it)

    def grab() -> None:
        box = app.activeModalWidget()
        if box is not None:
            box.grab().save(str(out))
            box.close()

    QTimer.singleShot(200, grab)
    window.about()


def _qt_own_screens(app: QApplication, window: MainWindow, tmp: Path, out: Path, lang: str) -> None:
    """Qt's own texts in the UI's language: the (non-native) file dialog, standard message box buttons, a wizard's
    buttons and a line edit's context menu."""
    from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox, QWizard, QWizardPage  # noqa: PLC0415

    (tmp / "评测报告.pdf").write_bytes(b"%PDF")
    files = QFileDialog(window, "QFileDialog", str(tmp), "PDF (*.pdf)")
    files.setOption(QFileDialog.Option.DontUseNativeDialog)
    files.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    files.resize(900, 520)
    files.show()
    wait_until(files.isVisible)
    app.processEvents()
    files.grab().save(str(out / f"{lang}-qt-file-dialog.png"))
    files.close()
    box = QMessageBox(QMessageBox.Icon.Question, "QMessageBox", "QMessageBox", parent=window)
    sb = QMessageBox.StandardButton
    for button in (sb.Save, sb.Discard, sb.Yes, sb.No, sb.Ok, sb.Cancel, sb.Close, sb.Help):
        box.addButton(button)
    box.setDetailedText("QMessageBox")
    box.show()
    app.processEvents()
    box.grab().save(str(out / f"{lang}-qt-message-box.png"))
    box.close()
    wizard = QWizard(window)
    wizard.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
    wizard.setOption(QWizard.WizardOption.HaveHelpButton)
    wizard.addPage(QWizardPage())
    wizard.addPage(QWizardPage())
    wizard.resize(640, 200)
    wizard.show()
    app.processEvents()
    wizard.grab().save(str(out / f"{lang}-qt-wizard.png"))
    wizard.close()
    edit = QLineEdit("QLineEdit", window)
    edit.selectAll()
    menu = edit.createStandardContextMenu()
    if menu is not None:
        menu.popup(window.mapToGlobal(window.rect().center()))
        app.processEvents()
        menu.grab().save(str(out / f"{lang}-qt-line-edit-menu.png"))
        menu.close()
    edit.deleteLater()


def _archive_and_delete_screens(
    app: QApplication, window: MainWindow, ws: WorkspaceService, tmp: Path, out: Path, lang: str
) -> None:
    """The home page with 显示已归档 on (an archived enterprise listed, marked), the deletion question for a
    mistyped enterprise with a draft, and the refusal for one with a finalized assessment."""
    from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415 (only these screens use it)

    typo = ws.add_enterprise(EnterpriseInput(name="东莞市误录示例企业", uscc=_uscc("91441900MA4W00002")))
    draft = ws.new_assessment(typo.id, AssessmentKind.BASELINE, None, Assessor("张工")).id
    evidence = tmp / "设备台账.xlsx"
    evidence.write_bytes(b"PK ledger")
    ws.add_evidence(draft, "Q2", evidence)
    ws.set_archived(_uscc("91440600MA4W00001"), True)
    home = window.home
    home.archived_check.setChecked(True)
    wait_until(lambda: window.runner.idle)
    home.select_enterprise(typo.id)
    wait_until(lambda: window.runner.idle)
    app.processEvents()
    window.grab().save(str(out / f"{lang}-00-home-archived.png"))

    def question(name: str) -> None:
        box = home.active_message
        if box is None:
            return
        app.processEvents()
        box.grab().save(str(out / f"{lang}-00-{name}.png"))
        next(b for b in box.buttons() if box.buttonRole(b) is QMessageBox.ButtonRole.RejectRole).click()
        app.processEvents()

    home.delete_enterprise_button.click()
    question("delete-confirm")
    home.select_enterprise(1)
    wait_until(lambda: window.runner.idle)
    home.delete_enterprise_button.click()
    question("delete-refused")
    home.archived_check.setChecked(False)
    wait_until(lambda: window.runner.idle)


def _uscc(body: str) -> str:
    return body + check_character(body)


if __name__ == "__main__":
    main()
