"""The premium member care report: a MemberReportData snapshot in, PDF bytes out."""

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph, Spacer, Table, TableStyle

from app.reports.base import CONTENT_WIDTH, GRID, LIGHT, build_pdf, data_table, esc, footer_painter, para
from app.reports.charts import line_chart
from app.reports.emoji_images import shorten
from app.reports.labels import code
from app.reports.model import MemberReportData, Series
from app.reports.renderer import Renderer, fmt_date, fmt_pct

MIN_POINTS = 2  # a line needs two points; fewer is a sentence, not an empty chart


class MemberReportRenderer(Renderer):
    """Lays out one member's care report; construct once per report, call render()."""

    data: MemberReportData

    def render(self) -> bytes:
        d = self.data
        story: list[Flowable] = [*self._cover(), *self._regimen(), *self._effects()]
        if d.health_included:
            story += self._health()
        story += [*self._satisfaction(), *self._recommendations(), *self._next_contact(), *self._booking()]
        footer = footer_painter(
            self.t("confidential", name=shorten(d.member_name, 16)),
            lambda n, total: self.t("page", page=n, total=total),
            below=f"{self.brand.pick(self.brand.name, self.lang)} · {fmt_date(self.lang, d.generated_on)}",
        )
        title = f"{self.t('member_title')} - {d.member_name}"
        return build_pdf(story, title=title, author=self.brand.pick(self.brand.name, self.lang),
                         language=self.lang, footer=footer)

    # --- sections ---------------------------------------------------------------------------

    def _cover(self) -> list[Flowable]:
        d, s = self.data, self.s
        logo = Image(self.brand.logo_source(), width=18 * mm, height=18 * mm, kind="proportional")
        head = Table(
            [[logo, [para(self.brand.pick(self.brand.name, self.lang), s.h2),
                     para(self.brand.pick(self.brand.tagline, self.lang), s.subtitle)]]],
            colWidths=[22 * mm, CONTENT_WIDTH - 22 * mm],
        )
        head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("FONTNAME", (0, 0), (-1, -1), s.font)]))
        period = f"{fmt_date(self.lang, d.period_start)} – {fmt_date(self.lang, d.period_end)}"
        facts = [
            (self.t("member"), d.member_name), (self.t("tier"), code(self.lang, "tier", d.tier)),
            (self.t("care_manager"), d.care_manager or self.t("none")), (self.t("phone"), d.masked_phone or "—"),
            (self.t("period"), period), (self.t("generated"), fmt_date(self.lang, d.generated_on)),
        ]
        half = CONTENT_WIDTH / 2
        rows = [[para(a, s.small), para(b, s.cell), para(c, s.small), para(e, s.cell)]
                for (a, b), (c, e) in zip(facts[0::2], facts[1::2], strict=True)]
        info = Table(rows, colWidths=[half * 0.32, half * 0.68, half * 0.32, half * 0.68])
        info.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), s.font), ("BACKGROUND", (0, 0), (-1, -1), LIGHT),
            ("BOX", (0, 0), (-1, -1), 0.5, GRID), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]))
        return [
            head, Spacer(1, 4 * mm), para(self.t("member_title"), s.title),
            para(self.t("history_since") + " " + fmt_date(self.lang, d.history_start), s.subtitle),
            Spacer(1, 3 * mm), info, Spacer(1, 2 * mm),
            para(self.t("calls_summary", calls=d.calls_in_period, reached=d.reached_in_period,
                                calls_q=self.q(d.calls_in_period, "care_call")), s.note),
        ]

    def _regimen(self) -> list[Flowable]:
        d, s = self.data, self.s
        out: list[Flowable] = [para(self.t("regimen"), s.h2)]
        if not d.regimen:
            return out + [para(self.t("no_regimen"), s.body)]
        rows = []
        for line in d.regimen:
            status = "" if line.adherent is None else self.t("adherent" if line.adherent else "not_adherent")
            name = line.product_name
            if self.lang == "en" and line.product_name_en and line.product_name_en != name:
                name = f"{line.product_name_en}\n{name}"  # the pack in hand is labelled in Chinese
            rows.append([
                name, f"{line.daily_dose}\n{line.dosage}".strip(),
                line.since.isoformat(), line.last_purchase.isoformat(),
                f"{fmt_pct(line.pdc)} {status}".strip(), code(self.lang, "adherence", line.reported_adherence) or "—",
            ])
        header = [self.t(k) for k in ("product", "dose", "since", "last_purchase", "adherence", "reported")]
        widths = [w * CONTENT_WIDTH for w in (0.27, 0.22, 0.125, 0.125, 0.14, 0.12)]
        return out + [data_table(header, rows, widths), Spacer(1, 1.5 * mm),
                      para(self.t("pdc_note", days=d.adherence_window_days,
                                                     days_q=self.q(d.adherence_window_days, "day")), s.small)]

    def _chart_lines(self, series: tuple[Series, ...], kind: str) -> list[tuple[str, tuple]]:
        return [(code(self.lang, kind, one.key), one.points) for one in series if len(one.points) >= MIN_POINTS]

    def _effects(self) -> list[Flowable]:
        s = self.s
        lines = self._chart_lines(self.data.effect_series, "dimension")
        title = para(self.t("effects"), s.h2)
        if not lines:
            return [title, para(self.t("effects_none"), s.body)]
        top = max(p.value for _, pts in lines for p in pts)
        y_max = 5 if top <= 5 else 10
        chart = line_chart(lines, width=CONTENT_WIDTH, height=62 * mm, y_min=0, y_max=y_max, y_step=1 if y_max == 5 else 2)
        return [KeepTogether([title, chart])]

    def _health(self) -> list[Flowable]:
        s = self.s
        title = para(self.t("health"), s.h2)
        charts: list[Flowable] = []
        for one in self.data.health_series:
            if len(one.points) < MIN_POINTS:
                continue
            values = [p.value for p in one.points]
            pad = max(1.0, (max(values) - min(values)) * 0.25)
            label = code(self.lang, "indicator", one.key) + (f" ({one.unit})" if one.unit else "")
            charts.append(line_chart([(label, one.points)], width=CONTENT_WIDTH, height=45 * mm,
                                     y_min=round(min(values) - pad, 1), y_max=round(max(values) + pad, 1)))
        if not charts:
            return [title, para(self.t("health_none"), s.body)]
        return [KeepTogether([title, charts[0]]), *charts[1:]]

    def _satisfaction(self) -> list[Flowable]:
        s, points = self.s, self.data.satisfaction
        title = para(self.t("satisfaction"), s.h2)
        if not points:
            return [title, para(self.t("satisfaction_none"), s.body)]
        avg = sum(p.value for p in points) / len(points)
        out: list[Flowable] = [title, para(self.t("satisfaction_avg", avg=avg, n=len(points),
                                                                n_q=self.q(len(points), "call")), s.body)]
        if len(points) >= MIN_POINTS:
            out.append(line_chart([(self.t("satisfaction"), points)], width=CONTENT_WIDTH, height=45 * mm,
                                  y_min=0, y_max=10, y_step=2))
        return [KeepTogether(out)]

    def _recommendations(self) -> list[Flowable]:
        s = self.s
        out: list[Flowable] = [para(self.t("recommendations"), s.h2)]
        if not self.data.recommendations:
            return out + [para(self.t("recommendations_none"), s.body)]
        for rec in self.data.recommendations:
            body = rec.text or code(self.lang, "advice", rec.code)
            who = f"（{rec.agent}）" if rec.agent and self.lang == "zh" else (f" ({rec.agent})" if rec.agent else "")
            day, size = fmt_date(self.lang, rec.day), s.bullet.fontSize
            out.append(Paragraph(f"<b>{esc(day, size)}</b>　{esc(body, size)}{esc(who, size)}", s.bullet,
                                 bulletText="•"))
        return out

    def _next_contact(self) -> list[Flowable]:
        s, nxt = self.s, self.data.next_contact
        if nxt is None:
            line = self.t("next_contact_none")
        else:
            line = self.t("next_contact_text", day=fmt_date(self.lang, nxt.due), reason=code(self.lang, "reason", nxt.reason))
        return [KeepTogether([para(self.t("next_contact"), s.h2), para(line, s.body)])]

    def _booking(self) -> list[Flowable]:
        s, b, d = self.s, self.brand, self.data
        manager = self.t("booking_manager", name=d.care_manager) if d.care_manager else ""
        body = self.t("booking_text", hotline=b.hotline, hours=b.pick(b.booking_hours, self.lang),
                      wechat=b.pick(b.wechat, self.lang), manager=manager)
        box = Table([[para(body, s.body)]], colWidths=[CONTENT_WIDTH])
        box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, colors.HexColor("#16807A")),
                                 ("BACKGROUND", (0, 0), (-1, -1), LIGHT), ("FONTNAME", (0, 0), (-1, -1), s.font),
                                 ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
        return [KeepTogether([para(self.t("booking"), s.h2), box])]


def render_member_report(data: MemberReportData) -> bytes:
    return MemberReportRenderer(data).render()
