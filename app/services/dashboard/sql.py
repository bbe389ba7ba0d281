"""SQL pieces the dashboard needs that SQLite and PostgreSQL spell differently.

Instants are grouped by UTC hour in SQL (cheap on both engines), then folded into local
hours, days and months in Python, so no engine needs the workstation's time-zone rules.
"""

from datetime import UTC, datetime

from sqlalchemy import ColumnElement, Float, cast, func, literal_column


def hour_bucket(column, dialect: str) -> ColumnElement:
    """The instant truncated to its UTC hour (a string on SQLite, a timestamp on PostgreSQL)."""
    if dialect == "sqlite":
        # Stored as "YYYY-MM-DD HH:MM:SS.ffffff" UTC text: cutting it is cheaper than strftime.
        return func.substr(column, 1, 13)
    return func.date_trunc("hour", func.timezone("UTC", column))


def parse_bucket(value: object) -> datetime:
    """A bucket from `hour_bucket` as a UTC-aware datetime."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return datetime.strptime(str(value), "%Y-%m-%d %H").replace(tzinfo=UTC)


def seconds_between(start, end, dialect: str) -> ColumnElement:
    """end - start in seconds, as a float."""
    if dialect == "sqlite":
        return (func.julianday(end) - func.julianday(start)) * 86400.0
    return cast(func.extract("epoch", end - start), Float)


def within_days_after(later, earlier, days: int, dialect: str) -> ColumnElement:
    """later <= earlier + days (SQLite keeps instants as text, so compare Julian days)."""
    if dialect == "sqlite":
        return func.julianday(later) <= func.julianday(earlier) + float(days)
    return later <= earlier + literal_column(f"interval '{int(days)} days'")

