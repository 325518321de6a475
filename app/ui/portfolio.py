"""The portfolio page (项目组合): levels before and after, 规上 at 二级+ per sub-sector against the policy's target,
the enterprises still below 二级 with their gap, and the totals of investment and estimated subsidy."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.answers import decimal_to_json
from app.core.policy import Policy
from app.core.portfolio import LEVELS, Portfolio, share_text, target_text
from app.services.forms import DEFAULT_FORM_ID
from app.ui.context import GuiContext
from app.ui.runner import Runner

BEFORE = QColor("#9aa9bb")
AFTER = QColor("#2f6fb2")
REACHED = QColor("#2e8b57")
SHORT = QColor("#d08b2c")
NO_TARGET = QColor("#8fa7c4")  # a share with no target to meet: neither reached nor short
TARGET = QColor("#c0392b")


class LevelBars(QWidget):
    """Grouped bars: enterprises per level, before (baseline) and after."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.before: Mapping[int, int] = {}
        self.after: Mapping[int, int] = {}
        self.level_names: Sequence[str] = [str(lv) for lv in LEVELS]
        self.legend = ("", "")
        self.setMinimumHeight(190)

    def sizeHint(self) -> QSize:
        return QSize(420, 210)

    def set_data(self, before: Mapping[int, int], after: Mapping[int, int], names: Sequence[str],
                 legend: tuple[str, str]) -> None:  # fmt: skip
        self.before, self.after, self.level_names, self.legend = before, after, names, legend
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = p.fontMetrics()
        line = fm.height()
        w, h = self.width(), self.height()
        top, bottom = line + 8, h - line - 6
        peak = max([1, *self.before.values(), *self.after.values()])
        group = w / len(LEVELS)
        bar = min(40.0, group / 3)
        for i, colour in enumerate((BEFORE, AFTER)):  # legend
            x = 8 + i * (w / 2)
            p.fillRect(QRectF(x, 4, 12, 12), colour)
            p.setPen(self.palette().text().color())
            p.drawText(QRectF(x + 16, 0, w / 2 - 24, line + 4), Qt.AlignmentFlag.AlignVCenter, self.legend[i])
        for i, lv in enumerate(LEVELS):
            cx = group * i + group / 2
            for j, (values, colour) in enumerate(((self.before, BEFORE), (self.after, AFTER))):
                n = values.get(lv, 0)
                height = (bottom - top - line) * n / peak
                x = cx - bar + j * bar
                rect = QRectF(x + 1, bottom - height, bar - 2, height)
                p.fillRect(rect, colour)
                p.setPen(self.palette().text().color())
                p.drawText(QRectF(x, bottom - height - line, bar, line), Qt.AlignmentFlag.AlignCenter, str(n))
            p.drawText(QRectF(group * i, bottom + 2, group, line + 4), Qt.AlignmentFlag.AlignCenter,
                       self.level_names[i])  # fmt: skip
        p.setPen(QPen(self.palette().mid().color()))
        p.drawLine(0, int(bottom), w, int(bottom))
        p.end()


