"""The queue table model: frozen QueueItem rows from app.services.queue on the table kit
(ui.tables.rows_model); cells out, no database."""

from dataclasses import dataclass
from enum import IntEnum

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP
from PySide6.QtGui import QBrush, QColor

from app.domain.clock import Clock
from app.domain.codes import TaskReason
from app.services.queue import QueueItem
from ui.i18n import label
from ui.tables.rows_model import ROW_ROLE, SORT_ROLE, Col, RowsModel

__all__ = ["Column", "QueueModel", "QueueRow", "ROW_ROLE", "SORT_ROLE"]

_CTX = "QueueModel"
_CLOSED = QBrush(QColor("#8a8a8a"))
_CALLBACK = QBrush(QColor("#fff4d6"))


@dataclass(frozen=True)
class QueueRow:
    """A queue item and the pinyin initials of the member's name (for search), from the job."""

    item: QueueItem
    initials: str = ""


class Column(IntEnum):
    PRIORITY = 0
    MEMBER = 1
    PHONE = 2
    REASONS = 3
    WHY = 4
    DUE = 5
    ATTEMPTS = 6
    LOCAL_TIME = 7
    WINDOW = 8


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


def _columns(clock: Clock) -> list[Col[QueueRow]]:
    why = lambda r: r.item.why  # noqa: E731 - the tooltip of the long columns
    return [
        Col(_CTX, QT_TRANSLATE_NOOP("QueueModel", "Priority"), lambda r: str(r.item.score),
            sort=lambda r: r.item.score, numeric=True),
        Col(_CTX, QT_TRANSLATE_NOOP("QueueModel", "Member"), lambda r: r.item.member_name),
        Col(_CTX, QT_TRANSLATE_NOOP("QueueModel", "Phone"), lambda r: r.item.phone_masked),
        Col(_CTX, QT_TRANSLATE_NOOP("QueueModel", "Reasons"),
            lambda r: ", ".join(label(TaskReason, x) for x in r.item.reasons), tooltip=why),
        Col(_CTX, QT_TRANSLATE_NOOP("QueueModel", "Why"), why, tooltip=why),
        Col(_CTX, QT_TRANSLATE_NOOP("QueueModel", "Due"),
            lambda r: r.item.due_at.astimezone(clock.tz).strftime("%m-%d %H:%M"), sort=lambda r: r.item.due_at.timestamp()),
        Col(_CTX, QT_TRANSLATE_NOOP("QueueModel", "Attempts"), lambda r: str(r.item.attempts),
            sort=lambda r: r.item.attempts, numeric=True),
        Col(_CTX, QT_TRANSLATE_NOOP("QueueModel", "Local time"), lambda r: r.item.member_local_time.strftime("%H:%M")),
        Col(_CTX, QT_TRANSLATE_NOOP("QueueModel", "Window"),
            lambda r: _tr("open") if r.item.window_open else _tr("closed")),
    ]


class QueueModel(RowsModel[QueueRow]):
    """Rows outside their calling window are grey; a callback that fell due is highlighted."""

    def __init__(self, clock: Clock, parent=None) -> None:
        super().__init__(_columns(clock), parent,
                         foreground=lambda r: None if r.item.window_open else _CLOSED,
                         background=lambda r: _CALLBACK if r.item.callback_due else None)

    def row_of_member(self, member_id: int) -> int | None:
        for number, row in enumerate(self._rows):
            if row.item.member_id == member_id:
                return number
        return None


_WINDOW_WORDS = (QT_TRANSLATE_NOOP("QueueModel", "open"), QT_TRANSLATE_NOOP("QueueModel", "closed"))
