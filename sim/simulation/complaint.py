"""One complaint's walk through the plan's steps, as a SimPy process of the centre.

:func:`complaint` is the story of one contact, told in the plan's steps as far as a simulation can
represent them:

0. *Self-service* answers a share of minor complaints once the plan has opened it.
1. *Receive and record*: frontline intake. A caller waits in the intake queue, ordered by the
   customer's true severity (callers state a safety issue; IVR and keyword triage route it), and may
   hang up (:func:`renege`: then go public, or try again later). Frontline grades the complaint; the plan
   routes it (:func:`sim.rules.route`). A minor complaint is resolved in the same contact.
2. *Emergency handling*: the crisis group is notified at once and reviews the approach.
3. *Investigate*: the departments the category names are consulted in parallel with the handler.
4-5. *Decide and implement*: the handling team's work (:func:`task`), queued by the assigned grade.
6. *Follow up and feed back*: a later frontline contact records satisfaction (:func:`follow_up`).

Meanwhile an escalation point is set (:func:`escalate_later`, one of the centre's deadlines,
:mod:`sim.simulation.deadlines`): a case still short of its target at the plan's share of it is escalated — its waiting request is raised, and a moderate case may go up a tier to
the crisis group.

Definitions the KPIs rely on (:mod:`sim.simulation.metrics`): the *first response* is when a person
answers on a synchronous channel (hotline, chat), and when the recorded acknowledgement is sent (end of
intake) on an asynchronous one (email, form, social media); the *crisis-group notification* is when
frontline, having graded a case major (or of a category the plan sends to the crisis group at once),
finishes intake and notifies the group.

Every plan question (priority, grading, routing, escalation, self-service, satisfaction) is asked of
:mod:`sim.rules`; the centre holds the rules' answers tabulated once per run for speed.

**The contact and its record.** While a complaint is in play, its process holds a small
:class:`Contact` (who, through which channel, about what, how severe, and its pre-drawn uniforms). What
happens to it is written into its row of the centre's case book (``book.intake_min[c.id] = now``, see
:mod:`sim.simulation.casebook`) and, when the log is kept, as rows of the event log. The story is started
with :func:`sim.simulation.story.tell` (no SimPy process of its own); so are the consults and the
crisis review that go on alongside the handler's work (:class:`~sim.simulation.story.Alongside`).
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from simpy.events import PENDING

from sim import rules
from sim.simulation.casebook import ACTIVITY, NO_AGENT, SELF_SERVICE
from sim.simulation.records import (
    ABANDONED,
    OPEN,
    RESOLVED,
    RETRY,
    U_CONSULT,
    U_DEFLECT,
    U_FOLLOW,
    U_FOLLOW_DECIDE,
    U_GRADE,
    U_INTAKE,
    U_PATIENCE,
    U_PUBLIC,
    U_RESOLVE,
    U_RETRY,
    U_RETRY_DELAY,
    U_REVIEW,
    U_SATISFY,
)
from sim.simulation.story import Alongside, tell

if TYPE_CHECKING:
    from collections.abc import Generator

    import simpy

    from sim.simulation.centre import Centre
    from sim.simulation.resources import Agent, Request

    Process = Generator[simpy.Event, Any, None]

GOLDEN = 0.6180339887           # spreads one uniform over several consults (each gets its own draw)
ARRIVE, RECORDED, CRISIS_NOTIFIED, RESOLVED_STEP, DEFLECTED, ABANDONED_STEP, WENT_PUBLIC, ESCALATED, \
    FOLLOW_UP, INTAKE_START = (ACTIVITY[a] for a in ("arrive", "recorded", "crisis_notified", "resolved",
                                                     "deflected", "abandoned", "went_public", "escalated",
                                                     "follow_up", "intake_start"))
WORK_EDGES = {a: (ACTIVITY[f"{a}_start"], ACTIVITY[f"{a}_end"]) for a in ("review", "consult", "resolve",
                                                                          "resolve_minor")}


class Contact:
    """One complaint contact in play: what the customer brings (indices into the plan's channels and
    categories and the scenario's incidents, -1 for none), its pre-drawn uniforms ``u`` (the ``U_*``
    columns), the grade frontline gave it (-1 before intake) and the request of its handling work while
    that waits in a queue (the one escalation raises). ``id`` is its row in the case book."""
    __slots__ = ("category", "channel", "grade", "id", "incident", "kind", "req", "severity", "sync",
                 "t_arrive", "u")

    def __init__(self, case_id: int, t: float, channel: int, category: int, severity: int, incident: int,
                 kind: int, u: list[float], sync: bool):
        self.id = case_id
        self.t_arrive = t
        self.channel = channel
        self.category = category
        self.severity = severity
        self.incident = incident
        self.kind = kind
        self.u = u
        self.sync = sync
        self.grade = -1
        self.req: Request | None = None


def complaint(centre: Centre, c: Contact) -> Process:
    """The plan's steps for one complaint contact (see the module docstring)."""
    env = centre.env
    book = centre.book
    log = centre.log
    u = c.u
    i = c.id
    if centre.deflect_share[c.severity] and self_served(centre, c):
        return

    # 1. Receive and record: frontline intake.
    team = centre.frontline
    agent = team.acquire()
    if agent is None:
        agent = yield from wait_for_intake(centre, c)
        if agent is None:
            return                      # the customer hung up: recorded by renege
    now = env._now
    book.intake_min[i] = now
    if log is not None:
        log.add(i, INTAKE_START, now, team.code, agent.number)
    intake = centre.intake_time[c.category](u[U_INTAKE])
    book.first_response_min[i] = now if c.sync else now + intake
    drawn = u[U_GRADE]                      # rules.assign_grade, then the category's floor (one step, mostly)
    for below, grade in centre.grade_steps[c.category][c.severity]:
        if drawn < below:
            break
    c.grade = grade
    book.grade[i] = grade
    route = centre.routes[grade][c.category]

    if route.first_contact:
        extra = centre.resolve_minor_time[c.category](u[U_RESOLVE])
        yield centre.sleep(intake + extra)
        team.release(agent)
        resolved(centre, c, agent.number, team.code)
        if follows_up(centre, c):
            yield from follow_up(centre, c)
        return

    yield centre.sleep(intake)
    team.release(agent)
    if log is not None:
        log.add(i, RECORDED, env._now, team.code, agent.number)

    # 2. Emergency handling: notify the crisis group at once; it reviews and approves the approach.
    alongside = None                        # work beside the handler's, if any (most cases have none)
    if route.notify_crisis_group and "crisis_group" in centre.teams:
        book.crisis_notified_min[i] = env._now
        if log is not None:
            log.add(i, CRISIS_NOTIFIED, env._now, centre.teams["crisis_group"].code)
        alongside = Alongside(env)
        alongside.add(task(centre, c, "crisis_group", "review", u[U_REVIEW], review=True))
    # 3. Investigate: departments the category names are consulted in parallel with the handler.
    for k, dept in enumerate(route.consult):
        if dept in centre.teams:
            uk = (u[U_CONSULT] + GOLDEN * k) % 1.0
            if alongside is None:
                alongside = Alongside(env)
            alongside.add(task(centre, c, dept, "consult", uk))
    # 3-5. Investigate, decide and implement: the handling team.
    if centre.escalate:
        escalate_later(centre, c, centre.res_escalates_after[c.severity], first=False)
    activity = "resolve" if route.handled_by != "frontline" else "resolve_minor"
    yield from task(centre, c, route.handled_by, activity, u[U_RESOLVE], handler=True, alongside=alongside)
    if alongside is not None:
        done = alongside.finished()
        if done is not None:
            yield done
    resolved(centre, c, NO_AGENT, centre.teams[route.handled_by].code)
    # 6. Follow up and feed back.
    if follows_up(centre, c):
        yield from follow_up(centre, c)


