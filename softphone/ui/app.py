"""Start-up: settings, database, engine, window; nothing else.

Order matters: a second start hands its link to the running softphone before anything heavy
is opened (it must not grab the SIP port); the engine is shut down before the process exits,
so PJSIP never outlives its Python objects.
"""

from __future__ import annotations

import getpass
import logging
import os
import re
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from softphone.logsetup import configure_logging
from softphone.resources import resource_path
from softphone.settings import CONFIG_ENV, Settings, config_dir
from softphone.sip import (
    DialPlan,
    EngineConfig,
    LocalAccountSettings,
    NumberFormat,
    PortInUse,
    SipEngine,
    SipError,
)
from softphone.ui.bridge import EngineBridge
from softphone.ui.gc_thread import collect_on_gui_thread, settle
from softphone.ui.i18n import install_translator
from softphone.ui.phone.single_instance import SingleInstance, send_to_running

if TYPE_CHECKING:  # annotations only: start-up imports these lazily, when they are needed
    from softphone.crm.auth import Principal
    from softphone.crm.db import Database
    from softphone.ui.desk import Desk
    from softphone.ui.sound import SoundPath

log = logging.getLogger(__name__)

_LINK = re.compile(r"(tel|sips?|callto):", re.IGNORECASE)
_NUMBER = re.compile(r"\+?[0-9][0-9 ()\-]*")
SCREENSHOTS_ENV = "SOFTPHONE_SCREENSHOTS"  # a folder: save idle/ringing/in-call PNGs and quit


def _tr(text: str) -> str:
    return QCoreApplication.translate("App", text)


@dataclass
class Phone:
    engine: SipEngine
    account_id: str
    account_text: str
    note: str = ""  # something the operator should read (e.g. the port was busy)


@dataclass(frozen=True)
class SignInArgs:
    """`--user LOGIN` fills the dialog's login; with `--password-stdin` there is no dialog."""

    login: str = ""
    password_stdin: bool = False


def sign_in_args(argv: list[str]) -> tuple[SignInArgs, list[str]]:
    """The sign-in options, and the rest of argv (so a numeric login is never dialled)."""
    login, from_stdin, rest = "", False, []
    args = iter(argv)
    for arg in args:
        if arg == "--user":
            login = next(args, "")
        elif arg.startswith("--user="):
            login = arg.split("=", 1)[1]
        elif arg == "--password-stdin":
            from_stdin = True
        else:
            rest.append(arg)
    return SignInArgs(login.strip(), from_stdin), rest


def link_from_args(argv: list[str]) -> str:
    """The tel:/sip: link or number to dial, if any; Qt's own options and values are skipped."""
    for arg in argv:
        text = arg.strip()
        if _LINK.match(text) or "@" in text or (text and _NUMBER.fullmatch(text)):
            return text
    return ""


def engine_config(
    settings: Settings, udp_port: int, stun_servers: tuple[str, ...] = ()
) -> EngineConfig:
    plan = settings.dial_plan
    return EngineConfig(
        bind_address=settings.sip.bind_address or "0.0.0.0",
        udp_port=udp_port,
        stun_servers=stun_servers,
        capture_device=settings.audio.capture_device,
        playback_device=settings.audio.playback_device,
        dial_plan=DialPlan(
            region=plan.region,
            number_format=NumberFormat(plan.output_format),
            strip_prefix=plan.strip_prefix,
            add_prefix=plan.add_prefix,
        ),
    )


def start_phone(settings: Settings, stun_servers: tuple[str, ...] = ()) -> Phone:
    """Start the engine on the configured port, or on a free one if that is busy.

    `stun_servers` come from the stored SIP accounts: PJSIP has one list per process.
    """
    wanted = settings.sip.local_port
    note = ""
    engine = SipEngine(engine_config(settings, wanted, stun_servers))
    try:
        engine.start()
    except PortInUse as exc:
        log.warning("%s; trying a free port", exc)
        engine = SipEngine(engine_config(settings, 0, stun_servers))
        engine.start()
        note = _tr("SIP port {0} is busy (another program uses it); using port {1}.").format(
            wanted, engine.port()
        )
    try:
        account_id = engine.add_local_account(LocalAccountSettings(display_name=""))
    except BaseException:
        engine.shutdown()
        raise
    account_text = _tr("Direct calls: sip:operator@{0}").format(engine.account_domain(account_id))
    return Phone(engine, account_id, account_text, note)


