"""Installs the live speech coaching on a desk: the meters in the call view, the tap on the
engine's sound path, saving with the call log, and the admin's limits page."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from softphone.crm.auth import Permission
from softphone.crm.coaching.service import CoachingService
from softphone.settings import SettingsError
from softphone.ui.coaching.controller import CoachController
from softphone.ui.coaching.meters import CoachMeters
from softphone.ui.desk import Desk

if TYPE_CHECKING:
    from softphone.ui.settings.dialog import SettingsDialog

log = logging.getLogger("softphone.ui.coaching")


def install_coaching(desk: Desk) -> CoachController:
    hooks = desk.window
    meters = CoachMeters(hooks.owner)
    meters.set_meters_shown(desk.settings.audio.coach_meters, announce=False)
    if hooks.add_call_view_widget is not None:
        hooks.add_call_view_widget(meters)
    service = CoachingService(desk.db, desk.principal)
    controller = CoachController(desk.bridge, service, desk.runner, meters, hooks.owner,
                                 link=hooks.crm_link)
    hooks.call_logged.connect(controller.on_call_logged)

    def remember(shown: bool) -> None:
        desk.settings.audio.coach_meters = shown
        if desk.settings.path is None:
            return
        try:
            desk.settings.save(desk.settings.path)
        except (SettingsError, OSError) as exc:
            log.warning("speech hints: the choice was not saved: %s", exc)

    meters.visibility_toggled.connect(remember)
    principal = desk.principal
    if principal is None or principal.can(Permission.MANAGE_SERVICE_LEVELS):

        def add_page(dialog: SettingsDialog) -> None:
            from softphone.ui.coaching.limits_page import CoachLimitsPage

            dialog.add_page(CoachLimitsPage(service, desk.runner, dialog))

        hooks.settings_opened.connect(add_page)
    controller.start()
    hooks.owner.destroyed.connect(lambda *_: controller.tap.stop())  # the analysis thread too
    return controller
