"""Settings page for the call panels: the company and operator names the script says, the
wrap-up limit (how long an unfinished wrap-up may turn new calls away) and the no-answer timeout
(how long an incoming call may ring before the phone ends it and logs it as missed).

Changes apply at once to the running panels through `applied`; no restart is needed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QSpinBox, QWidget

from softphone.settings import CallCenterSettings, Settings
from softphone.ui.caller.company import CompanyName
from softphone.ui.settings.pages import SettingsPage

MAX_RING_S = 600


class CallCenterPage(SettingsPage):
    def __init__(
        self,
        on_applied: Callable[[CallCenterSettings], None] | None = None,
        parent: QWidget | None = None,
        company: CompanyName | None = None,  # the CRM-wide name, when the desk has a CRM
        report: Callable[[str], None] | None = None,  # where a refused CRM save is said
    ) -> None:
        super().__init__(parent)
        self._on_applied, self._company, self._report = on_applied, company, report
        self.company_edit = QLineEdit(self)
        if company is not None:
            self.company_edit.setToolTip(self.tr(
                "The same for every operator: kept in the customer database"))
            if not company.can_edit:
                self.company_edit.setReadOnly(True)
                self.company_edit.setToolTip(self.tr(
                    "Set by an administrator for the whole company"))
        self.operator_edit = QLineEdit(self)
        self.operator_edit.setToolTip(self.tr(
            "Said when the signed-in operator's profile has no name of its own"))
        self.ring_spin = QSpinBox(self)
        self.ring_spin.setRange(0, MAX_RING_S)
        self.ring_spin.setSuffix(self.tr(" s"))
        self.ring_spin.setSpecialValueText(self.tr("never"))
        ring_note = QLabel(
            self.tr(
                "An incoming call nobody answers within this time is ended and logged as "
                "missed, so a caller who vanished never keeps a line busy."
            ),
            self,
        )
        ring_note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("Company name in the script:"), self.company_edit)
        form.addRow(self.tr("Operator name in the script:"), self.operator_edit)
        form.addRow(self.tr("Unanswered calls end after:"), self.ring_spin)
        form.addRow(ring_note)

    def title(self) -> str:
        return self.tr("Calls")

    def load(self, settings: Settings) -> None:
        center = settings.call_center
        crm = self._company.crm_name if self._company is not None else ""
        self.company_edit.setText(crm or center.company)
        self.operator_edit.setText(center.operator_name)
        self.ring_spin.setValue(center.ring_timeout_s)

    def apply(self, settings: Settings) -> None:
        settings.call_center = dataclasses.replace(
            settings.call_center,  # keeps what other pages set (the request target)
            # with a CRM the name is the CRM's (saved in `applied`); the desk keeps its own
            company=center_company(settings, self._company, self.company_edit.text()),
            operator_name=self.operator_edit.text().strip(),
            ring_timeout_s=self.ring_spin.value(),
        )

    def applied(self, old: Settings, new: Settings) -> None:
        if self._company is not None:
            self._company.save(self.company_edit.text().strip(), self._report or (lambda _t: None))
        if self._on_applied is not None and old.call_center != new.call_center:
            self._on_applied(new.call_center)


def center_company(settings: Settings, company: CompanyName | None, typed: str) -> str:
    """The desk's own company setting after the page: what was typed on a desk without a CRM,
    unchanged on a desk whose name comes from the CRM."""
    return typed.strip() if company is None else settings.call_center.company