class TargetBar(QWidget):
    """A progress bar of a share with the target marked as a line."""

    def __init__(self, share: float | None, target: Decimal | None, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.share, self.target, self.text = share, target, text
        self.setMinimumHeight(22)
        self.setMinimumWidth(220)
        if target is not None:
            self.setToolTip(text)

    def sizeHint(self) -> QSize:
        return QSize(320, 24)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        w, h = self.width() - 1, self.height() - 1
        p.fillRect(0, 0, w, h, self.palette().base())
        p.setPen(self.palette().mid().color())
        p.drawRect(0, 0, w, h)
        if self.share is not None:
            reached = self.target is not None and self.share >= float(self.target)
            colour = NO_TARGET if self.target is None else (REACHED if reached else SHORT)
            p.fillRect(QRectF(1, 1, (w - 1) * self.share, h - 1), colour)
        if self.target is not None:
            x = int(w * float(self.target))
            p.setPen(QPen(TARGET, 3))
            p.drawLine(min(x, w - 1), 0, min(x, w - 1), h)
        p.setPen(self.palette().text().color())
        p.drawText(QRectF(6, 0, w - 12, h), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, self.text)
        p.end()


class NumberItem(QTableWidgetItem):
    """A cell that sorts by its number."""

    def __init__(self, value: float, text: str) -> None:
        super().__init__(text)
        self.value = value
        self.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        if isinstance(other, NumberItem):
            return self.value < other.value
        return super().__lt__(other)


class PortfolioPage(QWidget):
    open_enterprise = Signal(int)
    closed = Signal()

    def __init__(self, ctx: GuiContext, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.portfolio: Portfolio | None = None
        self._policies: list[Policy] = []
        outer = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.back = QPushButton(self.tr("返回首页"))
        self.back.clicked.connect(self.closed.emit)
        self.title = QLabel()
        self.title.setObjectName("portfolio_title")
        self.title.setStyleSheet("font-size: 16px; font-weight: 600;")
        self.policy_box = QComboBox()
        self.policy_box.setObjectName("portfolio_policy")
        self.policy_box.setMinimumContentsLength(24)
        policy_label = QLabel(self.tr("对照政策(&P)："))
        policy_label.setBuddy(self.policy_box)
        bar.addWidget(self.back)
        bar.addSpacing(12)
        bar.addWidget(self.title, 1)
        bar.addWidget(policy_label)
        bar.addWidget(self.policy_box)
        outer.addLayout(bar)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        grid = QGridLayout(body)
        self.levels_box = QGroupBox(self.tr("数字化水平分布（改造前 / 改造后）"))
        levels_layout = QVBoxLayout(self.levels_box)
        self.bars = LevelBars()
        levels_layout.addWidget(self.bars)
        self.totals = QLabel()
        self.totals.setObjectName("portfolio_totals")
        self.totals.setWordWrap(True)
        levels_layout.addWidget(self.totals)
        self.share_box = QGroupBox(self.tr("规上企业二级及以上占比（按细分行业，红线为目标）"))
        self.share_layout = QGridLayout(self.share_box)
        self.below_box = QGroupBox(self.tr("尚未达到二级的企业（双击打开）"))
        below_layout = QVBoxLayout(self.below_box)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("portfolio_below")
        self.table.setHorizontalHeaderLabels([self.tr("统一社会信用代码"), self.tr("企业名称"), self.tr("当前等级"),
                                              self.tr("还需分数"), self.tr("还需提升场景数")])  # fmt: skip
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.cellDoubleClicked.connect(self._double_clicked)
        below_layout.addWidget(self.table)
        grid.addWidget(self.levels_box, 0, 0)
        grid.addWidget(self.share_box, 0, 1)
        grid.addWidget(self.below_box, 1, 0, 1, 2)
        grid.setRowStretch(1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.policy_box.currentIndexChanged.connect(lambda _: self.refresh())

    def load(self) -> None:
        """Fill the policy chooser (the best fitting policy first chosen by the service) and compute."""
        self._policies = list(self.ctx.services.policies())
        self.policy_box.blockSignals(True)
        self.policy_box.clear()
        self.policy_box.addItem(self.tr("自动（按细分行业匹配）"), "")
        for policy in self._policies:
            self.policy_box.addItem(f"{policy.city} · {policy.title}", policy.id)
        self.policy_box.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        policy_id = self.policy_box.currentData() or None
        services = self.ctx.services
        self.runner.run(lambda: services.portfolio(policy_id), self.show_portfolio)

    def show_portfolio(self, portfolio: Portfolio) -> None:
        self.portfolio = portfolio
        policy = portfolio.policy
        self.title.setText(self.tr("项目组合：{n} 家企业").format(n=portfolio.enterprises))
        form = self.ctx.registry.get(DEFAULT_FORM_ID)
        by_level = form.level_names(self.ctx.language)
        names = [by_level.get(lv, str(lv)) for lv in LEVELS]
        self.bars.set_data(portfolio.levels["baseline"], portfolio.levels["after"], names,
                           (self.tr("改造前"), self.tr("改造后")))  # fmt: skip
        estimate = portfolio.subsidy_estimate_yuan
        policy_name = f"{policy.city}《{policy.title}》" if policy else "—"
        self.totals.setText(
            self.tr("四级企业 {l4} 家。实际投入合计 {inv} 元；补贴估算 {sub} 元（估算，依据{policy}）。").format(
                l4=portfolio.level_4, inv=f"{portfolio.investment_yuan:,}",
                sub="—" if estimate is None else f"{estimate:,}", policy=policy_name)
        )  # fmt: skip
        while self.share_layout.count():
            item = self.share_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        rows = [(self.tr("全部规上企业"), portfolio.above_scale_at_2, portfolio.above_scale_total,
                 portfolio.above_scale_share, portfolio.above_scale_target)]  # fmt: skip
        rows += [(s.subsector, s.at_level_2, s.above_scale, s.share, s.target) for s in portfolio.by_subsector]
        for r, (name, k, n, share, target) in enumerate(rows):
            label = QLabel(name)
            text = self.tr("{k}/{n} 家 {share}，目标 {target}").format(k=k, n=n, share=share_text(share),
                                                                     target=target_text(target))  # fmt: skip
            self.share_layout.addWidget(label, r, 0)
            self.share_layout.addWidget(TargetBar(share, target, text), r, 1)
        self.share_layout.setColumnStretch(1, 1)
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(portfolio.below_level_2))
        for r, b in enumerate(portfolio.below_level_2):
            uscc = QTableWidgetItem(b.uscc)
            uscc.setData(Qt.ItemDataRole.UserRole, b.enterprise_id)
            self.table.setItem(r, 0, uscc)
            self.table.setItem(r, 1, QTableWidgetItem(b.name))
            self.table.setItem(r, 2, NumberItem(b.level, names[b.level]))
            self.table.setItem(r, 3, NumberItem(float(b.points_needed), f"{decimal_to_json(b.points_needed)}"))
            self.table.setItem(r, 4, NumberItem(b.scene_upgrades_needed, str(b.scene_upgrades_needed)))
        self.table.setSortingEnabled(True)
        for column in (0, 2, 3, 4):
            self.table.resizeColumnToContents(column)

    def _double_clicked(self, row: int, _column: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self.open_enterprise.emit(int(item.data(Qt.ItemDataRole.UserRole)))
