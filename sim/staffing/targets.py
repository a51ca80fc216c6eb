"""Targets: what a roster must achieve, written ``kpi direction value``.

A target names a KPI a simulation run reports (:func:`kpi_names`), a direction and a value:
``first_response_on_time.major >= 0.95`` says at least 95 % of major complaints get their first response
within the plan's target; ``abandon_rate <= 0.10`` that at most one caller in ten hangs up. The plan's
``kpi_targets`` are the default; a planner replaces them with ``--target KPI=VALUE`` on the command line,
in the planner app, or in code (:func:`resolve_targets` takes every form).

``KPI=VALUE`` takes the plan's direction for that KPI, else the KPI's natural one
(:func:`default_direction`): *at most* for failures, times, utilisation and cost; *at least* for shares on
time and satisfaction. Shares must lie in [0, 1]; an unknown KPI is answered with the closest names.

>>> import sim
>>> from sim.format.library import default_plan_path
>>> plan = sim.load_plan(default_plan_path())
>>> names = ("abandon_rate", "mean_wait_min", "first_response_on_time.major")
>>> parse_target("abandon_rate=0.05", names, plan)          # the plan's target is "at most"
Target(kpi='abandon_rate', value=0.05, direction='<=')
>>> print(parse_target("mean_wait_min = 3", names, plan))   # no plan target: a time is "at most"
mean_wait_min <= 3
>>> parse_target("first_response_on_time.majr>=0.9", names, plan)
Traceback (most recent call last):
    ...
sim.staffing.targets.TargetError: --target first_response_on_time.majr>=0.9: unknown KPI ...; did you mean 'first_response_on_time.major'?
"""
from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from numbers import Real
from typing import TYPE_CHECKING, TypeGuard

from sim.i18n import t
from sim.simulation.metrics import compute_kpis, is_count
from sim.simulation.records import RunRecords

if TYPE_CHECKING:   # type names only
    from sim.format.plan import KpiTarget, Plan
    from sim.format.scenario import Scenario

# What resolve_targets accepts: kpi -> value / {"at_least": v} / Target, or "kpi=value" texts / Targets.
TargetsArg = Mapping[str, object] | Iterable[object] | None


class TargetError(ValueError):
    """A target cannot be used: unknown KPI, not a number, a share outside [0, 1]. One line, for the user."""


# KPIs where less is better; every other KPI is "at least" (shares on time, satisfaction, ...).
_LOWER_IS_BETTER = frozenset({"abandon_rate", "wait_probability", "overtime_hours", "staff_cost", "backlog_peak",
                              "escalations", "repeat_contacts", "open", "open_at_end", "backlog_at_horizon",
                              "abandoned"})


def default_direction(kpi: str) -> str:
    """Direction of a new target on ``kpi`` (one the plan has no target for).

    ``<=`` for abandon_rate, wait_probability, times (``*_min``), utilisation, overtime, cost, backlog,
    escalations and repeat contacts; ``>=`` for everything else (shares on time, satisfaction, ...).

    >>> default_direction("mean_wait_min"), default_direction("satisfaction")
    ('<=', '>=')
    """
    if kpi in _LOWER_IS_BETTER or kpi.endswith("_min") or kpi.startswith("utilisation."):
        return "<="
    return ">="


def is_share(kpi: str) -> bool:
    """KPIs measured as a share in [0, 1]."""
    return ("_on_time" in kpi or kpi.startswith("utilisation.")
            or kpi in ("first_response_within_24h", "satisfaction", "abandon_rate", "wait_probability"))


@dataclass(frozen=True)
class Target:
    """``kpi direction value``, e.g. ``first_response_on_time.major >= 0.95``."""
    kpi: str
    value: float
    direction: str = ">="

    def margin(self, x: float) -> float:
        """How far ``x`` is on the right side of the target (negative: missed; NaN counts as missed)."""
        if math.isnan(x):
            return -math.inf
        return x - self.value if self.direction == ">=" else self.value - x

    def met(self, x: float) -> bool:
        return self.margin(x) >= 0

    def __str__(self) -> str:
        return f"{self.kpi} {self.direction} {self.value:g}"


def closeness(target: Target, margin: float) -> float:
    """How far a KPI is on the right side of its target, on a scale shared by every target (which one is
    closest to failing: the smallest): the margin as a share of the *room* between the target and the
    KPI's best value. For a share "at least v" the room is 1 - v; for "at most v" (a rate, a time, a cost:
    at best 0) it is v; for any other "at least v", v. So 1 is the best value, 0 the target, below 0 a
    miss (-1: as far below the target as the room above it).

    >>> closeness(Target("first_response_within_24h", 0.75), 0.125), closeness(Target("abandon_rate", 0.10, "<="), 0.03)
    (0.5, 0.3)
    >>> closeness(Target("mean_wait_min", 5.0, "<="), -1.0)
    -0.2
    """
    room = 1.0 - target.value if target.direction == ">=" and is_share(target.kpi) else abs(target.value)
    return margin / room if room > 0 else margin


def _from_plan(kpi: str, spec: KpiTarget) -> Target:
    if spec.at_least is not None:
        return Target(kpi, float(spec.at_least), ">=")
    assert spec.at_most is not None     # a plan target has exactly one bound (checked when loaded)
    return Target(kpi, float(spec.at_most), "<=")


def kpi_names(scenario: Scenario) -> tuple[str, ...]:
    """Names of the KPIs a run of ``scenario`` reports (the names targets may use)."""
    return tuple(name for name in compute_kpis(RunRecords.before_run(scenario)).index if not is_count(name))


