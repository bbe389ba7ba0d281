"""The PySide6 desktop app: windows, widgets, Qt models and the task runner (imports app/)."""
