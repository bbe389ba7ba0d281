"""The live script: the rendered call script, section by section, with an answer box per question.

The script's text comes rendered by app.services.calls.scripts (placeholders filled); which
sections are on the path for the answers given so far is app.domain.scripts.path. This
panel only lays the sections out in that order and collects the answers, so a "yes" to
"any discomfort?" opens the adverse-reaction section right below the question.

Building a script's widgets takes longer than the rest of the screen together, and a day
uses a handful of scripts, so each script's view is built once and refilled with the next
member's text (the structure of one script version never changes).
"""

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox, QFrame, QLabel, QLineEdit, QScrollArea, QSpinBox, QStackedWidget, QVBoxLayout, QWidget,
)

from shiboken6 import isValid

from app.domain.scripts import QuestionType, RenderedQuestion, RenderedScript, Script, path

AnswerWidget = QComboBox | QSpinBox | QLineEdit
_STYLE = "QLabel[role=\"error\"] { color: #b00020; font-size: 11px; }"


class _SectionFrame(QFrame):
    def __init__(self, section_id: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.section_id = section_id
        self.setObjectName(f"section_{section_id}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(6, 4, 6, 6)
        self.box.setSpacing(3)


class ScriptView(QScrollArea):
    """One script version's widgets; `refill()` puts another member's text and no answers in."""

    answered = Signal(str, object)

    def __init__(self, script: Script, rendered: RenderedScript, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.script = script
        self.rendered = rendered
        self.editors: dict[str, AnswerWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.sections: dict[str, _SectionFrame] = {}
        self._texts: list[QLabel] = []  # in rendering order, refilled per member
        self._editor_section: dict[str, str] = {}
        body = QWidget(self)
        self._layout = QVBoxLayout(body)
        self._layout.setContentsMargins(4, 4, 4, 4)
        self.title = QLabel(body)
        self.title.setObjectName("script_title")
        self.title.setWordWrap(True)
        self._layout.addWidget(self.title)
        for section in rendered.sections:
            frame = _SectionFrame(section.id, body)
            frame.setVisible(False)
            self._texts.append(self._label(frame, bold=True))
            for item in section.items:
                self._texts.append(self._label(frame))
                if isinstance(item, RenderedQuestion):
                    editor = self._make_editor(item, frame)
                    self._texts[-1].setBuddy(editor)
                    frame.box.addWidget(editor)
                    error = QLabel(frame)
                    error.setObjectName(f"answer_error_{item.id}")
                    error.setProperty("role", "error")
                    error.setVisible(False)
                    frame.box.addWidget(error)
                    self.errors[item.id] = error
                    self._editor_section[item.id] = section.id
            self.sections[section.id] = frame
        self._layout.addStretch(1)
        self.setWidget(body)
        self.refill(rendered)

    def _label(self, frame: _SectionFrame, *, bold: bool = False) -> QLabel:
        text = QLabel(frame)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.setTextFormat(Qt.TextFormat.RichText if bold else Qt.TextFormat.PlainText)
        frame.box.addWidget(text)
        return text

    def _make_editor(self, question: RenderedQuestion, parent: QWidget) -> AnswerWidget:
        editor: AnswerWidget
        if question.type == QuestionType.SCALE:
            editor = QSpinBox(parent)
            editor.setRange(0, 10)
            editor.setSpecialValueText(self.tr("- (1-10)"))
            editor.valueChanged.connect(lambda _v, q=question.id: self._changed(q))
        elif question.type in (QuestionType.YES_NO, QuestionType.CHOICE):
            editor = QComboBox(parent)
            editor.addItem(self.tr("-"), None)
            if question.type == QuestionType.YES_NO:
                editor.addItem(self.tr("Yes"), True)
                editor.addItem(self.tr("No"), False)
            else:
                for code, text in question.options:
                    editor.addItem(text, code)
            editor.currentIndexChanged.connect(lambda _i, q=question.id: self._changed(q))
        else:
            editor = QLineEdit(parent)
            editor.setPlaceholderText(self.tr("What the member says"))
            editor.editingFinished.connect(lambda q=question.id: self._changed(q))
        editor.setObjectName(f"answer_{question.id}")
        self.editors[question.id] = editor
        return editor

    # --- content ----------------------------------------------------------------------

    def refill(self, rendered: RenderedScript) -> None:
        """Another member's text, every answer cleared (signals held: nothing is answered)."""
        self.rendered = rendered
        self.title.setText(f"<h3>{escape(rendered.title)}</h3>")
        texts = iter(self._texts)
        for section in rendered.sections:
            next(texts).setText(f"<b>{escape(section.title)}</b>")
            for item in section.items:
                label = next(texts)
                if isinstance(item, RenderedQuestion):
                    label.setText(f"▶ {item.text}")
                    editor = self.editors[item.id]
                    if isinstance(editor, QComboBox) and item.type == QuestionType.CHOICE:
                        for index, (_code, text) in enumerate(item.options, start=1):
                            editor.setItemText(index, text)  # option labels may hold member data
                else:
                    label.setText(item.text)
        for editor in self.editors.values():
            editor.blockSignals(True)
            if isinstance(editor, QSpinBox):
                editor.setValue(0)
            elif isinstance(editor, QComboBox):
                editor.setCurrentIndex(0)
            else:
                editor.clear()
            editor.blockSignals(False)
        self.show_errors({})
        self.relayout()
        self.verticalScrollBar().setValue(0)

    # --- answers ----------------------------------------------------------------------

    def value(self, question_id: str) -> Any:
        editor = self.editors[question_id]
        if isinstance(editor, QSpinBox):
            return editor.value() if editor.value() >= 1 else None
        if isinstance(editor, QComboBox):
            return editor.currentData()
        text = editor.text().strip()
        return text or None

    def answers(self) -> dict[str, Any]:
        """Answers of the questions on the current path that were answered."""
        on_path = set(self.path())
        result: dict[str, Any] = {}
        for qid in self.editors:
            if self._editor_section[qid] in on_path:
                value = self.value(qid)
                if value is not None:
                    result[qid] = value
        return result

    def show_errors(self, errors: dict[str, str]) -> dict[str, str]:
        rest: dict[str, str] = {}
        for error in self.errors.values():
            if error.isVisible() or error.text():
                error.clear()
                error.setVisible(False)
        for key, message in errors.items():
            qid = key.split(".", 1)[1] if key.startswith("answers.") else None
            if qid is not None and qid in self.errors:
                self.errors[qid].setText(message)
                self.errors[qid].setVisible(True)
            else:
                rest[key] = message
        return rest

    def _changed(self, question_id: str) -> None:
        self.relayout()
        self.answered.emit(question_id, self.value(question_id))

    # --- flow -------------------------------------------------------------------------

    def path(self) -> list[str]:
        raw = {qid: self.value(qid) for qid in self.editors}
        return path(self.script, {k: v for k, v in raw.items() if v is not None})

    def relayout(self) -> None:
        """Show the sections on the path, in path order; the others wait hidden."""
        order = self.path()
        for position, sid in enumerate(order, start=1):
            frame = self.sections[sid]
            if self._layout.indexOf(frame) != position:
                self._layout.removeWidget(frame)
                self._layout.insertWidget(position, frame)
            if frame.isHidden():
                frame.setVisible(True)
        for sid, frame in self.sections.items():
            if sid not in order and not frame.isHidden():
                frame.setVisible(False)
        # Tab follows the path, so a branch just opened is the next stop after its question.
        chain = [self.editors[q] for sid in order for q, s in self._editor_section.items() if s == sid]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)


class ScriptPanel(QStackedWidget):
    """Emits `answered(question_id, value)` for the script on screen."""

    answered = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("script_panel")
        self.setStyleSheet(_STYLE)
        self._views: dict[tuple[str, str, str], ScriptView] = {}
        self.view: ScriptView | None = None
        self._idle = QLabel(self)
        self._idle.setObjectName("script_idle")
        self._idle.setWordWrap(True)
        self._idle.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self._idle.setMargin(6)
        self.addWidget(self._idle)
        self.clear()

    def clear(self) -> None:
        self.view = None
        self._idle.setText(self.tr("No call open. Press Next (Ctrl+N) to claim the next member."))
        self.setCurrentWidget(self._idle)

    def prepare(self, script: Script, rendered: RenderedScript) -> ScriptView:
        """The view for this script version, built now if it is new (kept for later calls)."""
        key = (script.id, script.version, rendered.language)
        view = self._views.get(key)
        if view is None:
            view = ScriptView(script, rendered, self)
            view.answered.connect(self._forward)
            self._views[key] = view
            self.addWidget(view)
        return view

    def prepare_all(self, skeletons: list[tuple[Script, RenderedScript]], *, done: Callable[[], None]) -> None:
        """Build the views of `skeletons` one per event-loop turn (the GUI stays responsive)."""
        pending = list(skeletons)

        def next_one() -> None:
            if not isValid(self):
                return  # the window closed meanwhile
            if not pending:
                done()
                return
            self.prepare(*pending.pop())
            QTimer.singleShot(0, next_one)

        next_one()

    def show_script(self, script: Script, rendered: RenderedScript) -> None:
        key = (script.id, script.version, rendered.language)
        fresh = key not in self._views
        view = self.prepare(script, rendered)
        if not fresh:
            view.refill(rendered)
        self.view = view
        self.setCurrentWidget(view)

    def _forward(self, question_id: str, value: object) -> None:
        if self.sender() is self.view:
            self.answered.emit(question_id, value)

    # --- the script on screen ---------------------------------------------------------

    @property
    def script_id(self) -> str | None:
        return self.view.rendered.script_id if self.view else None

    @property
    def script_version(self) -> str | None:
        return self.view.rendered.version if self.view else None

    def visible_sections(self) -> list[str]:
        return self.view.path() if self.view else []

    def editor(self, question_id: str) -> AnswerWidget | None:
        return self.view.editors.get(question_id) if self.view else None

    def first_editor(self) -> QWidget | None:
        if self.view is None:
            return None
        for sid in self.view.path():
            for qid, editor in self.view.editors.items():
                if self.view._editor_section[qid] == sid:
                    return editor
        return None

    def answers(self) -> dict[str, Any]:
        return self.view.answers() if self.view else {}

    def set_answer(self, question_id: str, value: Any) -> None:
        editor = self.editor(question_id)
        if isinstance(editor, QSpinBox):
            editor.setValue(int(value) if value is not None else 0)
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value)))
        elif editor is not None:
            editor.setText("" if value is None else str(value))
            editor.editingFinished.emit()

    def show_errors(self, errors: dict[str, str]) -> dict[str, str]:
        """Show `answers.<id>` messages under their questions; return the others."""
        return self.view.show_errors(errors) if self.view else dict(errors)
