"""The outcome form: every field of a call's outcome, keyboard first, errors beside each field.

The form only collects input: `draft()` returns the outcome as plain data (the keys of
the `outcome record` JSON contract of issue 4) and `show_errors()` puts the service's
ValidationError messages beside their fields, in the screen's language. What is valid is
the call service's call: numbers are kept as typed (11 stays 11 and is refused with a
message, never clamped). Disposition keys live in ui.call.disposition_bar: a digit typed
in any field is input, never a disposition.
"""

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateTimeEdit, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget,
)

from app.domain.clock import Clock
from app.domain.codes import (
    Adherence, AdverseReaction, ComplaintCategory, Disposition, EffectDimension, Remedy, Severity,
)
from app.domain.outcome import CALLBACK_FORMAT
from ui.call.disposition_bar import DispositionBar
from ui.call.messages import translated_all
from ui.call.number_edit import NumberEdit
from ui.i18n import label, labels

ERROR_STYLE = "color: #b00020; font-size: 11px;"
# Which widget shows an error whose key names a nested part of the outcome.
_ERROR_ALIASES = {
    "complaint_category": "complaint", "complaint_severity": "complaint", "complaint_text": "complaint",
    "effect_ratings": "effects", "remaining": "remaining_days",
}


class OutcomeForm(QWidget):
    """Emits `disposition_chosen(code)` when a disposition is picked (by key or click)."""

    disposition_chosen = Signal(str)
    edited = Signal()

    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outcome_form")
        self._clock = clock
        self._errors: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 2, 4, 2)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)

        # Row 0: dispositions (digits choose only while the row has the focus).
        self.bar = DispositionBar(self)
        self.dispositions = self.bar.group
        self.bar.chosen.connect(self._disposition_picked)
        grid.addWidget(self.bar, 0, 0, 1, 8)
        grid.addWidget(self._error_label("disposition"), 1, 0, 1, 8)

        # Row 2-3: the answers that most calls have.
        self.satisfaction = self._number(self.tr("1-10"), "satisfaction")
        self.adherence = self._combo(Adherence, "adherence")
        self.remaining_days = self._number(self.tr("days"), "remaining_days")
        self.refill_intent = QComboBox(self)
        self.refill_intent.setObjectName("refill_intent")
        for text, value in ((self.tr("-"), None), (self.tr("Yes"), True), (self.tr("No"), False)):
            self.refill_intent.addItem(text, value)
        self.refill_intent.currentIndexChanged.connect(self.edited)
        self.adverse_reaction = self._combo(AdverseReaction, "adverse_reaction", blank=False)
        self.callback_at = QDateTimeEdit(self)
        self.callback_at.setObjectName("callback_at")
        self.callback_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.callback_at.setCalendarPopup(True)
        self.callback_at.dateTimeChanged.connect(self.edited)
        self._place(grid, 2, 0, self.tr("&Satisfaction (1-10):"), self.satisfaction, "satisfaction")
        self._place(grid, 2, 2, self.tr("A&dherence:"), self.adherence, "adherence")
        self._place(grid, 2, 4, self.tr("Re&maining days:"), self.remaining_days, "remaining_days")
        self._place(grid, 2, 6, self.tr("Refill &intent:"), self.refill_intent, "refill_intent")

        # Row 4-5: what needs follow-up.
        self.complaint_category = self._combo(ComplaintCategory, "complaint_category")
        self.complaint_severity = self._combo(Severity, "complaint_severity", blank=False)
        self.complaint_text = QLineEdit(self)
        self.complaint_text.setObjectName("complaint_text")
        self.complaint_text.setPlaceholderText(self.tr("What the member says went wrong"))
        self.complaint_text.textChanged.connect(self.edited)
        complaint = QWidget(self)
        box = QHBoxLayout(complaint)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.complaint_category)
        box.addWidget(self.complaint_severity)
        box.addWidget(self.complaint_text, 1)
        self._place(grid, 4, 0, self.tr("Com&plaint:"), complaint, "complaint", span=3,
                    buddy=self.complaint_category)
        self._place(grid, 4, 4, self.tr("Adverse &reaction:"), self.adverse_reaction, "adverse_reaction")
        self._place(grid, 4, 6, self.tr("Call&back at:"), self.callback_at, "callback_at")

        # Row 6-7: effect ratings by dimension, 0 = not asked.
        effects = QWidget(self)
        effects_row = QHBoxLayout(effects)
        effects_row.setContentsMargins(0, 0, 0, 0)
        self.effects: dict[str, NumberEdit] = {}
        for code, text in labels(EffectDimension):
            spin = self._number("", f"effect_{code}")
            spin.setMaximumWidth(36)
            spin.setToolTip(text)
            effects_row.addWidget(QLabel(text, effects))
            effects_row.addWidget(spin)
            self.effects[code] = spin
        effects_row.addStretch(1)
        self._place(grid, 6, 0, self.tr("&Effects (1-10):"), effects, "effects", span=7,
                    buddy=next(iter(self.effects.values())))

        # Row 8-9: internal notes beside the recommendation written for the member (their
        # care report prints the recommendation, never the notes).
        self.notes = self._text_box("notes", self.tr("For the care team only"))
        self.recommendation = self._text_box("recommendation", self.tr("Printed in the member's care report"))
        self._place(grid, 8, 0, self.tr("&Notes:"), self.notes, "notes", span=3)
        self._place(grid, 8, 4, self.tr("&Advice for the member:"), self.recommendation, "recommendation", span=3)

        # Row 10-11: the re-visit's remedies when the member is still unhappy.
        remedies = QWidget(self)
        remedies_row = QHBoxLayout(remedies)
        remedies_row.setContentsMargins(0, 0, 0, 0)
        self.remedies: dict[str, QCheckBox] = {}
        for code, text in labels(Remedy):
            box = QCheckBox(text, remedies)
            box.setObjectName(f"remedy_{code}")
            box.toggled.connect(self.edited)
            remedies_row.addWidget(box)
            self.remedies[code] = box
        remedies_row.addStretch(1)
        remedies.setToolTip(self.tr("On the 48-hour re-visit after a resolved ticket, when the member is still "
                                    "unhappy: each remedy chosen is done when the call is saved"))
        self._place(grid, 10, 0, self.tr("Remedies if still &unhappy:"), remedies, "remedies", span=7,
                    buddy=next(iter(self.remedies.values())))

        self.general_error = QLabel(self)
        self.general_error.setObjectName("outcome_error")
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        self.general_error.setVisible(False)
        grid.addWidget(self.general_error, 12, 0, 1, 8)
        for column in (1, 3, 5, 7):
            grid.setColumnStretch(column, 1)
        grid.setRowStretch(13, 1)  # spare height goes below the fields, not between them
        self.clear()

    # --- building helpers -------------------------------------------------------------

    def _number(self, hint: str, name: str) -> NumberEdit:
        edit = NumberEdit(hint, self)
        edit.setObjectName(name)
        edit.value_changed.connect(self.edited)
        return edit

    def _combo(self, kind, name: str, *, blank: bool = True) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        if blank:
            combo.addItem(self.tr("-"), None)
        for code, text in labels(kind):
            combo.addItem(text, code)
        combo.currentIndexChanged.connect(self.edited)
        return combo

    def _text_box(self, name: str, hint: str) -> QPlainTextEdit:
        box = QPlainTextEdit(self)
        box.setObjectName(name)
        box.setPlaceholderText(hint)
        box.setTabChangesFocus(True)
        box.setFixedHeight(44)
        box.textChanged.connect(self.edited)
        return box

    def _error_label(self, field: str) -> QLabel:
        error = QLabel(self)
        error.setObjectName(f"error_{field}")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.setVisible(False)
        self._errors[field] = error
        return error

    def _place(self, grid: QGridLayout, row: int, column: int, caption: str, editor: QWidget,
               field: str, *, span: int = 1, buddy: QWidget | None = None) -> None:
        text = QLabel(caption, self)
        text.setObjectName(f"caption_{field}")
        text.setBuddy(buddy or editor)  # Alt+<underlined letter> puts the focus in the field
        grid.addWidget(text, row, column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(editor, row, column + 1, 1, span)
        grid.addWidget(self._error_label(field), row + 1, column + 1, 1, span)

    def offer_remedies(self, offered: bool) -> None:
        """Whether this call may take remedies (it covers a 48-hour re-visit): the row is
        enabled only then. Until told, the form offers them and the save decides."""
        for box in self.remedies.values():
            if not offered:
                box.setChecked(False)
            box.setEnabled(offered)

    # --- disposition ------------------------------------------------------------------

    def choose_disposition_number(self, number: int) -> None:
        self.bar.choose_number(number)

    def _disposition_picked(self, code: str) -> None:
        self.callback_at.setEnabled(code == Disposition.CALLBACK)
        self._set_error("disposition", "")
        self.disposition_chosen.emit(code)
        self.edited.emit()

    @property
    def disposition(self) -> str | None:
        return self.bar.disposition

    def mnemonics(self) -> list[tuple[str, str]]:
        """(keys, field caption) of every Alt+letter on the form, read from its labels."""
        found = []
        for caption in self.findChildren(QLabel):
            text = caption.text()
            if caption.buddy() is not None and "&" in text:
                letter = text[text.index("&") + 1]
                found.append((f"Alt+{letter.upper()}", text.replace("&", "").rstrip(":：")))
        return found

    def inputs(self) -> list[QWidget]:
        """Every editor of the form, in tab order (the tests type into each one)."""
        return [self.satisfaction, self.adherence, self.remaining_days, self.refill_intent,
                self.complaint_category, self.complaint_severity, self.complaint_text, self.adverse_reaction,
                self.callback_at, *self.effects.values(), self.notes, self.recommendation,
                *self.remedies.values()]

    # --- data in and out --------------------------------------------------------------

    def clear(self) -> None:
        """A fresh form for the next call."""
        self.bar.clear()
        for edit in (self.satisfaction, self.remaining_days, *self.effects.values()):
            edit.setValue(None)
        for combo in (self.adherence, self.refill_intent, self.complaint_category,
                      self.complaint_severity, self.adverse_reaction):
            combo.setCurrentIndex(0)
        self.complaint_severity.setCurrentIndex(max(0, self.complaint_severity.findData(Severity.NORMAL.value)))
        self.complaint_text.clear()
        self.notes.clear()
        self.recommendation.clear()
        for box in self.remedies.values():
            box.setChecked(False)
        self.set_callback_default()
        self.callback_at.setEnabled(False)
        self.show_errors({})

    def set_callback_default(self) -> None:
        local = (self._clock.now() + timedelta(hours=2)).astimezone(self._clock.tz)
        local = local.replace(minute=(local.minute // 15) * 15, second=0, microsecond=0)
        self.callback_at.setDateTime(QDateTime(local.date(), local.time()))

    def callback_datetime(self) -> datetime:
        """The callback time as an aware datetime in the workstation's zone."""
        value = self.callback_at.dateTime()
        date_, time_ = value.date().toPython(), value.time().toPython()
        return datetime.combine(date_, time_).replace(tzinfo=self._clock.tz)

    def draft(self) -> dict[str, Any]:
        """Everything typed, as plain data; nothing is checked here."""
        category = self.complaint_category.currentData()
        complaint = None
        if category is not None or self.complaint_text.text().strip():
            complaint = {"category": category, "severity": self.complaint_severity.currentData(),
                         "text": self.complaint_text.text().strip()}
        return {
            "disposition": self.disposition,
            "satisfaction": self.satisfaction.value(),
            "effects": {code: edit.value() for code, edit in self.effects.items() if edit.value() is not None},
            "adherence": self.adherence.currentData(),
            "remaining_days": self.remaining_days.value(),
            "refill_intent": self.refill_intent.currentData(),
            "complaint": complaint,
            "adverse_reaction": self.adverse_reaction.currentData() or AdverseReaction.NONE.value,
            "callback_at": (self.callback_datetime().strftime(CALLBACK_FORMAT)
                            if self.disposition == Disposition.CALLBACK else None),
            "notes": self.notes.toPlainText().strip(),
            "recommendation": self.recommendation.toPlainText().strip(),
            "remedies": [code for code, box in self.remedies.items() if box.isChecked()],
        }

    def has_input(self, *, proposed: str | None = None) -> bool:
        """Anything typed or chosen since clear(): what leaving the call would lose. A
        disposition the phone `proposed` (ui.telephony.prefill) was not the agent's doing."""
        d = self.draft()
        return bool((d["disposition"] and d["disposition"] != proposed) or d["effects"] or d["adherence"] or d["complaint"] or d["notes"]
                    or d["recommendation"] or d["remedies"] or d["adverse_reaction"] != AdverseReaction.NONE.value
                    or any(d[k] is not None for k in ("satisfaction", "remaining_days", "refill_intent")))

    def apply_answer(self, field: str, value: object) -> None:
        """An answer given in the script that maps to a form field flows in here."""
        if field == "satisfaction" and isinstance(value, int):
            self.satisfaction.setValue(value)
        elif field == "remaining_days" and isinstance(value, int):
            self.remaining_days.setValue(value)
        elif field == "refill_intent" and isinstance(value, bool):
            self.refill_intent.setCurrentIndex(self.refill_intent.findData(value))
        elif field == "adherence":
            self._select(self.adherence, value)
        elif field == "adverse_reaction":
            self._select(self.adverse_reaction, value)
        elif field in ("complaint", "complaint_category"):
            self._select(self.complaint_category, value)
        elif field == "complaint_severity":
            self._select(self.complaint_severity, value)
        elif field == "complaint_urgent" and isinstance(value, bool):
            self._select(self.complaint_severity, Severity.URGENT.value if value else Severity.NORMAL.value)
        elif field == "complaint_text" and isinstance(value, str):
            self.complaint_text.setText(value)
        elif field == "remedy" and isinstance(value, str) and value in self.remedies:
            self.remedies[value].setChecked(True)  # the re-visit script's remedy branch
        elif field.startswith("effect_") or field.startswith("effects."):
            spin = self.effects.get(field.split("_", 1)[-1] if field.startswith("effect_") else field.split(".", 1)[1])
            if spin is not None and isinstance(value, int):
                spin.setValue(value)

    @staticmethod
    def _select(combo: QComboBox, code: object) -> None:
        index = combo.findData(code)
        if index >= 0:
            combo.setCurrentIndex(index)

    # --- errors -----------------------------------------------------------------------

    def show_errors(self, errors: dict[str, str]) -> None:
        """Put each message beside its field; unknown fields go to the line at the bottom."""
        for error in self._errors.values():
            error.clear()
            error.setVisible(False)
        leftovers: list[str] = []
        for field, message in translated_all(errors).items():
            key = self._field_for(field)
            if key is None:
                leftovers.append(f"{field}: {message}")
            else:
                self._set_error(key, message)
        self.general_error.setText("\n".join(leftovers))
        self.general_error.setVisible(bool(leftovers))

    def error_text(self, field: str) -> str:
        error = self._errors.get(field)
        return error.text() if error is not None else ""

    def _field_for(self, name: str) -> str | None:
        if name in self._errors:
            return name
        head = name.split(".")[0].split("[")[0]
        head = _ERROR_ALIASES.get(head, head)
        if head in self._errors:
            return head
        if head.startswith("effect"):
            return "effects"
        return None

    def _set_error(self, field: str, message: str) -> None:
        error = self._errors[field]
        error.setText(message)
        error.setVisible(bool(message))


def disposition_label(code: str | None) -> str:
    return label(Disposition, code)
