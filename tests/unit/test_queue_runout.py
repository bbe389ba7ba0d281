"""Run-out from orders, counted from the order date (CONTRACTS.md)."""

from datetime import date

from app.domain.attempts import attempts_exhausted, counts_as_contact, is_failed_attempt
from app.domain.runout import Purchase, first_cycle, refill_due, remaining_days, runout_date


def test_a_30_day_pack_ordered_on_1_june_is_due_on_26_june():
    p = [Purchase(date(2026, 6, 1), 1, 30)]
    assert runout_date(p) == date(2026, 7, 1)
    assert refill_due(p, lead_days=5) == date(2026, 6, 26)


def test_several_packs_last_longer():
    assert runout_date([Purchase(date(2026, 6, 1), 3, 30)]) == date(2026, 8, 30)


def test_an_overlapping_order_extends_the_supply_instead_of_restarting_it():
    p = [Purchase(date(2026, 6, 1), 1, 30), Purchase(date(2026, 6, 20), 1, 30)]
    assert runout_date(p) == date(2026, 7, 31)
    assert remaining_days(p, date(2026, 7, 1)) == 30


def test_a_gap_between_orders_starts_a_new_supply():
    p = [Purchase(date(2026, 1, 1), 1, 30), Purchase(date(2026, 6, 1), 1, 30)]
    assert runout_date(p) == date(2026, 7, 1)
    assert remaining_days(p, date(2026, 7, 5)) == -4


def test_nothing_bought_means_no_runout():
    assert runout_date([]) is None and remaining_days([], date(2026, 1, 1)) is None
    assert first_cycle([Purchase(date(2026, 6, 1), 0, 30)]) is None
    assert first_cycle([Purchase(date(2026, 6, 1), 2, 30)]) == (date(2026, 6, 1), date(2026, 7, 31))


def test_attempt_rules():
    assert is_failed_attempt("no_answer") and is_failed_attempt("busy") and not is_failed_attempt("reached")
    assert counts_as_contact("reached") and not counts_as_contact("no_answer")
    assert not attempts_exhausted(2) and attempts_exhausted(3)