def open_crm(settings: Settings) -> tuple[Database | None, str]:
    """(Database or None, error text): without a database the phone still works."""
    from softphone import database_password
    from softphone.crm.db import ENV_URL, Database

    url = os.environ.get(ENV_URL, "").strip() or settings.database_url  # as the CLI tools do
    database_password.install()  # a password-less PostgreSQL URL: its password is in the keyring
    try:
        return Database.open(url), ""
    except Exception as exc:
        log.exception("Could not open the database")
        return None, _tr("The customer database is unavailable: {0}").format(exc)


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


def main(argv: list[str]) -> int:
    wanted, argv = sign_in_args(argv)
    if wanted.password_stdin and not wanted.login:
        print("--password-stdin needs --user LOGIN", file=sys.stderr)
        return 2
    # Read before anything else starts; never logged, echoed or kept past the check.
    password = sys.stdin.readline().rstrip("\r\n") if wanted.password_stdin else None
    link = link_from_args(argv)
    settings = Settings.load()
    log_dir = config_dir() / "logs" if os.environ.get(CONFIG_ENV) else None
    log_path = configure_logging(logging.INFO, log_dir)
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "softphone"])
    assert isinstance(app, QApplication)
    collect_on_gui_thread(app, hold=True)  # on the GUI thread only, and not before settle()
    app.setApplicationName("softphone")
    app.setApplicationDisplayName("Softphone")
    app.setWindowIcon(QIcon(str(resource_path("icons", "softphone.svg"))))

    instance = SingleInstance()
    if not instance.acquire():
        if send_to_running(instance.key, link):
            log.info("Handed %r to the running softphone", link)
            return 0
        print("The softphone is already running but did not answer.", file=sys.stderr)
        return 1
    install_translator(app, settings.language)
    log.info("Softphone starting; log file %s", log_path)

    db, db_error = open_crm(settings)
    offer_demo(settings, db)
    principal = None
    if db is None and password is not None:
        print(_tr("Not signed in: {0}").format(db_error), file=sys.stderr)
        instance.release()
        return 2
    if db is not None:  # without a database there is no customer data to guard: phone only
        if password is not None:  # argon2 (GIL released) runs while the window's code loads
            check = _SignInCheck(db, wanted.login, password)
            _load_window_modules()
            principal = check.result()
        else:
            principal = _sign_in(db, wanted.login, None)
        password = None
        if principal is None:  # the dialog was closed or the password refused: nothing started
            instance.release()
            db.dispose()
            return 0 if not wanted.password_stdin else 2
    try:
        phone = start_phone(settings, _stun_servers(db))
    except (SipError, ValueError) as exc:
        log.exception("SIP engine did not start")
        QMessageBox.critical(None, _tr("Softphone"), _tr("Could not start the phone: {0}")
                             .format(exc))
        instance.release()
        if db is not None:
            db.dispose()
        return 1
    return _run(app, settings, db, db_error, phone, instance, link, principal)


def _sign_in(db: Database, login: str, password: str | None) -> Principal | None:
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


class _SignInCheck:
    """`--password-stdin`: the password check on a thread of its own, started at once."""

    def __init__(self, db: Database, login: str, password: str) -> None:
        self._outcome: tuple[Principal | None, BaseException | None] = (None, None)
        self._thread = threading.Thread(
            target=self._check, args=(db, login, password), name="sign-in", daemon=True
        )
        self._thread.start()

    def _check(self, db: Database, login: str, password: str) -> None:
        try:
            self._outcome = (_sign_in(db, login, password), None)
        except BaseException as exc:  # handed to the GUI thread by result()
            self._outcome = (None, exc)

    def result(self) -> Principal | None:
        """The Principal, or None if refused; a database failure is raised here."""
        self._thread.join()
        principal, error = self._outcome
        self._outcome = (None, None)
        if error is not None:
            raise error
        return principal


def _load_window_modules() -> None:
    """Import what the first screen is built from (while the password is being checked)."""
    import softphone.crm.customers.calls
    import softphone.ui.main_window
    import softphone.ui.phone.ringer
    import softphone.ui.tasks  # noqa: F401


