"""继续上次的评测: the draft last edited on this computer, offered on the home page after a restart.

Which draft is remembered in the user's settings (QSettings), one entry per workspace: "the last one I edited"
belongs to the person at this computer, and on a shared team server the workspace's newest change is often a
colleague's. Where in the draft to land is the workspace's own record (the assessment's last item, saved with
every change), so it is right whichever computer edited it last. A remembered draft that was since finalized or
deleted is simply not offered.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from app.ui.context import GuiContext

if TYPE_CHECKING:  # annotations only: the first paint does not wait for the services' ports
    from app.services.ports import AssessmentSummary, EnterpriseListing


def _key(ctx: GuiContext) -> str:
    where = f"{'server' if ctx.team_server else 'local'}:{ctx.data_dir}"
    return "resume/" + hashlib.sha256(where.encode("utf-8")).hexdigest()[:16]


def remember_draft(ctx: GuiContext, assessment_id: int) -> None:
    """The draft the user just changed: offered first after the next start."""
    ctx.settings.setValue(_key(ctx), assessment_id)


def remembered_draft(ctx: GuiContext) -> int | None:
    value = ctx.settings.value(_key(ctx))
    try:
        return int(str(value)) if value is not None else None
    except ValueError:
        return None


def find_draft(
    listings: list[EnterpriseListing], assessment_id: int | None
) -> tuple[EnterpriseListing, AssessmentSummary] | None:
    """The remembered assessment in a listing, if it is still a draft there."""
    if assessment_id is None:
        return None
    for listing in listings:
        for summary in listing.assessments:
            if summary.assessment.id == assessment_id:
                from app.core.records import AssessmentStatus  # loaded with the records it is read from

                draft = summary.assessment.status is AssessmentStatus.DRAFT
                return (listing, summary) if draft else None
    return None


class ResumeBanner(QFrame):
    """A one-line offer above the enterprise list: which draft, where it was left, and the button to go on."""

    resume = Signal(int)  # assessment id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resume_banner")
        self.setProperty("role", "card")
        self.text_label = QLabel(self)
        self.text_label.setObjectName("resume_text")
        self.text_label.setWordWrap(True)
        self.button = QPushButton(self.tr("继续上次的评测(&U)"), self)
        self.button.setObjectName("resume_button")
        self.button.clicked.connect(self._clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self.text_label, 1)
        layout.addWidget(self.button)
        self.assessment_id: int | None = None
        self.hide()

    def offer(self, found: tuple[EnterpriseListing, AssessmentSummary] | None, language: str) -> None:
        if found is None:
            self.assessment_id = None
            self.hide()
            return
        listing, summary = found
        a = summary.assessment
        self.assessment_id = a.id
        kind = a.kind.label_en if language == "en" else a.kind.label
        text = self.tr("上次编辑的草稿：{name} · #{id} {kind}").format(name=listing.enterprise.name, id=a.id, kind=kind)
        if a.last_item:
            text += self.tr("，停在 {item}").format(item=a.last_item.removeprefix("notes."))
        self.text_label.setText(text)
        self.show()

    def _clicked(self) -> None:
        if self.assessment_id is not None:
            self.resume.emit(self.assessment_id)
