"""The seam for settings pages: each page edits one part of Settings and validates itself.

The dialog knows pages only through this interface, so the account page (admin issue) plugs in
with `SettingsDialog.add_page(page)` without touching the audio or language pages.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from softphone.settings import Settings

# Each language is named in itself and never translated: findable whatever the current language.
LANGUAGE_NAMES = {"ru": "Русский", "en": "English"}  # i18n: native


class SettingsPage(QWidget):
    """A tab of the settings dialog."""

    def title(self) -> str:
        raise NotImplementedError

    def load(self, settings: Settings) -> None:
        """Show the values of settings."""

    def validate(self) -> str | None:
        """A readable message about the first bad field, or None when the page can be saved."""
        return None

    def apply(self, settings: Settings) -> None:
        """Write the page's values into settings (a copy; the dialog saves it)."""

    def applied(self, old: Settings, new: Settings) -> None:
        """After a successful save: bring running parts (engine, UI) up to date."""

    def shutdown(self) -> None:
        """The dialog is closing: stop timers and sounds."""


class LanguagePage(SettingsPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language_combo = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language_combo.addItem(name, code)
        self.restart_note = QLabel(
            self.tr("The new language is used after restarting the program.")
        )
        self.restart_note.setWordWrap(True)
        self.restart_note.setVisible(False)
        self._loaded = ""
        self.language_combo.currentIndexChanged.connect(self._update_note)
        form = QFormLayout(self)
        form.addRow(self.tr("Interface language:"), self.language_combo)
        form.addRow(self.restart_note)

    def title(self) -> str:
        return self.tr("Language")

    def load(self, settings: Settings) -> None:
        self._loaded = settings.language
        index = self.language_combo.findData(settings.language)
        self.language_combo.setCurrentIndex(max(index, 0))
        self._update_note()

    def apply(self, settings: Settings) -> None:
        settings.language = self.language_combo.currentData()

    @property
    def restart_needed(self) -> bool:
        return bool(self.language_combo.currentData() != self._loaded)

    def _update_note(self, *_: object) -> None:
        self.restart_note.setVisible(self.restart_needed)
