"""CSV imports of products, members and orders (issue 2), for the CLI and later the UI.

Each row is validated on its own: a bad row is reported as `row N: reason` (N is the line in
the file, the header is line 1) and the good rows are still imported. Imports are upserts
keyed by sku, external_id and (order_id, sku), and a record is only written when a value
really differs, so importing the same file again changes nothing. Every run is logged in
import_runs. Times in the files are local to the workstation (clock.tz) and stored in UTC.
"""


from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from app.data.tables import ImportRun
from app.data.uow import Database
from app.domain.clock import Clock
from app.services.audit import audit
from app.services.users import Actor, Permission, require
from app.services.errors import ValidationError
from app.services.imports.rows import (
    COLUMNS, KINDS, ImportResult, Row, RowError, RowInvalid, parse_best_times, read_csv,
)
from app.services.imports.upserts import import_members, import_orders, import_products

__all__ = [
    "COLUMNS", "KINDS", "ImportResult", "Row", "RowError", "RowInvalid", "import_csv", "import_rows",
    "parse_best_times", "read_csv",
]

_IMPORTERS: dict[str, Callable[[Session, Clock, list[Row], ImportResult], None]] = {
    "products": import_products, "members": import_members, "orders": import_orders,
}


def import_csv(db: Database, actor: Actor, clock: Clock, *, kind: str, path: str | Path) -> ImportResult:
    return import_rows(db, actor, clock, kind=kind, rows=read_csv(path, kind), source=str(path))


def import_rows(db: Database, actor: Actor, clock: Clock, *, kind: str, rows: list[Row], source: str) -> ImportResult:
    require(actor, Permission.ADMINISTER)
    if kind not in COLUMNS:
        raise ValidationError({"kind": f"must be one of {', '.join(KINDS)}"})
    result = ImportResult(kind=kind, source=source, rows_read=len(rows))
    started = clock.now()
    good: list[Row] = []
    for line, values in rows:
        if "__error__" in values:
            result.errors.append(RowError(line, values["__error__"]))
        else:
            good.append((line, values))
    with db.session(write=True) as session:
        _IMPORTERS[kind](session, clock, good, result)
        result.errors.sort(key=lambda e: e.row)
        run = ImportRun(kind=kind, source=source[-255:], started_at=started, rows_read=result.rows_read,
                        rows_imported=result.imported, rows_failed=len(result.errors))
        session.add(run)
        session.flush()
        result.run_id = run.id
        audit(session, actor, clock, action=f"import.{kind}", entity="import_run", entity_id=run.id,
              detail={"source": source[-255:], "created": result.created, "updated": result.updated,
                      "unchanged": result.unchanged, "failed": len(result.errors)})
    return result
