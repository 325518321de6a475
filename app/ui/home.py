"""The workspace home page: enterprises (search, level filter, sorting) and the selected one's assessments.

The page composes a list panel (app.ui.home_list) above a detail panel (app.ui.home_detail) and does the work:
it loads the listing, keeps the selection, and runs the actions. Widgets here read inputs, call the workspace
service and show the result; scores and levels come from the service's cached summaries. The listing (and
starting an "after" assessment) runs on the Runner so a large workspace never freezes the window. Dialogs and
message boxes are opened window-modal with open(), never exec(), so nothing here spins a nested event loop.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QMessageBox, QSplitter, QVBoxLayout, QWidget

from app.services.listed import FirstListing
from app.ui.context import GuiContext
from app.ui.firstpaint import AfterFirstPaint
from app.ui.home_list import EnterpriseListPanel
from app.ui.models import EnterpriseRow, FormLevels
from app.ui.resume import ResumeBanner, find_draft, remembered_draft
from app.ui.runner import Runner

if TYPE_CHECKING:  # the dialogs load when first opened, after the window's first paint; the services' ports too
    from app.core.records import Assessment, Enterprise
    from app.services.ports import AssessmentSummary, EnterpriseContents, EnterpriseListing
    from app.ui.dialogs import NewAssessmentDialog
    from app.ui.dossier_export import DossierExporter
    from app.ui.home_detail import EnterpriseDetailPanel


def service_errors() -> tuple[type[Exception], ...]:
    """The service's errors that each say what to do, in one line (loaded once an action fails)."""
    from app.services.ports import FinalizedError, NotFoundError, StorageError, ValidationError

    return (ValidationError, FinalizedError, NotFoundError, StorageError)


ASSESSOR_KEYS = ("home/assessor_name", "home/assessor_organisation", "home/assessor_role")


def error_message(exc: BaseException) -> str:
    """The service's own message, in the interface's language (app.ui.messages, loaded once a message is shown)."""
    from app.ui.messages import error_text

    return error_text(exc)


