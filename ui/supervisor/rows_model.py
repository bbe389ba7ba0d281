"""Moved to ui.tables.rows_model (the one table kit); kept so the console's import holds."""

from ui.tables.rows_model import ROW_ROLE, SORT_ROLE, Col, RowsModel

__all__ = ["Col", "ROW_ROLE", "RowsModel", "SORT_ROLE"]
