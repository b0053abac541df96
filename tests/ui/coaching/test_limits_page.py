"""The admin's page for the speech hints' limits: loads the team's values, refuses bad ones
with a readable message, saves good ones to the CRM (which the desks' coaching then uses)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from softphone.coaching.limits import CoachLimits
from softphone.crm.auth import Role
from softphone.crm.coaching.service import CoachingService
from softphone.crm.db import Database
from softphone.ui.coaching.limits_page import CoachLimitsPage
from softphone.ui.tasks import TaskRunner
from tests.ui.session_helpers import create_user


@pytest.fixture
def page(qtbot: Any, tmp_path: Path) -> Iterator[tuple[CoachLimitsPage, Database, TaskRunner]]:
    db = Database.open(f"sqlite:///{tmp_path / 't.db'}")
    admin = create_user(db, "admin", Role.ADMIN)
    CoachingService(db, admin).set_limits(CoachLimits(pause_limit_s=7.0))
    runner = TaskRunner()
    widget = CoachLimitsPage(CoachingService(db, admin), runner)
    qtbot.addWidget(widget)
    try:
        yield widget, db, runner
    finally:
        runner.shutdown()
        db.dispose()


def test_the_page_shows_refuses_and_saves_the_limits(
    page: tuple[CoachLimitsPage, Database, TaskRunner], qtbot: Any
) -> None:
    widget, db, _ = page
    qtbot.waitUntil(lambda: widget.pause.value() == 7.0, timeout=3000)
    widget.quiet.setValue(-10)
    widget.loud.setValue(-20)
    widget.save_button.click()
    assert "громкости" in widget.message.text()
    widget.quiet.setValue(-36)
    widget.loud.setValue(-9)
    widget.pause.setValue(10)
    widget.save_button.click()
    qtbot.waitUntil(lambda: widget.message.text() == "Saved.", timeout=3000)
    assert CoachingService(db).limits() == CoachLimits(-36.0, -9.0, 0.15, 10.0, 1.0)
