"""The staff's documents and the index, as plain functions over the assistant and the staff store: upload, list,
preview, delete and reindex the chamber's own documents, the index status, and the built-in knowledge (the
project's notes and answer cards, read-only). Called by the admin API and the admin page alike; every change
leaves one audit row (assistant.web.admin_service.audit).
"""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from assistant.cards import load_cards, load_notes
from assistant.ingest import SUPPORTED, IngestError, load_file, uploads_dir
from assistant.staff import Staff
from assistant.store import Store
from assistant.web.admin_service import AdminError, Who, audit

log = logging.getLogger(__name__)


def safe_name(filename: str | None) -> str:
    """An upload's file name reduced to letters, digits, - and _ with a supported extension; AdminError if none."""
    name = Path((filename or "").replace("\\", "/")).name
    stem, dot, suffix = name.rpartition(".")
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-.")[:80]
    if not dot or not stem:
        raise AdminError(400, "upload_name", "The file needs a name with an extension: .md, .txt, .html or .pdf.")
    if f".{suffix.lower()}" not in SUPPORTED:
        raise AdminError(415, "upload_type", f"Unsupported file type .{suffix}; upload .md, .txt, .html or .pdf.",
                         suffix=suffix)
    return f"{stem}.{suffix.lower()}"


def index_summary(result) -> dict:
    """An indexing run as a plain record (what /api/admin/index reports as its last run)."""
    return {
        "num_added": result.num_added, "num_updated": result.num_updated, "num_skipped": result.num_skipped,
        "num_deleted": result.num_deleted, "chunks_total": result.chunks_total, "documents": result.documents,
        "problems": [{"path": Path(p).name, "reason": why} for p, why in result.problems],
        "seconds": round(result.seconds, 2), "finished_at": datetime.now(UTC).isoformat(),
    }


def _reindex(assistant, progress=None) -> dict:
    summary = index_summary(assistant.index(progress=progress) if progress else assistant.index())
    log.info("reindexed: %s added, %s deleted", summary["num_added"], summary["num_deleted"])
    return summary


def reindex(assistant, staff: Staff, who: Who, progress=None) -> dict:
    """Bring the index in line with knowledge/ and the uploads; `progress(done, total)` is told as it goes."""
    summary = _reindex(assistant, progress)
    audit(staff, who, "index.rebuild", f"{summary['num_added']} added, {summary['num_deleted']} deleted")
    return summary


def upload(assistant, staff: Staff, who: Who, filename: str | None, content: BinaryIO, limit: int,
           reindex: bool = False) -> dict:
    """Store an uploaded document (read first, so a broken file is refused with the reason), replacing one of the
    same name; with `reindex`, it is searchable on return (the record then holds `index`)."""
    name = safe_name(filename)
    with tempfile.TemporaryDirectory(prefix="upload-") as tmp:
        path = Path(tmp) / name
        size = 0
        with path.open("wb") as out:
            while chunk := content.read(1 << 20):
                size += len(chunk)
                if size > limit:
                    raise AdminError(413, "upload_too_large",
                                     f"The file is larger than the limit of {limit / 1_000_000:g} MB.",
                                     mb=f"{limit / 1_000_000:g}")
                out.write(chunk)
        try:
            doc = load_file(path, Path(tmp))
        except IngestError as exc:
            raise AdminError(400, "upload_unreadable", f"{name}: {exc}", name=name, reason=str(exc)) from None
        target = uploads_dir(assistant.settings) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        replaced = target.exists()
        shutil.move(str(path), target)
    log.info("uploaded a document (%s bytes, replaced=%s)", size, replaced)
    meta = doc.metadata
    body = {"name": name, "bytes": size, "replaced": replaced, "doc_id": meta["doc_id"], "title": meta["title"],
            "language": meta["language"], "indexed": False}
    if reindex:
        body["index"] = _reindex(assistant)
        body["indexed"] = True
    audit(staff, who, "document.upload", name + (" (replaced)" if replaced else "") + (" (reindexed)" if reindex else ""))
    return body


