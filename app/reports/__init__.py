"""reportlab renderers: a frozen report-data snapshot in, PDF bytes out; no database here."""

from app.reports.member import MemberReportRenderer, render_member_report
from app.reports.summary import SummaryReportRenderer, render_summary_report

__all__ = ["MemberReportRenderer", "SummaryReportRenderer", "render_member_report", "render_summary_report"]
