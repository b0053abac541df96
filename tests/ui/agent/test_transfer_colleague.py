"""Transfer to a colleague picked from the list of operators (issue 17), on the real window with
a second engine (tests/sip/sip_peer.py) as both the caller and the colleague: the colleague's
stored SIP URI is offered in the transfer dialog, and picking them sends the caller a REFER to
that URI, so the caller ends up talking to the colleague and our leg ends."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from softphone.crm.agent.status import AgentService, OperatorOptions
from softphone.sip.events import CallState
from tests.sip.sip_helpers import Peer, Processes
from tests.ui.agent.agent_helpers import agent_of
from tests.ui.call_panel_helpers import PanelDesk
from tests.ui.session_helpers import ADMIN, create_user, principal_of

pytestmark = pytest.mark.timeout(90)


def confirmed(account: object, remote: str) -> object:
    return lambda m: (m.get("event") == "CallStateChanged" and m.get("account_id") == account
                      and m.get("remote_number") == remote and m.get("state") == "confirmed")


def test_transfer_to_a_colleague_refers_the_caller_to_their_stored_uri(
    desk: PanelDesk, processes: Processes, qtbot
) -> None:
    peer = Peer(processes)
    alice, ivan = peer.send("account alice"), peer.send("account ivan")
    peer.send("auto_answer 1")
    colleague = create_user(desk.db, "ivan", name="Иван")
    admin = AgentService(desk.db, principal_of(desk.db, ADMIN))
    admin.set_options(OperatorOptions(False, f"sip:ivan@{peer.address}"), colleague.operator_id)
    setup = agent_of(desk)
    setup.colleagues.refresh()
    qtbot.waitUntil(lambda: [c.name for c in setup.colleagues.colleagues] == ["Иван"],
                    timeout=5000)

    window = desk.window
    peer.send(f"dial {alice} sip:operator@{desk.address}", desk.engine)
    qtbot.waitUntil(lambda: window.call_list.ringing_call() is not None, timeout=5000)
    window.controller.answer()
    qtbot.waitUntil(lambda: window.controller.talking_call() is not None, timeout=5000)

    window.transfer()
    dialog = window.transfer_dialog
    assert dialog is not None and not dialog.colleagues.isHidden()
    assert dialog.colleagues.count() == 1
    assert dialog.colleagues.item(0).text() == f"Иван — sip:ivan@{peer.address}"
    qtbot.mouseClick(dialog.colleague_button, Qt.MouseButton.LeftButton)

    # alice, told by our REFER, calls ivan at the stored URI; our leg ends once ivan answers
    peer.wait(confirmed(alice, "ivan"), 10, engine=None)
    peer.wait(confirmed(ivan, "alice"), 10, engine=None)
    qtbot.waitUntil(lambda: not [c for c in window.call_list.calls()
                                 if c.state is not CallState.DISCONNECTED], timeout=10_000)
    assert peer.quit() == 0
