"""Centre-wide settings on both engines: stored over the defaults, checked before storing,
admin-only, audited, and the same values for the CLI and the services."""

import json

import pytest
from sqlalchemy import select

from app.cli.main import main
from app.data.tables import AuditEntry
from app.domain.queue_settings import DEFAULT_SETTINGS
from app.services import settings
from app.services.errors import PermissionDenied, ValidationError
from tests.support.call_world import build_world


def test_defaults_until_an_admin_changes_a_value(db, clock):
    assert settings.load_queue_settings(db) == DEFAULT_SETTINGS
    from app.services.users import SYSTEM
    settings.update_settings(db, SYSTEM, clock, "queue", {"window_end": "20:30", "cap_calls": "3", "min_gap": "12h"})
    loaded = settings.load_queue_settings(db)
    assert (f"{loaded.window_end:%H:%M}", loaded.cap_calls, loaded.min_gap.total_seconds()) == ("20:30", 3, 43200)
    assert loaded.window_start == DEFAULT_SETTINGS.window_start
    with db.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "settings.update")).one()
        assert entry.detail["changes"]["cap_calls"] == 3


def test_bad_values_are_refused_and_nothing_is_stored(db, clock):
    from app.services.users import SYSTEM
    with pytest.raises(ValidationError) as exc:
        settings.update_settings(db, SYSTEM, clock, "queue", {"cap_calls": "two", "min_gap": "soon", "nope": 1})
    assert set(exc.value.errors) == {"cap_calls", "min_gap", "nope"}
    with pytest.raises(ValidationError):
        settings.update_settings(db, SYSTEM, clock, "queue", {"window_start": "22:00"})  # after the end
    assert settings.load_queue_settings(db) == DEFAULT_SETTINGS


def test_only_admins_change_settings(db, clock):
    w = build_world(db, clock)
    for actor in (w.agent, w.supervisor):
        with pytest.raises(PermissionDenied):
            settings.update_settings(db, actor, clock, "queue", {"cap_calls": "5"})
    assert settings.show_settings(db, w.agent, "queue")["cap_calls"] == DEFAULT_SETTINGS.cap_calls


def test_cli_sets_and_shows_the_same_values(db_url, db, capsys):
    assert main(["settings", "set", "queue", "window_start=08:30", "lease=20m", "--db", db_url]) == 0
    capsys.readouterr()
    assert main(["settings", "show", "queue", "--json", "--db", db_url]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["window_start"], shown["lease"]) == ("08:30", "20m")
    assert main(["settings", "set", "queue", "cap_calls=0", "--db", db_url]) == 1
    assert "at least 1" in capsys.readouterr().err


def test_the_save_door_uses_the_centres_calling_hours(db, clock):
    """A window narrowed by the admin refuses an unclaimed save at 10:00 on every workstation."""
    from app.services import calls
    from app.services.users import SYSTEM
    from app.services.compliance import CallRefused
    from tests.support.call_world import outcome

    w = build_world(db, clock)
    settings.update_settings(db, SYSTEM, clock, "queue", {"window_start": "11:00"})
    with pytest.raises(CallRefused) as exc:
        calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=outcome())
    assert "11:00-21:00" in str(exc.value)


def test_no_call_holidays_take_only_known_codes_and_the_agents_day_follows_them(db, clock):
    """The agent's "no calls today" is the centre's setting, not the default one."""
    from datetime import date, time

    from app.domain.clock import Clock
    from app.services.calls.agent_day import agent_day
    from app.services.users import SYSTEM

    agent = build_world(db, clock).agent
    dragon_boat = Clock.fixed(date(2026, 6, 19), time(10), tz=clock.tz)
    national_day = Clock.fixed(date(2026, 10, 1), time(10), tz=clock.tz)
    assert not agent_day(db, agent, dragon_boat).no_call_today  # the default calls on Dragon Boat
    assert agent_day(db, agent, national_day).no_call_today
    with pytest.raises(ValidationError) as exc:  # a typo would close nothing, silently
        settings.update_settings(db, SYSTEM, clock, "queue", {"no_call_holidays": "national_day, dragon boat"})
    assert "unknown holiday dragon boat" in exc.value.errors["queue"]
    assert settings.load_queue_settings(db) == DEFAULT_SETTINGS
    settings.update_settings(db, SYSTEM, clock, "queue", {"no_call_holidays": "dragon_boat"})
    assert agent_day(db, agent, dragon_boat).no_call_today
    assert not agent_day(db, agent, national_day).no_call_today
