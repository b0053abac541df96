"""The company name the script says: the CRM-wide one an admin set, else this desk's setting.

Loaded off the GUI thread with the rest of the guide (and again when the guide changes); an
admin's change from the settings dialog is saved to the CRM for every desk.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from softphone.crm.auth import Permission, Principal
from softphone.crm.guide.company import CompanyService
from softphone.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


class CompanyName(QObject):
    changed = Signal(str)  # the CRM-wide name ("" while none is set)

    def __init__(self, service: CompanyService, runner: TaskRunner,
                 principal: Principal | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service, self._runner = service, runner
        self.crm_name = ""
        # a desk without sign-in has no roles to check (as the guide editor: can_edit)
        self.can_edit = principal is None or principal.can(Permission.EDIT_CALL_GUIDE)

    def said(self, desk_setting: str) -> str:
        """What {company} becomes in the script."""
        return self.crm_name or desk_setting

    def load(self) -> None:
        self._runner.run(self._service.name, self._loaded,
                         on_failure=lambda exc: log.warning("company name: %s", exc),
                         label="company name")

    def _loaded(self, name: str) -> None:
        self.crm_name = name
        self.changed.emit(name)

    def save(self, name: str, report: Callable[[str], None]) -> None:
        """An admin's new name for every desk; a refusal is reported in their words."""
        if not self.can_edit or name.strip() == self.crm_name:
            return
        service = self._service
        self._runner.run(lambda: service.set_name(name), self._loaded,
                         on_failure=lambda exc: report(str(exc)), changes="guide",
                         label="save company name")
