"""A seeded generator of malformed SIP: valid templates, then 1-3 mutations each.

Templates cover requests (INVITE with SDP, OPTIONS, REGISTER, BYE, CANCEL, ACK, INFO, NOTIFY)
and responses (100, 180, 200 with SDP, 486); mutations truncate, drop, duplicate and fold
headers, put garbage, huge values, invalid UTF-8 and NULs in any header or the body, break
Content-Length, CSeq, Via, the start line, the URIs, the SDP and the line endings.
"""

from __future__ import annotations

import random

METHODS = ("INVITE", "OPTIONS", "REGISTER", "BYE", "CANCEL", "ACK", "INFO", "NOTIFY")
SDP_TEXT = (
    "v=0\r\no=caller 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
    "m=audio 40000 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n"
    "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=sendrecv\r\n"
)
GARBAGE = (
    b"\x00", b"\xff\xfe", b"\xc3\x28", b"\xed\xa0\x80", b"\xf0\x28\x8c\x28", b"%00", b"\r",
    b"\n", b"\r\n\r\n", b";;;", b"<<>>", b"@@", b":", b"\"", b"\\", b"\t", b" ", b"sip:",
    b"\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82", b"-1", b"99999999999999999999",
    b"0x7fffffff", b"%s%s%s%n", b"\x1b[2J",
)


def _request(rng: random.Random, method: str, port: int, local: int, n: int) -> list[bytes]:
    cid = f"fuzz-{n}-{rng.getrandbits(48):x}"
    uri = f"sip:operator@127.0.0.1:{port}"
    body = SDP_TEXT if method == "INVITE" else ""
    lines = [
        f"{method} {uri} SIP/2.0",
        f"Via: SIP/2.0/UDP 127.0.0.1:{local};branch=z9hG4bK{cid};rport",
        f"From: \"Фаззер\" <sip:+7912{n % 10_000_000:07d}@127.0.0.1:{local}>;tag={cid[-8:]}",
        f"To: <{uri}>" + (";tag=abc" if method in ("BYE", "ACK", "INFO", "NOTIFY") else ""),
        f"Call-ID: {cid}",
        f"CSeq: {rng.randint(1, 9999)} {method}",
        f"Contact: <sip:fuzz@127.0.0.1:{local}>",
        "Max-Forwards: 70",
        "User-Agent: fuzz/1.0",
        "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO",
        "Supported: replaces, timer",
    ]
    if method == "REGISTER":
        lines += ["Expires: 3600", "Authorization: Digest username=\"x\", realm=\"r\", "
                  "nonce=\"n\", uri=\"sip:127.0.0.1\", response=\"0123\""]
    if method == "NOTIFY":
        lines += ["Event: refer", "Subscription-State: active;expires=60"]
        body = "SIP/2.0 200 OK\r\n"
    if method == "INFO":
        body = "Signal=5\r\nDuration=160\r\n"
    if body:
        kind = {"INVITE": "application/sdp", "NOTIFY": "message/sipfrag",
                "INFO": "application/dtmf-relay"}[method]
        lines.append(f"Content-Type: {kind}")
    lines.append(f"Content-Length: {len(body.encode())}")
    return [line.encode() for line in lines] + [b"", body.encode()]


def _response(rng: random.Random, port: int, local: int, n: int) -> list[bytes]:
    code, text = rng.choice([(100, "Trying"), (180, "Ringing"), (200, "OK"), (486, "Busy Here")])
    cid = f"fuzz-{n}-{rng.getrandbits(48):x}"
    body = SDP_TEXT if code == 200 else ""
    lines = [
        f"SIP/2.0 {code} {text}",
        f"Via: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bK{cid};received=127.0.0.1",
        f"From: <sip:operator@127.0.0.1:{port}>;tag={cid[-6:]}",
        f"To: <sip:+79120000000@127.0.0.1:{local}>;tag=t{n}",
        f"Call-ID: {cid}",
        f"CSeq: {rng.randint(1, 20)} {rng.choice(METHODS)}",
        f"Contact: <sip:fuzz@127.0.0.1:{local}>",
    ]
    if body:
        lines.append("Content-Type: application/sdp")
    lines.append(f"Content-Length: {len(body.encode())}")
    return [line.encode() for line in lines] + [b"", body.encode()]


def _header_index(rng: random.Random, lines: list[bytes]) -> int:
    end = lines.index(b"") if b"" in lines else len(lines)
    return rng.randint(1, max(1, end - 1))


