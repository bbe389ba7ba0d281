"""The centre-wide settings of one section (queue rules, loyalty rules) for admins: every
workstation reads the same values from the database. The service checks each value and
the whole; this page only shows them and sends what changed."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.domain.public_holidays import HOLIDAY_NAMES
from app.services import settings
from app.services.errors import CareDeskError, ValidationError
from app.services.users import Permission
from ui.context import AppContext
from ui.i18n import holiday_label


class SettingsPage(QWidget):
    saved = Signal(dict)
    loaded = Signal(dict)

    def __init__(self, ctx: AppContext, section: str = "queue", parent: QWidget | None = None, *,
                 fields: tuple[str, ...] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"settings_page_{section}")
        self._ctx = ctx
        self.section = section
        self._only = fields
        self._values: dict = {}
        self.edits: dict[str, QLineEdit] = {}
        self.form = QFormLayout()
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save for every workstation"), self)
        self.save_button.setObjectName("settings_save")
        self.save_button.clicked.connect(self.save)
        self.editable = ctx.actor.may(Permission.ADMINISTER)
        self.save_button.setVisible(self.editable)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.status)
        layout.addWidget(self.save_button)
        layout.addStretch(1)

    def _titles(self) -> dict[str, str]:
        return {
            "window_start": self.tr("Calling hours start (member's local time)"),
            "window_end": self.tr("Calling hours end (member's local time)"),
            "default_slots": self.tr("Default call slots"),
            "cap_calls": self.tr("Contact cap: calls"),
            "cap_period": self.tr("Contact cap: period (e.g. 7d)"),
            "min_gap": self.tr("Minimum gap between calls (e.g. 24h)"),
            "max_attempts": self.tr("Attempts before unreached"),
            "retry_min_delay": self.tr("Earliest retry after no answer"),
            "callback_handoff": self.tr("Own callback passes to anyone after"),
            "owner_handoff_days": self.tr("Care manager keeps a due member for extra days"),
            "lease": self.tr("Claim lease"),
            "no_call_holidays": self.tr("No-call holidays (codes, comma-separated)"),
        }

    def start(self) -> None:
        ctx = self._ctx
        ctx.runner.run_db(lambda: settings.show_settings(ctx.db, ctx.actor, self.section), on_success=self._show,
                          on_error=self._failed, name="show_settings")

    def _show(self, values: dict) -> None:
        self._values = dict(values)
        titles = self._titles()
        for name, value in values.items():
            if self._only is not None and name not in self._only:
                continue
            edit = self.edits.get(name)
            if edit is None:
                edit = QLineEdit(self)
                edit.setObjectName(f"setting_{name}")
                edit.setReadOnly(not self.editable)
                self.edits[name] = edit
                self.form.addRow(titles.get(name, name), edit)
                if name == "no_call_holidays":  # the codes are what the service takes
                    edit.setToolTip("\n".join(f"{code}: {holiday_label(code)}" for code in HOLIDAY_NAMES))
            edit.setText(", ".join(value) if isinstance(value, list) else str(value))
        self.loaded.emit(values)

    def changes(self) -> dict[str, str]:
        out = {}
        for name, edit in self.edits.items():
            old = self._values.get(name)
            shown = ", ".join(old) if isinstance(old, list) else str(old)
            if edit.text().strip() != shown:
                out[name] = edit.text().strip()
        return out

    def save(self) -> None:
        changes = self.changes()
        if not changes:
            self.status.setText(self.tr("Nothing changed."))
            return
        ctx = self._ctx
        ctx.runner.run_db(lambda: settings.update_settings(ctx.db, ctx.actor, ctx.clock, self.section, changes),
                          on_success=self._saved, on_error=self._failed, name="update_settings")

    def _saved(self, values: dict) -> None:
        self._show(values)
        self.status.setText(self.tr("Saved. Every workstation uses these values from now on."))
        self.saved.emit(values)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self.status.setText("\n".join(f"{name}: {message}" for name, message in exc.errors.items()))
        elif isinstance(exc, CareDeskError):
            self.status.setText(str(exc))
        else:
            raise exc
