"""The public JSON API under /api: chat (plain and streamed), feedback, referral requests, health, specialists."""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import math
import threading
import time
from collections.abc import AsyncIterator
from typing import Annotated
from importlib.metadata import PackageNotFoundError, version

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from fastapi.responses import JSONResponse, Response
from sse_starlette import EventSourceResponse
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool

from assistant.llm import AnswerCancelled
from assistant.store import HISTORY_TURNS, NotFoundError, new_session_id
from assistant.types import Turn
from assistant.web.access import client_address
from assistant.web.schemas import (
    MAX_ROW_ID,
    ChatRequest,
    ChatResponse,
    FeedbackComment,
    FeedbackRequest,
    FeedbackResponse,
    Health,
    PublicConfig,
    ReferralCreate,
    ReferralCreated,
    SpecialistOut,
)

log = logging.getLogger(__name__)


class RateLimiter:
    """A moving-window limit per client (the `limits` library); `spec` like '30/minute' or '30/minute;5/second'."""

    def __init__(self, spec: str, storage_uri: str = "memory://"):
        from limits import parse_many
        from limits.storage import storage_from_string
        from limits.strategies import MovingWindowRateLimiter

        try:
            self.items = parse_many(spec)
        except ValueError:
            raise ValueError(f"ASSISTANT_RATE_LIMIT {spec!r} is not a rate like '30/minute' or '30/minute;5/second'") from None
        self._limiter = MovingWindowRateLimiter(storage_from_string(storage_uri))

    def retry_after(self, key: str) -> int | None:
        """Seconds until `key` may go on when its budget is used up, else None (nothing is counted)."""
        blocked = [item for item in self.items if not self._limiter.test(item, "api", key)]
        if not blocked:
            return None
        reset = max(self._limiter.get_window_stats(item, "api", key).reset_time for item in blocked)
        return max(1, math.ceil(reset - time.time()))

    def hit(self, key: str) -> int | None:
        """Count a request; None when allowed, else the seconds until the client may try again."""
        retry = self.retry_after(key)
        if retry is None:
            for item in self.items:
                self._limiter.hit(item, "api", key)
        return retry


def rate_limited(request: Request) -> None:
    """Dependency: one shared budget per client address for the public write endpoints."""
    retry = request.app.state.rate_limiter.hit(client_address(request))
    if retry is not None:
        raise HTTPException(429, f"Too many requests; try again in {retry} seconds.", headers={"Retry-After": str(retry)})


router = APIRouter(prefix="/api", tags=["chat"])


def package_version() -> str:
    try:
        return version("social-media-assistant")
    except PackageNotFoundError:
        return "0.0.0"


def _conversation(request: Request, body: ChatRequest) -> tuple[str, list[Turn]]:
    """The session id (new when none was given) and the history to answer a follow-up with."""
    store = request.app.state.store
    session_id = body.session_id or new_session_id()
    history = store.history(session_id) if body.session_id else []
    if not history and body.history:
        history = body.history[-HISTORY_TURNS:]
    return session_id, history


@router.post("/chat", response_model=ChatResponse, dependencies=[Depends(rate_limited)],
             summary="Ask a question; the structured answer plus session_id and message_id")
def chat(body: ChatRequest, request: Request) -> ChatResponse:
    assistant = request.app.state.assistant
    question = assistant.prepare(body.message)  # QuestionError -> 422 before anything else happens
    session_id, history = _conversation(request, body)
    answer = assistant.ask(question, history, body.language)
    message_id = request.app.state.store.record_exchange(session_id, question, answer)
    return ChatResponse(**answer.model_dump(), session_id=session_id, message_id=message_id)


FIRST_EVENT_WAIT = 1.0  # seconds the status line waits for the first event of a streamed answer


async def _watch_disconnect(request: Request, cancel: threading.Event, every: float = 0.25) -> None:
    while not cancel.is_set():
        if await request.is_disconnected():
            cancel.set()
            return
        await asyncio.sleep(every)


def _sse(event: str, data: dict) -> dict:
    """One event as sse-starlette takes it (the response encodes it with its own line separator)."""
    return {"event": event, "data": json.dumps(data, ensure_ascii=False)}


@router.post("/chat/stream", dependencies=[Depends(rate_limited)],
             response_class=EventSourceResponse,
             responses={200: {"content": {"text/event-stream": {}},
                              "description": "`delta` events {text} (after a `reset` event, clear the text "
                                             "streamed so far), then one `answer` event (as /api/chat); comment "
                                             "lines (`: ping`) keep a quiet stream open."}},
             summary="Ask a question; the answer as server-sent events")
