"""Render the workspace home page and its dialogs to PNG, for a human to look at.

Usage: python build_scripts/shots_home.py [OUT_DIR]   (default /tmp/shots; runs offscreen)

Writes home-empty.png, home.png (enterprises with baseline, after, corrected and draft assessments),
home-filtered.png, enterprise-new.png, enterprise-error.png, enterprise-edit.png, new-assessment.png and
reason.png, each at about 1280×800 for the page and the dialogs' own size.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QLocale, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget  # noqa: E402

from app.core.records import AssessmentKind, Assessor  # noqa: E402
from app.core.uscc import check_character  # noqa: E402
from app.main import DesktopAdapters, build_workspace  # noqa: E402
from app.services.forms import FormRegistry  # noqa: E402
from app.services.workspace import EnterpriseInput, WorkspaceService  # noqa: E402
from app.store.database import WorkspaceLocation  # noqa: E402
from app.ui.context import GuiContext  # noqa: E402
from app.ui.dialogs import EnterpriseDialog, NewAssessmentDialog, ReasonDialog  # noqa: E402
from app.ui.home import HomePage  # noqa: E402
from app.ui.runner import Runner  # noqa: E402
from app.ui.theme import apply_theme  # noqa: E402

SAMPLE = ROOT / "resources" / "samples" / "sample-complete.json"


def uscc(serial: int) -> str:
    first17 = f"9135010{serial:010d}"
    return first17 + check_character(first17)


def populate(ws: WorkspaceService) -> int:
    """A consultant's workspace: returns the id of the enterprise worth showing."""
    complete = json.loads(SAMPLE.read_text(encoding="utf-8"))
    weaker = json.loads(SAMPLE.read_text(encoding="utf-8"))
    weaker["scenes"] = dict.fromkeys(weaker.get("scenes", {}), 1)
    partial = {"form": complete["form"], "answers": dict(list(complete["answers"].items())[:5])}
    consultant = Assessor("王磊", "福州市数字化转型促进中心", "咨询顾问")
    main = ws.add_enterprise(
        EnterpriseInput(
            name="福州示例精密机械制造有限公司",
            uscc=uscc(1),
            industry="C34",
            region="福建省福州市闽侯县",
            size="small",
            above_scale=True,
            specialized="specialized",
            main_products="数控机床零部件、精密齿轮",
            contact_name="陈静",
            contact_phone="0591-83000000",
            pilot_subsector="通用设备制造",
            traction_unit="福州市数字化转型促进中心",
        )
    )
    base = ws.new_assessment(main.id, AssessmentKind.BASELINE, weaker, consultant, True, date(2024, 3, 12))
    ws.finalize(base.id)
    after = ws.new_assessment(main.id, AssessmentKind.AFTER, complete, consultant, True, date(2024, 11, 20))
    ws.finalize(after.id)
    ws.correct(after.id, "Q5 证据表明 MES 已上线，原答案有误")
    others = [
        ("厦门示例电子科技有限公司", "C39", "福建省厦门市", "medium", "little_giant", "厦门数字化服务商联盟"),
        ("泉州示例纺织服装股份有限公司", "C18", "福建省泉州市", "medium", "none", "泉州市工业互联网研究院"),
        ("漳州示例食品有限公司", "C14", "福建省漳州市", "micro", "innovative", ""),
        ("莆田示例鞋业有限公司", "C19", "福建省莆田市", "small", "none", "福州市数字化转型促进中心"),
        ("宁德示例新能源材料有限公司", "C38", "福建省宁德市", "large", "specialized", ""),
    ]
    for i, (name, industry, region, size, spec, unit) in enumerate(others, start=2):
        e = ws.add_enterprise(
            EnterpriseInput(
                name=name,
                uscc=uscc(i),
                industry=industry,
                region=region,
                size=size,
                specialized=spec,
                traction_unit=unit,
            )
        )
        if i % 3 == 0:
            a = ws.new_assessment(e.id, AssessmentKind.BASELINE, complete, consultant, False, date(2024, 5, i))
            ws.finalize(a.id)
        elif i % 3 == 1:
            ws.new_assessment(e.id, AssessmentKind.SELF, partial, Assessor(), False, date(2024, 6, i))
    return main.id


