"""Variants: each attempt meets its own version of a drill, and meets the same one on every later look.

Two things vary from one attempt to the next, so that the key cannot travel round the room:

* **Option order.** The options of a choice, multi or order prompt are shown in an order of the attempt's
  own (:func:`option_order`); yes/no stays "Yes, No". An order prompt never starts in its right order.
* **Question pools.** An inject may offer variants (:class:`sim.format.drill_script.Variant`): other wording,
  facts, numbers and keys for the same step. An attempt meets one version of each pooled inject, the inject as
  written or one of its variants (:func:`attempt_drill`), and each is scored against its own key.

Both are pure functions of the attempt id and of the prompt or inject id, worked out from SHA-256 rather
than Python's ``random`` (whose algorithms are not promised to stay), so they are the same in every kernel,
on every machine and in every later version: a resumed drill, a re-score and the review of an attempt show
the trainee's own order and variant. Neither is stored. What is stored are option ids, never positions
(:func:`sim.drill.scoring.normalise_answer`), so an answer means the same in whatever order it was picked.

An attempt's answers say which variant it met, since each variant's prompts have ids of their own; they
decide over the attempt id (what was answered is what the trainee saw, even if the scenario was edited
since). Before the first answer to a pool, the attempt id chooses. Without an attempt (a preview, a
report's labels) the inject as written is met and options keep the order written, except an order prompt's.

The variants of one step are reported together: :func:`pool_id` names the step a variant's prompt belongs
to (the inject's own prompt in the same place), so that the after-action report can count a step once
whichever version each trainee met.

    >>> ids = ("a", "b", "c", "d")
    >>> option_order(ids, 1, "q") == option_order(ids, 1, "q"), option_order(ids, 1, "q") != option_order(ids, 2, "q")
    (True, True)
    >>> sorted(option_order(ids, 7, "q")) == list(ids)
    True
"""
from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence

from sim.format.drill_script import Condition, Drill, Inject
from sim.format.prompts import Prompt
from sim.format.scenario import Scenario

SHUFFLED_KINDS = ("choice", "multi", "order")   # a yes/no prompt keeps "Yes, No"
REDRAWS = 64           # an order prompt drawn in its right order is drawn again (never 64 times in practice)


# --- reproducible draws -------------------------------------------------------------------------------

def _draws(*parts: object) -> Iterator[int]:
    """An endless stream of 64-bit numbers fixed by ``parts``: SHA-256 of the parts and a counter."""
    seed = "/".join(str(p) for p in parts)
    for n in itertools.count():
        yield int.from_bytes(hashlib.sha256(f"{seed}/{n}".encode()).digest()[:8], "big")


def _shuffle(items: Sequence[str], draws: Iterator[int]) -> tuple[str, ...]:
    """Fisher-Yates with the given draws: every order equally likely (a 64-bit draw modulo at most 100
    options is uniform to within 1e-17)."""
    out = list(items)
    for i in range(len(out) - 1, 0, -1):
        j = next(draws) % (i + 1)
        out[i], out[j] = out[j], out[i]
    return tuple(out)


def option_order(option_ids: Sequence[str], attempt_id: int, prompt_id: str, *,
                 avoid: Sequence[str] | None = None) -> tuple[str, ...]:
    """The order attempt ``attempt_id`` sees the options of prompt ``prompt_id`` in; never ``avoid`` (an order
    prompt's answer) when there is another.

    >>> option_order(("first", "second"), 3, "steps", avoid=("first", "second"))
    ('second', 'first')
    """
    draws = _draws("options", attempt_id, prompt_id)
    order = _shuffle(option_ids, draws)
    if avoid is None or len(set(option_ids)) < 2:
        return order
    for _ in range(REDRAWS):
        if order != tuple(avoid):
            return order
        order = _shuffle(option_ids, draws)      # drawn again: a uniform order among the others
    return order[1:] + order[:1]


def variant_index(count: int, attempt_id: int, inject_id: str) -> int:
    """Which of an inject's ``count`` versions (0: as written) attempt ``attempt_id`` meets, before it has
    answered any of them."""
    return next(_draws("variant", attempt_id, inject_id)) % count


# --- the version of a drill one attempt meets --------------------------------------------------------------

def chosen_versions(drill: Drill, attempt_id: int | None, answered: Iterable[str] = ()) -> dict[str, int]:
    """inject id -> the index in :meth:`Inject.pool` of the version the attempt meets, for each pooled inject.

    A version whose prompts the attempt answered is the one it met (the attempt id's choice among those that
    share the answered prompts); else the attempt id chooses; without an attempt, the inject as written."""
    done = set(answered)
    out: dict[str, int] = {}
    for inj in drill.injects:
        if not inj.variants:
            continue
        pool = inj.pool()
        drawn = variant_index(len(pool), attempt_id, inj.id) if attempt_id is not None else 0
        met = [k for k, version in enumerate(pool) if any(p.id in done for p in version.prompts)]
        out[inj.id] = drawn if not met or drawn in met else met[0]
    return out


