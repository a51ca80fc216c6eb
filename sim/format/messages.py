"""What the format's limits and structure checks say, in English and Simplified Chinese.

Every message of the format exists in both languages, inside the format (which does not depend on the
kit's catalogues of CLI and app strings): here those of :mod:`sim.format.limits`, plan paths and graph
checks; in :mod:`sim.format.wording` those of the models, the units, the YAML reader and pydantic's own
errors, merged into :data:`MESSAGES`; a part above the format that the format's loader validates (the
history's column-mapping file) hands in its own with :func:`add_messages`. A
:class:`~sim.format.errors.Problem` carries both wordings; ``python -m sim --lang zh check`` prints the Chinese.

:func:`problem` builds a Problem for the reader (a file, a line, a field); :func:`fail_key` raises from a
model validator, like :func:`sim.format.base.fail`, and the loader keeps the Chinese wording.

    >>> print(problem("a.yaml", 4, "seed", "number.above", value="1e+30", limit="9,223,372,036,854,775,807"))
    a.yaml:4: seed: 1e+30 is above the limit of 9,223,372,036,854,775,807
    >>> problem("a.yaml", 4, "seed", "number.above", value="1e+30", limit="10").text("zh")
    'a.yaml:4: seed：1e+30 超过上限 10'
"""
from __future__ import annotations

import stat
from typing import Any

from pydantic_core import PydanticCustomError

from sim.format.errors import Problem

