"""Strings of the kit's history part, in English and Simplified Chinese (merged by :mod:`sim.i18n`).

Problem lines read ``file:row: column: problem``; the ``history.problem.*`` strings are the *problem* part.
"""
from __future__ import annotations

HISTORY_STRINGS: dict[str, dict[str, str]] = {
    # --- one bad row: the problem part of `file:row: column: problem` ------------------------------
    "history.problem.missing": {"en": "required value is missing", "zh": "缺少必填值"},
    "history.problem.bad_time": {"en": "{value} is not a date and time (expected e.g. 2026-03-02 08:00:00)",
                                 "zh": "{value} 不是日期时间（应类似 2026-03-02 08:00:00）"},
    "history.problem.time_gap": {"en": "{value} never happened in {zone}: the clocks skipped it (daylight saving)",
                                 "zh": "{value} 在 {zone} 并不存在：夏令时调整跳过了这一时刻"},
    "history.problem.time_ambiguous": {"en": "{value} happened twice in {zone} (clocks turned back); write it with "
                                             "an offset or set time.ambiguous",
                                       "zh": "{value} 在 {zone} 出现了两次（时钟回拨）；请写明时差或设置 time.ambiguous"},
    "history.problem.no_zone": {"en": "{value} has no offset and the row gives no time zone",
                                "zh": "{value} 没有时差，且该行未给出时区"},
    "history.problem.bad_zone": {"en": "{value} is neither an offset (+08:00) nor a time zone (Asia/Shanghai)",
                                 "zh": "{value} 既不是时差（+08:00）也不是时区（Asia/Shanghai）"},
    "history.problem.unknown_value": {"en": "unknown {field} value {value}; add it under values.{key} in the "
                                            "mapping",
                                      "zh": "未知的{field}取值 {value}；请在映射文件的 values.{key} 下添加"},
    "history.problem.bad_satisfaction": {"en": "{value} is not a satisfaction answer the mapping knows",
                                         "zh": "{value} 不是映射文件认可的满意度答复"},
    "history.problem.satisfaction_range": {"en": "score {value} is outside the scale {low:g} to {high:g}",
                                           "zh": "评分 {value} 超出量表范围 {low:g} 至 {high:g}"},
    "history.problem.order": {"en": "{value} is before {other} ({other_value})",
                              "zh": "{value} 早于{other}（{other_value}）"},
    "history.problem.answered_and_abandoned": {"en": "the call has both an answered and an abandoned time",
                                               "zh": "该通话同时有接听时间和放弃时间"},
    "history.problem.unanswered": {"en": "the call has no answered, abandoned or end time",
                                   "zh": "该通话没有接听、放弃或结束时间"},
    "history.problem.duplicate_id": {"en": "id {value} is also on row {row} with different content ({columns}); "
                                           "row {row} is kept",
                                     "zh": "编号 {value} 也出现在第 {row} 行，但内容不同（{columns}）；保留第 {row} 行"},
    # --- what a field is called inside a problem line ----------------------------------------------
    "history.field.channel": {"en": "channel", "zh": "渠道"},
    "history.field.category": {"en": "category", "zh": "类别"},
    "history.field.severity": {"en": "severity", "zh": "严重程度"},
    "history.field.team": {"en": "team", "zh": "处理组"},
    "history.field.created": {"en": "created", "zh": "创建时间"},
    "history.field.first_response": {"en": "first response", "zh": "首次响应时间"},
    "history.field.resolved": {"en": "resolved", "zh": "解决时间"},
    "history.field.abandoned": {"en": "abandoned", "zh": "放弃时间"},
    # --- the summary --------------------------------------------------------------------------------
    "history.summary.read": {"en": "{path}: {rows:,} rows read, {kept:,} kept",
                             "zh": "{path}：读取 {rows:,} 行，保留 {kept:,} 行"},
    "history.summary.duplicates": {"en": "{count:,} rows repeated identically (kept once)",
                                   "zh": "{count:,} 行为完全重复行（只保留一次）"},
    "history.summary.skipped": {"en": "{count:,} skipped: {reason}", "zh": "跳过 {count:,} 行：{reason}"},
    "history.summary.blank": {"en": "{count:,} blank rows", "zh": "{count:,} 个空行"},
    "history.summary.fallback": {"en": "{count:,} unknown {field} values read as {value} (the mapping's fallback)",
                                 "zh": "{count:,} 个未知的{field}取值按映射文件的 fallback 读作 {value}"},
    "history.summary.period": {"en": "period {start} to {end} (UTC)", "zh": "时段 {start} 至 {end}（UTC）"},
    "history.reason.missing": {"en": "a required value is missing", "zh": "缺少必填值"},
    "history.reason.bad_time": {"en": "a time that cannot be read", "zh": "时间无法读取"},
    "history.reason.time_gap": {"en": "a local time skipped by daylight saving", "zh": "本地时间因夏令时不存在"},
    "history.reason.time_ambiguous": {"en": "a local time repeated by daylight saving", "zh": "本地时间因夏令时重复"},
    "history.reason.no_zone": {"en": "a time without a zone", "zh": "时间没有时区"},
    "history.reason.bad_zone": {"en": "an unknown time zone", "zh": "未知时区"},
    "history.reason.unknown_value": {"en": "a value the mapping does not know", "zh": "映射文件未定义的取值"},
    "history.reason.bad_satisfaction": {"en": "an unreadable satisfaction answer", "zh": "满意度答复无法读取"},
    "history.reason.satisfaction_range": {"en": "a satisfaction score off the scale", "zh": "满意度评分超出量表"},
    "history.reason.order": {"en": "times out of order", "zh": "时间先后顺序错误"},
    "history.reason.answered_and_abandoned": {"en": "a call both answered and abandoned", "zh": "通话既接听又放弃"},
    "history.reason.unanswered": {"en": "a call neither answered nor abandoned", "zh": "通话既未接听也未放弃"},
    "history.reason.duplicate_id": {"en": "an id repeated with different content", "zh": "编号重复但内容不同"},
    "history.reason.outside_period": {"en": "created outside the mapping's period", "zh": "创建时间不在映射文件的时段内"},
    # --- a file that cannot be read at all (one line, exit status 2) --------------------------------
    "history.err.not_found": {"en": "file not found", "zh": "找不到文件"},
    "history.err.not_regular": {"en": "not a regular file", "zh": "不是普通文件"},
    "history.err.suffix": {"en": "{suffix} files are not read; export the history as .csv or .xlsx",
                           "zh": "不支持 {suffix} 文件；请将历史数据导出为 .csv 或 .xlsx"},
    "history.err.encoding": {"en": "cannot be read as {encoding}; set 'encoding' in the mapping (utf-8, utf-8-sig "
                                   "or gb18030, which Chinese Excel uses for CSV)",
                             "zh": "无法按 {encoding} 读取；请在映射文件中设置 encoding（utf-8、utf-8-sig，或中文 Excel "
                                   "保存 CSV 时使用的 gb18030）"},
    "history.err.unreadable": {"en": "cannot be read: {error}", "zh": "无法读取：{error}"},
    "history.err.no_column": {"en": "no column {names} (the file has: {found})",
                              "zh": "没有列 {names}（文件中的列：{found}）"},
    "history.err.needs_zone": {"en": "times such as {value} have no offset; set time.zone in the mapping (e.g. "
                                     "Asia/Shanghai) or name a zone column",
                               "zh": "时间（如 {value}）没有时差；请在映射文件中设置 time.zone（如 Asia/Shanghai）"
                                     "或指定时区列"},
    "history.err.salt_short": {"en": "${name} is shorter than {n} characters; use a longer secret",
                               "zh": "${name} 少于 {n} 个字符；请使用更长的密钥"},
    "history.err.salt_file": {"en": "the pseudonym key file {path} cannot be read or made: {error}",
                              "zh": "无法读取或创建化名密钥文件 {path}：{error}"},
    "history.err.salt_bad_file": {"en": "the pseudonym key file {path} holds fewer than {n} characters; delete it "
                                        "to make a new one (pseudonyms then change)",
                                  "zh": "化名密钥文件 {path} 少于 {n} 个字符；删除后会重新生成（化名随之改变）"},
    # --- the column-mapping file (sim.history.mapping): its validators raise these with fail_key -----
    "history.mapping.unknown_zone": {"en": "unknown time zone {value}; give an IANA name such as Asia/Shanghai or UTC",
                                     "zh": "未知时区 {value}；请写出标准时区名，如 Asia/Shanghai 或 UTC"},
    "history.mapping.not_a_format": {"en": "{value} is not a timestamp format; write it like '%Y/%m/%d %H:%M'",
                                     "zh": "{value} 不是时间格式；请写成类似 '%Y/%m/%d %H:%M' 的形式"},
    "history.mapping.scale_half": {"en": "give both 'at_least' (the lowest satisfied score) and 'of' (the top of "
                                         "the scale)",
                                   "zh": "请同时给出 'at_least'（算作满意的最低分）和 'of'（量表的最高分）"},
    "history.mapping.scale_outside": {"en": "'at_least' {at_least} must lie between 'lowest' ({lowest}) and 'of' "
                                            "({of})",
                                      "zh": "'at_least' {at_least} 须介于 'lowest'（{lowest}）与 'of'（{of}）之间"},
    "history.mapping.not_a_date": {"en": "{value} is not a date; write it as 2026-03-31",
                                   "zh": "{value} 不是日期；请写成 2026-03-31 的形式"},
    "history.mapping.end_first": {"en": "'end' is before 'start'", "zh": "'end' 早于 'start'"},
    "history.mapping.column_required": {"en": "name the export column of '{name}' (it is required)",
                                        "zh": "请写出 '{name}' 对应的导出列（必填）"},
    "history.mapping.channel_column": {"en": "name the export column of 'channel', or give "
                                             "'defaults: {{channel: ...}}'",
                                       "zh": "请写出 'channel' 对应的导出列，或给出 'defaults: {{channel: ...}}'"},
    "history.mapping.unknown_preset": {"en": "unknown preset {value}; the kit ships: {names}",
                                       "zh": "未知的预设 {value}；工具包自带的预设：{names}"},
    "history.mapping.not_found": {"en": "mapping file not found; give a YAML file or a preset: {names}",
                                  "zh": "找不到映射文件；请给出 YAML 文件或预设：{names}"},
    "history.mapping.not_keys": {"en": "a mapping file is a set of keys (kind, columns, ...)",
                                 "zh": "映射文件应由若干键组成（如 'kind'、'columns' 等）"},
}
