"""What the deployment tests share: a fake clock the tests move by hand, and a fresh results database."""
import pytest
from support import FakeClock

from sim.store.results import Store


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def store(tmp_path):
    return Store(f"sqlite:///{tmp_path / 'drills.sqlite'}")