async def chat_stream(body: ChatRequest, request: Request) -> EventSourceResponse:
    """Server-sent events through sse-starlette, with keep-alive pings. A client that goes away stops its answer:
    an LLM call under way is abandoned between tokens and nothing is stored."""
    assistant = request.app.state.assistant
    store = request.app.state.store
    question = assistant.prepare(body.message)
    session_id, history = await run_in_threadpool(_conversation, request, body)
    cancel = threading.Event()
    events = assistant.ask_stream(question, history, body.language, cancel=cancel)
    # The status line waits a moment for the first event, so that errors before it (no index, a bad request) get
    # a proper HTTP status; an LLM that takes longer to write its first checked sentence finds the stream already
    # open, kept alive by pings. A client that goes away meanwhile already stops the work.
    first = asyncio.ensure_future(run_in_threadpool(next, events))
    first.add_done_callback(lambda task: task.cancelled() or task.exception())  # retrieved, whoever awaits it
    watcher = asyncio.create_task(_watch_disconnect(request, cancel))
    try:
        await asyncio.wait({first}, timeout=FIRST_EVENT_WAIT)
        if first.done():
            first.result()  # raises what answering raised: the app's handlers give the status
    except AnswerCancelled:
        return Response(status_code=499)  # nobody is listening; nginx's code for "client closed request"
    finally:
        watcher.cancel()

    def record(answer) -> dict:
        message_id = store.record_exchange(session_id, question, answer)
        return _sse("answer", {**answer.model_dump(), "session_id": session_id, "message_id": message_id})

    async def stream() -> AsyncIterator[dict]:
        try:
            async for event in iterate_in_threadpool(itertools.chain([await first], events)):
                kind = event["type"]
                if kind == "answer":
                    yield await run_in_threadpool(record, event["answer"])  # a database write
                else:  # "delta" {text}; "reset" (an LLM answer was replaced: clear what was streamed)
                    yield _sse(kind, {k: v for k, v in event.items() if k != "type"})
        except AnswerCancelled:
            return
        except Exception:  # the status line is sent: tell the client in the stream
            log.exception("streaming an answer failed")
            yield _sse("error", {"detail": "Something went wrong while answering. Please try again."})
        finally:  # also when the client went away and sse-starlette cancelled this generator
            cancel.set()

    return EventSourceResponse(stream(), ping=request.app.state.settings.sse_ping_seconds, sep="\n",
                               headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


@router.post("/feedback", response_model=FeedbackResponse, status_code=201, dependencies=[Depends(rate_limited)],
             summary="Thumbs up or down on an answer, with an optional comment")
def feedback(body: FeedbackRequest, request: Request) -> FeedbackResponse:
    try:
        stored = request.app.state.store.add_feedback(
            body.session_id, body.rating, message_id=body.message_id,
            question=(body.question or "").strip() or None, comment=(body.comment or "").strip() or None,
        )
    except NotFoundError as exc:
        raise HTTPException(404, str(exc)) from None
    lang = stored["language"] or request.app.state.settings.language_default
    return FeedbackResponse(id=stored["id"], message=request.app.state.api_messages.get("feedback_received", lang))


@router.post("/feedback/{feedback_id}/comment", status_code=204, dependencies=[Depends(rate_limited)],
             summary="What was missing: a comment on a rating of this session")
def feedback_comment(feedback_id: Annotated[int, Path(ge=1, le=MAX_ROW_ID)], body: FeedbackComment,
                     request: Request) -> Response:
    comment = body.comment.strip()
    if not comment:
        raise HTTPException(422, "the comment is empty")
    if not request.app.state.store.add_feedback_comment(feedback_id, body.session_id, comment):
        raise HTTPException(404, "no rating with this id in this session")
    return Response(status_code=204)


@router.post("/referrals", response_model=ReferralCreated, status_code=201, dependencies=[Depends(rate_limited)],
             summary="A contact request for a specialist (needs consent)")
def referral(body: ReferralCreate, request: Request) -> ReferralCreated:
    known = {s.id for s in request.app.state.assistant.decider.specialists}
    if body.specialist_id and body.specialist_id not in known:
        raise HTTPException(422, f"unknown specialist_id {body.specialist_id!r}; see GET /api/specialists")
    store = request.app.state.store
    lang = (body.language or (store.conversation_language(body.session_id) if body.session_id else None)
            or request.app.state.settings.language_default)
    stored = store.add_referral(  # committed before the acknowledgement below
        name=body.name, email=body.email, phone=body.phone, question=body.question, consent=body.consent,
        session_id=body.session_id, specialist_id=body.specialist_id, language=lang,
    )
    return ReferralCreated(id=stored["id"], status=stored["status"],
                           message=request.app.state.api_messages.get("referral_received", lang))


@router.get("/health", response_model=Health, responses={503: {"model": Health}}, summary="Liveness and index status")
def health(request: Request) -> JSONResponse:
    database = request.app.state.store.ping()
    try:
        chunks = request.app.state.assistant.chunk_count()
    except Exception:  # noqa: BLE001 - a broken index is reported, not raised
        log.exception("cannot count indexed chunks")
        chunks = -1
    if chunks == 0:
        status = "index_missing"
    else:
        status = "ok" if chunks > 0 and database else "degraded"
    body = Health(status=status, chunks=max(chunks, 0), database=database, version=package_version())
    if status == "ok":
        return JSONResponse(body.model_dump())
    # a load balancer takes the instance out; a client knows when to try again
    return JSONResponse(body.model_dump(), status_code=503, headers={"Retry-After": "15" if chunks else "60"})


@router.get("/specialists", response_model=list[SpecialistOut], summary="Who a referral can go to")
def specialists(request: Request, language: str = "nl") -> list[SpecialistOut]:
    lang = language if language in ("nl", "en") else "nl"
    return [
        SpecialistOut(
            id=s.id, name=s.name.get(lang) or s.name.get("nl", s.id),
            description=s.description.get(lang) or s.description.get("nl", ""), reasons=s.reasons,
            contact={k: v for k, v in s.contact.items() if k != "example" and v not in (None, "")},
            example_contact=bool(s.contact.get("example")),
        )
        for s in request.app.state.assistant.decider.specialists
    ]


@router.get("/config", response_model=PublicConfig, summary="Branding and texts for the page and the widget")
def public_config(request: Request) -> PublicConfig:
    s = request.app.state.settings
    return PublicConfig(
        assistant_name=s.assistant_name, primary_color=s.primary_color, logo_url=s.logo_url,
        privacy_url=s.privacy_url, welcome={"nl": s.welcome_nl, "en": s.welcome_en},
        starter_questions={"nl": s.starter_questions_nl, "en": s.starter_questions_en},
        max_question_chars=s.max_question_chars, older_source_years=s.older_source_years,
    )
