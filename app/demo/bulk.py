"""Fast bulk inserts for the demo generator: executemany on SQLite, COPY on PostgreSQL.

The generator makes millions of rows; going through the ORM (or even Core's per-value type
processing) costs more than the database itself. Rows are plain tuples in a fixed column
order and instants are epoch seconds, turned into each driver's native value here: the text
SQLAlchemy's SQLite dialect stores ("YYYY-MM-DD HH:MM:SS.ffffff", UTC) or an aware datetime
for psycopg. Everything runs on the session's connection, inside its transaction.
"""

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Table, text
from sqlalchemy.orm import Session

_EPOCH = date(1970, 1, 1)
SECONDS_PER_DAY = 86_400
SQLITE_CACHE_KIB = 64 * 1024


@cache
def _clock_texts() -> tuple[str, ...]:
    """' HH:MM:SS.000000' for every second of a day: two lookups format an instant."""
    return tuple(f" {s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}.000000" for s in range(SECONDS_PER_DAY))


class BulkWriter:
    def __init__(self, session: Session):
        self._conn = session.connection()
        self.dialect = self._conn.dialect.name
        self._sqlite = self.dialect == "sqlite"
        self._days: dict[int, str] = {}
        self._clock = _clock_texts() if self._sqlite else ()
        self._tables: set[str] = set()
        if self._sqlite:
            # Index pages of a big insert stay in memory (the default cache is 2 MB).
            self._conn.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")

    def instant(self, seconds: int | None) -> Any:
        """Epoch seconds (UTC) -> the driver's value for a UTCDateTime column."""
        if seconds is None:
            return None
        if not self._sqlite:
            return datetime.fromtimestamp(seconds, UTC)
        day, rest = divmod(seconds, SECONDS_PER_DAY)
        day_text = self._days.get(day)
        if day_text is None:
            day_text = self._days[day] = (_EPOCH + timedelta(days=day)).isoformat()
        return day_text + self._clock[rest]

    def day(self, value: date | None) -> Any:
        """A calendar date -> the driver's value for a Date column."""
        if value is None or not self._sqlite:
            return value
        return value.isoformat()

    def insert(self, table: Table, columns: Sequence[str], rows: list[tuple]) -> None:
        if not rows:
            return
        if "id" in table.c:
            self._tables.add(table.name)
        names = ", ".join(columns)
        if self._sqlite:
            marks = ", ".join("?" * len(columns))
            self._conn.exec_driver_sql(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", rows)
            return
        raw = self._conn.connection.dbapi_connection
        assert raw is not None
        with raw.cursor() as cursor, cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def finish(self) -> None:
        """PostgreSQL: move the id sequences past the ids written here by hand."""
        if self._sqlite:
            self._conn.exec_driver_sql("PRAGMA cache_size=-2000")  # back to the default for the pool
            return
        for name in sorted(self._tables):
            self._conn.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) "
                f"FROM {name}"
            ))
