"""What the format's models and reader say about a file, in English and Simplified Chinese.

:mod:`sim.format.messages` holds the wording of the limits' and graph checks; this module holds the rest
of the format's own messages (one per check of a model, a duration or a YAML file) and the wording of
pydantic's own errors by their type (``missing``, ``int_type``, ``literal_error``...), so that
``python -m sim --lang zh check`` says every problem in Chinese. A message is chosen by its key and
filled with the file's values; the English wording is the one the kit has always printed.

A Chinese message names keys of the file as they are written (``'intake'``, ``'at_least'``) and quotes
the file's own values; every other word is Chinese.

    >>> MODEL_MESSAGES["share.outside"]["zh"].format(value=1.5)
    '1.5 不是 0 到 1 之间的比例'
"""
from __future__ import annotations

MODEL_MESSAGES: dict[str, dict[str, str]] = {
    # base: mappings, texts, numbers, shares and mixes, vocabularies
    "key.unknown.hint": {"en": "unknown key {key!r}; did you mean {hint!r}?",
                         "zh": "未知的键 {key!r}；是否应为 {hint!r}？"},
    "key.unknown.list": {"en": "unknown key {key!r}; expected one of: {known}",
                         "zh": "未知的键 {key!r}；可用的键：{known}"},
    "key.unknown": {"en": "unknown key {key!r}", "zh": "未知的键 {key!r}"},
    "mapping.expected": {"en": "expected a mapping of fields, got {kind}: {value}",
                         "zh": "应为字段映射，实际为{kind}：{value}"},
    "text.empty": {"en": "text is empty; give 'en', 'zh' or a plain string",
                   "zh": "文本为空；请写出 'en'、'zh' 或一段普通文本"},
    "duration.negative": {"en": "{value!r} is negative", "zh": "{value!r} 为负数"},
    "share.outside": {"en": "{value!r} is not a share between 0 and 1", "zh": "{value!r} 不是 0 到 1 之间的比例"},
    "number.negative": {"en": "{value!r} is negative; a rate or count cannot be below 0",
                        "zh": "{value!r} 为负数；比率或数量不能小于 0"},
    "mix.empty": {"en": "the mix is empty; give at least one share", "zh": "构成为空；请至少写出一个比例"},
    "mix.negative": {"en": "share {value!r} is negative", "zh": "比例 {value!r} 为负数"},
    "mix.sum": {"en": "shares must sum to 1, but {parts} = {total}", "zh": "各比例之和须为 1，但 {parts} = {total}"},
    "unknown.hint": {"en": "unknown {what} {value!r}; did you mean {hint!r}?",
                     "zh": "未知的{what} {value!r}；是否应为 {hint!r}？"},
    "unknown.list": {"en": "unknown {what} {value!r}; the plan defines: {names}",
                     "zh": "未知的{what} {value!r}；已定义的有：{names}"},
    "regex.invalid": {"en": "invalid regular expression (the problem is at position {pos})", "zh": "正则表达式无效（问题在位置 {pos}）"},
    # durations and clock times (sim.format.units)
    "duration.needs_unit": {"en": "{value!r} needs a unit, e.g. '{value}min' or '{value}h'",
                            "zh": "{value!r} 缺少单位，例如 '{value}min' 或 '{value}h'"},
    "duration.not_text": {"en": "expected a duration such as '30min' or '4h', got {kind}",
                          "zh": "应为时长，例如 '30min' 或 '4h'，实际为{kind}"},
    "duration.empty": {"en": "empty duration; write e.g. '30min' or '4h'", "zh": "时长为空；请写成例如 '30min' 或 '4h'"},
    "duration.bad": {"en": "{value!r} is not a duration; write a number and a unit: s, min, h, d or w "
                           "(e.g. '90s', '30min', '4h', '1h30min', '2d')",
                     "zh": "{value!r} 不是时长；请写出数字和单位：s（秒）、min（分钟）、h（小时）、d（天）或 w（周）"
                           "（例如 '90s'、'30min'、'4h'、'1h30min'、'2d'）"},
    "duration.invalid": {"en": "{value!r} is not a duration", "zh": "{value!r} 不是时长"},
    "clock.not_text": {"en": "expected a clock time such as '08:00' in quotes, got {value!r}",
                       "zh": "应为加引号的时刻，例如 '08:00'，实际为 {value!r}"},
    "clock.bad": {"en": "{value!r} is not a valid clock time; write 'HH:MM', e.g. '08:00'",
                  "zh": "{value!r} 不是有效的时刻；请写成“时:分”，例如 '08:00'"},
    "clock.invalid": {"en": "{value!r} is not a valid clock time", "zh": "{value!r} 不是有效的时刻"},
    "scenario_clock.invalid": {"en": "{value!r} is not a valid scenario clock time",
                               "zh": "{value!r} 不是有效的情景时间"},
    "scenario_clock.bad": {"en": "{value!r} is not a valid scenario clock time; write 'T+HH:MM', e.g. 'T+00:05'",
                           "zh": "{value!r} 不是有效的情景时间；请写成 'T+时:分'，例如 'T+00:05'"},
    "scenario_clock.not_text": {"en": "{value!r} is not a valid scenario clock time; write 'T+HH:MM' (e.g. "
                                      "'T+01:30') or a duration ('90min')",
                                "zh": "{value!r} 不是有效的情景时间；请写成 'T+时:分'（例如 'T+01:30'）或时长（'90min'）"},
    # demand, distributions, customers, teams
    "profile.all_zero": {"en": "multipliers are all zero", "zh": "乘数全部为零"},
    "severity.no_default": {"en": "give a 'default' severity mix, and optionally one per category",
                            "zh": "请写出 'default' 严重程度构成，并可按类别分别写出"},
    "dist.mean_positive": {"en": "the mean must be greater than 0", "zh": "均值须大于 0"},
    "dist.exactly_one": {"en": "give exactly one of: exponential {{mean}}, lognormal {{mean, cv}}, fixed, "
                               "empirical [list]{found}",
                         "zh": "请只写出以下之一：exponential {{mean}}、lognormal {{mean, cv}}、fixed、empirical [列表]"
                               "{found}"},
    "dist.found": {"en": " (found {keys})", "zh": "（现有 {keys}）"},
    "dist.empirical_empty": {"en": "an empirical distribution needs at least one value",
                             "zh": "经验分布至少需要一个取值"},
    "customers.retry_after": {"en": "give 'retry_after' (how long until an abandoner tries again)",
                              "zh": "请写出 'retry_after'（放弃的客户多久后再次联系）"},
    "shift.no_length": {"en": "a shift must have a length ('from' and 'to' differ; use 00:00 to 24:00 for all day)",
                        "zh": "班次须有时长（'from' 与 'to' 不能相同；全天请写 00:00 至 24:00）"},
    "team.nobody": {"en": "the team has no shifts, no on-call members and no reserve",
                    "zh": "该团队没有班次、没有待命人员，也没有后备人员"},
    # care programme
    "care.follow_week": {"en": "follow customers for at least a week (e.g. 26w or 52w)",
                         "zh": "跟踪客户至少一周（例如 26w 或 52w）"},
    "care.half_life": {"en": "the half-life must be longer than 0", "zh": "半衰期须大于 0"},
    "care.every": {"en": "give 'every' (how often it is repeated) for an action delivered more than once",
                   "zh": "多次实施的措施须写出 'every'（重复的间隔）"},
    "care.positive": {"en": "must be longer than 0", "zh": "须大于 0"},
    "care.false_alarm": {"en": "give a small chance, e.g. 0.000001", "zh": "请给出很小的概率，例如 0.000001"},
    "care.no_customers": {"en": "actions name segments, but the plan's churn section has no 'customers'",
                          "zh": "措施引用了客户细分，但预案的客户流失部分没有 'customers'"},
    # plan
    "plan.one_bound": {"en": "give exactly one of 'at_least' or 'at_most'", "zh": "请只写出 'at_least' 或 'at_most' 之一"},
    "plan.thresholds": {"en": "thresholds must fall: P ({P}) >= S ({S}) >= M ({M})",
                        "zh": "阈值须依次递减：P（{P}）≥ S（{S}）≥ M（{M}）"},
    "plan.severities": {"en": "severities must be exactly {ids}, in that order (least to most severe)",
                        "zh": "严重程度须恰好为 {ids}，并按此顺序（由轻到重）"},
    "plan.steps": {"en": "the plan has eight steps, in order: {ids}", "zh": "预案有八个步骤，顺序为：{ids}"},
    "plan.routing_missing": {"en": "routing is missing for: {ids}", "zh": "缺少以下严重程度的流转：{ids}"},
    "plan.role_needed": {"en": "the plan needs a {role!r} role", "zh": "预案需要 {role!r} 角色"},
    "plan.target_missing": {"en": "no target for: {ids}", "zh": "缺少以下严重程度的目标：{ids}"},
    "plan.flag_undescribed": {"en": "flag {flag!r} is not described under 'flags'",
                              "zh": "标记 {flag!r} 未在 'flags' 下说明"},
    # scenario
    "scenario.start": {"en": "{value!r} is not a date-time; write e.g. 2026-03-02T08:00",
                       "zh": "{value!r} 不是日期时间；请写成例如 2026-03-02T08:00"},
    "scenario.horizon": {"en": "the horizon must be longer than 0", "zh": "时长须大于 0"},
    "scenario.frontline_staffing": {"en": "staffing needs a 'frontline' team: every complaint is received by frontline",
                                    "zh": "staffing 须有 'frontline' 团队：所有投诉都由一线受理"},
    "scenario.frontline_intake": {"en": "service_times.frontline needs an 'intake' distribution (the first contact)",
                                  "zh": "service_times.frontline 须有 'intake' 分布（首次接触）"},
    "scenario.incident_late": {"en": "the incident starts at {at}, after the horizon ({horizon})",
                               "zh": "事件开始于 {at}，晚于情景时长（{horizon}）"},
    "scenario.incident_twice": {"en": "incident id {value!r} is used twice", "zh": "事件标识 {value!r} 重复"},
    "scenario.patience_async": {"en": "{channel} is not synchronous: customers there do not wait on the line, so "
                                      "patience does not apply",
                                "zh": "{channel} 不是同步渠道：客户不会在线等待，因此不适用耐心时长"},
    "scenario.warm_up": {"en": "the warm-up must end before the horizon", "zh": "预热期须在情景时长结束前结束"},
    "scenario.unstaffed": {"en": "no staffing for {role!r}, which the plan routes {why} complaints to",
                           "zh": "{role!r} 没有排班，而预案把 {why} 投诉转给它"},
    "scenario.untimed": {"en": "no {activity!r} time for {role!r}, which the plan routes {why} complaints to",
                         "zh": "{role!r} 没有 {activity!r} 时长，而预案把 {why} 投诉转给它"},
    # drill script
    "drill.condition_one": {"en": "give exactly one of 'is', 'is_not' or 'includes'",
                            "zh": "请只写出 'is'、'is_not' 或 'includes' 之一"},
    "drill.when_one": {"en": "give exactly one of: missed, answered, all, any",
                       "zh": "请只写出以下之一：missed、answered、all、any"},
    "drill.inject_twice": {"en": "inject id {value!r} is used twice (first at injects[{first}])",
                           "zh": "注入信息标识 {value!r} 重复（首次出现在 injects[{first}]）"},
    "drill.prompt_twice": {"en": "prompt id {value!r} is used twice", "zh": "问题标识 {value!r} 重复"},
    "drill.branch_later": {"en": "prompt {prompt!r} is answered at {answered:g} min, not before this inject "
                                 "({at:g} min); a branch can only depend on earlier prompts",
                           "zh": "问题 {prompt!r} 在第 {answered:g} 分钟作答，并不早于此注入信息（第 {at:g} 分钟）；"
                                 "分支只能依赖更早的问题"},
    "drill.not_option": {"en": "{option!r} is not an option of prompt {prompt!r} ({options})",
                         "zh": "{option!r} 不是问题 {prompt!r} 的选项（{options}）"},
    "drill.option_label": {"en": "option {value!r} is not a plan id (category, severity, role, channel, step, "
                                 "trigger or action); give it a label: {{id: ..., text: {{en: ..., zh: ...}}}}",
                           "zh": "选项 {value!r} 不是预案中的标识（类别、严重程度、角色、渠道、步骤、启动条件或措施）；"
                                 "请为它写出标签：{{id: ..., text: {{en: ..., zh: ...}}}}"},
    "drill.question_needed": {"en": "a 'question' is needed (only prompts whose options are all categories, "
                                    "severities or roles get a default question)",
                              "zh": "须写出 'question'（只有选项全部为类别、严重程度或角色的问题才有默认问法）"},
    # prompts
    "phrases.list": {"en": "expected a list of phrases", "zh": "应为短语列表"},
    "phrases.item": {"en": "expected a phrase or a list of synonym phrases", "zh": "应为一个短语或一组同义短语"},
    "phrases.none": {"en": "no phrases given; add 'en' and/or 'zh' lists", "zh": "没有短语；请添加 'en' 和/或 'zh' 列表"},
    "criterion.nothing": {"en": "give 'any', 'all' or 'regex' phrases to look for",
                          "zh": "请写出要查找的 'any'、'all' 或 'regex'"},
    "must_not.nothing": {"en": "give 'any', 'regex', 'phones' or 'names' to look for",
                         "zh": "请写出要查找的 'any'、'regex'、'phones' 或 'names'"},
    "example.text": {"en": "an example reply needs 'en' or 'zh' text", "zh": "示例回复须有 'en' 或 'zh' 文本"},
    "range.none": {"en": "give 'min', 'max' or both", "zh": "请写出 'min'、'max' 或两者"},
    "range.reversed": {"en": "min ({min:g}) is above max ({max:g})", "zh": "最小值（{min:g}）大于最大值（{max:g}）"},
    "options.list": {"en": "expected a list of options", "zh": "应为选项列表"},
    "options.twice": {"en": "option {value!r} is listed twice", "zh": "选项 {value!r} 重复列出"},
    "options.two": {"en": "a {kind} prompt needs at least two options", "zh": "{kind} 类问题至少需要两个选项"},
    "prompt.choice_answer": {"en": "a choice prompt needs an 'answer'", "zh": "单选问题须有 'answer'"},
    "prompt.answer_not_option": {"en": "answer {value!r} is not among the options ({options})",
                                 "zh": "答案 {value!r} 不在选项之中（{options}）"},
    "prompt.not_option": {"en": "{value!r} is not among the options ({options})",
                          "zh": "{value!r} 不在选项之中（{options}）"},
    "prompt.multi_required": {"en": "a multi prompt needs 'required' options (and optionally 'forbidden')",
                              "zh": "多选问题须有 'required' 选项（'forbidden' 可选）"},
    "prompt.both": {"en": "{value!r} is both required and forbidden", "zh": "{value!r} 既是必选又是禁选"},
    "prompt.yesno_answer": {"en": "a yes/no prompt needs answer 'yes' or 'no', got {value!r}",
                            "zh": "是非问题的答案须为 'yes' 或 'no'，实际为 {value!r}"},
    "prompt.number_accept": {"en": "a number prompt needs 'accept: {{min, max}}'",
                             "zh": "数字问题须有 'accept: {{min, max}}'"},
    "prompt.order_answer": {"en": "an order prompt's 'answer' must list every option once, in the right order",
                            "zh": "排序问题的 'answer' 须按正确顺序列出每个选项各一次"},
    "prompt.reply_rubric": {"en": "a reply prompt needs a 'rubric' of criteria", "zh": "回复问题须有评分标准 'rubric'"},
    "prompt.criterion_twice": {"en": "criterion id {value!r} is used twice", "zh": "评分项标识 {value!r} 重复"},
    "prompt.before_unknown": {"en": "'before' names {value!r}, which is not a criterion of this rubric",
                              "zh": "'before' 引用的 {value!r} 不是本评分标准中的评分项"},
    "prompt.reply_only": {"en": "rubric, must_not and examples apply to reply prompts only, not {kind}",
                          "zh": "rubric、must_not 和 examples 只适用于回复问题，不适用于 {kind} 类问题"},
    # reading a file (sim.format.bounded, sim.format.yamlio)
    "file.not_found": {"en": "file not found", "zh": "文件不存在"},
    "file.no_access": {"en": "{error}", "zh": "没有读取此文件的权限"},
    "file.unreadable": {"en": "{error}", "zh": "无法读取此文件"},
    "file.not_utf8": {"en": "not UTF-8 text ({reason} at byte {start})", "zh": "不是 UTF-8 文本（第 {start} 字节处）"},
    "text.not_utf8": {"en": "not UTF-8 text ({error})", "zh": "不是 UTF-8 文本"},
    "yaml.two_documents": {"en": "more than one YAML document ('---'); put one plan or scenario per file",
                           "zh": "文件中有多个 YAML 文档（'---'）；每个文件只放一个预案或情景"},
    "yaml.tag": {"en": "YAML tag {tag!r} is not allowed (only plain data is accepted)",
                 "zh": "不允许使用 YAML 标签 {tag!r}（只接受普通数据）"},
    "yaml.key_tag": {"en": "YAML tag {tag!r} is not allowed", "zh": "不允许使用 YAML 标签 {tag!r}"},
    "yaml.key_not_plain": {"en": "a key must be a plain name, not a list or mapping", "zh": "键须为普通名称，不能是列表或映射"},
    "yaml.merge_key": {"en": "merge keys ('<<') are not supported; write the fields out",
                       "zh": "不支持合并键（'<<'）；请直接写出各字段"},
    "yaml.duplicate_key": {"en": "duplicate key {key!r} (first given on line {line})",
                           "zh": "键 {key!r} 重复（首次出现在第 {line} 行）"},
    "yaml.bad_character": {"en": "YAML error: {reason} (U+{code})", "zh": "YAML 错误：文件含有不允许的字符（U+{code}）"},
    "yaml.error": {"en": "YAML error: {error}", "zh": "YAML 错误，文件无法读取"},
    "yaml.empty_file": {"en": "the file is empty; expected a mapping of fields", "zh": "文件为空；应为字段映射"},
    "yaml.top_not_mapping": {"en": "expected a mapping of fields at the top, found {kind}",
                             "zh": "文件顶层应为字段映射，实际为{kind}"},
    "yaml.syntax": {"en": "YAML syntax error: {what}", "zh": "YAML 语法错误：{what}"},
    # a scenario's plan (sim.format.load)
    "plan.required": {"en": "required: the plan file this scenario drills, e.g. plans/default.yaml",
                      "zh": "必填：此情景所演练的预案文件，例如 plans/default.yaml"},
    "plan.not_found": {"en": "plan file {plan!r} not found (looked in {looked})",
                       "zh": "找不到预案文件 {plan!r}（查找位置：{looked}）"},
}

