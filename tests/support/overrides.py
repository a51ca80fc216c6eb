"""Shared by the tests of reply evidence and trainers' overrides: a small scenario with two replies, hand-built
prompt scores (the sentence that met each criterion, the words that raised a flag, as a scorer would give
them, whatever the scorer of the day does), and a cohort whose results are those hand-built scores."""
from __future__ import annotations

from sim.drill.scorecard import build_scorecard
from sim.drill.scoring import FlagHit, PromptScore
from support.drill import small_scenario

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"

# Points: grade 1, reply 4, public 2 (7 in all). Ratings of the default plan: P ≥ 85 %, S ≥ 65 %, M ≥ 35 %.
INJECTS = [{"id": "call", "at": "T+00:05", "channel": "hotline", "sender": {"en": "Ms Li", "zh": "李女士"},
            "message": {"en": "My power bank melted.", "zh": "我的充电宝熔化了。"},
            "prompts": [
                {"id": "grade", "kind": "choice", "step": "receive_and_record", "options": ["minor", "major"],
                 "answer": "major", "points": 1},
                {"id": "reply", "kind": "reply", "step": "emergency_handling", "points": 4,
                 "question": {"en": "Reply to her.", "zh": "回复她。"},
                 "rubric": [{"id": "sorry", "any": ["sorry"],
                             "expects": {"en": "Apologise sincerely.", "zh": "真诚致歉。"}},
                            {"id": "unplug", "any": ["unplug"],
                             "expects": {"en": "Tell her to unplug it.", "zh": "请她拔掉电源。"}}],
                 "must_not": [{"id": "phone", "flag": "privacy_leak", "phones": ["139-0000-1111"]}]},
                {"id": "public", "kind": "reply", "step": "follow_up_and_feedback", "points": 2,
                 "question": {"en": "Answer in public.", "zh": "公开回复。"},
                 "rubric": [{"id": "ack", "any": ["sorry"],
                             "expects": {"en": "Acknowledge her worry.", "zh": "回应她的担忧。"}}]}]}]

GOOD_REPLY = f"So sorry, Ms Li. {SCRIPT} Please unplug it now & keep it away."
LEAKY_REPLY = "So sorry. Mr Tao had the same, call him on 139-0000-1111."


def reply_scenario(plan):
    return small_scenario(plan, INJECTS, pass_mark=0.75)


def privacy(plan, words: str, lang: str = "en") -> FlagHit:
    flag = plan.flags["privacy_leak"]
    return FlagHit("privacy_leak", "phone", flag.critical, flag.name.get(lang), (words,))


def hand_scores(plan, *, reply: str = GOOD_REPLY, reply_points: float = 4.0, met=None, flags=(),
                public: str = "Sorry, we are on it.", public_points: float = 2.0, lang: str = "en") -> list[PromptScore]:
    """The three prompt scores as a scorer would give them: ``met`` (criterion id, sentence) for the reply
    (default: its first two sentences), ``flags`` FlagHits on it."""
    rate = plan.drills.ratings.rate
    if met is None:
        met = (("sorry", "So sorry, Ms Li."), ("unplug", "Please unplug it now & keep it away."))
    critical = any(f.critical for f in flags)
    points = 0.0 if critical else reply_points
    return [PromptScore("grade", "choice", "receive_and_record", 1.0, 1.0, True, ("major",), rating="P", value="major"),
            PromptScore("reply", "reply", "emergency_handling", points, 4.0, True, tuple(c for c, _ in met),
                        rating="U" if critical else rate(points / 4), value=reply, flags=tuple(flags),
                        met_by=tuple(met)),
            PromptScore("public", "reply", "follow_up_and_feedback", public_points, 2.0, True, ("ack",),
                        rating=rate(public_points / 2), value=public, met_by=(("ack", public.split(",")[0] + ","),))]


def hand_card(scenario, lang: str = "en", **kw):
    return build_scorecard(scenario, hand_scores(scenario.plan, lang=lang, **kw), lang, trainee="Ann")


def finished_attempt(store, scenario, trainee: str, answers: dict, card=None, lang: str = "en") -> int:
    """A finished attempt with these answers, scored by the session (and then, when ``card`` is given, with
    that hand-built card saved as its latest score, as if the scorer had given it)."""
    from sim.drill.session import DrillSession
    session = DrillSession(scenario, trainee, lang, store)
    for pid, value in answers.items():
        session.answer(pid, value)
    session.finish()
    if card is not None:
        store.save_score(session.attempt_id, card)
    return session.attempt_id


def met_mark(label: str, text: str) -> str:
    """A whole sentence that met a criterion, as the HTML marks it (labelled with what the plan expects)."""
    return f'<mark class="dk-met" title="{label}" data-label="{label}">{text}</mark>'
