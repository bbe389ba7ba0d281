"""Bulk statements inside the caller's transaction (an import, the points of its orders):
COPY on PostgreSQL (psycopg), executemany straight to the driver on SQLite, and lookups in
chunks that stay under SQLite's bound-parameter limit. Where row-level security applies to
the caller (an agent's own server login), PostgreSQL refuses COPY FROM: the rows then go in
by INSERT, each checked by the policies."""

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON, BigInteger, Connection, String, Table, any_, bindparam, cast, func, literal_column, select, text, update,
)
from sqlalchemy.dialects.postgresql import ARRAY

from app.data.base import UTCDateTime

COPY_UPDATE_FROM = 200  # rows from which a COPY and one UPDATE ... FROM beat executemany on PostgreSQL
CHUNK = 50_000  # keys per lookup statement: one bound parameter each time, so only memory bounds it


def insert_rows(conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    if not rows:
        return
    driver = conn.connection.driver_connection  # the session's own connection: same transaction
    names = ", ".join(f'"{c}"' for c in columns)
    if conn.dialect.name == "postgresql":
        if not _may_copy(conn, table):
            conn.execute(table.insert(), [dict(zip(columns, row)) for row in rows])
            return
        as_json = [i for i, c in enumerate(columns) if isinstance(table.c[c].type, JSON)]
        with driver.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            for row in rows:
                if as_json:
                    row = list(row)
                    for i in as_json:
                        row[i] = None if row[i] is None else json.dumps(row[i], ensure_ascii=False)
                copy.write_row(row)
        return
    driver.cursor().executemany(f'INSERT INTO "{table.name}" ({names}) VALUES ({", ".join("?" * len(columns))})',
                                _sqlite_values(conn, table, columns, rows))


_MAY_COPY = ("SELECT NOT c.relrowsecurity OR r.rolsuper OR r.rolbypassrls"
             " OR (pg_has_role(c.relowner, 'USAGE') AND NOT c.relforcerowsecurity)"
             " FROM pg_class c, pg_roles r WHERE c.oid = %s::regclass AND r.rolname = current_user")


def _may_copy(conn: Connection, table: Table) -> bool:
    """Whether row-level security spares the caller on `table`: asked once per connection
    (its login does not change) and table."""
    known = conn.connection.info.setdefault("bulk_may_copy", {})
    if table.name not in known:
        with conn.connection.driver_connection.cursor() as cursor:
            cursor.execute(_MAY_COPY, (f'"{table.name}"',))
            known[table.name] = bool(cursor.fetchone()[0])
    return known[table.name]


def _sqlite_values(conn: Connection, table: Table, columns: Sequence[str], rows: list) -> list:
    """SQLite: the rows for the driver, converted by the columns' own bind processors (and
    UTC instants by _sqlite_instant, without their per-value layers)."""
    # Instants repeat (an order's two ledger rows, a day's expiry): each is formatted once a call.
    processors = [_remembered(_sqlite_instant) if isinstance(table.c[c].type, UTCDateTime)
                  else table.c[c].type._cached_bind_processor(conn.dialect) for c in columns]
    convert = [(i, f) for i, f in enumerate(processors) if f is not None]
    return [_converted(row, convert) for row in rows] if convert else rows


def _remembered(convert):
    seen: dict = {}

    def once(value):
        got = seen.get(value)
        if got is None:
            got = seen[value] = convert(value)
        return got
    return once


def _converted(row: tuple, convert: list[tuple[int, Any]]) -> list:
    values = list(row)
    for i, f in convert:
        if values[i] is not None:
            values[i] = f(values[i])
    return values


def _sqlite_instant(value: datetime) -> str:
    """What UTCDateTime and SQLAlchemy's SQLite DATETIME store, without their per-value layers."""
    if value.tzinfo is UTC:  # the importer's own instants: drop the "+00:00"
        return value.isoformat(" ", "microseconds")[:26]
    if value.tzinfo is None:
        raise ValueError("naive datetime given for a UTC column")
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.replace(tzinfo=None).isoformat(" ", "microseconds")


def update_rows(conn: Connection, table: Table, rows: list[dict[str, Any]], *, bump_version: bool = False,
                add: Sequence[str] = (), only_if: str | None = None) -> None:
    """Rows are {"_id": id, column: value...}; rows with the same columns go in one statement:
    COPY into a temporary table and one UPDATE ... FROM on PostgreSQL, executemany on SQLite.
    Columns in `add` are added to (`c = c + value`: relative, so a concurrent change, a
    redemption on a call, is never overwritten), the others set. `only_if`: a condition on
    the row's own columns (SQL, e.g. "status = 'open'") a row must still meet to change."""
    if not rows:
        return
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(k for k in row if k != "_id")), []).append(row)
    and_also = f" AND {only_if}" if only_if else ""
    for columns, group in groups.items():
        if conn.dialect.name == "postgresql" and len(group) >= COPY_UPDATE_FROM:
            sets = ", ".join(f'"{c}" = t."{c}" + s."{c}"' if c in add else f'"{c}" = s."{c}"' for c in columns)
            conn.exec_driver_sql(f'CREATE TEMP TABLE _import_changes ON COMMIT DROP AS '
                                 f'SELECT id, {", ".join(chr(34) + c + chr(34) for c in columns)} '
                                 f'FROM "{table.name}" WITH NO DATA')
            insert_rows(conn, _temp(table, columns), ("id", *columns), [(r["_id"], *(r[c] for c in columns))
                                                                        for r in group])
            conn.exec_driver_sql(f'UPDATE "{table.name}" AS t SET {sets}'
                                 f'{", version = t.version + 1" if bump_version else ""} '
                                 f'FROM _import_changes s WHERE t.id = s.id{and_also}')
            conn.exec_driver_sql("DROP TABLE _import_changes")
        elif conn.dialect.name == "sqlite":  # straight to the driver, as insert_rows
            sets = ", ".join(f'"{c}" = "{c}" + ?' if c in add else f'"{c}" = ?' for c in columns)
            conn.connection.driver_connection.cursor().executemany(
                f'UPDATE "{table.name}" SET {sets}{", version = version + 1" if bump_version else ""} '
                f'WHERE id = ?{and_also}',
                _sqlite_values(conn, table, (*columns, "id"), [(*(r[c] for c in columns), r["_id"]) for r in group]))
        else:
            values: dict[str, Any] = {c: table.c[c] + bindparam(f"v_{c}") if c in add else bindparam(f"v_{c}")
                                      for c in columns}
            if bump_version:
                values["version"] = table.c.version + 1
            statement = update(table).where(table.c.id == bindparam("_id")).values(values)
            if only_if:
                statement = statement.where(text(only_if))
            conn.execute(statement, [{"_id": r["_id"], **{f"v_{c}": r[c] for c in columns}} for r in group])