def _mutate(rng: random.Random, lines: list[bytes]) -> list[bytes]:
    lines = list(lines)
    if len(lines) < 3:
        return lines
    i = _header_index(rng, lines)
    choice = rng.randrange(16)
    name, _, value = lines[i].partition(b":")
    if choice == 0:  # drop a header
        del lines[i]
    elif choice == 1:  # duplicate a header (maybe with another value)
        lines.insert(i, lines[i] if rng.random() < 0.5 else name + b": " + rng.choice(GARBAGE))
    elif choice == 2:  # garbage into a value
        pos = rng.randint(0, len(value))
        lines[i] = name + b":" + value[:pos] + rng.choice(GARBAGE) + value[pos:]
    elif choice == 3:  # a huge value
        lines[i] = name + b": " + bytes(rng.choice(b"a9;,<>@ ") for _ in range(rng.choice(
            (300, 1000, 4000, 9000))))
    elif choice == 4:  # Content-Length lies
        lines = [ln for ln in lines if not ln.lower().startswith(b"content-length")]
        lines.insert(i, b"Content-Length: " + rng.choice(
            [b"-1", b"0", b"1", b"99999", b"4294967296", b"abc", b"", b"12 34", b"+5"]))
    elif choice == 5:  # CSeq broken
        lines = [ln for ln in lines if not ln.startswith(b"CSeq")]
        lines.insert(i, b"CSeq: " + rng.choice(
            [b"", b"x INVITE", b"1", b"-5 INVITE", b"4294967296 INVITE", b"1 FOO", b"1 BYE",
             b"99999999999999999999 INVITE", b"1 INVITE extra"]))
    elif choice == 6:  # folded header (continuation line)
        lines.insert(i + 1, rng.choice([b" folded", b"\t;x=y", b"   ", b" \xff"]))
    elif choice == 7:  # the start line broken
        lines[0] = rng.choice([
            b"", b"INVITE", b"INVITE sip: SIP/2.0", b"INVITE sip:op@127.0.0.1 SIP/3.0",
            b"SIP/2.0 999999 X", b"SIP/2.0 abc OK", b"SIP/2.0", b"invite sip:a@b SIP/2.0",
            lines[0] + b" extra", lines[0].replace(b" ", b"  "), lines[0][: len(lines[0]) // 2],
            b"\xff\xfe INVITE sip:a@b SIP/2.0", b"GET / HTTP/1.1",
        ])
    elif choice == 8:  # Via broken
        lines = [ln for ln in lines if not ln.startswith(b"Via")]
        lines.insert(i, b"Via: " + rng.choice(
            [b"", b"SIP/2.0/UDP", b"SIP/2.0/UDP 127.0.0.1:99999", b"SIP/2.0/XYZ 127.0.0.1",
             b"SIP/2.0/UDP [::1", b"SIP/2.0/UDP 127.0.0.1;branch=", b"garbage"]))
    elif choice == 9:  # From/To/Contact URIs broken
        target = rng.choice([b"From", b"To", b"Contact"])
        lines = [ln for ln in lines if not ln.startswith(target + b":")]
        lines.insert(i, target + b": " + rng.choice(
            [b"<>", b"<sip:>", b"sip:@", b"<sip:a@b", b"\"unterminated <sip:a@b>", b"<tel:>",
             b"<sip:a@b>;tag", b"<sip:a@b:99999>", b"*", b"<sip:\xff\xfe@b>"]))
    elif choice == 10:  # SDP broken
        if lines[-1]:
            sdp = lines[-1].split(b"\r\n")
            j = rng.randrange(len(sdp))
            sdp[j] = rng.choice([b"", b"m=audio -1 RTP/AVP", b"c=IN IP4", b"m=audio 0 RTP/AVP " +
                                 b" ".join(b"%d" % k for k in range(200)), b"a=rtpmap:0",
                                 b"v=1", b"o=", b"m=video 4000 RTP/AVP 96", sdp[j] + b"\xff"])
            lines[-1] = b"\r\n".join(sdp)
    elif choice == 11:  # LF-only or CR-only line endings: handled in render
        lines.append(b"\x00LF")
    elif choice == 12:  # NULs and control characters anywhere
        damaged = lines[i].replace(b" ", b"\x00", 1)
        lines[i] = damaged if rng.random() < 0.5 else b"\x01\x02" + lines[i]
    elif choice == 13:  # header name broken
        lines[i] = rng.choice([b"", b":", b" " + lines[i], name + b" : " + value,
                               b"X" * 500 + b": 1", name.upper() + b":" + value])
    elif choice == 14:  # a body without (or with the wrong) type
        lines = [ln for ln in lines if not ln.lower().startswith(b"content-type")]
        if rng.random() < 0.5:
            lines.insert(i, b"Content-Type: " + rng.choice([b"", b"application/", b"a/b;c"]))
    else:  # random byte flips
        joined = bytearray(b"\r\n".join(lines))
        for _ in range(rng.randint(1, 8)):
            joined[rng.randrange(len(joined))] = rng.randrange(256)
        lines = bytes(joined).split(b"\r\n")
    return lines


def render(rng: random.Random, lines: list[bytes]) -> bytes:
    ending = b"\r\n"
    if b"\x00LF" in lines:
        lines = [ln for ln in lines if ln != b"\x00LF"]
        ending = rng.choice([b"\n", b"\r", b"\n\r"])
    data = ending.join(lines)
    if rng.random() < 0.15:  # truncated anywhere
        data = data[: rng.randrange(len(data) + 1)]
    return data[:60_000]


def messages(seed: int, count: int, port: int, local: int) -> list[bytes]:
    """`count` mutated messages, the same list for the same seed and ports."""
    rng = random.Random(seed)
    out: list[bytes] = []
    for n in range(count):
        if rng.random() < 0.2:
            lines = _response(rng, port, local, n)
        else:
            lines = _request(rng, rng.choice(METHODS), port, local, n)
        for _ in range(rng.choice((1, 1, 2, 3))):
            lines = _mutate(rng, lines)
        out.append(render(rng, lines))
    return out
