"""The member 360 panel: profile header, supplies ("about 4 days left"), and tabs for the history.

It shows a MemberView (app.services.members) and nothing else: health data appears only if
the service included it, which it does only for users allowed to see it.
"""

from datetime import datetime
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from app.domain.clock import Clock
from app.domain.codes import (
    Adherence, BabyStage, Channel, ComplaintCategory, Department, Disposition, EffectDimension, Gender,
    LifecycleStage, SalesChannel, Severity, TicketStatus, Tier,
)
from app.services.members import MemberView, Supply
from ui.context import AppContext
from ui.i18n import label
from ui.loyalty.actions import ProgrammeActions
from ui.loyalty.programme_bar import ProgrammeBar
from ui.member.chart import EffectChart

_TABLE = '<table width="100%" cellspacing="0" cellpadding="3" border="0">'
_WARN = "color:#b00020;font-weight:bold;"


def _note(text: str) -> str:
    return f"<i>{escape(text)}</i>"


def _warn(text: str) -> str:
    return f"<span style='{_WARN}'>{escape(text)}</span>"


def yuan(fen: int) -> str:
    return f"¥{fen / 100:,.2f}"


class MemberPanel(QWidget):
    care_report_requested = Signal(int)  # member id; the main window's ReportActions answers it

    def __init__(self, clock: Clock, parent: QWidget | None = None, *, ctx: AppContext | None = None) -> None:
        """With `ctx` the header carries the programme bar (tier, balance, expiring points,
        next tier; Redeem and Refer on the call), loaded through ctx.runner."""
        super().__init__(parent)
        self.setObjectName("member_panel")
        self._clock = clock
        self.view: MemberView | None = None
        # What the call is about comes first: the task's product and run-out, the full "why",
        # the last call's notes and the open tickets; then who the member is.
        self.about = QLabel(self)
        self.about.setObjectName("member_about")
        self.about.setWordWrap(True)  # the whole "why", wrapped, never cut
        self.about.setTextFormat(Qt.TextFormat.RichText)
        self.about.setStyleSheet("#member_about { background: #eef4fb; border-left: 4px solid #0b5cad; padding: 4px; }")
        self.header = QLabel(self)
        self.header.setObjectName("member_header")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.care_report_button = QPushButton(self.tr("Care report"), self)
        self.care_report_button.setObjectName("member_care_report")
        self.care_report_button.clicked.connect(
            lambda: self.view is not None and self.care_report_requested.emit(self.view.profile.id))
        self.programme_bar: ProgrammeBar | None = None
        self.programme: ProgrammeActions | None = None
        if ctx is not None:
            self.programme_bar = ProgrammeBar(self)
            self.programme = ProgrammeActions(ctx, self.programme_bar, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("member_tabs")
        self.purchases = self._browser("member_purchases")
        # The purchases table keeps each cell on one line and scrolls sideways in a narrow
        # panel: a date or a heading is never split mid-word.
        self.purchases.setLineWrapMode(QTextBrowser.LineWrapMode.NoWrap)
        self.calls = self._browser("member_calls")
        self.tickets = self._browser("member_tickets")
        self.chart = EffectChart(self)
        self.health = self._browser("member_health")
        self.tabs.addTab(self.purchases, self.tr("Purchases"))
        self.tabs.addTab(self.calls, self.tr("Calls"))
        self.tabs.addTab(self.tickets, self.tr("Tickets"))
        self.tabs.addTab(self.chart, self.tr("Effects"))
        self.tabs.addTab(self.health, self.tr("Health"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.about)
        header_row = QHBoxLayout()
        header_row.addWidget(self.header, 1)
        header_row.addWidget(self.care_report_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(header_row)
        if self.programme_bar is not None:
            layout.addWidget(self.programme_bar)
        layout.addWidget(self.tabs, 1)
        self.clear()

    def _browser(self, name: str) -> QTextBrowser:
        browser = QTextBrowser(self)
        browser.setObjectName(name)
        browser.setOpenLinks(False)
        return browser

    def _local(self, at: datetime | None, fmt: str = "%Y-%m-%d") -> str:
        return at.astimezone(self._clock.tz).strftime(fmt) if at else ""

    # --- content ----------------------------------------------------------------------

    def clear(self) -> None:
        self.view = None
        self.about.clear()
        self.about.setVisible(False)
        self.header.setText(self.tr("<i>No member open.</i>"))
        for browser in (self.purchases, self.calls, self.tickets, self.health):
            browser.clear()
        self.chart.set_points([])
        self.tabs.setTabText(2, self.tr("Tickets"))
        self.care_report_button.setEnabled(False)
        if self.programme is not None:
            self.programme.clear()
            self.programme_bar.setVisible(False)

    def show_member(self, view: MemberView, *, task_id: int | None = None, why: str = "") -> None:
        """`task_id` is the task being worked: its product leads the header; `why` is the queue's line."""
        self.view = view
        self.care_report_button.setEnabled(True)
        about = self._about_html(view, task_id, why)
        self.about.setText(about)
        self.about.setToolTip(why)
        self.about.setVisible(bool(about))
        self.header.setText(self._header_html(view, lead=self._task_supply(view, task_id)))
        self.purchases.setHtml(self._purchases_html(view))
        self.calls.setHtml(self._calls_html(view))
        self.tickets.setHtml(self._tickets_html(view))
        open_tickets = sum(1 for t in view.tickets if t.status != TicketStatus.RESOLVED)
        self.tabs.setTabText(2, self.tr("Tickets (%1 open)").replace("%1", str(open_tickets))
                             if open_tickets else self.tr("Tickets"))
        self.chart.set_points(view.effects)
        self.health.setHtml(self._health_html(view))
        if self.programme is not None:
            self.programme_bar.setVisible(True)
            self.programme.show_member(view.profile.id, view.profile.name)

    def plain_text(self) -> str:
        """Everything shown, as text (tests and accessibility read this)."""
        bar = [self.programme_bar.summary.text(), self.programme_bar.message.text()] if self.programme_bar else []
        parts = [self.about.text(), self.header.text(), *bar] + [b.toPlainText() for b in (self.purchases, self.calls, self.tickets, self.health)]
        return "\n".join(parts)

    # --- HTML ---------------------------------------------------------------------------

    def _supply_line(self, supply: Supply) -> str:
        if supply.days_left is None:
            text = self.tr("no supply estimate")
        elif supply.days_left < 0:
            text = self.tr("ran out %n day(s) ago", "", -supply.days_left)
        elif supply.days_left == 0:
            text = self.tr("runs out today")
        else:
            text = self.tr("about %n day(s) left", "", supply.days_left)
        style = _WARN if supply.days_left is not None and supply.days_left <= 7 else ""
        measured = ""
        if supply.pdc is not None:
            measured = self.tr("PDC %1%").replace("%1", f"{supply.pdc * 100:.0f}")
        stated = label(Adherence, supply.stated_adherence) if supply.stated_adherence else ""
        extra = " · ".join(x for x in (measured, stated and self.tr("says: %1").replace("%1", stated)) if x)
        return (f"{escape(supply.product)}: <span style='{style}'>{escape(text)}</span>"
                f"{' · ' + escape(extra) if extra else ''}")

    @staticmethod
    def _task_supply(view: MemberView, task_id: int | None) -> Supply | None:
        task = next((t for t in view.open_tasks if t.id == task_id), None)
        if task is None or task.product_id is None:
            return None
        return next((s for s in view.supplies if s.product_id == task.product_id), None)

    def _about_html(self, view: MemberView, task_id: int | None, why: str) -> str:
        """The task's product and run-out, the full why, the last call's notes, the open tickets."""
        lines = []
        supply = self._task_supply(view, task_id)
        if supply is not None:
            ahead = supply.runout_on is not None and (supply.days_left or 0) > 0  # "ran out", "today" say when
            runout = self.tr("runs out %1").replace("%1", supply.runout_on.strftime("%m-%d")) if ahead else ""
            lines.append(f"<span style='font-size:12pt;font-weight:bold;'>{self._supply_line(supply)}</span>"
                         + (f" · {escape(runout)}" if runout else ""))
        if why:
            lines.append(escape(why))
        last = view.calls[0] if view.calls else None
        if last is not None and last.notes:
            when = self._local(last.started_at, "%m-%d")
            lines.append(escape(self.tr("Last call %1: %2").replace("%1", when).replace("%2", last.notes)))
        open_tickets = [t for t in view.tickets if t.status != TicketStatus.RESOLVED]
        for t in open_tickets[:2]:
            lines.append(_warn(self.tr("Open ticket #%1: %2 · %3").replace("%1", str(t.id))
                               .replace("%2", label(ComplaintCategory, t.category))
                               .replace("%3", label(TicketStatus, t.status))))
        if len(open_tickets) > 2:
            lines.append(escape(self.tr("and %n more open ticket(s)", "", len(open_tickets) - 2)))
        return "<br>".join(lines)

    def _header_html(self, view: MemberView, *, lead: Supply | None = None) -> str:
        p = view.profile
        facts = [label(Gender, p.gender), self.tr("%1 years").replace("%1", str(p.age)) if p.age is not None else "",
                 p.region or "", p.occupation or ""]
        tier = label(Tier, p.tier)
        # The programme bar shows the live balance when there is one (it reloads after a redemption).
        points = self.tr("Points: %1").replace("%1", f"{p.points:,}") if self.programme_bar is None else ""
        manager = self.tr("Care manager: %1").replace("%1", p.care_manager) if p.care_manager else ""
        tier_html = f"<span style='background:#f3d98b;padding:1px 4px;'>{escape(tier)}</span>" if p.is_vip else escape(tier)
        lines = [
            f"<span style='font-size:15pt;font-weight:bold;'>{escape(p.name)}</span> &nbsp; {tier_html} &nbsp; "
            f"{escape(' · '.join(f for f in facts if f))}",
            escape(" · ".join(x for x in (p.phone_masked, points, label(LifecycleStage, p.lifecycle_stage), manager) if x)),
            escape(self.tr("Prefers %1; best times %2; time zone %3")
                   .replace("%1", label(Channel, p.preferred_channel))
                   .replace("%2", p.best_times or self.tr("any"))
                   .replace("%3", p.timezone)),
        ]
        if p.do_not_call or not p.consent:
            lines.append(_warn(self.tr("Do not call: no consent")))
        if p.medical_flag:
            lines.append(_warn(self.tr("Severe adverse reaction on file")))
        # Other supplies after the task's own (above): running ones soonest first, then the
        # latest to run out; a product used up a year ago is the last thing to read out.
        others = sorted((s for s in view.supplies if lead is None or s.product_id != lead.product_id),
                        key=lambda s: (s.days_left is None, (s.days_left or 0) < 0, abs(s.days_left or 0)))
        lines += [self._supply_line(s) for s in others[:2 if lead is not None else 3]]
        return "<br>".join(lines)

    def _purchases_html(self, view: MemberView) -> str:
        if not view.purchases:
            return _note(self.tr("No purchases."))
        # nowrap: a header or a date is never split mid-word in a narrow panel.
        rows = [f"<tr><th align='left' nowrap>{escape(h)}</th>" + "".join(
            f"<th align='left' nowrap>{escape(x)}</th>" for x in hs) + "</tr>"
            for h, hs in [(self.tr("Date"), (self.tr("Product"), self.tr("Qty"), self.tr("Amount"),
                                            self.tr("Channel"), self.tr("Batch"), self.tr("Covers until")))]]
        for line in view.purchases:
            rows.append(
                f"<tr><td nowrap>{self._local(line.ordered_at)}</td><td>{escape(line.product)}</td>"
                f"<td>{line.quantity}</td><td>{yuan(line.amount_fen)}</td>"
                f"<td>{escape(label(SalesChannel, line.channel))}</td><td>{escape(line.batch_no or '')}</td>"
                f"<td nowrap>{line.covers_until.isoformat()}</td></tr>")
        return _TABLE.replace(' width="100%"', "") + "".join(rows) + "</table>"

    def _calls_html(self, view: MemberView) -> str:
        if not view.calls:
            return _note(self.tr("No calls yet."))
        parts = []
        for call in view.calls:
            bits = [label(Disposition, call.disposition)]
            if call.satisfaction is not None:
                bits.append(self.tr("satisfaction %1/10").replace("%1", str(call.satisfaction)))
            if call.complaint_category:
                bits.append(self.tr("complaint: %1").replace("%1", label(ComplaintCategory, call.complaint_category)))
            if call.effects:
                bits.append(", ".join(f"{label(EffectDimension, d)} {s}" for d, s in sorted(call.effects.items())))
            note = f"<br><span style='color:#555'>{escape(call.notes)}</span>" if call.notes else ""
            parts.append(f"<p><b>{self._local(call.started_at, '%Y-%m-%d %H:%M')}</b> "
                         f"{escape(call.agent or '')} · {escape(' · '.join(bits))}{note}</p>")
        return "".join(parts)

    def _tickets_html(self, view: MemberView) -> str:
        if not view.tickets:
            return _note(self.tr("No tickets."))
        parts = []
        for t in view.tickets:
            due = self.tr("due %1").replace("%1", self._local(t.sla_due_at, "%m-%d %H:%M"))
            style = _WARN if t.sla_breached and t.status != TicketStatus.RESOLVED else ""
            parts.append(
                f"<p><b>#{t.id}</b> {escape(label(ComplaintCategory, t.category))} · "
                f"{escape(label(Severity, t.severity))} · {escape(label(Department, t.department))} · "
                f"<span style='{style}'>{escape(label(TicketStatus, t.status))}</span> · "
                f"{escape(due)}"
                f"<br>{escape(t.description)}</p>")
        return "".join(parts)

    def _health_html(self, view: MemberView) -> str:
        if view.health_hidden:
            return _note(self.tr("Health data is hidden: you are not allowed to see it."))
        health = view.health
        if health is None:
            return _note(self.tr("No health profile."))
        facts = [
            (self.tr("Constitution"), health.constitution), (self.tr("Goals"), health.health_goals),
            (self.tr("Conditions"), health.conditions), (self.tr("Allergies"), health.allergies),
            (self.tr("Baby stage"), label(BabyStage, health.baby_stage) if health.baby_stage else None),
            (self.tr("Baby born"), health.baby_birth_date.isoformat() if health.baby_birth_date else None),
        ]
        rows = "".join(f"<tr><td><b>{escape(k)}</b></td><td>{escape(v)}</td></tr>" for k, v in facts if v)
        indicators = "".join(
            f"<tr><td>{escape(i.name)}</td><td>{i.value:g} {escape(i.unit)}</td>"
            f"<td>{self._local(i.measured_at)}</td></tr>" for i in health.indicators)
        title = escape(self.tr("Indicators"))
        return _TABLE + rows + "</table>" + (f"<p><b>{title}</b></p>{_TABLE}{indicators}</table>" if indicators else "")
