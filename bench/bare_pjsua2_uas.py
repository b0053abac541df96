"""Bare pjsua2 auto-answer UAS: the baseline sip_answer compares the engine against.

Same threading model as the engine (threadCnt=0, mainThreadOnly, pumped by libHandleEvents)
but no events, snapshots or Python bookkeeping. Run: `python -m bench.bare_pjsua2_uas PORT`;
prints "ready" once listening and exits when stdin closes or after --seconds.
"""

from __future__ import annotations

import argparse
import select
import sys
import time

import pjsua2 as pj


class Call(pj.Call):
    def __init__(self, acc: pj.Account, call_id: int, ended: list[Call]) -> None:
        super().__init__(acc, call_id)
        self.ended = ended

    def onCallState(self, prm: pj.OnCallStateParam) -> None:
        try:
            if self.getInfo().state == pj.PJSIP_INV_STATE_DISCONNECTED:
                self.ended.append(self)
        except Exception:
            pass


class Account(pj.Account):
    def __init__(self) -> None:
        super().__init__()
        self.calls: dict[int, Call] = {}
        self.ended: list[Call] = []

    def onIncomingCall(self, prm: pj.OnIncomingCallParam) -> None:
        try:
            call = Call(self, prm.callId, self.ended)
            self.calls[prm.callId] = call
            op = pj.CallOpParam()
            op.statusCode = 200
            call.answer(op)
        except Exception:
            pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("--seconds", type=float, default=120)
    args = parser.parse_args(argv)
    ep = pj.Endpoint()
    ep.libCreate()
    cfg = pj.EpConfig()
    cfg.uaConfig.threadCnt = 0
    cfg.uaConfig.mainThreadOnly = True
    cfg.logConfig.level = 1
    cfg.logConfig.consoleLevel = 1
    cfg.medConfig.noVad = True
    ep.libInit(cfg)
    tcfg = pj.TransportConfig()
    tcfg.port = args.port
    tcfg.boundAddress = "127.0.0.1"
    tid = ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, tcfg)
    ep.libStart()
    ep.audDevManager().setNullDev()
    acfg = pj.AccountConfig()
    acfg.idUri = f"sip:bench@127.0.0.1:{args.port}"
    acfg.sipConfig.transportId = tid
    acfg.mediaConfig.transportConfig.boundAddress = "127.0.0.1"
    acc = Account()
    acc.create(acfg)
    print("ready", flush=True)
    deadline = time.monotonic() + args.seconds
    while time.monotonic() < deadline:
        ep.libHandleEvents(10)
        for call in acc.ended:
            acc.calls = {k: v for k, v in acc.calls.items() if v is not call}
        acc.ended.clear()
        if select.select([sys.stdin], [], [], 0)[0] and not sys.stdin.readline():
            break
    acc.calls.clear()
    acc.shutdown()
    del acc
    ep.libDestroy()
    return 0


if __name__ == "__main__":
    sys.exit(main())
