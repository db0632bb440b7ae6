"""Staff endpoints under /api/admin, behind `Authorization: Bearer <service token>` (or the legacy
ASSISTANT_ADMIN_TOKEN), with roles (assistant.web.access): a viewer reads referrals, feedback, conversations
(each answer with why it got its route), documents, the index status and the knowledge gaps; an editor also changes the knowledge (upload, delete, reindex, phrasings)
and marks referrals handled; only an admin exports, exports or deletes a person's data, and reads the audit trail.

The routes are thin: the work, and the one audit row each change or export leaves, is in the admin service
(assistant.web.admin_service and admin_documents), which the /admin page calls too.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Path as PathParam, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from assistant.gaps import DEFAULT_THRESHOLD
from assistant.store import ConversationFilter
from assistant.web import admin_documents as docs
from assistant.web import admin_service as service
from assistant.web.access import authenticate, client_address, require
from assistant.web.admin_service import AdminError, Who
from assistant.web.schemas import MAX_ROW_ID, HandledRequest, PersonRequest, SessionId

router = APIRouter(prefix="/api/admin", tags=["admin"], dependencies=[Depends(authenticate)])
VIEWER, EDITOR, ADMIN = (Depends(require(role)) for role in ("viewer", "editor", "admin"))


def who(request: Request) -> Who:
    """The caller authenticate() let in, and from where."""
    actor = request.state.actor
    return Who(actor.name, actor.role, client_address(request))


def _parts(request: Request):
    state = request.app.state
    return state.store, state.staff, state.assistant


def _csv(named: tuple[str, str]) -> Response:
    filename, text = named
    return Response(text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _http(exc: AdminError) -> HTTPException:
    return HTTPException(exc.status, str(exc))


# -- referrals and feedback -----------------------------------------------------------------
@router.get("/referrals", summary="Stored contact requests, newest first", dependencies=[VIEWER])
def list_referrals(request: Request, status: Literal["new", "handled"] | None = None,
                   limit: int = Query(500, ge=1, le=10_000),
                   offset: int = Query(0, ge=0, le=MAX_ROW_ID)) -> list[dict]:
    return service.list_referrals(request.app.state.store, status, limit, offset)


@router.get("/referrals.csv", summary="All contact requests as CSV", response_class=Response, dependencies=[ADMIN])
def export_referrals(request: Request, status: Literal["new", "handled"] | None = None) -> Response:
    store, staff, _ = _parts(request)
    return _csv(service.export(store, staff, who(request), "referrals", status))


@router.post("/referrals/{referral_id}/handled", summary="Mark a contact request handled (or new again)", dependencies=[EDITOR])
def mark_handled(request: Request, referral_id: int = PathParam(ge=1, le=MAX_ROW_ID),
                 body: HandledRequest | None = None) -> dict:
    store, staff, _ = _parts(request)
    try:
        return service.mark_handled(store, staff, who(request), referral_id, body.handled if body else True)
    except AdminError as exc:
        raise _http(exc) from None


@router.get("/feedback", summary="Stored feedback, newest first", dependencies=[VIEWER])
def list_feedback(request: Request, rating: Literal["up", "down"] | None = None,
                  limit: int = Query(500, ge=1, le=10_000),
                  offset: int = Query(0, ge=0, le=MAX_ROW_ID)) -> list[dict]:
    return service.list_feedback(request.app.state.store, rating, limit, offset)


@router.get("/feedback.csv", summary="All feedback as CSV", response_class=Response, dependencies=[ADMIN])
def export_feedback(request: Request, rating: Literal["up", "down"] | None = None) -> Response:
    store, staff, _ = _parts(request)
    return _csv(service.export(store, staff, who(request), "feedback", rating))


# -- conversations: each answer with why it got its route ---------------------------------------------------------
@router.get("/conversations", summary="Recent conversations, latest activity first", dependencies=[VIEWER])
def list_conversations(request: Request,
                       only: ConversationFilter | None = Query(None, alias="filter", description=(
                           "only those where an answer referred, asked 'did you mean', was off-topic, or got a "
                           "thumbs down")),
                       limit: int = Query(100, ge=1, le=1000),
                       offset: int = Query(0, ge=0, le=MAX_ROW_ID)) -> list[dict]:
    return service.list_conversations(request.app.state.store, only, limit, offset)


@router.get("/conversations/{session_id}", summary="One conversation; each answer with its routing decision", dependencies=[VIEWER])
def conversation(request: Request, session_id: SessionId) -> dict:
    try:
        return service.conversation(request.app.state.store, session_id)
    except AdminError as exc:
        raise _http(exc) from None


# -- a person's data (email in the body, never in a URL that lands in logs) -----------------------
@router.post("/people/export", summary="Everything stored about a person, by email", dependencies=[ADMIN])
def export_person(body: PersonRequest, request: Request) -> dict:
    store, staff, _ = _parts(request)
    return service.export_person(store, staff, who(request), body.email)


@router.post("/people/delete", summary="Erase a person's contact requests and linked conversations, by email", dependencies=[ADMIN])
def delete_person(body: PersonRequest, request: Request) -> dict:
    store, staff, _ = _parts(request)
    return {"deleted": service.delete_person(store, staff, who(request), body.email)}


# -- documents and the index ----------------------------------------------------------------
@router.post("/documents", status_code=201, summary="Upload a document (md, txt, html, pdf) to the knowledge", dependencies=[EDITOR])
def upload_document(request: Request, file: UploadFile, reindex: bool = False) -> dict:
    _, staff, assistant = _parts(request)
    try:
        body = docs.upload(assistant, staff, who(request), file.filename, file.file,
                           request.app.state.settings.max_upload_bytes, reindex=reindex)
    except AdminError as exc:
        raise _http(exc) from None
    if reindex:
        request.app.state.last_index = body["index"]
    return body


@router.get("/documents", summary="Uploaded documents", dependencies=[VIEWER])
def list_documents(request: Request) -> list[dict]:
    return docs.documents(request.app.state.assistant)


@router.get("/knowledge", summary="The built-in knowledge: the project's notes and answer cards (read-only)", dependencies=[VIEWER])
def builtin_knowledge(request: Request) -> dict:
    return docs.builtin_knowledge(request.app.state.assistant.settings)


class TryQuestion(BaseModel):
    question: str = Field("", max_length=1000, description="A question to answer from this document alone.")


@router.post("/documents/{name}/preview", summary="A document's sections, and how it answers a question, before publishing", dependencies=[EDITOR])
def preview_document(name: str, request: Request, body: TryQuestion | None = None) -> dict:
    """Reads the uploaded file as the indexer will (headings, lists, PDF pages) and answers `question` from this
    document alone, whether or not it is indexed yet."""
    try:
        return docs.preview(request.app.state.assistant, name, body.question if body else "")
    except AdminError as exc:
        raise _http(exc) from None


@router.delete("/documents/{name}", summary="Remove an uploaded document (reindex to drop it from answers)", dependencies=[EDITOR])
def delete_document(name: str, request: Request, reindex: bool = False) -> dict:
    _, staff, assistant = _parts(request)
    try:
        body = docs.delete(assistant, staff, who(request), name, reindex=reindex)
    except AdminError as exc:
        raise _http(exc) from None
    if reindex:
        request.app.state.last_index = body["index"]
    return body


@router.post("/reindex", summary="Bring the index in line with knowledge/ and the uploads", dependencies=[EDITOR])
def reindex(request: Request) -> dict:
    _, staff, assistant = _parts(request)
    result = request.app.state.last_index = docs.reindex(assistant, staff, who(request))
    return result


@router.get("/audit", summary="The audit trail: who did what, when and from where, newest first", dependencies=[ADMIN])
def audit_trail(request: Request, limit: int = Query(500, ge=1, le=10_000),
                offset: int = Query(0, ge=0, le=MAX_ROW_ID)) -> list[dict]:
    return service.audit_trail(request.app.state.staff, limit, offset)


@router.get("/audit.csv", summary="The audit trail as CSV", response_class=Response, dependencies=[ADMIN])
def export_audit(request: Request) -> Response:
    return _csv(service.export_audit(request.app.state.staff, who(request)))


@router.get("/index", summary="Index and database status", dependencies=[VIEWER])
def index_status(request: Request) -> dict:
    state = request.app.state
    return docs.index_status(state.assistant, state.store, state.last_index)


@router.get("/gaps", summary="Knowledge-gaps report: unanswered and badly rated questions, grouped", dependencies=[VIEWER])
def gaps(request: Request, days: int | None = Query(None, ge=1, le=3650),
         threshold: float = Query(DEFAULT_THRESHOLD, gt=0.0, le=1.0),
         limit: int = Query(50, ge=1, le=500)) -> dict:
    return service.gaps(request.app.state.store, request.app.state.assistant, days, threshold, limit)


# -- closing the loop: users' own words as new phrasings of cards ------------------------------------
class PhrasingRequest(BaseModel):
    card_id: str = Field(min_length=1, max_length=100, pattern=r"^[a-z0-9][a-z0-9-]*$")
    language: Literal["nl", "en"]
    question: str = Field(min_length=2, max_length=500)


@router.post("/phrasings", status_code=201, summary="Add a question (e.g. from the knowledge gaps) as a phrasing of a card", dependencies=[EDITOR])
def add_phrasing(body: PhrasingRequest, request: Request) -> dict:
    _, staff, assistant = _parts(request)
    try:
        return service.add_phrasing(assistant, staff, who(request), body.card_id, body.language, body.question)
    except AdminError as exc:
        raise _http(exc) from None


@router.get("/phrasings/suggested", summary="Users' own words paired with the card they clicked after 'did you mean'", dependencies=[VIEWER])
def suggested_phrasings(request: Request, status: Literal["new", "accepted", "rejected"] | None = "new") -> list[dict]:
    return service.suggested_phrasings(request.app.state.store, status)


@router.post("/phrasings/suggested/{suggestion_id}/{decision}", summary="Accept or reject a suggested phrasing", dependencies=[EDITOR])
def decide_phrasing(request: Request, decision: Literal["accept", "reject"],
                    suggestion_id: int = PathParam(ge=1, le=MAX_ROW_ID)) -> dict:
    store, staff, assistant = _parts(request)
    try:
        return service.decide_phrasing(store, assistant, staff, who(request), suggestion_id, decision == "accept")
    except AdminError as exc:
        raise _http(exc) from None
