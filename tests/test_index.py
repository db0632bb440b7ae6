"""Indexing into a real Chroma store and record manager: idempotent, incremental, safe with broken files.

The fast tests use LangChain's DeterministicFakeEmbedding through the public builders (real Chroma in a temp dir,
real SQL record manager, real BM25 index); the integration test re-indexes the real knowledge with the real model.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding

from assistant.config import PROJECT_ROOT, Settings
from assistant.index import run_index
from assistant.ingest import load_documents, split_documents
from assistant.lexical import LexicalIndex
from assistant.providers import build_record_manager, build_vector_store


def note(doc_id: str, title: str, body: str, language: str = "en") -> str:
    return f"---\nid: {doc_id}\ntitle: \"{title}\"\nlanguage: {language}\nkind: guide\n---\n# {title}\n\n{body}\n"


LONG_BODY = "\n\n".join(
    f"Paragraph {i} explains how a small business can plan its posts for week {i} with care and patience." * 2
    for i in range(10)
)

NOTES = {
    "reviews.md": note("reviews", "Answering reviews", "Answer every review within a day, politely and calmly."),
    "linkedin.md": note("linkedin", "LinkedIn for small firms", "LinkedIn suits firms that sell to other businesses."),
    "nl/klachten.md": note("klachten", "Klachten", "Reageer binnen een dag op elke klacht van een klant.", "nl"),
    "planning.md": note("planning", "Planning posts", LONG_BODY),
}


class FakeIndexer:
    """Real Chroma + record manager + BM25 under a temp data dir, with deterministic fake embeddings."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.store = build_vector_store(settings, DeterministicFakeEmbedding(size=32))
        self.record_manager = build_record_manager(settings)

    def run(self, progress=None):
        return run_index(self.settings, self.store, self.record_manager, progress)

    def chunk_ids(self, doc_id: str | None = None) -> set[str]:
        where = {"doc_id": doc_id} if doc_id else None
        return set(self.store.get(where=where, include=[])["ids"])

    def lexical_ids(self) -> set[str]:
        lexical = LexicalIndex.load(self.settings.lexical_dir)
        assert lexical is not None
        return {r.chunk_id for r in lexical.records}

    def expected_chunks(self, doc_id: str) -> int:
        """How many chunks the note has now, by the same splitter the indexer uses."""
        docs = [d for d in load_documents([self.settings.knowledge_dir]).documents if d.metadata["doc_id"] == doc_id]
        return len(split_documents(docs, self.settings))


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    for name, text in NOTES.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def indexer(tmp_path: Path, knowledge: Path) -> FakeIndexer:
    settings = Settings(
        _env_file=None, data_dir=tmp_path / "data", knowledge_dir=knowledge, embedding_model="fake",
        chunk_size=400, chunk_overlap=0,
    )
    return FakeIndexer(settings)


def test_first_run_indexes_every_chunk(indexer):
    expected = {doc_id: indexer.expected_chunks(doc_id) for doc_id in ("reviews", "linkedin", "klachten", "planning")}
    assert expected["planning"] > 2  # a note that spans several chunks

    result = indexer.run()

    total = sum(expected.values())
    assert (result.num_added, result.num_deleted, result.num_updated) == (total, 0, 0)
    assert result.documents == 4 and result.problems == []
    assert result.chunks_total == total == len(indexer.chunk_ids())
    for doc_id, count in expected.items():
        assert len(indexer.chunk_ids(doc_id)) == count
    assert indexer.lexical_ids() == indexer.chunk_ids()


def test_second_run_changes_nothing(indexer):
    indexer.run()
    before = indexer.chunk_ids()

    result = indexer.run()

    assert (result.num_added, result.num_deleted, result.num_updated) == (0, 0, 0)
    assert result.num_skipped == len(before)
    assert not result.changed
    assert indexer.chunk_ids() == before
    assert indexer.lexical_ids() == before


def test_editing_one_note_reembeds_only_its_chunks(indexer, knowledge):
    indexer.run()
    others = indexer.chunk_ids() - indexer.chunk_ids("reviews")
    old = len(indexer.chunk_ids("reviews"))

    (knowledge / "reviews.md").write_text(
        note("reviews", "Answering reviews", "Answer every review within two days, politely and calmly."), encoding="utf-8"
    )
    result = indexer.run()

    assert result.num_added == indexer.expected_chunks("reviews")
    assert result.num_deleted == old
    assert indexer.chunk_ids() - indexer.chunk_ids("reviews") == others
    assert indexer.lexical_ids() == indexer.chunk_ids()
    texts = indexer.store.get(where={"doc_id": "reviews"}, include=["documents"])["documents"]
    assert any("within two days" in t for t in texts)


def test_retitling_a_long_note_replaces_all_its_chunks(indexer, knowledge):
    indexer.run()
    old = len(indexer.chunk_ids("planning"))

    (knowledge / "planning.md").write_text(note("planning", "Planning your posts", LONG_BODY), encoding="utf-8")
    result = indexer.run()

    new = indexer.expected_chunks("planning")
    assert (result.num_added, result.num_deleted) == (new, old)
    assert len(indexer.chunk_ids("planning")) == new


def test_deleting_a_note_removes_its_chunks(indexer, knowledge):
    indexer.run()
    gone = indexer.chunk_ids("linkedin")
    total = len(indexer.chunk_ids())

    (knowledge / "linkedin.md").unlink()
    result = indexer.run()

    assert (result.num_added, result.num_deleted) == (0, len(gone))
    assert indexer.chunk_ids("linkedin") == set()
    assert len(indexer.chunk_ids()) == total - len(gone)
    assert not gone & indexer.lexical_ids()


