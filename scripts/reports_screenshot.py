"""docs/screenshots/reports.png: the reports window on the demo data, this month, in Russian.

Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/reports_screenshot.py [out.png]
A throw-away SQLite database gets `softphone demo-data`'s content; nothing else is touched.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QElapsedTimer
from PySide6.QtWidgets import QApplication

from softphone.crm.db import Database
from softphone.crm.demo.people import load_demo
from softphone.crm.demo.web_requests import load_demo_requests
from softphone.crm.demo.work import load_demo_work
from softphone.crm.kb.demo import load_demo_catalogue
from softphone.crm.reports import ReportService
from softphone.ui.i18n import install_translator
from softphone.ui.reports.window import ReportsWindow
from softphone.ui.style import STYLE_SHEET
from softphone.ui.tasks import TaskRunner

ROOT = Path(__file__).resolve().parent.parent


def main(out: Path) -> int:
    app = QApplication(sys.argv[:1])
    install_translator(app, "ru")
    with tempfile.TemporaryDirectory() as folder:
        db = Database.open(f"sqlite:///{Path(folder) / 'demo.sqlite3'}")
        load_demo(db)
        load_demo_catalogue(db)
        load_demo_requests(db)
        load_demo_work(db)
        runner = TaskRunner()
        window = ReportsWindow(ReportService(db), runner)  # no sign-in: a supervisor's view
        window.setStyleSheet(STYLE_SHEET)
        window.show()
        window.page.choose("month")
        clock = QElapsedTimer()
        clock.start()
        page = window.page
        while runner.busy or page.report is None:  # the month's report has been shown
            app.processEvents()
            if clock.elapsed() > 10_000:
                print("the report did not arrive in 10 s", file=sys.stderr)
                return 1
        for _ in range(20):  # let the chart lay itself out
            app.processEvents()
        ok = window.grab().save(str(out))
        runner.shutdown()
        db.dispose()
    print(f"{'saved' if ok else 'could not save'} {out}")
    return 0 if ok else 1


if __name__ == "__main__":
    default = ROOT / "docs" / "screenshots" / "reports.png"
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else default))