def upsert_rows(conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]],
                key: str) -> None:
    """Insert `rows`, or set every other column where `key` exists: many rows go by COPY into
    a temporary table and one INSERT ... SELECT ... ON CONFLICT on PostgreSQL (psycopg
    converts COPY rows in C, array parameters in Python); executemany otherwise."""
    if not rows:
        return
    names = ", ".join(f'"{c}"' for c in columns)
    sets = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c != key)
    upsert = f'INSERT INTO "{table.name}" ({names}) {{values}} ON CONFLICT ("{key}") DO UPDATE SET {sets}'
    if conn.dialect.name == "postgresql" and len(rows) >= COPY_UPDATE_FROM:
        staging = f"_upsert_{table.name}"
        conn.exec_driver_sql(f'CREATE TEMP TABLE IF NOT EXISTS "{staging}" (LIKE "{table.name}") '
                             f"ON COMMIT DELETE ROWS")
        insert_rows(conn, _staging(staging, table, columns), columns, rows)
        conn.exec_driver_sql(upsert.format(values=f'SELECT {names} FROM "{staging}"'))
        conn.exec_driver_sql(f'TRUNCATE "{staging}"')
        return
    cursor = conn.connection.driver_connection.cursor()
    if conn.dialect.name == "sqlite":
        cursor.executemany(upsert.format(values=f"VALUES ({', '.join('?' * len(columns))})"),
                           _sqlite_values(conn, table, columns, rows))
    else:
        cursor.executemany(upsert.format(values=f"VALUES ({', '.join(['%s'] * len(columns))})"), rows)


def _staging(name: str, table: Table, columns: Sequence[str]) -> Table:
    from sqlalchemy import Column, MetaData, Table as T

    return T(name, MetaData(), *(Column(c, table.c[c].type) for c in columns))


def _temp(table: Table, columns: Sequence[str]) -> Table:
    """The temporary table's shape for COPY (same column types as `table`)."""
    from sqlalchemy import Column, MetaData, Table as T

    return T("_import_changes", MetaData(), Column("id", table.c.id.type),
             *(Column(c, table.c[c].type) for c in columns))


FEW_KEYS = 200  # up to this many keys SQLite gets them as placeholders, which its planner counts


