"""Strings for the command line (help, --version, run output) (added with the finishing work of issue 20).

Three parts:

- ``cli.about.*``: the description each command's ``--help`` opens with (:func:`sim.cli.build_parser` adds
  it to every command and subcommand; a subcommand without one of its own gets its one-line help);
- ``*.one``: the English wording of a count of exactly one, beside the key it belongs to ("1 trainee", not
  "1 trainees"; :func:`sim.i18n.counted` picks it; Chinese has no plural, so its text is the same);
- :data:`ARGPARSE_ZH`: argparse's own words ("usage:", "error:", "show this help message and exit", ...)
  in Chinese, keyed by argparse's English message ids (Python 3.11), which :mod:`sim.cli` hands to
  argparse in place of its gettext lookup while a Chinese command line is built and parsed.
"""
from __future__ import annotations

FINISH_CLI_STRINGS: dict[str, dict[str, str]] = {
    # --- what each command does: the opening paragraph of its --help -----------------------------------
    "cli.about.top": {
        "en": "{name}: validate scenarios, run drills in the terminal, simulate the "
              "complaint centre, search for the cheapest roster, and manage cohorts and their reports. "
              "Messages are in English or Chinese: --lang zh anywhere on the line, else $DRILL_LANG, else a "
              "Chinese locale ($LC_ALL, $LC_MESSAGES or $LANG starting with zh).",
        "zh": "{name}：校验情景、在终端里演练、模拟客诉中心、寻找最省钱的排班、管理学员组及其报告。"
              "提示信息可用中文或英文：命令行任意位置的 --lang zh，否则看 $DRILL_LANG，否则看中文区域设置"
              "（$LC_ALL、$LC_MESSAGES 或 $LANG 以 zh 开头）。"},
    "cli.about.check": {
        "en": "Validate plan and scenario files, or every YAML file in a folder. Each valid file gets one line "
              "saying what it holds; each problem gets one line, file:line: field: what is wrong. Exit status 0 "
              "when every file is valid, 2 otherwise.",
        "zh": "校验预案和情景文件，或文件夹中的所有 YAML 文件。每个有效文件输出一行概要；每个问题输出一行："
              "文件:行: 字段: 问题。全部有效时退出码为 0，否则为 2。"},
    "cli.about.schema": {
        "en": "Print the JSON Schema of the scenario format (or of the plan format, with --plan). Point an "
              "editor's YAML language server at the file for completion and checks while writing a scenario.",
        "zh": "输出情景格式（加 --plan 则为预案格式）的 JSON Schema。把编辑器的 YAML 语言服务器指向该文件，"
              "编写情景时即可自动补全和检查。"},
    "cli.about.run": {
        "en": "Simulate the complaint centre through a scenario over independent replications and print every "
              "KPI with its 95% confidence interval against the plan's targets (met / MISSED / no data). "
              "With --out, also write the first replication's tables and plots.",
        "zh": "以多次独立重复模拟客诉中心应对一个情景，输出每个指标及其 95% 置信区间，并对照预案目标"
              "（达标 / 未达标 / 无数据）。加 --out 时还写出第一次模拟的表格和图表。"},
    "cli.about.drill": {
        "en": "Role-play a scenario's drill in the terminal: injects arrive one by one, you answer each prompt, "
              "and a scorecard rates each step of the plan. Ctrl-D or Ctrl-C pauses; the answers are kept.",
        "zh": "在终端里进行情景演练：事件逐条到达，逐题作答，最后的成绩单按预案每个步骤评级。"
              "按 Ctrl-D 或 Ctrl-C 暂停，已答内容会保留。"},
    "cli.about.staff": {
        "en": "Search for the cheapest roster whose confidence bounds meet every target (an Erlang warm start, "
              "then simulation with common random numbers), and check it on fresh replications.",
        "zh": "寻找置信界满足全部目标的最省钱排班（先用 Erlang 模型给出初值，再用共同随机数仿真），"
              "并用新的重复模拟验证。"},
    "cli.about.cohort": {
        "en": "A trainer's cohorts: create one, import trainees, assign scenarios with due dates and attempt "
              "policies, follow progress, send personal links, override the points of a reply.",
        "zh": "培训师的学员组：创建学员组、导入学员、分配情景（截止日期与作答规则）、查看进度、"
              "发送专属链接、调整某条回复的得分。"},
    "cli.about.report": {
        "en": "Write a cohort's after-action report and improvement plan (HSEEP) as one HTML file, plots "
              "embedded; optionally the scores, answers and ratings as CSV files.",
        "zh": "把学员组的演练总结报告和改进计划（HSEEP）写成一个 HTML 文件（图表内嵌）；"
              "也可把成绩、答案和评级另存为 CSV 文件。"},
    "cli.about.calibrate": {
        "en": "Fit a scenario to the centre's own history: read a ticket or call export (CSV or Excel), fit "
              "arrivals, mixes, service times and patience, and write a scenario whose comments cite the data.",
        "zh": "用本中心的历史数据拟合情景：读取工单或来电导出文件（CSV 或 Excel），拟合到达、构成、"
              "处理时长和耐心，并写出注释中注明数据来源的情景文件。"},
    # --- top-level options and setup -------------------------------------------------------------------
    "cli.help.version": {"en": "print the kit's version and exit", "zh": "显示工具包版本并退出"},
    "cli.help.db_here": {"en": "; here: {where}", "zh": "；本机：{where}"},
    "cli.db_unset": {"en": "{path} ($DRILL_DB is not set)", "zh": "{path}（未设置 $DRILL_DB）"},
    "cli.db_env": {"en": "$DRILL_DB = {url}", "zh": "$DRILL_DB = {url}"},
    "cli.err.missing_dependency": {
        "en": "error: this Python lacks the kit's dependencies (no module named '{module}'): run `make install`, "
              "then use .venv/bin/python -m sim … or .venv/bin/drill-kit …",
        "zh": "错误：当前 Python 未安装工具包的依赖（缺少模块 '{module}'）：请先运行 `make install`，"
              "再使用 .venv/bin/python -m sim … 或 .venv/bin/drill-kit …"},
    # --- counts of one (English singular; Chinese as the key it belongs to) ----------------------------
    "run.header.one": {"en": "{title} — {reps} replication, seed {seed}",
                       "zh": "{title} — {reps} 次重复模拟，随机种子 {seed}"},
    "staff.header.one": {"en": "{title} — staffing search: {targets} target, {reps} replications per candidate, "
                               "{verify} fresh replications to verify, seed {seed}",
                         "zh": "{title} — 排班搜索：{targets} 项目标，每个候选方案模拟 {reps} 次，"
                               "用 {verify} 次新模拟验证，随机种子 {seed}"},
    "link.cli.issued.one": {"en": "Issued 1 new personal link; list them with: python -m sim cohort links {cohort}",
                            "zh": "已签发 1 个新的专属链接；列出链接：python -m sim cohort links {cohort}"},
    "link.cli.written.one": {"en": "Wrote the personal link of 1 trainee of {label} to {path}.",
                             "zh": "已将 {label} 的 1 名学员的专属链接写入 {path}。"},
    "link.cli.reissued.one": {"en": "1 trainee has a new link: the old one no longer opens the drill.",
                              "zh": "1 名学员已获得新链接：旧链接不能再打开演练。"},
    "link.cli.revoked.one": {"en": "Revoked 1 personal link of {label}.", "zh": "已收回 {label} 的 1 个专属链接。"},
    "calibrate.problems.one": {"en": "1 problem line:", "zh": "共 1 条问题："},
    # progress bars (tqdm's label and unit)
    "run.progress": {"en": "replications", "zh": "重复模拟"},
    "staff.progress": {"en": "staffing search", "zh": "排班搜索"},
    "staff.progress_unit": {"en": "roster", "zh": "个方案"},
}

# argparse's English message ids (Python 3.11's argparse.py, each passed through gettext there) -> Chinese.
# The %-placeholders must be the same on both sides (tests/cli/test_finish_cli_argparse.py checks).
ARGPARSE_ZH: dict[str, str] = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助信息并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少以下必需参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项：%(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多需要一个值",
    "expected at least one argument": "至少需要一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项不明确：%(option)s 可能是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "忽略了显式参数 %r",
    "one of the arguments %s is required": "需要以下参数之一：%s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "未知的命令 %(parser_name)r（可选：%(choices)s）",
    "can't open '%(filename)s': %(error)s": "无法打开 '%(filename)s'：%(error)s",
    "show program's version number and exit": "显示版本号并退出",
}

# ngettext's message ids: (singular, plural) -> Chinese (one form).
ARGPARSE_ZH_PLURAL: dict[tuple[str, str], str] = {
    ("expected %s argument", "expected %s arguments"): "需要 %s 个值",
}
