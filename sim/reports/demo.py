"""Scripted trainees and demo cohorts: real drills through :class:`~sim.drill.session.DrillSession`, with
answers derived from each scenario's key and varied by a per-trainee skill, so the dashboard and the
after-action report can be tried (and tested) without a real cohort.

A scripted trainee of skill ``s`` (0..1) picks the right option with probability about ``s`` (else an
option with partial credit, or a wrong one), ticks each required option of a multi-select with
probability ``0.55 + 0.45 s`` and a forbidden one with ``0.35 (1 − s)``, and writes replies by taking
one of the scenario's graded ``examples`` (good with probability ``s^1.5``, poor with ``(1 − s)^2``,
else adequate) in the trainee's language. Answering time is drawn around each prompt's par time.
"""
from __future__ import annotations

import random
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sim.drill.scorecard import Scorecard
from sim.drill.session import DrillSession
from sim.format.library import scenarios_dir
from sim.format.load import load_scenario
from sim.format.prompts import Prompt
from sim.format.scenario import Scenario
from sim.store.results import Store

DEMO_SCENARIOS = ("product_defect_surge", "customer_data_leak", "digital_service_outage")
DEMO_NAMES = ("Li Na", "Wang Wei", "Zhang Min", "Liu Yang", "Chen Jing", "Yang Fan", "Zhao Lei", "Huang Li",
              "Zhou Tao", "Wu Xia", "Xu Ming", "Sun Hui", "Ma Lin", "Zhu Qing", "Hu Jun", "Guo Mei", "He Ping",
              "Lin Yu", "Gao Yan", "Luo Bin", "Zheng Kai", "Liang Wen", "Song Jie", "Tang Yi")
DEMO_TEAMS = ("Hotline A", "Hotline B", "Social care")
# A Chinese demo is Chinese throughout: the people, teams and cohort a Chinese trainer would have typed.
DEMO_NAMES_ZH = ("李娜", "王伟", "张敏", "刘洋", "陈静", "杨帆", "赵磊", "黄丽", "周涛", "吴霞", "徐明", "孙慧",
                 "马琳", "朱清", "胡军", "郭梅", "何平", "林宇", "高燕", "罗斌", "郑凯", "梁文", "宋杰", "唐艺")
DEMO_TEAMS_ZH = ("热线一组", "热线二组", "社媒关怀组")
DEMO_COHORT = {"en": "Hotline team", "zh": "热线团队"}
DEMO_ROLES = ("frontline", "frontline", "specialist")


class ScriptClock:
    """A clock the script moves forward: the session reads it when a prompt is shown and answered."""

    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _possible(prompt: Prompt, wrong: float) -> float:
    """A wrong number a trainee could give: ``wrong``, unless the prompt's ``bounds`` refuse it (37 of 12
    reserve staff); then another wrong number within them (8, 3), else the lowest possible."""
    bounds, accept = prompt.bounds, prompt.accept
    if bounds is None or bounds.contains(wrong):
        return wrong
    lo, hi = accept.min, accept.max
    others = [x for x in (lo - 1 if lo is not None else None, max(0, round(lo / 3)) if lo is not None else None,
                          hi + 1 if hi is not None else None) if x is not None]
    return next((x for x in others if bounds.contains(x) and not accept.contains(x)),
                bounds.min if bounds.min is not None else wrong)


