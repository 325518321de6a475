"""Table models for the workspace home page: enterprises (with a search/level filter proxy) and assessments.

The models only arrange what the services return; levels and scores come from the cached ScoreSummary.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel,
    QCollator,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from app.core.formdata import DEFAULT_TARGET_LEVEL, LevelNames
from app.core.industries import industry_label
from app.services.forms import FormRegistry, UnknownFormError
from app.services.listed import ListedEnterprise, listed_of

if TYPE_CHECKING:  # annotations only: the first paint does not wait for the services' ports, nor the records
    from app.core.records import (
        Assessment,
        AssessmentKind,
        AssessmentStatus,
        Enterprise,
        EnterpriseSize,
        SpecializedStatus,
    )
    from app.services.ports import AssessmentSummary, EnterpriseListing

ModelIndex = QModelIndex | QPersistentModelIndex

SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # a value that sorts correctly: level as int, date as ordinal
ID_ROLE = Qt.ItemDataRole.UserRole + 2  # the enterprise or assessment id
NOT_ASSESSED = -1  # level filter value and sort key for an enterprise without a scored assessment
LEVEL_OK = QColor("#1a7f37")  # the form's target level (二级) or above is reached
LEVEL_BELOW = QColor("#9a6700")
DASH = "—"


class FormLevels:
    """Level names and the target level, from the form each assessment was answered on, in the window's language.

    An assessment names its form (id and revision); the registry has its level names (``FormRegistry.level_names``:
    no form is parsed for them). They are looked up once per revision.
    """

    def __init__(self, registry: FormRegistry, language: str = "zh") -> None:
        self.registry = registry
        self.language = language
        self._levels: dict[tuple[str, int], LevelNames | None] = {}

    def levels_in(self, form_id: str, revision: int) -> LevelNames | None:
        key = (form_id, revision)
        if key not in self._levels:
            try:
                self._levels[key] = self.registry.level_names(*key)
            except UnknownFormError:
                self._levels[key] = None  # not installed here: levels show as numbers
        return self._levels[key]

    def name(self, assessment: Assessment, level: int) -> str:
        """The name of an overall level (0 is "no level reached") in the rule of the assessment's form."""
        return self.name_in(assessment.form_id, assessment.form_revision, level)

    def name_in(self, form_id: str, revision: int, level: int) -> str:
        """The name of an overall level in the rule of a form's revision."""
        levels = self.levels_in(form_id, revision)
        if levels is None or level > levels.max_level:
            return str(level)
        return levels.name(level, self.language)

    def reached_target(self, assessment: Assessment, level: int) -> bool:
        return self.reached_in(assessment.form_id, assessment.form_revision, level)

    def reached_in(self, form_id: str, revision: int, level: int) -> bool:
        levels = self.levels_in(form_id, revision)
        return level >= (DEFAULT_TARGET_LEVEL if levels is None else levels.target_level)

    def filter_levels(self) -> dict[int, str]:
        """Levels to filter a list by, named by the newest revision of the first installed form."""
        ids = self.registry.form_ids()  # no form is parsed for it: the names are read from the revision's data
        if not ids:
            return {}
        return self.registry.level_names(ids[0]).names(self.language)


def kind_name(kind: AssessmentKind) -> str:
    from app.core.records import AssessmentKind

    return {
        AssessmentKind.BASELINE: QCoreApplication.translate("Labels", "改造前"),
        AssessmentKind.AFTER: QCoreApplication.translate("Labels", "改造后"),
        AssessmentKind.SELF: QCoreApplication.translate("Labels", "自评"),
    }[kind]


def status_name(status: AssessmentStatus) -> str:
    from app.core.records import AssessmentStatus

    if status is AssessmentStatus.FINALIZED:
        return QCoreApplication.translate("Labels", "已定稿")
    return QCoreApplication.translate("Labels", "草稿")


def size_name(size: EnterpriseSize | None) -> str:
    if size is None:
        return DASH
    from app.core.records import EnterpriseSize

    return {
        EnterpriseSize.LARGE: QCoreApplication.translate("Labels", "大型"),
        EnterpriseSize.MEDIUM: QCoreApplication.translate("Labels", "中型"),
        EnterpriseSize.SMALL: QCoreApplication.translate("Labels", "小型"),
        EnterpriseSize.MICRO: QCoreApplication.translate("Labels", "微型"),
    }[size]


def specialized_name(status: SpecializedStatus) -> str:
    from app.core.records import SpecializedStatus

    return {
        SpecializedStatus.NONE: QCoreApplication.translate("Labels", "无"),
        SpecializedStatus.INNOVATIVE: QCoreApplication.translate("Labels", "创新型中小企业"),
        SpecializedStatus.SPECIALIZED: QCoreApplication.translate("Labels", "专精特新中小企业"),
        SpecializedStatus.LITTLE_GIANT: QCoreApplication.translate("Labels", "专精特新“小巨人”企业"),
    }[status]


