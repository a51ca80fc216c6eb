"""The command drill's dashboard as the duty manager reads it: the board (HTML) and the three charts (PNG).

The board says the clock, whether the plan is active and which triggers hold; how many complaints are near
their target and how many already late (the rule is :mod:`sim.drill.command_watch`, said under the line);
public attention against the plan's threshold, as a bar with its level and how it moved since the last
decision point; and each team's queue with its complaints near and past their target and the next target
due. The charts show complaints in the last hour against the baseline, the queues, and public attention with
the plan's threshold, by the scenario's clock, from the hours before the duty manager took over (shaded) to
now. Every name is the plan's (team names, never ids), in the page's language.
"""
from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from sim.format.units import format_clock
from sim.i18n import t
from sim.i18n.fonts import plot_language
from sim.reports.theme import BAD, MUTED, OK
from sim.ui.render import esc

LEVEL_COLOURS = {"low": OK, "rising": "#ef6c00", "crisis": BAD}
BAR_SPAN = 2.0              # the attention bar runs to twice the threshold (the threshold at its middle)


def due_text(minutes: float | None, lang: str) -> str:
    """How long until a target: "in 23.5 h", "in 40 min"; "—" for none.

    >>> due_text(1410, "en"), due_text(40, "en"), due_text(None, "en"), due_text(90, "zh")
    ('in 23.5 h', 'in 40 min', '—', '1.5 小时后')
    """
    if minutes is None:
        return "—"
    if minutes >= 60:
        return t("cmd.in_hours", lang, n=minutes / 60)
    return t("cmd.in_minutes", lang, n=minutes)


def attention_html(board, lang: str, previous=None, since: str = "") -> str:
    """Public attention: the index against the plan's threshold, a bar, its level and its move since ``since``
    (the clock of ``previous``, the last decision point's board)."""
    level = board.attention_level
    colour = LEVEL_COLOURS[level]
    share = min(1.0, board.public_attention / (BAR_SPAN * board.attention_threshold or 1.0))
    move = ""
    if previous is not None:
        delta = board.public_attention - previous.public_attention
        if round(delta) != 0:
            move = " · " + esc(t("cmd.attention.up" if delta > 0 else "cmd.attention.down", lang,
                                 delta=delta, clock=since))
    bar = (f"<span style='position:relative;height:10px;width:260px;background:#eceff1;border-radius:5px;"
           f"display:inline-block;vertical-align:middle;margin:0 8px'>"
           f"<span style='display:block;height:10px;width:{share * 100:.0f}%;background:{colour};border-radius:5px'>"
           f"</span><span style='position:absolute;left:{100 / BAR_SPAN:.0f}%;top:-3px;height:16px;"
           f"border-left:2px solid #263238'></span></span>")
    return (f"<p class='dk-cmd-attention'><b>{esc(t('cmd.attention', lang, value=board.public_attention, threshold=board.attention_threshold))}</b>"
            f"{bar}<b style='color:{colour}'>{esc(t(f'cmd.attention.{level}', lang))}</b>{move}</p>")


def board_html(board, plan, lang: str, previous=None, since: str = "") -> str:
    """The whole board (see the module docstring); ``previous``/``since``: the last decision point's board and
    its clock, for the move in public attention."""
    L = lambda key, **kw: esc(t(key, lang, **kw))
    held = [plan.label("triggers", k, lang) for k, v in board.triggers.items() if v]
    rows = "".join(
        f"<tr><td>{esc(plan.label('roles', s.team, lang))}</td><td>{s.on_duty}</td><td>{s.busy}</td>"
        f"<td>{s.waiting}</td><td>{s.longest_wait_min:.0f}</td>"
        f"<td>{s.near_target}</td><td{' class=dk-late' if s.late else ''}>{s.late}</td>"
        f"<td>{esc(due_text(s.next_due_min, lang))}</td><td>{s.reserve_left}</td></tr>"
        for s in board.teams)
    state = L("cmd.plan_active") if board.plan_active else L("cmd.plan_inactive")
    late = f"<span class='dk-late'>{board.late}</span>" if board.late else str(board.late)
    near_late = L("cmd.near_late", near="\x00", late="\x01").replace("\x00", str(board.near_target)).replace("\x01", late)
    share = plan.escalation.at_share_of_target
    return (f"<p><b>{L('cmd.clock')}</b> {esc(board.clock)} · <b>{state}</b> · "
            f"{L('cmd.triggers')}: <b>{esc(', '.join(held) or t('cmd.none', lang))}</b></p>"
            f"{attention_html(board, lang, previous, since)}"
            f"<p><b>{near_late}</b> · {L('cmd.awaiting', n=board.majors_awaiting_crisis_group)}<br>"
            f"<small style='color:{MUTED}'>{L('cmd.near_rule', share=share)}</small></p>"
            f"<table><tr><th>{L('table.team')}</th><th>{L('cmd.on_duty')}</th><th>{L('cmd.busy')}</th>"
            f"<th>{L('cmd.waiting')}</th><th>{L('cmd.longest')}</th><th>{L('cmd.col.near')}</th>"
            f"<th>{L('cmd.col.late')}</th><th>{L('cmd.col.next_due')}</th><th>{L('table.reserve')}</th></tr>"
            f"{rows}</table>")