def grab(widget: QWidget, path: Path, app: QApplication) -> None:
    widget.show()
    for _ in range(5):
        app.processEvents()
    widget.grab().save(str(path))
    print(path)


def wait_idle(runner: Runner, app: QApplication) -> None:
    while not runner.idle:
        app.processEvents()


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    apply_theme(app)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))  # as the app does for zh
    registry = FormRegistry.from_dir(ROOT / "forms")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        ws = build_workspace(WorkspaceLocation(data / "data"), registry, "shots")
        settings = QSettings(str(data / "ui.ini"), QSettings.Format.IniFormat)
        ctx = GuiContext(ws, registry, data, settings, DesktopAdapters(ws, registry))
        runner = Runner()
        home = HomePage(ctx, runner)
        home.resize(1280, 800)
        home.refresh()
        wait_idle(runner, app)
        grab(home, out / "home-empty.png", app)

        main_id = populate(ws)
        home.refresh()
        wait_idle(runner, app)
        home.select_enterprise(main_id)
        grab(home, out / "home.png", app)

        home.search_edit.setText("福州")
        grab(home, out / "home-filtered.png", app)
        home.search_edit.setText("没有这样的企业")
        grab(home, out / "home-nomatch.png", app)
        home.clear_filters()

        dialogs(ws, home, main_id, out, app)
        home.close()
        runner.wait()
        ws.close()
    return 0


def dialogs(ws: WorkspaceService, home: HomePage, main_id: int, out: Path, app: QApplication) -> None:
    dialog = EnterpriseDialog(ws, None, ["福州市数字化转型促进中心"], home)
    grab(dialog, out / "enterprise-new.png", app)
    dialog.name_edit.setText("示例企业")
    dialog.uscc_edit.setText("91350100M000100Y4")
    dialog._on_uscc_edited(dialog.uscc_edit.text())
    grab(dialog, out / "enterprise-typing.png", app)
    dialog.uscc_edit.setText("91350100M000100Y44")
    dialog._on_uscc_edited(dialog.uscc_edit.text())
    dialog.suggest_toggle.setChecked(True)
    dialog.employees_spin.setValue(120)
    dialog.revenue_spin.setValue(5600)
    dialog.suggest_size()
    grab(dialog, out / "enterprise-error.png", app)
    dialog.done(QDialog.DialogCode.Rejected)  # not close(): a dialog with typed data asks first (a modal box)

    edit = EnterpriseDialog(ws, ws.enterprise(main_id), (), home)
    edit.phone_edit.setText("abc")
    edit.accept()
    grab(edit, out / "enterprise-edit.png", app)
    edit.done(QDialog.DialogCode.Rejected)

    new = NewAssessmentDialog("福州示例精密机械制造有限公司", AssessmentKind.SELF, Assessor("王磊"), home)
    grab(new, out / "new-assessment.png", app)
    new.close()
    reason = ReasonDialog(3, home)
    grab(reason, out / "reason.png", app)
    reason.close()

    partial = next(
        s.assessment
        for listing in ws.list_enterprises()
        for s in listing.assessments
        if s.summary is not None and not s.summary.complete
    )
    home.select_enterprise(partial.enterprise_id)
    home.finalize_current()
    confirm = home.active_message
    assert confirm is not None
    grab(confirm, out / "finalize-confirm.png", app)
    next(b for b in confirm.buttons() if confirm.buttonRole(b) is QMessageBox.ButtonRole.AcceptRole).click()
    refusal = home.active_message
    assert refusal is not None
    grab(refusal, out / "finalize-refused.png", app)
    refusal.close()


if __name__ == "__main__":
    raise SystemExit(main())