def documents(assistant) -> list[dict]:
    """The uploaded documents: name, size in bytes, last change (ISO, UTC)."""
    folder = uploads_dir(assistant.settings)
    if not folder.is_dir():
        return []
    return [
        {"name": p.name, "bytes": p.stat().st_size,
         "modified": datetime.fromtimestamp(p.stat().st_mtime, UTC).isoformat()}
        for p in sorted(folder.iterdir()) if p.is_file()
    ]


def _uploaded(assistant, name: str) -> Path:
    path = uploads_dir(assistant.settings) / safe_name(name)
    if not path.is_file():
        raise AdminError(404, "document_missing", f"no uploaded document named {name!r}", name=name)
    return path


def delete(assistant, staff: Staff, who: Who, name: str, reindex: bool = False) -> dict:
    """Remove an uploaded document; with `reindex` its chunks leave the index (and the answers) at once."""
    path = _uploaded(assistant, name)
    path.unlink()
    body: dict = {"deleted": path.name, "indexed": False}
    if reindex:
        body["index"] = _reindex(assistant)
        body["indexed"] = True
    audit(staff, who, "document.delete", path.name + (" (reindexed)" if reindex else ""))
    return body


def preview(assistant, name: str, question: str = "") -> dict:
    """Reads an uploaded file as the indexer will (headings, lists, PDF pages) and answers `question` from this
    document alone, whether or not it is indexed yet."""
    from assistant.ingest import split_documents
    from assistant.section_answer import preview as preview_sections
    from assistant.sections import own_chunks
    from assistant.text import clean_text, detect_language

    path = _uploaded(assistant, name)
    try:
        doc = load_file(path, path.parent)
    except IngestError as exc:
        raise AdminError(400, "upload_unreadable", f"{name}: {exc}", name=name, reason=str(exc)) from None
    doc.metadata["origin"] = "upload"
    chunks = own_chunks(split_documents([doc], assistant.settings))
    question = clean_text(question or "")
    language = detect_language(question) if question else doc.metadata["language"]
    result = preview_sections(chunks, assistant.router_embeddings, assistant.messages, question, language,
                              assistant.injection.is_injection, assistant.glossary, assistant.synonyms)
    log.info("previewed a document (%d sections, question=%s)", len(chunks), bool(question))
    return {"name": name, "title": doc.metadata["title"], "language": doc.metadata["language"], **result}


def index_status(assistant, store: Store, last_index: dict | None) -> dict:
    try:
        chunks = assistant.chunk_count()
    except Exception:  # noqa: BLE001 - a status page reports, it does not fail
        log.exception("cannot count indexed chunks")
        chunks = None
    return {
        "chunks": chunks,
        "embedding_model": assistant.settings.embedding_model,
        "uploads": len(documents(assistant)),
        "last_index": last_index,
        "store": store.counts(),
    }


def builtin_knowledge(settings) -> dict[str, list[dict]]:
    """The project's own notes (title, language, source, kind) and answer cards (first question per language,
    the notes they cite), as shipped in knowledge/: read-only for staff."""
    notes = load_notes(settings.knowledge_dir)
    note_rows = [{"id": n.doc_id, "title": n.title, "language": n.doc_id.rsplit("-", 1)[-1], "source": n.source,
                  "kind": n.kind, "published": n.published} for n in notes.values()]
    cards = load_cards(settings.knowledge_dir / "cards", settings.knowledge_dir)
    card_rows = []
    for card in cards:
        titles = [notes[f"{s}-nl"].title for s in card.sources if f"{s}-nl" in notes]
        card_rows.append({"id": card.id, "question_nl": card.first_question("nl"),
                          "question_en": card.first_question("en"), "languages": sorted(card.texts),
                          "sources": titles or list(card.sources)})
    dutch_first = sorted(note_rows, key=lambda r: (r["language"] != "nl", r["language"], r["title"].lower()))
    return {"notes": dutch_first, "cards": card_rows}
