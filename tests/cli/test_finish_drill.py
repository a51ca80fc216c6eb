"""The terminal drill speaks as the trainee saw the drill (issue 20): the flagship played to the end in Chinese
and in English through the terminal runner (its input and output injected), an incomplete order refused by the
names on screen, and nothing on screen an internal id (prompt, criterion, step, category, role or flag)."""
import re

import pytest
from support.drill import perfect_answers

from sim.cli.drill import Runner
from sim.drill.session import DrillSession
from sim.i18n import t
from sim.store.results import Store

REPLY = {"zh": "非常抱歉，李女士，这一定让您很担心。请立即拔掉电源，停止使用。我们今晚会给您回电。",
         "en": "I'm so sorry, Ms Li. Please unplug it now and stop using it. We will call you back tonight."}


def play(scenario, lang, tmp_path):
    """The flagship to the end: full-mark answers typed as option numbers, an order first typed incomplete,
    the replies written in ``lang``; what the screen showed, as one text."""
    store = Store(f"sqlite:///{tmp_path / 'drills.sqlite'}")
    session = DrillSession(scenario, "王小明", lang, store.practice())
    key = perfect_answers(scenario)
    asked: dict[str, int] = {}
    screen: list[str] = []

    def read(_label=""):
        p = session.next_prompt()
        n = asked[p.id] = asked.get(p.id, 0) + 1
        if p.kind == "reply":
            return REPLY[lang] if n % 2 else ""                  # a line, then the empty line that ends it
        if p.kind == "order" and n == 1:
            return "1"                                           # incomplete: refused, then typed in full
        if p.kind == "number":
            return f"{key[p.id]:g}"
        if p.kind == "yesno":
            return key[p.id]
        wanted = [key[p.id]] if isinstance(key[p.id], str) else key[p.id]
        return ",".join(str(p.option_ids().index(o) + 1) for o in wanted)

    assert Runner(session, "resume", read=read, write=lambda text="": screen.append(text)).run() == 0
    return "\n".join(screen)


def ids(scenario):
    plan, prompts = scenario.plan, scenario.drill.prompts()
    return ({p.id for p in prompts} | {c.id for p in prompts for c in p.rubric} | set(plan.steps)
            | set(plan.categories) | set(plan.roles) | set(plan.flags))


def shown_ids(text, candidates):
    return sorted(i for i in candidates if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text))


@pytest.fixture(scope="module")
def zh_screen(flagship, tmp_path_factory):
    return play(flagship, "zh", tmp_path_factory.mktemp("zh"))


def test_the_chinese_terminal_drill_shows_no_internal_id(flagship, zh_screen):
    assert shown_ids(zh_screen, ids(flagship)) == []
    assert t("drill.cli.saved", "zh", n=1) in zh_screen                       # "答案已保存（已答 1 题）。"
    assert t("scorecard.model_answer", "zh", reply="")[:4] in zh_screen       # the model answer beside a reply


def test_an_incomplete_order_is_refused_by_the_names_on_screen(flagship, zh_screen):
    refused = next(line for line in zh_screen.splitlines() if "✗" in line)
    names = [flagship.plan.steps[s].name.zh for s in next(p for p in flagship.drill.prompts()
                                                           if p.id == "steps-order").answer]
    assert sum(name.split(". ", 1)[-1] in refused for name in names) == len(names) - 1   # all but the one typed
    assert shown_ids(refused, set(flagship.plan.steps)) == []


def test_the_english_terminal_drill_shows_no_prompt_or_criterion_id(flagship, tmp_path):
    screen = play(flagship, "en", tmp_path)
    # in English an id may also be a word ("notify", "other"): those with a - or _ cannot be
    assert shown_ids(screen, {i for i in ids(flagship) if re.search(r"[-_]", i)}) == []
    assert "Kendall" not in screen and "τ" not in screen
