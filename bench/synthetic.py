"""A synthetic corpus of any size made by recombining the knowledge base's own sentences (never committed).

Each synthetic chunk is a note title as a heading plus 3-7 random sentences of notes in the same language, so it
looks like a real chunk to BM25 (same vocabulary, similar length). Vectors come from the real embedding model:
either each chunk embedded (when time allows) or, for large corpora, the mean of its title's and sentences'
vectors, each unique sentence embedded once (the corpus is then cheap to build; the result is still one distinct
unit vector per chunk in the model's space, which is what the vector index is timed on).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import numpy as np

from assistant.config import Settings
from assistant.ingest import METADATA_KEYS, load_documents, source_dirs, split_documents
from assistant.text import split_sentences


@dataclass
class Pool:
    """The sentences and note titles of one language, and (once embedded) their vectors."""

    language: str
    sentences: list[str] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)  # chunk metadata of each note, title included
    sentence_vectors: np.ndarray | None = None
    title_vectors: np.ndarray | None = None


@dataclass
class SyntheticChunk:
    chunk_id: str
    language: str
    note: int
    sentences: list[int]
    text: str
    metadata: dict


def knowledge_pools(settings: Settings) -> dict[str, Pool]:
    """Unique sentences and notes per language, from the knowledge base as the indexer splits it."""
    chunks = split_documents(load_documents(source_dirs(settings)).documents, settings)
    pools: dict[str, Pool] = {}
    seen_notes: set[str] = set()
    seen_sentences: set[str] = set()
    for chunk in chunks:
        lang = chunk.metadata.get("language") or "nl"
        pool = pools.setdefault(lang, Pool(lang))
        if chunk.metadata["doc_id"] not in seen_notes:
            seen_notes.add(chunk.metadata["doc_id"])
            pool.notes.append({k: chunk.metadata.get(k, "") for k in METADATA_KEYS})
        for sentence in split_sentences(chunk.page_content):
            if sentence not in seen_sentences:
                seen_sentences.add(sentence)
                pool.sentences.append(sentence)
    return pools


def make_chunks(pools: dict[str, Pool], n: int, seed: int = 6) -> list[SyntheticChunk]:
    """`n` chunks, languages alternating; the same seed gives the same corpus, and a smaller n is a prefix."""
    rng = random.Random(seed)
    languages = sorted(pools)
    out = []
    for i in range(n):
        pool = pools[languages[i % len(languages)]]
        note = rng.randrange(len(pool.notes))
        picks = rng.sample(range(len(pool.sentences)), rng.randint(3, 7))
        meta = dict(pool.notes[note])
        title = meta["title"]
        meta.update(doc_id=f"{meta['doc_id']}-syn{i // 4}", source_path=f"synthetic/{i // 4}.md", chunk_index=i % 4)
        text = f"# {title}\n\n" + " ".join(pool.sentences[j] for j in picks)
        out.append(SyntheticChunk(f"syn{i:07d}", pool.language, note, picks, text, meta))
    return out


def embed_pools(pools: dict[str, Pool], embeddings) -> int:
    """Embed every unique sentence and title once; returns how many texts were embedded."""
    count = 0
    for pool in pools.values():
        pool.sentence_vectors = np.asarray(embeddings.embed_documents(pool.sentences), dtype=np.float32)
        pool.title_vectors = np.asarray(embeddings.embed_documents([m["title"] for m in pool.notes]), dtype=np.float32)
        count += len(pool.sentences) + len(pool.notes)
    return count


def pooled_vectors(pools: dict[str, Pool], chunks: list[SyntheticChunk]) -> np.ndarray:
    """Per chunk, the normalised mean of its title's and sentences' vectors (pools must be embedded)."""
    out = np.empty((len(chunks), next(iter(pools.values())).sentence_vectors.shape[1]), dtype=np.float32)
    for i, chunk in enumerate(chunks):
        pool = pools[chunk.language]
        v = pool.title_vectors[chunk.note] + pool.sentence_vectors[chunk.sentences].sum(axis=0)
        out[i] = v / max(float(np.linalg.norm(v)), 1e-9)
    return out
