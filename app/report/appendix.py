"""The report's appendix "指标文本说明": what the indicator texts are based on, and which wording is used where the
versions in circulation differ. Product text from the form's data (``about``); never its provenance records."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable

from app.core.form import Form
from app.report.common import keep
from app.report.layout import Styles, para

APPENDIX_HEADING = "附录　指标文本说明"
# A form that carries no text of its own (miit-2024 revisions 1 and 2) gets this one sentence.
APPENDIX_BASIS = "本报告的题目、选项、分值和场景等级描述依据《{title}》（{notice}）。"


def indicator_texts_appendix(form: Form, s: Styles) -> list[Flowable]:
    """The short appendix the assessment report ends with."""
    texts = form.about_texts("zh") or (APPENDIX_BASIS.format(title=form.title, notice=form.notice or form.title),)
    block: list[Flowable] = [para(APPENDIX_HEADING, s.h1)]
    block += [para(text, s.body) for text in texts]
    return [CondPageBreak(50 * mm), *keep(block, 120 * mm)]
