"""The columns of the console's tables: agents, alerts and tickets."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, tzinfo

from PySide6.QtCore import QT_TRANSLATE_NOOP

from app.domain.codes import ComplaintCategory, Department, Severity, TaskReason, TicketStatus
from app.services.dashboard import AgentRow, Alert, AlertKind
from app.services.tickets import TicketRow
from ui.i18n import label
from ui.supervisor.format import (
    ALERT_LABELS, PAUSE_LABELS, STATUS_LABELS, duration, local_time, percent, score, tr, translate,
)
from ui.tables.rows_model import Col

C = "Supervisor"


IN_STATE = QT_TRANSLATE_NOOP("Supervisor", "In state")
IN_STATE_COLUMN = 2  # its place in agent_columns(): the console redraws it every second


def _status_text(r: AgentRow) -> str:
    if r.pause_reason in PAUSE_LABELS:
        return tr(PAUSE_LABELS[r.pause_reason])
    return tr(STATUS_LABELS[r.status])


def agent_columns(now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> list[Col[AgentRow]]:
    """`now` times the "In state" column; the console ticks it every second."""

    def in_state(r: AgentRow) -> float | None:
        return None if r.state_since is None else max(0.0, (now() - r.state_since) / timedelta(seconds=1))

    return [
        Col(C, QT_TRANSLATE_NOOP("Supervisor", "Agent"), lambda r: r.name),
        Col(C, QT_TRANSLATE_NOOP("Supervisor", "Status"), _status_text,
            sort=lambda r: list(STATUS_LABELS).index(r.status)),
        Col(C, IN_STATE, lambda r: duration(in_state(r)), sort=in_state, numeric=True),
        Col(C, QT_TRANSLATE_NOOP("Supervisor", "Calls"), lambda r: str(r.calls_today),
            sort=lambda r: r.calls_today, numeric=True),
        Col(C, QT_TRANSLATE_NOOP("Supervisor", "Connect"), lambda r: percent(r.connect_rate),
            sort=lambda r: r.connect_rate, numeric=True),
        Col(C, QT_TRANSLATE_NOOP("Supervisor", "Handle"), lambda r: duration(r.avg_handle_seconds),
            sort=lambda r: r.avg_handle_seconds, numeric=True),
        Col(C, QT_TRANSLATE_NOOP("Supervisor", "After-call"), lambda r: duration(r.avg_wrap_seconds),
            sort=lambda r: r.avg_wrap_seconds, numeric=True),
        Col(C, QT_TRANSLATE_NOOP("Supervisor", "Satisf."), lambda r: score(r.avg_satisfaction),
            sort=lambda r: r.avg_satisfaction, numeric=True),
        Col(C, QT_TRANSLATE_NOOP("Supervisor", "Claims"), lambda r: str(r.open_claims),
            sort=lambda r: r.open_claims, numeric=True),
    ]


def _alert_detail(a: Alert) -> str:
    if a.kind is AlertKind.ABANDONED_LEASE:
        text = label(TaskReason, a.detail)
    elif a.detail in Department._value2member_map_ and a.kind is AlertKind.SEVERE_REACTION:
        text = label(Department, a.detail)
    elif a.kind is AlertKind.SEVERE_REACTION:
        text = ""
    else:
        text = label(ComplaintCategory, a.detail)
    if a.count > 1:
        text = f"{text} ×{a.count}"
    return text


def alert_columns(tz: tzinfo) -> list[Col[Alert]]:
    return [
        Col(C, QT_TRANSLATE_NOOP("Supervisor", "Alert"), lambda a: tr(ALERT_LABELS[a.kind]),
            sort=lambda a: list(ALERT_LABELS).index(a.kind)),
        Col(C, QT_TRANSLATE_NOOP("Supervisor", "When"), lambda a: local_time(a.at, tz),
            sort=lambda a: a.at.isoformat()),
        Col(C, QT_TRANSLATE_NOOP("Supervisor", "Member"), lambda a: a.member_name),
        Col(C, QT_TRANSLATE_NOOP("Supervisor", "Detail"), _alert_detail),
        Col(C, QT_TRANSLATE_NOOP("Supervisor", "Ticket"), lambda a: f"#{a.ticket_id}" if a.ticket_id else "",
            sort=lambda a: a.ticket_id or 0),
        Col(C, QT_TRANSLATE_NOOP("Supervisor", "Agent"), lambda a: a.agent_name),
    ]


def ticket_columns(tz: tzinfo) -> list[Col[TicketRow]]:
    return [
        Col(C, QT_TRANSLATE_NOOP("Supervisor", "No."), lambda t: f"#{t.id}", sort=lambda t: t.id, numeric=True),
        Col(C, QT_TRANSLATE_NOOP("Supervisor", "Member"), lambda t: t.member_name),
        Col(C, QT_TRANSLATE_NOOP("Supervisor", "Category"), lambda t: label(ComplaintCategory, t.category)),
        Col(C, QT_TRANSLATE_NOOP("Supervisor", "Severity"), lambda t: label(Severity, t.severity)),
        Col(C, QT_TRANSLATE_NOOP("Supervisor", "Department"), lambda t: label(Department, t.department)),
        Col(C, QT_TRANSLATE_NOOP("Supervisor", "Status"), lambda t: label(TicketStatus, t.status)),
        Col(C, QT_TRANSLATE_NOOP("Supervisor", "Assignee"), lambda t: t.assignee or ""),
        Col(C, QT_TRANSLATE_NOOP("Supervisor", "Opened"), lambda t: local_time(t.opened_at, tz),
            sort=lambda t: t.opened_at.isoformat()),
        Col(C, QT_TRANSLATE_NOOP("Supervisor", "SLA due"), lambda t: local_time(t.sla_due_at, tz),
            sort=lambda t: t.sla_due_at.isoformat()),
        Col(C, QT_TRANSLATE_NOOP("Supervisor", "Breached"), lambda t: translate("Supervisor", "Yes") if t.sla_breached else "",
            sort=lambda t: int(t.sla_breached)),
        Col(C, QT_TRANSLATE_NOOP("Supervisor", "Description"), lambda t: t.description),
    ]
