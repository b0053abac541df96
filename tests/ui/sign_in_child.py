"""Child process of test_sign_in_dialog and test_startup: the real app (softphone.ui.app.main,
offscreen) with sign-in on. It answers the dialog like a person would and prints what it saw,
then quits. Mode "slow-database": the database takes 2 s to open, and the child says whether
the dialog was up before it had; "failing-database": it cannot be opened at all."""

from __future__ import annotations

import sys
import time
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


def main() -> int:
    app = QApplication([sys.argv[0]])
    from softphone.ui import app as start_up
    from softphone.ui import crm_start
    from softphone.ui.sign_in import SignInDialog

    login, password, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    tries = [password + "x", password] if mode == "wrong-first" else [password]
    opened: list[float] = []
    if mode == "slow-database":
        real_open = crm_start.open_crm

        def slow_open(settings: Any) -> Any:
            time.sleep(2)
            result = real_open(settings)
            opened.append(time.monotonic())
            return result

        crm_start.open_crm = slow_open
    elif mode == "failing-database":  # SQLAlchemy cannot open what sqlite3 could read

        def failing_open(settings: Any) -> Any:
            return None, "The customer database is unavailable: test"

        crm_start.open_crm = failing_open

    def drive() -> None:
        for widget in app.topLevelWidgets():
            if isinstance(widget, SignInDialog) and widget.isVisible():
                if not widget.buttons.isEnabled():
                    return  # the check is running
                if not tries:
                    if mode == "failing-database" and widget.message.text():
                        print("message:", widget.message.text(), flush=True)
                        widget.reject()  # the operator gives up on signing in
                    return
                if mode == "slow-database":
                    print("dialog before the database opened:", not opened, flush=True)
                if widget.message.text():
                    print("message:", widget.message.text(), flush=True)
                print("first-run" if widget.first_run else "sign-in", flush=True)
                widget.login_edit.setText(login)
                widget.name_edit.setText("Мария")
                widget.password_edit.setText(tries[0])
                widget.repeat_edit.setText(tries.pop(0))
                widget.submit()
            elif type(widget).__name__ == "MainWindow" and widget.isVisible():
                print("window", flush=True)
                app.exit(0)

    timer = QTimer()
    timer.timeout.connect(drive)
    timer.start(100)
    code = start_up.main(["--user", login] if mode.endswith("-database") else [])
    timer.stop()
    return code


if __name__ == "__main__":
    sys.exit(main())
