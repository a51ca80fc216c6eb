"""sim.staffing.erlang_c against a peer implementation: pyworkforce 0.5.1's ErlangC
(github.com/rodrigo-arenas/pyworkforce). Its PyPI release has no Erlang A (that lives only on its main
branch), so Erlang A is checked against published numbers and closed forms in tests/test_erlang.py."""
import itertools

import pytest

from sim.staffing import erlang_c

pyworkforce = pytest.importorskip("pyworkforce.queuing")

CASES = list(itertools.product((50, 100, 400, 1200),      # arrivals per 30-minute interval
                               (2.0, 3.0, 8.0),           # mean handling time, minutes
                               (0.05, 20 / 60, 2.0)))     # answer-time target, minutes (pyworkforce needs > 0)


@pytest.mark.parametrize("arrivals,aht,asa", CASES)
def test_erlang_c_matches_pyworkforce(arrivals, aht, asa):
    load = arrivals / 30 * aht
    for extra in (1, 2, 5, 20):
        servers = int(load) + extra
        peer = pyworkforce.ErlangC(transactions=arrivals, asa=asa, aht=aht, interval=30, shrinkage=0.0)
        ours = erlang_c(arrivals / 30, 1 / aht, servers)
        assert ours.wait_probability == pytest.approx(peer.waiting_probability(positions=servers), abs=1e-6)
        assert ours.service_level(asa) == pytest.approx(peer.service_level(positions=servers), abs=1e-6)
