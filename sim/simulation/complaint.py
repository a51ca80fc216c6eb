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

Meanwhile an escalation timer runs (:func:`escalate_later`): a case still short of its target at the
plan's share of it is escalated — its waiting request is raised, and a moderate case may go up a tier to
the crisis group.

Definitions the KPIs rely on (:mod:`sim.simulation.metrics`): the *first response* is when a person
answers on a synchronous channel (hotline, chat), and when the recorded acknowledgement is sent (end of
intake) on an asynchronous one (email, form, social media); the *crisis-group notification* is when
frontline, having graded a case major (or of a category the plan sends to the crisis group at once),
finishes intake and notifies the group.

Every plan question (priority, grading, routing, escalation, self-service, satisfaction) is asked of
:mod:`sim.rules`; the centre holds the rules' answers tabulated once per run for speed.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from sim import rules
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
    Case,
)

if TYPE_CHECKING:
    from collections.abc import Generator

    import simpy

    from sim.simulation.centre import Centre
    from sim.simulation.resources import Agent, Request, TeamPool

    Process = Generator[simpy.Event, Any, None]

GOLDEN = 0.6180339887           # spreads one uniform over several consults (each gets its own draw)


def complaint(centre: Centre, c: Case) -> Process:
    """The plan's steps for one complaint contact (see the module docstring)."""
    env = centre.env
    log = centre.log if centre.options.record_log else None
    u = c.u
    if self_served(centre, c):
        return

    # 1. Receive and record: frontline intake.
    team = centre.frontline
    agent = team.acquire()
    if agent is None:
        agent = yield from wait_for_intake(centre, c)
        if agent is None:
            return                      # the customer hung up: recorded by renege
    c.t_intake = env.now
    if log is not None:
        log.append((c.id, "intake_start", env.now, agent.id, "frontline"))
    intake = centre.service_time(("frontline", "intake", c.category), u[U_INTAKE])
    c.t_first = env.now if c.sync else env.now + intake
    c.grade = centre.graded[c.category][rules.assign_grade(centre.grading[c.severity], u[U_GRADE])]
    route = centre.routes[(c.grade, centre.categories[c.category])]
    c.handled_by = route.handled_by

    if route.first_contact:
        extra = centre.service_time(("frontline", "resolve_minor", c.category), u[U_RESOLVE])
        yield env.timeout(intake + extra)
        team.release(agent)
        resolved(centre, c, agent.id, "frontline")
        if follows_up(centre, c):
            yield from follow_up(centre, c)
        return

    yield env.timeout(intake)
    team.release(agent)
    if log is not None:
        log.append((c.id, "recorded", env.now, agent.id, "frontline"))

    # 2. Emergency handling: notify the crisis group at once; it reviews and approves the approach.
    alongside = []
    if route.notify_crisis_group and "crisis_group" in centre.teams:
        c.t_notified = env.now
        if log is not None:
            log.append((c.id, "crisis_notified", env.now, "", "crisis_group"))
        alongside.append(env.process(task(centre, c, "crisis_group", "review", u[U_REVIEW], review=True)))
    # 3. Investigate: departments the category names are consulted in parallel with the handler.
    for k, dept in enumerate(route.consult):
        if dept in centre.teams:
            uk = (u[U_CONSULT] + GOLDEN * k) % 1.0
            alongside.append(env.process(task(centre, c, dept, "consult", uk)))
    # 3-5. Investigate, decide and implement: the handling team.
    if centre.escalate:
        escalate_later(centre, c, centre.res_escalates_after[c.severity], None, first=False)
    activity = "resolve" if route.handled_by != "frontline" else "resolve_minor"
    yield from task(centre, c, route.handled_by, activity, u[U_RESOLVE], handler=True)
    for ev in alongside:
        if not ev.triggered:
            yield ev
    resolved(centre, c, "", route.handled_by)
    # 6. Follow up and feed back.
    if follows_up(centre, c):
        yield from follow_up(centre, c)


def self_served(centre: Centre, c: Case) -> bool:
    """Self-service, once the plan has opened it, answers its share of complaints (minor ones only)."""
    share = centre.deflect_share[c.severity]
    if not (share and c.u[U_DEFLECT] < share):
        return False
    now = centre.env.now
    c.deflected = True
    c.t_first = c.t_resolved = c.t_end = now
    c.outcome = RESOLVED
    c.handled_by = "self_service"
    centre.open -= 1
    if centre.options.record_log:
        centre.log.append((c.id, "deflected", now, "self_service", ""))
    return True


def wait_for_intake(centre: Centre, c: Case) -> Generator[simpy.Event, Agent | None, Agent | None]:
    """Queue for frontline by true severity; a caller may hang up. The agent, or None if they hung up."""
    env = centre.env
    team = centre.frontline
    c.waited = True
    req = team.wait(centre.priority[c.severity], c)
    c.req = req
    patience = centre.patience[c.channel] if c.sync else None
    if patience is not None:
        env.timeout(patience(c.u[U_PATIENCE])).callbacks.append(lambda _ev: renege(centre, c, req))
    if centre.escalate:
        escalate_later(centre, c, centre.fr_escalates_after[c.severity], team, first=True)
    agent = yield req
    c.req = None
    return agent


