"""Question -> ranked chunks: dense (Chroma) and lexical (BM25) results fused by reciprocal rank.

Chunks in the question's language are preferred; `relevant` says whether anything answers the question.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from langchain_core.embeddings import Embeddings

from assistant.config import Settings
from assistant.lexical import ChunkRecord, LexicalIndex
from assistant.text import name_stems, stems
from assistant.types import Retrieval, RetrievedChunk, Turn

# Short follow-ups that lean on the previous question ("En hoeveel tijd kost dat?", "What about Twitter?").
_FOLLOW_UP = re.compile(
    r"^(en|maar|ook|dus|and|but|also|so|what about|how about|en wat|wat als|and what)\b"
    r"|\b(dat|dit|die|deze|daar\w*|hier\w*|ervan|erover|ermee|het|it|that|this|those|these|them|they|there)\b",
    re.IGNORECASE,
)


FOLLOW_UP_FORM_WEIGHT = 0.5  # weight, in the fusion, of a follow-up's other form beside the condensed question


def condense(question: str, history: list[Turn] | None) -> str:
    """The question to retrieve for: a short follow-up is joined to the last user question before it."""
    joined = with_context(question, history)
    if joined and len(question.split()) <= 12 and _FOLLOW_UP.search(question):
        return joined
    return question


def with_context(question: str, history: list[Turn] | None) -> str | None:
    """The question joined to the last user question before it; None without an earlier question.

    Follow-ups of any length are also retrieved in this form and fused with the question alone, so that "and
    does that also work for my building company? I'm in Emmen" keeps what "that" was about."""
    previous = [t.content for t in history or [] if t.role == "user" and t.content.strip()]
    return f"{previous[-1]} {question}" if previous else None


def reciprocal_rank_fusion(rankings: list[list[str]], weights: list[float] | None = None, k: int = 60,
                           item_weight: Callable[[str], float] = lambda item: 1.0) -> dict[str, float]:
    """Reciprocal rank fusion (Cormack et al. 2009): each ranking adds weight * item_weight / (k + rank) to an
    item's score.

    Used to fuse the dense and the BM25 rankings, and the rankings of a follow-up alone and with its context."""
    weights = weights or [1.0] * len(rankings)
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, 1):
            scores[item] = scores.get(item, 0.0) + weight * item_weight(item) / (k + rank)
    return scores


