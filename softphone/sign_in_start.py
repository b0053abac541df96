"""The window's sign-in options, read before Qt is imported, and the early password check.

With `--password-stdin` on the embedded SQLite desk the argon2id check (~0.15 s, GIL
released) starts here, before PySide6 and PJSIP load, so it runs on the second core while they
do (issue #15: it used to start only after them and the window then waited for it). No Qt here:
`softphone/__main__.py` calls `begin` before importing the window's modules.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from softphone.settings import Settings

if TYPE_CHECKING:
    from softphone.crm.auth.early import EarlyIdentity

T = TypeVar("T")


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


class OnThread(Generic[T]):
    """Work started at once on a thread of its own; result() joins it on the GUI thread."""

    def __init__(self, work: Callable[[], T]) -> None:
        self._work: Callable[[], T] | None = work
        self._outcome: tuple[T | None, BaseException | None] = (None, None)
        self._thread = threading.Thread(target=self._run, name="sign-in", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        work, self._work = self._work, None  # a password in its closure is not kept
        assert work is not None
        try:
            self._outcome = (work(), None)
        except BaseException as exc:  # handed to the GUI thread by result()
            self._outcome = (None, exc)
        finally:
            del work

    def result(self) -> T | None:
        """What the work returned; what it raised is raised here."""
        self._thread.join()
        value, error = self._outcome
        self._outcome = (None, None)
        if error is not None:
            raise error
        return value


@dataclass
class SignInStart:
    """What the window's process knows before Qt: options, password, settings, early check."""

    wanted: SignInArgs
    argv: list[str]  # the rest: a link to dial, Qt's options
    settings: Settings
    url: str  # the CRM database's, as the window opens it
    password: str | None  # from stdin; dropped once checked
    early: OnThread[EarlyIdentity | None] | None


def begin(argv: list[str]) -> SignInStart:
    """Read the options (and the password from stdin); start the early check if it applies."""
    wanted, rest = sign_in_args(argv)
    # Read before anything else starts; never logged, echoed or kept past the check.
    password = None
    if wanted.password_stdin and wanted.login:
        password = sys.stdin.readline().rstrip("\r\n")
    settings = Settings.load()
    from softphone.crm.db_url import desk_url

    url = desk_url(settings.database_url)
    early = None
    if password is not None:
        from softphone.crm.auth.early import early_sign_in

        login, secret = wanted.login, password
        early = OnThread(lambda: early_sign_in(url, login, secret))
    return SignInStart(wanted, rest, settings, url, password, early)