MESSAGES: dict[str, dict[str, str]] = {
    # reading a file
    "file.not_regular": {"en": "not a regular file ({kind}); give a plan or scenario file",
                         "zh": "不是普通文件（{kind}）；请指定预案或情景文件"},
    "file.kind.folder": {"en": "a folder", "zh": "文件夹"},
    "file.kind.device": {"en": "a device", "zh": "设备"},
    "file.kind.pipe": {"en": "a named pipe", "zh": "命名管道"},
    "file.kind.socket": {"en": "a socket", "zh": "套接字"},
    "file.kind.other": {"en": "not a file", "zh": "非文件"},
    "file.too_big": {"en": "the file is {size:,} bytes; the limit is {limit:,} bytes (long lists of measured "
                           "times under 'empirical': keep a random sample of up to {entries:,} each, or summarise "
                           "them as a distribution, e.g. lognormal with their mean and cv)",
                     "zh": "文件大小 {size:,} 字节，超过上限 {limit:,} 字节（若“empirical”下有很长的实测时长列表：每个"
                           "随机抽取不超过 {entries:,} 个，或概括为分布，例如用其均值与变异系数写成 lognormal）"},
    "yaml.too_deep": {"en": "nested more than {limit} levels deep",
                      "zh": "嵌套超过 {limit} 层"},
    "yaml.too_many_aliases": {"en": "more than {limit} aliases (*name); write the values out",
                              "zh": "别名（*name）超过 {limit} 个；请直接写出取值"},
    "yaml.too_many_values": {"en": "more than {limit:,} values, each alias counted as the values it stands for",
                             "zh": "取值超过 {limit:,} 个（每个别名按其所代表的取值计数）"},
    "yaml.alias_recursive": {"en": "alias *{name} is used inside the value it names (the value would contain itself)",
                             "zh": "别名 *{name} 出现在它所指的取值内部（取值将包含自身）"},
    "yaml.too_many_entries": {"en": "more than {limit:,} entries", "zh": "条目超过 {limit:,} 个"},
    "yaml.too_many_times": {"en": "more than {limit:,} measured times; keep a random sample of up to {limit:,} "
                                  "(it keeps their spread), or summarise them as a distribution, e.g. lognormal "
                                  "with their mean and cv (standard deviation / mean)",
                            "zh": "实测时长超过 {limit:,} 个；请随机抽取不超过 {limit:,} 个（保留其离散程度），或概括为"
                                  "分布，例如用其均值与变异系数（标准差 / 均值）写成 lognormal"},
    "yaml.text_too_long": {"en": "text of {length:,} characters; the limit is {limit:,}",
                           "zh": "文本长 {length:,} 个字符，超过上限 {limit:,}"},
    "yaml.integer_too_long": {"en": "an integer of {digits:,} digits; the limit is {limit}",
                              "zh": "整数有 {digits:,} 位，超过上限 {limit} 位"},
    "yaml.bad_scalar": {"en": "{value} cannot be read as !!{kind}", "zh": "{value} 无法读作 !!{kind}"},
    "yaml.not_finite": {"en": "{value} is not a finite number", "zh": "{value} 不是有限数值"},
    "yaml.control_char": {"en": "contains the control character {code}; remove it",
                          "zh": "包含控制字符 {code}；请删除"},
    "yaml.empty_value": {"en": "no value after the key (an empty entry, as where a file is cut off); "
                               "write the value or remove the key",
                         "zh": "键后没有取值（空条目，文件可能被截断）；请写出取值或删除该键"},
    "yaml.empty_item": {"en": "an empty list entry ('-' with nothing after it, as where a file is cut off)",
                        "zh": "空的列表条目（“-”后没有内容，文件可能被截断）"},
    # numbers and lists, by what they mean
    "number.above": {"en": "{value} is above the limit of {limit}", "zh": "{value} 超过上限 {limit}"},
    "number.outside": {"en": "{value} is outside the accepted range {low} to {high}",
                       "zh": "{value} 超出可接受范围 {low} 至 {high}"},
    "number.not_finite": {"en": "{value} is not a finite number", "zh": "{value} 不是有限数值"},
    "duration.too_long": {"en": "{value} is longer than the limit of {limit}", "zh": "{value} 超过时长上限 {limit}"},
    "list.too_long": {"en": "{count:,} entries; at most {limit:,} are accepted",
                      "zh": "共 {count:,} 个条目，最多接受 {limit:,} 个"},
    "list.too_many_times": {"en": "{count:,} measured times; at most {limit:,} are accepted: keep a random sample "
                                  "of up to {limit:,} (it keeps their spread), or summarise them as a distribution, "
                                  "e.g. lognormal with their mean and cv (standard deviation / mean)",
                            "zh": "共 {count:,} 个实测时长，最多接受 {limit:,} 个：请随机抽取不超过 {limit:,} 个（保留其离散"
                                  "程度），或概括为分布，例如用其均值与变异系数（标准差 / 均值）写成 lognormal"},
    "id.too_long": {"en": "the id {value} has {length:,} characters; an id may have at most {limit} (it is stored "
                          "with every answer and shown in scorecards)",
                    "zh": "标识 {value} 长 {length:,} 个字符，超过上限 {limit} 个（标识随每个作答保存并显示在成绩单中）"},
    "drill.too_many_prompts": {"en": "{count:,} prompts in all; at most {limit:,} are accepted",
                               "zh": "共 {count:,} 个问题，最多接受 {limit:,} 个"},
    "scenario.too_many_staff_shifts": {"en": "the rosters put {count:,} people on shift over the horizon; the limit "
                                             "is {limit:,}",
                                       "zh": "排班在整个时长内共安排 {count:,} 人次上班，超过上限 {limit:,}"},
    "scenario.too_many_complaints": {"en": "the scenario expects {expected:,.0f} complaints; the limit is {limit:,} "
                                           "(lower the rates or shorten the horizon)",
                                     "zh": "情景预计投诉 {expected:,.0f} 件，超过上限 {limit:,} 件（请降低到达率或缩短时长）"},
    # plan paths
    "plan.outside": {"en": "plan file {plan!r} is outside the scenario's folder and the kit's plans folder; move it "
                           "into one of them, or allow its folder with DRILL_PLAN_DIRS",
                     "zh": "预案文件 {plan!r} 不在情景所在文件夹或工具包的预案文件夹内；请移入其中之一，"
                           "或用 DRILL_PLAN_DIRS 允许其所在文件夹"},
    "plan.not_regular": {"en": "plan file {plan!r} is not a regular file ({kind})",
                         "zh": "预案文件 {plan!r} 不是普通文件（{kind}）"},
    # graphs
    "graph.branch_cycle": {"en": "contingency injects wait on each other in a circle: {cycle} (each waits on a "
                                 "prompt of the next); none of them could be sent first",
                           "zh": "应变注入信息互相等待，形成循环：{cycle}（每条都等待下一条的问题）；没有一条能先发出"},
    "graph.branch_later": {"en": "waits on prompt {prompt!r} of inject {inject!r}, which is sent after this one "
                                 "(same time, later in the file); move {inject!r} above it",
                           "zh": "等待注入信息 {inject!r} 的问题 {prompt!r}，而该注入信息在此之后发出（同一时间、"
                                 "文件中更靠后）；请将 {inject!r} 移到前面"},
    "graph.before_cycle": {"en": "'before' orders criteria in a circle: {cycle}; no reply can meet them all",
                           "zh": "“before”顺序形成循环：{cycle}；任何回复都无法全部满足"},
    # question pools: an inject's variants (sim.format.drill_script.Variant)
    "variant.shared": {"en": "{field!r} is the inject's: every variant of it is sent at the same time, on the same "
                             "channel and under the same condition; give it on the inject",
                       "zh": "{field!r} 属于注入信息本身：同一注入信息的各个变体在同一时间、同一渠道、同一条件下发出；"
                             "请写在注入信息上"},
    "variant.nested": {"en": "a variant has no variants of its own; list every variant under the inject",
                       "zh": "变体不能再有自己的变体；请把所有变体都列在注入信息下"},
    "variant.empty": {"en": "variant {variant!r} changes nothing; give the message, from, subject, attachment or "
                            "prompts it has instead of the inject's",
                      "zh": "变体 {variant!r} 没有任何改动；请写出它用来替代注入信息的 message、from、subject、"
                            "attachment 或 prompts"},
    "variant.id_twice": {"en": "variant id {variant!r} is used twice in this inject (the inject's own id names "
                               "the version written on the inject)",
                         "zh": "变体标识 {variant!r} 在此注入信息中重复（注入信息自身的标识指写在注入信息上的版本）"},
    "variant.prompt_count": {"en": "the inject asks {expected} prompts and variant {variant!r} {count}; a variant "
                                   "asks the same prompts as its inject, in the same order, each with its own id "
                                   "(or gives no prompts and asks the inject's)",
                             "zh": "注入信息有 {expected} 个问题，而变体 {variant!r} 有 {count} 个；变体须按相同顺序"
                                   "提出与注入信息相同的问题，每个问题用自己的标识（或不写 prompts，沿用注入信息的问题）"},
    "variant.kind": {"en": "prompt {prompt!r} is a {value} prompt, but {base!r} in the same place of the inject is "
                           "a {expected} prompt; the variants of a step ask the same kind of question",
                     "zh": "问题 {prompt!r} 的类型是 {value}，而注入信息中同一位置的 {base!r} 是 {expected}；"
                           "同一步骤的各个变体须提出同一类型的问题"},
    "variant.points": {"en": "prompt {prompt!r} is worth {value} points, but {base!r} in the same place of the "
                             "inject {expected}; the variants of a step are worth the same, so that every trainee "
                             "is scored out of the same points",
                       "zh": "问题 {prompt!r} 的分值为 {value}，而注入信息中同一位置的 {base!r} 为 {expected}；"
                             "同一步骤的各个变体分值须相同，使每位学员的总分基数一致"},
    "variant.step": {"en": "prompt {prompt!r} drills plan step {value!r}, but {base!r} in the same place of the "
                           "inject drills {expected!r}; the variants of a step drill the same plan step",
                     "zh": "问题 {prompt!r} 演练的预案步骤是 {value!r}，而注入信息中同一位置的 {base!r} 是 "
                           "{expected!r}；同一步骤的各个变体须演练同一预案步骤"},
    "variant.prompt_id_twice": {"en": "prompt id {prompt!r} is used twice; each variant asks its own prompts with "
                                      "their own ids, so that a stored answer says which variant it answered",
                                "zh": "问题标识 {prompt!r} 重复；每个变体的问题须有各自的标识，这样保存的作答才能"
                                      "表明回答的是哪个变体"},
    "variant.branch_on_variant": {"en": "prompt {prompt!r} belongs to variant {variant!r} of inject {inject!r}; a "
                                        "branch names the inject's own prompt {pool!r}, and then holds for "
                                        "whichever variant a trainee got",
                                  "zh": "问题 {prompt!r} 属于注入信息 {inject!r} 的变体 {variant!r}；分支条件应引用"
                                        "注入信息自身的问题 {pool!r}，这样无论学员收到哪个变体都适用"},
    "variant.branch_option": {"en": "{option!r} is not an option of prompt {prompt!r} of variant {variant!r} "
                                    "({options}); a branch on a question pool names an option every variant offers",
                              "zh": "{option!r} 不是变体 {variant!r} 的问题 {prompt!r} 的选项（{options}）；"
                                    "针对问题池的分支条件只能引用每个变体都有的选项"},
}


