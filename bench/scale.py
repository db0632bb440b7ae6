"""Scale: retrieval latency and resident memory at 1k, 10k and 100k chunks of a synthetic corpus.

For each size the benchmark builds a data dir in a temp folder through the project's own classes (the Chroma
store from `providers.build_vector_store`, `LexicalIndex`), then a fresh child process (`python -m bench.scale
DATA_DIR QUESTIONS`) loads it as the server would, answers the golden questions and reports `timings_ms` and RSS.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.config import Settings
from assistant.lexical import ChunkRecord, LexicalIndex
from assistant.providers import batch_mode, build_vector_store
from bench.procs import PYTHON, child_env, dir_mb
from bench.stats import summarize_stages
from bench.synthetic import SyntheticChunk, embed_pools, knowledge_pools, make_chunks, pooled_vectors
from evals.dataset import EvalCase

CHROMA_BATCH = 2000


class PrecomputedEmbeddings(Embeddings):
    """Embeddings that hand back vectors computed beforehand, by text: lets Chroma's own `add_texts` store them."""

    def __init__(self, texts: list[str], vectors: np.ndarray):
        self._row = {t: i for i, t in enumerate(texts)}
        self._vectors = vectors

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._vectors[[self._row[t] for t in texts]].tolist()

    def embed_query(self, text: str) -> list[float]:
        raise NotImplementedError("queries are embedded with the real model")


def _throughput(embeddings, chunks: list[SyntheticChunk]) -> float:
    """Chunks per second the real model embeds (a small sample, after a warm-up call)."""
    embeddings.embed_documents([c.text for c in chunks[:4]])
    sample = [c.text for c in chunks[4:20]]
    started = time.perf_counter()
    embeddings.embed_documents(sample)
    return len(sample) / (time.perf_counter() - started)


def build(data_dir: Path, chunks: list[SyntheticChunk], vectors: np.ndarray) -> dict:
    """A data dir holding the chunks: Chroma collection and BM25 index, as `assistant index` would leave it."""
    settings = Settings(_env_file=None, data_dir=data_dir)
    texts = [c.text for c in chunks]
    store = build_vector_store(settings, PrecomputedEmbeddings(texts, vectors))
    started = time.perf_counter()
    for i in range(0, len(chunks), CHROMA_BATCH):
        batch = chunks[i:i + CHROMA_BATCH]
        store.add_texts([c.text for c in batch], [c.metadata for c in batch], ids=[c.chunk_id for c in batch])
    chroma_s = time.perf_counter() - started
    started = time.perf_counter()
    lexical = LexicalIndex([ChunkRecord(c.chunk_id, c.text, c.metadata) for c in chunks])
    lexical.save(settings.lexical_dir)
    return {"chroma_add_s": chroma_s, "lexical_build_s": time.perf_counter() - started}


def measure(settings: Settings, embeddings, cases: list[EvalCase], sizes: tuple[int, ...], passes: int,
            embed_budget_s: float) -> dict:
    """Per size: how vectors were made, build times, retrieval and total latency, RSS (MB) of the serving process."""
    pools = knowledge_pools(settings)
    all_chunks = make_chunks(pools, max(sizes))
    with batch_mode(settings):  # embedded as indexing embeds: all cores, bfloat16 where native
        rate = _throughput(embeddings, all_chunks)
        started = time.perf_counter()
        units = embed_pools(pools, embeddings)
    out: dict = {
        "embedding_chunks_per_s": rate,
        "unique_units_embedded": units,
        "unit_embedding_s": time.perf_counter() - started,
        "note": "chunks whose real embedding would exceed the time budget get the normalised mean of their "
                "title's and sentences' real vectors (method 'pooled'); 'embedded' means each chunk was embedded",
    }
    questions = [{"question": c.question, "history": [t.model_dump() for t in c.history]} for c in cases]
    for n in sizes:
        chunks = all_chunks[:n]
        if n / rate <= embed_budget_s:
            method, started = "embedded", time.perf_counter()
            with batch_mode(settings):
                vectors = np.asarray(embeddings.embed_documents([c.text for c in chunks]), dtype=np.float32)
            embed_s = time.perf_counter() - started
        else:
            method, embed_s, vectors = "pooled", None, pooled_vectors(pools, chunks)
        with tempfile.TemporaryDirectory(prefix=f"bench-scale-{n}-") as scratch:
            data_dir = Path(scratch) / "data"
            built = build(data_dir, chunks, vectors)
            qfile = Path(scratch) / "questions.json"
            qfile.write_text(json.dumps(questions), encoding="utf-8")
            proc = subprocess.run([PYTHON, "-m", "bench.scale", str(qfile), str(passes)], cwd=scratch,
                                  env=child_env(data_dir), capture_output=True, text=True, timeout=1800)
            if proc.returncode != 0:
                raise RuntimeError(f"scale probe at {n} chunks failed: {proc.stderr[-2000:]}")
            probe = json.loads(proc.stdout.strip().splitlines()[-1])
            # on disk once the serving process has been through it: the sizing table's Chroma MB per 1k chunks
            built["chroma_dir_mb"] = dir_mb(data_dir / "chroma")
        stages = probe.pop("stages")
        out[str(n)] = {
            "chunks": n, "method": method, "embed_s": embed_s, **built, **probe,
            "retrieve_p50_ms": stages.get("retrieve", {}).get("p50"),
            "retrieve_p95_ms": stages.get("retrieve", {}).get("p95"),
            "questions": len(questions) * passes,
            "stages": stages,
        }
    return out


def probe(questions_file: Path, passes: int) -> dict:
    """In a fresh process: load the index under ASSISTANT_DATA_DIR, answer the questions, report timings and RSS."""
    from assistant.pipeline import Assistant
    from assistant.types import Turn
    from bench.procs import peak_rss_mb, rss_mb

    questions = json.loads(questions_file.read_text(encoding="utf-8"))
    started = time.perf_counter()
    assistant = Assistant(Settings())
    assistant.warm_up()
    load_s = time.perf_counter() - started
    rss_loaded = rss_mb()
    assistant.ask(questions[0]["question"])
    timings = []
    for _ in range(passes):
        for q in questions:
            timings.append(assistant.ask(q["question"], [Turn(**t) for t in q["history"]]).timings_ms)
    return {"load_s": load_s, "rss_loaded_mb": rss_loaded, "rss_mb": rss_mb(), "peak_rss_mb": peak_rss_mb(),
            "stages": summarize_stages(timings)}


if __name__ == "__main__":
    print(json.dumps(probe(Path(sys.argv[1]), int(sys.argv[2]))), flush=True)
