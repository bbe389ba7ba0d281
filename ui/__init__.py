"""The PySide6 desktop app: windows, widgets and Qt models over app.services."""
