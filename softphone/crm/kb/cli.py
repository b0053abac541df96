"""`softphone kb import|export|reindex`: a company loads its catalogue without the window.

Import is all or nothing and matches items by code, so loading a corrected file again
updates the catalogue instead of duplicating it. Messages are Russian, like every admin
command; the database is the same one the app uses (SOFTPHONE_DATABASE_URL or the default).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from softphone.crm.db import Database, default_url
from softphone.crm.kb import exchange
from softphone.crm.kb.drafts import KbValidationError
from softphone.crm.kb.service import KnowledgeBaseService


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="kb_command", required=True)
    load = sub.add_parser("import", help="load a catalogue file (.json or .csv)")
    load.add_argument("path", type=Path)
    save = sub.add_parser("export", help="write the whole catalogue to a .json or .csv file")
    save.add_argument("path", type=Path)
    sub.add_parser("reindex", help="rebuild the search index from the items")


def run(args: argparse.Namespace) -> int:
    db = Database.open(default_url())
    try:
        kb = KnowledgeBaseService(db)
        if args.kb_command == "import":
            summary = kb.import_drafts(exchange.read_file(args.path))
            print(
                f"Каталог {args.path} загружен в {db.url}: новых записей — {summary.created}, "
                f"обновлено — {summary.updated}."
            )
        elif args.kb_command == "export":
            drafts = kb.export_drafts()
            exchange.export_file(drafts, args.path)
            print(f"Выгружено записей базы знаний: {len(drafts)} → {args.path}.")
        else:
            print(f"Поисковый индекс перестроен: записей в поиске — {kb.reindex()}.")
        return 0
    except KbValidationError as exc:
        print("Каталог не загружен, ничего не изменено:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"Ошибка: не удалось открыть файл: {exc}", file=sys.stderr)
        return 2
    finally:
        db.dispose()
