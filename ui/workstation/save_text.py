"""What the agent reads after a save: the server's result in words (ticket, retry time,
callback booked), whether it came straight back or later through the team-mode journal."""

from datetime import datetime, tzinfo
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.domain.codes import Disposition
from app.domain.outcome import CALLBACK_FORMAT
from app.services.calls import SaveResult

def callback_text(payload: dict[str, Any]) -> str:
    """"Callback booked for 12-03 14:00" for a callback outcome, else ''."""
    if payload.get("disposition") != Disposition.CALLBACK or not payload.get("callback_at"):
        return ""
    at = datetime.strptime(payload["callback_at"], CALLBACK_FORMAT)
    return QCoreApplication.translate("SaveText", "Callback booked for %1.").replace("%1", f"{at:%m-%d %H:%M}")


def result_text(result: SaveResult, tz: tzinfo) -> list[str]:
    parts = []
    if result.ticket_ids:
        parts.append(QCoreApplication.translate("SaveText", "Ticket %1 opened.").replace("%1", ", ".join(f"#{i}" for i in result.ticket_ids)))
    if result.unreached:
        parts.append(QCoreApplication.translate("SaveText", "Unreached after repeated attempts: an SMS survey is queued."))
    elif result.retry_at is not None:
        parts.append(QCoreApplication.translate("SaveText", "Back in the queue at %1.").replace("%1", result.retry_at.astimezone(tz).strftime("%m-%d %H:%M")))
    return parts


def saved_text(view, result: Any, payload: dict[str, Any], tz: tzinfo) -> str:
    """The status line after the save of `payload` returned `result` (SaveResult or SavedLocally)."""
    booked = callback_text(payload)
    if not isinstance(result, SaveResult):  # team mode: in the local journal, on its way
        pending = getattr(result, "pending", 0)
        text = QCoreApplication.translate("SaveText", "Saved on this computer; it goes to the server in the background (%1 waiting).") \
            .replace("%1", str(pending))
        return " ".join(x for x in (booked, text) if x)
    return " ".join([QCoreApplication.translate("SaveText", "Saved."), *([booked] if booked else []), *result_text(result, tz)])


def delivered_text(result: SaveResult, tz: tzinfo, member_name: str = "") -> str:
    """A journaled outcome reached the server: what the server did with it."""
    head = QCoreApplication.translate("SaveText", "The server has the outcome for %1.").replace("%1", member_name) if member_name else \
        QCoreApplication.translate("SaveText", "The server has a saved outcome.")
    return " ".join([head, *result_text(result, tz)])


def rejected_text(reason: str, member_name: str = "") -> str:
    who = member_name or QCoreApplication.translate("SaveText", "a saved outcome")
    return QCoreApplication.translate("SaveText", "The server refused the outcome for %1: %2").replace("%1", who).replace("%2", reason)