def self_served(centre: Centre, c: Contact) -> bool:
    """Self-service, once the plan has opened it, answers its share of complaints (minor ones only)."""
    share = centre.deflect_share[c.severity]
    if not (share and c.u[U_DEFLECT] < share):
        return False
    now = centre.env._now
    book, i = centre.book, c.id
    book.deflected[i] = True
    book.first_response_min[i] = book.resolved_min[i] = book.end_min[i] = now
    book.outcome[i] = RESOLVED
    centre.open -= 1
    if centre.log is not None:
        centre.log.add(i, DEFLECTED, now, 0, SELF_SERVICE)
    return True


def wait_for_intake(centre: Centre, c: Contact) -> Generator[simpy.Event, Agent | None, Agent | None]:
    """Queue for frontline by true severity; a caller may hang up. The agent, or None if they hung up."""
    team = centre.frontline
    centre.book.waited[c.id] = True
    req = team.wait(centre.priority[c.severity], c)
    c.req = req
    patience = centre.patience[c.channel] if c.sync else None
    if patience is not None:
        centre.deadlines.add(patience(c.u[U_PATIENCE]), still_waiting, centre.hang_up, c, req)
    if centre.escalate:
        escalate_later(centre, c, centre.fr_escalates_after[c.severity], first=True)
    agent = yield req
    c.req = None
    return agent


