import pytest

from tests.sync.support import clock_at_real_time_of_day


@pytest.fixture
def clock():
    """The sync tests claim at the test's clock and replay saves at the real time: the
    same time of day, so one member zone fits both whatever hour the suite runs."""
    return clock_at_real_time_of_day()
