"""How console figures read on screen: rates as percents, durations as m:ss, local times."""

from datetime import datetime, tzinfo

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP

from app.services.dashboard import AgentStatus, AlertKind, Tile, TileKey

_CTX = "Supervisor"
DASH = "–"

TILE_TITLES = {
    TileKey.CONNECT_RATE: QT_TRANSLATE_NOOP("Supervisor", "Connect rate"),
    TileKey.CALLS_COMPLETED: QT_TRANSLATE_NOOP("Supervisor", "Calls completed"),
    TileKey.SATISFACTION: QT_TRANSLATE_NOOP("Supervisor", "Average satisfaction"),
    TileKey.COMPLAINTS: QT_TRANSLATE_NOOP("Supervisor", "Complaints opened"),
    TileKey.SLA_BREACHES: QT_TRANSLATE_NOOP("Supervisor", "SLA breaches"),
    TileKey.REFILLS: QT_TRANSLATE_NOOP("Supervisor", "Refills after calls"),
    TileKey.CHURN_REACHED: QT_TRANSLATE_NOOP("Supervisor", "Churn-risk members reached"),
}
STATUS_LABELS = {
    AgentStatus.ON_CALL: QT_TRANSLATE_NOOP("Supervisor", "On a call"),
    AgentStatus.WRAP_UP: QT_TRANSLATE_NOOP("Supervisor", "Wrap-up"),
    AgentStatus.PAUSED: QT_TRANSLATE_NOOP("Supervisor", "Paused"),
    AgentStatus.IDLE: QT_TRANSLATE_NOOP("Supervisor", "Idle"),
    AgentStatus.OFFLINE: QT_TRANSLATE_NOOP("Supervisor", "Offline"),
}
PAUSE_LABELS = {
    "break": QT_TRANSLATE_NOOP("Supervisor", "Paused: break"),
    "lunch": QT_TRANSLATE_NOOP("Supervisor", "Paused: lunch"),
    "training": QT_TRANSLATE_NOOP("Supervisor", "Paused: training"),
    "meeting": QT_TRANSLATE_NOOP("Supervisor", "Paused: meeting"),
    "coaching": QT_TRANSLATE_NOOP("Supervisor", "Paused: coaching"),
}
ALERT_LABELS = {
    AlertKind.SLA_BREACHED: QT_TRANSLATE_NOOP("Supervisor", "SLA breached"),
    AlertKind.SEVERE_REACTION: QT_TRANSLATE_NOOP("Supervisor", "Severe adverse reaction"),
    AlertKind.SLA_NEAR: QT_TRANSLATE_NOOP("Supervisor", "SLA due soon"),
    AlertKind.REPEAT_COMPLAINT: QT_TRANSLATE_NOOP("Supervisor", "Repeat complaint"),
    AlertKind.ABANDONED_LEASE: QT_TRANSLATE_NOOP("Supervisor", "Abandoned claim"),
}


def tr(source: str) -> str:
    """Translate a source marked with QT_TRANSLATE_NOOP("Supervisor", ...) elsewhere."""
    return QCoreApplication.translate(_CTX, source)


# Literal strings call translate("Supervisor", "...") directly so pyside6-lupdate sees
# their context (it cannot see through a wrapper).
translate = QCoreApplication.translate


def percent(value: float | None) -> str:
    return DASH if value is None else f"{value * 100:.1f}%"


def score(value: float | None) -> str:
    return DASH if value is None else f"{value:.1f}"


def duration(seconds: float | None) -> str:
    if seconds is None:
        return DASH
    total = int(round(seconds))
    return f"{total // 60}:{total % 60:02d}"


def local_time(instant: datetime | None, tz: tzinfo, *, with_date: bool = True) -> str:
    if instant is None:
        return ""
    local = instant.astimezone(tz)
    return local.strftime("%m-%d %H:%M" if with_date else "%H:%M")


def tile_value(tile: Tile) -> str:
    """The big figure of a tile."""
    return _tile_number(tile.key, tile.value)


def _tile_number(key: TileKey, value: float | None) -> str:
    if key is TileKey.CONNECT_RATE:
        return percent(value)
    if key is TileKey.SATISFACTION:
        return score(value)
    return DASH if value is None else f"{int(value):,}"


def tile_target(tile: Tile) -> str:
    if tile.target is None:
        return translate("Supervisor", "No target")
    sign = "≥" if tile.higher_is_better else "≤"
    return translate("Supervisor", "Target %1").replace("%1", f"{sign} {_tile_number(tile.key, tile.target)}")


def tile_trend(tile: Tile) -> str:
    """The change against the same span one period earlier, e.g. "▲ 5.0 pts"."""
    if tile.value is None or tile.previous is None:
        return translate("Supervisor", "no comparison")
    delta = tile.value - tile.previous
    arrow = "▲" if delta > 0 else "▼" if delta < 0 else "="
    if tile.key is TileKey.CONNECT_RATE:
        amount = f"{abs(delta) * 100:.1f} pts"
    elif tile.key is TileKey.SATISFACTION:
        amount = f"{abs(delta):.1f}"
    else:
        amount = f"{abs(int(delta)):,}"
    return translate("Supervisor", "%1 vs previous").replace("%1", f"{arrow} {amount}" if delta else "=")
