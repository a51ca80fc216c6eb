"""User-facing strings of the staffing planner (``python -m sim staff``, the planner notebook, its plots).

Merged into :data:`sim.i18n.STRINGS` by the :mod:`sim.i18n` package itself; every key has English and Simplified Chinese with the same ``{placeholders}``.
"""
from __future__ import annotations

STAFFING_STRINGS: dict[str, dict[str, str]] = {
    # --- target errors (one line each; {arg} is what the user typed) ------------------------------
    "staff.err.target_syntax": {
        "en": "{arg}: write KPI=VALUE, KPI>=VALUE or KPI<=VALUE (e.g. first_response_on_time.major=0.95)",
        "zh": "{arg}：请写成 指标=数值、指标>=数值 或 指标<=数值（例如 first_response_on_time.major=0.95）"},
    "staff.err.unknown_kpi": {"en": "{arg}: unknown KPI '{kpi}'; did you mean {suggest}?",
                              "zh": "{arg}：未知指标 '{kpi}'；你是不是想写 {suggest}？"},
    "staff.err.unknown_kpi_list": {"en": "{arg}: unknown KPI '{kpi}'; KPIs with targets in the plan: {known}",
                                   "zh": "{arg}：未知指标 '{kpi}'；预案中设有目标的指标：{known}"},
    "staff.err.not_number": {"en": "{arg}: '{value}' is not a number", "zh": "{arg}：'{value}' 不是数字"},
    "staff.err.share": {"en": "{arg}: {kpi} is a share; give a value between 0 and 1 (e.g. 0.95)",
                        "zh": "{arg}：{kpi} 是比例，请给出 0 到 1 之间的数值（例如 0.95）"},
    "staff.err.negative": {"en": "{arg}: the value must be 0 or more", "zh": "{arg}：数值不能小于 0"},
    "staff.err.no_targets": {"en": "no targets to meet: the plan has no kpi_targets and none were given",
                             "zh": "没有需要达到的目标：预案未设 kpi_targets，也未指定目标"},
    "staff.err.no_teams": {"en": "no team to search: no team with shifts in the horizon affects these targets",
                           "zh": "没有可搜索的团队：时段内没有排班且影响这些目标的团队"},
    "staff.err.unreachable": {"en": "not reachable by staffing (missed even with twice a generous roster): {targets}",
                              "zh": "仅靠排班无法达到（即使人手加倍仍未达标）：{targets}"},
    "staff.err.nothing_left": {"en": "none of the targets can be met by changing staffing; nothing to search",
                               "zh": "所有目标都无法通过调整排班达到；无需搜索"},
    "staff.err.reps": {"en": "--reps and --verify-reps must be at least 2 (a confidence interval needs two runs)",
                       "zh": "--reps 和 --verify-reps 至少为 2（置信区间至少需要两次模拟）"},
    "staff.err.confidence": {"en": "--confidence must be between 0 and 1, e.g. 0.95",
                             "zh": "--confidence 必须在 0 与 1 之间，例如 0.95"},
    "staff.err.horizon": {"en": "--horizon {value}: {problem}", "zh": "--horizon {value}：{problem}"},
    "staff.err.unknown_team": {"en": "--teams: unknown team '{team}'; teams with shifts: {known}",
                               "zh": "--teams：未知团队 '{team}'；有排班的团队：{known}"},
    "staff.err.no_dask": {"en": "--dask needs Dask: pip install 'complaint-drill-kit[scale]' (or dask[distributed])",
                          "zh": "--dask 需要安装 Dask：pip install 'complaint-drill-kit[scale]'（或 dask[distributed]）"},
    "staff.err.dask_connect": {"en": "--dask {address}: cannot connect to a Dask scheduler ({problem})",
                               "zh": "--dask {address}：无法连接 Dask 调度器（{problem}）"},
    # (the same checks for callers of find_staffing and the roster helpers in Python: argument names)
    "staff.err.reps_whole": {"en": "reps and verify_reps must be whole numbers >= 2 (a confidence interval needs two runs)",
                             "zh": "reps 和 verify_reps 必须是不小于 2 的整数（置信区间至少需要两次模拟）"},
    "staff.err.confidence_value": {"en": "confidence must be between 0 and 1, got {value!r}",
                                   "zh": "confidence 必须在 0 与 1 之间，收到的是 {value!r}"},
    "staff.err.unreachable_choice": {"en": "unreachable must be 'report' or 'raise'",
                                     "zh": "unreachable 只能是 'report' 或 'raise'"},
    "staff.help.strategy": {"en": "plan (default): start from the fewest staff whose analytic KPIs meet the targets over "
                                  "the horizon; hourly: from the hour-by-hour warm start (slower, for comparison)",
                            "zh": "plan（默认）：从按整个时段分析计算即可达标的最少人数开始搜索；"
                                  "hourly：从逐小时的预估排班开始（较慢，用于对比）"},
    "staff.err.strategy": {"en": "--strategy {value}: choose plan or hourly",
                           "zh": "--strategy {value}：只能选 plan 或 hourly"},
    "staff.err.strategy_choice": {"en": "strategy must be 'plan' or 'hourly', got {value!r}",
                                  "zh": "strategy 只能是 'plan' 或 'hourly'，收到的是 {value!r}"},
    "staff.err.roster_team": {"en": "team {team!r} has no shifts in this scenario; teams with shifts: {known}",
                              "zh": "团队 {team!r} 在本情景中没有排班；有排班的团队：{known}"},
    "staff.err.roster_counts": {"en": "{team}: give {n} headcount(s) >= 0, one per shift; got {counts}",
                                "zh": "{team}：请给出 {n} 个不小于 0 的人数，每个班次一个；收到的是 {counts}"},
    "staff.not_verified": {
        "en": "the roster did not pass verification with fresh replications after {rounds} rounds; "
              "try more --reps",
        "zh": "经过 {rounds} 轮搜索，排班仍未通过新随机种子的验证；请增加 --reps"},
    # --- CLI output -------------------------------------------------------------------------------
    "staff.header": {"en": "{title} — staffing search: {targets} targets, {reps} replications per candidate, "
                           "{verify} fresh replications to verify, seed {seed}",
                     "zh": "{title} — 排班搜索：{targets} 项目标，每个候选方案模拟 {reps} 次，"
                           "用 {verify} 次新模拟验证，随机种子 {seed}"},
    "staff.teams": {"en": "Teams searched (their staffing affects the targets): {teams}",
                    "zh": "搜索的团队（其排班影响目标）：{teams}"},
    "staff.col.team": {"en": "team", "zh": "团队"},
    "staff.col.shift": {"en": "shift", "zh": "班次"},
    "staff.col.headcount": {"en": "staff", "zh": "人数"},
    "staff.col.hours": {"en": "paid hours", "zh": "计薪小时"},
    "staff.col.cost": {"en": "cost", "zh": "成本"},
    "staff.col.warm": {"en": "Erlang start", "zh": "Erlang 初值"},
    "staff.col.scenario": {"en": "scenario", "zh": "情景原值"},
    "staff.cost": {"en": "Roster cost: {cost:,.0f} for {hours:,.0f} staff-hours (Erlang warm start {warm:,.0f}; "
                         "the scenario's roster {base:,.0f})",
                   "zh": "排班成本：{cost:,.0f}，共 {hours:,.0f} 人·小时（Erlang 初始方案 {warm:,.0f}；"
                         "情景原排班 {base:,.0f}）"},
    "staff.unreachable": {"en": "Not reachable by staffing, left out of the search: {target} "
                                "(mean {mean:.3f}, confidence bound {bound:.3f} with the largest roster tried; "
                                "a plan rule limits it)",
                          "zh": "仅靠排班无法达到，未纳入搜索：{target}"
                                "（在尝试过的最大排班下均值 {mean:.3f}，置信界 {bound:.3f}；受预案规则限制）"},
    "staff.unreachable_noise": {"en": "Met on average but not with confidence over {reps} replications even with "
                                      "the largest roster tried, left out of the search: {target} (mean {mean:.3f}, "
                                      "confidence bound {bound:.3f}); more --reps would narrow the bound. The table "
                                      "below judges it on the fresh replications.",
                                "zh": "在尝试过的最大排班下均值达标，但 {reps} 次模拟不足以在置信界上达标，"
                                      "未纳入搜索：{target}（均值 {mean:.3f}，置信界 {bound:.3f}）；"
                                      "增加 --reps 可收窄置信区间。下表按新模拟对其评判。"},
    "staff.not_applicable": {"en": "Not applicable (never observed in this scenario): {kpi}",
                             "zh": "不适用（本情景中从未出现）：{kpi}"},
    "staff.met_ci": {"en": "{met} of {total} searched targets met by their {conf:.0%} confidence bound "
                           "over {n} fresh replications",
                     "zh": "搜索的 {total} 项目标中有 {met} 项在 {n} 次新模拟中按 {conf:.0%} 置信界达标"},
    "staff.stats": {"en": "Simulated {candidates} candidate rosters ({runs} runs) in {seconds:.1f} s; "
                          "brute force over the same ranges: {brute} rosters",
                    "zh": "共模拟 {candidates} 个候选排班（{runs} 次运行），用时 {seconds:.1f} 秒；"
                          "同一范围穷举需 {brute} 个排班"},
    "staff.unstaffed": {"en": "Note: {team} has nobody on a shift during which ~{tasks:,.0f} pieces of its work "
                              "arrive (the scenario's headcount, kept); that work waits for on-call members, "
                              "reserves or the next shift.",
                        "zh": "注意：{team} 在约 {tasks:,.0f} 项工作到达的班次无人当班（沿用情景原排班）；"
                              "这些工作需等待待命人员、后备人员或下一班次处理。"},
    "staff.cancelled": {"en": "the staffing search was cancelled", "zh": "排班搜索已取消"},
    "staff.col.binds": {"en": "held by", "zh": "人数取决于"},
    "staff.binds.floor": {"en": "floor: work arrives", "zh": "底线：有工作到达"},
    "staff.binds.kept": {"en": "not searched", "zh": "未搜索"},
    "staff.binds.legend": {"en": "held by: the target missed (on the search's replications) with one person fewer "
                                 "on that shift; floor: work for the team arrives during the shift, so it keeps "
                                 "at least one person",
                           "zh": "人数取决于：该班次少一人时（在搜索所用的模拟中）未达标的目标；"
                                 "底线：该班次内有此团队的工作到达，因此至少保留一人"},
    "staff.worst": {"en": "Closest to its target over {n} fresh replications: {kpi} {direction} {target:g}: "
                          "mean {mean:.3f}, {conf:.0%} confidence bound {bound:.3f}",
                    "zh": "在 {n} 次新模拟中最接近目标的是：{kpi} {direction} {target:g}："
                          "均值 {mean:.3f}，{conf:.0%} 置信界 {bound:.3f}"},
    "staff.days.mon_fri": {"en": "mon-fri", "zh": "周一至周五"},
    "staff.day.mon": {"en": "mon", "zh": "周一"},
    "staff.day.tue": {"en": "tue", "zh": "周二"},
    "staff.day.wed": {"en": "wed", "zh": "周三"},
    "staff.day.thu": {"en": "thu", "zh": "周四"},
    "staff.day.fri": {"en": "fri", "zh": "周五"},
    "staff.day.sat": {"en": "sat", "zh": "周六"},
    "staff.day.sun": {"en": "sun", "zh": "周日"},
    "staff.day.sep": {"en": ",", "zh": "、"},
    "staff.wrote": {"en": "Wrote {n} files to {out}", "zh": "已写入 {n} 个文件到 {out}"},
    "staff.warning": {"en": "Warning: {message}", "zh": "警告：{message}"},
    # --- plots ------------------------------------------------------------------------------------
    "staff.plot.title": {"en": "Staffing curve: {team} (roster found ±{spread} per shift)",
                         "zh": "人员曲线：{team}（所得排班每班 ±{spread} 人）"},
    "staff.plot.staff": {"en": "{team}: mean rostered staff on duty", "zh": "{team}：平均在岗排班人数"},
    "staff.plot.simulated": {"en": "simulation (mean, 95% CI)", "zh": "仿真（均值，95% 置信区间）"},
    "staff.plot.erlang": {"en": "Erlang per hour (roster + plan activation)", "zh": "逐小时 Erlang 模型（排班 + 预案启动）"},
    "staff.plot.target": {"en": "target", "zh": "目标"},
    "staff.plot.roster": {"en": "roster found", "zh": "所得排班"},
    "staff.plot.required": {"en": "Erlang staff required per hour", "zh": "Erlang 模型每小时所需人数"},
    "staff.plot.arrivals": {"en": "contacts per hour", "zh": "每小时来访量"},
    # --- planner notebook UI ----------------------------------------------------------------------
    "ui.scenario": {"en": "Scenario", "zh": "情景"},
    "ui.horizon": {"en": "Simulate", "zh": "模拟时段"},
    "ui.horizon.whole": {"en": "whole scenario", "zh": "整个情景"},
    "ui.horizon.day": {"en": "first day only (faster)", "zh": "仅第一天（更快）"},
    "ui.surge": {"en": "Surge ×", "zh": "激增倍数"},
    "ui.delay": {"en": "Activation delay (min)", "zh": "启动延迟（分钟）"},
    "ui.reps": {"en": "Replications", "zh": "模拟次数"},
    "ui.staffing": {"en": "Headcount per shift", "zh": "各班次人数"},
    "ui.run": {"en": "Run", "zh": "运行"},
    "ui.find": {"en": "Find the fewest staff", "zh": "寻找最少人手"},
    "ui.curve": {"en": "Staffing curve", "zh": "人员曲线"},
    "ui.ready": {"en": "Set the roster and press Run.", "zh": "设置排班后点击“运行”。"},
    "ui.running": {"en": "Simulating {reps} replication(s)…", "zh": "正在模拟 {reps} 次…"},
    "ui.ran": {"en": "{met} of {total} plan targets met (mean of {reps} replication(s)); roster cost {cost:,.0f}",
               "zh": "预案目标达标 {met}/{total} 项（{reps} 次模拟均值）；排班成本 {cost:,.0f}"},
    "ui.searching": {"en": "Searching… candidate {n}: cost {cost:,.0f}, {status}",
                     "zh": "搜索中… 第 {n} 个候选方案：成本 {cost:,.0f}，{status}"},
    "ui.found": {"en": "Fewest staff found: cost {cost:,.0f} ({candidates} candidates, {seconds:.1f} s); "
                       "the sliders now show it",
                 "zh": "已找到最少人手方案：成本 {cost:,.0f}（{candidates} 个候选方案，{seconds:.1f} 秒）；滑块已更新"},
    "ui.curve_done": {"en": "Staffing curve: {points} rosters simulated", "zh": "人员曲线：已模拟 {points} 个排班"},
    "ui.error": {"en": "Error: {message}", "zh": "错误：{message}"},
    "ui.met": {"en": "met", "zh": "达标"},
    # (compute on demand: every button works in the background; a search shows its progress and can stop)
    "ui.cancel": {"en": "Cancel", "zh": "取消"},
    "ui.cancelling": {"en": "Cancelling… (after the runs under way)", "zh": "正在取消…（等待进行中的模拟结束）"},
    "ui.busy": {"en": "Still working on the last request: wait for it or press Cancel.",
                "zh": "上一项操作仍在进行：请等待完成或点击“取消”。"},
    "ui.run_cancelled": {"en": "Run cancelled after {done} of {reps} replication(s); nothing shown.",
                         "zh": "已取消运行：完成 {done}/{reps} 次模拟，未显示结果。"},
    "ui.drawing": {"en": "Drawing the plots…", "zh": "正在绘图…"},
    "ui.searching_start": {"en": "Searching for the fewest staff… (the Erlang warm start first)",
                           "zh": "正在寻找最少人手…（先计算 Erlang 初始方案）"},
    "ui.search_progress": {"en": "{stage} · {evaluated} roster(s) evaluated · cheapest meeting the targets so far: "
                                 "{best:,.0f}",
                           "zh": "{stage} · 已评估 {evaluated} 个排班 · 目前达标的最低成本：{best:,.0f}"},
    "ui.search_progress_none": {"en": "{stage} · {evaluated} roster(s) evaluated · none meets the targets yet",
                                "zh": "{stage} · 已评估 {evaluated} 个排班 · 尚无达标排班"},
    "ui.search_cancelled": {"en": "Search cancelled after {evaluated} roster(s); the sliders are unchanged.",
                            "zh": "已取消搜索：共评估 {evaluated} 个排班；滑块保持不变。"},
    "ui.stage.feasible": {"en": "Finding a roster that meets the targets", "zh": "寻找满足目标的排班"},
    "ui.stage.descend": {"en": "Taking staff off while the targets hold", "zh": "在满足目标的前提下减少人手"},
    "ui.stage.verify": {"en": "Checking with fresh replications", "zh": "用新的随机种子验证"},
    "ui.stage.binding": {"en": "Finding which target holds each shift", "zh": "确定各班次人数取决于哪项目标"},
    "ui.stage.other": {"en": "Searching", "zh": "搜索中"},
    "ui.curve_running": {"en": "Simulating the staffing curve…", "zh": "正在模拟人员曲线…"},
    "ui.missed": {"en": "missed", "zh": "未达标"},
}

