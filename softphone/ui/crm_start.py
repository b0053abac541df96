"""The customer database at start-up: opened, signed in against, and its features installed.

Split from app.py, which orders the start; here is what happens to the CRM in each of its
three ways in (the early check's window first, the dialog while the database opens, or the
database first), so the window's process stays readable.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from softphone.settings import Settings
from softphone.sign_in_start import OnThread
from softphone.ui.gc_thread import settle

if TYPE_CHECKING:
    from softphone.crm.auth import Principal
    from softphone.crm.auth.early import EarlyIdentity
    from softphone.crm.db import Database
    from softphone.ui.desk import Desk
    from softphone.ui.main_window import MainWindow
    from softphone.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("App", text)


def open_crm(settings: Settings, *, quiet: bool = False) -> tuple[Database | None, str]:
    """(Database or None, error text): without a database the phone still works.

    quiet: one log line instead of the traceback (CrmRetry asks every few seconds).
    """
    from softphone import database_password
    from softphone.crm.db import Database
    from softphone.crm.db_url import desk_url

    url = desk_url(settings.database_url)  # as the CLI tools and the early check do
    database_password.install()  # a password-less PostgreSQL URL: its password is in the keyring
    try:
        return Database.open(url), ""
    except Exception as exc:
        if quiet:
            log.info("The database is still unavailable: %s", exc)
        else:
            log.exception("Could not open the database")
        return None, _unavailable(exc)


def open_crm_at_start(settings: Settings) -> tuple[Database | None, str]:
    """open_crm, unless the sign-in's early read could not even connect to this PostgreSQL a
    moment ago: a server that does not answer would be waited for (3 s) a second time before
    the phone-only desk, which asks again every few seconds anyway (CrmRetry)."""
    from softphone.crm.auth.early_pg import unreachable
    from softphone.crm.db_url import desk_url

    why = unreachable(desk_url(settings.database_url))
    if not why:
        return open_crm(settings)
    log.warning("Could not open the database (the sign-in's check just now): %s", why)
    return None, _unavailable(why)


def _unavailable(why: object) -> str:
    return _tr("The customer database is unavailable: {0}").format(why)


def offer_demo(settings: Settings, db: Database | None) -> None:
    """First start with an empty database: ask once whether to fill it with a demo."""
    if db is None or not settings.offer_demo:
        return
    from softphone.crm.demo.people import is_empty, load_demo

    if not is_empty(db):
        return
    answer = QMessageBox.question(
        None,
        _tr("Demo data"),
        _tr("The customer database is empty. Fill it with demo customers and calls to try "
            "the softphone out?"),
    )
    if answer == QMessageBox.StandardButton.Yes:
        load_demo(db)
        from softphone.crm.demo.web_requests import load_demo_requests
        from softphone.crm.demo.work import load_demo_work
        from softphone.crm.kb.demo import load_demo_catalogue

        load_demo_catalogue(db)
        load_demo_requests(db)
        load_demo_work(db)  # orders, applications, handled requests: reports are not all zeros
    settings.offer_demo = False
    try:
        settings.save()
    except OSError:
        log.exception("Could not save the settings")


def sign_in_checked(db: Database, login: str, password: str | None) -> Principal | None:
    """The signed-in Principal; None if the dialog was closed or the password was refused."""
    from softphone.ui.sign_in import sign_in, sign_in_with_password
    from softphone.ui.tasks import TaskRunner

    if password is not None:
        try:
            return sign_in_with_password(db, login, password)
        except PermissionError as exc:  # wrong password, throttled, no users yet
            log.warning("Sign-in refused for %s: %s", login, exc)
            print(_tr("Not signed in: {0}").format(exc), file=sys.stderr)
            return None
    runner = TaskRunner()
    try:
        return sign_in(db, runner, login)
    finally:
        runner.shutdown()


def users_on_file(url: str) -> int | None:
    from softphone.crm.auth import early

    return early.users_on_file(url)


def sign_in_while_opening(
    settings: Settings, login: str, first_run: bool
) -> tuple[Principal | None, Database | None, str]:
    """The SQLite desk's dialog is shown before SQLAlchemy has loaded: the database opens on
    a thread meanwhile, and the dialog's check waits for it (softphone.ui.sign_in)."""
    from softphone.ui import sign_in
    from softphone.ui.tasks import TaskRunner

    opening = OnThread(lambda: open_crm(settings))
    runner = TaskRunner()
    try:
        return sign_in.sign_in_while_opening(lambda: opening.result() or (None, ""), runner,
                                             first_run, login)
    finally:
        runner.shutdown()


