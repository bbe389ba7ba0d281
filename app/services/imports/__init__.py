"""Imports of products, members and orders from the shops' own exports (issues 2 and 16).

A file is opened as it comes (CSV in UTF-8/GB18030/Big5 with any usual delimiter, or XLSX),
its header resolved against the column contract before any row is read, then streamed in
batches. Every row is validated; a refused row goes to the report with its row number,
column, value and reason. The valid rows are written in ONE transaction per run (or none
with all_or_nothing); a kill mid-run leaves the database as it was. Re-importing the same
file changes nothing. Times in files are local to the workstation (clock.tz), stored in UTC.
"""

from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

from sqlalchemy.orm import Session

from app.data.tables import ImportRun
from app.data.uow import Database
from app.domain.clock import Clock
from app.services.audit import audit
from app.services.collector import rare_full_collections
from app.services.users import Actor, Permission, require
from app.services.errors import CareDeskError
from app.services.imports.ahead import read_ahead
from app.services.imports.after import after_import, earn_points, refresh_queue
from app.services.imports.base import Batch, Importer
from app.services.imports.columns import (
    CHINESE, COLUMNS, KINDS, OPTIONAL, SKIP, guess, load_mapping, resolve, save_mapping,
)
from app.services.imports.members import MemberImporter, ProductImporter
from app.services.imports.orders import OrderImporter
from app.services.imports.reasons import reason_text
from app.services.imports.result import REPORT_COLUMNS, ErrorSink, ImportResult, RowError
from app.services.imports.source import Source, SourceInfo
from app.services.imports.values import RowInvalid, best_times as parse_best_times

__all__ = [
    "BATCH_ROWS", "CHINESE", "COLUMNS", "KINDS", "OPTIONAL", "REPORT_COLUMNS", "SKIP", "ImportCancelled",
    "ImportResult", "RowError", "RowInvalid", "SourceInfo", "after_import", "earn_points", "guess", "import_file",
    "inspect_file", "load_mapping", "parse_best_times", "preview_file", "reason_text", "refresh_queue", "resolve",
    "save_mapping",
]

BATCH_ROWS = 5000
_IMPORTERS: dict[str, type[Importer]] = {
    "products": ProductImporter, "members": MemberImporter, "orders": OrderImporter,
}
Progress = Callable[[int, float], None]  # rows read so far, fraction of the file
# Called inside the run's transaction, after the last row, with what the rows changed.
AfterRows = Callable[[Session, Clock, ImportResult], None]


class ImportCancelled(CareDeskError):
    """The user stopped the import; nothing of it was written."""


class _Rollback(Exception):
    pass


def inspect_file(path: str | Path) -> SourceInfo:
    """Format, detected encoding and delimiter, and the header: for the wizard's first page."""
    with Source(path) as source:
        return source.info


def import_file(db: Database, actor: Actor, clock: Clock, *, kind: str, path: str | Path,
                mapping: dict[str, str] | None = None, report: str | Path | None = None,
                all_or_nothing: bool = False, progress: Progress | None = None,
                cancelled: Callable[[], bool] | None = None, batch_rows: int = BATCH_ROWS,
                after_rows: AfterRows | None = after_import) -> ImportResult:
    """Import `path` as `kind`; rejected rows go to `report` (CSV: row, column, value, reason).
    `after_rows` (points, lifecycle and the queue refresh by default: after.py) runs in the
    same transaction."""
    with rare_full_collections():
        return _run(db, actor, clock, kind=kind, path=path, mapping=mapping, report=report,
                    all_or_nothing=all_or_nothing, progress=progress, cancelled=cancelled, batch_rows=batch_rows,
                    after_rows=after_rows)


def preview_file(db: Database, actor: Actor, clock: Clock, *, kind: str, path: str | Path,
                 mapping: dict[str, str] | None = None, limit: int = 20) -> tuple[list[tuple[int, dict[str, str]]],
                                                                                  ImportResult]:
    """The first `limit` rows by contract column and what an import would say of each
    (checked against the database, inside a transaction that is rolled back)."""
    rows: list[tuple[int, dict[str, str]]] = []
    result = _run(db, actor, clock, kind=kind, path=path, mapping=mapping, report=None, all_or_nothing=False,
                  progress=None, cancelled=None, batch_rows=limit, limit=limit, keep=rows, dry_run=True,
                  after_rows=None)
    return rows, result