def task(centre: Centre, c: Case, team_name: str, activity: str, u: float, review: bool = False,
         handler: bool = False) -> Process:
    """One piece of work on a case by a team: queue by grade, then hold an agent for the duration.

    Only the handling team's request is the case's ``req`` (the one escalation raises); consults and
    crisis reviews run alongside it. Work reaching a team with nobody on duty calls its on-call members.
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
        agent = yield req
        if handler:
            c.req = None
    if review:
        c.t_review = env.now
    log = centre.log if centre.options.record_log else None
    if log is not None:
        log.append((c.id, f"{activity}_start", env.now, agent.id, team_name))
    yield env.timeout(centre.service_time((team_name, activity, c.category), u))
    team.release(agent)
    if log is not None:
        log.append((c.id, f"{activity}_end", env.now, agent.id, team_name))


def resolved(centre: Centre, c: Case, resource: str, team: str) -> None:
    """The complaint is resolved now."""
    now = centre.env.now
    c.t_resolved = c.t_end = now
    c.outcome = RESOLVED
    centre.open -= 1
    if centre.options.record_log:
        centre.log.append((c.id, "resolved", now, resource, team))


def follows_up(centre: Centre, c: Case) -> bool:
    """Whether this customer gets a follow-up contact (the scenario's share of resolved complaints)."""
    return centre.follow_model is not None and c.u[U_FOLLOW_DECIDE] < centre.follow_share


def follow_up(centre: Centre, c: Case) -> Process:
    """6. Follow up and feed back: a frontline contact, some time after resolution, records satisfaction
    (none that would start after the horizon: no new contacts then)."""
    env = centre.env
    if env.now + centre.follow_after > centre.horizon:
        return
    yield env.timeout(centre.follow_after)
    team = centre.frontline
    agent = team.acquire()
    if agent is None:
        agent = yield team.wait(rules.FOLLOW_UP_PRIORITY, c)
    yield env.timeout(centre.service_time(("frontline", "follow_up", c.category), c.u[U_FOLLOW]))
    team.release(agent)
    assert centre.follow_model is not None              # follows_up said so
    late = rules.case_lateness(c.t_first - c.t_arrive, c.t_resolved - c.t_arrive, centre.fr_target[c.severity],
                               centre.res_target[c.severity])
    p = rules.satisfaction_probability(centre.follow_model, late)
    c.satisfied = int(c.u[U_SATISFY] < p)
    if centre.options.record_log:
        centre.log.append((c.id, "follow_up", env.now, agent.id, "frontline"))


def renege(centre: Centre, c: Case, req: Request) -> None:
    """The customer's patience ran out while waiting for intake: they hang up, then may go public or
    try again later (the scenario's shares)."""
    if not centre.frontline.cancel(req):
        return
    now = centre.env.now
    c.outcome = ABANDONED
    c.t_end = now
    c.req = None
    centre.open -= 1
    record = centre.options.record_log
    if record:
        centre.log.append((c.id, "abandoned", now, "", "frontline"))
    ab = centre.abandon
    if c.u[U_PUBLIC] < ab.go_public_share:
        centre.public_post(c)
        if record:
            centre.log.append((c.id, "went_public", now, "", ""))
    elif ab.retry_share and c.u[U_RETRY] < ab.retry_share / max(1e-12, 1 - ab.go_public_share):
        assert centre.retry_sampler is not None          # a retry share comes with its delay
        centre.contact_again(c, RETRY, centre.retry_sampler(c.u[U_RETRY_DELAY]), "retry")


def escalate_later(centre: Centre, c: Case, after: float, team: TeamPool | None, first: bool) -> None:
    """Escalate the case ``after`` minutes from its arrival (the plan's share of its target,
    :func:`sim.rules.escalation_after`) if it is still short of the target then.

    ``first``: the first-response target (escalates if intake has not started); otherwise the resolution
    target (escalates if still open). Escalation raises the case's waiting request by the plan's bump,
    and a case the plan sends up a tier (moderate) is reviewed by the crisis group.
    """
    env = centre.env
    delay = after - (env.now - c.t_arrive)
    if delay < 0:
        delay = 0.0

    def fire(_ev: simpy.Event) -> None:
        if first and not math.isnan(c.t_intake):
            return
        if not first and c.outcome != OPEN:
            return
        if c.outcome == ABANDONED:
            return
        c.escalations += 1
        if centre.options.record_log:
            centre.log.append((c.id, "escalated", env.now, "", team.name if team else ""))
        req = c.req
        if req is not None and not req.triggered:
            req.team.bump(req, centre.escalated_priority[req.key[0]])
        if not first and centre.to_crisis_group[c.grade] \
                and math.isnan(c.t_notified) and "crisis_group" in centre.teams:
            c.t_notified = env.now
            env.process(task(centre, c, "crisis_group", "review", c.u[U_REVIEW], review=True))
    env.timeout(delay).callbacks.append(fire)
