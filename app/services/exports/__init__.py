"""Exports of calls (with their outcomes) and tickets for a period, to CSV or XLSX (issue 16).

Both formats carry the same column names and cells. Times are full local timestamps with
the year (workstation zone); phones are masked; text that a spreadsheet would run as a
formula is neutralized (csv_files.neutralize) and XLSX cells are written as strings, never
as formulas. Rows are streamed from the database and XlsxWriter runs in constant-memory mode.
"""

from collections.abc import Iterator, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import Select, select
from sqlalchemy.orm import aliased

from app.data.tables import Call, Member, Ticket, User
from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.phone import mask
from app.services.users import Actor, Permission, require
from app.services.exports.csv_files import neutralize, write_csv
from app.services.errors import ValidationError

CALL_COLUMNS = ("call_id", "started_at", "ended_at", "saved_at", "member_external_id", "member_name", "phone",
                "agent", "channel", "reasons", "disposition", "satisfaction", "adherence", "remaining_days",
                "refill_intent", "complaint_category", "complaint_severity", "adverse_reaction", "callback_at",
                "wrap_seconds", "notes")
TICKET_COLUMNS = ("ticket_id", "opened_at", "member_external_id", "member_name", "phone", "category", "severity",
                  "department", "status", "assignee", "opened_by", "sla_due_at", "escalated_at", "resolved_at",
                  "repeat_complaint", "description", "resolution_note", "call_id")
KINDS = ("calls", "tickets")
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
FETCH = 2000


def export(db: Database, actor: Actor, clock: Clock, *, kind: str, start: date, end: date,
           path: str | Path) -> int:
    """Write `kind` from local day `start` to local day `end` (both included) to `path`
    (.xlsx for a workbook, anything else CSV); the number of data rows."""
    require(actor, Permission.REPORTS)
    if kind not in KINDS:
        raise ValidationError({"kind": f"must be one of {', '.join(KINDS)}"})
    if end < start:
        raise ValidationError({"to": "the period ends before it starts"})
    since = datetime.combine(start, time(0), clock.tz)
    until = datetime.combine(end + timedelta(days=1), time(0), clock.tz)
    columns = CALL_COLUMNS if kind == "calls" else TICKET_COLUMNS
    with db.session() as session:
        statement = _calls(since, until) if kind == "calls" else _tickets(since, until)
        phone_at = columns.index("phone")
        rows = (_cells(row, clock, phone_at) for row in session.execute(statement.execution_options(yield_per=FETCH)))
        if str(path).lower().endswith(".xlsx"):
            return _write_xlsx(path, kind, columns, rows)
        return write_csv(path, columns, rows)


def _calls(since: datetime, until: datetime) -> Select:
    return (select(Call.id, Call.started_at, Call.ended_at, Call.saved_at, Member.external_id, Member.name,
                   Member.phone_e164, User.username, Call.channel, Call.reasons, Call.disposition, Call.satisfaction,
                   Call.adherence, Call.remaining_days, Call.refill_intent, Call.complaint_category,
                   Call.complaint_severity, Call.adverse_reaction, Call.callback_at, Call.wrap_seconds, Call.notes)
            .join(Member, Member.id == Call.member_id).outerjoin(User, User.id == Call.agent_id)
            .where(Call.started_at >= since, Call.started_at < until).order_by(Call.started_at, Call.id))


def _tickets(since: datetime, until: datetime) -> Select:
    assignee, opener = aliased(User), aliased(User)
    return (select(Ticket.id, Ticket.opened_at, Member.external_id, Member.name, Member.phone_e164, Ticket.category,
                   Ticket.severity, Ticket.department, Ticket.status, assignee.username, opener.username,
                   Ticket.sla_due_at, Ticket.escalated_at, Ticket.resolved_at, Ticket.repeat_complaint,
                   Ticket.description, Ticket.resolution_note, Ticket.call_id)
            .join(Member, Member.id == Ticket.member_id)
            .outerjoin(assignee, assignee.id == Ticket.assignee_id).outerjoin(opener, opener.id == Ticket.opened_by_id)
            .where(Ticket.opened_at >= since, Ticket.opened_at < until).order_by(Ticket.opened_at, Ticket.id))


def _cells(row: Sequence[object], clock: Clock, phone_at: int) -> list[object]:
    out: list[object] = []
    for index, value in enumerate(row):
        if isinstance(value, datetime):
            value = value.astimezone(clock.tz).strftime(TIME_FORMAT)
        elif index == phone_at:
            value = mask(value)  # type: ignore[arg-type]
        out.append(neutralize(value))
    return out


def _write_xlsx(path: str | Path, kind: str, columns: Sequence[str], rows: Iterator[list[object]]) -> int:
    import xlsxwriter

    # strings_to_formulas off: a cell is a formula only if we say so, and we never do.
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                           "strings_to_numbers": False, "strings_to_urls": False})
    sheet = book.add_worksheet(kind)
    bold = book.add_format({"bold": True})
    for c, name in enumerate(columns):
        sheet.write_string(0, c, name, bold)
    count = 0
    for r, cells in enumerate(rows, start=1):
        for c, value in enumerate(cells):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                sheet.write_number(r, c, value)
            elif value != "":
                sheet.write_string(r, c, str(value))
        count += 1
    sheet.freeze_panes(1, 0)
    book.close()
    return count


__all__ = ["CALL_COLUMNS", "TICKET_COLUMNS", "export", "neutralize", "write_csv"]