# What an unknown id was meant to be (unknown.hint, unknown.list), by the English word the models use.
WHAT: dict[str, str] = {
    "role": "角色", "channel": "渠道", "category": "类别", "severity": "严重程度", "flag": "标记",
    "action": "措施", "profile": "到达曲线", "attention level": "公众关注度", "budget line": "预算科目",
    "care action": "关怀措施", "segment": "客户细分", "prompt": "问题", "plan step": "预案步骤",
    "conduct rule": "行为准则", "rule": "准则或步骤", "step": "步骤",
}

# Python types as a message names what was found instead ("got str").
KINDS: dict[str, dict[str, str]] = {
    "str": {"en": "str", "zh": "文本"}, "int": {"en": "int", "zh": "整数"}, "float": {"en": "float", "zh": "小数"},
    "bool": {"en": "bool", "zh": "布尔值"}, "list": {"en": "list", "zh": "列表"}, "dict": {"en": "dict", "zh": "映射"},
    "NoneType": {"en": "NoneType", "zh": "空值"}, "tuple": {"en": "tuple", "zh": "列表"},
}

# Pydantic's own errors, by type: the Chinese for what the English message (pydantic's) says.
PYDANTIC_ZH: dict[str, str] = {
    "missing": "缺少必填字段",
    "string_type": "应为文本", "str_type": "应为文本",
    "int_type": "应为整数", "int_parsing": "应为整数", "int_from_float": "应为整数，不能有小数部分",
    "float_type": "应为数值", "float_parsing": "应为数值",
    "bool_type": "应为布尔值（true 或 false）", "bool_parsing": "应为布尔值（true 或 false）",
    "dict_type": "应为映射", "model_type": "应为字段映射", "model_attributes_type": "应为字段映射",
    "list_type": "应为列表", "tuple_type": "应为列表", "set_type": "应为列表", "frozen_set_type": "应为列表",
    "datetime_type": "应为日期时间", "datetime_parsing": "应为日期时间", "datetime_from_date_parsing": "应为日期时间",
    "date_type": "应为日期", "date_parsing": "应为日期", "time_type": "应为时刻", "time_parsing": "应为时刻",
    "none_required": "应为空",
    "literal_error": "应为以下之一：{expected}", "enum": "应为以下之一：{expected}",
    "greater_than": "应大于 {gt}", "greater_than_equal": "应大于或等于 {ge}",
    "less_than": "应小于 {lt}", "less_than_equal": "应小于或等于 {le}",
    "multiple_of": "应为 {multiple_of} 的倍数",
    "too_short": "至少应有 {min_length} 项，实际有 {actual_length} 项",
    "too_long": "最多只能有 {max_length} 项，实际有 {actual_length} 项",
    "string_too_short": "至少应有 {min_length} 个字符", "string_too_long": "最多只能有 {max_length} 个字符",
    "string_pattern_mismatch": "格式不符",
}
PYDANTIC_FALLBACK_ZH = "取值无效"
GOT_ZH = "{message}，实际为 {value}"
GOT_KIND_ZH = "{message}，实际为{kind}"       # a list, a mapping, a left-out value: by what it is