def scripted_answer(prompt: Prompt, skill: float, rng: random.Random, lang: str = "en") -> Any:
    """An answer a trainee of this skill might give (see the module docstring)."""
    kind = prompt.kind
    ids = list(prompt.option_ids())
    if kind == "choice":
        if rng.random() < skill:
            return prompt.answer
        partial = [o for o in prompt.partial if o != prompt.answer]
        if partial and rng.random() < 0.6:
            return rng.choice(partial)
        return rng.choice([o for o in ids if o != prompt.answer])
    if kind == "yesno":
        right = prompt.answer
        return right if rng.random() < 0.5 + 0.5 * skill else ("no" if right == "yes" else "yes")
    if kind == "multi":
        chosen = [o for o in prompt.required if rng.random() < 0.55 + 0.45 * skill]
        chosen += [o for o in prompt.forbidden if rng.random() < 0.35 * (1 - skill)]
        neutral = [o for o in ids if o not in prompt.required and o not in prompt.forbidden]
        chosen += [o for o in neutral if rng.random() < 0.3]
        return [o for o in ids if o in chosen]
    if kind == "number":
        lo, hi = prompt.accept.min, prompt.accept.max
        if rng.random() < skill:
            if lo is not None and hi is not None:
                mid = (lo + hi) / 2
                return rng.choice([lo, hi, round(mid) if float(lo).is_integer() and float(hi).is_integer() else mid])
            return lo if lo is not None else hi
        if lo is not None and (hi is None or rng.random() < 0.5):
            return _possible(prompt, lo - 1 if rng.random() < 0.5 else max(0, round(lo / 3)))
        return _possible(prompt, hi + 1 if rng.random() < 0.5 else hi * 3 + 1)
    if kind == "order":
        order = list(prompt.answer)
        if rng.random() >= skill:
            for _ in range(rng.choice([1, 2])):
                i = rng.randrange(len(order) - 1)
                order[i], order[i + 1] = order[i + 1], order[i]
        return order
    # reply: one of the graded examples, in the trainee's language when there is one
    r = rng.random()
    grade = "good" if r < skill ** 1.5 else "poor" if r > 1 - (1 - skill) ** 2 else "adequate"
    pool = [e for e in prompt.examples if e.grade == grade] or list(prompt.examples)
    if not pool:
        return "I'm sorry. We are looking into it and will contact you today."
    example = rng.choice(pool)
    text = (example.zh or example.en) if lang == "zh" else (example.en or example.zh)
    return text


def run_scripted(store: Store, scenario: Scenario, trainee: str, skill: float, rng: random.Random, *,
                 lang: str = "en", stop_after: int | None = None,
                 replies: dict[str, Any] | None = None) -> Scorecard | None:
    """One scripted attempt: answers every prompt the session hands out (contingency injects included) and
    finishes, or stops after ``stop_after`` answers (left in progress: returns None). ``replies``
    overrides the answers to some prompts."""
    clock = ScriptClock()
    session = DrillSession(scenario, trainee, lang, store, clock=clock)
    answered = 0
    while (prompt_view := session.next_prompt()) is not None:
        if stop_after is not None and answered >= stop_after:
            return None
        prompt = next(p for p in scenario.drill.prompts() if p.id == prompt_view.id)
        if replies and prompt.id in replies:
            value = replies[prompt.id]
        else:
            value = scripted_answer(prompt, skill, rng, lang)
        if prompt.par_time is not None:
            par = prompt.par_time * 60
            clock.now += par * (rng.uniform(0.3, 0.95) if rng.random() < 0.35 + 0.6 * skill else rng.uniform(1.1, 2.5))
        else:
            clock.now += rng.uniform(8, 90)
        session.answer(prompt.id, value)
        answered += 1
    return session.finish()


@dataclass(frozen=True)
class Trainee:
    name: str
    team: str
    role: str
    skill: float
    lang: str = "en"


def scripted_trainees(n: int, seed: int = 7, *, names=DEMO_NAMES, improve: float = 0.0,
                      zh_share: float = 0.0, teams=DEMO_TEAMS) -> list[Trainee]:
    """``n`` trainees with skills drawn from Beta(4, 2) (plus ``improve``, capped at 0.98), a share
    ``zh_share`` of them drilling in Chinese."""
    rng = random.Random(seed)
    names = list(names)
    out = []
    for i in range(n):
        name = names[i] if i < len(names) else f"Trainee {i + 1}"
        skill = min(0.98, max(0.05, rng.betavariate(4, 2) + improve))
        out.append(Trainee(name, teams[i % len(teams)], DEMO_ROLES[i % len(DEMO_ROLES)], skill,
                           "zh" if rng.random() < zh_share else "en"))
    return out


