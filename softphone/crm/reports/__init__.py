"""Reports on the operators' work (calls, wrap-ups, documents, website requests); no Qt."""

from softphone.crm.reports.days import Period, PeriodError, local_zone
from softphone.crm.reports.export import to_csv, to_html
from softphone.crm.reports.figures import DayCalls, OperatorFigures, Report
from softphone.crm.reports.service import ReportService

__all__ = [
    "DayCalls",
    "OperatorFigures",
    "Period",
    "PeriodError",
    "Report",
    "ReportService",
    "local_zone",
    "to_csv",
    "to_html",
]
