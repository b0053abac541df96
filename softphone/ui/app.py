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
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from softphone.logsetup import configure_logging
from softphone.resources import resource_path
from softphone.settings import CONFIG_ENV, Settings, config_dir
from softphone.sign_in_start import SignInStart, begin
from softphone.sip import (
    DialPlan,
    EngineConfig,
    LocalAccountSettings,
    NumberFormat,
    PortInUse,
    SipEngine,
    SipError,
    usable_stun_servers,
)
from softphone.ui import crm_start
from softphone.ui.bridge import EngineBridge
from softphone.ui.gc_thread import collect_on_gui_thread, settle
from softphone.ui.i18n import install_translator
from softphone.ui.phone.single_instance import LinkInbox, SingleInstance, send_to_running

if TYPE_CHECKING:  # annotations only: start-up imports these lazily, when they are needed
    from softphone.crm.auth import Principal
    from softphone.crm.auth.early import EarlyIdentity
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


def main(argv: list[str], start: SignInStart | None = None) -> int:
    """The window's process. `start`: the sign-in options already read by softphone.__main__
    (the early password check then began before Qt was imported); None reads them here."""
    start = start or begin(argv)
    if start.wanted.password_stdin and not start.wanted.login:
        print("--password-stdin needs --user LOGIN", file=sys.stderr)
        return 2
    wanted, password, settings, early = start.wanted, start.password, start.settings, start.early
    start.password = start.early = None  # the password is kept nowhere past its check
    link = link_from_args(start.argv)
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
    links = LinkInbox(instance, link)  # a link clicked while signing in waits for the window
    install_translator(app, settings.language)
    log.info("Softphone starting; log file %s", log_path)

    identity = None
    if early is not None:  # argon2 (GIL released) ran while Qt loaded; the window's code now
        _load_window_modules()
        try:
            identity = early.result()
        except Exception:  # a shortcut only: the full check below decides
            log.exception("The early password check failed")
    db: Database | None = None
    db_error, principal = "", None
    stun_servers: tuple[str, ...] = ()
    if identity is not None:  # the database opens once the window is shown (_open_crm_later)
        password = None
        log.info("Signed in as %s (%s), password from standard input", identity.login,
                 identity.role)
        stun_servers = usable_stun_servers(identity.stun_entries)
    elif password is None and (users := crm_start.users_on_file(start.url)) is not None:
        principal, db, db_error = crm_start.sign_in_while_opening(settings, wanted.login,
                                                                  users == 0)
        if principal is None and db is not None:  # the dialog was closed
            instance.release()
            db.dispose()
            return 0
        if db is not None:  # else the database failed after all: phone only, as below
            crm_start.offer_demo(settings, db)
            stun_servers = crm_start.stun_servers_of(db)
    else:
        db, db_error = crm_start.open_crm_at_start(settings)
        crm_start.offer_demo(settings, db)
        if db is None and password is not None:
            print(_tr("Not signed in: {0}").format(db_error), file=sys.stderr)
            instance.release()
            return 2
        if db is not None:  # without a database there is no customer data to guard: phone only
            principal = crm_start.sign_in_checked(db, wanted.login, password)  # misses counted
            password = None
            if principal is None:  # the dialog was closed or the password refused
                instance.release()
                db.dispose()
                return 0 if not wanted.password_stdin else 2
            stun_servers = crm_start.stun_servers_of(db)
    try:
        phone = start_phone(settings, stun_servers)
    except (SipError, ValueError) as exc:
        log.exception("SIP engine did not start")
        QMessageBox.critical(None, _tr("Softphone"), _tr("Could not start the phone: {0}")
                             .format(exc))
        instance.release()
        if db is not None:
            db.dispose()
        return 1
    return _run(app, settings, db, db_error, phone, instance, links, principal, identity,
                wanted.login)


def _load_window_modules() -> None:
    """Import what the first screen is built from (while the password is being checked)."""
    import softphone.ui.main_window
    import softphone.ui.phone.ringer
    import softphone.ui.tasks  # noqa: F401


def _start_sound(engine: SipEngine, settings: Settings) -> SoundPath | None:
    """The operator's headset, microphone and ringer through the desktop's sound server.

    Started once the window is mapped (the device list is not on the first screen). numpy
    comes only with echo cancellation switched on; otherwise the first call loads it. With it
    on, numpy and WebRTC's library load on their own thread (60-110 ms): the window is
    already in the operator's hands.

    PJSIP's wheel has no sound device of its own, so the engine's PCM buffers are moved to
    and from the devices here; a failure leaves calls working on the silent null device.
    """
    try:
        from softphone.ui.sound import SoundPath

        audio = settings.audio
        path = SoundPath(engine.attach_sound())
        path.start(audio.capture_device.encode(), audio.playback_device.encode(),
                   audio.ringer_device.encode())
        switches = (audio.echo_cancellation, audio.noise_suppression, audio.gain_control)
        if any(switches):
            threading.Thread(target=_switch_processing, args=(path, *switches), daemon=True,
                             name="sound-processing").start()
    except Exception:
        log.exception("The sound path did not start; calls stay silent")
        return None
    return path


def _switch_processing(path: SoundPath, echo: bool, noise: bool, gain: bool) -> None:
    try:
        path.set_processing(echo, noise, gain)  # logs and falls back when the library is missing
    except Exception:
        log.exception("Microphone processing did not start; the microphone is passed through")


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


def _size_window(window: QWidget, settings: Settings, login: str | None) -> None:
    """The operator's last window size and place, else one fitted to the screen."""
    from softphone.ui.widgets.window_size import WindowMemory

    folder = settings.path.parent if settings.path is not None else None
    WindowMemory(window, folder, login or getpass.getuser() or "operator").restore()


def _run(
    app: QApplication,
    settings: Settings,
    db: Database | None,
    db_error: str,
    phone: Phone,
    instance: SingleInstance,
    links: LinkInbox,
    principal: Principal | None = None,
    identity: EarlyIdentity | None = None,
    login: str = "",
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
    _size_window(window, settings, identity.login if identity is not None else (
        principal.login if principal is not None else None))
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

    desks: list[Desk] = []  # the one whose database is disposed at the end
    if db is not None:  # the CRM's panels arrive once the window is up (see _install_crm)
        from softphone.ui.desk import Desk

        desks.append(Desk(db, runner, bridge, settings, window.hooks(), principal))
        crm_start.install_crm(app, desks[0], then=take_screenshots)
    elif identity is not None:
        crm_start.open_crm_later(app, settings, window, runner, identity, desks.append,
                                 take_screenshots)
    else:
        take_screenshots()
        QTimer.singleShot(0, settle)
        if db_error:  # the database did not answer: ask again, sign in when it does
            crm_start.CrmRetry(app, settings, window, runner, login, desks.append)
            db_error += "\n" + _tr("The softphone keeps asking and signs in when it answers.")
    for text in (phone.note, db_error):
        if text:
            window.show_error(text)
    window.show_audio_status(phone.engine.audio_status)
    links.hand_to(window.handle_uri)
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
        for desk in desks:
            desk.db.dispose()
    log.info("Softphone stopped (exit code %s)", code)
    return code