def task(centre: Centre, c: Contact, team_name: str, activity: str, u: float, review: bool = False,
         handler: bool = False, alongside: Alongside | None = None) -> Process:
    """One piece of work on a case by a team: queue by grade, then hold an agent for the duration.

    Only the handling team's request is the case's ``req`` (the one escalation raises); consults and
    crisis reviews run ``alongside`` it, begun as it first waits. Work reaching a team with nobody on duty
    calls its on-call members.
    """
    env = centre.env
    team = centre.teams[team_name]
    agent = team.acquire()
    if agent is None:
        if rules.on_call_needed(team.on_duty, team.mobilising):
            centre.mobilise_on_call(team, f"case {c.id}")
        req = team.wait(centre.priority[c.grade], c)
        if handler:
            c.req = req
        if alongside is not None:
            alongside.begin()
        agent = yield req
        if handler:
            c.req = None
    if review:
        centre.book.crisis_review_min[c.id] = env._now
    log = centre.log
    start, end = WORK_EDGES[activity]
    if log is not None:
        log.add(c.id, start, env._now, team.code, agent.number)
    done = centre.sleep(centre.service_time((team_name, activity, c.category), u))
    if alongside is not None:
        alongside.begin()
    yield done
    team.release(agent)
    if log is not None:
        log.add(c.id, end, env._now, team.code, agent.number)


def resolved(centre: Centre, c: Contact, agent: int, team: int) -> None:
    """The complaint is resolved now (``agent``: the number of the agent who resolved it, if one did)."""
    now = centre.env._now
    book, i = centre.book, c.id
    book.resolved_min[i] = book.end_min[i] = now
    book.outcome[i] = RESOLVED
    centre.open -= 1
    if centre.log is not None:
        centre.log.add(i, RESOLVED_STEP, now, team, agent)


def follows_up(centre: Centre, c: Contact) -> bool:
    """Whether this customer gets a follow-up contact (the scenario's share of resolved complaints)."""
    return centre.follow_model is not None and c.u[U_FOLLOW_DECIDE] < centre.follow_share


