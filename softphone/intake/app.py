"""The intake ASGI app: JSON API, the HTML form and /health, on top of softphone.crm.

Database work is synchronous SQLAlchemy, so it runs in the thread pool; everything cheap
(limits, authentication from the cached site, validation) is decided before touching it, so a
rejected request stores nothing and costs little.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any
from urllib.parse import parse_qsl

from sqlalchemy import text
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from softphone.crm.db import Database
from softphone.crm.web_requests.input import SubmissionInvalid, parse_submission
from softphone.crm.web_requests.service import WebRequestService
from softphone.crm.web_requests.sites import SiteInfo, SiteService
from softphone.intake import csrf
from softphone.intake.config import IntakeConfig
from softphone.intake.form_page import HIDDEN, form_page, message_page, thanks_page
from softphone.intake.ratelimit import RateLimiter, retry_after_header

log = logging.getLogger(__name__)

MAX_KEY = 128
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
PAGE_HEADERS = {
    **SECURITY_HEADERS,
    # No scripts at all; the form may only post back here; any site may frame it.
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "form-action 'self'; base-uri 'none'",
}


class ApiError(Exception):
    # Any: extra fields of the JSON error body (JSONResponse takes any JSON value).
    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status, self.code, self.extra = status, code, extra


class BodyTooLarge(Exception):
    pass


def error_response(exc: ApiError) -> JSONResponse:
    headers = dict(SECURITY_HEADERS)
    if exc.status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    if "retry_after" in exc.extra:
        headers["Retry-After"] = exc.extra.pop("retry_after")
    content = {"error": str(exc), "code": exc.code, **exc.extra}
    return JSONResponse(content, status_code=exc.status, headers=headers)


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refusing more than `limit` bytes whatever Content-Length claims."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


class SiteCache:
    """Sites by name for a few seconds, so authenticating costs no query per request."""

    def __init__(self, sites: SiteService, ttl: float) -> None:
        self._sites, self._ttl = sites, ttl
        self._cache: dict[str, tuple[float, SiteInfo | None]] = {}

    async def get(self, name: str) -> SiteInfo | None:
        now = time.monotonic()
        hit = self._cache.get(name)
        if hit is not None and hit[0] > now:
            return hit[1]
        site = await run_in_threadpool(self._sites.get, name)
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[name] = (now + self._ttl, site)
        return site


class Intake:
    """Route handlers sharing the database, the site cache and the rate limiter."""

    def __init__(self, db: Database, config: IntakeConfig) -> None:
        self.db, self.config = db, config
        self.requests = WebRequestService(db)
        self.sites = SiteCache(SiteService(db), config.site_cache_s)
        self.limiter = RateLimiter(config.rate, config.burst)

    # -- helpers ---------------------------------------------------------------------------

    @staticmethod
    def client(request: Request) -> str:
        return request.client.host if request.client else ""

    def check_rate(self, site: str, request: Request) -> None:
        wait = self.limiter.acquire(site, self.client(request))
        if wait > 0:
            raise ApiError(
                429,
                "rate_limited",
                "Слишком много заявок подряд; повторите чуть позже",
                retry_after=retry_after_header(wait),
            )

    @staticmethod
    def authenticate(site: SiteInfo | None, request: Request, body: bytes) -> SiteInfo:
        signature = request.headers.get("x-signature")
        authorization = request.headers.get("authorization", "")
        if site is None or not site.active:
            raise ApiError(401, "unauthorized", "Неизвестный сайт или неверный токен")
        if signature is not None:
            if not site.signature_matches(body, signature):
                raise ApiError(401, "bad_signature", "Подпись X-Signature не совпадает с телом")
            return site
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ApiError(
                401,
                "unauthorized",
                "Нужен заголовок Authorization: Bearer <токен> или X-Signature: sha256=<подпись>",
            )
        if not site.token_matches(token.strip()):
            raise ApiError(401, "unauthorized", "Неизвестный сайт или неверный токен")
        return site

    # -- routes ----------------------------------------------------------------------------

    async def health(self, _request: Request) -> Response:
        def ping() -> None:
            with self.db.engine.connect() as conn:
                conn.execute(text("SELECT 1"))

        try:
            await run_in_threadpool(ping)
        except Exception as exc:
            log.error("Health check: database unavailable: %s", exc)
            return JSONResponse({"status": "error", "database": "недоступна"}, status_code=503)
        return JSONResponse({"status": "ok", "database": "ok"}, headers=SECURITY_HEADERS)

    async def create(self, request: Request) -> Response:
        try:
            return await self._create(request)
        except ApiError as exc:
            return error_response(exc)

    async def _create(self, request: Request) -> Response:
        name = request.path_params["site"]
        self.check_rate(name, request)
        try:
            body = await read_body(request, self.config.max_body)
        except BodyTooLarge:
            raise ApiError(
                413, "body_too_large", f"Запрос больше {self.config.max_body} байт"
            ) from None
        site = self.authenticate(await self.sites.get(name), request, body)
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media != "application/json":
            raise ApiError(415, "unsupported_media_type", "Нужен Content-Type: application/json")
        key = request.headers.get("idempotency-key")
        if key is not None and (not key.strip() or len(key) > MAX_KEY or not key.isprintable()):
            raise ApiError(
                400, "bad_idempotency_key", f"Idempotency-Key: от 1 до {MAX_KEY} печатных символов"
            )
        try:
            data = json.loads(body)
        except RecursionError:  # "[[[[..." nested deeper than the parser goes
            raise ApiError(400, "bad_json", "Тело запроса — слишком вложенный JSON") from None
        except ValueError as exc:  # bad UTF-8, bad JSON, a number of 5000 digits
            raise ApiError(400, "bad_json", f"Тело запроса — не JSON: {exc}") from None
        if not isinstance(data, dict):
            raise ApiError(400, "bad_json", "Ожидался JSON-объект с полями заявки")
        try:
            submission = parse_submission(data)
        except SubmissionInvalid as exc:
            raise ApiError(422, "invalid", str(exc), fields=exc.errors) from None
        accepted = await run_in_threadpool(
            self.requests.submit,
            site.id,
            submission,
            idempotency_key=key,
            client_ip=self.client(request),
            site_name=site.name,
        )
        if accepted.created:
            log.info("Request %d accepted from site %s", accepted.request.id, site.name)
        headers = dict(SECURITY_HEADERS)
        if not accepted.created:
            headers["Idempotent-Replayed"] = "true"
        return JSONResponse(
            {
                "id": accepted.request.id,
                "status": accepted.request.status,
                "created": accepted.created,
            },
            status_code=201 if accepted.created else 200,
            headers=headers,
        )

    # -- HTML form -------------------------------------------------------------------------

    def _cookie(self, response: Response, request: Request, site: str, token: str) -> None:
        secure = request.url.scheme == "https"
        response.set_cookie(
            csrf.COOKIE,
            token,
            max_age=csrf.MAX_AGE_S,
            path=f"/form/{site}",
            httponly=True,
            secure=secure,
            # Embedding in another site's page needs SameSite=None, which browsers allow only
            # over HTTPS; over plain HTTP the form works when linked to, not framed.
            samesite="none" if secure else "lax",
        )

    async def form(self, request: Request) -> Response:
        name = request.path_params["site"]
        site = await self.sites.get(name)
        if site is None or not site.active:
            return HTMLResponse(
                message_page("Форма не найдена", "Такой формы нет."), 404, headers=PAGE_HEADERS
            )
        values = {k: v for k, v in request.query_params.items() if k in HIDDEN}
        if not values.get("page_url"):
            values["page_url"] = request.headers.get("referer", "")[:2048]
        token = csrf.issue(site.derived_key("csrf"))
        response = HTMLResponse(form_page(site.name, token, values), headers=PAGE_HEADERS)
        self._cookie(response, request, site.name, token)
        return response

    async def submit_form(self, request: Request) -> Response:
        name = request.path_params["site"]
        site = await self.sites.get(name)
        if site is None or not site.active:
            return HTMLResponse(
                message_page("Форма не найдена", "Такой формы нет."), 404, headers=PAGE_HEADERS
            )
        if self.limiter.acquire(site.name, self.client(request)) > 0:
            text_ = "Слишком много заявок подряд. Подождите немного и отправьте снова."
            return HTMLResponse(message_page("Подождите", text_), 429, headers=PAGE_HEADERS)
        try:
            body = await read_body(request, self.config.max_body)
        except BodyTooLarge:
            text_ = "Текст слишком длинный. Сократите сообщение и отправьте снова."
            return HTMLResponse(message_page("Слишком много", text_), 413, headers=PAGE_HEADERS)
        fields = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        token = fields.pop("csrf", "")
        key = site.derived_key("csrf")
        if not csrf.verify(key, request.cookies.get(csrf.COOKIE), token):
            text_ = (
                "Форма устарела или открыта не с нашего сайта. "
                "Обновите страницу и отправьте снова."
            )
            return HTMLResponse(message_page("Форма устарела", text_), 403, headers=PAGE_HEADERS)
        try:
            submission = parse_submission(fields)
        except SubmissionInvalid as exc:
            fresh = csrf.issue(key)
            page = form_page(site.name, fresh, fields, exc.errors)
            response = HTMLResponse(page, 422, headers=PAGE_HEADERS)
            self._cookie(response, request, site.name, fresh)
            return response
        accepted = await run_in_threadpool(
            self.requests.submit,
            site.id,
            submission,
            # One form load, one request: a double click or a reload re-sends the same nonce.
            idempotency_key=f"form:{csrf.nonce_of(token)}",
            client_ip=self.client(request),
            site_name=site.name,
        )
        return HTMLResponse(
            thanks_page(accepted.request.id, submission.name), headers=PAGE_HEADERS
        )


async def _not_found(_request: Request, _exc: Exception) -> Response:
    return error_response(ApiError(404, "not_found", "Такого адреса нет"))


async def _bad_method(_request: Request, _exc: Exception) -> Response:
    return error_response(ApiError(405, "method_not_allowed", "Этот адрес так не вызывают"))


def create_app(db: Database, config: IntakeConfig | None = None) -> Starlette:
    intake = Intake(db, config or IntakeConfig())
    routes = [
        Route("/health", intake.health, methods=["GET"]),
        Route("/api/sites/{site}/requests", intake.create, methods=["POST"]),
        Route("/form/{site}", intake.form, methods=["GET"]),
        Route("/form/{site}", intake.submit_form, methods=["POST"]),
    ]
    app = Starlette(routes=routes, exception_handlers={404: _not_found, 405: _bad_method})
    app.state.intake = intake
    return app
