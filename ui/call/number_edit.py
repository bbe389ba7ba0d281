"""A whole-number box that shows exactly what was typed: "11" stays 11 and is refused by the
outcome rules with a message, where a QSpinBox would have quietly turned it into 1."""

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QWidget

# Digits only (a letter cannot be a score); no range here: the range is the service's rule.
_DIGITS = QRegularExpression(r"\d{0,4}")


class NumberEdit(QLineEdit):
    """`value()` is the typed whole number or None when blank; `value_changed` on each edit."""

    value_changed = Signal()

    def __init__(self, hint: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setValidator(QRegularExpressionValidator(_DIGITS, self))
        self.setPlaceholderText(hint)
        self.setMaximumWidth(64)
        self.textChanged.connect(lambda _t: self.value_changed.emit())

    def value(self) -> int | None:
        text = self.text().strip()
        return int(text) if text else None

    def setValue(self, value: int | None) -> None:  # noqa: N802 - reads like the spin box it replaces
        self.setText("" if value is None else str(int(value)))
