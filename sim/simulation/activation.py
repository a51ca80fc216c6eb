"""The plan's activation in the running centre: the monitor, the duty manager's decisions, the actions.

:class:`PlanCommand` is the part of :class:`~sim.simulation.centre.Centre` that decides and acts:

* **the monitor** (:meth:`PlanCommand._monitor`) checks the activation triggers on the plan's cadence
  (:mod:`sim.simulation.triggers`) and, once one holds, launches the plan (unless a duty manager decides
  instead: ``CentreOptions(auto_activate=False)``);
* :meth:`PlanCommand.activate_plan` launches it; each action takes effect after its delay
  (:meth:`PlanCommand.take_action`) and changes the centre as the plan's rules say
  (:meth:`PlanCommand._in_effect`): reserves called in, on-call members mobilised, hours extended, the
  proactive notice out, self-service open;
* a duty manager (the live command drill) may also call reserves in (:meth:`PlanCommand.call_in`).

The amounts are :mod:`sim.rules`; the centre only carries them out.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import simpy

from sim import rules
from sim.format.vocabulary import ACTION_KINDS
from sim.rules import GRADES
from sim.simulation.records import PlanActivation

if TYPE_CHECKING:
    from collections.abc import Callable, Generator, Iterable

    from sim.format.plan import Plan
    from sim.simulation.centre import CentreOptions
    from sim.simulation.resources import TeamPool
    from sim.simulation.triggers import TriggerWatch

    Process = Generator[simpy.Event, Any, None]


class PlanCommand:
    """The centre's command of its plan (mixed into :class:`~sim.simulation.centre.Centre`, whose state
    it reads: the environment, the teams, the trigger watch and the records of centre events)."""
    env: simpy.Environment
    sleep: Callable[[float], simpy.Event]      # a delay on env's calendar (sim.simulation.story.sleeper)
    plan: Plan
    options: CentreOptions
    horizon: float
    teams: dict[str, TeamPool]
    watch: TriggerWatch
    events: list[tuple[float, str, str]]
    activation: PlanActivation | None
    trigger_first_held: dict[str, float]
    action_effective: dict[str, float]
    deflect_share: list[float]
    notice_out: bool
    hours_extended: bool

    # --- reserves and on-call members ----------------------------------------------------------
    def _temporary(self, team: TeamPool, n: int, stay: float, what: str) -> Process:
        """Reserve staff called in: they join now and stay for ``stay`` minutes."""
        agents = team.join(n, self.env.now + stay)
        self.events.append((self.env.now, what, f"{team.name}+{n}"))
        yield self.env.timeout(stay)
        team.leave(agents)

    def mobilise_on_call(self, team: TeamPool, reason: str) -> None:
        """Call a team's on-call members; they join after the team's mobilisation delay and stay."""
        n = team.on_call_left
        if n <= 0:
            return
        team.on_call_left = 0
        team.mobilising += n
        self.events.append((self.env.now, "on_call_called", f"{team.name}+{n} ({reason})"))

        def arrive(_ev: simpy.Event) -> None:
            team.mobilising -= n
            team.join(n, self.horizon)
        self.env.timeout(team.mobilise).callbacks.append(arrive)

    # --- the plan's activation ------------------------------------------------------------------
    def triggers_now(self) -> dict[str, bool]:
        """Which activation triggers hold at this moment."""
        return self.watch.held(self.env.now)

    def _monitor(self) -> Process:
        """On the plan's cadence: note triggers that start to hold and, if automatic, launch the plan."""
        env, sleep = self.env, self.sleep
        every = self.plan.activation.check_every
        while env.now < self.horizon:       # the plan is activated within the horizon, not in the drain
            held = self.triggers_now()
            for name, holds in held.items():
                if holds and name not in self.trigger_first_held:
                    self.trigger_first_held[name] = env.now
                    self.events.append((env.now, "trigger_held", name))
            if self.activation is None and self.options.auto_activate:
                first = rules.first_trigger(held)
                if first is not None and self.options.activation_delay > 0:
                    def activate(_ev: simpy.Event, trigger: str = first) -> None:
                        if self.env.now < self.horizon:
                            self.activate_plan(trigger=trigger, by="plan")
                    env.timeout(self.options.activation_delay).callbacks.append(activate)
                elif first is not None:
                    self.activate_plan(trigger=first, by="plan")
            yield sleep(every)

    def activate_plan(self, actions: Iterable[str] | None = None, trigger: str = "other",
                      by: str = "manual") -> PlanActivation | None:
        """Launch the plan now; each action takes effect after its delay. Returns None if already active."""
        if self.activation is not None:
            return None
        chosen = tuple(self.plan.activation.default_actions if actions is None else actions)
        for a in chosen:
            if a not in ACTION_KINDS:
                raise ValueError(f"unknown activation action {a!r}; the plan's actions are {', '.join(ACTION_KINDS)}")
        self.activation = PlanActivation(self.env.now, trigger, chosen, by)
        self.events.append((self.env.now, "plan_activated", f"{trigger} ({by})"))
        for action in chosen:
            self.take_action(action)
        return self.activation

    def take_action(self, action: str) -> float:
        """Start one activation action now; returns the simulated time it takes effect."""
        delay = getattr(self.plan.activation.actions, action).delay

        def effect(_ev: simpy.Event) -> None:
            self.action_effective.setdefault(action, self.env.now)
            self.events.append((self.env.now, "action_effective", action))
            self._in_effect(action)
        self.env.timeout(delay).callbacks.append(effect)
        return self.env.now + delay

    def _in_effect(self, action: str) -> None:
        """What an action changes in the centre once it takes effect (the amounts are the plan's rules)."""
        if action == "crisis_command":
            # The crisis group takes command and calls every team's on-call members: they are at work
            # rules.on_call_joins_after the decision (this action's delay, then the team's mobilisation),
            # unless work reaching an empty team called them earlier.
            for team in self.teams.values():
                self.mobilise_on_call(team, "crisis command")
        elif action == "reserve_call_in":
            stay = self.plan.activation.actions.reserve_call_in.stay
            for team in self.teams.values():
                n = rules.reserve_called_in(self.plan, team.reserve, team.reserve_left)
                if n > 0:
                    team.reserve_left -= n
                    self.env.process(self._temporary(team, n, stay, "reserve_joined"))
        elif action == "extended_hours":
            self.hours_extended = True
        elif action == "proactive_notice":
            self.notice_out = True
        elif action == "self_service":
            self.deflect_share = [rules.self_service_deflects(self.plan, g) for g in GRADES]

    def call_in(self, team: str, n: int) -> float:
        """Call ``n`` reserve staff of ``team``; they join after the plan's call-in delay. Returns that time."""
        if team not in self.teams:
            raise ValueError(f"unknown team {team!r}; this scenario staffs {', '.join(self.teams)}")
        pool = self.teams[team]
        if n < 1 or n > pool.reserve_left:
            raise ValueError(f"{team} has {pool.reserve_left} reserve staff left; cannot call in {n}")
        pool.reserve_left -= n
        spec = self.plan.activation.actions.reserve_call_in
        self.events.append((self.env.now, "call_in", f"{team}+{n}"))

        def join(_ev: simpy.Event) -> None:
            self.env.process(self._temporary(pool, n, spec.stay, "reserve_joined"))
        self.env.timeout(spec.delay).callbacks.append(join)
        return self.env.now + spec.delay
