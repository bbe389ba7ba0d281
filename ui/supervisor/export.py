"""Export whatever a table shows (filtered and sorted as on screen) to a CSV file."""

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QFileDialog, QWidget

from app.services.reports import write_csv
from ui.supervisor.format import tr
from ui.tasks import Runner


def model_table(model: QAbstractItemModel) -> tuple[list[str], list[list[object]]]:
    """Headers and display texts of every row of `model` (a proxy gives its own order)."""
    columns = range(model.columnCount())
    headers = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in columns]
    rows = [[model.index(r, c).data() for c in columns] for r in range(model.rowCount())]
    return headers, rows


def export_model(parent: QWidget, runner: Runner, model: QAbstractItemModel, *, name: str,
                 on_done=None, path: str | None = None) -> None:
    """Ask where to save (unless `path` is given), then write the file off the GUI thread."""
    if path is None:
        path, _ = QFileDialog.getSaveFileName(parent, tr("Export to CSV"), f"{name}.csv", tr("CSV files (*.csv)"))
        if not path:
            return
    headers, rows = model_table(model)
    runner.run_pdf(lambda: write_csv(path, headers, rows), on_success=on_done, name="csv_export")