# YAML syntax errors: the parser's words (PyYAML's, or libyaml's for a big file) stay in the English
# line; the Chinese line says what they mean, found by how the parser's message begins, and the column.
YAML_SYNTAX_ZH: dict[str, str] = {
    "mapping values are not allowed": "此处不能出现“键: 值”（可能是冒号后的文本需要加引号，或缩进有误）",
    "mapping keys are not allowed": "此处不能出现映射的键（“?”）",
    "sequence entries are not allowed": "此处不能出现列表条目（“-”）",
    "block sequence entries are not allowed": "此处不能出现列表条目（“-”）",
    "could not find expected ':'": "找不到应有的“:”（可能是缩进有误，或某行缺少冒号）",
    "found unexpected end of stream": "文件意外结束（可能有未闭合的引号或括号）",
    "found character": "出现了不能作为开头的字符（缩进请用空格，不要用制表符；以 @ 或 ` 开头的文本请加引号）",
    "found a tab character": "缩进中出现了制表符；缩进请用空格",
    "found undefined alias": "使用了未定义的别名",
    "did not find expected key": "找不到应有的键（可能是缩进有误）",
    "did not find expected node content": "找不到应有的内容",
    "expected the node content": "找不到应有的内容",
    "did not find expected '-' indicator": "找不到应有的“-”（列表条目缩进有误）",
    "found unknown escape character": "出现未知的转义字符（双引号内的反斜杠请写成两个，或改用单引号）",
    "expected escape sequence": "转义序列的十六进制数字不完整",
    "did not find expected hexdecimal number": "转义序列的十六进制数字不完整",
    "expected ',' or ']'": "应为“,”或“]”（方括号未闭合）",
    "did not find expected ',' or ']'": "应为“,”或“]”（方括号未闭合）",
    "expected ',' or '}'": "应为“,”或“}”（花括号未闭合）",
    "did not find expected ',' or '}'": "应为“,”或“}”（花括号未闭合）",
    "expected <block end>, but found": "缩进有误：此行与上文的层级不一致",
    "invalid indentation or unclosed": "缩进有误，或方括号、花括号未闭合",
    "found duplicate anchor": "锚点名称重复",
    "expected '>'": "标签缺少“>”",
    "did not find the expected '>'": "标签缺少“>”",
    "expected alphabetic or numeric character": "锚点、别名或标签的名称不完整（应为字母或数字）",
    "did not find expected alphabetic or numeric character": "锚点、别名或标签的名称不完整（应为字母或数字）",
    "expected indentation indicator": "块文本的缩进指示须为 1 到 9 之间的数字",
    "found an indentation indicator equal to 0": "块文本的缩进指示须为 1 到 9 之间的数字",
    "expected chomping or indentation indicators": "块文本标记（| 或 >）后只能跟缩进或换行指示",
    "expected a comment or a line break": "此处只能是注释或换行",
    "did not find expected comment or line break": "此处只能是注释或换行",
    "found incompatible YAML document": "不支持此 YAML 版本（须为 1.x）",
    "found duplicate YAML directive": "YAML 版本声明重复",
    "found undefined tag handle": "使用了未定义的标签前缀",
    "duplicate tag handle": "标签前缀重复定义",
    "found duplicate %TAG directive": "标签前缀重复定义",
    "expected ' ', but found": "此处应为空格",
    "expected '<document start>'": "此处应为文档开始标记“---”",
    "did not find expected <document start>": "此处应为文档开始标记“---”",
}
YAML_SYNTAX_OTHER_ZH = "此处不符合 YAML 语法"     # a parser message the table does not know
YAML_SYNTAX_AT_ZH = "第 {column} 列，{what}"
