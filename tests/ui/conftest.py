"""What the app tests share: a fake clock the tests move by hand, and a fresh results database."""
import pytest


class FakeClock:
    """Seconds that pass only when a test moves ``now`` (the app's timers and autosave read it)."""

    def __init__(self):
        self.now = 5000.0

    def __call__(self):
        return self.now


@pytest.fixture
def db(tmp_path):
    return f"sqlite:///{tmp_path / 'd.sqlite'}"


@pytest.fixture
def clock():
    return FakeClock()
