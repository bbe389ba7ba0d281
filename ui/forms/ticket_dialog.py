"""A ticket's severity and description, edited through app.services.tickets (versioned)."""

from typing import Any

from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QWidget

from app.domain.codes import Severity
from app.services.tickets import TicketForm, load_ticket_form, save_ticket_form
from ui.context import AppContext
from ui.forms.versioned_dialog import VersionedFormDialog
from ui.i18n import label


class TicketEditDialog(VersionedFormDialog):
    def __init__(self, ctx: AppContext, ticket_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.ticket_id = ticket_id
        self.setObjectName("ticket_edit_dialog")
        self.setWindowTitle(self.tr("Edit ticket %1").replace("%1", str(ticket_id)))
        self.severity = QComboBox(self)
        for severity in Severity:
            self.severity.addItem(label(Severity, severity), severity.value)
        self.description = QPlainTextEdit(self)
        self.add_field("severity", self.tr("Severity"), self.severity)
        self.add_field("description", self.tr("Description"), self.description)

    def load(self) -> TicketForm:
        return load_ticket_form(self._ctx.db, self._ctx.actor, self._ctx.clock, self.ticket_id)

    def save(self, version: int, **values: Any) -> TicketForm:
        return save_ticket_form(self._ctx.db, self._ctx.actor, self._ctx.clock, self.ticket_id, version=version,
                                **values)

    def fill(self, form: TicketForm) -> None:
        self.severity.setCurrentIndex(max(0, self.severity.findData(form.severity)))
        self.description.setPlainText(form.description or "")

    def values(self) -> dict[str, Any]:
        return {"severity": self.severity.currentData(), "description": self.description.toPlainText()}