def follow_up(centre: Centre, c: Contact) -> Process:
    """6. Follow up and feed back: a frontline contact, some time after resolution, records satisfaction
    (none that would start after the horizon: no new contacts then)."""
    env = centre.env
    if env._now + centre.follow_after > centre.horizon:
        return
    yield centre.sleep(centre.follow_after)
    team = centre.frontline
    agent = team.acquire()
    if agent is None:
        agent = yield team.wait(rules.FOLLOW_UP_PRIORITY, c)
    yield centre.sleep(centre.follow_up_time[c.category](c.u[U_FOLLOW]))
    team.release(agent)
    book, i = centre.book, c.id
    t0 = c.t_arrive                         # rules.case_lateness, then rules.satisfaction_probability
    p = centre.satisfaction_chance[c.severity](book.first_response_min[i] - t0, book.resolved_min[i] - t0)
    book.satisfied[i] = int(c.u[U_SATISFY] < p)
    if centre.log is not None:
        centre.log.add(i, FOLLOW_UP, env._now, team.code, agent.number)


def still_waiting(_c: Contact, req: Request) -> bool:
    """Whether a caller's patience still matters: their intake request is neither served nor withdrawn."""
    return req._value is PENDING           # (req.triggered, without a property call)


def renege(centre: Centre, c: Contact, req: Request) -> None:
    """The customer's patience ran out while waiting for intake: they hang up, then may go public or
    try again later (the scenario's shares). (``centre.hang_up``: this, for the centre's deadlines.)"""
    if not centre.frontline.cancel(req):
        return
    now = centre.env._now
    book, i = centre.book, c.id
    book.outcome[i] = ABANDONED
    book.end_min[i] = now
    c.req = None
    centre.open -= 1
    log = centre.log
    if log is not None:
        log.add(i, ABANDONED_STEP, now, centre.frontline.code)
    ab = centre.abandon
    if c.u[U_PUBLIC] < ab.go_public_share:
        centre.public_post(c)
        if log is not None:
            log.add(i, WENT_PUBLIC, now)
    elif ab.retry_share and c.u[U_RETRY] < ab.retry_share / max(1e-12, 1 - ab.go_public_share):
        assert centre.retry_sampler is not None          # a retry share comes with its delay
        centre.contact_again(c, RETRY, centre.retry_sampler(c.u[U_RETRY_DELAY]), "retry")


def escalate_later(centre: Centre, c: Contact, after: float, first: bool) -> None:
    """Escalate the case ``after`` minutes from its arrival (the plan's share of its target,
    :func:`sim.rules.escalation_after`) if it is still short of the target then.

    ``first``: the first-response target (escalates if intake has not started); otherwise the resolution
    target (escalates if still open). Escalation raises the case's waiting request by the plan's bump,
    and a case the plan sends up a tier (moderate) is reviewed by the crisis group. The check is one of
    the centre's deadlines (:mod:`sim.simulation.deadlines`): nearly every case is past it in time.
    """
    delay = after - (centre.env._now - c.t_arrive)
    if delay < 0:
        delay = 0.0
    centre.deadlines.add(delay, centre.escalation_pending, centre.escalation_due, c, first)


def escalation_pending(centre: Centre, c: Contact, first: bool) -> bool:
    """Whether the case is still short of the target its escalation watches (for good once it is not:
    intake, once started, has started; an outcome, once reached, stays)."""
    book, i = centre.book, c.id
    if first:
        return math.isnan(book.intake_min[i]) and book.outcome[i] != ABANDONED
    return book.outcome[i] == OPEN


def escalate(centre: Centre, c: Contact, first: bool) -> None:
    """The escalation point of the case has come: escalate it if it is still short of its target."""
    if not escalation_pending(centre, c, first):
        return
    env = centre.env
    book, i = centre.book, c.id
    book.escalations[i] += 1
    if centre.log is not None:
        centre.log.add(i, ESCALATED, env._now, centre.frontline.code if first else 0)
    req = c.req
    if req is not None and req._value is PENDING:
        req.team.bump(req, centre.escalated_priority[req.key[0]])
    if not first and centre.to_crisis_group[c.grade] \
            and math.isnan(book.crisis_notified_min[i]) and "crisis_group" in centre.teams:
        book.crisis_notified_min[i] = env._now
        tell(task(centre, c, "crisis_group", "review", c.u[U_REVIEW], review=True))
