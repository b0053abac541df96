"""The few libpulse calls the sound streams and the device list need, through ctypes.

Why our own binding: on PyPI, `pasimple` wraps only the blocking simple API (a Python thread per
stream waiting in a handshake with libpulse's own thread, ~150 us of CPU per 10 ms chunk),
`pulsectl` only the server's control side, and `libpulse` drives the asynchronous API from
asyncio, not from the real-time thread a sound stream needs. This is exactly the threaded
mainloop, one context and callback-driven streams (libpulse.so.0, part of every PulseAudio
and pipewire-pulse desktop), nothing more. Every call except those named *_unlocked must hold
the mainloop's lock, and callbacks run on libpulse's thread with the lock held.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from ctypes import POINTER, c_char_p, c_int, c_int64, c_size_t, c_uint8, c_uint32, c_void_p

SAMPLE_S16LE = 3
CONTEXT_NOAUTOSPAWN = 1  # never start a sound server of our own
CONTEXT_READY, CONTEXT_FAILED, CONTEXT_TERMINATED = 4, 5, 6
STREAM_READY, STREAM_FAILED, STREAM_TERMINATED = 2, 3, 4
STREAM_ADJUST_LATENCY = 0x2000  # tlength / fragsize are the latency asked for, device included
SEEK_RELATIVE = 0
INVALID_INDEX = 0xFFFFFFFF  # PA_INVALID_INDEX: e.g. a source's monitor_of_sink when it is not one
CHANNELS_MAX = 32  # PA_CHANNELS_MAX, the array length in pa_channel_map and pa_cvolume
SUBSCRIPTION_MASK_SINK, SUBSCRIPTION_MASK_SOURCE, SUBSCRIPTION_MASK_SERVER = 0x1, 0x2, 0x80


class SampleSpec(ctypes.Structure):
    _fields_ = [("format", c_int), ("rate", c_uint32), ("channels", c_uint8)]


class BufferAttr(ctypes.Structure):
    _fields_ = [("maxlength", c_uint32), ("tlength", c_uint32), ("prebuf", c_uint32),
                ("minreq", c_uint32), ("fragsize", c_uint32)]


class ChannelMap(ctypes.Structure):
    _fields_ = [("channels", c_uint8), ("map", c_int * CHANNELS_MAX)]


class CVolume(ctypes.Structure):
    _fields_ = [("channels", c_uint8), ("values", c_uint32 * CHANNELS_MAX)]


# The device and server records of introspect.h, each up to the last field read here. libpulse
# hands them to the callbacks one at a time by pointer (never as arrays), so a prefix with the
# headers' own field order and types is enough; the fields after it are never touched.
class SinkInfo(ctypes.Structure):
    _fields_ = [("name", c_char_p), ("index", c_uint32), ("description", c_char_p),
                ("sample_spec", SampleSpec), ("channel_map", ChannelMap),
                ("owner_module", c_uint32), ("volume", CVolume), ("mute", c_int),
                ("monitor_source", c_uint32)]


class SourceInfo(ctypes.Structure):
    _fields_ = [("name", c_char_p), ("index", c_uint32), ("description", c_char_p),
                ("sample_spec", SampleSpec), ("channel_map", ChannelMap),
                ("owner_module", c_uint32), ("volume", CVolume), ("mute", c_int),
                ("monitor_of_sink", c_uint32)]


class ServerInfo(ctypes.Structure):
    _fields_ = [("user_name", c_char_p), ("host_name", c_char_p),
                ("server_version", c_char_p), ("server_name", c_char_p),
                ("sample_spec", SampleSpec), ("default_sink_name", c_char_p),
                ("default_source_name", c_char_p)]


CONTEXT_NOTIFY = ctypes.CFUNCTYPE(None, c_void_p, c_void_p)  # (pa_context*, userdata)
STREAM_NOTIFY = ctypes.CFUNCTYPE(None, c_void_p, c_void_p)  # (pa_stream*, userdata)
STREAM_REQUEST = ctypes.CFUNCTYPE(None, c_void_p, c_size_t, c_void_p)  # (stream, nbytes, ud)
MAINLOOP_ONCE = ctypes.CFUNCTYPE(None, c_void_p, c_void_p)  # (pa_threaded_mainloop*, ud)
# (pa_context*, const pa_sink_info* / pa_source_info*, eol, userdata)
SINK_INFO = ctypes.CFUNCTYPE(None, c_void_p, POINTER(SinkInfo), c_int, c_void_p)
SOURCE_INFO = ctypes.CFUNCTYPE(None, c_void_p, POINTER(SourceInfo), c_int, c_void_p)
SERVER_INFO = ctypes.CFUNCTYPE(None, c_void_p, POINTER(ServerInfo), c_void_p)  # (ctx, i, ud)
# (pa_context*, pa_subscription_event_type_t, uint32_t idx, userdata)
SUBSCRIBE = ctypes.CFUNCTYPE(None, c_void_p, c_int, c_uint32, c_void_p)
SUCCESS = ctypes.CFUNCTYPE(None, c_void_p, c_int, c_void_p)  # (pa_context*, success, ud)
# NULL function pointers: what unsets a callback (ctypes refuses None for a CFUNCTYPE argument)
NO_CONTEXT_NOTIFY, NO_STREAM_NOTIFY, NO_STREAM_REQUEST = (
    CONTEXT_NOTIFY(), STREAM_NOTIFY(), STREAM_REQUEST())
NO_SUBSCRIBE, NO_SUCCESS = SUBSCRIBE(), SUCCESS()

_PROTOTYPES: dict[str, tuple[object, list[object]]] = {
    "pa_threaded_mainloop_new": (c_void_p, []),
    "pa_threaded_mainloop_free": (None, [c_void_p]),
    "pa_threaded_mainloop_start": (c_int, [c_void_p]),
    "pa_threaded_mainloop_stop": (None, [c_void_p]),
    "pa_threaded_mainloop_lock": (None, [c_void_p]),
    "pa_threaded_mainloop_unlock": (None, [c_void_p]),
    "pa_threaded_mainloop_in_thread": (c_int, [c_void_p]),
    "pa_threaded_mainloop_get_api": (c_void_p, [c_void_p]),
    "pa_threaded_mainloop_once_unlocked": (None, [c_void_p, MAINLOOP_ONCE, c_void_p]),
    "pa_context_new": (c_void_p, [c_void_p, c_char_p]),
    "pa_context_set_state_callback": (None, [c_void_p, CONTEXT_NOTIFY, c_void_p]),
    "pa_context_connect": (c_int, [c_void_p, c_char_p, c_int, c_void_p]),
    "pa_context_get_state": (c_int, [c_void_p]),
    "pa_context_errno": (c_int, [c_void_p]),
    "pa_context_disconnect": (None, [c_void_p]),
    "pa_context_unref": (None, [c_void_p]),
    "pa_strerror": (c_char_p, [c_int]),
    "pa_context_get_sink_info_list": (c_void_p, [c_void_p, SINK_INFO, c_void_p]),
    "pa_context_get_source_info_list": (c_void_p, [c_void_p, SOURCE_INFO, c_void_p]),
    "pa_context_get_server_info": (c_void_p, [c_void_p, SERVER_INFO, c_void_p]),
    "pa_context_set_subscribe_callback": (None, [c_void_p, SUBSCRIBE, c_void_p]),
    "pa_context_subscribe": (c_void_p, [c_void_p, c_int, SUCCESS, c_void_p]),
    "pa_operation_unref": (None, [c_void_p]),
    "pa_stream_new": (c_void_p, [c_void_p, c_char_p, POINTER(SampleSpec), c_void_p]),
    "pa_stream_set_state_callback": (None, [c_void_p, STREAM_NOTIFY, c_void_p]),
    "pa_stream_set_write_callback": (None, [c_void_p, STREAM_REQUEST, c_void_p]),
    "pa_stream_set_read_callback": (None, [c_void_p, STREAM_REQUEST, c_void_p]),
    "pa_stream_connect_playback": (
        c_int, [c_void_p, c_char_p, POINTER(BufferAttr), c_int, c_void_p, c_void_p]),
    "pa_stream_connect_record": (c_int, [c_void_p, c_char_p, POINTER(BufferAttr), c_int]),
    "pa_stream_get_state": (c_int, [c_void_p]),
    "pa_stream_write": (c_int, [c_void_p, c_char_p, c_size_t, c_void_p, c_int64, c_int]),
    "pa_stream_peek": (c_int, [c_void_p, POINTER(c_void_p), POINTER(c_size_t)]),
    "pa_stream_drop": (c_int, [c_void_p]),
    "pa_stream_disconnect": (c_int, [c_void_p]),
    "pa_stream_unref": (None, [c_void_p]),
}


class PulseMissing(OSError):
    """libpulse is not installed (a desktop without PulseAudio or pipewire-pulse)."""


_lib: ctypes.CDLL | None = None


def lib() -> ctypes.CDLL:
    """libpulse with the prototypes above set (loaded once, on first use)."""
    global _lib
    if _lib is None:
        name = ctypes.util.find_library("pulse") or "libpulse.so.0"
        try:
            loaded = ctypes.CDLL(name)
        except OSError as exc:
            raise PulseMissing(f"libpulse not found ({exc})") from exc
        for function, (restype, argtypes) in _PROTOTYPES.items():
            proto = getattr(loaded, function)
            proto.restype = restype
            proto.argtypes = argtypes
        _lib = loaded
    return _lib


def error_text(code: int) -> str:
    """libpulse's own words for an error code."""
    text = lib().pa_strerror(code)
    return text.decode(errors="replace") if text else f"error {code}"
