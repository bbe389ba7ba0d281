"""caredesk-admin kpi: the contract (keys, fractions), the text form, and refused ranges."""

import json
import subprocess
import sys

from tests.support.floor_data import seed_floor

KEYS = {"calls", "reached", "connect_rate", "sla_met_rate", "satisfaction_avg", "complaints", "tickets_opened"}


def _kpi(db_url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", "kpi", *args, "--db", db_url, "--today", "2026-06-15"],
                          capture_output=True, text=True, timeout=120)


def test_json_has_the_contract_keys_with_rates_as_fractions(db, db_url, clock):
    seed_floor(db, clock)
    out = _kpi(db_url, "--from", "2026-06-08", "--to", "2026-06-15", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert KEYS <= set(data)
    assert data["calls"] > 0 and 0 <= data["connect_rate"] <= 1 and 0 <= data["sla_met_rate"] <= 1
    assert data["connect_rate"] == data["reached"] / data["calls"]
    assert (data["from"], data["to"]) == ("2026-06-08", "2026-06-15")


def test_an_empty_range_rates_nothing(db_url):
    data = json.loads(_kpi(db_url, "--from", "2025-01-01", "--to", "2025-01-31", "--json").stdout)
    assert data["calls"] == 0 and data["connect_rate"] is None and data["sla_met_rate"] is None


def test_text_output_and_refused_ranges(db, db_url, clock):
    seed_floor(db, clock)
    text = _kpi(db_url, "--from", "2026-06-15", "--to", "2026-06-15")
    assert text.returncode == 0 and "connect rate 66.7%" in text.stdout
    backwards = _kpi(db_url, "--from", "2026-06-15", "--to", "2026-06-01")
    assert backwards.returncode == 1 and "ends before it starts" in backwards.stderr
    too_long = _kpi(db_url, "--from", "2024-01-01", "--to", "2026-01-01")
    assert too_long.returncode == 1 and "at most 366 days" in too_long.stderr
    assert _kpi(db_url, "--from", "June", "--to", "2026-06-01").returncode == 2  # argparse: not a date