def _merged() -> None:
    """Add the models' messages (:mod:`sim.format.wording`), the words they name and the types they quote."""
    from sim.format.wording import KINDS, MODEL_MESSAGES, WHAT
    more = {**MODEL_MESSAGES, **{f"kind.{k}": v for k, v in KINDS.items()},
            **{f"what.{en}": {"en": en, "zh": zh} for en, zh in WHAT.items()}}
    twice = set(more) & set(MESSAGES)
    if twice:
        raise RuntimeError(f"format messages defined twice: {sorted(twice)}")
    MESSAGES.update(more)


_merged()


def add_messages(more: dict[str, dict[str, str]]) -> None:
    """Let a part of the kit above the format raise its own messages with :func:`fail_key` and
    :func:`problem` (the history's column-mapping file is validated by the format's loader, but its
    wording lives in the kit's catalogue :mod:`sim.i18n.history`, which the format does not import).
    Adding the same entry again is harmless; a key that would change an existing message is an error."""
    clash = sorted(key for key, entry in more.items() if MESSAGES.get(key, entry) != entry)
    if clash:
        raise RuntimeError(f"format messages defined twice: {clash}")
    MESSAGES.update(more)


class Word(str):
    """A parameter that is itself a message key, translated with the message (``kind=Word("file.kind.pipe")``)."""


