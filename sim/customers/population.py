"""The customers behind a run's complaints: who complained, how hurt they are, and everyone else.

Each complaint belongs to a customer. A retry or repeat contact is folded into its first contact's
complaint (:mod:`sim.customers.experience`), so it keeps that customer; each first complaint draws its
customer from the customer stream of the run: a segment with probability proportional to its size times
its complaint propensity, then one of that segment's customers at random, so one customer can complain
twice (key accounts, few and complaining often, do). The stream is spawned from ``(seed, replication,
CUSTOMER_STREAM)``, apart from the centre's streams: the same run always gives the same customers, and two
plans compared on the same runs share them (common random numbers).

:class:`Customers` is the modelled population: one row per customer who complained (weight 1) and, per
segment, up to ``representatives`` rows standing for those who did not (each weighted by how many it
stands for), with the damage of their complaints, the week it started, and a uniform per care action
that decides whether the action reaches them.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.customers.experience import _rows, complaint_damage
from sim.customers.groups import Groups
from sim.format.care import CustomerBase, ResponseModel

CUSTOMER_STREAM = 0xC057   # the customer model's own stream id, beside the centre's (seed, replication)
MINUTES_PER_WEEK = 7 * 1440.0


@dataclass(frozen=True)
class Customers:
    """The modelled customers, one row each (arrays of equal length)."""
    segment: np.ndarray          # index into the base's segments
    weight: np.ndarray           # real customers the row stands for
    complained: np.ndarray       # bool
    dissatisfied: np.ndarray     # bool: abandoned, unresolved or said so at follow-up
    damage: np.ndarray           # log-odds from their complaints (capped), from ``since`` on
    since: np.ndarray            # minute of their first complaint (0 for those who did not complain)
    reach_u: np.ndarray          # (rows, actions) uniforms: action j reaches the row when below its reach
    segment_ids: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.weight)


def customer_rng(seed: int, replication: int) -> np.random.Generator:
    """The customer model's random stream for one run."""
    return np.random.default_rng(np.random.SeedSequence([int(seed), int(replication), CUSTOMER_STREAM]))


def assign_customers(n_complaints: int, base: CustomerBase, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Segment and member index of the customer behind each of ``n_complaints`` first complaints (in
    arrival order): a segment by size x propensity, then a member uniformly.

    >>> from sim.format.care import CustomerBase
    >>> one = CustomerBase.model_validate({"segments": {"only": {"name": "All", "customers": 1,
    ...     "revenue_per_year": 1, "churn_per_year": 0.1, "repurchase_per_year": 0.5}}})
    >>> seg, member = assign_customers(3, one, np.random.default_rng(0))
    >>> seg.tolist(), member.tolist()                    # one customer: all three complaints are theirs
    ([0, 0, 0], [0, 0, 0])
    """
    segs = list(base.segments.values())
    pull = np.array([s.customers * s.complaint_propensity for s in segs], dtype=float)
    if pull.sum() <= 0:
        raise ValueError("no segment can complain: every complaint_propensity is 0")
    u = rng.random((n_complaints, 2))
    cum = np.cumsum(pull / pull.sum())
    seg = np.minimum(np.searchsorted(cum, u[:, 0], side="right"), len(segs) - 1)
    sizes = np.array([s.customers for s in segs])
    member = np.minimum((u[:, 1] * sizes[seg]).astype(np.int64), sizes[seg] - 1)
    return seg.astype(np.int64), member


def build_customers(chains, base: CustomerBase, response: ResponseModel, n_actions: int,
                    rng: np.random.Generator) -> Customers:
    """The modelled population of one run, from its complaints (:func:`~sim.customers.experience.complaint_chains`,
    a table, or :func:`~sim.customers.experience.chain_columns`, a dict of columns)."""
    n_chains = _rows(chains)
    seg, member = assign_customers(n_chains, base, rng)
    damage = complaint_damage(chains, response) if n_chains else np.zeros(0)
    unhappy = (np.asarray(chains["abandoned"], dtype=bool) | np.asarray(chains["unresolved"], dtype=bool)
               | (np.asarray(chains["satisfied"], dtype=float) == 0)) if n_chains else np.zeros(0, bool)
    since = np.asarray(chains["arrival_min"], dtype=float) if n_chains else np.zeros(0)
    # one row per customer who complained, by segment and member (as pandas' groupby sorts them)
    who = Groups((seg, member))
    who_seg = who.keys_of[0] if n_chains else np.zeros(0, dtype=np.int64)
    who_damage, who_unhappy, who_since = who.sum(damage), who.any(unhappy), who.min(since)
    segments, weights, complained, unhappy_rows, dmg, since_rows = [], [], [], [], [], []
    for k, s in enumerate(base.segments.values()):
        mine = who_seg == k
        count = int(mine.sum())
        rest = s.customers - count
        reps = min(base.representatives, rest)
        segments += [k] * (count + reps)
        weights += [1.0] * count + ([rest / reps] * reps if reps else [])
        complained += [True] * count + [False] * reps
        unhappy_rows += who_unhappy[mine].tolist() + [False] * reps
        dmg += np.minimum(who_damage[mine], response.max_damage).tolist() + [0.0] * reps
        since_rows += who_since[mine].tolist() + [0.0] * reps
    n = len(weights)
    return Customers(segment=np.array(segments, dtype=np.int64), weight=np.array(weights, dtype=float),
                     complained=np.array(complained, dtype=bool), dissatisfied=np.array(unhappy_rows, dtype=bool),
                     damage=np.array(dmg, dtype=float), since=np.array(since_rows, dtype=float),
                     reach_u=rng.random((n, n_actions)), segment_ids=tuple(base.segments))