class HybridRetriever:
    """Dense + BM25 retrieval with reciprocal rank fusion and a language preference."""

    def __init__(self, settings: Settings, embeddings: Embeddings, vector_store, lexical: LexicalIndex):
        self.settings = settings
        self.embeddings = embeddings
        self.vector_store = vector_store
        self.lexical = lexical

    def embed(self, text: str) -> list[float]:
        return self.embeddings.embed_query(text)

    def _dense(self, vector: list[float], k: int) -> list[tuple[ChunkRecord, float]]:
        """The nearest chunks by meaning, with their cosine distances. Texts and metadata come from the lexical
        index's records (the same chunks, in memory); a chunk it lacks (an index being rebuilt) from the store."""
        from assistant.providers import nearest_chunks

        hits = nearest_chunks(self.vector_store, vector, k)
        missing = [cid for cid, _ in hits if cid not in self.lexical.by_id]
        fetched = {str(d.id): ChunkRecord(chunk_id=str(d.id), text=d.page_content, metadata=d.metadata)
                   for d in self.vector_store.get_by_ids(missing)} if missing else {}
        out = []
        for cid, distance in hits:
            rec = self.lexical.by_id.get(cid) or fetched.get(cid)
            if rec is not None:
                out.append((rec, distance))
        return out

    def retrieve(self, query: str, language: str, vector: list[float], timings: dict[str, float] | None = None) -> Retrieval:
        s = self.settings
        timings = timings if timings is not None else {}
        t = time.perf_counter()
        dense = self._dense(vector, s.fetch_k)
        timings["dense"] = (time.perf_counter() - t) * 1000

        t = time.perf_counter()
        other = "en" if language == "nl" else "nl"
        lexical = self.lexical.search(query, s.fetch_k, [language, other])
        timings["lexical"] = (time.perf_counter() - t) * 1000

        t = time.perf_counter()
        fused: dict[str, RetrievedChunk] = {}
        rankings: list[list[str]] = []
        weights: list[float] = []

        def add(chunk_id: str, text: str, meta: dict) -> RetrievedChunk:
            if chunk_id not in fused:
                fused[chunk_id] = RetrievedChunk(
                    chunk_id=chunk_id, doc_id=str(meta.get("doc_id", "")), rank=0, score=0.0, text=text,
                    title=str(meta.get("title", "")), language=str(meta.get("language", "")), metadata=meta,
                )
            return fused[chunk_id]

        dense_ids = []
        for rec, distance in dense:
            chunk = add(rec.chunk_id, rec.text, rec.metadata)
            chunk.dense_score = round(1.0 - float(distance), 4)
            dense_ids.append(chunk.chunk_id)
        rankings.append(dense_ids)
        weights.append(s.dense_weight(language))
        for hits in lexical.values():
            ids = []
            for rec, score in hits:
                chunk = add(rec.chunk_id, rec.text, rec.metadata)
                chunk.lexical_score = round(score, 4)
                ids.append(chunk.chunk_id)
            rankings.append(ids)
            weights.append(1.0)
        # A chunk in the other language than the question's weighs less wherever it ranks.
        scores = reciprocal_rank_fusion(rankings, weights, s.rrf_k, item_weight=lambda cid: (
            1.0 if fused[cid].language == language else s.other_language_weight))

        ranked = sorted(fused.values(), key=lambda c: scores[c.chunk_id], reverse=True)[: max(s.k * 3, 10)]
        relevant = False
        query_stems_by_lang: dict[str, list[str]] = {}
        for i, chunk in enumerate(ranked, 1):
            chunk.rank = i
            chunk.score = round(scores[chunk.chunk_id], 6)
            lang = chunk.language or language
            if lang not in query_stems_by_lang:
                query_stems_by_lang[lang] = stems(query, lang)
            query_stems = query_stems_by_lang[lang]
            chunk_stems = self.lexical.stem_set(chunk.chunk_id, chunk.text, lang)
            coverage = self.lexical.coverage(query_stems, chunk_stems, lang)
            rare = {t for t in set(query_stems) & chunk_stems if self.lexical.distinctive(lang, t)}
            chunk.metadata = {**chunk.metadata, "term_coverage": round(coverage, 3), "distinctive": bool(rare),
                              "named_terms": sorted(rare & name_stems(chunk.text, lang)) if rare else []}
            if is_relevant(chunk, s):
                relevant = True
        timings["fusion"] = (time.perf_counter() - t) * 1000
        return Retrieval(query=query, language=language, chunks=ranked, relevant=relevant)


def is_relevant(chunk: RetrievedChunk, settings: Settings, lenient: bool = False) -> bool:
    """A chunk counts when it is close in meaning, shares most of the question's content, or shares a good
    part of it including a term only a few notes use (a name such as "Leighton").

    `lenient` lowers the bar for the general knowledge shown beside a referral: a referral question is full of
    the asker's situation, which the knowledge does not share.
    """
    coverage = chunk.metadata.get("term_coverage", 0.0)
    slack = settings.general_knowledge_slack if lenient else 0.0
    return (
        (chunk.dense_score or 0.0) >= settings.min_dense_score(chunk.language) - slack
        or coverage >= settings.min_term_coverage - 3 * slack
        or (chunk.metadata.get("distinctive", False) and coverage >= 0.4)
    )


def fuse_retrievals(retrievals: list[Retrieval], settings: Settings) -> Retrieval:
    """One ranking from the retrievals of several forms of a question (a follow-up alone and with its context)."""
    if len(retrievals) == 1:
        return retrievals[0]
    best: dict[str, RetrievedChunk] = {}
    for retrieval in retrievals:
        for chunk in retrieval.chunks:
            kept = best.get(chunk.chunk_id)
            if kept is None or (chunk.dense_score or 0.0) > (kept.dense_score or 0.0):
                best[chunk.chunk_id] = chunk
    # The first form (the condensed question) leads; the other forms add what it misses.
    weights = [1.0] + [FOLLOW_UP_FORM_WEIGHT] * (len(retrievals) - 1)
    scores = reciprocal_rank_fusion([[c.chunk_id for c in r.chunks] for r in retrievals], weights, settings.rrf_k)
    ranked = sorted(best.values(), key=lambda c: scores[c.chunk_id], reverse=True)[: max(settings.k * 3, 10)]
    ranked = [c.model_copy(update={"rank": i, "score": round(scores[c.chunk_id], 6)}) for i, c in enumerate(ranked, 1)]
    return Retrieval(query=retrievals[0].query, language=retrievals[0].language, chunks=ranked,
                     relevant=any(r.relevant for r in retrievals))
