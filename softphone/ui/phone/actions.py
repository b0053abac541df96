"""Every call action with its keyboard shortcut, defined once.

The same QAction objects go into the menu bar, the call buttons' tooltips and the F1 help
dialog, so a shortcut can never be documented differently from how it works. Function keys
are used for call control because they never collide with typing in a text field.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QStyle


def _tr(text: str) -> str:
    return QCoreApplication.translate("CallActions", text)


@dataclass(frozen=True)
class CallActions:
    dial: QAction
    answer: QAction
    reject: QAction
    hangup: QAction
    hold: QAction
    mute: QAction
    transfer: QAction
    switch: QAction
    focus_number: QAction
    search: QAction
    settings: QAction
    help: QAction
    quit: QAction

    def all(self) -> list[QAction]:
        """In menu order; the help dialog lists exactly these."""
        return [getattr(self, f.name) for f in fields(self)]

    def call_control(self) -> list[QAction]:
        return [self.answer, self.reject, self.hangup, self.hold, self.mute, self.transfer,
                self.switch]


def create_actions(parent: QObject) -> CallActions:
    style = QApplication.style()
    icon = style.standardIcon
    sp = QStyle.StandardPixmap

    def make(text: str, shortcut: str, tip: str, pixmap: QStyle.StandardPixmap | None = None,
             checkable: bool = False) -> QAction:
        action = QAction(text, parent)
        action.setShortcut(QKeySequence(shortcut))
        if pixmap is not None:
            action.setIcon(icon(pixmap))
        action.setCheckable(checkable)
        native = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({native})")
        action.setStatusTip(tip)
        return action

    return CallActions(
        dial=make(_tr("Call"), "Ctrl+D", _tr("Call the number in the number field"),
                  sp.SP_DialogYesButton),
        answer=make(_tr("Answer"), "F2", _tr("Answer the ringing call"), sp.SP_DialogYesButton),
        reject=make(_tr("Reject"), "F4", _tr("Reject the ringing call (busy)"),
                    sp.SP_DialogNoButton),
        hangup=make(_tr("Hang up"), "F3", _tr("End the current call"),
                    sp.SP_DialogCancelButton),
        hold=make(_tr("Hold"), "F5", _tr("Put the current call on hold or resume it"),
                  sp.SP_MediaPause),
        mute=make(_tr("Mute"), "F6", _tr("Turn the microphone off or on for the current call"),
                  sp.SP_MediaVolumeMuted),
        transfer=make(_tr("Transfer"), "F7", _tr("Transfer the current call"),
                      sp.SP_ArrowForward),
        switch=make(_tr("Switch calls"), "F8", _tr("Resume the call on hold and hold the other"),
                    sp.SP_BrowserReload),
        focus_number=make(_tr("Number field"), "Ctrl+L", _tr("Type a number to call")),
        search=make(_tr("Search history"), "Ctrl+F", _tr("Search the call history")),
        settings=make(_tr("Settings"), "Ctrl+,", _tr("Audio, ringtone and language settings"),
                      sp.SP_FileDialogDetailedView),
        help=make(_tr("Keyboard shortcuts"), "F1", _tr("Show every action and its shortcut"),
                  sp.SP_DialogHelpButton),
        quit=make(_tr("Quit"), "Ctrl+Q", _tr("Close the softphone"), sp.SP_DialogCloseButton),
    )
