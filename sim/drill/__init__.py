"""The drill engine: a trainee role-plays a scenario's injects, and every answer is scored against the plan.

    view        what a trainee may see of a scenario (never the key)
    errors      what the engine raises when asked for what it cannot do (a scenario without a drill)
    branching   which contingency injects are sent, judged on the answers given
    session     the exercise controller: injects in order, answers stored before they are scored
    attempts    the record of an attempt and the log it is kept in (the results store implements it)
    scoring     one answer: points, criteria hit and missed, conduct flags, feedback citing the plan
    scorecard   one attempt: per plan step (HSEEP ratings), timeliness, total; ``score_attempt``
    answers     how a stored answer reads on a scorecard and in the after-action report
    text, phrases, phones
                Chinese and English text, rubric phrase matching, phone numbers (privacy checks)
    meaning, conduct, intent, personal_data, tone, stock_phrases
                what a reply does: criteria met by meaning, conduct failures by pattern and by intent,
                other people's personal data, a dismissive tone, a form letter of stock phrases
    corpus, validity
                labelled replies (``tests/data/replies*``) and the scorer's validity measured on them
    command     the live command drill (the trainee runs the centre in simulated time)

The layer reads scenarios (:mod:`sim.format`) and knows nothing of where results are kept: a session is
given an attempt log, normally the results database::

    from sim.drill import DrillSession
    from sim.store.results import open_store
    session = DrillSession(scenario, "Ann", language="zh", store=open_store())
    while (prompt := session.next_prompt()) is not None:
        session.answer(prompt.id, ...)
    print(session.finish())
"""
from sim.drill.scorecard import Scorecard, score_attempt
from sim.drill.session import DrillSession, rescore
from sim.drill.view import trainee_view

__all__ = ["DrillSession", "Scorecard", "rescore", "score_attempt", "trainee_view"]
