"""Chunks -> Chroma (dense) and BM25 (lexical); incremental and idempotent through LangChain's indexing API."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from langchain_core.documents import Document

from assistant.config import Settings
from assistant.ingest import load_documents, source_dirs, split_documents, uploads_dir
from assistant.lexical import ChunkRecord, LexicalIndex

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (done, total)


@dataclass
class IndexResult:
    num_added: int = 0
    num_updated: int = 0
    num_skipped: int = 0
    num_deleted: int = 0
    chunks_total: int = 0
    documents: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.num_added or self.num_updated or self.num_deleted)


def _all_records(vector_store) -> list[ChunkRecord]:
    data = vector_store.get(include=["documents", "metadatas"])
    return [
        ChunkRecord(chunk_id=i, text=t or "", metadata=m or {})
        for i, t, m in zip(data["ids"], data["documents"], data["metadatas"], strict=True)
    ]


def _kept_chunks(vector_store, failed_paths: set[str]) -> list[Document]:
    """Chunks already indexed for files that failed to load this time: kept, so nothing is lost."""
    kept: list[Document] = []
    for rel in sorted(failed_paths):
        data = vector_store.get(where={"source_path": rel}, include=["documents", "metadatas"])
        kept += [Document(id=i, page_content=t, metadata=m)
                 for i, t, m in zip(data["ids"], data["documents"], data["metadatas"], strict=True)]
    return kept


def _forget_missing_records(vector_store, record_manager) -> None:
    """Drop records of chunks the vector store does not hold (a lost or replaced Chroma folder), so that
    they are indexed again instead of being skipped as "unchanged"."""
    keys = record_manager.list_keys()
    if not keys:
        return
    present: set[str] = set()
    for start in range(0, len(keys), 5000):
        present.update(vector_store.get(ids=keys[start:start + 5000], include=[])["ids"])
    missing = [k for k in keys if k not in present]
    if missing:
        log.warning("%d indexed chunks are missing from the vector store; they will be indexed again", len(missing))
        record_manager.delete_keys(missing)


def build_lexical(settings: Settings, vector_store) -> LexicalIndex:
    """Rebuild the BM25 index from what the vector store holds, so the two never disagree."""
    lexical = LexicalIndex(_all_records(vector_store))
    lexical.save(settings.lexical_dir)
    return lexical


def run_index(settings: Settings, vector_store, record_manager, progress: Progress | None = None) -> IndexResult:
    """Bring the index in line with the knowledge folders: add new chunks, drop removed ones, skip the rest."""
    from filelock import FileLock
    from langchain_core.indexing import index

    started = time.perf_counter()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(str(settings.data_dir / "index.lock"), timeout=600):
        _forget_missing_records(vector_store, record_manager)
        report = load_documents(source_dirs(settings), own=(uploads_dir(settings),))
        chunks = split_documents(report.documents, settings)
        roots = source_dirs(settings)
        # Files that failed to load this time, as the relative `source_path` their chunks carry.
        failed = {Path(path).relative_to(root).as_posix()
                  for path, _ in report.problems for root in roots if Path(path).is_relative_to(root)}
        chunks += _kept_chunks(vector_store, failed)
        total = len(chunks)

        def feed() -> Iterator[Document]:
            for i, chunk in enumerate(chunks, 1):
                yield chunk
                if progress:
                    progress(i, total)

        stats = index(
            feed(),
            record_manager,
            vector_store,
            cleanup="full",
            source_id_key="source_path",
            key_encoder=lambda doc: doc.id,
            batch_size=128,
        )
        result = IndexResult(
            num_added=stats["num_added"],
            num_updated=stats["num_updated"],
            num_skipped=stats["num_skipped"],
            num_deleted=stats["num_deleted"],
            documents=len(report.documents),
            problems=report.problems,
        )
        if result.changed or not LexicalIndex.exists(settings.lexical_dir):
            build_lexical(settings, vector_store)
        result.chunks_total = total
        result.seconds = time.perf_counter() - started
    for path, why in report.problems:
        log.warning("skipped %s: %s", path, why)
    return result
