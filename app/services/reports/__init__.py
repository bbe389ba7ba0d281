"""Report data: the member care report and the supervisor summary as frozen snapshots, the
premium batch that renders one PDF per VIP member, and CSV export of tables.

Renderers live in app.reports (snapshot in, PDF bytes out); this package decides what a
report may show and who may make it.
"""

from app.domain.periods import Period, trailing_period
from app.services.dashboard.periods import parse_period
from app.services.reports.batch import BatchResult, export_premium, premium_members, report_filename
from app.services.reports.csv_export import neutralize, write_csv
from app.services.reports.member_data import ReportPurpose, member_report_data, report_language
from app.services.reports.summary_data import summary_report_data

__all__ = [
    "BatchResult", "Period", "ReportPurpose", "export_premium", "member_report_data", "neutralize", "parse_period",
    "premium_members", "report_filename", "report_language", "summary_report_data", "trailing_period", "write_csv",
]
