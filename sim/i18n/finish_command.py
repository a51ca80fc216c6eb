"""Strings for the command drill (added with the finishing work of issue 20)."""
from __future__ import annotations

FINISH_COMMAND_STRINGS: dict[str, dict[str, str]] = {
    # the clock after the first day, and how long until a target
    "cmd.day_clock": {"en": "D{day} {clock}", "zh": "第{day}天 {clock}"},
    "cmd.in_hours": {"en": "in {n:.1f} h", "zh": "{n:.1f} 小时后"},
    "cmd.in_minutes": {"en": "in {n:.0f} min", "zh": "{n:.0f} 分钟后"},
    # what the app says first
    "cmd.intro": {
        "en": "Every decision interval the dashboard shows complaints in the last hour against the baseline, each "
              "team's queue with the complaints near or past their targets, major cases waiting for the crisis "
              "group, public attention, and which of the plan's activation triggers hold. Decide, then advance "
              "the clock; decisions take effect after the plan's delays. You are scored on timeliness, "
              "proportion and the outcome for customers.",
        "zh": "每个决策间隔，看板显示最近一小时投诉量与基准的对比、各团队排队及接近或超过时限的投诉、等待危机小组处理的"
              "重大投诉、舆情热度，以及预案的哪些启动条件已经成立。先决策，再推进时间；决策按预案规定的延迟生效。"
              "评分依据及时性、措施力度和客户结果。"},
    "cmd.opening": {"en": "You take over as duty manager at {clock}. The charts also show the centre from {since}, "
                          "before you took over, for comparison.",
                    "zh": "你于 {clock} 接任值班经理。图表同时显示自 {since} 起（你接手之前）的情况，便于比较。"},
    "cmd.opening_at_start": {"en": "You take over as duty manager at {clock}.", "zh": "你于 {clock} 接任值班经理。"},
    # the plan's actions: none ticked until the duty manager decides
    "cmd.defaults": {"en": "The plan's default actions: {actions}.", "zh": "预案默认措施：{actions}。"},
    "cmd.tick_defaults": {"en": "Tick the plan's defaults", "zh": "勾选预案默认措施"},
    "command.no_actions": {"en": "tick at least one action to launch with the plan (the plan's defaults: {defaults})",
                           "zh": "请至少勾选一项随预案启动的措施（预案默认：{defaults}）"},
    # complaints near or past their target
    "cmd.near_late": {"en": "{near} complaints near their target · {late} already late",
                      "zh": "{near} 件投诉接近时限 · {late} 件已超时"},
    "cmd.near_rule": {"en": "Each open complaint counts against its first-response target until it is answered, then "
                            "against its resolution target; near: from {share:.0%} of the target, when the plan "
                            "escalates it.",
                      "zh": "每件未结投诉在首次响应前按首次响应时限计，响应后按解决时限计；自用去时限的 {share:.0%} 起"
                            "（预案在此时升级处理）即为接近时限。"},
    "cmd.col.near": {"en": "Near target", "zh": "接近时限"},
    "cmd.col.late": {"en": "Late", "zh": "已超时"},
    "cmd.col.next_due": {"en": "Next target due", "zh": "最近时限"},
    # public attention
    "cmd.attention": {"en": "Public attention {value:.0f} (the plan's trigger: {threshold:.0f})",
                      "zh": "舆情热度 {value:.0f}（预案启动阈值 {threshold:.0f}）"},
    "cmd.attention.low": {"en": "low", "zh": "平稳"},
    "cmd.attention.rising": {"en": "rising: watch social media", "zh": "升温：关注社交媒体"},
    "cmd.attention.crisis": {"en": "public-opinion crisis: the trigger holds", "zh": "舆论危机：启动条件成立"},
    "cmd.attention.up": {"en": "▲ {delta:+.0f} since {clock}", "zh": "▲ 较 {clock} {delta:+.0f}"},
    "cmd.attention.down": {"en": "▼ {delta:+.0f} since {clock}", "zh": "▼ 较 {clock} {delta:+.0f}"},
    # the charts
    "cmd.plot.attention": {"en": "public attention", "zh": "舆情热度"},
    "cmd.plot.attention_title": {"en": "Public attention", "zh": "舆情热度"},
    "cmd.plot.threshold": {"en": "trigger threshold ({threshold:.0f})", "zh": "启动阈值（{threshold:.0f}）"},
    "cmd.plot.arrivals_title": {"en": "Complaints", "zh": "投诉量"},
    "cmd.plot.took_over": {"en": "you take over", "zh": "你接手"},
    "cmd.plot.time": {"en": "time", "zh": "时间"},
}
