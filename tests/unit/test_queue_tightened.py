"""by_tightened: candidates in level order of their tightened bounds, read no further than
needed (app.services.queue.rank)."""

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from app.domain.priority import BEST_SLOT
from app.services.queue.rank import by_tightened
from app.services.queue.rank_store import level_order

START = datetime(2026, 6, 15, tzinfo=UTC)

# (bound, due in days, out of the best slot): many equal whole points, so ties are common.
row_st = st.tuples(st.sampled_from([100.0, 100.5, 102.0, 103.25, 105.0, 105.5, 107.0]), st.integers(0, 3),
                   st.booleans())


def _rows(specs) -> list[tuple]:
    rows = [(member_id, bound, START + timedelta(days=due), out) for member_id, (bound, due, out) in enumerate(specs)]
    return sorted(rows, key=level_order)


def _tighten(row: tuple) -> tuple:
    member_id, bound, due, out_of_slot = row
    return (member_id, bound - BEST_SLOT, due, out_of_slot) if out_of_slot else row


@given(st.lists(row_st, max_size=40))
def test_rows_come_in_level_order_of_their_tightened_bounds(specs):
    rows = _rows(specs)
    assert list(by_tightened((row for row in rows), _tighten)) == sorted(map(_tighten, rows), key=level_order)


@given(st.lists(row_st, min_size=1, max_size=40))
def test_the_best_row_is_given_once_no_unread_row_could_come_before_it(specs):
    rows = _rows(specs)
    read = []

    def source():
        for row in rows:
            read.append(row)
            yield row

    first = next(by_tightened(source(), _tighten))
    assert first == min(map(_tighten, rows), key=level_order)
    # Every row read but the last came before the first row given, untightened, or is it.
    assert all(level_order(row) <= level_order(first) for row in read[:-1])
    # And the last row read is the first that could not come before it.
    unread = rows[len(read):]
    assert read[-1] == first or not unread or level_order(read[-1]) > level_order(first)
