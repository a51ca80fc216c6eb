"""The two parts of "who will contact you, and when" that every reply rubric asks for, in any wording.

Rubric authors write a next-step criterion as phrase groups that must *all* be present: a contact verb
("call you", "get back to you", "联系您") and a time ("today", "within", "今晚"). Trainees say the same
with other words: "someone from that team will ring you back on this number before 5 o'clock this
afternoon", "两个小时之内，我们专门处理诈骗的同事会给您回电话". Listing every way of saying a time is what
authors should not have to do, so a group whose phrases are times (or contact verbs) is also met by any
time (or contact) expression found here.

    >>> bool(find_slot("time", "A specialist will ring you before 5 o'clock this afternoon."))
    True
    >>> bool(find_slot("time", "今天下午五点前给您回电话。")), bool(find_slot("contact", "会给您回电话"))
    (True, True)
    >>> slot_of(("today", "tonight", "within", "by ")), slot_of(("联系您", "回电")), slot_of(("unplug",))
    ('time', 'contact', None)
"""
from __future__ import annotations

import re

from sim.drill.text import to_simplified

__all__ = ["find_slot", "slot_of"]

_N_EN = r"(?:\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|forty-?five|half\s+an?)"
_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_N_ZH = r"(?:\d+|[一二两三四五六七八九十半]+)"

_PATTERNS = {
    "time": re.compile("|".join([
        (r"\b(?:today|tonight|tomorrow|this\s+(?:morning|afternoon|evening|week)|end\s+of\s+(?:the\s+)?(?:day|week)|"
         r"first\s+thing|straight\s+away|right\s+away|within\s+the\s+hour|the\s+day\s+after)\b"),
        rf"\b(?:within|in\s+the\s+next|in|under)\s+{_N_EN}\s+(?:working\s+|business\s+)?(?:minutes?|mins?|hours?|hrs?|days?)\b",
        rf"\b{_N_EN}\s+(?:minutes?|mins?|hours?|hrs?)\b",
        (rf"\b(?:by|before|until|no\s+later\s+than|at)\s+(?:\d{{1,2}}(?:[:.]\d\d)?|noon|midday|midnight|{_DAY}|tomorrow|"
         rf"tonight|the\s+end|close\s+of|half\s+past|quarter\s+(?:past|to)|nine|ten|eleven|eight|seven|six|five|four|three|"
         rf"two|one)\b"),
        r"\b\d{1,2}(?:[:.]\d\d)?\s*(?:a\.?m\.?|p\.?m\.?|o'clock|h)\b|\b\d{1,2}:\d\d\b",
        rf"\b(?:on|next|this|by)\s+{_DAY}\b|\b{_DAY}\b",
        rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\b|\b{_MONTH}\s+\d{{1,2}}\b",
    ]), re.IGNORECASE),
    "time_zh": re.compile("|".join([
        r"今天|今晚|今日|明天|明早|明晚|后天|本周|这周|下周|周[一二三四五六日天]|星期[一二三四五六日天]|礼拜[一二三四五六日天]",
        rf"{_N_ZH}\s*个?(?:小时|钟头|分钟|天|个工作日|工作日|日)(?:内|之内|以内|后|以后)",
        rf"{_N_ZH}\s*[点點时時](?:半|{_N_ZH}分?)?(?:前|之前|以前|左右)?",
        r"(?:上午|下午|中午|晚上|傍晚|早上|今早)|马上|立刻|立即|第一时间|尽快在|当天|月底前|\d+月\d+[日号]",
    ])),
    "contact": re.compile("|".join([  # noqa: FLY002 (one alternative per line reads better)
        r"\b(?:call|ring|phone|contact|email|e-mail|text|message|update|visit|brief|reach|write\s+to|see)\s+(?:you|her|him|them)\b",
        r"\b(?:call|ring|phone|get|come|write)\s+(?:you\s+|her\s+|him\s+)?back\b|\bgive\s+(?:you|her|him)\s+a\s+(?:call|ring|bell)\b",
        (r"\b(?:be|get)\s+in\s+touch\b|\bhear\s+from\s+(?:us|me|our|them|the)\b|\b(?:get|come)\s+back\s+to\s+you\b|"
         r"\b(?:a|the)\s+(?:call|phone\s+call|callback|call-back|update|visit)\s+(?:from|with|to)\b"),
    ]), re.IGNORECASE),
    "contact_zh": re.compile(
        r"联系(?:您|你|她|他)|(?:给|跟|向|和)(?:您|你)(?:回|打|致|发|通|说|讲|答|解|更新|汇报|报告)|打(?:给)?(?:您|你)的?(?:这个)?(?:电话|号码|手机)|回电|回个?电话|致电|打(?:个|一个)?电话|"
        r"回复(?:您|你)|答复(?:您|你)|通知(?:您|你)|告知(?:您|你)|告诉(?:您|你)|上门|拜访|回访|登门|回到(?:这个|此)?对话|发(?:一次|一下)?进展|同步进展"),
}
_GROUP_WORDS = {
    "time": ("today", "tonight", "tomorrow", "within", "by ", "before", "hour", "hours", "minutes", "this afternoon",
             "this evening", "end of day", "asap", "今天", "今晚", "明天", "小时内", "之前", "以前", "前", "分钟", "当天",
             "下午", "晚上", "马上", "尽快"),
    "contact": ("call you", "contact you", "get back to you", "ring you", "phone you", "email you", "reach you",
                "call her", "call him", "update you", "visit", "联系您", "回电", "回复您", "致电", "打电话", "答复",
                "通知您", "告知", "回访", "上门"),
}


def slot_of(group: tuple[str, ...]) -> str | None:
    """Whether a phrase group of an ``all`` criterion is a time or a contact verb (half its phrases or more)."""
    for slot, words in _GROUP_WORDS.items():
        known = sum(1 for p in group if p.lower().replace("*", "") in words)
        if group and known * 2 >= len(group):
            return slot
    return None


def find_slot(slot: str, text: str) -> re.Match | None:
    """The first time (``slot="time"``) or contact (``"contact"``) expression in ``text``, in English or Chinese."""
    return _PATTERNS[slot].search(text) or _PATTERNS[slot + "_zh"].search(to_simplified(text))