def scale_name(above_scale: bool | None) -> str:
    if above_scale is None:
        return DASH
    if above_scale:
        return QCoreApplication.translate("Labels", "规上")
    return QCoreApplication.translate("Labels", "规下")


def industry_text(enterprise: Enterprise, language: str = "zh") -> str:
    """ "C34 通用设备制造业" / "C34 Manufacture of general-purpose machinery", or empty (GB/T 4754 names)."""
    return industry_label(enterprise.industry_section, enterprise.industry_division, language)


def score_text(total: Decimal) -> str:
    """45.70 → "45.7", 40.00 → "40"."""
    text = format(total.normalize(), "f")
    return text


def assessment_order(item: AssessmentSummary) -> tuple[date, int]:
    """Chronological key: the assessment date, then creation order."""
    return (item.assessment.assessed_on or date.min, item.assessment.id)


def latest(items: tuple[AssessmentSummary, ...] | list[AssessmentSummary]) -> AssessmentSummary | None:
    """The newest by assessment_order (the first of equal ones, as max gives it); a loop, not max with a key
    function: the home list asks it once per enterprise at start."""
    best: AssessmentSummary | None = None
    best_key = (date.min, 0)
    for item in items:
        a = item.assessment
        key = (a.assessed_on or date.min, a.id)
        if best is None or key > best_key:
            best, best_key = item, key
    return best


class EnterpriseRow(NamedTuple):
    """One enterprise as the list shows it: its line (what the table shows, sorts and searches), prepared once,
    and its records (``listing``), or None while only the first listing's line is read (app.services.listed).

    A tuple: the first listing makes ten thousand of them before the window shows (a class's __init__ costs
    several times more)."""

    line: ListedEnterprise
    listing: EnterpriseListing | None
    industry: str
    latest: AssessmentSummary | None = None  # the latest assessment's record (None without records)

    @property
    def haystack(self) -> str:
        """The casefolded name, USCC, region and traction unit the search box matches (the model keeps them)."""
        line = self.line
        return "\n".join((line.name, line.uscc, line.region, line.traction_unit)).casefold()

    @property
    def enterprise_id(self) -> int:
        return self.line.id

    @property
    def enterprise(self) -> Enterprise:
        """The enterprise's record (only once the records are read: ``listing`` is set)."""
        if self.listing is None:
            raise LookupError(f"enterprise {self.line.id}: only its line is read yet")
        return self.listing.enterprise

    @property
    def level(self) -> int:
        """The latest assessment's level, or NOT_ASSESSED."""
        level = self.line.level
        return NOT_ASSESSED if level is None else level

    @classmethod
    def of(cls, listing: EnterpriseListing, language: str = "zh") -> EnterpriseRow:
        found = latest(listing.assessments)
        return cls(listed_of(listing, found), listing, industry_text(listing.enterprise, language), found)

    @classmethod
    def listed(cls, lines: Sequence[ListedEnterprise], language: str = "zh") -> list[EnterpriseRow]:
        """The rows of the first listing's lines (no records yet: they follow once the workspace is open)."""
        industries: dict[tuple[str, str], str] = {}
        for line in lines:
            key = (line.industry_section, line.industry_division)
            if key not in industries:
                industries[key] = industry_label(*key, language)
        new, named = tuple.__new__, industries.__getitem__
        return [new(cls, (line, None, named((line[3], line[4])), None)) for line in lines]


class _TableModel(QAbstractTableModel):
    """Rows and headers: what both tables share. Subclasses fill ``_rows`` and ``_headers``."""

    _rows: Sequence[Any]
    _headers: Sequence[str]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None


