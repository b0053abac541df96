"""Properties of validation, escaping, CSRF tokens and the rate limiter (no server needed)."""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from softphone.crm.web_requests.input import LIMITS, SubmissionInvalid, parse_submission
from softphone.intake import csrf
from softphone.intake.form_page import form_page, thanks_page
from softphone.intake.ratelimit import RateLimiter

FIELDS = ["kind", *LIMITS]
values = st.one_of(st.text(max_size=300), st.integers(), st.none(), st.lists(st.text(max_size=3)))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(FIELDS), values))
def test_any_input_is_accepted_or_refused_with_field_messages(data: dict) -> None:
    try:
        submission = parse_submission(data)
    except SubmissionInvalid as exc:
        assert exc.errors and set(exc.errors) <= set(FIELDS)
        assert all(isinstance(m, str) and m for m in exc.errors.values())
        return
    assert submission.kind in ("callback", "question", "order")
    assert submission.name and len(submission.name) <= LIMITS["name"]
    assert submission.phone is None or submission.phone.startswith("+")
    assert submission.phone or submission.email


class _Fields(HTMLParser):
    """What a browser would take as the form's values and shown texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.values: dict[str, str] = {}
        self.tags: list[str] = []
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        named = dict(attrs)
        if tag == "input" and named.get("name"):
            self.values[named["name"] or ""] = named.get("value") or ""
        if tag == "textarea":
            self._textarea = named.get("name") or ""
            self.values[self._textarea] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self.values[self._textarea] += data


TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "p", "form", "input", "label",
        "select", "option", "textarea", "button", "span", "strong"}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.text(max_size=200))
def test_visitor_text_comes_back_as_the_same_text(name: str, message: str) -> None:
    """Whatever was typed, the page holds it as values only: no new tags, same text back."""
    page = form_page("shop", "t.1.s", {"name": name, "message": message, "utm_source": name},
                     {"name": message})
    parsed = _Fields()
    parsed.feed(page)
    assert set(parsed.tags) <= TAGS
    assert parsed.values["name"] == name and parsed.values["utm_source"] == name
    assert parsed.values["message"] == message
    thanks = _Fields()
    thanks.feed(thanks_page(7, name))
    assert set(thanks.tags) <= TAGS and escape(name) in thanks_page(7, name)


@given(st.binary(min_size=1, max_size=32))
def test_csrf_tokens_verify_only_with_their_key(key: bytes) -> None:
    token = csrf.issue(key, now=1_000_000)
    assert csrf.verify(key, token, token, now=1_000_100)
    assert not csrf.verify(key + b"x", token, token, now=1_000_100)
    assert not csrf.verify(key, token, token, now=1_000_000 + csrf.MAX_AGE_S + 1)
    assert not csrf.verify(key, None, token, now=1_000_100)


def test_token_bucket_allows_a_burst_then_the_rate() -> None:
    now = [0.0]
    limiter = RateLimiter(rate=2.0, burst=3, clock=lambda: now[0], max_buckets=2)
    assert [limiter.acquire("s", "a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.acquire("s", "a") == 0.5  # half a second until the next token
    assert limiter.acquire("s", "b") == 0.0  # another client has its own bucket
    assert limiter.acquire("t", "a") == 0.0  # and so has another site
    now[0] = 0.1  # 0.2 tokens back: a kept bucket for ("s", "a") would still refuse
    assert limiter.acquire("s", "b") == 0.0
    assert limiter.acquire("s", "a") == 0.0  # the oldest bucket was dropped (max 2): a fresh one
    assert RateLimiter(rate=0, burst=1).acquire("s", "a") == 0.0  # off
