"""The shape every edit form shares: load through the runner, show the values, save with the
version that was loaded; a newer change by someone else is shown and the form reloads, and
each field error is shown beside its field. Nothing here decides what is valid: the
service does (one rule, one place)."""

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from app.services.errors import CareDeskError, Conflict, ValidationError
from ui.context import AppContext
from ui.forms.messages import translated


class VersionedFormDialog(QDialog):
    """Subclasses give `load()`, `save(version, **values)`, `fill(record)` and `values()`."""

    loaded = Signal(object)
    saved = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.record: Any = None
        self.form = QFormLayout()
        self.status = QLabel(self)
        self.status.setObjectName("form_status")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self._errors: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self._set_busy(True)

    # --- for subclasses ---------------------------------------------------------------

    def load(self) -> Any:
        raise NotImplementedError

    def save(self, version: int, **values: Any) -> Any:
        raise NotImplementedError

    def fill(self, record: Any) -> None:
        raise NotImplementedError

    def values(self) -> dict[str, Any]:
        raise NotImplementedError

    def add_field(self, name: str, title: str, widget: QWidget) -> None:
        """A row with an error line under it for the service's message about `name`."""
        error = QLabel(self)
        error.setObjectName(f"error_{name}")
        error.setStyleSheet("color: #b00020;")
        error.setWordWrap(True)
        error.hide()
        self._errors[name] = error
        self.form.addRow(title, widget)
        self.form.addRow("", error)

    # --- flow ---------------------------------------------------------------------------

    def start(self) -> None:
        self._run(self.load, self._loaded)

    def submit(self) -> None:
        if self.record is None:
            return
        self._clear_errors()
        self._set_busy(True)
        values = self.values()
        version = self.record.version
        self._run(lambda: self.save(version, **values), self._saved)

    def field_error(self, name: str) -> str:
        label = self._errors.get(name)
        return label.text() if label is not None and not label.isHidden() else ""

    def _run(self, job: Callable[[], Any], on_success: Callable[[Any], None]) -> None:
        self._ctx.runner.run_db(job, on_success=on_success, on_error=self._failed, name=type(self).__name__)

    def _loaded(self, record: Any) -> None:
        self.record = record
        self.fill(record)
        self._set_busy(False)
        self.loaded.emit(record)

    def _saved(self, record: Any) -> None:
        self.record = record
        self._set_busy(False)
        self.saved.emit(record)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, ValidationError):
            for name, message in exc.errors.items():
                label = self._errors.get(name)
                if label is None:
                    self.status.setText(f"{name}: {translated(message)}")
                else:
                    label.setText(translated(message))
                    label.show()
        elif isinstance(exc, Conflict):
            # Someone saved in between: say who and when, and show their values.
            self.status.setText(str(exc) + "\n" + self.tr("The form now shows the latest values."))
            self._run(self.load, self._reloaded)
        elif isinstance(exc, CareDeskError):
            self.status.setText(str(exc))
        else:
            raise exc

    def _reloaded(self, record: Any) -> None:
        self.record = record
        self.fill(record)
        self._set_busy(False)
        self.loaded.emit(record)

    def _clear_errors(self) -> None:
        self.status.clear()
        for label in self._errors.values():
            label.clear()
            label.hide()

    def _set_busy(self, busy: bool) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not busy)