def test_adding_a_note_adds_only_its_chunks(indexer, knowledge):
    indexer.run()
    (knowledge / "nl" / "doelen.md").write_text(
        note("doelen", "Doelen", "Stel vooraf doelen voor social media en meet ze elk kwartaal.", "nl"), encoding="utf-8"
    )
    result = indexer.run()
    assert (result.num_added, result.num_deleted) == (indexer.expected_chunks("doelen"), 0)
    assert len(indexer.chunk_ids("doelen")) == indexer.expected_chunks("doelen")


def test_a_note_that_becomes_broken_keeps_its_indexed_chunks(indexer, knowledge):
    indexer.run()
    kept = indexer.chunk_ids("reviews")
    total = indexer.chunk_ids()

    broken = knowledge / "reviews.md"
    broken.write_text("---\nid: [reviews\ntitle: broken\n---\nHalf-edited text.\n", encoding="utf-8")
    result = indexer.run()

    assert [path for path, _ in result.problems] == [str(broken)]
    assert (result.num_added, result.num_deleted) == (0, 0)
    assert indexer.chunk_ids("reviews") == kept
    assert indexer.chunk_ids() == total

    # Fixed again: the note's chunks are replaced by the new text.
    broken.write_text(note("reviews", "Answering reviews", "Thank every reviewer by name."), encoding="utf-8")
    result = indexer.run()
    assert result.problems == []
    assert (result.num_added, result.num_deleted) == (indexer.expected_chunks("reviews"), len(kept))


def test_a_note_that_becomes_empty_keeps_its_indexed_chunks(indexer, knowledge):
    indexer.run()
    kept = indexer.chunk_ids("klachten")
    (knowledge / "nl" / "klachten.md").write_bytes(b"")
    result = indexer.run()
    assert [Path(path).name for path, _ in result.problems] == ["klachten.md"]
    assert result.num_deleted == 0
    assert indexer.chunk_ids("klachten") == kept


def test_progress_is_reported_up_to_the_total(indexer):
    calls: list[tuple[int, int]] = []
    result = indexer.run(progress=lambda done, total: calls.append((done, total)))
    assert calls, "no progress reported"
    assert calls[-1] == (result.chunks_total, result.chunks_total)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


@pytest.mark.integration
def test_reindexing_the_real_knowledge_changes_nothing(indexed_assistant):
    before = indexed_assistant.chunk_count()
    result = indexed_assistant.index()
    assert (result.num_added, result.num_deleted, result.num_updated) == (0, 0, 0)
    assert not result.changed
    assert result.problems == []
    assert indexed_assistant.chunk_count() == before == result.chunks_total

    notes = list((PROJECT_ROOT / "knowledge").rglob("*.md"))
    stored = indexed_assistant.vector_store.get(include=["metadatas"])["metadatas"]
    assert result.documents == len(notes)
    assert len({m["doc_id"] for m in stored}) == len(notes)


@pytest.mark.parametrize("precision", ["auto", "float32"])
def test_batch_mode_uses_every_core_and_bf16_only_where_native(precision):
    import os

    import torch

    from assistant.providers import batch_mode

    before = torch.get_num_threads()
    flags = open("/proc/cpuinfo").read()
    with batch_mode(Settings(_env_file=None, index_precision=precision)):
        assert torch.get_num_threads() == (os.cpu_count() or 1)
        native = " avx512_bf16" in flags or " amx_bf16" in flags  # not oneDNN's emulation on plain AVX-512
        assert torch.is_autocast_enabled("cpu") == (precision == "auto" and native)
    assert torch.get_num_threads() == before
    assert not torch.is_autocast_enabled("cpu")


@pytest.mark.integration
def test_indexed_vectors_agree_with_float32_question_vectors(indexed_assistant):
    """Chunks are embedded in batch mode (bfloat16 on CPUs that have it); questions in float32. The two must
    stay interchangeable, or dense scores drift from the thresholds tuned on float32."""
    import numpy as np

    stored = indexed_assistant.vector_store.get(limit=8, include=["documents", "embeddings"])
    again = np.array(indexed_assistant.embeddings.embed_documents(stored["documents"]))
    cosines = (again * np.array(stored["embeddings"])).sum(axis=1)
    assert cosines.min() > 0.999, cosines


def test_the_lexical_index_is_saved_without_pickle_and_searches_the_same_after_loading(indexer):
    indexer.run()
    folder = indexer.settings.lexical_dir
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert not any(p.suffix in (".pkl", ".pickle") for p in files)
    assert (folder / "CURRENT").is_file()
    loaded = LexicalIndex.load(folder)
    assert loaded is not None
    built = LexicalIndex(loaded.records)
    hits = 0
    for query, lang in (("klacht van een klant", "nl"), ("answer reviews politely", "en"), ("LinkedIn firms", "en")):
        fresh = [(r.chunk_id, round(s, 5)) for r, s in built.search(query, 5, [lang]).get(lang, [])]
        again = [(r.chunk_id, round(s, 5)) for r, s in loaded.search(query, 5, [lang]).get(lang, [])]
        assert again == fresh
        hits += len(fresh)
    assert hits, "the queries find something, so that the comparison means something"
    assert loaded.doc_freq == built.doc_freq and loaded.size == built.size
    # a second save makes a new generation current and keeps only it and the one before
    loaded.save(folder)
    loaded.save(folder)
    assert len([p for p in folder.iterdir() if p.is_dir() and p.name.startswith("gen-")]) == 2
    assert LexicalIndex.load(folder) is not None
