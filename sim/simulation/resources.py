"""The centre's people as SimPy resources: agents, and the team pool they work from.

A :class:`TeamPool` is the live counterpart of a team in the scenario (:class:`sim.format.teams.Team`,
the YAML section: shifts, reserve, on-call members). It holds the agents on duty and one priority queue
of waiting work. A piece of work either gets an idle agent at once (:meth:`TeamPool.acquire`) or waits
as a :class:`Request` (:meth:`TeamPool.wait`), which succeeds with the agent who takes it.

Why not ``simpy.PriorityResource``? Capacity here changes mid-run: agents join at the start of a shift
and leave at its end, reserves and on-call members join when called, and an agent whose shift ends while
busy finishes the case in hand (overtime) before leaving. A waiting request's priority can also be raised
(escalation). The pool does this with a heap of ``(priority, seq, request)``: lower priority first, then
first come first served; a raised request is pushed again and its old entry is skipped as stale. (Stale
entries of raised or withdrawn requests sink to the bottom of the heap; behind a backlog that lasts for
months they would never surface, so once they outnumber the live ones the heap is rebuilt without them:
the same requests in the same order, a heap a tenth the size.)

The pool integrates agents on duty over time (agent-minutes) for utilisation, overtime and cost.

    >>> import simpy
    >>> env = simpy.Environment()
    >>> pool = TeamPool(env, "frontline", spec=None)
    >>> (alice,) = pool.join(1, shift_end=60.0)
    >>> pool.acquire() is alice, pool.acquire()          # one agent: the second piece of work must wait
    (True, None)
    >>> minor, major = pool.wait(2, case="minor"), pool.wait(0, case="major")
    >>> pool.release(alice)                               # the major case is served first
    >>> major.value is alice, minor.triggered, pool.waiting
    (True, False, 1)
"""
from __future__ import annotations

import heapq
from typing import TYPE_CHECKING, Any

import simpy
from simpy.core import NORMAL
from simpy.events import PENDING

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sim.format.teams import Team


STALE_AT_LEAST = 256         # stale queue entries tolerated whatever the queue's length (a rebuild costs)


class Agent:
    """One member of staff on duty: busy with a piece of work or idle, and when their shift ends."""
    __slots__ = ("busy", "id", "leaving", "number", "shift_end", "since", "team")

    def __init__(self, number: int, team: TeamPool, shift_end: float):
        self.id = f"{team.name}-{number}"     # as the event log names them
        self.number = number                # within the team, from 1 (the event log keeps this)
        self.team = team
        self.shift_end = shift_end
        self.leaving = False                # the shift ended while busy: leaves after the case in hand
        self.busy = False
        self.since = 0.0                    # when the current piece of work started


class Request(simpy.Event):
    """A piece of work waiting in a pool's queue: succeeds with the agent who takes it, or with None
    when withdrawn (the customer hung up)."""

    def __init__(self, env: simpy.Environment, team: TeamPool, case: Any, priority: int, seq: int):
        super().__init__(env)
        self.case = case
        self.team = team                    # escalation raises the request in the queue it waits in
        self.key = (priority, seq)


