"""Child process of test_sign_in_dialog: the real app (softphone.ui.app.main, offscreen) with
sign-in on. It answers the dialog like a person would and prints what it saw, then quits."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


def main() -> int:
    app = QApplication([sys.argv[0]])
    from softphone.ui.app import main as app_main
    from softphone.ui.sign_in import SignInDialog

    login, password = sys.argv[1], sys.argv[2]
    tries = [password + "x", password] if sys.argv[3] == "wrong-first" else [password]

    def drive() -> None:
        for widget in app.topLevelWidgets():
            if isinstance(widget, SignInDialog) and widget.isVisible():
                if not widget.buttons.isEnabled() or not tries:
                    return  # the check is running
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
    code = app_main([])
    timer.stop()
    return code


if __name__ == "__main__":
    sys.exit(main())
