"""The Reports tab of the Settings dialog: the centre's brand name and logo, printed on every
report and said in the call scripts on every workstation ("brand" settings section in the
database). Administrators edit it; everyone else sees it read-only."""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from app.domain.brand import MAX_LOGO_BYTES, BrandSettings
from app.services import settings
from app.services.errors import CareDeskError, ValidationError
from app.services.users import Permission
from ui.context import AppContext
from ui.tasks import Task

_PREVIEW = (160, 64)


class BrandPage(QWidget):
    loaded = Signal()
    saved = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settings_brand")
        self._ctx = ctx
        self.editable = ctx.actor.may(Permission.ADMINISTER)
        self._stored: BrandSettings | None = None  # as loaded; None until then
        self.logo = b""
        self.name_zh = QLineEdit(self)
        self.name_zh.setObjectName("brand_name_zh")
        self.name_en = QLineEdit(self)
        self.name_en.setObjectName("brand_name_en")
        for edit in (self.name_zh, self.name_en):
            edit.setReadOnly(not self.editable)
            edit.setPlaceholderText(self.tr("empty: the other name, else the packaged brand"))
        self.preview = QLabel(self)
        self.preview.setObjectName("brand_logo_preview")
        self.preview.setFixedSize(*_PREVIEW)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("border: 1px solid #c8c8c8;")
        self.choose_button = QPushButton(self.tr("Choose..."), self)
        self.choose_button.setObjectName("brand_choose_logo")
        self.choose_button.clicked.connect(self._ask_logo)
        self.packaged_button = QPushButton(self.tr("Use the packaged logo"), self)
        self.packaged_button.setObjectName("brand_packaged_logo")
        self.packaged_button.clicked.connect(lambda: self._set_logo(b""))
        for button in (self.choose_button, self.packaged_button):
            button.setEnabled(self.editable)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.preview)
        logo_row.addWidget(self.choose_button)
        logo_row.addWidget(self.packaged_button)
        logo_row.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Brand name on Chinese reports"), self.name_zh)
        form.addRow(self.tr("Brand name on English reports"), self.name_en)
        form.addRow(self.tr("Logo on reports (JPEG or PNG)"), logo_row)
        self.note = QLabel(self.tr("The same on every workstation: printed on every report and said in the call "
                                   "scripts.") if self.editable else
                           self.tr("Only administrators change the brand; it is the same on every workstation."), self)
        self.note.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setObjectName("brand_status")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self._set_logo(b"")

    # --- loading ----------------------------------------------------------------------

    def start(self) -> None:
        ctx = self._ctx
        self._watch(ctx.runner.run_db(lambda: settings.show_brand(ctx.db, ctx.actor), on_success=self._show,
                          on_error=lambda exc: self._failed(exc, self.tr("Could not load the brand: %1")),
                          name="show_brand"))

    def _watch(self, task: Task) -> None:
        # The dialog may close before the database answers: then the answer is dropped.
        self.destroyed.connect(task.cancel)

    def _show(self, brand: BrandSettings) -> None:
        self._stored = brand
        self.name_zh.setText(brand.name_zh)
        self.name_en.setText(brand.name_en)
        self._set_logo(brand.logo)
        self.loaded.emit()

    # --- the logo ---------------------------------------------------------------------

    def _ask_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Logo"), "", self.tr("Images (*.jpg *.jpeg *.png)"))
        if path:
            self.set_logo_file(Path(path))

    def set_logo_file(self, path: Path) -> bool:
        """Takes the file's bytes (the service checks them on saving); False when it cannot be read."""
        try:
            with path.open("rb") as fh:
                data = fh.read(MAX_LOGO_BYTES + 1)  # enough for the service to refuse an oversized file
        except OSError as exc:
            self.status.setText(self.tr("Could not read %1: %2").replace("%1", str(path)).replace("%2", exc.strerror or ""))
            return False
        self._set_logo(data)
        return True

    def _set_logo(self, data: bytes) -> None:
        self.logo = data
        pixmap = QPixmap()
        if data and pixmap.loadFromData(data):
            self.preview.setPixmap(pixmap.scaled(*_PREVIEW, Qt.AspectRatioMode.KeepAspectRatio,
                                                 Qt.TransformationMode.SmoothTransformation))
        else:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(self.tr("packaged logo") if not data else self.tr("no preview"))

    # --- saving -----------------------------------------------------------------------

    def has_changes(self) -> bool:
        if not self.editable or self._stored is None:
            return False
        now = (self.name_zh.text().strip(), self.name_en.text().strip(), self.logo)
        return now != (self._stored.name_zh, self._stored.name_en, self._stored.logo)

    def save(self, on_done: Callable[[], None]) -> None:
        """Stores the brand for every workstation, then `on_done()`; a refusal is shown here instead."""
        ctx = self._ctx
        name_zh, name_en, logo = self.name_zh.text(), self.name_en.text(), self.logo

        def saved(brand: BrandSettings) -> None:
            self._show(brand)
            self.status.setText(self.tr("Saved. Every workstation prints this brand from now on."))
            self.saved.emit()
            on_done()

        self._watch(ctx.runner.run_db(lambda: settings.update_brand(ctx.db, ctx.actor, ctx.clock, name_zh=name_zh,
                                                        name_en=name_en, logo=logo),
                          on_success=saved, on_error=lambda exc: self._failed(exc, self.tr("The brand was not saved: %1")),
                          name="update_brand"))

    def _failed(self, exc: BaseException, message: str) -> None:
        if isinstance(exc, ValidationError):
            detail = "\n".join(exc.errors.values())
        elif isinstance(exc, CareDeskError):
            detail = str(exc)
        else:
            raise exc
        self.status.setText(message.replace("%1", detail))
