"""Stock phrases (套话): the form letter a trainee pastes instead of answering the customer.

The plan asks for a sincere reply to *this* customer. A form letter ticks the rubric's boxes in phrases that
could go to anyone about anything:

    "Dear Valued Customer, we are sorry to hear about your experience. Protecting your privacy is our top
    priority... Any eligible refund will be processed within the standard number of working days. Thank you for
    your patience and understanding."

    "尊敬的客户您好，非常抱歉给您带来不愉快的体验。我司高度重视……相关部门将尽快为您处理，感谢您的理解与支持！"

One such phrase is ordinary politeness (a good handler may thank someone for their patience); a reply that
strings :data:`FORM_LETTER` or more distinct ones together, :data:`MARKERS` of them the template's own ("Dear valued
customer", "is our top priority", 尊敬的客户, 高度重视; not only courtesies such as "thank you for your patience" or
如有其他问题), reads as a template. On the dev corpora no good or adequate reply does (38 of 1,262 hold one or two
stock phrases), and 19 of 404 keyword-stuffed replies do; such a reply earns at most three quarters of its points
(:data:`sim.drill.scoring.FORM_LETTER_CAP`), no more than an adequate one.

    >>> stock_phrases("Dear valued customer, thank you for your patience. Relevant teams will contact you.")
    ('Dear valued customer', 'thank you for your patience', 'Relevant teams')
    >>> form_letter("Dear valued customer, thank you for your patience. Relevant teams will contact you.")
    False
    >>> stock_phrases("I'm so sorry, Ms Li. Please unplug it now and keep it away from your son.")
    ()
"""
from __future__ import annotations

import re
from functools import lru_cache

from sim.drill.text import to_simplified

__all__ = ["FORM_LETTER", "MARKERS", "form_letter", "stock_phrases"]

FORM_LETTER = 3         # distinct stock phrases that make a reply a form letter (chosen on the dev corpora) ...
MARKERS = 2             # ... of which this many at least are the template's own, not everyday courtesy

# The template's own phrases: said to anyone about anything.
_MARKERS_EN = (
    r"\bdear\s+(?:valued\s+)?(?:customer|client|user|member)s?\b",
    r"\bsorry\s+to\s+hear\s+(?:about|of)\s+(?:your|any|the)\s+(?:experience|concern|issue|situation)",
    r"\b(?:sorry|apologi[sz]e)\s+for\s+any\s+(?:inconvenience|concern|trouble|distress|confusion)",
    # "we take the security of our customers' information very seriously" (not "I take it nobody was seriously hurt")
    (r"\btake[sn]?\s+(?!it\s+(?:that|you|nobody|no\s+one|he|she|they|we)\b)(?:[\w'’]+\s+){0,6}?"
    r"(?:very|extremely|most|really|so|incredibly)\s+seriously\b"),
    r"\b(?:is|are|remains?)\s+our\s+(?:top\s+|highest\s+|number\s+one\s+|first\s+)?priority\b",
    r"\bat\s+the\s+heart\s+of\s+everything\b",
    r"\blook\s+forward\s+to\s+serving\b",
    r"\byour\s+feedback\s+(?:is\s+(?:important|valuable)|has\s+been\s+(?:received|noted)|regarding)\b",
    r"\bwhere\s+(?:applicable|appropriate)\b",
    r"\bany\s+eligible\b",
    r"\bstandard\s+(?:number\s+of\s+)?(?:processing\s+)?(?:time|working\s+days|timeframe)\b",
    r"\b(?:always\s+)?looking\s+(?:into|for)\s+ways\s+to\s+improve\b",
    r"\bput(?:ting)?\s+(?:our\s+)?customers\s+first\b",
    r"\bunforeseen\s+circumstances\b",
    r"\bwe\s+value\s+(?:your|our)\s+(?:feedback|custom|customers|business)\b",
)
_MARKERS_ZH = (
    r"尊敬的(?:客户|用户|顾客|会员)", r"亲爱的(?:用户|客户|顾客|会员)",
    r"给您带来(?:了)?(?:不好|不愉快|不佳)的(?:体验|感受)",
    r"高度重视", r"相关部门", r"温馨提示", r"积极(?:调查|跟进|处理|核实|排查)", r"放在(?:第一位|首位)",
    r"祝您生活愉快", r"本回复完毕", r"已收到您的(?:反馈|留言)", r"敬请谅解",
)
# Everyday courtesy that a good handler says too: counted only beside the template's own phrases.
_COURTESY = (
    r"\bthank\s+you\s+for\s+your\s+(?:patience|understanding|continued\s+support|kind\s+understanding)\b",
    r"\brelevant\s+(?:teams?|departments?|parties|personnel)\b",
    r"\bhappy\s+to\s+assist\b",
    r"感谢您(?:一直以来)?的(?:理解|关注|耐心)(?:与|和)?(?:支持|理解|配合)?", r"如有(?:疑问|其他问题|任何问题)",
    r"尽快为您(?:处理|解决)", r"我司",
)
_STOCK = tuple((re.compile(p, re.IGNORECASE), True) for p in _MARKERS_EN + _MARKERS_ZH) + \
    tuple((re.compile(p, re.IGNORECASE), False) for p in _COURTESY)


@lru_cache(maxsize=4096)
def stock_phrases(reply: str) -> tuple[str, ...]:
    """The distinct stock phrases of ``reply`` as written, in the order of the list (Traditional Chinese read as
    Simplified)."""
    plain = to_simplified(reply)            # keeps the length: a span of it is a span of the reply as written
    return tuple(reply[m.start():m.end()] for m, _ in _found(plain))


def _found(plain: str) -> list[tuple[re.Match, bool]]:
    return [(m, marker) for rx, marker in _STOCK if (m := rx.search(plain))]


@lru_cache(maxsize=4096)
def form_letter(reply: str) -> bool:
    """Whether ``reply`` strings together :data:`FORM_LETTER` or more distinct stock phrases, :data:`MARKERS` of them
    the template's own."""
    found = _found(to_simplified(reply))
    return len(found) >= FORM_LETTER and sum(marker for _, marker in found) >= MARKERS