class EnterpriseTableModel(_TableModel):
    NAME, USCC, INDUSTRY, REGION, LEVEL, DATE, COUNT = range(7)

    def __init__(self, levels: FormLevels, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.levels = levels
        self._rows: list[EnterpriseRow] = []
        self._by_id: dict[int, int] = {}
        self._haystacks: dict[int, str] = {}  # by enterprise id, made on the first search
        self._sort: tuple[int, Qt.SortOrder] = (self.NAME, Qt.SortOrder.AscendingOrder)
        self._headers = [
            self.tr("名称"),
            self.tr("统一社会信用代码"),
            self.tr("行业"),
            self.tr("地区"),
            self.tr("最新等级"),
            self.tr("最新评测日期"),
            self.tr("评测数"),
        ]

    def set_listings(self, listings: list[EnterpriseListing]) -> None:
        self.set_rows([EnterpriseRow.of(item, self.levels.language) for item in listings])

    def set_rows(self, rows: list[EnterpriseRow], in_place: bool = False) -> None:
        """Show rows prepared with EnterpriseRow.of (which may run on a worker thread). ``in_place``: rows of the
        same enterprises in the same order replace the shown ones without a reset (the view keeps its scrolling
        and selection), as the records behind the first listing's lines do."""
        self._haystacks = {}
        if in_place and self._rows:
            shown = [row.line.id for row in self._rows]
            previous, self._rows = self._rows, list(rows)
            self._order_rows()
            if [row.line.id for row in self._rows] == shown:
                last = self.index(len(self._rows) - 1, self.columnCount() - 1)
                self.dataChanged.emit(self.index(0, 0), last)
                return
            self._rows = previous
        self.beginResetModel()
        self._rows = list(rows)
        self._order_rows()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in Python with precomputed keys: ten thousand rows sort in milliseconds (a proxy would take seconds)."""
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        kept = [(self._rows[i.row()].line.id, i.column()) for i in persistent]
        self._order_rows()
        self.changePersistentIndexList(persistent, [self.index(self._by_id[eid], col) for eid, col in kept])
        self.layoutChanged.emit()

    def _order_rows(self) -> None:
        column, order = self._sort
        collator = QCollator(QLocale())  # pinyin order for Chinese names under the Chinese locale
        self._rows.sort(key=lambda r: collator.sortKey(r.line.name))  # ties stay in name order
        if column != self.NAME or order is Qt.SortOrder.DescendingOrder:
            key = self._sort_key_function(column, collator)
            self._rows.sort(key=key, reverse=order is Qt.SortOrder.DescendingOrder)
        self._by_id = {row.line.id: i for i, row in enumerate(self._rows)}

    def _sort_key_function(self, column: int, collator: QCollator) -> Callable[[EnterpriseRow], Any]:
        if column == self.NAME:
            return lambda r: collator.sortKey(self._display(r, column))
        if column == self.REGION:  # blank first, as before the "—"
            return lambda r: collator.sortKey(r.line.region)
        if column == self.INDUSTRY:
            return lambda r: r.industry
        if column in (self.LEVEL, self.DATE, self.COUNT):
            return lambda r: self._sort_key(r, column)
        return lambda r: self._display(r, column)

    def row_at(self, row: int) -> EnterpriseRow:
        return self._rows[row]

    def haystack(self, row: int) -> str:
        """What the search box matches in a row (EnterpriseRow.haystack, kept once made)."""
        line = self._rows[row].line
        found = self._haystacks.get(line.id)
        if found is None:
            found = self._haystacks[line.id] = self._rows[row].haystack
        return found

    def row_of(self, enterprise_id: int) -> int | None:
        return self._by_id.get(enterprise_id)

    def listing(self, enterprise_id: int) -> EnterpriseListing | None:
        """The enterprise's records (None if it is not listed, or only its line is read yet)."""
        row = self._by_id.get(enterprise_id)
        return None if row is None else self._rows[row].listing

    def traction_units(self) -> list[str]:
        return sorted({r.line.traction_unit for r in self._rows if r.line.traction_unit})

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: PLR0911 (per role)
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == SORT_ROLE:
            return self._sort_key(row, col)
        if role == ID_ROLE:
            return row.line.id
        if role == Qt.ItemDataRole.ForegroundRole and col == self.LEVEL:
            line = row.line
            if line.level is None or line.form_id is None or line.form_revision is None:
                return None
            return LEVEL_OK if self.levels.reached_in(line.form_id, line.form_revision, line.level) else LEVEL_BELOW
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.COUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def display(self, row: EnterpriseRow, col: int) -> str:
        """The text a cell shows (DisplayRole)."""
        return self._display(row, col)

    def _display(self, row: EnterpriseRow, col: int) -> str:  # noqa: PLR0911 (one return per column)
        line = row.line
        if col == self.NAME:
            return line.name if not line.archived else self.tr("{name}（已归档）").format(name=line.name)
        if col == self.USCC:
            return line.uscc
        if col == self.INDUSTRY:
            return row.industry or DASH  # a blank cell reads as "not entered", not as a rendering fault
        if col == self.REGION:
            return line.region or DASH
        if col == self.LEVEL:
            if line.level is None or line.form_id is None or line.form_revision is None:
                return DASH
            text = self.levels.name_in(line.form_id, line.form_revision, line.level)
            return text if line.complete else self.tr("{level}（暂定）").format(level=text)
        if col == self.DATE:
            return line.assessed_on or DASH
        return str(line.assessments)

    def _sort_key(self, row: EnterpriseRow, col: int) -> Any:
        if col == self.LEVEL:
            return row.level
        if col == self.DATE:
            day = row.line.assessed_on
            return date.fromisoformat(day).toordinal() if day else 0
        if col == self.COUNT:
            return row.line.assessments
        if col == self.INDUSTRY:
            return row.industry
        if col == self.REGION:
            return row.line.region
        return self._display(row, col)

    def _tooltip(self, row: EnterpriseRow, col: int) -> str | None:
        if col == self.LEVEL and row.line.level is not None:
            if not row.line.complete:
                return self.tr("最新评测尚未答完：未作答的题目按 0 分计，等级为暂定")
            return None
        if col == self.NAME or (col == self.INDUSTRY and row.industry):
            return self._display(row, col)
        return None


class EnterpriseFilterProxy(QSortFilterProxyModel):
    """In-memory search (name, USCC, region, traction unit) and a level filter over EnterpriseTableModel.

    Sorting is handed to the source model (precomputed keys in Python); the proxy keeps the source's order.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._level: int | None = None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model = self.sourceModel()
        if isinstance(model, EnterpriseTableModel) and column >= 0:
            model.sort(column, order)

    @property
    def search_text(self) -> str:
        return self._needle

    @property
    def level_filter(self) -> int | None:
        return self._level

    def set_search(self, text: str) -> None:
        needle = text.strip().casefold()
        if needle != self._needle:
            self._begin_filter_change()
            self._needle = needle
            self._end_filter_change()

    def set_level(self, level: int | None) -> None:
        """None shows every enterprise; NOT_ASSESSED those without a scored assessment; 0–4 that level."""
        if level != self._level:
            self._begin_filter_change()
            self._level = level
            self._end_filter_change()

    # Qt 6.10 replaced invalidateRowsFilter() by begin/endFilterChange(); the project supports PySide6 6.7 too.
    def _begin_filter_change(self) -> None:
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()

    def _end_filter_change(self) -> None:
        if hasattr(self, "endFilterChange"):
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        if self._level is None and not self._needle:  # no filter: every row (asked once per row on each reset)
            return True
        model = self.sourceModel()
        if not isinstance(model, EnterpriseTableModel):
            return True
        row = model.row_at(source_row)
        if self._level is not None and row.level != self._level:
            return False
        return not self._needle or self._needle in model.haystack(source_row)


class AssessmentTableModel(_TableModel):
    ID, KIND, STATUS, DATE, SCORE, LEVEL, COMPLETE, REVISION_OF = range(8)

    def __init__(self, levels: FormLevels, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.levels = levels
        self._rows: list[AssessmentSummary] = []
        self._headers = [
            self.tr("编号"),
            self.tr("类型"),
            self.tr("状态"),
            self.tr("评测日期"),
            self.tr("总分"),
            self.tr("等级"),
            self.tr("完整"),
            self.tr("更正自"),
        ]

    def set_assessments(self, items: tuple[AssessmentSummary, ...] | list[AssessmentSummary]) -> None:
        self.beginResetModel()
        self._rows = sorted(items, key=assessment_order)
        self.endResetModel()

    def summary_at(self, row: int) -> AssessmentSummary:
        return self._rows[row]

    def row_of(self, assessment_id: int) -> int | None:
        for i, item in enumerate(self._rows):
            if item.assessment.id == assessment_id:
                return i
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: PLR0911 (per role)
        if not index.isValid():
            return None
        item = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, col)
        if role == ID_ROLE:
            return item.assessment.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, col)
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == self.LEVEL and item.summary is not None:
                reached = self.levels.reached_target(item.assessment, item.summary.level)
                return LEVEL_OK if reached else LEVEL_BELOW
            if col == self.COMPLETE and item.summary is not None and not item.summary.complete:
                return LEVEL_BELOW
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.ID, self.SCORE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, item: AssessmentSummary, col: int) -> str:  # noqa: PLR0911 (one return per column)
        a, s = item.assessment, item.summary
        if col == self.ID:
            return f"#{a.id}"
        if col == self.KIND:
            return kind_name(a.kind)
        if col == self.STATUS:
            return status_name(a.status)
        if col == self.DATE:
            return a.assessed_on.isoformat() if a.assessed_on else DASH
        if col == self.SCORE:
            return DASH if s is None else score_text(s.total)
        if col == self.LEVEL:
            return DASH if s is None else self.levels.name(a, s.level)
        if col == self.COMPLETE:
            if s is None:
                return DASH
            return self.tr("完整") if s.complete else self.tr("未完成")
        return f"#{a.revision_of}" if a.revision_of else ""

    def _tooltip(self, item: AssessmentSummary, col: int) -> str | None:
        a = item.assessment
        if col == self.REVISION_OF and a.revision_reason:
            return self.tr("更正原因：{reason}").format(reason=a.revision_reason)
        if a.assessor.name:
            parts = [a.assessor.name, a.assessor.organisation, a.assessor.role]
            who = "，".join(p for p in parts if p)
            site = self.tr("（现场评定）") if a.on_site else ""
            return self.tr("评测人：{who}{site}").format(who=who, site=site)
        return None
