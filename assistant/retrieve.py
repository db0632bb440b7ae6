"""Question -> ranked chunks: dense (Chroma) and lexical (BM25) results fused by reciprocal rank.

Chunks in the question's language are preferred; `relevant` says whether anything answers the question.
"""

from __future__ import annotations

import re
import time

from langchain_core.embeddings import Embeddings

from assistant.config import Settings
from assistant.lexical import LexicalIndex
from assistant.text import stems
from assistant.types import Retrieval, RetrievedChunk, Turn

# Short follow-ups that lean on the previous question ("En hoeveel tijd kost dat?", "What about Twitter?").
_FOLLOW_UP = re.compile(
    r"^(en|maar|ook|dus|and|but|also|so|what about|how about|en wat|wat als|and what)\b"
    r"|\b(dat|dit|die|deze|daar\w*|hier\w*|ervan|erover|ermee|het|it|that|this|those|these|them|they|there)\b",
    re.IGNORECASE,
)


def condense(question: str, history: list[Turn] | None) -> str:
    """The question to retrieve for: a follow-up is joined to the last user question before it."""
    if not history:
        return question
    previous = [t.content for t in history if t.role == "user" and t.content.strip()]
    if not previous:
        return question
    if len(question.split()) <= 12 and _FOLLOW_UP.search(question):
        return f"{previous[-1]} {question}"
    return question


class HybridRetriever:
    """Dense + BM25 retrieval with reciprocal rank fusion and a language preference."""

    def __init__(self, settings: Settings, embeddings: Embeddings, vector_store, lexical: LexicalIndex):
        self.settings = settings
        self.embeddings = embeddings
        self.vector_store = vector_store
        self.lexical = lexical

    def embed(self, text: str) -> list[float]:
        return self.embeddings.embed_query(text)

    def retrieve(self, query: str, language: str, vector: list[float], timings: dict[str, float] | None = None) -> Retrieval:
        s = self.settings
        timings = timings if timings is not None else {}
        t = time.perf_counter()
        dense = self.vector_store.similarity_search_by_vector_with_relevance_scores(vector, k=s.fetch_k)
        timings["dense"] = (time.perf_counter() - t) * 1000

        t = time.perf_counter()
        other = "en" if language == "nl" else "nl"
        lexical = self.lexical.search(query, s.fetch_k, [language, other])
        timings["lexical"] = (time.perf_counter() - t) * 1000

        t = time.perf_counter()
        fused: dict[str, RetrievedChunk] = {}
        scores: dict[str, float] = {}

        def add(chunk_id: str, text: str, meta: dict, rank: int, source_weight: float = 1.0) -> RetrievedChunk:
            weight = source_weight * (1.0 if meta.get("language") == language else s.other_language_weight)
            scores[chunk_id] = scores.get(chunk_id, 0.0) + weight / (s.rrf_k + rank)
            if chunk_id not in fused:
                fused[chunk_id] = RetrievedChunk(
                    chunk_id=chunk_id, doc_id=str(meta.get("doc_id", "")), rank=0, score=0.0, text=text,
                    title=str(meta.get("title", "")), language=str(meta.get("language", "")), metadata=meta,
                )
            return fused[chunk_id]

        for rank, (doc, distance) in enumerate(dense, 1):
            chunk = add(str(doc.id), doc.page_content, doc.metadata, rank, s.dense_weight(language))
            chunk.dense_score = round(1.0 - float(distance), 4)
        for hits in lexical.values():
            for rank, (rec, score) in enumerate(hits, 1):
                chunk = add(rec.chunk_id, rec.text, rec.metadata, rank)
                chunk.lexical_score = round(score, 4)

        ranked = sorted(fused.values(), key=lambda c: scores[c.chunk_id], reverse=True)[: max(s.k * 3, 10)]
        relevant = False
        query_stems_by_lang: dict[str, list[str]] = {}
        for i, chunk in enumerate(ranked, 1):
            chunk.rank = i
            chunk.score = round(scores[chunk.chunk_id], 6)
            lang = chunk.language or language
            if lang not in query_stems_by_lang:
                query_stems_by_lang[lang] = stems(query, lang)
            query_stems, chunk_stems = query_stems_by_lang[lang], set(stems(chunk.text, lang))
            coverage = self.lexical.coverage(query_stems, chunk_stems, lang)
            distinctive = any(self.lexical.distinctive(lang, t) for t in set(query_stems) & chunk_stems)
            chunk.metadata = {**chunk.metadata, "term_coverage": round(coverage, 3), "distinctive": distinctive}
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