class CommandCharts:
    """The three charts, made once; each redraw changes only their data and the clock ticks, so a decision
    step stays well under a second (figure creation and layout dominate otherwise)."""

    def __init__(self, scenario, lang: str, took_over: float):
        self.scenario = scenario
        self.offset = scenario.start.hour * 60 + scenario.start.minute
        lang = plot_language(lang)
        plan = scenario.plan
        threshold = plan.activation.triggers.public_attention.threshold
        fig, axes = plt.subplots(1, 3, figsize=(13, 4.3), dpi=72)
        fig.subplots_adjust(left=0.04, right=0.99, bottom=0.36, top=0.92, wspace=0.16)
        ax1, ax2, ax3 = axes
        self.lines = {
            "arrivals": ax1.plot([], [], label=t("cmd.plot.arrivals", lang), color="tab:red")[0],
            "baseline": ax1.plot([], [], label=t("cmd.plot.baseline", lang), color="grey", linestyle="--")[0],
            "attention": ax3.plot([], [], label=t("cmd.plot.attention", lang), color="tab:purple")[0],
        }
        for team in scenario.staffing:             # team names, not ids, in the plot's language
            self.lines[f"queue.{team}"] = ax2.plot([], [], label=plan.label("roles", team, lang))[0]
        ax3.axhline(threshold, color=BAD, linestyle=":", label=t("cmd.plot.threshold", lang, threshold=threshold))
        for ax, title in zip(axes, ("cmd.plot.arrivals_title", "cmd.plot.queues", "cmd.plot.attention_title")):
            ax.set_title(t(title, lang), fontsize=9)
            ax.set_xlabel(t("cmd.plot.time", lang), fontsize=8)
            ax.tick_params(labelsize=7)
            ax.axvline(took_over, color=MUTED, linewidth=1,           # in the first chart's legend only
                       label=t("cmd.plot.took_over", lang) if ax is ax1 else None)
            ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=2, frameon=False)
        self.fig, self.axes, self.took_over = fig, axes, took_over
        self._shades: list = []

    def png(self, history: list[dict]) -> bytes:
        """The charts for ``history`` (one dict per decision point: minute, arrivals, baseline, attention,
        queue.<team>), as PNG bytes."""
        minutes = [h["minute"] for h in history]
        for key, line in self.lines.items():
            line.set_data(minutes, [h.get(key, 0) for h in history])
        first, last = minutes[0], max(minutes[-1], minutes[0] + 60)
        step = 60 if last - first <= 8 * 60 else 120 if last - first <= 16 * 60 else 240
        ticks = [m for m in range(int(first) - int(first) % 60, int(last) + 1, 60)
                 if (m + self.offset) % step == 0 and first <= m <= last]
        for shade in self._shades:
            shade.remove()
        self._shades = [ax.axvspan(first, self.took_over, color="#eceff1", zorder=0)
                        for ax in self.axes if self.took_over > first]
        for ax in self.axes:
            ax.relim()
            ax.autoscale_view()
            ax.set_xlim(first, last, auto=None)            # (auto=None: the next redraw scales again)
            ax.set_xticks(ticks, [format_clock((m + self.offset) % 1440) for m in ticks])
            ax.set_ylim(bottom=0, auto=None)
        buf = io.BytesIO()
        self.fig.savefig(buf, format="png")
        return buf.getvalue()


__all__ = ["CommandCharts", "attention_html", "board_html", "due_text"]
