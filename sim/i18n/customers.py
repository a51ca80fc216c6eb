"""Strings of the kit's customers part, in English and Simplified Chinese (merged by :mod:`sim.i18n`)."""
from __future__ import annotations

CUSTOMER_STRINGS: dict[str, dict[str, str]] = {
    "customers.err.no_model": {
        "en": "the plan has no customer model: add 'customers' and 'response' under its 'churn' section "
              "(see scenarios/plans/default.yaml)",
        "zh": "预案没有客户模型：请在其 churn 部分加入 customers 和 response（参见 scenarios/plans/default.yaml）"},
    "customers.err.unknown_action": {"en": "unknown care action {action!r}; the plan defines: {known}",
                                     "zh": "未知的关怀措施 {action!r}；预案中定义的有：{known}"},
    # --- the KPI lines `sim run` prints -------------------------------------------------------------
    "customers.header": {"en": "Customers over {weeks} weeks after the incident ({reps} replications; actions: {mix})",
                         "zh": "事件后 {weeks} 周的客户情况（{reps} 次重复；措施：{mix}）"},
    "customers.no_actions": {"en": "none", "zh": "无"},
    "customers.col.kpi": {"en": "KPI", "zh": "指标"},
    "customers.col.mean": {"en": "mean", "zh": "均值"},
    "customers.col.interval": {"en": "95% interval", "zh": "95% 区间"},
    "customers.col.target": {"en": "target", "zh": "目标"},
    "customers.col.status": {"en": "status", "zh": "结果"},
    "customers.kpi.churn_rate": {"en": "Churn rate (whole base)", "zh": "客户流失率（全部客户）"},
    "customers.kpi.churn_baseline": {"en": "Churn with no incident", "zh": "无事件时的流失率"},
    "customers.kpi.churn_target": {"en": "Churn target (baseline less the plan's cut)", "zh": "流失率目标（基准减预案降幅）"},
    "customers.kpi.churn_rate_complainants": {"en": "Churn rate of complainants", "zh": "投诉客户流失率"},
    "customers.kpi.repurchase_rate": {"en": "Repurchase rate", "zh": "复购率"},
    "customers.kpi.repurchase_baseline": {"en": "Repurchase with no incident", "zh": "无事件时的复购率"},
    "customers.kpi.repurchase_target": {"en": "Repurchase target (baseline plus the plan's uplift)",
                                        "zh": "复购率目标（基准加预案增幅）"},
    "customers.kpi.customers": {"en": "Customers", "zh": "客户数"},
    "customers.kpi.complainants": {"en": "Customers who complained", "zh": "投诉客户数"},
    "customers.kpi.customers_at_risk": {"en": "Customers at risk", "zh": "有流失风险的客户"},
    "customers.kpi.revenue_at_risk": {"en": "Revenue at risk (a year)", "zh": "风险营收（年）"},
    "customers.kpi.customers_lost": {"en": "Customers lost to the incident", "zh": "因事件流失的客户"},
    "customers.kpi.revenue_lost": {"en": "Revenue lost (a year)", "zh": "流失营收（年）"},
    "customers.kpi.customers_retained": {"en": "Customers retained by the actions", "zh": "措施挽留的客户"},
    "customers.kpi.revenue_retained": {"en": "Revenue retained (a year)", "zh": "挽留营收（年）"},
    "customers.kpi.care_spend": {"en": "Care and win-back spend", "zh": "关怀与挽回支出"},
    "customers.kpi.care_budget": {"en": "Care budget for the period", "zh": "本期关怀预算"},
    "customers.kpi.care_budget_used": {"en": "Care budget used", "zh": "关怀预算使用率"},
    "customers.kpi.cost_per_retained_customer": {"en": "Cost per retained customer", "zh": "每位挽留客户的成本"},
    "customers.kpi.satisfaction_recovery_weeks": {"en": "Weeks until satisfaction recovers",
                                                  "zh": "满意度恢复所需周数"},
    "customers.kpi.care_spend_line": {"en": "Spend: {line}", "zh": "支出：{line}"},
    "customers.weeks": {"en": "{n:.1f} weeks", "zh": "{n:.1f} 周"},
    "customers.not_recovered": {"en": "not within the window", "zh": "观察期内未恢复"},
    "customers.money": {"en": "{amount:,.0f} {currency}", "zh": "{amount:,.0f} {currency}"},
    # --- the planner question -------------------------------------------------------------------------
    "customers.mix.found": {"en": "Cheapest mix within churn {target:.2%}: {mix}; spend {spend:,.0f} {currency}, "
                                  "churn {churn:.2%}", "zh": "流失率不超过 {target:.2%} 的最低成本组合：{mix}；"
                                                              "支出 {spend:,.0f} {currency}，流失率 {churn:.2%}"},
    "customers.mix.none": {"en": "No mix keeps churn within {target:.2%}; the lowest is {churn:.2%} with {mix} "
                                 "(spend {spend:,.0f} {currency})",
                           "zh": "没有任何组合能使流失率不超过 {target:.2%}；最低为 {churn:.2%}，组合：{mix}"
                                 "（支出 {spend:,.0f} {currency}）"},
    # --- the health report ----------------------------------------------------------------------------
    "customers.health.title": {"en": "Customer-relations health report: {title}", "zh": "客户关系健康报告：{title}"},
    "customers.health.indicator": {"en": "{name}: {status}", "zh": "{name}：{status}"},
    "customers.health.normal": {"en": "normal throughout", "zh": "全程正常"},
    "customers.health.not_checked": {"en": "not checked (no data)", "zh": "未检查（无数据）"},
    "customers.health.rate_warning": {
        "en": "WARNING from {time}: {observed:.0f} {category} complaints in the last {window}, normally {expected:.1f}; "
              "warning from {threshold:.0f}",
        "zh": "自 {time} 起预警：最近 {window} 内 {category} 投诉 {observed:.0f} 起，正常约 {expected:.1f} 起；"
              "{threshold:.0f} 起即预警"},
    "customers.health.satisfaction_warning": {
        "en": "WARNING from {time}: {observed:.0%} of the last {window}'s follow-ups satisfied, clearly below {threshold:.0%}",
        "zh": "自 {time} 起预警：最近 {window} 回访的满意率为 {observed:.0%}，明显低于 {threshold:.0%}"},
    "customers.health.churn_warning": {
        "en": "WARNING in week {week}: weekly churn {observed:.3%} against {expected:.3%} with no incident "
              "(warning from {threshold:.3%})",
        "zh": "第 {week} 周预警：周流失率 {observed:.3%}，无事件时为 {expected:.3%}（{threshold:.3%} 起预警）"},
    "customers.health.activation": {"en": "The warnings would have activated the plan at {time} ({lead}).",
                                    "zh": "预警将在 {time} 启动预案（{lead}）。"},
    "customers.health.lead_before": {"en": "{minutes:.0f} min before the first trigger held",
                                     "zh": "比首个启动条件成立早 {minutes:.0f} 分钟"},
    "customers.health.lead_after": {"en": "{minutes:.0f} min after the first trigger held",
                                    "zh": "比首个启动条件成立晚 {minutes:.0f} 分钟"},
    "customers.health.no_trigger": {"en": "no trigger held", "zh": "没有启动条件成立"},
    "customers.health.no_activation": {"en": "No warning that may activate the plan.", "zh": "没有可启动预案的预警。"},
    "customers.health.outcome": {
        "en": "Over {weeks} weeks: churn {churn:.1%} (target {churn_target:.1%}, {churn_status}); repurchase "
              "{repurchase:.1%} (target {repurchase_target:.1%}, {repurchase_status}); {at_risk:,.0f} customers at risk; "
              "satisfaction recovers in {recovery}.",
        "zh": "{weeks} 周内：流失率 {churn:.1%}（目标 {churn_target:.1%}，{churn_status}）；复购率 {repurchase:.1%}"
              "（目标 {repurchase_target:.1%}，{repurchase_status}）；{at_risk:,.0f} 位客户有流失风险；满意度恢复需 {recovery}。"},
    "customers.category_other": {"en": "all", "zh": "全部"},
    "customers.csv.written": {"en": "wrote {path}", "zh": "已写入 {path}"},
    "customers.help.cheapest_care": {
        "en": "also answer: which mix of the plan's win-back and care actions keeps churn within target "
              "('plan': the care programme's target; 'baseline': the churn with no incident) at the least cost",
        "zh": "另外回答：计划中哪一组挽回与关怀措施能以最低成本把流失率控制在目标之内"
              "（plan：关怀方案的目标；baseline：无事件时的流失率）"},
    "customers.cheapest_care_needs_incident": {
        "en": "--cheapest-care: this scenario has no incident (or its plan no customer model): there is no "
              "aftermath to plan care for",
        "zh": "--cheapest-care：该情景没有突发事件（或其计划没有客户模型），无需为事件后的关怀做规划"},
    "customers.plot.title": {"en": "Customers after the incident (replication 0)", "zh": "事件之后的客户（第 1 次模拟）"},
    "customers.plot.churn": {"en": "weekly churn", "zh": "每周流失率"},
    "customers.plot.churn_baseline": {"en": "with no incident", "zh": "无事件时"},
    "customers.plot.churn_axis": {"en": "churn a week", "zh": "每周流失率"},
    "customers.plot.satisfaction": {"en": "complainants' satisfaction", "zh": "投诉客户满意度"},
    "customers.plot.satisfaction_target": {"en": "the plan's target", "zh": "预案目标"},
    "customers.plot.satisfaction_axis": {"en": "satisfied", "zh": "满意比例"},
    "customers.plot.week": {"en": "week after the start", "zh": "开始后的周数"},
}
