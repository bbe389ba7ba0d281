"""The supervisor's period summary: a SummaryReportData snapshot in, PDF bytes out."""

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, KeepTogether, Spacer, Table, TableStyle

from app.reports.base import CONTENT_WIDTH, build_pdf, data_table, footer_painter, para
from app.reports.charts import PALETTE, bar_chart, line_chart
from app.reports.labels import code
from app.reports.model import SummaryReportData
from app.reports.renderer import Renderer, fmt_date, fmt_pct


class SummaryReportRenderer(Renderer):
    data: SummaryReportData

    def render(self) -> bytes:
        d = self.data
        story = [*self._header(), *self._overview(), *self._connect(), *self._satisfaction(),
                 *self._complaints(), *self._sla(), *self._refills(), *self._agents()]
        footer = footer_painter(
            f"{self.brand.pick(self.brand.name, self.lang)} · {self.t('summary_title')} {d.period_label}",
            lambda n, total: self.t("page", page=n, total=total),
            below=fmt_date(self.lang, d.generated_on),
        )
        return build_pdf(story, title=f"{self.t('summary_title')} {d.period_label}",
                         author=self.brand.pick(self.brand.name, self.lang), language=self.lang, footer=footer)

    def _header(self) -> list[Flowable]:
        d, s = self.data, self.s
        logo = Image(self.brand.logo_source(), width=14 * mm, height=14 * mm, kind="proportional")
        title = [para(self.t("summary_title") + "  " + d.period_label, s.title),
                 para(f"{fmt_date(self.lang, d.period_start)} – {fmt_date(self.lang, d.period_end)} · "
                      f"{self.t('by')} {d.generated_by} · {fmt_date(self.lang, d.generated_on)}", s.subtitle)]
        head = Table([[logo, title]], colWidths=[18 * mm, CONTENT_WIDTH - 18 * mm])
        head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("FONTNAME", (0, 0), (-1, -1), s.font)]))
        return [head, Spacer(1, 3 * mm)]

    def _overview(self) -> list[Flowable]:
        d = self.data
        met = None if d.connect_rate is None else d.connect_rate >= d.connect_target
        verdict = "" if met is None else self.t("met" if met else "not_met")
        avg = "—" if d.satisfaction_avg is None else f"{d.satisfaction_avg:.1f} / 10 ({d.satisfaction_count})"
        rows = [
            [self.t("attempts"), d.attempts], [self.t("reached"), d.reached],
            [self.t("connect_rate"), f"{fmt_pct(d.connect_rate)}  ({self.t('target')} {d.connect_target:.0%}) {verdict}"],
            [self.t("members_attempted"), d.members_attempted], [self.t("members_reached"), d.members_reached],
            [self.t("contact_rate"), fmt_pct(d.contact_rate)],
            [self.t("satisfaction_avg_s"), avg],
            [self.t("complaints_total"), d.complaints_total], [self.t("tickets_opened"), d.tickets_opened],
            [self.t("sla_met_rate"), fmt_pct(d.sla_met_rate)], [self.t("refill_rate"), fmt_pct(d.refill_rate)],
        ]
        return [para(self.t("overview"), self.s.h2),
                data_table([self.t("metric"), self.t("value")], rows, [CONTENT_WIDTH * 0.35, CONTENT_WIDTH * 0.65])]

    def _connect(self) -> list[Flowable]:
        d = self.data
        title = para(self.t("connect_trend", target=d.connect_target), self.s.h2)
        if len(d.connect_trend) < 2:
            return [title, para(self.t("no_data") if not d.connect_trend else fmt_pct(d.connect_rate), self.s.body)]
        chart = line_chart([(self.t("series_connect"), d.connect_trend)], width=CONTENT_WIDTH, height=55 * mm,
                           y_min=0, y_max=1, y_step=0.25, y_format=lambda v: f"{v:.0%}",
                           target=(self.t("series_target"), d.connect_target))
        return [KeepTogether([title, chart])]

    def _satisfaction(self) -> list[Flowable]:
        d = self.data
        title = para(self.t("satisfaction_trend"), self.s.h2)
        if len(d.satisfaction_trend) < 2:
            value = self.t("no_data") if d.satisfaction_avg is None else f"{d.satisfaction_avg:.1f} / 10"
            return [title, para(value, self.s.body)]
        chart = line_chart([(self.t("satisfaction_avg_s"), d.satisfaction_trend)], width=CONTENT_WIDTH,
                           height=50 * mm, y_min=0, y_max=10, y_step=2)
        return [KeepTogether([title, chart])]

    def _complaints(self) -> list[Flowable]:
        d, s = self.data, self.s
        title = para(self.t("complaints"), s.h2)
        out: list[Flowable] = []
        if not d.complaints:
            out += [title, para(self.t("complaints_none"), s.body)]
        else:
            labels = [code(self.lang, "complaint", r.key) for r in d.complaints]
            chart = bar_chart(labels, [r.count for r in d.complaints], width=CONTENT_WIDTH * 0.58, height=55 * mm,
                              color=PALETTE[1])
            table = data_table([self.t("issue"), self.t("count")], [[lab, r.count] for lab, r in zip(labels, d.complaints)],
                               [CONTENT_WIDTH * 0.28, CONTENT_WIDTH * 0.12])
            side = Table([[chart, table]], colWidths=[CONTENT_WIDTH * 0.6, CONTENT_WIDTH * 0.4])
            side.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), s.font)]))
            out.append(KeepTogether([title, side]))
        out.append(para(self.t("recurring"), s.h2))
        if not d.recurring:
            return out + [para(self.t("recurring_none"), s.body)]
        rows = []
        for r in d.recurring:
            category, department = r.key.split("/", 1)
            rows.append([f"{code(self.lang, 'complaint', category)} → {code(self.lang, 'department', department)}",
                         r.count, r.detail])
        return out + [data_table([self.t("issue"), self.t("count"), self.t("recurring_detail")], rows,
                                 [CONTENT_WIDTH * 0.55, CONTENT_WIDTH * 0.15, CONTENT_WIDTH * 0.30])]

    def _sla(self) -> list[Flowable]:
        d, s = self.data, self.s
        title = para(self.t("sla"), s.h2)
        if not d.sla:
            return [title, para(self.t("sla_none"), s.body)]
        header = [self.t(k) for k in ("severity", "tickets", "on_time", "breached", "pending", "compliance")]
        rows = [[code(self.lang, "severity", r.severity), r.tickets, r.on_time, r.breached, r.pending,
                 fmt_pct(r.compliance)] for r in d.sla]
        table = data_table(header, rows, [CONTENT_WIDTH * w for w in (0.25, 0.15, 0.15, 0.15, 0.15, 0.15)])
        chart = bar_chart([code(self.lang, "severity", r.severity) for r in d.sla],
                          [round((r.compliance or 0) * 100) for r in d.sla], width=CONTENT_WIDTH * 0.6,
                          height=45 * mm, color=PALETTE[2], value_format="%d%%", value_max=100)
        return [KeepTogether([title, table, Spacer(1, 2 * mm), chart])]

    def _refills(self) -> list[Flowable]:
        d = self.data
        line = self.t("refills_text", days=d.refill_window_days, days_q=self.q(d.refill_window_days, "day"),
                      n=d.reached_calls_with_refill, reached=d.reached,
                      rate=fmt_pct(d.refill_rate))
        return [para(self.t("refills"), self.s.h2), para(line, self.s.body)]

    def _agents(self) -> list[Flowable]:
        d, s = self.data, self.s
        out: list[Flowable] = [para(self.t("agents"), s.h2)]
        if not d.agents:
            return out + [para(self.t("agents_none"), s.body)]
        header = [self.t(k) for k in ("agent", "calls", "reached", "connect_rate", "satisfaction_avg_s",
                                      "complaints_n", "refills_after", "avg_wrap")]
        rows = [[a.name, a.calls, a.reached, fmt_pct(a.reached / a.calls if a.calls else None),
                 "—" if a.satisfaction_avg is None else f"{a.satisfaction_avg:.1f}", a.complaints, a.refills_after,
                 "—" if a.avg_wrap_seconds is None else f"{a.avg_wrap_seconds:.0f}"] for a in d.agents]
        widths = [CONTENT_WIDTH * w for w in (0.2, 0.1, 0.1, 0.11, 0.13, 0.12, 0.12, 0.12)]
        out.append(data_table(header, rows, widths))
        if len(d.agents) >= 2:
            out.append(Spacer(1, 2 * mm))
            out.append(bar_chart([a.name for a in d.agents[:12]],
                                 [round(a.reached / a.calls * 100) if a.calls else 0 for a in d.agents[:12]],
                                 width=CONTENT_WIDTH, height=50 * mm, value_format="%d%%", value_max=100,
                                 caption=self.t("connect_rate")))
        return out


def render_summary_report(data: SummaryReportData) -> bytes:
    return SummaryReportRenderer(data).render()