def make_target(kpi: str, value: object, names: Sequence[str], plan: Plan, lang: str = "en", *,
                direction: str | None = None, arg: str | None = None) -> Target:
    """Validate one target; the direction defaults to the plan's for that KPI, else :func:`default_direction`."""
    arg = arg if arg is not None else f"{kpi}={value}"
    if kpi not in names:
        close = difflib.get_close_matches(kpi, list(names), n=3, cutoff=0.6)
        if close:
            raise TargetError(t("staff.err.unknown_kpi", lang, arg=arg, kpi=kpi,
                                suggest=", ".join(repr(c) for c in close)))
        raise TargetError(t("staff.err.unknown_kpi_list", lang, arg=arg, kpi=kpi,
                            known=", ".join(plan.kpi_targets) or ", ".join(names)))
    number = _number(value)
    if not math.isfinite(number):
        raise TargetError(t("staff.err.not_number", lang, arg=arg, value=value))
    if direction is None:
        spec = plan.kpi_targets.get(kpi)
        direction = _from_plan(kpi, spec).direction if spec is not None else default_direction(kpi)
    if is_share(kpi) and not 0.0 <= number <= 1.0:
        raise TargetError(t("staff.err.share", lang, arg=arg, kpi=kpi))
    if number < 0:
        raise TargetError(t("staff.err.negative", lang, arg=arg))
    return Target(kpi, number, direction)


def _number(value: object) -> float:
    """The target value as a float; NaN when it is not a number (so the caller can say so)."""
    if isinstance(value, Real) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            pass
    return math.nan


_TARGET_RE = re.compile(r"^\s*([^\s<>=]+)\s*(>=|<=|=)\s*(.*?)\s*$")


def parse_target(text: str, names: Sequence[str], plan: Plan, lang: str = "en",
                 prefix: str = "--target ") -> Target:
    """``KPI=VALUE`` (the plan's direction, or the default), ``KPI>=VALUE`` or ``KPI<=VALUE``.

    Errors name the argument: ``--target first_response_on_time.majr=0.95: unknown KPI ...; did you mean ...``.
    """
    arg = f"{prefix}{text}"
    m = _TARGET_RE.match(text)
    if not m or not m.group(3):
        raise TargetError(t("staff.err.target_syntax", lang, arg=arg))
    kpi, op, value = m.groups()
    return make_target(kpi, value, names, plan, lang, direction=None if op == "=" else op, arg=arg)


def resolve_targets(scenario: Scenario, targets: TargetsArg = None, lang: str = "en") -> dict[str, Target]:
    """The targets a roster must meet: the plan's ``kpi_targets`` (``targets=None``), or the given ones.

    ``targets`` replaces the plan's targets. It is a mapping ``kpi -> value`` (direction: the plan's target
    for that KPI, else :func:`default_direction`), ``kpi -> {"at_least": v}`` / ``{"at_most": v}``, or
    ``kpi -> Target``; or an iterable of ``"kpi=value"`` / ``"kpi>=value"`` strings or ``Target`` objects.
    """
    if targets is None:
        out = {kpi: _from_plan(kpi, spec) for kpi, spec in scenario.plan.kpi_targets.items()}
    else:
        out = _given_targets(scenario, targets, lang)
    if not out:
        raise TargetError(t("staff.err.no_targets", lang))
    return out


def as_targets(scenario: Scenario, targets: TargetsArg = None, lang: str = "en") -> Mapping[str, Target]:
    """``targets`` as they are when already resolved (a non-empty mapping of :class:`Target`), else
    :func:`resolve_targets` (the search hands its resolved targets on to the warm start this way)."""
    return targets if _resolved(targets) else resolve_targets(scenario, targets, lang)


def _resolved(targets: TargetsArg) -> TypeGuard[Mapping[str, Target]]:
    return isinstance(targets, Mapping) and bool(targets) and all(isinstance(v, Target) for v in targets.values())


def _given_targets(scenario: Scenario, targets: Mapping[str, object] | Iterable[object],
                   lang: str) -> dict[str, Target]:
    names = kpi_names(scenario)
    items: Iterable[tuple[str | None, object]] = (
        targets.items() if isinstance(targets, Mapping) else [(None, v) for v in targets])
    out: dict[str, Target] = {}
    for kpi, value in items:
        tgt = _given_target(kpi, value, names, scenario.plan, lang)
        out[tgt.kpi] = tgt
    return out


def _given_target(kpi: str | None, value: object, names: Sequence[str], plan: Plan, lang: str) -> Target:
    """One target as given: a Target, ``"kpi=value"`` text, ``kpi: {"at_least": v}`` or ``kpi: value``."""
    if isinstance(value, Target):
        return make_target(value.kpi, value.value, names, plan, lang, direction=value.direction)
    if kpi is None:
        if isinstance(value, str):
            return parse_target(value, names, plan, lang, prefix="")
        raise TargetError(t("staff.err.target_syntax", lang, arg=str(value)))
    if isinstance(value, Mapping):
        if len(value) != 1 or next(iter(value)) not in ("at_least", "at_most"):
            raise TargetError(t("staff.err.target_syntax", lang, arg=f"{kpi}={dict(value)}"))
        key, v = next(iter(value.items()))
        return make_target(kpi, v, names, plan, lang, direction=">=" if key == "at_least" else "<=")
    return make_target(kpi, value, names, plan, lang)