def stun_servers_of(db: Database | None) -> tuple[str, ...]:
    from softphone.registration import stored_stun_servers

    return stored_stun_servers(db)


def install_crm(app: QApplication, desk: Desk, then: Callable[[], None]) -> None:
    """Install the CRM features one step per event-loop turn, after the window is mapped.

    The phone works meanwhile (number field, dialling, ringing); a call that began before the
    caller's card existed is popped when the features are in. The morphology dictionary
    (pymorphy3, ~22 MB, for the phrase checker and KB search) is then loaded on a worker.
    """
    from softphone.ui.features import crm_feature_steps

    steps = crm_feature_steps(desk)

    def step() -> None:
        try:
            next(steps)
        except StopIteration as done:
            done.value.catch_up(desk.bridge.calls())
            desk.runner.run(_load_morphology, lambda _r: settle(), label="morphology dictionary")
            log.info("CRM features installed")
            then()
            return
        except Exception:
            log.exception("A CRM feature could not be installed")
            desk.window.show_error(_tr("Part of the customer database screens did not load; "
                                       "see the log."))
            then()
            return
        QTimer.singleShot(0, step)

    QTimer.singleShot(0, step)


def _load_morphology() -> None:
    from softphone.crm.kb.text import load_dictionary

    load_dictionary()  # once for the process; later searches and checks find it loaded


def open_crm_later(app: QApplication, settings: Settings, window: MainWindow,
                   runner: TaskRunner, identity: EarlyIdentity, opened: Callable[[Desk], None],
                   then: Callable[[], None]) -> None:
    """The early sign-in's desk: the database (SQLAlchemy, ~0.3 s) opens on a worker once
    the window is shown; then the call log, the demo offer and the CRM features come in."""

    def ready(result: tuple[Database | None, str]) -> None:
        db, error = result
        if db is None:  # it answered sqlite3 a moment ago; phone only, as without a database
            window.show_error(error)
            then()
            settle()
            return
        from softphone.crm.auth import start_session
        from softphone.crm.customers.calls import CallLogService
        from softphone.ui.desk import Desk

        principal = identity.principal()
        start_session(db, principal)
        offer_demo(settings, db)
        window.attach_call_log(CallLogService(db))
        desk = Desk(db, runner, window.bridge, settings, window.hooks(), principal)
        opened(desk)
        install_crm(app, desk, then)

    runner.run(lambda: open_crm(settings), ready, label="open the customer database")


RETRY_MS = 15_000


class CrmRetry(QObject):
    """A desk that started without its database (the team's server was down or restarting)
    asks again every RETRY_MS; when it answers, the operator signs in and the CRM comes in as
    at start: the call log, the panels, and the PBX accounts stored there (admin setup).

    Until then the phone works on its own (direct calls), as it did before this existed.
    Closing the sign-in dialog keeps the desk phone-only until the next start.
    """

    installed = Signal()  # the CRM's features are in

    def __init__(self, app: QApplication, settings: Settings, window: MainWindow,
                 runner: TaskRunner, login: str, opened: Callable[[Desk], None],
                 interval_ms: int = RETRY_MS) -> None:
        super().__init__(window)
        self._app, self._settings, self._window, self._runner = app, settings, window, runner
        self._login, self._opened = login, opened
        self._asking = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._ask)
        self._timer.start()

    @property
    def waiting(self) -> bool:
        return self._timer.isActive()

    def _ask(self) -> None:
        if self._asking:  # a slow server: one question at a time
            return
        self._asking = True
        settings = self._settings
        self._runner.run(lambda: open_crm(settings, quiet=True), self._answered,
                         label="reopen the customer database")

    def _answered(self, result: tuple[Database | None, str]) -> None:
        self._asking = False
        db = result[0]
        if db is None or not self._timer.isActive():
            if db is not None:
                db.dispose()
            return
        self._timer.stop()
        log.info("The customer database answers again: signing in")
        principal = sign_in_checked(db, self._login, None)
        window = self._window
        if principal is None:  # the operator closed the dialog
            db.dispose()
            window.show_error(_tr("Not signed in: the customer database stays closed until "
                                  "the softphone is started again."))
            return
        from softphone.crm.customers.calls import CallLogService
        from softphone.ui.desk import Desk

        window.attach_call_log(CallLogService(db))
        desk = Desk(db, self._runner, window.bridge, self._settings, window.hooks(), principal)
        self._opened(desk)
        window.banner.hide()  # the "unavailable" message is over
        window.statusBar().showMessage(_tr("The customer database is available again."), 8000)
        install_crm(self._app, desk, then=self.installed.emit)
