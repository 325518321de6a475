"""Charts drawn with ReportLab graphics: dimension scores against maxima, and the scenes by level."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.core.form import Form
from app.report import texts as t
from app.report.common import scene_level_name
from app.report.layout import ACCENT, CONTENT_WIDTH, INK, MIN_TEXT_SIZE, MUTED, RULE, ZEBRA_FILL, num

BEFORE_FILL = colors.HexColor("#B9C4D0")
OTHER_FILL = colors.HexColor("#9DC3E6")
TARGET_LINE = colors.HexColor("#C0504D")
TEXT_SIZE = MIN_TEXT_SIZE  # chart labels, captions and legends: no smaller than the body text (issue 13)


@dataclass(frozen=True)
class DimensionBar:
    name: str
    maximum: Decimal
    values: tuple[Decimal, ...]  # one per series (one assessment, or before and after)


def dimension_chart(
    bars: Sequence[DimensionBar], font: str, series: Sequence[str] = (t.CHART_SCORE,), width: float = CONTENT_WIDTH
) -> Drawing:
    """Draw horizontal bars of each dimension's score (one bar per series) over a track showing its maximum."""
    label_w = 62.0
    value_w = 92.0
    track_x = label_w
    track_w = width - label_w - value_w
    scale = max((b.maximum for b in bars), default=Decimal(1)) or Decimal(1)
    bar_h = 11.0
    gap = 3.0
    group_h = len(series) * (bar_h + gap) + 12
    legend_h = 18.0
    height = len(bars) * group_h + legend_h + 4
    d = Drawing(width, height)
    fills = [ACCENT] if len(series) == 1 else [BEFORE_FILL, ACCENT]
    y = height - legend_h
    for bar in bars:
        group_top = y
        max_w = float(bar.maximum / scale) * track_w
        rows_h = len(series) * (bar_h + gap) - gap
        d.add(Rect(track_x, group_top - rows_h - 2, max_w, rows_h + 4, fillColor=ZEBRA_FILL, strokeColor=RULE))
        d.add(String(0, group_top - rows_h / 2 - 4, bar.name, fontName=font, fontSize=TEXT_SIZE, fillColor=INK))
        for i, value in enumerate(bar.values):
            row_y = group_top - (i + 1) * bar_h - i * gap
            w = float(value / scale) * track_w
            d.add(Rect(track_x, row_y, max(w, 0.01), bar_h, fillColor=fills[i % len(fills)], strokeColor=None))
            caption = t.CHART_POINTS.format(value=num(value), maximum=num(bar.maximum))
            d.add(String(track_x + max_w + 6, row_y + 2.5, caption, fontName=font, fontSize=TEXT_SIZE, fillColor=INK))
        y -= group_h
    _legend(
        d,
        [(name, fills[i % len(fills)]) for i, name in enumerate(series)] + [(t.CHART_MAXIMUM, ZEBRA_FILL)],
        font,
        height,
    )
    return d


def scene_chart(
    form: Form,
    levels: Sequence[Mapping[str, int]],
    font: str,
    series: Sequence[str] = (t.CHART_THIS_ASSESSMENT,),
    show_target: bool = True,
    width: float = CONTENT_WIDTH,
) -> Drawing:
    """Draw the scenes as horizontal bars of their level 0–4 (★ marks constrained ones), one bar per series.

    A dashed line marks the form's target level unless show_target is False.
    """
    target = form.target_level if show_target else None
    label_w = 92.0
    axis_x = label_w
    axis_w = width - label_w - 16
    unit = axis_w / 4
    bar_h = 11.0 if len(levels) == 1 else 10.0  # room for a TEXT_SIZE label in a bar row
    row_h = bar_h * len(levels) + 5
    top_pad = 26.0
    axis_pad = 16.0
    height = top_pad + len(form.scenes) * row_h + axis_pad
    d = Drawing(width, height)
    plot_top = height - top_pad
    plot_bottom = axis_pad
    for lv in range(5):
        x = axis_x + lv * unit
        d.add(Line(x, plot_bottom, x, plot_top, strokeColor=RULE, strokeWidth=0.4))
        label = scene_level_name(form, lv) if lv else "0"
        d.add(String(x, 4, label, fontName=font, fontSize=TEXT_SIZE, fillColor=MUTED, textAnchor="middle"))
    for i, scene in enumerate(form.scenes):
        row_top = plot_top - i * row_h
        label = f"{scene.id} {scene.name}" + (" ★" if scene.constrained else "")
        d.add(String(axis_x - 6, row_top - row_h / 2 - 3, label, fontName=font, fontSize=TEXT_SIZE, textAnchor="end"))
        for j, mapping in enumerate(levels):
            level = mapping.get(scene.id, 0)
            y = row_top - 2.5 - (j + 1) * bar_h
            fill = ACCENT if scene.constrained else OTHER_FILL
            if len(levels) > 1 and j == 0:
                fill = BEFORE_FILL  # the earlier assessment, drawn above the later one
            if level > 0:
                d.add(Rect(axis_x, y, level * unit, bar_h - 0.5, fillColor=fill, strokeColor=None))
            else:
                d.add(
                    String(
                        axis_x + 3,
                        y + 1.5,
                        scene_level_name(form, 0),
                        fontName=font,
                        fontSize=TEXT_SIZE,
                        fillColor=MUTED,
                    )
                )
    if target is not None:
        x = axis_x + target * unit
        d.add(
            Line(
                x,
                plot_bottom,
                x,
                plot_top + 4,
                strokeColor=TARGET_LINE,
                strokeWidth=1,
                strokeDashArray=[3, 2],
            )
        )
    entries: list[tuple[str, colors.Color]] = []
    if len(levels) > 1:
        entries.append((series[0], BEFORE_FILL))
    entries += [(t.CHART_CONSTRAINED, ACCENT), (t.CHART_OTHER, OTHER_FILL)]
    line_label = t.CHART_TARGET_LINE.format(level=form.level_name(target)) if target is not None else ""
    _legend(d, entries, font, height, line_label=line_label)
    return d


def _legend(
    d: Drawing, entries: Sequence[tuple[str, colors.Color]], font: str, height: float, line_label: str = ""
) -> None:
    x = 0.0
    y = height - 12
    for name, fill in entries:
        d.add(Rect(x, y, 9, 7, fillColor=fill, strokeColor=RULE, strokeWidth=0.3))
        d.add(String(x + 12, y + 0.5, name, fontName=font, fontSize=TEXT_SIZE, fillColor=INK))
        x += 12 + stringWidth(name, font, TEXT_SIZE) + 14
    if line_label:
        d.add(Line(x, y + 3.5, x + 12, y + 3.5, strokeColor=TARGET_LINE, strokeWidth=1, strokeDashArray=[3, 2]))
        d.add(String(x + 15, y + 0.5, line_label, fontName=font, fontSize=TEXT_SIZE, fillColor=INK))
