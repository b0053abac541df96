"""The settings dialog: tabs of SettingsPage, saved together on OK or not at all.

Pages edit a copy of the settings; only when every page validates and the file is written does
the live Settings object change, so a failed save never leaves the app half-reconfigured.
"""

from __future__ import annotations

import copy
import dataclasses
import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from softphone.settings import Settings, SettingsError
from softphone.ui.settings.audio_page import AudioEngine, AudioPage
from softphone.ui.settings.pages import LanguagePage, SettingsPage

log = logging.getLogger(__name__)


class SettingsDialog(QDialog):
    saved = Signal()  # the live Settings object now holds the new values
    restart_required = Signal()  # a saved change (the language) takes effect after a restart

    def __init__(
        self, settings: Settings, engine: AudioEngine | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self._settings = settings
        self.last_error = ""  # text of the last refusal, for tests and the log
        self.pages: list[SettingsPage] = []
        self.tabs = QTabWidget()
        self.audio_page = AudioPage(engine)
        self.language_page = LanguagePage()
        self.add_page(self.audio_page)
        self.add_page(self.language_page)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.buttons)

    def add_page(self, page: SettingsPage) -> None:
        """Add a tab (the account page of the admin issue plugs in here)."""
        page.load(self._settings)
        self.pages.append(page)
        self.tabs.addTab(page, page.title())

    def accept(self) -> None:
        if self.save():
            super().accept()

    def done(self, result: int) -> None:
        for page in self.pages:
            page.shutdown()
        super().done(result)

    def save(self) -> bool:
        """Validate every page, write the file, then update the live settings; False if refused."""
        for page in self.pages:
            problem = page.validate()
            if problem:
                self.tabs.setCurrentWidget(page)
                return self._refuse(problem)
        old = copy.deepcopy(self._settings)
        new = copy.deepcopy(self._settings)
        for page in self.pages:
            page.apply(new)
        try:
            new.save(self._settings.path)
        except SettingsError as exc:
            return self._refuse(str(exc))
        except OSError as exc:
            return self._refuse(
                self.tr("The settings could not be saved: %1").replace("%1", str(exc))
            )
        for f in dataclasses.fields(Settings):
            setattr(self._settings, f.name, getattr(new, f.name))
        self.saved.emit()
        if self.language_page.restart_needed:
            self.restart_required.emit()
        for page in self.pages:
            try:
                page.applied(old, self._settings)
            except Exception as exc:  # saved already; tell the operator what did not take effect
                log.warning("Settings page %s could not apply: %s", page.title(), exc)
                self._warn(self.tr("Saved, but not applied yet: %1").replace("%1", str(exc)))
        return True

    def _refuse(self, text: str) -> bool:
        self.last_error = text
        log.info("Settings not saved: %s", text)
        self._warn(text)
        return False

    def _warn(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Settings"), text, parent=self)
        box.setObjectName("settings_warning")
        box.open()  # window-modal, not exec(): the GUI keeps pumping the SIP engine
