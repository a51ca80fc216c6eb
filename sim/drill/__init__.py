"""The drill engine: role-play sessions over a scenario's injects, scoring against the plan, a durable
results store and a terminal runner.

    from sim.drill import DrillSession
    session = DrillSession(scenario, "Ann", language="zh")
    while (prompt := session.next_prompt()) is not None:
        session.answer(prompt.id, ...)
    print(session.finish())
"""
from sim.i18n.drill import DRILL_STRINGS

_LAZY = {"DrillSession": "sim.drill.session", "rescore": "sim.drill.session", "Scorecard": "sim.drill.scorecard",
         "Store": "sim.store.results", "trainee_view": "sim.drill.view"}


def __getattr__(name):  # lazy: importing sim.drill.text must not pull in SQLAlchemy
    if name in _LAZY:
        import importlib
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'sim.drill' has no attribute {name!r}")


__all__ = ["DRILL_STRINGS", "DrillSession", "Scorecard", "Store", "rescore", "trainee_view"]
