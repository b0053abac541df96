"""docs/screenshots/kb-editor.png: the knowledge-base editor over the demo data, in Russian.

Usage: .venv/bin/python scripts/kb_editor_screenshot.py [OUT.png]
Loads the demo data the way `softphone demo-data` does (into a scratch SQLite file), signs an
admin in, retires one promotion (to show how that looks), opens the editor with the Russian
catalogue compiled from the .ts, shows a promotion (the form with the most fields) and saves
a grab of the window. Runs offscreen or on a display.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from softphone.crm.auth import Role, UserService, start_session  # noqa: E402
from softphone.crm.db import Database  # noqa: E402
from softphone.crm.kb.catalogue import catalogue_rows  # noqa: E402
from softphone.crm.kb.service import KnowledgeBaseService  # noqa: E402
from softphone.ui.i18n import install_translator  # noqa: E402
from softphone.ui.kb.editor.window import KnowledgeBaseEditor  # noqa: E402
from softphone.ui.style import STYLE_SHEET  # noqa: E402
from softphone.ui.tasks import TaskRunner  # noqa: E402

PASSWORD = "пароль для снимка 1"


def wait(app: QApplication, done, seconds: float = 10) -> None:  # type: ignore[no-untyped-def]
    from time import monotonic

    deadline = monotonic() + seconds
    while not done() and monotonic() < deadline:
        app.processEvents()
    if not done():
        raise TimeoutError("the editor did not finish loading")


def main(out: Path) -> int:
    with tempfile.TemporaryDirectory(prefix="kb-editor-shot-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'crm.sqlite3'}"
        env = {**os.environ, "SOFTPHONE_DATABASE_URL": url}
        subprocess.run([sys.executable, "-m", "softphone", "demo-data"], env=env, check=True,
                       cwd=ROOT, timeout=120)
        qm = Path(tmp)
        subprocess.run(
            [str(Path(sys.executable).parent / "pyside6-lrelease"), "-silent",
             str(ROOT / "resources" / "translations" / "softphone_ru.ts"),
             "-qm", str(qm / "softphone_ru.qm")],
            check=True, timeout=60,
        )
        app = QApplication([])
        install_translator(app, "ru", qm)
        db = Database.open(url)
        UserService(db).create("admin", PASSWORD, Role.ADMIN)
        admin = UserService(db).sign_in("admin", PASSWORD)
        start_session(db, admin)
        runner = TaskRunner()
        kb = KnowledgeBaseService(db, principal=admin)
        rows = {r.code: r for r in catalogue_rows(db)}
        kb.retire(rows["SD-PR-SUMMER"].item_id)  # the list shows how a retired item looks
        editor = KnowledgeBaseEditor(kb, db, runner, admin)
        editor.setStyleSheet(STYLE_SHEET)
        editor.resize(1180, 760)
        editor.show()
        editor.load()
        wait(app, lambda: not editor.busy and bool(editor.rows()))
        promo = rows["SD-PR-ROUTER"]
        editor.open_item(promo.item_id)
        wait(app, lambda: not editor.busy and editor.form.item_id == promo.item_id)
        for _ in range(20):
            app.processEvents()
        out.parent.mkdir(parents=True, exist_ok=True)
        ok = editor.grab().save(str(out))
        runner.shutdown()
        editor.close()
        db.dispose()
    print(f"{out}: {'saved' if ok else 'NOT saved'}")
    return 0 if ok else 1


if __name__ == "__main__":
    default = ROOT / "docs" / "screenshots" / "kb-editor.png"
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else default))
