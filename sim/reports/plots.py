"""Figures of the trainer dashboard and the after-action report (matplotlib, PNG bytes).

Plot labels fall back to English when no CJK font is installed (:func:`sim.i18n.fonts.plot_language`, which
finds one whatever the state of matplotlib's font cache). Trainee names are data: drawn without mathtext (a
``$`` in a name stays a ``$``), without control characters or bidi overrides
(:func:`sim.reports.markup.clean_text`: no font draws them), and replaced by their alias when the report is
anonymised or when they contain Chinese characters and no installed font can draw them. A Chinese name is
drawn in an English figure too when a CJK font is installed. Without one, a Chinese step or scenario name
gives way to the plan's English name, else to "Step 2", "Scenario 1": never to an id.
"""
from __future__ import annotations

import base64
import io
import math
import re
import textwrap

import matplotlib

matplotlib.use("Agg")   # never open a window; the figures are saved as PNG

import matplotlib.pyplot as plt
import numpy as np

from sim.drill.scorecard import RATINGS
from sim.i18n import t
from sim.i18n.fonts import can_draw_chinese
from sim.i18n.fonts import plot_language as _fonts
from sim.i18n.script import CJK_CHAR
from sim.reports.cohort import score_matrix
from sim.reports.markup import clean_text
from sim.reports.theme import ACCENT, COMMAND_PART_COLOURS, NEUTRAL, RATING_COLOURS


def png(fig, dpi: int = 100) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    plt.close(fig)
    return buf.getvalue()


def data_uri(png_bytes: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png_bytes).decode("ascii")


def _plain(texts) -> None:
    for text in texts:
        text.set_parse_math(False)


def _label(data, name: str, lang_drawn: str, anonymise: bool) -> str:
    label = data.aliases.get(name, name) if anonymise else name
    if CJK_CHAR.search(label) and not can_draw_chinese():     # no font to draw it: the English alias
        number = next((i for i, m in enumerate(data.members, 1) if m.name == name), 0)
        label = t("report.alias", "en", n=number)
    return clean_text(label)


def _scenario_label(data, sid: str, lang: str) -> str:
    title = data.scenarios[sid].title.get(lang)
    if CJK_CHAR.search(title) and not can_draw_chinese():     # no font to draw it: its place in the grid
        return t("plots.scenario_n", "en", n=list(data.scenarios).index(sid) + 1)
    return wrapped(title)


def wrapped(text: str, width: int = 24) -> str:
    r"""``text`` on lines of about ``width`` columns, whole: English at spaces, Chinese (which breaks between any
    two characters, two columns each) after its punctuation or every ``width // 2`` characters.

    >>> wrapped("Overheating power bank: batch defect")
    'Overheating power bank:\nbatch defect'
    >>> wrapped("会员数据外泄：诈骗电话与监管报告时限")
    '会员数据外泄：\n诈骗电话与监管报告时限'
    >>> wrapped("短标题"), wrapped("一二三四五六七八九十一二三四五六七八九十一二三四五", 20)
    ('短标题', '一二三四五六七八九十\n一二三四五六七八九十\n一二三四五')
    """
    if not CJK_CHAR.search(text):
        return textwrap.fill(text, width, break_long_words=False)
    per_line = max(1, width // 2)
    lines = []
    for part in re.split(r"(?<=[：，。；、])", text):
        while part:
            if lines and len(lines[-1]) + len(part) <= per_line:
                lines[-1] += part[:per_line]
            else:
                lines.append(part[:per_line])
            part = part[per_line:]
    return "\n".join(lines)


def _step_labels(frame, plan=None) -> list[str]:
    """The step names of a per-step table (columns ``step``, ``name``) as a figure can draw them: as they are,
    unless they hold Chinese and no font draws it; then the ``plan``'s English name, else "Step 2"."""
    out = []
    for i, (name, sid) in enumerate(zip(frame["name"], frame["step"]), 1):
        if CJK_CHAR.search(name) and not can_draw_chinese():
            english = plan.steps[sid].name.get("en") if plan is not None and sid in plan.steps else ""
            name = english if english and not CJK_CHAR.search(english) else t("plots.step_n", "en", n=i)
        out.append(name)
    return out


def score_heatmap(data, lang: str = "en", anonymise: bool = False) -> bytes:
    """Trainee × scenario scores (percent); blank where not finished; a cross where the drill was failed."""
    drawn = _fonts(lang)
    m = score_matrix(data)
    passed = data.results.pivot(index="trainee", columns="scenario_id", values="passed").reindex(
        index=m.index, columns=m.columns)
    rows, cols = max(1, len(m.index)), max(1, len(m.columns))
    fig, ax = plt.subplots(figsize=(2.2 + 1.9 * cols, 1.2 + 0.34 * rows), constrained_layout=True)
    values = m.to_numpy(dtype=float) if m.size else np.full((1, 1), np.nan)
    cmap = matplotlib.colormaps["RdYlGn"].with_extremes(bad="#eceff1")
    im = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=0, vmax=100, aspect="auto")
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = values[i, j]
            if not math.isnan(v):
                mark = "" if passed.iat[i, j] else " ×"
                ax.text(j, i, f"{v:.0f}{mark}", ha="center", va="center", fontsize=8,
                        color="black" if 25 < v < 85 else "white")
    ax.set_xticks(range(len(m.columns)))
    ax.set_xticklabels([_scenario_label(data, c, drawn) for c in m.columns], fontsize=8)
    ax.set_yticks(range(len(m.index)))
    ax.set_yticklabels([_label(data, n, drawn, anonymise) for n in m.index], fontsize=8)
    _plain(ax.get_yticklabels() + ax.get_xticklabels())
    ax.set_title(t("report.plot.heatmap", drawn), fontsize=10)
    fig.colorbar(im, ax=ax, shrink=0.8, label=t("report.plot.percent", drawn))
    return png(fig)