class _DetailPart:
    """A control of the detail panel under the page's own name (the page's actions and its tests use them); the
    panel is built on first use, at the latest once the page has been painted (HomePage.detail_panel)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, page: HomePage | None, owner: type | None = None) -> Any:
        if page is None:
            return self
        return getattr(page.detail_panel, self.name)


class HomePage(QWidget):
    """Enterprises on the left; the selected enterprise, its assessments and their actions on the right."""

    open_assessment = Signal(int)  # continue or view this assessment in the wizard
    compare_requested = Signal(int, int)  # baseline id, after id
    listed = Signal()  # a listing has been loaded into the table

    assessment_model = _DetailPart()
    assessment_table = _DetailPart()
    detail_splitter = _DetailPart()
    name_label = _DetailPart()
    detail_values = _DetailPart()
    no_assessment_label = _DetailPart()
    edit_button = _DetailPart()
    new_assessment_button = _DetailPart()
    open_button = _DetailPart()
    finalize_button = _DetailPart()
    correct_button = _DetailPart()
    delete_button = _DetailPart()
    after_button = _DetailPart()
    compare_button = _DetailPart()
    archive_button = _DetailPart()
    delete_enterprise_button = _DetailPart()
    dossier_button = _DetailPart()

    def __init__(self, ctx: GuiContext, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self._generation = 0  # the newest listing request; older answers are dropped
        self._loaded_once = False
        self._lines_only = False  # the rows are the first listing's lines, their records not read yet
        self._loading = False
        self._busy_jobs = 0
        self._pending_enterprise: int | None = None
        self._pending_assessment: int | None = None
        self._selected: EnterpriseListing | None = None
        self.active_dialog: QDialog | None = None  # the dialog this page has open (tests drive it)
        self.active_message: QMessageBox | None = None  # likewise the last message box

        self.levels = FormLevels(ctx.registry, ctx.language)  # names from each assessment's own form
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)  # the panels are made in it (not moved: restyled)
        self.list_panel = EnterpriseListPanel(self.levels, self.splitter)
        # The detail panel (and what only it imports) is built once the list has been painted: the window is
        # usable sooner. Until then an empty widget holds its place, so the list keeps its height.
        self._detail: EnterpriseDetailPanel | None = None
        self._detail_slot: QWidget | None = QWidget(self.splitter)
        self._unverified: frozenset[int] = frozenset()  # assessments imported with their origin not verified
        self._expose_panels()
        self.splitter.addWidget(self.list_panel)
        self.splitter.addWidget(self._detail_slot)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([560, 440])  # proportions until the user moves it
        self._restore_splitter("home/splitter", self.splitter)
        AfterFirstPaint(self, self._ensure_detail)
        self.resume_banner = ResumeBanner(self)  # 继续上次的评测 (app.ui.resume)
        self.resume_banner.resume.connect(self.open_assessment)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.resume_banner)
        layout.addWidget(self.splitter)
        self._connect()
        self._show_enterprise(None)
        self._update_page()

    # Construction

    def _expose_panels(self) -> None:
        """The list panel's models and controls, under the names the page's actions (and its tests) use (the
        detail panel's are _DetailPart attributes)."""
        lst = self.list_panel
        self.model = lst.model
        self.proxy = lst.proxy
        self.search_edit = lst.search_edit
        self.level_combo = lst.level_combo
        self.table = lst.table
        self.pages = lst.pages
        self.loading_page = lst.loading_page
        self.empty_page = lst.empty_page
        self.no_match_page = lst.no_match_page
        self.new_enterprise_button = lst.new_enterprise_button
        self.empty_button = lst.empty_button
        self.clear_filter_button = lst.clear_filter_button
        self.busy = lst.busy
        self.status_label = lst.status_label
        self.archived_check = lst.archived_check
        self.dossier_selection_button = lst.dossier_button

    def _connect(self) -> None:
        lst = self.list_panel
        lst.new_requested.connect(self.new_enterprise)
        lst.filter_changed.connect(self._after_filter)
        lst.current_changed.connect(self._on_enterprise_current)
        lst.activated.connect(self._focus_assessments)
        lst.archived_toggled.connect(lambda _on: self.refresh())
        self._dossiers: DossierExporter | None = None
        self.dossier_selection_button.clicked.connect(lambda: self.dossiers.export_many(lst.selected_ids()))
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.list_panel.focus_search)
        reload_ = QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self)
        reload_.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        reload_.activated.connect(self.refresh)

    @property
    def dossiers(self) -> DossierExporter:
        """一企一档 exports (app.ui.dossier_export, loaded on first use)."""
        if self._dossiers is None:
            from app.ui.dossier_export import DossierExporter

            self._dossiers = DossierExporter(self.ctx, self.runner, self)
        return self._dossiers

    @property
    def detail_panel(self) -> EnterpriseDetailPanel:
        """The selected enterprise's panel, built on first use (at the latest once the page has been painted)."""
        if self._detail is None:
            self._build_detail()
            assert self._detail is not None
        return self._detail

    def _ensure_detail(self) -> None:
        self.detail_panel  # noqa: B018 (built on first use)

    def _build_detail(self) -> None:
        from app.ui.home_detail import EnterpriseDetailPanel

        sizes = self.splitter.sizes()
        slot, self._detail_slot = self._detail_slot, None
        if slot is not None:  # it leaves the splitter; the panel is made in it, in its place
            slot.hide()
            slot.setParent(None)
            slot.deleteLater()
        detail = EnterpriseDetailPanel(self.levels, self.splitter)
        self.splitter.insertWidget(1, detail)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes(sizes)
        detail.unverified = self._unverified
        detail.project_panel.set_services(self.ctx.services)
        detail.detail_splitter.setSizes([450, 550])
        self._restore_splitter("home/detail_splitter", detail.detail_splitter)
        detail.current_changed.connect(self._update_buttons)
        detail.open_requested.connect(self.open_current)
        detail.delete_requested.connect(self.delete_current)
        for button, action in (
            (detail.edit_button, self.edit_enterprise),
            (detail.archive_button, self.toggle_archived_current),
            (detail.delete_enterprise_button, self.delete_enterprise_current),
            (detail.new_assessment_button, self.new_assessment),
            (detail.open_button, self.open_current),
            (detail.finalize_button, self.finalize_current),
            (detail.correct_button, self.correct_current),
            (detail.delete_button, self.delete_current),
            (detail.after_button, self.start_after_current),
            (detail.compare_button, self.compare_current),
            (detail.dossier_button, self.export_dossier_current),
        ):
            button.clicked.connect(action)
        self._detail = detail
        detail.setVisible(self._detail_shown())
        detail.show_listing(self._selected)
        self._update_buttons()

    def _restore_splitter(self, key: str, splitter: QSplitter) -> None:
        """Put back the sizes the user gave a splitter, and keep them as they change."""
        state = self.ctx.settings.value(key)
        if isinstance(state, QByteArray):
            splitter.restoreState(state)
        splitter.splitterMoved.connect(lambda _pos, _i: self._save_splitter(key, splitter))

    # Loading

    def refresh(self) -> None:
        """Reload the listing in the background, keeping the selected enterprise and assessment."""
        self._set_loading(True)
        self._read_listing(quiet=False)

    def _read_listing(self, quiet: bool) -> None:
        """Read the records and the origin marks in the background; ``quiet``: the list already shows them."""
        self._generation += 1
        generation = self._generation
        workspace, services, language = self.ctx.workspace, self.ctx.services, self.ctx.language
        archived = self.archived_check.isChecked()
        self.runner.run(
            lambda: (
                [
                    EnterpriseRow.of(listing, language)
                    for listing in workspace.list_enterprises(include_archived=archived)
                ],
                frozenset(services.unverified_imports()),
            ),
            lambda result: self._loaded(generation, result, quiet=quiet),
            lambda exc: self._load_failed(generation, exc, quiet=quiet),
        )

    def show_first_listing(self, first: FirstListing) -> None:
        """Show the first listing's lines, read while the workspace opens, as a loaded listing; the records (and
        the origin marks) follow once it is open (workspace_opened). The draft to resume is read on its own."""
        self._generation += 1
        self._set_loading(True)
        draft = remembered_draft(self.ctx)
        owner = first.owner(draft) if draft is not None else None
        found = find_draft([owner] if owner is not None else [], draft)
        self._loaded(self._generation, (EnterpriseRow.listed(first.lines, self.ctx.language), frozenset()), found)
        self._lines_only = True

    def workspace_opened(self) -> None:
        """The workspace has opened after show_first_listing: read the records behind the lines shown, and mark
        the assessments whose origin is not verified. Quietly: the list already shows what they hold."""
        if not self._lines_only:
            return
        self._read_listing(quiet=True)

    def _set_loading(self, loading: bool) -> None:
        self._loading = loading
        self._busy(+1 if loading else -1)
        self._update_page()

    def _busy(self, delta: int) -> None:
        self._busy_jobs = max(0, self._busy_jobs + delta)
        self.list_panel.show_busy(self._busy_jobs > 0, self._loading)
        if not self._busy_jobs:
            self._update_status()

    def _loaded(self, generation: int, result: Any, found: Any = None, quiet: bool = False) -> None:
        """Show a listing's rows (``found``: the draft to offer, else looked up in the rows' records); ``quiet``:
        the records behind the first listing's lines, loaded without the busy state."""
        if generation != self._generation:
            if not quiet:
                self._busy(-1)  # superseded: a newer listing is on its way, but this job has ended
            return
        keep = self._pending_enterprise or (self._selected.enterprise.id if self._selected else None)
        keep_assessment = self._pending_assessment or self._current_assessment_id()
        self._pending_enterprise = None
        self._pending_assessment = None
        self._loaded_once = True
        rows: list[EnterpriseRow] = list(result[0])
        self._lines_only = False
        if found is None:
            found = find_draft([r.listing for r in rows if r.listing is not None], remembered_draft(self.ctx))
        self.resume_banner.offer(found, self.ctx.language)
        self._unverified = result[1]
        if self._detail is not None:
            self._detail.unverified = result[1]
        self.model.set_rows(rows, in_place=quiet)
        if quiet:
            self._loading = False
            self._update_page()
        else:
            self._set_loading(False)
        if keep is not None and self.model.row_of(keep) is not None:
            self._pending_assessment = keep_assessment
            self.select_enterprise(keep)
        else:
            self._show_enterprise(None)
        self.listed.emit()

    @property
    def loaded_once(self) -> bool:
        """Whether a listing has been shown (the table holds the workspace's enterprises)."""
        return self._loaded_once

    def _load_failed(self, generation: int, exc: BaseException, quiet: bool = False) -> None:
        if generation != self._generation:
            if not quiet:
                self._busy(-1)
            return
        if quiet:
            self._loading = False
            self._update_page()
        else:
            self._set_loading(False)
        self.status_label.setText(self.tr("加载失败：{error}").format(error=error_message(exc)))
        self._error(self.tr("无法加载企业列表"), exc)

    def _update_page(self) -> None:
        self.list_panel.show_state(self._loaded_once)
        below = self._detail if self._detail is not None else self._detail_slot  # its place until it is built
        if below is not None:
            below.setVisible(self._detail_shown())
        self._update_status()

    def _detail_shown(self) -> bool:
        """The detail panel shows unless the workspace has been found to list no enterprise."""
        return self.model.rowCount() > 0 or not self._loaded_once

    def _update_status(self) -> None:
        if not self._busy_jobs:
            self.list_panel.show_count(self._loaded_once)

    # Filtering and selection

    def _after_filter(self) -> None:
        self._update_page()
        if self._selected is not None and not self.list_panel.is_shown(self._selected.enterprise.id):
            self.table.clearSelection()
            self._show_enterprise(None)

    def clear_filters(self) -> None:
        self.list_panel.clear_filters()

    def select_enterprise(self, enterprise_id: int) -> None:
        """Select an enterprise (clearing filters that hide it); after the next load if it is not loaded yet."""
        if self.model.row_of(enterprise_id) is None or self._loading:
            self._pending_enterprise = enterprise_id
            if not self._loading:
                self.refresh()
            return
        listing = self.list_panel.make_current(enterprise_id)
        if listing is not None and listing is not self._selected:  # not already shown by the current-row signal
            self._show_enterprise(listing)

    def _on_enterprise_current(self, listing: EnterpriseListing | None) -> None:
        if listing is None:
            current = self.list_panel.current_id()
            if current is not None:  # a line whose records are not read yet: shown once they are
                self._pending_enterprise = current
            self._show_enterprise(None)
        elif self._selected is None or listing is not self._selected:
            self._show_enterprise(listing)

    def _show_enterprise(self, listing: EnterpriseListing | None) -> None:
        keep_assessment = self._pending_assessment  # else the latest assessment is selected below
        self._pending_assessment = None
        self._selected = listing
        if listing is None and self._detail is None:
            return  # the panel, once built, starts with nothing selected
        self.detail_panel.show_listing(listing, keep_assessment)
        self._update_buttons()

    def _focus_assessments(self) -> None:
        if self._selected is not None and self._selected.assessments:
            self.assessment_table.setFocus()
        elif self._selected is not None:
            self.new_assessment_button.setFocus()

    def export_dossier_current(self) -> None:
        if self._selected is not None:
            e = self._selected.enterprise
            self.dossiers.export_one(e.id, e.name, e.uscc)

    def _save_splitter(self, key: str, splitter: QSplitter) -> None:
        self.ctx.settings.setValue(key, splitter.saveState())

    # What is selected

    def current_enterprise(self) -> Enterprise | None:
        return None if self._selected is None else self._selected.enterprise

    def current_assessment(self) -> Assessment | None:
        item = self._current_summary()
        return None if item is None else item.assessment

    def _current_summary(self) -> AssessmentSummary | None:
        return None if self._selected is None else self.detail_panel.current_summary()

    def _current_assessment_id(self) -> int | None:
        current = self.current_assessment()
        return None if current is None else current.id

    def _update_buttons(self) -> None:
        if self._detail is None:
            return  # it sets its buttons when it is built
        can_compare = self._compare_pair() is not None
        self._detail.update_buttons(self._selected is not None, self._busy_jobs == 0, can_compare)

    def _compare_pair(self) -> tuple[int, int] | None:
        if self._selected is None:
            return None
        from app.services.workspace import comparison_pair_of

        pair = comparison_pair_of(s.assessment for s in self._selected.assessments)  # the service's one rule
        return None if pair is None else (pair[0].id, pair[1].id)

    # Actions: enterprises

    def new_enterprise(self) -> None:
        """Open the new-enterprise dialog (the main window may call this from its menu)."""
        from app.ui.dialogs import EnterpriseDialog

        dialog = EnterpriseDialog(self.ctx.workspace, None, self.model.traction_units(), self)
        dialog.accepted.connect(lambda: self._enterprise_saved(dialog.saved_enterprise()))
        self._open_dialog(dialog)

    def edit_enterprise(self) -> None:
        enterprise = self.current_enterprise()
        if enterprise is None:
            return
        from app.ui.dialogs import EnterpriseDialog

        dialog = EnterpriseDialog(self.ctx.workspace, enterprise, self.model.traction_units(), self)
        dialog.accepted.connect(lambda: self._enterprise_saved(dialog.saved_enterprise()))
        self._open_dialog(dialog)

    def _enterprise_saved(self, enterprise: Enterprise | None) -> None:
        if enterprise is not None:
            self._pending_enterprise = enterprise.id
        self.refresh()

    def toggle_archived_current(self) -> None:
        """归档 / 取消归档: hide the enterprise from the default list, or bring it back (nothing is deleted)."""
        enterprise = self.current_enterprise()
        if enterprise is not None:
            self._set_archived(enterprise, not enterprise.archived)

    def _set_archived(self, enterprise: Enterprise, archived: bool) -> None:
        try:
            self.ctx.workspace.set_archived(enterprise.id, archived)
        except service_errors() as exc:
            self._error(self.tr("无法归档企业") if archived else self.tr("无法取消归档"), exc)
            return
        if not archived or self.archived_check.isChecked():
            self._pending_enterprise = enterprise.id  # still listed: keep it selected
        self.refresh()

    def delete_enterprise_current(self) -> None:
        """删除企业: confirm, naming the enterprise and what goes with it; refused once an assessment is finalized."""
        enterprise = self.current_enterprise()
        if enterprise is None:
            return
        try:
            contents = self.ctx.workspace.enterprise_contents(enterprise.id)
        except service_errors() as exc:
            self._error(self.tr("无法删除企业"), exc)
            return
        if contents.finalized:
            ids = "、".join(f"#{i}" for i in contents.finalized)
            self._confirm(
                self.tr("不能删除企业"),
                self.tr("“{name}”有已定稿的评测 {ids}，不能删除。").format(name=enterprise.name, ids=ids),
                self.tr("已定稿的评测是正式记录，须保留。可将企业归档，使其不再显示在企业列表中。"),
                self.tr("归档(&A)"),
                lambda: self._set_archived(enterprise, True),
            )
            return
        self._confirm(
            self.tr("删除企业"),
            self.tr("删除企业“{name}”（{uscc}）？").format(name=enterprise.name, uscc=enterprise.uscc),
            self._deletion_details(contents),
            self.tr("删除企业(&D)"),
            lambda: self._delete_enterprise(enterprise),
            destructive=True,
        )

    def _deletion_details(self, contents: EnterpriseContents) -> str:
        """What goes with the enterprise, naming only what there is (no "0 份证据")."""
        counts = (
            (len(contents.drafts), self.tr("{n} 份评测草稿及其答案")),
            (contents.evidence, self.tr("{n} 份证据")),
            (contents.findings, self.tr("{n} 份诊断记录")),
            (contents.plan_checks, self.tr("{n} 项计划勾选")),
            (contents.projects, self.tr("{n} 个改造项目")),
        )
        parts = [text.format(n=n) for n, text in counts if n]
        if not parts:
            return self.tr("该企业没有评测或其他记录。此操作不能撤销。")
        # The separator of the list is a text of its own: "，" in Chinese, ", " in English.
        items = self.tr("，", "list separator").join(parts)
        return self.tr("将一并删除：{items}。此操作不能撤销。").format(items=items)

    def _delete_enterprise(self, enterprise: Enterprise) -> None:
        try:
            self.ctx.workspace.delete_enterprise(enterprise.id)
        except service_errors() as exc:
            self._error(self.tr("无法删除企业"), exc)
            return
        self.refresh()

    # Actions: assessments

    def new_assessment(self) -> None:
        from app.core.records import AssessmentKind, Assessor  # read with the records (after the first paint)

        enterprise = self.current_enterprise()
        if enterprise is None or self._selected is None:
            return
        has_baseline = any(s.assessment.kind is AssessmentKind.BASELINE for s in self._selected.assessments)
        kind = AssessmentKind.SELF if has_baseline else AssessmentKind.BASELINE
        # The same enterprise's latest assessor first (a repeat assessment is usually theirs); else the entry typed
        # last on this computer (a consultant assessing several enterprises in a row), never another enterprise's.
        named = [s.assessment for s in self._selected.assessments if s.assessment.assessor.name]
        if named:
            last = max(named, key=lambda a: a.id).assessor
            name, organisation, role = last.name, last.organisation, last.role
        else:
            name, organisation, role = (str(self.ctx.settings.value(key, "") or "") for key in ASSESSOR_KEYS)
        from app.ui.dialogs import NewAssessmentDialog

        forms = self.ctx.registry.newest()  # the dialog offers a choice when more than one form id is installed
        dialog = NewAssessmentDialog(
            enterprise.name, kind, Assessor(name, organisation, role), self, forms=forms, language=self.ctx.language
        )
        dialog.accepted.connect(lambda: self._create_assessment(enterprise.id, dialog))
        self._open_dialog(dialog)

    def _create_assessment(self, enterprise_id: int, dialog: NewAssessmentDialog) -> None:
        assessor = dialog.assessor()
        try:
            created = self.ctx.workspace.new_assessment(
                enterprise_id, dialog.kind(), None, assessor, dialog.on_site(), dialog.assessed_on(), dialog.form_id()
            )
        except service_errors() as exc:
            self._error(self.tr("无法新建评测"), exc)
            return
        for key, value in zip(ASSESSOR_KEYS, (assessor.name, assessor.organisation, assessor.role), strict=True):
            self.ctx.settings.setValue(key, value)  # consultants assess many enterprises in a row
        self._opened(enterprise_id, created.id)

    def _opened(self, enterprise_id: int, assessment_id: int) -> None:
        """A new assessment exists: show it here and hand it to the wizard."""
        self._pending_enterprise = enterprise_id
        self._pending_assessment = assessment_id
        self.refresh()
        self.open_assessment.emit(assessment_id)

    def open_current(self) -> None:
        current = self.current_assessment()
        if current is not None:
            self.open_assessment.emit(current.id)

    def start_after_current(self) -> None:
        from app.core.records import Assessment, AssessmentKind  # read with the records (after the first paint)

        current = self.current_assessment()
        if current is None or current.kind is not AssessmentKind.BASELINE or self._busy_jobs:
            return
        workspace, baseline_id = self.ctx.workspace, current.id
        self._busy(+1)
        self._update_buttons()

        def done(created: Any) -> None:
            self._busy(-1)
            if isinstance(created, Assessment):
                self._opened(created.enterprise_id, created.id)

        def failed(exc: BaseException) -> None:
            self._busy(-1)
            self._update_buttons()
            self._error(self.tr("无法开始改造后评测"), exc)

        self.runner.run(lambda: workspace.start_after_from(baseline_id), done, failed)

    def finalize_current(self) -> None:
        from app.core.records import AssessmentStatus  # read with the records (after the first paint)

        current = self.current_assessment()
        if current is None or current.status is not AssessmentStatus.DRAFT:
            return
        assessment_id = current.id
        self._confirm(
            self.tr("定稿评测 #{id}").format(id=assessment_id),
            self.tr("定稿后，评测 #{id} 将不可再修改。").format(id=assessment_id),
            self.tr("如需修改已定稿的评测，只能通过“更正”新建修订版，原记录保持不变。确定定稿吗？"),
            self.tr("定稿(&S)"),
            lambda: self._finalize(assessment_id),
        )

    def _finalize(self, assessment_id: int) -> None:
        try:
            self.ctx.workspace.finalize(assessment_id)
        except service_errors() as exc:
            self._error(self.tr("无法定稿评测 #{id}").format(id=assessment_id), exc)
            return
        self._pending_assessment = assessment_id
        self.refresh()

    def correct_current(self) -> None:
        from app.core.records import AssessmentStatus  # read with the records (after the first paint)

        current = self.current_assessment()
        if current is None or current.status is not AssessmentStatus.FINALIZED:
            return
        assessment_id, enterprise_id = current.id, current.enterprise_id
        from app.ui.dialogs import ReasonDialog

        dialog = ReasonDialog(assessment_id, self)
        dialog.accepted.connect(lambda: self._correct(enterprise_id, assessment_id, dialog.reason()))
        self._open_dialog(dialog)

    def _correct(self, enterprise_id: int, assessment_id: int, reason: str) -> None:
        try:
            created = self.ctx.workspace.correct(assessment_id, reason)
        except service_errors() as exc:
            self._error(self.tr("无法更正评测 #{id}").format(id=assessment_id), exc)
            return
        self._opened(enterprise_id, created.id)

    def delete_current(self) -> None:
        from app.core.records import AssessmentStatus  # read with the records (after the first paint)

        current = self.current_assessment()
        if current is None or current.status is not AssessmentStatus.DRAFT:
            return
        assessment_id = current.id
        self._confirm(
            self.tr("删除草稿 #{id}").format(id=assessment_id),
            self.tr("删除草稿评测 #{id}？").format(id=assessment_id),
            self.tr("它的全部答案和证据链接将被删除，此操作不能撤销。"),
            self.tr("删除(&D)"),
            lambda: self._delete(assessment_id),
            destructive=True,
        )

    def _delete(self, assessment_id: int) -> None:
        try:
            self.ctx.workspace.delete_draft(assessment_id)
        except service_errors() as exc:
            self._error(self.tr("无法删除草稿 #{id}").format(id=assessment_id), exc)
            return
        self.refresh()

    def compare_current(self) -> None:
        pair = self._compare_pair()
        if pair is not None:
            self.compare_requested.emit(*pair)

    # Dialogs and message boxes, all window-modal through open()

    def _open_dialog(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.active_dialog = dialog
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.active_dialog is dialog:
            self.active_dialog = None

    def _message_box(self, icon: QMessageBox.Icon, title: str, text: str, details: str) -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, self)
        box.setInformativeText(details)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _result: self._message_closed(box))
        self.active_message = box
        return box

    def _message_closed(self, box: QMessageBox) -> None:
        if self.active_message is box:
            self.active_message = None

    def _confirm(
        self,
        title: str,
        text: str,
        details: str,
        action: str,
        on_yes: Callable[[], None],
        *,
        destructive: bool = False,
    ) -> None:
        icon = QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question
        box = self._message_box(icon, title, text, details)
        yes = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel if destructive else yes)
        box.setEscapeButton(cancel)
        yes.clicked.connect(on_yes)
        box.open()

    def _error(self, title: str, exc: BaseException) -> None:
        box = self._message_box(QMessageBox.Icon.Warning, title, title, error_message(exc))
        box.addButton(self.tr("确定"), QMessageBox.ButtonRole.AcceptRole)
        box.open()
