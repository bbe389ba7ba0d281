"""The live script: the rendered call script, section by section, with an answer box per question.

The script's text comes rendered by app.services.scripts (placeholders filled); which
sections are on the path for the answers given so far is app.domain.scripts.path. This
panel only lays the sections out in that order and collects the answers, so a "yes" to
"any discomfort?" opens the adverse-reaction section right below the question.
"""

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QFrame, QLabel, QLineEdit, QScrollArea, QSpinBox, QVBoxLayout, QWidget,
)

from app.domain.scripts import QuestionType, RenderedQuestion, RenderedScript, RenderedSection, Script, path

AnswerWidget = QComboBox | QSpinBox | QLineEdit


class _SectionView(QFrame):
    def __init__(self, section: RenderedSection, panel: "ScriptPanel") -> None:
        super().__init__(panel)
        self.section_id = section.id
        self.setObjectName(f"section_{section.id}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.setSpacing(3)
        title = QLabel(f"<b>{section.title}</b>", self)
        layout.addWidget(title)
        for item in section.items:
            if isinstance(item, RenderedQuestion):
                text = QLabel(f"▶ {item.text}", self)
                text.setWordWrap(True)
                text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                editor = panel.make_editor(item)
                text.setBuddy(editor)
                error = QLabel(self)
                error.setObjectName(f"answer_error_{item.id}")
                error.setStyleSheet("color: #b00020; font-size: 11px;")
                error.setVisible(False)
                panel.register_error_label(item.id, error)
                layout.addWidget(text)
                layout.addWidget(editor)
                layout.addWidget(error)
            else:
                line = QLabel(item.text, self)
                line.setWordWrap(True)
                line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                layout.addWidget(line)


class ScriptPanel(QScrollArea):
    """Emits `answered(question_id, value)`; `answers()` has every answer given (None = none)."""

    answered = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("script_panel")
        self.setWidgetResizable(True)
        self._script: Script | None = None
        self._rendered: RenderedScript | None = None
        self._editors: dict[str, AnswerWidget] = {}
        self._questions: dict[str, RenderedQuestion] = {}
        self._sections: dict[str, _SectionView] = {}
        self._answer_errors: dict[str, QLabel] = {}
        self._body = QWidget(self)
        self._layout = QVBoxLayout(self._body)
        self._layout.setContentsMargins(4, 4, 4, 4)
        self._title = QLabel(self._body)
        self._title.setObjectName("script_title")
        self._title.setWordWrap(True)
        self._layout.addWidget(self._title)
        self._layout.addStretch(1)
        self.setWidget(self._body)
        self.clear()

    # --- content ----------------------------------------------------------------------

    def clear(self) -> None:
        for view in self._sections.values():
            view.deleteLater()
        self._sections.clear()
        self._answer_errors.clear()
        self._editors.clear()
        self._questions.clear()
        self._script = self._rendered = None
        self._title.setText(self.tr("No call open. Press Next (Ctrl+N) to claim the next member."))

    def show_script(self, script: Script, rendered: RenderedScript) -> None:
        self.clear()
        self._script = script
        self._rendered = rendered
        self._title.setText(f"<h3>{rendered.title}</h3>")
        for section in rendered.sections:
            view = _SectionView(section, self)
            view.setVisible(False)
            self._sections[section.id] = view
        self._relayout()

    @property
    def script_id(self) -> str | None:
        return self._rendered.script_id if self._rendered else None

    @property
    def script_version(self) -> str | None:
        return self._rendered.version if self._rendered else None

    def visible_sections(self) -> list[str]:
        return [sid for sid in self._path()]

    def first_editor(self) -> QWidget | None:
        for sid in self._path():
            for qid, editor in self._editors.items():
                if editor.parent() is self._sections[sid]:
                    return editor
        return None

    def editor(self, question_id: str) -> AnswerWidget | None:
        return self._editors.get(question_id)

    # --- answers ----------------------------------------------------------------------

    def register_error_label(self, question_id: str, error: QLabel) -> None:
        self._answer_errors[question_id] = error

    def show_errors(self, errors: dict[str, str]) -> dict[str, str]:
        """Show `answers.<id>` messages under their questions; return the others."""
        rest: dict[str, str] = {}
        for error in self._answer_errors.values():
            error.clear()
            error.setVisible(False)
        for key, message in errors.items():
            qid = key.split(".", 1)[1] if key.startswith("answers.") else None
            if qid is not None and qid in self._answer_errors:
                self._answer_errors[qid].setText(message)
                self._answer_errors[qid].setVisible(True)
            else:
                rest[key] = message
        return rest

    def answers(self) -> dict[str, Any]:
        """Answers of the questions on the current path that were answered."""
        on_path = set(self._path())
        result: dict[str, Any] = {}
        for qid, editor in self._editors.items():
            if editor.parent() is not None and getattr(editor.parent(), "section_id", None) in on_path:
                value = self._value(qid)
                if value is not None:
                    result[qid] = value
        return result

    def set_answer(self, question_id: str, value: Any) -> None:
        editor = self._editors[question_id]
        if isinstance(editor, QSpinBox):
            editor.setValue(int(value) if value is not None else 0)
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value)))
        else:
            editor.setText("" if value is None else str(value))

    def _value(self, question_id: str) -> Any:
        editor = self._editors[question_id]
        if isinstance(editor, QSpinBox):
            return editor.value() if editor.value() >= 1 else None
        if isinstance(editor, QComboBox):
            return editor.currentData()
        text = editor.text().strip()
        return text or None

    def make_editor(self, question: RenderedQuestion) -> AnswerWidget:
        editor: AnswerWidget
        if question.type == QuestionType.SCALE:
            editor = QSpinBox(self)
            editor.setRange(0, 10)
            editor.setSpecialValueText(self.tr("- (1-10)"))
            editor.valueChanged.connect(lambda _v, q=question.id: self._changed(q))
        elif question.type in (QuestionType.YES_NO, QuestionType.CHOICE):
            editor = QComboBox(self)
            editor.addItem(self.tr("-"), None)
            if question.type == QuestionType.YES_NO:
                editor.addItem(self.tr("Yes"), True)
                editor.addItem(self.tr("No"), False)
            else:
                for code, text in question.options:
                    editor.addItem(text, code)
            editor.currentIndexChanged.connect(lambda _i, q=question.id: self._changed(q))
        else:
            editor = QLineEdit(self)
            editor.setPlaceholderText(self.tr("What the member says"))
            editor.editingFinished.connect(lambda q=question.id: self._changed(q))
        editor.setObjectName(f"answer_{question.id}")
        self._editors[question.id] = editor
        self._questions[question.id] = question
        return editor

    def _changed(self, question_id: str) -> None:
        self._relayout()
        self.answered.emit(question_id, self._value(question_id))

    # --- flow -------------------------------------------------------------------------

    def _path(self) -> list[str]:
        if self._script is None:
            return []
        raw = {qid: self._value(qid) for qid in self._editors}
        return path(self._script, {k: v for k, v in raw.items() if v is not None})

    def _relayout(self) -> None:
        """Show the sections on the path, in path order; the others wait hidden."""
        order = self._path()
        for view in self._sections.values():
            self._layout.removeWidget(view)
        for position, sid in enumerate(order, start=1):
            view = self._sections.get(sid)
            if view is not None:
                self._layout.insertWidget(position, view)
                view.setVisible(True)
        for sid, view in self._sections.items():
            if sid not in order:
                view.setVisible(False)
        # Tab follows the path, so a branch just opened is the next stop after its question.
        chain = [e for sid in order for e in self._editors.values() if e.parent() is self._sections.get(sid)]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)