class TeamPool:
    """The agents of one team on duty, with one priority queue of waiting work (lower number first, then FIFO).

    ``spec`` is the scenario's team (None for a pool without one): its reserve and on-call members are
    counted down here as they are called. ``code`` is the team's code in the event log (0: none given).
    """

    def __init__(self, env: simpy.Environment, name: str, spec: Team | None, code: int = 0):
        self.env = env
        self.name = name
        self.code = code
        self.spec = spec
        self.idle: list[Agent] = []
        self.queue: list[tuple[int, int, Request]] = []
        self.stale = 0                      # entries in the queue of requests raised since or withdrawn
        self.waiting = 0
        self.on_duty = 0
        self.busy = 0
        self.seq = 0
        self.next_agent = 0
        self.on_call_left = spec.on_call if spec else 0
        self.reserve_left = spec.reserve if spec else 0
        self.mobilising = 0                 # on-call members called and on their way
        self.agents: list[Agent] = []       # agents on duty (busy or idle, leaving included)
        # accounting (agent-minutes)
        self.duty_area = 0.0
        self.busy_area = 0.0
        self.last = 0.0
        self.overtime = 0.0

    @property
    def reserve(self) -> int:
        """The team's reserve in the scenario (called in or not)."""
        return self.spec.reserve if self.spec else 0

    @property
    def mobilise(self) -> float:
        """Minutes the team's on-call members take to be at work once called."""
        return self.spec.mobilise if self.spec else 0.0

    # --- accounting -----------------------------------------------------------------------------
    def account(self) -> None:
        """Integrate agents on duty over time up to now (changes only at joins and leaves, so this stays
        cheap); busy time is added per piece of work at release."""
        now = self.env._now
        dt = now - self.last
        if dt:
            self.duty_area += self.on_duty * dt
            self.last = now

    def busy_time(self) -> float:
        """Agent-minutes spent on work so far, including work still in hand."""
        now = self.env._now
        return self.busy_area + sum(now - a.since for a in self.in_hand())

    def in_hand(self) -> list[Agent]:
        """Agents busy with a piece of work right now."""
        return [a for a in self.agents if a.busy]

    # --- capacity -------------------------------------------------------------------------------
    def join(self, n: int, shift_end: float) -> list[Agent]:
        """``n`` agents come on duty until ``shift_end``; each takes waiting work at once."""
        self.account()
        agents = []
        for _ in range(n):
            self.next_agent += 1
            agent = Agent(self.next_agent, self, shift_end)
            agents.append(agent)
            self.agents.append(agent)
            self.on_duty += 1
            self._dispatch(agent)
        return agents

    def leave(self, agents: list[Agent]) -> None:
        """The agents' shift is over: the idle leave now, the busy after the case in hand."""
        self.account()
        for agent in agents:
            if agent.busy:
                agent.leaving = True
            elif agent in self.idle:
                self.idle.remove(agent)
                self.on_duty -= 1
                self.agents.remove(agent)

    # --- work -----------------------------------------------------------------------------------
    def acquire(self) -> Agent | None:
        """An idle agent at once, or None (then call ``wait``)."""
        if self.idle and not self.waiting:
            agent = self.idle.pop()
            agent.busy = True
            agent.since = self.env._now
            self.busy += 1
            return agent
        return None

    def wait(self, priority: int, case: Any) -> Request:
        """Queue a piece of work of ``case`` at ``priority``; the request succeeds with its agent."""
        self.seq += 1
        req = Request(self.env, self, case, priority, self.seq)
        heapq.heappush(self.queue, (priority, self.seq, req))
        self.waiting += 1
        return req

    def bump(self, req: Request, priority: int) -> None:
        """Raise a waiting request's priority (escalation); the old heap entry goes stale."""
        if req._value is not PENDING or priority >= req.key[0]:
            return
        req.key = (priority, req.key[1])
        heapq.heappush(self.queue, (priority, req.key[1], req))
        self._went_stale()

    def cancel(self, req: Request) -> bool:
        """Withdraw a waiting request (the customer hung up). False if already served."""
        if req._value is not PENDING:         # (req.triggered, without a property call)
            return False
        self.waiting -= 1
        req.succeed(None)
        self._went_stale()
        return True

    def _went_stale(self) -> None:
        """One more queue entry is stale; rebuild the heap without them once they are the majority."""
        self.stale += 1
        if self.stale > STALE_AT_LEAST and 2 * self.stale > len(self.queue):
            self.queue = [entry for entry in self.queue
                          if entry[2]._value is PENDING and entry[2].key == (entry[0], entry[1])]
            heapq.heapify(self.queue)
            self.stale = 0

    def release(self, agent: Agent) -> None:
        """The agent finished a piece of work: they take the next waiting one, go idle, or leave."""
        now = self.env._now
        agent.busy = False
        self.busy -= 1
        self.busy_area += now - agent.since
        if agent.leaving:
            self.account()
            self.on_duty -= 1
            self.agents.remove(agent)
            self.overtime += max(0.0, now - agent.shift_end)
            return
        self._dispatch(agent)

    def waiting_cases(self) -> Iterator[Any]:
        """The cases whose work waits in the queue (a raised request may be listed twice)."""
        return (req.case for _, _, req in self.queue if not req.triggered)

    def _dispatch(self, agent: Agent) -> None:
        queue = self.queue
        while queue:
            prio, seq, req = heapq.heappop(queue)
            if req._value is not PENDING or req.key != (prio, seq):
                self.stale -= 1
                continue                    # cancelled, or a stale entry of a bumped request
            self.waiting -= 1
            env = self.env
            agent.busy = True
            agent.since = env._now
            self.busy += 1
            # req.succeed(agent), written out (a fifth of all events are requests served): the same
            # value, and the same place on the calendar (now, normal priority, the counter's next number).
            req._ok = True
            req._value = agent
            heapq.heappush(env._queue, (env._now, NORMAL, next(env._eid), req))
            return
        self.idle.append(agent)