def step_ratings(dist, lang: str = "en", plan=None) -> bytes:
    """Per plan step, the P/S/M/U/N/A counts as stacked horizontal bars (plan order, first step on top).
    ``plan``: for the English step names, should no font draw the Chinese ones."""
    drawn = _fonts(lang)
    names = _step_labels(dist, plan)
    fig, ax = plt.subplots(figsize=(9, 0.5 + 0.45 * max(1, len(dist))), constrained_layout=True)
    y = np.arange(len(dist))[::-1]
    left = np.zeros(len(dist))
    for rating in RATINGS:
        counts = dist[rating].to_numpy(dtype=float)
        ax.barh(y, counts, left=left, color=RATING_COLOURS[rating], label=rating, edgecolor="white")
        for yi, l, c in zip(y, left, counts):
            if c:
                ax.text(l + c / 2, yi, f"{c:.0f}", ha="center", va="center", fontsize=7)
        left += counts
    ax.set_yticks(y)
    ax.set_yticklabels(names, fontsize=8)
    _plain(ax.get_yticklabels())
    ax.set_xlabel(t("report.plot.results", drawn))
    ax.legend(ncol=5, fontsize=7, loc="lower right", bbox_to_anchor=(1, 1.0))
    ax.set_title(t("report.plot.steps", drawn), fontsize=10, loc="left")
    return png(fig)


def comparison(steps, lang: str = "en", this_label: str = "", last_label: str = "", plan=None) -> bytes:
    """Pooled share of points per plan step: this cohort against last year's (``plan``: as for
    :func:`step_ratings`)."""
    drawn = _fonts(lang)
    names = _step_labels(steps, plan)
    fig, ax = plt.subplots(figsize=(9, 0.6 + 0.5 * max(1, len(steps))), constrained_layout=True)
    y = np.arange(len(steps))[::-1]
    ax.barh(y + 0.2, 100 * steps["share_last"].to_numpy(dtype=float), height=0.38, color=NEUTRAL,
            label=last_label or t("report.plot.last_year", drawn))
    ax.barh(y - 0.2, 100 * steps["share"].to_numpy(dtype=float), height=0.38, color=ACCENT,
            label=this_label or t("report.plot.this_year", drawn))
    ax.set_yticks(y)
    ax.set_yticklabels(names, fontsize=8)
    _plain(ax.get_yticklabels() + ax.legend(fontsize=8, loc="lower right").get_texts())
    ax.set_xlim(0, 100)
    ax.set_xlabel(t("report.plot.share", drawn))
    return png(fig)


def command_scores(records, data, lang: str = "en", anonymise: bool = False) -> bytes:
    """Live command drill scores per trainee, split into timeliness, proportion and outcome."""
    drawn = _fonts(lang)
    fig, ax = plt.subplots(figsize=(8, 0.8 + 0.4 * max(1, len(records))), constrained_layout=True)
    y = np.arange(len(records))[::-1]
    left = np.zeros(len(records))
    for part in ("timeliness", "proportion", "outcome"):
        vals = np.array([float(r.result.get("parts", {}).get(part) or 0.0) for r in records])
        ax.barh(y, vals, left=left, color=COMMAND_PART_COLOURS[part], label=t(f"command.part.{part}", drawn))
        left += vals
    ax.set_yticks(y)
    ax.set_yticklabels([_label(data, r.trainee, drawn, anonymise) for r in records], fontsize=8)
    _plain(ax.get_yticklabels())
    ax.set_xlim(0, 100)
    ax.legend(fontsize=7, ncol=3, loc="lower right", bbox_to_anchor=(1, 1.0))
    ax.set_xlabel(t("report.plot.command", drawn))
    return png(fig)


__all__ = ["command_scores", "comparison", "data_uri", "png", "score_heatmap", "step_ratings"]
