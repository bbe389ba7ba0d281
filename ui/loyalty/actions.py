"""What the programme bar's buttons do on a call: load the member's programme, confirm and
redeem a reward, record a referral. Every service call goes through the task runner; a
known refusal is shown on the bar in the screen's language, anything else is a bug and
goes to the crash handler."""

import uuid

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QWidget

from app.services import loyalty
from app.services.errors import CareDeskError, ValidationError
from ui.context import AppContext
from ui.loyalty.dialogs import RedeemDialog, ReferDialog
from ui.loyalty.messages import translated
from ui.loyalty.programme_bar import ProgrammeBar


def refusal_text(exc: CareDeskError) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(translated(m) for m in exc.errors.values())
    return translated(str(exc))


class ProgrammeActions(QObject):
    """Drives one ProgrammeBar for the member shown. `changed(member_id)` after a redemption
    or a referral (the header's points and the member's history are stale)."""

    changed = Signal(int)

    def __init__(self, ctx: AppContext, bar: ProgrammeBar, parent: QWidget) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._parent = parent
        self.bar = bar
        self.member_id: int | None = None
        self.member_name = ""
        self.programme: loyalty.Programme | None = None
        self.dialog: QDialog | None = None  # the open dialog (tests drive it)
        # One client key per redemption until it is answered: a retry after a lost answer
        # redeems once (the service is idempotent by key).
        self._keys: dict[tuple[int, str], str] = {}
        bar.redeem_requested.connect(self.ask_redeem)
        bar.refer_requested.connect(self.ask_refer)

    def show_member(self, member_id: int, name: str) -> None:
        if member_id != self.member_id:
            self.bar.clear()
        self.member_id, self.member_name = member_id, name
        self.reload()

    def clear(self) -> None:
        self.member_id, self.programme = None, None
        self.bar.clear()

    def reload(self) -> None:
        ctx, member_id = self._ctx, self.member_id
        if member_id is None:
            return
        ctx.runner.run_db(lambda: loyalty.member_programme(ctx.db, ctx.actor, ctx.clock, member_id),
                          on_success=lambda p, m=member_id: self._loaded(m, p), on_error=self._error,
                          name="member_programme")

    def _loaded(self, member_id: int, programme: loyalty.Programme) -> None:
        if member_id != self.member_id:
            return  # another member was opened meanwhile
        self.programme = programme
        self.bar.set_programme(programme, language=self._ctx.language, tz=self._ctx.clock.tz)

    # --- redeem -----------------------------------------------------------------------

    def ask_redeem(self, code: str) -> None:
        p = self.programme
        reward = next((r for r in p.catalogue if r.code == code), None) if p is not None else None
        if p is None or reward is None:
            return
        name = reward.name if self._ctx.language.startswith("zh") else reward.name_en
        self.dialog = RedeemDialog(name, reward.points, p.balance, self._parent)
        self.dialog.accepted.connect(lambda m=p.member_id: self.redeem(m, code))
        self.dialog.open()

    def redeem(self, member_id: int, code: str) -> None:
        ctx = self._ctx
        key = self._keys.setdefault((member_id, code), uuid.uuid4().hex)
        self.bar.redeem.setEnabled(False)

        def done(result: loyalty.Redemption) -> None:
            self._keys.pop((member_id, code), None)
            if member_id == self.member_id:
                self.bar.show_message(self.tr("Read to the member: %1").replace("%1", result.confirmation))
                self.reload()
            self.changed.emit(member_id)

        def refused(exc: BaseException) -> None:
            if isinstance(exc, ValidationError):
                self._keys.pop((member_id, code), None)  # refused: the next try is a new redemption
            self._error(exc)
            self.reload()

        ctx.runner.run_db(lambda: loyalty.redeem(ctx.db, ctx.actor, ctx.clock, member_id, code, client_key=key),
                          on_success=done, on_error=refused, name="redeem_points")

    # --- refer ------------------------------------------------------------------------

    def ask_refer(self) -> None:
        if self.member_id is None:
            return
        self.dialog = ReferDialog(self._ctx, self.member_name, self._parent)
        dialog = self.dialog
        dialog.accepted.connect(lambda m=self.member_id: dialog.referee_id is not None
                                and self.refer(m, dialog.referee_id))
        dialog.open()

    def refer(self, referrer_id: int, referee_id: int) -> None:
        ctx = self._ctx

        def done(row: loyalty.ReferralRow) -> None:
            if referrer_id == self.member_id:
                self.bar.show_message(self.tr("Referral recorded: both get points back when the new customer "
                                              "places a first order."))
            self.changed.emit(referrer_id)

        ctx.runner.run_db(lambda: loyalty.refer(ctx.db, ctx.actor, ctx.clock, referrer_id, referee_id),
                          on_success=done, on_error=self._error, name="refer_member")

    def _error(self, exc: BaseException) -> None:
        if not isinstance(exc, CareDeskError):
            raise exc  # a bug: the crash handler shows it
        self.bar.show_message(refusal_text(exc), ok=False)
