"""The Qt user interface. Importing it first patches a PySide6 bug (see qt_workarounds)."""

from softphone.ui.qt_workarounds import install as _install_qt_workarounds

_install_qt_workarounds()