def among(conn: Connection, key: Any, keys: list[Any], *, by_index: bool = False) -> Any:
    """`key IN keys` with the keys as ONE parameter (an array on PostgreSQL, JSON on SQLite):
    no statement of thousands of placeholders to build, and no parameter limit.

    `by_index` (integer keys with an index on `key`): on PostgreSQL the planner is not told
    how many keys there are (pg_ids), so it looks each one up by the index; told 50,000, it
    scanned and hashed a million-row table for every batch of a night."""
    if conn.dialect.name == "postgresql":
        if by_index:
            return key == any_(pg_ids(bindparam(None, pg_array(keys), type_=String())))
        return key == any_(bindparam(None, keys, type_=ARRAY(key.type)))
    if len(keys) <= FEW_KEYS:
        # SQLite's planner cannot see how few keys a json_each holds: for one member's
        # re-rank it walked every open task by the status index (200 ms, not 1 ms).
        return key.in_(keys)
    values = select(literal_column("value")).select_from(func.json_each(bindparam(None, json.dumps(keys))))
    return key.in_(values.scalar_subquery())


def pg_ids(text_array):
    """An array of ids from its text form, as a scalar subquery: cast once per statement (the
    outer cast only keeps `= ANY(...)` an array operand, not a subquery), and of a length
    the planner does not know, which it then takes for a few."""
    return cast(select(cast(text_array, ARRAY(BigInteger()))).scalar_subquery(), ARRAY(BigInteger()))


def pg_array(ids: Iterable[int]) -> str:
    """PostgreSQL's text form of an array of ids ('{1,2,3}'), made in one join: psycopg
    would convert a list parameter element by element, in Python."""
    return "{" + ",".join(map(str, ids)) + "}"


def lookup(conn: Connection, columns: Sequence[Any], key: Any, wanted: Iterable[Any]) -> list[Any]:
    """The rows whose `key` is in `wanted`."""
    keys = sorted(set(wanted))
    found: list[Any] = []
    for start in range(0, len(keys), CHUNK):
        found.extend(conn.execute(select(*columns).where(among(conn, key, keys[start:start + CHUNK]))).all())
    return found


def utc(value: datetime | str | None) -> datetime | None:
    """Aggregates bypass the column type on SQLite (text, naive): make them UTC-aware."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def fetch_in(conn: Connection, table: Table, columns: Sequence[str], key: str, keys: Iterable[Any]) -> list[tuple]:
    """Plain tuples of the rows whose `key` is in `keys`, straight from the driver (no Row
    objects, no type processing: SQLite gives instants as text, see utc())."""
    wanted = list(set(keys))
    if not wanted:
        return []
    names = ", ".join(f'"{c}"' for c in columns)
    cursor = conn.connection.driver_connection.cursor()
    found: list[tuple] = []
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start:start + CHUNK]
        if conn.dialect.name == "postgresql":  # the keys as one text, not a list psycopg converts key by key
            if isinstance(chunk[0], int):
                cursor.execute(f'SELECT {names} FROM "{table.name}" WHERE "{key}" = ANY(%s::bigint[])',
                               (pg_array(chunk),))
            else:
                cursor.execute(f'SELECT {names} FROM "{table.name}" WHERE "{key}" = '
                               f'ANY(ARRAY(SELECT json_array_elements_text(%s::json)))',
                               (json.dumps(chunk, ensure_ascii=False),))
        else:
            cursor.execute(f'SELECT {names} FROM "{table.name}" WHERE "{key}" IN (SELECT value FROM json_each(?))',
                           (json.dumps(chunk),))
        found.extend(cursor.fetchall())
    return found


class Ids:
    """New primary keys taken before the rows are written, so a batch needs no read-back:
    from the table's sequence on PostgreSQL; on SQLite the run holds the write lock, so the
    keys past the largest one are free."""

    def __init__(self, conn: Connection, table: Table) -> None:
        self.conn, self.table = conn, table
        self._cursor = conn.connection.driver_connection.cursor()
        if conn.dialect.name == "postgresql":
            self._cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", (table.name,))
            self._sequence = self._cursor.fetchone()[0]
        else:
            self._cursor.execute(f'SELECT coalesce(max(id), 0) FROM "{table.name}"')
            self._next = self._cursor.fetchone()[0] + 1

    def take(self, n: int) -> list[int]:
        if n <= 0:
            return []
        if self.conn.dialect.name == "postgresql":
            self._cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", (self._sequence, n))
            return [r[0] for r in self._cursor.fetchall()]
        first, self._next = self._next, self._next + n
        return list(range(first, first + n))


@contextmanager
def sqlite_cache(conn: Connection, kib: int) -> Iterator[None]:
    """SQLite keeps 2 MB of pages per connection by default; a bulk write of a hundred
    thousand rows into several indexes (a build's tasks, an import's ledger) then spends its
    time re-reading index pages it just wrote. A bigger cache for the bulk work only; the
    pages are taken as used, so a small database costs little."""
    if conn.dialect.name != "sqlite":
        yield
        return
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size=-{kib}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={before}")
