"""What a reply is judged against besides its rubric: who is being answered, where, and what may be offered.

The same words can be right in one reply and a breach in another: a customer's phone number said back to
her on a private call, or posted on social media; "we'll refund the 15 yuan" when 15 yuan was wrongly
charged, or "we'll pay you 500 yuan" when nobody decided that. :func:`reply_context` reads it from the
scenario, so authors list nothing:

* the **addressee**: the inject's sender ("Ms Li" -> Li, "李女士" -> 李, "@Wang_Fang88" -> a handle);
* the **channel**: public when the plan says so (``channels.<id>.public``: social media);
* the addressee's **own words** (the inject's message and attachment): data in them is theirs;
* the **company's contacts** (``company.contacts`` in the plan), never a breach;
* what is **authorised**: the prompt's question (where the crisis group's decision is given), what the
  rubric expects, the author's good examples and a brief from inside the company (an inject on no channel
  of the plan: "The crisis group approved at 12:00..."), and what the trainee was told before this inject (the
  drill's briefing and earlier briefs from inside the company: "the hub was flooded overnight; the crisis group
  has approved a 20-yuan coupon"); plus the plan's ``authority.goodwill_limit``. Not the
  customer's own message: "免我三个月宽带费" is her demand, not an offer anyone approved (what she reports
  still counts as *known* when a cause is judged, see :mod:`sim.drill.causes`).

    >>> from sim.format.library import find_scenario
    >>> sc = find_scenario("product_defect_surge")
    >>> inject = next(i for i in sc.drill.injects if i.id == "public-reply")
    >>> ctx = reply_context(sc.plan, inject).personal
    >>> ctx.public, ctx.handles
    (True, ('@Wang_Fang88', '@王芳88'))
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sim.drill.personal_data import ReplyContext
from sim.drill.text import to_simplified
from sim.format.drill_script import Drill, Inject
from sim.format.plan import Plan
from sim.format.prompts import Prompt

__all__ = ["JudgingContext", "addressed_by_name", "addressee_names", "addressee_title", "reply_context",
           "told_before"]

_TITLE_EN = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Madam)\.?\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)")
_TITLE_ZH = re.compile(r"([\u4e00-\u9fff]{1,3}?)(?:先生|女士|小姐|阿姨|叔叔|老师|师傅|太太)")
# Characters that start the words before a name in a question or a sender line, never a surname's: "写下你对周女士
# 说的话" names 周, not 你对周 (the shortest match above still starts at the leftmost character it can).
_NOT_A_NAME = set("你您我他她它们对向给和与跟同请在是的了把被让叫致回写问答")


@dataclass(frozen=True)
class JudgingContext:
    personal: ReplyContext          # for personal data (sim.drill.personal_data)
    authorised: str = ""            # what may be offered (sim.drill.conduct)
    goodwill_limit: float = 0.0


def addressee_names(sender: str) -> tuple[str, ...]:
    """The names a sender line gives: "Ms Li" -> ("Li",), "刘女士，视频发布者" -> ("刘",), handles excluded.

    >>> addressee_names("Mr Qian, customer since 2023"), addressee_names("刘女士，视频发布者，老人的女儿")
    (('Qian',), ('刘',))
    >>> addressee_names("写下你对周女士说的话"), addressee_names("请回复王小明先生")
    (('周',), ('王小明',))
    """
    names = [m.group(1) for m in _TITLE_EN.finditer(sender)]
    names += [_without_lead(m.group(1)) for m in _TITLE_ZH.finditer(sender)]
    return tuple(dict.fromkeys(names))


def addressed_by_name(reply: str, ctx: ReplyContext) -> bool | None:
    """Whether a private reply names the person it answers (None: a public reply, or nobody named to answer).

    A reply to Ms Li that never says "Ms Li" / "李女士" could go to anyone: the form letter the plan's "apologise
    sincerely, show empathy" rules out. Traditional characters count as Simplified (黃先生 is 黄先生).

    >>> ctx = ReplyContext(addressee=("Li", "李"))
    >>> addressed_by_name("I'm so sorry, Ms Li.", ctx), addressed_by_name("黎女士，抱歉。", ctx)
    (True, False)
    >>> addressed_by_name("We will lift the block.", ctx), addressed_by_name("李女士，抱歉。", ReplyContext())
    (False, None)
    """
    if ctx.public or not ctx.addressee:
        return None
    text = to_simplified(reply)
    for name in ctx.addressee:
        name = to_simplified(name)
        if re.search(rf"\b{re.escape(name)}\b" if name.isascii() else re.escape(name), text):
            return True
    return False


def addressee_title(inject: Inject | None, lang: str) -> str:
    """How the inject's sender is addressed in ``lang`` ("Ms Li", "李女士"), for feedback; "" if no title.

    >>> from sim.format.library import find_scenario
    >>> inject = next(i for i in find_scenario("product_defect_surge").drill.injects if i.id == "first-call")
    >>> addressee_title(inject, "en"), addressee_title(inject, "zh")
    ('Ms Li', '李女士')
    """
    sender = inject.sender if inject is not None else None
    text = (sender.zh if lang == "zh" else sender.en) if sender is not None else None     # no other language's name
    m = (_TITLE_ZH if lang == "zh" else _TITLE_EN).search(text or "")
    if m is None:
        return ""
    return m.group(0) if lang != "zh" else _without_lead(m.group(1)) + m.group(0)[len(m.group(1)):]


def _without_lead(name: str) -> str:
    """A Chinese name before a title without the words in front of it.

    >>> _without_lead("你对周"), _without_lead("对王"), _without_lead("王小明"), _without_lead("欧阳")
    ('周', '王', '王小明', '欧阳')
    """
    while len(name) > 1 and name[0] in _NOT_A_NAME:
        name = name[1:]
    return name


@lru_cache(maxsize=256)
def reply_context(plan: Plan, inject: Inject | None, prompt: Prompt | None = None,
                  drill: Drill | None = None) -> JudgingContext:
    """The judging context of a reply prompt of ``inject`` (None: a prompt judged on its own) in ``drill``
    (None: the inject alone, without what the trainee was told before it)."""
    company = plan.company.contacts + tuple(v for v in (plan.company.name.en, plan.company.name.zh)
                                            if plan.company.name is not None and v)
    if inject is None:      # nobody known to be answered: names cannot be judged, only data
        return JudgingContext(ReplyContext(company=company, judge_names=False),
                              "\n".join(_prompt_authorises(prompt)), plan.authority.goodwill_limit)
    senders = [v for v in (inject.sender.en, inject.sender.zh) if inject.sender is not None and v]
    handles = tuple(dict.fromkeys(s.split()[0].split("（")[0].split("(")[0] for s in senders if s.startswith("@")))
    asked = [q for q in (prompt.question.en, prompt.question.zh) if q] if prompt is not None and prompt.question else []
    # The person answered is the sender, or whoever the question names ("Write your reply to Ms Fang").
    names = tuple(dict.fromkeys(n for s in senders + asked for n in addressee_names(s)))
    own = [inject.message.en, inject.message.zh]
    if inject.attachment is not None:
        for text in (inject.attachment.text, inject.attachment.caption):
            if text is not None:
                own += [text.en, text.zh]
    channel = plan.channels.get(inject.channel)
    public = bool(channel is not None and channel.public)
    # a message on none of the plan's channels comes from inside the company (the head of PR's brief): it
    # carries decisions; a customer's message carries only her demands
    authorised: list[str] = [o for o in own if o] if channel is None else []
    if drill is not None:
        authorised += told_before(plan, drill, inject)
    authorised += _prompt_authorises(prompt)
    personal = ReplyContext(addressee=names, handles=handles, public=public,
                            own_text="\n".join(o for o in own if o), company=company)
    return JudgingContext(personal, "\n".join(authorised), plan.authority.goodwill_limit)


def _prompt_authorises(prompt: Prompt | None) -> list[str]:
    """What the prompt itself authorises, with or without its inject: its question (the crisis group's decision
    is often put there), what its rubric expects to be said (by definition within the handler's authority), and
    its good examples."""
    if prompt is None:
        return []
    out = [q for q in (prompt.question.en, prompt.question.zh) if q] if prompt.question is not None else []
    out += [v for c in prompt.rubric if c.expects is not None for v in (c.expects.en, c.expects.zh) if v]
    return out + [t for e in prompt.examples if e.grade == "good" for t in (e.en, e.zh) if t]


def told_before(plan: Plan, drill: Drill, inject: Inject) -> list[str]:
    """What the trainee was told before ``inject`` arrived, from inside the company: the drill's briefing and
    the messages of earlier injects on no channel of the plan (briefs, the crisis group's decisions). A
    customer's message is not among them: what she says is her view, not a confirmed fact or an approval.

    >>> from sim.format.library import find_scenario
    >>> sc = find_scenario("logistics_failure")
    >>> inject = next(i for i in sc.drill.injects if any(p.id == "reply-lin" for p in i.prompts))
    >>> any("20-yuan coupon" in text for text in told_before(sc.plan, sc.drill, inject))
    True
    """
    told = [v for v in (drill.briefing.en, drill.briefing.zh) if v] if drill.briefing is not None else []
    # the injects in the order they are sent (scenario clock, then as written), as sim.drill.branching does
    order = sorted(range(len(drill.injects)), key=lambda i: (drill.injects[i].at, i))
    for i in order:
        earlier = drill.injects[i]
        if earlier is inject:
            break
        if earlier.channel not in plan.channels:
            told += [v for v in (earlier.message.en, earlier.message.zh) if v]
    return told
