"""What a feature package receives when the app installs it: services and a few window hooks.

Features never get the main window itself. A window handed around becomes a service locator:
any panel can pull anything off it or hang new attributes on it, and nobody can tell what a
feature really depends on. `Desk` names everything a feature may use, typed, in one place.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import SignalInstance
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from softphone.settings import Settings
from softphone.ui.bridge import EngineBridge
from softphone.ui.tasks import TaskRunner

if TYPE_CHECKING:  # the first screen imports this module before SQLAlchemy is loaded
    from softphone.crm.auth import Principal
    from softphone.crm.db import Database
    from softphone.ui.crm_link import CrmLink
    from softphone.ui.settings.dialog import SettingsDialog

SettingsOpened = Callable[["SettingsDialog"], None]


@dataclass(frozen=True)
class WindowHooks:
    """The main window's doors for features: where panels, menu entries and messages go."""

    owner: QWidget  # parent of the feature's Qt objects: they live as long as the window
    add_side_panel: Callable[[QWidget, str], object]
    show_side_panel: Callable[[QWidget], None]  # bring a panel to the front (screen pop)
    set_panel_title: Callable[[QWidget, str], None]  # e.g. a count after the tab's name
    add_tool: Callable[[QAction], None]  # the Tools menu
    add_status_widget: Callable[[QWidget], None]  # permanent, right of the status bar
    show_status: Callable[[str], None]  # a passing message in the status bar
    show_error: Callable[[str], None]  # a message the operator must read
    notify: Callable[[str, str], None]  # title, text: tray bubble, else the taskbar asks
    dial: Callable[[str], object]
    settings_opened: SignalInstance  # emits the SettingsDialog: features add their pages
    call_logged: SignalInstance  # emits (CallEnded, CallRecord) once a call is in the log
    # emits (CallInfo, CallRecord) once a ringing or dialled call has its open log row
    call_opened: SignalInstance | None = None
    # the CRM's state and the writes kept while it is unreachable (None: no CRM)
    crm_link: CrmLink | None = None
    # the call workspace (softphone/ui/workspace) borrows side panels while a call lasts
    lend_side_panel: Callable[[QWidget], None] | None = None
    give_back_side_panel: Callable[[QWidget], None] | None = None
    show_workspace: Callable[..., None] | None = None  # (widget | None, search callback)
    # call id, the CRM's name for it, whether the CRM marks the caller VIP
    name_call: Callable[[int, str, bool], None] | None = None
    focus_call: Callable[[], None] | None = None  # the keyboard back to the current call
    # the transfer dialog's list of colleagues: (name, extension or SIP URI), asked at opening
    offer_colleagues: Callable[[Callable[[], list[tuple[str, str]]]], None] | None = None
    # under the current calls in the phone's column (the live speech hints)
    add_call_view_widget: Callable[[QWidget], None] | None = None


@dataclass(frozen=True)
class Desk:
    """One signed-in desk with a CRM database: everything a CRM feature is installed with."""

    db: Database
    runner: TaskRunner
    bridge: EngineBridge
    settings: Settings
    window: WindowHooks
    principal: Principal | None = None

    @property
    def login(self) -> str:
        """The desk's operator: the signed-in login (the system user where there is none)."""
        if self.principal is not None:
            return self.principal.login
        return getpass.getuser() or "operator"