def attempt_drill(drill: Drill, attempt_id: int | None, answered: Iterable[str] = ()) -> Drill:
    """The drill as attempt ``attempt_id`` meets it (having answered the prompts ``answered``): each pooled
    inject replaced by the version met, and every branch on a pooled prompt naming the prompt of that version.
    A drill without pools is returned as it is."""
    choice = chosen_versions(drill, attempt_id, answered)
    if not choice:
        return drill
    renamed: dict[str, str] = {}           # the inject's own prompt -> the met variant's prompt in its place
    injects: list[Inject] = []
    for inj in drill.injects:
        if inj.id not in choice:
            injects.append(inj)
            continue
        version = inj.pool()[choice[inj.id]]
        renamed.update({mine.id: theirs.id for mine, theirs in zip(inj.prompts, version.prompts)
                        if mine.id != theirs.id})
        injects.append(version)
    if renamed:
        injects = [inj if inj.when is None else inj.model_copy(update={"when": _renamed(inj.when, renamed)})
                   for inj in injects]
    return drill.model_copy(update={"injects": tuple(injects)})


def attempt_scenario(scenario: Scenario, attempt_id: int | None, answered: Iterable[str] = ()) -> Scenario:
    """The scenario with the drill attempt ``attempt_id`` meets (:func:`attempt_drill`), under the scenario's own
    id and content hash; the scenario itself when it has no question pool."""
    if scenario.drill is None:
        return scenario
    drill = attempt_drill(scenario.drill, attempt_id, answered)
    return scenario if drill is scenario.drill else scenario.with_drill(drill)


def _renamed(cond: Condition, names: Mapping[str, str]) -> Condition:
    """``cond`` with each prompt it names replaced by ``names[prompt]`` where given."""
    if cond.missed is not None:
        pid, dot, option = cond.missed.partition(".")
        return cond.model_copy(update={"missed": names.get(pid, pid) + dot + option})
    if cond.answered is not None:
        test = cond.answered
        return cond.model_copy(update={"answered": test.model_copy(update={"prompt": names.get(test.prompt,
                                                                                             test.prompt)})})
    field = "all" if cond.all is not None else "any"
    return cond.model_copy(update={field: tuple(_renamed(c, names) for c in getattr(cond, field) or ())})


# --- the steps of a drill: a pooled prompt and its variants' ---------------------------------------------

def pool_ids(drill: Drill) -> dict[str, str]:
    """Every prompt id of the drill (each variant's included) -> the id of its step: the inject's own prompt in
    the same place. A prompt that is not pooled is its own step."""
    out: dict[str, str] = {}
    for inj in drill.injects:
        for p in inj.prompts:
            out[p.id] = p.id
        for variant in inj.variants:
            for mine, base in zip(variant.prompts, inj.prompts):
                out[mine.id] = base.id
    return out


def pool_id(drill: Drill, prompt_id: str) -> str:
    """The step (pool) a prompt id belongs to: the inject's own prompt in its place, for a variant's prompt;
    itself otherwise, also for an id the drill does not have (an answer to a prompt removed since).

    >>> from sim.format.library import cached_scenario
    >>> drill = cached_scenario("logistics_failure").drill
    >>> pool_id(drill, "chairs-solution"), pool_id(drill, "formula-solution"), pool_id(drill, "category")
    ('formula-solution', 'formula-solution', 'category')
    """
    return pool_ids(drill).get(prompt_id, prompt_id)


def step_of(scenario: Scenario, prompt_id: str) -> str:
    """:func:`pool_id` of a scenario's prompt (the prompt id itself when the scenario has no drill any more):
    what a report groups a cohort's stored results by, so that a pool's versions count as one step."""
    return prompt_id if scenario.drill is None else pool_id(scenario.drill, prompt_id)


def pool_prompts(drill: Drill, pool: str) -> tuple[Prompt, ...]:
    """The prompts of one step: the inject's own prompt ``pool`` and, in its place, each variant's (those that
    give prompts of their own), in the order written."""
    ids = pool_ids(drill)
    return tuple(p for p in drill.prompts() if ids[p.id] == pool)


def version_met(drill: Drill, inject_id: str, attempt_id: int | None, answered: Iterable[str] = ()) -> str:
    """The name of the version of inject ``inject_id`` an attempt met: the inject's id, or its variant's."""
    inj = next(i for i in drill.injects if i.id == inject_id)
    if not inj.variants:
        return inj.id
    return inj.version_ids()[chosen_versions(drill, attempt_id, answered)[inj.id]]


__all__ = ["SHUFFLED_KINDS", "attempt_drill", "attempt_scenario", "chosen_versions", "option_order", "pool_id",
           "pool_ids", "pool_prompts", "step_of", "variant_index", "version_met"]