def _run(db: Database, actor: Actor, clock: Clock, *, kind: str, path: str | Path, mapping, report,
         all_or_nothing: bool, progress, cancelled, batch_rows: int, after_rows: AfterRows | None,
         limit: int | None = None, keep: list | None = None, dry_run: bool = False) -> ImportResult:
    require(actor, Permission.ADMINISTER)
    started = clock.now()
    with Source(path) as source:
        targets = resolve(kind, source.header, mapping)  # before any row is read
        result = ImportResult(kind=kind, source=str(path), format=source.format, encoding=source.encoding,
                              started_at=started)
        sink = ErrorSink(result, report)
        try:
            with db.session(write=True) as session:
                importer = _IMPORTERS[kind](session, clock, {t for t in targets if t}, result)

                def parsed(item: tuple[Batch, list[RowError]]) -> tuple[list, list[RowError]]:
                    batch, errors = item
                    refused = {e.row for e in errors}
                    rows, bad = importer.parse([b for b in batch if b[0] not in refused])
                    return rows, errors + bad

                batches = _batches(source, targets, batch_rows, limit, result)
                stream = (read_ahead(batches, parsed) if importer.PARSE_AHEAD and limit is None
                          else ((item, parsed(item)) for item in batches))
                with closing(stream):  # the reader stops before the file closes
                    for (batch, _), (rows, errors) in stream:
                        if keep is not None:
                            keep.extend(batch)
                        errors.extend(importer.write(rows))
                        for error in sorted(errors, key=lambda e: e.row):
                            sink.add(error)
                        if cancelled is not None and cancelled():
                            result.cancelled = True
                            raise ImportCancelled("the import was cancelled; nothing was written")
                        if progress is not None:
                            progress(result.rows_read, source.fraction())
                importer.finish()
                if dry_run or (all_or_nothing and result.failed):
                    raise _Rollback
                if after_rows is not None:
                    after_rows(session, clock, result)
                result.member_rows.write(session, clock.now())  # what after_rows left pending
                _log(session, actor, clock, result, started)
        except _Rollback:
            result.rolled_back = not dry_run
        finally:
            sink.close()
    if result.rolled_back:
        with db.session(write=True) as session:
            _log(session, actor, clock, result, started)
    return result


def _batches(source: Source, targets: list[str], size: int, limit: int | None,
             result: ImportResult) -> Iterator[tuple[Batch, list[RowError]]]:
    width = len(targets)
    every = all(targets)  # no ignored column: the row maps straight onto the columns
    batch: Batch = []
    errors: list[RowError] = []
    limit = limit if limit is not None else -1
    add = batch.append
    for line, fields in source.rows():
        if not fields or not fields[0].strip() and not "".join(fields).strip():
            continue  # blank lines carry nothing
        result.rows_read += 1
        if len(fields) != width and (len(fields) < width or any(f.strip() for f in fields[width:])):
            errors.append(RowInvalid("fields", expected=width, found=len(fields)).error(line))
            add((line, {}))
        else:
            add((line, dict(zip(targets, fields)) if every else {t: f for t, f in zip(targets, fields) if t}))
        if len(batch) >= size:
            yield batch, errors
            batch, errors = [], []
            add = batch.append
        if result.rows_read == limit:
            break
    if batch:
        yield batch, errors


def _log(session: Session, actor: Actor, clock: Clock, result: ImportResult, started) -> None:
    source = result.source[-255:]
    run = ImportRun(kind=result.kind, source=source, started_at=started, rows_read=result.rows_read,
                    rows_imported=result.imported, rows_failed=result.failed)
    session.add(run)
    session.flush()
    result.run_id = run.id
    audit(session, actor, clock, action=f"import.{result.kind}", entity="import_run", entity_id=run.id,
          detail={"source": source, "created": result.created, "updated": result.updated,
                  "unchanged": result.unchanged, "merged": result.merged, "failed": result.failed,
                  "all_or_nothing_rolled_back": result.rolled_back})
