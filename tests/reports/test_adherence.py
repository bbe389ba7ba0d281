"""PDC: the share of days covered by purchases, adherent at 80%."""

from datetime import date, timedelta

import pytest

from app.domain.adherence import Fill, is_adherent, pdc

END = date(2026, 6, 30)


def test_no_purchase_gives_no_measure():
    assert pdc([], end=END) is None
    assert is_adherent(None) is None


def test_monthly_30_day_packs_cover_every_day():
    start = END - timedelta(days=179)
    fills = [Fill(start + timedelta(days=30 * i), 30) for i in range(6)]
    assert pdc(fills, end=END) == 1.0


def test_one_pack_in_a_full_window_is_a_sixth():
    fills = [Fill(END - timedelta(days=179), 30), Fill(END - timedelta(days=400), 30)]
    assert pdc(fills, end=END) == pytest.approx(30 / 180)


def test_window_starts_at_the_first_purchase_for_a_new_customer():
    fills = [Fill(END - timedelta(days=59), 30)]
    assert pdc(fills, end=END) == pytest.approx(0.5)


def test_early_refills_carry_forward_instead_of_double_counting():
    first = END - timedelta(days=89)
    fills = [Fill(first, 30), Fill(first + timedelta(days=10), 30), Fill(first + timedelta(days=20), 30)]
    assert pdc(fills, end=END) == 1.0  # 90 days of supply bought over 21 days cover all 90 days


def test_supply_from_before_the_window_counts_only_inside_it():
    fills = [Fill(END - timedelta(days=194), 30)]  # 15 of its 30 days fall inside the window
    fills.append(Fill(END - timedelta(days=400), 1))
    assert pdc(fills, end=END) == pytest.approx(15 / 180)


def test_purchases_after_the_end_are_ignored():
    assert pdc([Fill(END + timedelta(days=1), 30)], end=END) is None


def test_gap_of_a_month_in_three_months_is_not_adherent():
    first = END - timedelta(days=89)
    fills = [Fill(first, 30), Fill(first + timedelta(days=60), 30)]
    value = pdc(fills, end=END)
    assert value == pytest.approx(60 / 90)
    assert is_adherent(value) is False


def test_eighty_percent_exactly_is_adherent():
    assert is_adherent(0.80) is True
    assert is_adherent(0.7999) is False


def test_multi_pack_purchase_counts_all_its_days():
    assert pdc([Fill(END - timedelta(days=89), 90)], end=END) == 1.0


def test_window_must_be_positive():
    with pytest.raises(ValueError):
        pdc([Fill(END, 30)], end=END, window_days=0)
