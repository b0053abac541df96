"""Install the UI language: our own .qm plus Qt's, so standard buttons (OK, Cancel) match.

Source strings are English; Russian is the default language of the product. The .qm files are
compiled from resources/translations/*.ts by scripts/bootstrap.sh (lrelease).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from softphone.resources import resource_path

log = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "ru"
LANGUAGES = ("ru", "en")  # what the settings dialog offers


def translations_dir() -> Path:
    return resource_path("translations")


def install_translator(
    app: QCoreApplication, language: str = DEFAULT_LANGUAGE, directory: Path | None = None
) -> list[QTranslator]:
    """Load the language's translations into app; returns what was installed.

    English needs no catalogue (the sources are English). A missing .qm is logged, not fatal:
    the operator still gets a working, English window instead of none.
    """
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    QLocale.setDefault(QLocale(language))
    installed: list[QTranslator] = []
    if language == "en":
        return installed
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_translator = QTranslator(app)  # parented: Qt keeps it alive as long as the app
    if qt_translator.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(qt_translator)
        installed.append(qt_translator)
    ours = QTranslator(app)
    folder = directory or translations_dir()
    if ours.load(f"softphone_{language}", str(folder)):
        app.installTranslator(ours)
        installed.append(ours)
    else:
        log.warning("No compiled translation softphone_%s.qm in %s", language, folder)
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    """Undo install_translator (tests; a live language switch would start here)."""
    for translator in translators:
        app.removeTranslator(translator)
        translator.deleteLater()