def generate_cohort(store: Store, name: str, year: int | None, scenarios: list[Scenario],
                    trainees: list[Trainee], *, due: date | None = None, pass_mark: float | None = None,
                    seed: int = 11, in_progress: int = 1, not_started: int = 1,
                    replies: dict[str, dict[str, Any]] | None = None) -> int:
    """Create a cohort, import the trainees, assign the scenarios (due ``due``) and run the drills: the last
    ``in_progress`` trainees stop half-way through their last scenario, the last ``not_started`` do not
    start it (both counted from the end). ``replies`` maps trainee -> {prompt id: answer}. Returns the id."""
    rng = random.Random(seed)
    cohort_id = store.cohort(name, year, pass_mark=pass_mark)
    store.add_members(cohort_id, [(x.name, x.team, x.role) for x in trainees])
    for sc in scenarios:
        store.assign(cohort_id, sc.id, due)
    n = len(trainees)
    for i, x in enumerate(trainees):
        for j, sc in enumerate(scenarios):
            last = j == len(scenarios) - 1
            if last and i >= n - not_started:
                continue
            stop = None
            if last and n - not_started - in_progress <= i < n - not_started:
                stop = max(1, len(sc.drill.prompts()) // 2)
            run_scripted(store, sc, x.name, x.skill, rng, lang=x.lang, stop_after=stop,
                         replies=(replies or {}).get(x.name))
    return cohort_id


def run_command_drill(store: Store, scenario: Scenario, trainee: str, late_steps: int = 0,
                      duration: str = "3h", lead_in: str = "1h"):
    """A short live command drill: activate the plan ``late_steps`` decision points after a trigger holds."""
    from sim.drill.command import (  # the simulator (SimPy), kept off the scripted drills' path
        CommandDrill,
        autoplay,
    )
    return autoplay(CommandDrill(scenario, trainee, store=store, duration=duration, lead_in=lead_in), late_steps)


def load_demo_scenarios(ids=DEMO_SCENARIOS) -> list[Scenario]:
    return [load_scenario(scenarios_dir() / f"{sid}.yaml") for sid in ids]


def demo_store(path: str | Path | None = None, *, trainees: int = 6, command_drills: int = 1,
               lang: str = "en", today: date | None = None) -> tuple[Store, int]:
    """A temporary SQLite store with last year's and this year's cohort ("Hotline team") over the demo
    scenarios, one trainee overdue and one in progress, and ``command_drills`` live command drills.
    In Chinese (``lang="zh"``) the cohort, people and teams have Chinese names and every trainee drills in
    Chinese. Returns (store, this year's cohort id)."""
    if path is None:
        path = Path(tempfile.mkdtemp(prefix="drill-demo-")) / "demo.sqlite"
    store = Store(f"sqlite:///{path}", lang=lang)
    scenarios = load_demo_scenarios()
    today = today or datetime.now(UTC).date()
    year = today.year
    people: dict = {"names": DEMO_NAMES_ZH, "teams": DEMO_TEAMS_ZH, "zh_share": 1.0} if lang == "zh" else {}
    cohort = DEMO_COHORT.get(lang, DEMO_COHORT["en"])
    last = scripted_trainees(trainees, seed=3, **people)
    generate_cohort(store, cohort, year - 1, scenarios, last, due=date(year - 1, 12, 15), seed=5,
                    in_progress=0, not_started=0)
    this = scripted_trainees(trainees, seed=3, improve=0.08, **people)
    cohort_id = generate_cohort(store, cohort, year, scenarios, this, due=today - timedelta(days=1),
                                seed=9)
    for i in range(command_drills):
        run_command_drill(store, scenarios[0], this[i].name, late_steps=2 * i,
                          duration="3h" if i == 0 else "4h")
    return store, cohort_id


__all__ = ["DEMO_SCENARIOS", "ScriptClock", "Trainee", "demo_store", "generate_cohort", "load_demo_scenarios",
           "run_command_drill", "run_scripted", "scripted_answer", "scripted_trainees"]
