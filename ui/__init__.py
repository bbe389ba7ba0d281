"""The PySide6 desktop app: windows, widgets, Qt models and the task runner (imports app/)."""

from ui.qt_compat import pin_singletons

# Before any Qt call: PySide6 6.12 under Python 3.11 drops references to None/True/False.
pin_singletons()