class Phrase:
    """A parameter that is itself a message with its own parameters, translated with the message."""

    def __init__(self, key: str, /, **params: Any):
        self.key, self.params = key, params


def say(key: str, lang: str = "en", /, **params: Any) -> str:
    """The message ``key`` in ``lang`` (English when the language is not known), filled with ``params``."""
    entry = MESSAGES[key]
    params = {k: say(v, lang) if isinstance(v, Word) else say(v.key, lang, **v.params) if isinstance(v, Phrase)
              else v for k, v in params.items()}
    return (entry.get(lang) or entry["en"]).format(**params)


def problem(path: str, line: int | None, field: str, key: str, /, **params: Any) -> Problem:
    """A Problem saying ``key`` in English, with its Chinese wording."""
    return Problem(path, line, field, say(key, "en", **params), zh=say(key, "zh", **params))


def fail_key(key: str, /, *at: str | int, **params: Any) -> PydanticCustomError:
    """An error for a model validator to raise, at the key ``at`` inside the value being validated (as
    :func:`sim.format.base.fail`), carrying its Chinese wording for the loader."""
    # pydantic fills the template from the context, ``{name}`` by ``{name}`` in the context's order, and
    # knows no ``{{`` escape: the English goes in last, as the whole template, so that braces in it (a
    # value the user wrote, ``defaults: {channel: ...}``) come out as they are.
    context = {"at": tuple(at), "zh": say(key, "zh", **params), "en": say(key, "en", **params)}
    return PydanticCustomError("kit", "{en}", context)


def file_kind(mode: int) -> Word:
    """What a path is when it is not a regular file (from its ``st_mode``), as a translatable word."""
    if stat.S_ISDIR(mode):
        return Word("file.kind.folder")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return Word("file.kind.device")
    if stat.S_ISFIFO(mode):
        return Word("file.kind.pipe")
    if stat.S_ISSOCK(mode):
        return Word("file.kind.socket")
    return Word("file.kind.other")


def kind_of(value: Any) -> str:
    """The type of ``value`` as a message names it ("got str"), a translatable word when the kit has one."""
    name = type(value).__name__
    return Word(f"kind.{name}") if f"kind.{name}" in MESSAGES else name


def what_word(what: str) -> str:
    """What an id was meant to be ("role", "channel"), a translatable word when the kit has one."""
    return Word(f"what.{what}") if f"what.{what}" in MESSAGES else what


def shown(value: Any, width: int = 40) -> str:
    """A value as a message quotes it, cut to ``width`` characters (a hostile value may be long): text
    quoted, a float as ``:g``, and null, true and false as the author wrote them in YAML.

    >>> shown(None), shown(True), shown("seven"), shown(2.50), shown("x" * 50, width=8)
    ('null', 'true', "'seven'", '2.5', "'xxxxxx…")
    """
    # Python would say None, True and False; the author wrote null, true and false.
    if value is None:
        text = "null"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    else:
        text = repr(value) if isinstance(value, str) else f"{value:g}" if isinstance(value, float) else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"
