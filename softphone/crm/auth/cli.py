"""`softphone users add|list|role|password`: manage who may sign in, from a shell.

Passwords are prompted without echo (getpass) or read from standard input with
--password-stdin for scripts; they never appear on the command line, in output or in logs.
Whoever can run this owns the database, so it acts as the system (written to the audit log).
"""

from __future__ import annotations

import argparse
import getpass
import sys

from softphone.crm.auth.passwords import WeakPassword
from softphone.crm.auth.roles import ROLE_NAMES, Role
from softphone.crm.auth.users import UserError, UserService
from softphone.crm.db import Database, default_url

ROLES = [r.value for r in Role]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="users_command", required=True)
    add = sub.add_parser("add", help="create a user (the password is asked for)")
    add.add_argument("login")
    add.add_argument("--role", choices=ROLES, default=Role.OPERATOR.value)
    add.add_argument("--name", default="", help="how the operator introduces themself")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    sub.add_parser("list", help="list users and their roles")
    role = sub.add_parser("role", help="change a user's role")
    role.add_argument("login")
    role.add_argument("role", choices=ROLES)
    password = sub.add_parser("password", help="set a new password (asked for)")
    password.add_argument("login")
    password.add_argument("--password-stdin", action="store_true")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Пароль: ")
    if getpass.getpass("Повторите пароль: ") != first:
        raise UserError("Пароли не совпадают")
    return first


def run(args: argparse.Namespace) -> int:
    db = Database.open(default_url())
    try:
        users = UserService(db)
        if args.users_command == "add":
            info = users.create(
                args.login, _read_password(args.password_stdin), args.role, display_name=args.name
            )
            print(f"Пользователь {info.login} ({ROLE_NAMES[info.role]}) создан в {db.url}.")
        elif args.users_command == "list":
            for user in users.list():
                state = "" if user.active else " — отключён"
                print(f"{user.login}\t{ROLE_NAMES[user.role]}\t{user.display_name}{state}")
        elif args.users_command == "role":
            users.set_role(args.login, args.role)
            print(f"Роль пользователя {args.login}: {ROLE_NAMES[Role(args.role)]}.")
        else:
            users.set_password(args.login, _read_password(args.password_stdin))
            print(f"Пароль пользователя {args.login} изменён.")
        return 0
    except (UserError, WeakPassword) as exc:
        print(f"Ошибка: {exc}", file=sys.stderr)
        return 1
    finally:
        db.dispose()
