"""Command line: `softphone [tel:/sip: URI]` starts the window; subcommands run admin tasks.

The window always signs in: `--user LOGIN` fills the dialog's login, and with
`--password-stdin` the password is read from standard input instead (scripts, tests).
Subcommands import lazily so `softphone db upgrade` never loads Qt or PJSIP. They work on the
database the window uses: $SOFTPHONE_DATABASE_URL, else the settings file's database_url (the
team's PostgreSQL an admin chose in the settings), else the SQLite file in the user's data folder.
"""

from __future__ import annotations

import argparse
import sys


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="softphone", description=__doc__)
    sub = parser.add_subparsers(dest="command")

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="apply Alembic migrations up to the newest revision")
    password = db_sub.add_parser(
        "password", help="keep the PostgreSQL password in the OS keyring (asked, never echoed)"
    )
    password.add_argument("--password-stdin", action="store_true", help="read it from stdin")

    sub.add_parser("demo-data", help="fill the database with a Russian demo")

    from softphone.crm.kb.cli import add_arguments as add_kb_arguments

    add_kb_arguments(sub.add_parser("kb", help="knowledge base: import, export, reindex"))

    from softphone.crm.auth.cli import add_arguments as add_users_arguments

    add_users_arguments(sub.add_parser("users", help="who may sign in, and their roles"))

    from softphone.intake.cli import add_arguments

    add_arguments(sub.add_parser("intake", help="the website intake service (no Qt)"))
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    commands = {"db", "demo-data", "intake", "kb", "users", "-h", "--help"}
    if argv and argv[0] in commands:
        args = _build_parser().parse_args(argv)
        url = _use_the_windows_database()
        if args.command == "db" and args.db_command == "password":
            from softphone.database_password import run_password_command

            return run_password_command(args, url)
        if args.command == "intake":
            from softphone.intake import cli as intake_cli

            return intake_cli.run(args)
        if args.command == "kb":
            from softphone.crm.kb import cli as kb_cli

            return kb_cli.run(args)
        if args.command == "users":
            from softphone.crm.auth import cli as users_cli

            return users_cli.run(args)
        from softphone.crm import cli as crm_cli

        return crm_cli.run(args)
    import gc

    gc.disable()  # start-up makes ~140,000 lasting objects and little garbage (ui/gc_thread.py)
    from softphone.sign_in_start import begin

    start = begin(argv)  # with --password-stdin the password check runs while Qt loads
    from softphone.ui import app

    _end_window_process(app.main(argv, start))
    return 0  # not reached


def _end_window_process(code: int) -> None:
    """End the window's process now that app.main has closed what needs closing.

    app.main returns only after the engine is destroyed, CRM jobs are finished, the database
    is disposed and the single-instance lock is released; what is left is the interpreter's
    teardown of ~1000 modules and every Qt object, ~0.5 s on a 2-core desk for nothing. So
    the logs are flushed and the process exits at once with app.main's code.
    """
    import contextlib
    import logging
    import os

    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


def _use_the_windows_database() -> str | None:
    """Point the Qt-free tools at the window's database (they read $SOFTPHONE_DATABASE_URL),
    with its password from the keyring; returns that URL (None: the local SQLite file)."""
    import os

    from softphone import database_password
    from softphone.crm.db import ENV_URL
    from softphone.settings import Settings

    database_password.install()
    if os.environ.get(ENV_URL, "").strip():
        return os.environ[ENV_URL].strip()
    configured = Settings.load().database_url
    if configured:
        os.environ[ENV_URL] = configured
    return configured


if __name__ == "__main__":
    sys.exit(main())
