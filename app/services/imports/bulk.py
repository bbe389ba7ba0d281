"""Bulk statements inside the run's transaction: COPY on PostgreSQL (psycopg), executemany
on SQLite, and lookups in chunks that stay under SQLite's bound-parameter limit."""

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, bindparam, select, update

CHUNK = 2000


def insert_rows(conn: Connection, table: Table, columns: Sequence[str], rows: list[tuple]) -> None:
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        driver = conn.connection.driver_connection  # the session's own connection: same transaction
        names = ", ".join(f'"{c}"' for c in columns)
        with driver.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
    else:
        conn.execute(table.insert(), [dict(zip(columns, row)) for row in rows])


def update_rows(conn: Connection, table: Table, rows: list[dict[str, Any]], *, bump_version: bool = False) -> None:
    """Rows are {"_id": id, column: value...}, all with the same columns (executemany)."""
    if not rows:
        return
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(k for k in row if k != "_id")), []).append(row)
    for columns, group in groups.items():
        values: dict[str, Any] = {c: bindparam(f"v_{c}") for c in columns}
        if bump_version:
            values["version"] = table.c.version + 1
        statement = update(table).where(table.c.id == bindparam("_id")).values(values)
        conn.execute(statement, [{"_id": r["_id"], **{f"v_{c}": r[c] for c in columns}} for r in group])


def lookup(conn: Connection, columns: Sequence[Any], key: Any, wanted: Iterable[Any]) -> list[Any]:
    """The rows whose `key` is in `wanted`, read in chunks."""
    keys = sorted(set(wanted))
    found: list[Any] = []
    for start in range(0, len(keys), CHUNK):
        found.extend(conn.execute(select(*columns).where(key.in_(keys[start:start + CHUNK]))).all())
    return found


def utc(value: datetime | str | None) -> datetime | None:
    """Aggregates bypass the column type on SQLite (text, naive): make them UTC-aware."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
