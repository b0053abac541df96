"""The engine's own exceptions: callers never see pjsua2.Error.

pjsua2.Error prints as an empty string, so every translation keeps PJSIP's own text
(`info()`) next to what the caller asked for, which is what the UI shows or logs.
"""

from __future__ import annotations


class SipError(Exception):
    """Base of everything the SIP engine raises."""


class EngineNotStarted(SipError):
    def __init__(self) -> None:
        super().__init__("SIP-движок не запущен (engine not started)")


class WrongThread(SipError):
    def __init__(self, owner: str, caller: str) -> None:
        super().__init__(
            f"SIP engine used from thread {caller!r}; it belongs to thread {owner!r}"
        )


class InvalidTarget(SipError):
    """A number or URI that cannot be dialled or transferred to."""

    def __init__(self, text: str, why: str = "") -> None:
        self.text = text
        detail = f": {why}" if why else ""
        super().__init__(f"Неверный номер или адрес {text!r}{detail}")


class PortInUse(SipError):
    def __init__(self, transport: str, address: str, port: int, detail: str = "") -> None:
        self.transport, self.address, self.port = transport, address, port
        extra = f" ({detail})" if detail else ""
        super().__init__(f"Порт {transport} {address}:{port} уже занят{extra}")


class TransportUnavailable(SipError):
    """A transport (usually TLS) cannot be created with this build or these files."""


class RegistrarUnreachable(SipError):
    def __init__(self, registrar: str, detail: str = "") -> None:
        self.registrar = registrar
        extra = f": {detail}" if detail else ""
        super().__init__(f"Сервер регистрации {registrar} недоступен{extra}")


class NoSuchAccount(SipError):
    def __init__(self, account_id: str) -> None:
        self.account_id = account_id
        super().__init__(f"Нет учётной записи {account_id!r}")


class NoSuchCall(SipError):
    def __init__(self, call_id: int) -> None:
        self.call_id = call_id
        super().__init__(f"Нет звонка с номером {call_id!r}")


class CallStateError(SipError):
    """The call exists but is not in a state that allows the operation."""


class AudioError(SipError):
    """A device, WAV file or recorder could not be opened."""


def pj_text(exc: BaseException) -> str:
    """Readable text of a pjsua2.Error (whose str() is empty) or of any exception."""
    info = getattr(exc, "info", None)
    if callable(info):
        try:
            text = str(info()).strip()
            if text:
                return text
        except Exception:  # the SWIG object may be half-built
            pass
    reason = getattr(exc, "reason", "")
    return str(reason or exc or type(exc).__name__)
