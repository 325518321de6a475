"""The main window: the workspace home and the assessment wizard, menus, language, exports."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QMainWindow,
    QMessageBox,
    QStackedWidget,
)

from app import __version__
from app.core.display import safe_lines, safe_text
from app.services.forms import DEFAULT_FORM_ID
from app.services.listed import FirstListing
from app.ui import files
from app.ui.basics import as_text
from app.ui.context import GuiContext
from app.ui.home import HomePage, error_message
from app.ui.i18n import Translations
from app.ui.resume import remember_draft
from app.ui.runner import Runner

if TYPE_CHECKING:  # built on first use: the window shows the home page first
    from app.core.compare import Comparison
    from app.core.form import Form
    from app.services.desktop import (
        CountersignPreview,
        ExportedPackage,
        ExportedReport,
        FontStatus,
        UnlockedKey,
        VerifyOutcome,
    )
    from app.ui.help import HelpDialog
    from app.ui.keys import KeyManager
    from app.ui.portfolio import PortfolioPage
    from app.ui.wizard import AssessmentView

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    def __init__(
        self,
        ctx: GuiContext,
        translations: Translations | None = None,
        first_listing: Callable[[], FirstListing | None] | None = None,
    ) -> None:
        """``first_listing`` gives the workspace's listing, read while it opens: the home shows it instead of
        loading one (it is called once the window is built; None from it: the home loads as usual)."""
        super().__init__()
        self._first_listing = first_listing
        self.ctx = ctx
        self.translations = translations
        self.runner = Runner(self)
        self.runner.error_handler = self._background_error
        self._keys: KeyManager | None = None
        files.use_settings(ctx.settings)
        self.setMinimumSize(960, 640)
        self.resize(1280, 820)
        geometry = ctx.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        self._build()

    def _build(self) -> None:
        self.setWindowTitle(self.tr("中小企业数字化水平评测") + f" {__version__}")
        # Each widget is made under its final parent: a widget moved to another parent is styled again, with
        # all it holds (the application's style sheet), which held the first paint back by tens of milliseconds.
        self.stack = QStackedWidget(self)
        self.home = HomePage(self.ctx, self.runner, self.stack)
        self.stack.addWidget(self.home)
        self._view: AssessmentView | None = None  # the wizard and the portfolio are built on first use
        self._portfolio: PortfolioPage | None = None
        self.setCentralWidget(self.stack)
        self.home.open_assessment.connect(self.open_assessment)
        self.home.compare_requested.connect(self.show_comparison)
        self._menus()
        self.show_workspace_kind()
        first, self._first_listing = self._first_listing, None
        listings = first() if first is not None else None
        if listings is not None:
            self.home.show_first_listing(listings)
        else:
            self.home.refresh()

    @property
    def keys(self) -> KeyManager:
        """The signing keys unlocked in this window's session (app.ui.keys, loaded when first needed)."""
        if self._keys is None:
            from app.ui.keys import KeyManager, KeySession

            self._keys = KeyManager(self, self.ctx.services, self.ctx.settings, KeySession())
        return self._keys

    @property
    def view(self) -> AssessmentView:
        """The assessment wizard (built the first time it is needed)."""
        if self._view is None:
            from app.ui.wizard import AssessmentView

            view = AssessmentView(self.ctx, self.runner)
            self.stack.addWidget(view)
            view.closed.connect(self.show_home)
            view.export_requested.connect(self.export)
            view.saved.connect(lambda _result: self._remember_draft())
            self._view = view
            self.edit_menu.addActions([view.undo_action, view.redo_action])
        return self._view

    @property
    def portfolio(self) -> PortfolioPage:
        """项目组合 (built the first time it is shown)."""
        if self._portfolio is None:
            from app.ui.portfolio import PortfolioPage

            page = PortfolioPage(self.ctx, self.runner)
            self.stack.addWidget(page)
            page.closed.connect(self.show_home)
            page.open_enterprise.connect(self.open_enterprise)
            self._portfolio = page
        return self._portfolio

    def _viewing(self) -> bool:
        """Whether the wizard is the page shown."""
        return self._view is not None and self.stack.currentWidget() is self._view

    def show_workspace_kind(self) -> None:
        """The status bar says where the data lives in product words; the folder is in 关于 (for backups)."""
        kind = self.tr("团队服务器") if self.ctx.team_server else self.tr("本机")
        self.statusBar().showMessage(self.tr("工作区：{kind}").format(kind=kind))

    def _menus(self) -> None:
        bar = self.menuBar()
        bar.clear()
        file_menu = bar.addMenu(self.tr("文件(&F)"))
        self._action(file_menu, self.tr("新建企业(&N)…"), self.home.new_enterprise, QKeySequence.StandardKey.New)
        self._action(file_menu, self.tr("返回首页(&H)"), self.show_home, QKeySequence("Ctrl+H"))
        self._action(file_menu, self.tr("项目组合(&O)"), self.show_portfolio, QKeySequence("Ctrl+Shift+O"))
        file_menu.addSeparator()
        self._action(file_menu, self.tr("导入评测包(&I)…"), self.import_packages, QKeySequence("Ctrl+I"))
        self._action(file_menu, self.tr("从文件夹导入评测包(&D)…"), self.import_folder)
        self._action(file_menu, self.tr("校验评测包(&V)…"), self.verify_package)
        self._action(file_menu, self.tr("副署评测包…"), self.countersign_package)
        self._action(file_menu, self.tr("本机签名密钥(&K)…"), self.show_key)
        file_menu.addSeparator()
        self._action(file_menu, self.tr("退出(&X)"), self.close, QKeySequence.StandardKey.Quit)
        self.edit_menu = bar.addMenu(self.tr("编辑(&I)"))  # the wizard's undo and redo, added with it (view)
        self.edit_menu.aboutToShow.connect(lambda: self.view)
        lang_menu = bar.addMenu(self.tr("语言(&L)"))
        group = QActionGroup(self)
        for code, name in (("zh", "中文（简体）"), ("en", "English")):
            act = self._action(lang_menu, name, functools.partial(self.set_language, code))
            act.setCheckable(True)
            act.setChecked(self.ctx.language == code)
            act.setObjectName(f"language_{code}")
            group.addAction(act)
        help_menu = bar.addMenu(self.tr("帮助(&H)"))
        self._action(help_menu, self.tr("使用说明(&U)"), self.show_how_to, QKeySequence.StandardKey.HelpContents)
        self._action(help_menu, self.tr("指标文本说明(&T)"), self.show_indicator_texts)
        help_menu.addSeparator()
        self._action(help_menu, self.tr("关于(&A)"), self.about)

    def _action(
        self,
        menu: Any,
        text: str,
        handler: Callable[[], Any],
        shortcut: QKeySequence | QKeySequence.StandardKey | None = None,
    ) -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(shortcut)
        act.triggered.connect(lambda _=False: handler())
        menu.addAction(act)
        return act

    # Navigation

    def _remember_draft(self) -> None:
        from app.core.records import AssessmentStatus

        loaded = self._view.loaded if self._view is not None else None
        if loaded is not None and loaded.record.assessment.status is AssessmentStatus.DRAFT:
            remember_draft(self.ctx, loaded.record.assessment.id)

    def open_assessment(self, assessment_id: int) -> None:
        self.stack.setCurrentWidget(self.view)
        self.view.open(assessment_id)

    def show_home(self) -> None:
        self.home.refresh()
        self.stack.setCurrentWidget(self.home)

    def show_portfolio(self) -> None:
        self.stack.setCurrentWidget(self.portfolio)
        self.portfolio.load()

    def open_enterprise(self, enterprise_id: int) -> None:
        self.show_home()
        self.home.select_enterprise(enterprise_id)

    def set_language(self, language: str) -> None:
        """Switch the interface language now: rebuild the widgets, keep where the user is."""
        if language == self.ctx.language:
            return
        self.ctx.settings.setValue("language", language)
        self.ctx.language = language
        if self.translations is not None:
            self.translations.switch(language)
        view = self._view
        current = view.loaded.record.assessment.id if view is not None and self._viewing() and view.loaded else None
        row = view.steps.currentRow() if view is not None else -1
        old = self.centralWidget()
        self._build()
        if old is not None:
            old.deleteLater()
        if current is not None:
            self.stack.setCurrentWidget(self.view)
            self.view.open(current, on_ready=lambda: self.view.go(row))

    # Exports

    def _export_name(self, assessment_id: int, suffix: str) -> str:
        ws = self.ctx.workspace
        assessment = ws.assessment(assessment_id)
        enterprise = ws.enterprise(assessment.enterprise_id)
        day = assessment.assessed_on or (assessment.finalized_at.date() if assessment.finalized_at else None)
        return files.export_name(enterprise.name, assessment.kind.value, day, suffix, self.ctx.language)

    def export(self, assessment_id: int, what: str) -> None:
        if what not in ("pdf", "package"):
            QMessageBox.information(self, self.tr("导出"), self.tr("此版本未包含该导出功能。"))
            return
        settings = self.ctx.settings
        if what == "pdf":
            out = files.save_path(self, settings, files.REPORT, self.tr("导出PDF报告"),
                                  self._export_name(assessment_id, ".pdf"), "PDF (*.pdf)")  # fmt: skip
            if out is not None:
                self._export_pdf(assessment_id, out)
            return
        from app.core.records import AssessmentStatus
        from app.ui.keys import ASSESSOR, ENTERPRISE, draft_export_reason

        assessment = self.ctx.workspace.assessment(assessment_id)
        if assessment.status != AssessmentStatus.FINALIZED:  # the button is disabled too; say why if reached
            QMessageBox.information(self, self.tr("导出签名评测包"), draft_export_reason())
            return
        out = files.save_path(self, settings, files.PACKAGE, self.tr("导出签名评测包"),
                              self._export_name(assessment_id, ".sdap"), self.tr("评测包") + " (*.sdap)")  # fmt: skip
        if out is None:
            return
        countersign = False
        if assessment.on_site and assessment.assessor.name:
            answer = QMessageBox.question(
                self,
                self.tr("评测人副署"),
                as_text(
                    self.tr("这是现场评定。是否同时以评测人（{name}）的密钥副署评测包？").format(
                        name=safe_text(assessment.assessor.name)
                    )
                ),
            )
            countersign = answer == QMessageBox.StandardButton.Yes
        key = self.keys.key_for(ENTERPRISE)
        if key is None:
            return  # cancelled: nothing happened, nothing failed
        assessor_key = self.keys.key_for(ASSESSOR) if countersign else None
        if countersign and assessor_key is None:
            return
        self._export_package(assessment_id, out, countersign, key, assessor_key)

    def _export_pdf(self, assessment_id: int, out: Path) -> None:
        self.statusBar().showMessage(self.tr("正在导出…"))
        services = self.ctx.services

        def done(report: ExportedReport) -> None:
            self.statusBar().showMessage(self.tr("已导出：{path}").format(path=report.path), 10000)
            self._warn_if_font_fallback(report.font)
            files.show_exported(self, self.tr("报告已导出"), self.tr("已导出PDF报告：\n{path}").format(
                path=report.path), report.path)  # fmt: skip

        self.runner.run(lambda: services.export_pdf(assessment_id, out), done, self._export_failed)

    def _export_package(
        self, assessment_id: int, out: Path, countersign: bool, key: UnlockedKey, assessor_key: UnlockedKey | None
    ) -> None:
        self.statusBar().showMessage(self.tr("正在导出…"))
        services = self.ctx.services

        def export() -> ExportedPackage:
            return services.export_package(
                assessment_id, out, countersign=countersign, key=key, assessor_key=assessor_key
            )

        def done(exported: ExportedPackage) -> None:
            self.statusBar().showMessage(self.tr("已导出：{path}").format(path=exported.path), 10000)
            files.show_exported(
                self, self.tr("评测包已导出"),
                self.tr("已导出并签名：\n{path}\n\n评测包指纹：{fp}\n签名密钥指纹：{key}").format(
                    path=exported.path, fp=exported.fingerprint, key=exported.signer_fingerprint),
                exported.path,
            )  # fmt: skip

        self.runner.run(export, done, self._export_failed)

    def _warn_if_font_fallback(self, font: FontStatus) -> None:
        """Say so when no TrueType CJK font was found and the PDF uses the built-in, non-embedded one."""
        if not font.embedded:
            QMessageBox.warning(
                self,
                self.tr("PDF字体"),
                self.tr(
                    "未找到可嵌入的中文字体，报告使用了内置字体（未嵌入），在其他电脑上显示可能不同。\n\n{note}"
                ).format(note=font.note),
            )

    def _export_failed(self, exc: BaseException) -> None:
        self.statusBar().clearMessage()
        QMessageBox.warning(self, self.tr("导出失败"), as_text(safe_lines(error_message(exc))))

    def show_comparison(self, before_id: int, after_id: int) -> None:
        ws = self.ctx.workspace

        def show(fetched: tuple[Comparison, Form, Form]) -> None:
            # Side by side, with texts, score changes and both rule tables (each level named by its own form).
            from app.ui.compare_view import ComparisonDialog

            ComparisonDialog(self.ctx, fetched[0], lambda: self._export_compare(before_id, after_id), self).open()

        self.runner.run(
            lambda: (ws.compare(before_id, after_id), ws.form_for(before_id), ws.form_for(after_id)),
            show,
            self._export_failed,
        )

    def _export_compare(self, before_id: int, after_id: int) -> None:
        services = self.ctx.services
        ws = self.ctx.workspace
        after = ws.assessment(after_id)
        word = self.tr("改造前后对比")
        day = after.assessed_on.isoformat() if after.assessed_on else date.today().isoformat()
        name = files.safe_file_name(f"{ws.enterprise(after.enterprise_id).name}-{word}-{day}", 120) + ".pdf"
        out = files.save_path(self, self.ctx.settings, files.COMPARISON, self.tr("导出对比报告"), name, "PDF (*.pdf)")
        if out is not None:

            def done(report: ExportedReport) -> None:
                self._warn_if_font_fallback(report.font)
                files.show_exported(self, self.tr("对比报告已导出"), self.tr("已导出对比报告：\n{path}").format(
                    path=report.path), report.path)  # fmt: skip

            self.runner.run(lambda: services.export_comparison(before_id, after_id, out), done, self._export_failed)

    def import_packages(self) -> None:
        names = files.open_paths(
            self, self.ctx.settings, files.IMPORT, self.tr("导入评测包"), self.tr("评测包") + " (*.sdap)"
        )
        self._import(names)

    def import_folder(self) -> None:
        """Every .sdap under a folder (sub-folders included)."""
        folder = files.open_folder(self, self.ctx.settings, files.IMPORT, self.tr("从文件夹导入评测包"))
        self._import([folder] if folder is not None else [])

    def _import(self, names: list[Path]) -> None:
        """Ask the trust question, then run the batch with its progress dialog and summary (app.ui.bulk_import)."""
        if not names:
            return
        question = self.tr(
            "签名密钥不在信任列表中的评测包：是否也导入，并标记为“来源未核验”？\n（选“否”则拒绝导入这些评测包）"
        )
        answer = QMessageBox.question(self, self.tr("导入评测包"), question)
        from app.ui.bulk_import import BulkImport

        batch = BulkImport(self, self.ctx, self.runner)
        self.import_batch = batch

        def finished() -> None:
            self.import_dialog = batch.summary
            self.home.refresh()

        batch.finished.connect(finished)
        batch.start(names, accept_unknown=answer == QMessageBox.StandardButton.Yes)

    def countersign_package(self) -> None:
        """The assessor's countersignature, later: verify, show the summary, confirm, sign with the assessor key."""
        services = self.ctx.services
        settings = self.ctx.settings
        source = files.open_path(self, settings, files.IMPORT, self.tr("副署评测包"), self.tr("评测包") + " (*.sdap)")
        if source is None:
            return

        def confirm(preview: CountersignPreview) -> None:
            text = "\n".join(safe_text(line) for line in preview.lines())
            prompt = self.tr("请核对后再副署：\n\n{summary}\n\n确认以评估人员的密钥副署？").format(summary=text)
            answer = QMessageBox.question(self, self.tr("副署评测包"), prompt)
            if answer != QMessageBox.StandardButton.Yes:
                return
            name = files.safe_file_name(source.stem + self.tr("-副署"), 120) + ".sdap"
            out = files.save_path(self, settings, files.COUNTERSIGNED, self.tr("保存副署后的评测包"), name,
                                  self.tr("评测包") + " (*.sdap)")  # fmt: skip
            if out is not None:
                self._countersign(source, out, safe_text(preview.assessor_name))

        self.runner.run(lambda: services.countersign_preview(source), confirm, self._export_failed)

    def _countersign(self, source: Path, out: Path, assessor: str) -> None:
        from app.ui.keys import ASSESSOR

        key = self.keys.key_for(ASSESSOR)
        if key is None:
            return  # cancelled: no failure
        services = self.ctx.services

        def done(written: Path) -> None:
            files.show_exported(self, self.tr("副署评测包"), self.tr("已副署：\n{path}").format(path=written), written)

        self.runner.run(
            lambda: services.countersign(source, out, name=assessor or "assessor", key=key), done, self._export_failed
        )

    def verify_package(self) -> None:
        services = self.ctx.services
        chosen = files.open_path(
            self, self.ctx.settings, files.VERIFY, self.tr("校验评测包"), self.tr("评测包") + " (*.sdap)"
        )
        if chosen is None:
            return

        def done(outcome: VerifyOutcome) -> None:
            from app.ui.verify_view import verify_box

            self.verify_dialog = verify_box(self, outcome)
            self.verify_dialog.open()

        self.runner.run(lambda: services.verify_package(chosen), done, self._export_failed)

    def show_key(self) -> None:
        from app.ui.keys import ENTERPRISE

        key = self.keys.key_for(ENTERPRISE)
        if key is None:
            return
        where = (
            self.tr("保存在本机的系统密钥库中")
            if key.key_file is None
            else self.tr("保存在密钥文件中：{path}").format(path=key.key_file)
        )
        QMessageBox.information(
            self, self.tr("本机签名密钥"),
            self.tr("签名密钥指纹：\n{fp}\n\n{where}").format(fp=key.fingerprint, where=where),
        )  # fmt: skip

    def _help_form(self) -> Form:
        """The form of the open assessment, else the one new assessments use."""
        loaded = self.view.loaded if self._viewing() else None
        return loaded.form if loaded is not None else self.ctx.registry.get(DEFAULT_FORM_ID)

    def show_indicator_texts(self) -> HelpDialog:
        from app.ui.help import HelpDialog, indicator_texts_html

        dialog = HelpDialog(self.tr("指标文本说明"), indicator_texts_html(self._help_form(), self.ctx.language), self)
        dialog.open()
        return dialog

    def show_how_to(self) -> HelpDialog:
        from app.ui.help import HelpDialog, how_to_html

        dialog = HelpDialog(self.tr("使用说明"), how_to_html(self._help_form(), self.ctx.language), self)
        dialog.open()
        return dialog

    def about(self) -> None:
        """关于: the version, each form as product text (第 3 版 / revision 3, not a raw field), the workspace."""
        QMessageBox.about(self, self.tr("关于"), self.about_text())

    def about_text(self) -> str:
        en = self.ctx.language == "en"
        forms = "\n\n".join(  # a blank line between forms: each is two or three lines once wrapped
            self.tr("{title}（{id}，第 {rev} 版）\n内容哈希：{hash}").format(
                title=f.title_en if en and f.title_en else f.title, id=f.id, rev=f.revision, hash=f.content_hash
            )
            for f in self.ctx.registry.forms
        )
        return (
            self.tr("中小企业数字化水平评测 {v}\n依据《中小企业数字化水平评测指标（2024年版）》").format(v=__version__)
            + "\n\n"
            + self.tr("问卷：\n{forms}\n\n工作区：{d}").format(forms=forms, d=self.ctx.data_dir)
        )

    def _background_error(self, exc: BaseException, trace: str) -> None:
        log.error("background error: %s\n%s", exc, trace)
        QMessageBox.warning(self, self.tr("无法完成操作"), as_text(safe_lines(error_message(exc))))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._view is not None and self._viewing():
            self._view.close_view()
        self.runner.wait()
        self.ctx.settings.setValue("window/geometry", self.saveGeometry())
        self.ctx.settings.sync()
        super().closeEvent(event)
