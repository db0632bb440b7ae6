"""Staff endpoints under /api/admin, behind `Authorization: Bearer <service token>` (or the legacy
ASSISTANT_ADMIN_TOKEN), with roles (assistant.web.access): a viewer reads referrals, feedback, documents, the
index status and the knowledge gaps; an editor also changes the knowledge (upload, delete, reindex, phrasings)
and marks referrals handled; only an admin exports, exports or deletes a person's data, and reads the audit trail.
Every change and every export leaves one audit row.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Path as PathParam, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from assistant.cards import add_accepted_phrasing
from assistant.gaps import DEFAULT_THRESHOLD, knowledge_gaps
from assistant.ingest import SUPPORTED, IngestError, load_file
from assistant.store import NotFoundError
from assistant.web.access import audit, authenticate, require
from assistant.web.schemas import MAX_ROW_ID, HandledRequest, PersonRequest

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api/admin", tags=["admin"], dependencies=[Depends(authenticate)])
VIEWER, EDITOR, ADMIN = (Depends(require(role)) for role in ("viewer", "editor", "admin"))

# Cells that spreadsheet programs would run as formulas.
_FORMULA = re.compile(r"^[=+\-@\t\r]")


def _csv(rows: list[dict], columns: list[str], filename: str) -> Response:
    out = io.StringIO()
    out.write("\ufeff")  # so that Excel reads UTF-8
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        cells = ["" if row.get(c) is None else str(row.get(c)) for c in columns]
        writer.writerow(["'" + c if _FORMULA.match(c) else c for c in cells])
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


REFERRAL_COLUMNS = ["id", "status", "created_at", "handled_at", "name", "email", "phone", "question",
                    "specialist_id", "language", "consent", "session_id"]
FEEDBACK_COLUMNS = ["id", "created_at", "rating", "question", "comment", "route", "language", "message_id", "session_id"]


# -- referrals and feedback -----------------------------------------------------------------
@router.get("/referrals", summary="Stored contact requests, newest first", dependencies=[VIEWER])
def list_referrals(request: Request, status: Literal["new", "handled"] | None = None,
                   limit: int = Query(500, ge=1, le=10_000),
                   offset: int = Query(0, ge=0, le=MAX_ROW_ID)) -> list[dict]:
    return request.app.state.store.list_referrals(status, limit, offset)


@router.get("/referrals.csv", summary="All contact requests as CSV", response_class=Response, dependencies=[ADMIN])
def export_referrals(request: Request, status: Literal["new", "handled"] | None = None) -> Response:
    rows = request.app.state.store.list_referrals(status, limit=1_000_000)
    audit(request, "referrals.export", f"{len(rows)} rows")
    return _csv(rows, REFERRAL_COLUMNS, f"referrals-{datetime.now(UTC):%Y%m%d}.csv")


@router.post("/referrals/{referral_id}/handled", summary="Mark a contact request handled (or new again)", dependencies=[EDITOR])
def mark_handled(request: Request, referral_id: int = PathParam(ge=1, le=MAX_ROW_ID),
                 body: HandledRequest | None = None) -> dict:
    handled = body.handled if body else True
    try:
        row = request.app.state.store.mark_handled(referral_id, handled)
    except NotFoundError as exc:
        raise HTTPException(404, str(exc)) from None
    audit(request, "referral.handled" if handled else "referral.reopened", f"referral {referral_id}")
    return row


@router.get("/feedback", summary="Stored feedback, newest first", dependencies=[VIEWER])
def list_feedback(request: Request, rating: Literal["up", "down"] | None = None,
                  limit: int = Query(500, ge=1, le=10_000),
                  offset: int = Query(0, ge=0, le=MAX_ROW_ID)) -> list[dict]:
    return request.app.state.store.list_feedback(rating, limit, offset)


@router.get("/feedback.csv", summary="All feedback as CSV", response_class=Response, dependencies=[ADMIN])
def export_feedback(request: Request, rating: Literal["up", "down"] | None = None) -> Response:
    rows = request.app.state.store.list_feedback(rating, limit=1_000_000)
    audit(request, "feedback.export", f"{len(rows)} rows")
    return _csv(rows, FEEDBACK_COLUMNS, f"feedback-{datetime.now(UTC):%Y%m%d}.csv")


# -- a person's data (email in the body, never in a URL that lands in logs) -----------------------
@router.post("/people/export", summary="Everything stored about a person, by email", dependencies=[ADMIN])
def export_person(body: PersonRequest, request: Request) -> dict:
    data = request.app.state.store.export_person(body.email)
    audit(request, "person.export", _person_ref(body.email))
    return data


@router.post("/people/delete", summary="Erase a person's contact requests and linked conversations, by email", dependencies=[ADMIN])
def delete_person(body: PersonRequest, request: Request) -> dict:
    counts = request.app.state.store.delete_person(body.email)
    audit(request, "person.delete", f"{_person_ref(body.email)}: {sum(counts.values())} rows")
    return {"deleted": counts}


def _person_ref(email: str) -> str:
    """Which person an action touched, without their address: a keyed digest staff can match against a request
    ("was this address erased?") by computing it again, never read back."""
    import hashlib

    return "person " + hashlib.sha256(f"sma-audit:{email.strip().lower()}".encode()).hexdigest()[:16]


# -- documents and the index ----------------------------------------------------------------
def _uploads(request: Request) -> Path:
    # The folder the index reads (assistant.ingest.source_dirs), so an upload is part of the next reindex.
    return request.app.state.assistant.settings.uploads_path


def _safe_name(filename: str | None) -> str:
    name = Path((filename or "").replace("\\", "/")).name
    stem, dot, suffix = name.rpartition(".")
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-.")[:80]
    if not dot or not stem:
        raise HTTPException(400, "The file needs a name with an extension: .md, .txt, .html or .pdf.")
    if f".{suffix.lower()}" not in SUPPORTED:
        raise HTTPException(415, f"Unsupported file type .{suffix}; upload .md, .txt, .html or .pdf.")
    return f"{stem}.{suffix.lower()}"


def _index_result(result) -> dict:
    return {
        "num_added": result.num_added, "num_updated": result.num_updated, "num_skipped": result.num_skipped,
        "num_deleted": result.num_deleted, "chunks_total": result.chunks_total, "documents": result.documents,
        "problems": [{"path": Path(p).name, "reason": why} for p, why in result.problems],
        "seconds": round(result.seconds, 2), "finished_at": datetime.now(UTC).isoformat(),
    }


AUDIT_COLUMNS = ["id", "at", "actor", "action", "target", "client", "outcome"]


def _reindex(request: Request) -> dict:
    result = _index_result(request.app.state.assistant.index())
    request.app.state.last_index = result
    log.info("reindexed: %s added, %s deleted", result["num_added"], result["num_deleted"])
    return result


@router.post("/documents", status_code=201, summary="Upload a document (md, txt, html, pdf) to the knowledge", dependencies=[EDITOR])
def upload_document(request: Request, file: UploadFile, reindex: bool = False) -> dict:
    settings = request.app.state.settings
    name = _safe_name(file.filename)
    limit = settings.max_upload_bytes
    with tempfile.TemporaryDirectory(prefix="upload-") as tmp:
        path = Path(tmp) / name
        size = 0
        with path.open("wb") as out:
            while chunk := file.file.read(1 << 20):
                size += len(chunk)
                if size > limit:
                    raise HTTPException(413, f"The file is larger than the limit of {limit / 1_000_000:g} MB.")
                out.write(chunk)
        try:
            doc = load_file(path, Path(tmp))
        except IngestError as exc:
            raise HTTPException(400, f"{name}: {exc}") from None
        target = _uploads(request) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        replaced = target.exists()
        shutil.move(str(path), target)
    log.info("uploaded a document (%s bytes, replaced=%s)", size, replaced)
    meta = doc.metadata
    body = {"name": name, "bytes": size, "replaced": replaced, "doc_id": meta["doc_id"], "title": meta["title"],
            "language": meta["language"], "indexed": False}
    if reindex:
        body["index"] = _reindex(request)
        body["indexed"] = True
    audit(request, "document.upload", name + (" (replaced)" if replaced else "") + (" (reindexed)" if reindex else ""))
    return body


@router.get("/documents", summary="Uploaded documents", dependencies=[VIEWER])
def list_documents(request: Request) -> list[dict]:
    folder = _uploads(request)
    if not folder.is_dir():
        return []
    return [
        {"name": p.name, "bytes": p.stat().st_size,
         "modified": datetime.fromtimestamp(p.stat().st_mtime, UTC).isoformat()}
        for p in sorted(folder.iterdir()) if p.is_file()
    ]


class TryQuestion(BaseModel):
    question: str = Field("", max_length=1000, description="A question to answer from this document alone.")


@router.post("/documents/{name}/preview", summary="A document's sections, and how it answers a question, before publishing", dependencies=[EDITOR])
def preview_document(name: str, request: Request, body: TryQuestion | None = None) -> dict:
    """Reads the uploaded file as the indexer will (headings, lists, PDF pages) and answers `question` from this
    document alone, whether or not it is indexed yet."""
    from assistant.ingest import split_documents
    from assistant.sections import own_chunks, preview
    from assistant.text import clean_text, detect_language

    path = _uploads(request) / _safe_name(name)
    if not path.is_file():
        raise HTTPException(404, f"no uploaded document named {name!r}")
    try:
        doc = load_file(path, path.parent)
    except IngestError as exc:
        raise HTTPException(400, f"{name}: {exc}") from None
    assistant = request.app.state.assistant
    doc.metadata["origin"] = "upload"
    chunks = own_chunks(split_documents([doc], assistant.settings))
    question = clean_text(body.question if body else "")
    language = detect_language(question) if question else doc.metadata["language"]
    result = preview(chunks, assistant.router_embeddings, assistant.messages, question, language,
                     assistant.injection.is_injection)
    log.info("previewed a document (%d sections, question=%s)", len(chunks), bool(question))
    return {"name": name, "title": doc.metadata["title"], "language": doc.metadata["language"], **result}


@router.delete("/documents/{name}", summary="Remove an uploaded document (reindex to drop it from answers)", dependencies=[EDITOR])
def delete_document(name: str, request: Request, reindex: bool = False) -> dict:
    path = _uploads(request) / _safe_name(name)
    if not path.is_file():
        raise HTTPException(404, f"no uploaded document named {name!r}")
    path.unlink()
    body: dict = {"deleted": path.name, "indexed": False}
    if reindex:
        body["index"] = _reindex(request)
        body["indexed"] = True
    audit(request, "document.delete", path.name + (" (reindexed)" if reindex else ""))
    return body


@router.post("/reindex", summary="Bring the index in line with knowledge/ and the uploads", dependencies=[EDITOR])
def reindex(request: Request) -> dict:
    result = _reindex(request)
    audit(request, "index.rebuild", f"{result['num_added']} added, {result['num_deleted']} deleted")
    return result


@router.get("/audit", summary="The audit trail: who did what, when and from where, newest first", dependencies=[ADMIN])
def audit_trail(request: Request, limit: int = Query(500, ge=1, le=10_000),
                offset: int = Query(0, ge=0, le=MAX_ROW_ID)) -> list[dict]:
    return request.app.state.staff.audit_events(limit, offset)


@router.get("/audit.csv", summary="The audit trail as CSV", response_class=Response, dependencies=[ADMIN])
def export_audit(request: Request) -> Response:
    rows = request.app.state.staff.audit_events(limit=1_000_000)
    audit(request, "audit.export", f"{len(rows)} rows")
    return _csv(rows, AUDIT_COLUMNS, f"audit-{datetime.now(UTC):%Y%m%d}.csv")


@router.get("/index", summary="Index and database status", dependencies=[VIEWER])
def index_status(request: Request) -> dict:
    assistant = request.app.state.assistant
    settings = request.app.state.settings
    try:
        chunks = assistant.chunk_count()
    except Exception:  # noqa: BLE001
        log.exception("cannot count indexed chunks")
        chunks = None
    return {
        "chunks": chunks,
        "embedding_model": settings.embedding_model,
        "uploads": len(list_documents(request)),
        "last_index": request.app.state.last_index,
        "store": request.app.state.store.counts(),
    }


@router.get("/gaps", summary="Knowledge-gaps report: unanswered and badly rated questions, grouped", dependencies=[VIEWER])
def gaps(request: Request, days: int | None = Query(None, ge=1, le=3650),
         threshold: float = Query(DEFAULT_THRESHOLD, gt=0.0, le=1.0),
         limit: int = Query(50, ge=1, le=500)) -> dict:
    assistant = request.app.state.assistant
    return knowledge_gaps(request.app.state.store, assistant.router_embeddings, days=days,
                          threshold=threshold, limit=limit,
                          cards=assistant.cards if assistant.settings.answer_cards else None)


# -- closing the loop: users' own words as new phrasings of cards ------------------------------------
class PhrasingRequest(BaseModel):
    card_id: str = Field(min_length=1, max_length=100, pattern=r"^[a-z0-9][a-z0-9-]*$")
    language: Literal["nl", "en"]
    question: str = Field(min_length=2, max_length=500)


def _accept(request: Request, card_id: str, language: str, question: str) -> dict:
    assistant = request.app.state.assistant
    if assistant.cards.by_id(card_id) is None:
        raise HTTPException(404, f"no card {card_id!r}")
    add_accepted_phrasing(assistant.accepted_phrasings_path, card_id, language, question)
    return {"card_id": card_id, "language": language, "question": question,
            "note": "added; `assistant index` (or reindex in /admin) puts it to use"}


@router.post("/phrasings", status_code=201, summary="Add a question (e.g. from the knowledge gaps) as a phrasing of a card", dependencies=[EDITOR])
def add_phrasing(body: PhrasingRequest, request: Request) -> dict:
    result = _accept(request, body.card_id, body.language, body.question)
    audit(request, "phrasing.add", f"card {body.card_id} ({body.language})")
    return result


@router.get("/phrasings/suggested", summary="Users' own words paired with the card they clicked after 'did you mean'", dependencies=[VIEWER])
def suggested_phrasings(request: Request, status: Literal["new", "accepted", "rejected"] | None = "new") -> list[dict]:
    return request.app.state.store.phrasing_suggestions(status)


@router.post("/phrasings/suggested/{suggestion_id}/{decision}", summary="Accept or reject a suggested phrasing", dependencies=[EDITOR])
def decide_phrasing(request: Request, decision: Literal["accept", "reject"],
                    suggestion_id: int = PathParam(ge=1, le=MAX_ROW_ID)) -> dict:
    store = request.app.state.store
    try:
        row = store.set_phrasing_status(suggestion_id, "accepted" if decision == "accept" else "rejected")
    except NotFoundError as exc:
        raise HTTPException(404, str(exc)) from None
    if decision == "accept":
        _accept(request, row["card_id"], row["language"] or "nl", row["question"])
    audit(request, f"phrasing.{decision}", f"suggestion {suggestion_id} for card {row['card_id']}")
    return row