def _stun_servers(db: Database | None) -> tuple[str, ...]:
    from softphone.registration import stored_stun_servers

    return stored_stun_servers(db)


def _start_sound(engine: SipEngine, settings: Settings) -> SoundPath | None:
    """The operator's headset, microphone and ringer through the desktop's sound server.

    Started once the window is mapped (numpy and the device list are not on the first screen).

    PJSIP's wheel has no sound device of its own, so the engine's PCM buffers are moved to
    and from the devices here; a failure leaves calls working on the silent null device.
    """
    try:
        from softphone.ui.sound import SoundPath

        audio = settings.audio
        path = SoundPath(engine.attach_sound())
        path.start(audio.capture_device.encode(), audio.playback_device.encode(),
                   audio.ringer_device.encode())
        path.set_processing(audio.echo_cancellation, audio.noise_suppression, audio.gain_control)
    except Exception:
        log.exception("The sound path did not start; calls stay silent")
        return None
    return path


def _quit_on_signals(app: QApplication) -> None:
    """SIGTERM/SIGINT (logout, Ctrl+C) close the app the normal way, engine shutdown included.

    Python runs signal handlers between bytecodes; the engine pump timer runs Python every
    10 ms, so the handler gets its turn even while Qt's loop is waiting.
    """
    def stop(signum: int, _frame: object) -> None:
        log.info("Signal %d: quitting", signum)
        app.exit(0)  # not quit(): that asks the window, which would ask about live calls

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)


def _install_crm(app: QApplication, desk: Desk, then: Callable[[], None]) -> None:
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


def _size_window(window: QWidget, settings: Settings, principal: Principal | None) -> None:
    """The operator's last window size and place, else one fitted to the screen."""
    from softphone.ui.widgets.window_size import WindowMemory

    folder = settings.path.parent if settings.path is not None else None
    login = principal.login if principal is not None else (getpass.getuser() or "operator")
    WindowMemory(window, folder, login).restore()  # parented to the window


def _run(
    app: QApplication,
    settings: Settings,
    db: Database | None,
    db_error: str,
    phone: Phone,
    instance: SingleInstance,
    link: str,
    principal: Principal | None = None,
) -> int:
    from softphone.ui.main_window import MainWindow
    from softphone.ui.phone.ringer import Ringer
    from softphone.ui.tasks import TaskRunner

    runner = TaskRunner()
    bridge = EngineBridge(phone.engine)
    call_log = None
    if db is not None:
        from softphone.crm.customers.calls import CallLogService

        call_log = CallLogService(db)
    ringer = Ringer(bridge, settings)
    window = MainWindow(bridge, settings, runner, call_log, ringer, phone.account_text)
    _size_window(window, settings, principal)
    bridge.start()
    window.show()
    app.processEvents()  # mapped and painted before the sound path (numpy, devices) starts
    sound = _start_sound(phone.engine, settings)
    if sound is not None:
        bridge.attach_sound(sound)
        ringer.replay()  # a call that rang meanwhile rings on the operator's devices now

    def take_screenshots() -> None:  # documentation pictures show the whole desk
        if os.environ.get(SCREENSHOTS_ENV):
            from softphone.ui.screenshots import ScreenshotDriver

            ScreenshotDriver(window, os.environ[SCREENSHOTS_ENV])  # parented to the window

    if db is not None:  # the CRM's panels arrive once the window is up (see _install_crm)
        from softphone.ui.desk import Desk

        desk = Desk(db, runner, bridge, settings, window.hooks(), principal)
        _install_crm(app, desk, then=take_screenshots)
    else:
        take_screenshots()
        QTimer.singleShot(0, settle)
    for text in (phone.note, db_error):
        if text:
            window.show_error(text)
    window.show_audio_status(phone.engine.audio_status)
    instance.message_received.connect(window.handle_uri)
    if link:
        QTimer.singleShot(0, lambda: window.handle_uri(link))
    _quit_on_signals(app)
    try:
        code = app.exec()
    finally:
        window.hide()  # gone from the screen at once; the teardown below is not the operator's
        app.sync()
        ringer.stop()
        bridge.stop()
        if sound is not None:
            sound.stop()
        runner.shutdown()
        phone.engine.shutdown()
        instance.release()
        if db is not None:
            db.dispose()
    log.info("Softphone stopped (exit code %s)", code)
    return code
