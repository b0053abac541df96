"""The whole conversation guide saved at once: script steps, playbooks, phrases to avoid and
call outcomes. The admin's editor has one Save button, so a refusal in any list keeps every
list as it was instead of leaving some saved and some not."""

from __future__ import annotations

from collections.abc import Sequence

from softphone.crm.auth.roles import Permission, Principal, require
from softphone.crm.db import Database
from softphone.crm.guide.phrases import PhraseRule, check_rules, store_rules
from softphone.crm.guide.script import (
    PlaybookText,
    Step,
    check_playbooks,
    check_steps,
    store_playbooks,
    store_steps,
)
from softphone.crm.guide.wrapup import check_dispositions, store_dispositions


class GuideService:
    def __init__(self, db: Database, principal: Principal | None = None) -> None:
        self._db, self._principal = db, principal

    def replace_all(
        self,
        steps: Sequence[Step],
        playbooks: Sequence[PlaybookText],
        rules: Sequence[PhraseRule],
        dispositions: Sequence[str],
    ) -> None:
        """Check every list first, then write them in one transaction: all or nothing."""
        who = require(self._principal, Permission.EDIT_CALL_GUIDE, db=self._db)
        checked_steps, checked_books = check_steps(steps), check_playbooks(playbooks)
        checked_rules, checked_labels = check_rules(rules), check_dispositions(dispositions)
        with self._db.session(write=True) as session:
            store_steps(session, who, checked_steps)
            store_playbooks(session, who, checked_books)
            store_rules(session, who, checked_rules)
            store_dispositions(session, who, checked_labels)
