"""User-facing strings in English and Simplified Chinese, and localised text from scenario files.

Every label the kit shows goes through :func:`t`; scenario text goes through :class:`sim.scenario.Text`.
A test checks that every key has both languages and the same ``{placeholders}``.
"""
from __future__ import annotations

LANGUAGES = ("en", "zh")
LANGUAGE_NAMES = {"en": "English", "zh": "简体中文"}

STRINGS: dict[str, dict[str, str]] = {
    # CLI: check
    "check.ok": {"en": "{path}: OK — {title}; horizon {horizon}; teams: {teams}; expected arrivals {arrivals:,.0f}"
                       " ({per_day:,.0f}/day); drill: {injects} injects, {prompts} prompts",
                 "zh": "{path}：通过 — {title}；时长 {horizon}；团队：{teams}；预计投诉 {arrivals:,.0f} 件"
                       "（每天 {per_day:,.0f} 件）；演练：{injects} 条注入信息，{prompts} 个问题"},
    "check.plan_ok": {"en": "{path}: OK — plan {title}; {roles} roles, {categories} categories, {triggers} triggers, "
                            "{actions} activation actions",
                      "zh": "{path}：通过 — 预案 {title}；{roles} 个角色，{categories} 个类别，{triggers} 个启动条件，"
                            "{actions} 项启动措施"},
    "check.none": {"en": "{path}: no scenario or plan files (*.yaml) found",
                   "zh": "{path}：未找到情景或预案文件（*.yaml）"},
    "check.summary_bad": {"en": "{bad} of {total} files have problems", "zh": "{total} 个文件中有 {bad} 个存在问题"},
    "check.no_drill": {"en": "none", "zh": "无"},
    # Tables shown in notebooks
    "table.role": {"en": "Role", "zh": "角色"},
    "table.does": {"en": "Does", "zh": "职责"},
    "table.channel": {"en": "Channel", "zh": "渠道"},
    "table.synchronous": {"en": "Synchronous", "zh": "实时"},
    "table.public": {"en": "Public", "zh": "公开"},
    "table.category": {"en": "Category", "zh": "类别"},
    "table.measures": {"en": "Prescribed measures", "zh": "规定措施"},
    "table.consulted": {"en": "Departments consulted", "zh": "协同部门"},
    "table.severity": {"en": "Severity", "zh": "级别"},
    "table.meaning": {"en": "Meaning", "zh": "含义"},
    "table.handled_by": {"en": "Handled by", "zh": "处理人"},
    "table.notify": {"en": "Notified", "zh": "通知"},
    "table.first_response": {"en": "First response within", "zh": "首次响应时限"},
    "table.resolution": {"en": "Resolution within", "zh": "解决时限"},
    "table.crisis_notification": {"en": "Crisis group notified within", "zh": "通知危机小组时限"},
    "table.step": {"en": "Step", "zh": "步骤"},
    "table.trigger": {"en": "Activation trigger", "zh": "启动条件"},
    "table.rule": {"en": "Rule", "zh": "规则"},
    "table.action": {"en": "Activation action", "zh": "启动措施"},
    "table.delay": {"en": "Takes effect after", "zh": "生效时间"},
    "table.effect": {"en": "Effect", "zh": "效果"},
    "table.team": {"en": "Team", "zh": "团队"},
    "table.shifts": {"en": "Shifts (staff)", "zh": "班次（人数）"},
    "table.reserve": {"en": "Reserve", "zh": "后备人员"},
    "table.on_call": {"en": "On call", "zh": "待命"},
    "table.cost": {"en": "Cost per hour", "zh": "每小时成本"},
    "table.per_hour": {"en": "Baseline per hour", "zh": "基准每小时"},
    "table.share": {"en": "Share", "zh": "占比"},
    "table.incident": {"en": "Incident", "zh": "事件"},
    "table.starts": {"en": "Starts", "zh": "开始"},
    "table.peak": {"en": "Peak per hour", "zh": "高峰每小时"},
    "table.inject": {"en": "Inject", "zh": "注入信息"},
    "table.time": {"en": "Time", "zh": "时间"},
    "table.from": {"en": "From", "zh": "来自"},
    "table.prompts": {"en": "Prompts", "zh": "问题"},
    "table.contingency": {"en": "Sent only if", "zh": "触发条件"},
    "yes": {"en": "yes", "zh": "是"},
    # Plots
    "plot.backlog": {"en": "open complaints (backlog)", "zh": "未结投诉（积压）"},
    "plot.open_complaints": {"en": "Open complaints", "zh": "未结投诉"},
    "plot.waiting": {"en": "Waiting per team", "zh": "各团队排队数"},
    "plot.activated": {"en": "plan activated", "zh": "预案启动"},
    "plot.first_response_min": {"en": "Minutes to first response (dashed: target)", "zh": "首次响应用时（分钟，虚线为时限）"},
    "plot.complaints": {"en": "Complaints", "zh": "投诉数"},
    "plot.first_response_title": {"en": "First response against the plan's targets", "zh": "首次响应与预案时限对比"},
    "plot.utilisation": {"en": "Utilisation (share of on-duty time handling complaints)", "zh": "利用率（在岗时间中处理投诉的占比）"},
    "plot.on_time_share": {"en": "Share on time", "zh": "按时占比"},
    # Live command drill
    "command.result": {"en": "Command drill score for {trainee}: {score:.0f}/100", "zh": "{trainee} 的指挥演练得分：{score:.0f}/100"},
    "command.part": {"en": "  {part}: {value:.0f}/{max:.0f}", "zh": "  {part}：{value:.0f}/{max:.0f}"},
    "command.part.timeliness": {"en": "Timeliness", "zh": "及时性"},
    "command.part.proportion": {"en": "Proportion", "zh": "措施力度"},
    "command.part.outcome": {"en": "Outcome for customers", "zh": "客户结果"},
    "command.late": {"en": "{trigger} held at {held}; you activated the plan at {at}: {late} late ({minutes} min).",
                     "zh": "{trigger}于 {held} 成立；你在 {at} 启动预案：晚了 {late}（{minutes} 分钟）。"},
    "command.early": {"en": "You activated the plan at {at}, before {trigger} held at {held}.",
                      "zh": "你在 {at} 启动预案，早于 {held} 成立的{trigger}。"},
    "command.never_activated": {"en": "{trigger} held at {held}, but the plan was never activated.",
                                "zh": "{trigger}于 {held} 成立，但始终未启动预案。"},
    "command.premature": {"en": "You activated the plan at {at} although no activation trigger held.",
                          "zh": "你在 {at} 启动预案，但当时没有任何启动条件成立。"},
    "command.no_trigger": {"en": "No activation trigger held during the drill.", "zh": "演练期间没有启动条件成立。"},
    "command.reserve": {"en": "Reserve staff called in for the hotline: {called} (the warm start suggests {suggested}).",
                        "zh": "为热线调配的后备人员：{called} 人（测算建议 {suggested} 人）。"},
    "command.outcome": {"en": "Plan targets met: you {mine}, no action {none}, by the book {book} (of {total}).",
                        "zh": "预案目标达标数：你 {mine} 项，不采取行动 {none} 项，按预案执行 {book} 项（共 {total} 项）。"},
    "command.unknown_decision": {"en": "unknown decision {kind!r}; choose one of: {known}",
                                 "zh": "未知的决策 {kind!r}；可选：{known}"},
    "command.unknown_action": {"en": "unknown activation action {action!r}; the plan's actions are: {known}",
                               "zh": "未知的启动措施 {action!r}；预案的措施为：{known}"},
    "command.already_active": {"en": "the plan is already active", "zh": "预案已经启动"},
    # Command drill UI
    "cmd.role": {"en": "You are the duty manager. Watch the dashboard, decide, then advance the clock.",
                 "zh": "你是值班经理。观察看板，作出决策，然后推进时间。"},
    "cmd.activate": {"en": "Activate the plan", "zh": "启动预案"},
    "cmd.team": {"en": "Team", "zh": "团队"},
    "cmd.count": {"en": "Staff", "zh": "人数"},
    "cmd.call_in": {"en": "Call in reserve", "zh": "调配后备人员"},
    "cmd.notice": {"en": "Publish notice", "zh": "发布公告"},
    "cmd.self_service": {"en": "Enable self-service", "zh": "启用自助服务"},
    "cmd.extend": {"en": "Extend hours", "zh": "延长服务时间"},
    "cmd.notify": {"en": "Notify crisis group", "zh": "通知危机小组"},
    "cmd.advance": {"en": "Advance {interval}", "zh": "推进 {interval}"},
    "cmd.finish": {"en": "Finish and score", "zh": "结束并评分"},
    "cmd.decisions": {"en": "Your decisions", "zh": "你的决策"},
    "cmd.done": {"en": "{what}: takes effect at {when}.", "zh": "{what}：将于 {when} 生效。"},
    "cmd.decision.activate": {"en": "Plan activated", "zh": "预案已启动"},
    "cmd.decision.call_in": {"en": "Reserve called in", "zh": "已调配后备人员"},
    "cmd.decision.publish_notice": {"en": "Proactive notice", "zh": "主动公告"},
    "cmd.decision.enable_self_service": {"en": "Self-service", "zh": "自助服务"},
    "cmd.decision.extend_hours": {"en": "Extended hours", "zh": "延长服务时间"},
    "cmd.decision.notify_crisis_group": {"en": "Crisis group notified", "zh": "已通知危机小组"},
    "cmd.decision.hold": {"en": "Hold", "zh": "保持观察"},
    "cmd.plan_active": {"en": "Plan ACTIVE", "zh": "预案已启动"},
    "cmd.plan_inactive": {"en": "Plan not active", "zh": "预案未启动"},
    "cmd.clock": {"en": "Time", "zh": "时间"},
    "cmd.triggers": {"en": "Triggers holding", "zh": "成立的启动条件"},
    "cmd.none": {"en": "none", "zh": "无"},
    "cmd.at_risk": {"en": "{n} complaints near their response target", "zh": "{n} 件投诉接近响应时限"},
    "cmd.awaiting": {"en": "{n} major cases awaiting the crisis group", "zh": "{n} 件重大投诉等待危机小组处理"},
    "cmd.on_duty": {"en": "On duty", "zh": "在岗"},
    "cmd.busy": {"en": "Busy", "zh": "忙碌"},
    "cmd.waiting": {"en": "Waiting", "zh": "排队"},
    "cmd.longest": {"en": "Longest wait (min)", "zh": "最长等待（分钟）"},
    "cmd.plot.arrivals": {"en": "complaints in the last hour", "zh": "最近一小时投诉"},
    "cmd.plot.baseline": {"en": "baseline", "zh": "基准"},
    "cmd.plot.hours": {"en": "hours into the drill", "zh": "演练进行小时数"},
    "cmd.plot.queues": {"en": "Waiting per team", "zh": "各团队排队数"},
    # CLI: run
    "run.header": {"en": "{title} — {reps} replication(s), seed {seed}", "zh": "{title} — {reps} 次重复模拟，随机种子 {seed}"},
    "run.col.kpi": {"en": "KPI", "zh": "指标"},
    "run.col.mean": {"en": "mean", "zh": "均值"},
    "run.col.ci": {"en": "95% CI", "zh": "95% 置信区间"},
    "run.col.target": {"en": "target", "zh": "目标"},
    "run.col.status": {"en": "status", "zh": "结果"},
    "run.met": {"en": "met", "zh": "达标"},
    "run.missed": {"en": "MISSED", "zh": "未达标"},
    "run.summary": {"en": "{met} of {total} plan targets met", "zh": "预案目标达标 {met}/{total} 项"},
    "run.wrote": {"en": "Wrote {n} files to {out}", "zh": "已写入 {n} 个文件到 {out}"},
    "title.roles": {"en": "Roles", "zh": "组织架构"},
    "title.channels": {"en": "Complaint channels", "zh": "投诉渠道"},
    "title.categories": {"en": "Categories and prescribed measures", "zh": "投诉类别及处理措施"},
    "title.severities": {"en": "Severity grades, routing and response targets", "zh": "危机分级、处理分工与响应时限"},
    "title.steps": {"en": "The eight handling steps", "zh": "应急预案八个步骤"},
    "title.triggers": {"en": "Plan activation triggers (any one)", "zh": "预案启动条件（满足其一）"},
    "title.actions": {"en": "Activation actions", "zh": "预案启动措施"},
    "title.conduct": {"en": "Conduct rules for handlers", "zh": "处理人员注意事项"},
    "title.arrivals": {"en": "Baseline complaints per hour", "zh": "基准每小时投诉量"},
    "title.incidents": {"en": "Incidents", "zh": "突发事件"},
    "title.staffing": {"en": "Staffing", "zh": "人员配置"},
    "title.drill": {"en": "Drill timeline (what trainees receive)", "zh": "演练时间线（学员收到的信息）"},
    "no": {"en": "no", "zh": "否"},
    # Effects of activation actions
    "effect.reserve_call_in": {"en": "{share:.0%} of each team's reserve joins", "zh": "各团队 {share:.0%} 的后备人员到岗"},
    "effect.extended_hours": {"en": "shifts extended by {extend}", "zh": "班次延长 {extend}"},
    "effect.proactive_notice": {"en": "repeat contacts about the incident cut by {cut:.0%}",
                                "zh": "与事件相关的重复来电减少 {cut:.0%}"},
    "effect.self_service": {"en": "{share:.0%} of minor complaints answered by self-service",
                            "zh": "{share:.0%} 的轻微投诉由自助服务解答"},
    "effect.crisis_command": {"en": "crisis group takes command; on-call members join",
                              "zh": "危机小组接管指挥；待命成员到岗"},
    # Triggers
    "trigger.surge": {"en": "{window} window holds more than {multiple}× the baseline complaints (at least {minimum})",
                      "zh": "{window} 内投诉量超过基准的 {multiple} 倍（至少 {minimum} 件）"},
    "trigger.outage": {"en": "a service interruption or major failure is in progress",
                       "zh": "发生服务中断或重大故障"},
    "trigger.public_attention": {"en": "public attention index reaches {threshold}",
                                 "zh": "舆论关注指数达到 {threshold}"},
    "trigger.other": {"en": "declared by the crisis group", "zh": "由危机小组宣布"},
}


def t(key: str, lang: str = "en", /, **kwargs) -> str:
    """The user-facing string ``key`` in ``lang`` (falls back to English), formatted with ``kwargs``."""
    entry = STRINGS[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**kwargs) if kwargs else text


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r} is not supported; use one of {', '.join(LANGUAGES)}")
    return lang
