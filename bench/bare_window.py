"""The start-up floor: a bare PySide6 window beside a started pjsua2 endpoint, nothing else.

`python -m bench.bare_window` shows a window titled "Softphone floor" (class "softphone-floor")
and runs until SIGTERM, then destroys the endpoint: what any Qt softphone on this stack pays.
"""

from __future__ import annotations

import signal
import sys

import pjsua2 as pj
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


def main() -> int:
    app = QApplication([sys.argv[0], "-name", "softphone-floor"])
    ep = pj.Endpoint()
    ep.libCreate()
    config = pj.EpConfig()
    config.uaConfig.threadCnt = 0
    config.uaConfig.mainThreadOnly = True
    config.logConfig.level = 0
    config.logConfig.consoleLevel = 0
    ep.libInit(config)
    ep.audDevManager().setNullDev()
    transport = pj.TransportConfig()
    transport.boundAddress = "127.0.0.1"
    transport.port = 0
    ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, transport)
    ep.libStart()
    pump = QTimer()
    pump.timeout.connect(lambda: ep.libHandleEvents(0))
    pump.start(10)
    window = QMainWindow()
    window.setWindowTitle("Softphone floor")
    window.setCentralWidget(QLabel("floor"))
    window.resize(1100, 720)
    window.show()
    signal.signal(signal.SIGTERM, lambda *_: app.exit(0))
    code = app.exec()
    pump.stop()
    ep.libDestroy()
    return code


if __name__ == "__main__":
    sys.exit(main())
