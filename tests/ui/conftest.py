"""What the app tests share: a fake clock the tests move by hand, and a fresh results database."""
import pytest
from support import FakeClock


@pytest.fixture
def db(tmp_path):
    return f"sqlite:///{tmp_path / 'd.sqlite'}"


@pytest.fixture
def clock():
    return FakeClock()
