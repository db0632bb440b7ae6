"""The one ASGI app: the JSON API under /api, staff endpoints under /api/admin, and (when present) the chat page,
widget and admin page from `assistant.web.page.mount_ui`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading

import httpx
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from sqlalchemy.exc import InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.config import Settings
from assistant.pipeline import Assistant, IndexMissingError, QuestionError
from assistant.providers import VectorStoreUnavailableError
from assistant.store import Store
from assistant.templates import Messages
from assistant.staff import Staff
from assistant.web import admin_api, api
from assistant.web.access import AuthThrottle, LoginThrottle, SecurityHeaders

log = logging.getLogger(__name__)

JSON_BODY_LIMIT = 1_000_000  # bytes; documents go to the upload endpoint, which has its own limit
PURGE_EVERY_SECONDS = 24 * 3600


class BodySizeLimit:
    """413 for API requests whose body is larger than allowed: before anything reads it when the request announces
    its length, else (a chunked body) as soon as the bytes read pass the limit."""

    def __init__(self, app: ASGIApp, json_limit: int, upload_limit: int):
        self.app, self.json_limit, self.upload_limit = app, json_limit, upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        limit = self.upload_limit if scope["path"].startswith("/api/admin/documents") else self.json_limit
        too_large = f"Request body too large (limit {limit} bytes)."
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await JSONResponse({"detail": too_large}, status_code=413)(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:  # FastAPI re-raises an HTTPException met while reading the body
                    raise StarletteHTTPException(413, too_large)
            return message

        await self.app(scope, counted, send)


def _field(loc: tuple | list) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = []
    for err in exc.errors():
        kind, loc = err.get("type", ""), list(err.get("loc", []))
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        if kind == "json_invalid":
            at = f" (at character {loc[1]})" if len(loc) > 1 else ""
            msg, loc = f"the request body is not valid JSON{at}", ["body"]
        elif loc == ["body"] and kind in ("model_attributes_type", "dict_type", "model_type"):
            msg = "the request body must be a JSON object (Content-Type: application/json)"
        errors.append({"loc": loc, "field": _field(loc), "msg": msg, "type": kind})
    message = "; ".join(f"{e['field']}: {e['msg']}" for e in errors)
    return JSONResponse({"detail": errors, "message": message}, status_code=422)


def _question_error(_request: Request, exc: QuestionError) -> JSONResponse:
    error = {"loc": ["body", "message"], "field": "message", "msg": str(exc), "type": "question"}
    return JSONResponse({"detail": [error], "message": f"message: {exc}"}, status_code=422)


def _index_missing(_request: Request, exc: IndexMissingError) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=503, headers={"Retry-After": "60"})


def _index_unreachable(_request: Request, exc: Exception) -> JSONResponse:
    log.error("the vector store is unreachable (%s): request refused", type(exc).__name__)
    return JSONResponse({"detail": "The knowledge index is not reachable right now. Please try again in a minute."},
                        status_code=503, headers={"Retry-After": "15"})


def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)


def _server_error(_request: Request, exc: Exception) -> JSONResponse:
    # The traceback goes to the server log (uvicorn logs it); the client gets no internals.
    return JSONResponse({"detail": "Something went wrong on our side. Please try again later."}, status_code=500)


# What drivers say when the database is there but cannot take a write now (SQLite, PostgreSQL).
_UNAVAILABLE = ("database is locked", "readonly database", "read-only", "unable to open database", "disk i/o error",
                "database or disk is full", "could not connect", "connection refused", "server closed the connection",
                "connection failed", "terminating connection", "the database system is starting up",
                "the database system is shutting down", "connection is closed",
                "is the server running")  # libpq's hint on any failed connect, Unix socket included


def _database_error(request: Request, exc: OperationalError | InterfaceError) -> JSONResponse:
    reason = str(exc.orig or "").lower()  # the driver's message only: no SQL, no parameters (no personal data)
    if not any(marker in reason for marker in _UNAVAILABLE):
        log.error("database error", exc_info=exc)
        return _server_error(request, exc)
    # The write's transaction was rolled back: tell the user plainly that nothing was saved.
    log.error("database unavailable (%s): request refused, nothing saved", reason)
    return JSONResponse({"detail": "The database is not available right now (it is locked or read-only), so nothing "
                                   "was saved. Please try again in a minute."},
                        status_code=503, headers={"Retry-After": "30"})


async def _purge_daily(store: Store, settings: Settings) -> None:
    staff = Staff(store)
    while True:
        try:
            await asyncio.to_thread(store.purge, settings.retention_days)
            await asyncio.to_thread(staff.purge_audit, settings.audit_retention_days)
        except Exception:  # noqa: BLE001 - retention must not take the server down
            log.exception("purging old data failed")
        await asyncio.sleep(PURGE_EVERY_SECONDS)


def _example_specialists(settings: Settings) -> list[str]:
    """Ids of specialists whose contact details are still the shipped examples (`example: true`)."""
    from assistant.referral import load_specialists

    try:
        return [s.id for s in load_specialists(settings.knowledge_dir / "specialists.yaml") if s.contact.get("example")]
    except ValueError:
        return []  # a broken directory is reported where it is loaded


def create_app(settings: Settings, assistant: Assistant | None = None, *, with_ui: bool = True) -> FastAPI:
    """The web app around one Assistant (built here when not given; models load on first use or `warm_up`)."""
    assistant = assistant or Assistant(settings)
    store = Store(settings)
    limiter = api.RateLimiter(settings.rate_limit, settings.rate_limit_storage)
    api_messages = Messages(settings.prompts_dir / "api.yaml")

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI):
        purger = asyncio.create_task(_purge_daily(store, settings))
        stop_watch = threading.Event()
        try:
            assistant.watch_index(stop_watch)  # follows indexing done by other instances or the command line
        except Exception:  # noqa: BLE001 - the database is down at start: health says so; answers still work
            log.warning("cannot follow the index generation (database unreachable?)", exc_info=True)
        try:
            yield
        finally:
            stop_watch.set()
            purger.cancel()
            store.close()

    app = FastAPI(
        title=settings.assistant_name,
        summary="Social-media advice for entrepreneurs: answers with sources, or a referral to a specialist.",
        version=api.package_version(),
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.assistant = assistant
    app.state.store = store
    app.state.rate_limiter = limiter
    app.state.api_messages = api_messages
    app.state.last_index = None
    app.state.staff = Staff(store)
    app.state.auth_throttle = AuthThrottle(settings.auth_fail_limit, settings.rate_limit_storage)
    app.state.example_specialists = _example_specialists(settings)
    if app.state.example_specialists:
        log.warning("knowledge/specialists.yaml still holds EXAMPLE contacts (%s): visitors are shown example.org "
                    "addresses; replace them and remove `example: true`", ", ".join(app.state.example_specialists))
    if settings.admin_token is not None:
        log.warning("ASSISTANT_ADMIN_TOKEN is a shared token kept for one release: give staff their own accounts "
                    "(assistant staff add) and systems their own tokens (assistant token create), then unset it")

    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(QuestionError, _question_error)
    app.add_exception_handler(IndexMissingError, _index_missing)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(OperationalError, _database_error)
    app.add_exception_handler(InterfaceError, _database_error)
    # Chroma's client/server mode: the server is down (at connect, or under way; the client speaks httpx)
    app.add_exception_handler(VectorStoreUnavailableError, _index_unreachable)
    app.add_exception_handler(httpx.TransportError, _index_unreachable)
    app.add_exception_handler(Exception, _server_error)

    app.add_middleware(BodySizeLimit, json_limit=JSON_BODY_LIMIT, upload_limit=settings.max_upload_bytes + 100_000)
    app.add_middleware(SecurityHeaders, frame_ancestors=settings.cors_origins)
    app.add_middleware(LoginThrottle)
    # Outermost, so that errors reach allowed sites readably. No credentials: the widget sends none, and the
    # admin endpoints need an Authorization header that cross-site browsers are not allowed to send.
    app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_credentials=False,
                       allow_methods=["GET", "POST"], allow_headers=["Content-Type"], max_age=600)

    app.include_router(api.router)
    app.include_router(admin_api.router)

    @app.api_route("/api/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
    def api_not_found(path: str, request: Request) -> JSONResponse:
        # Without this, unknown /api paths would fall through to the chat page mounted at "/".
        return JSONResponse({"detail": f"No API endpoint {request.method} /api/{path}; see /docs."}, status_code=404)

    if with_ui:
        try:
            from assistant.web.page import mount_ui
        except ModuleNotFoundError as exc:
            if exc.name != "assistant.web.page":
                raise
            log.warning("assistant.web.page is not available: serving the API only")
        else:
            app = mount_ui(app, assistant, settings)
    return app


def worker_app() -> FastAPI:
    """The app of one worker process of `assistant serve --workers N` (uvicorn's factory): settings from the
    environment, models loaded before the worker takes requests."""
    from assistant.config import get_settings

    settings = get_settings()
    assistant = Assistant(settings)
    assistant.warm_up()
    return create_app(settings, assistant)
