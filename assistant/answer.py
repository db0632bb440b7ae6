"""Question + chunks -> grounded text with inline citations [n] and a numbered source list.

The default answerer needs no LLM: it quotes the most relevant sentences of the retrieved knowledge, figures
exactly as written, skipping near-duplicates; every other word comes from prompts/messages.yaml.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from assistant.config import Settings
from assistant.retrieve import is_relevant
from assistant.templates import Messages
from assistant.text import jaccard, split_sentences, stems
from assistant.types import RetrievedChunk, Source

_NUMBER = re.compile(r"\d")
# Questions that ask for a number, a share or a date: sentences with figures answer them.
_ASKS_FIGURE = re.compile(
    r"\b(hoeveel|hoe ?veel|welk deel|welk percentage|percentage|procent|aantal|wanneer|welk jaar|hoe lang|"
    r"how many|how much|what share|what percentage|what proportion|when|which year|how long|how often)\b",
    re.IGNORECASE,
)
_FIGURE_WORDS = re.compile(
    r"\b(helft|kwart|derde|tien|miljoen|half|quarter|third|ten|million|procent|percent|uur|hours?)\b", re.IGNORECASE
)


@dataclass
class Quote:
    """A sentence picked from a chunk, with the chunk it came from."""

    sentence: str
    chunk: RetrievedChunk
    score: float
    position: int


def make_snippet(text: str, limit: int) -> str:
    """The first sentences of a chunk without its heading, cut at a word boundary."""
    body = " ".join(split_sentences(text))
    if len(body) <= limit:
        return body
    cut = body[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + " …"


class SourceList:
    """Numbers sources in the order they are first cited; one number per note."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.sources: list[Source] = []
        self._by_doc: dict[str, int] = {}

    def cite(self, chunk: RetrievedChunk, sentence: str | None = None) -> int:
        if chunk.doc_id in self._by_doc:
            return self._by_doc[chunk.doc_id]
        n = len(self.sources) + 1
        meta = chunk.metadata
        self.sources.append(Source(
            n=n, doc_id=chunk.doc_id, title=chunk.title, source=str(meta.get("source", "")),
            published=str(meta.get("published", "")), url=str(meta.get("url", "")),
            snippet=sentence or make_snippet(chunk.text, self.settings.snippet_chars),
            kind=str(meta.get("kind", "")), language=chunk.language,
        ))
        self._by_doc[chunk.doc_id] = n
        return n


def answer_chunks(chunks: list[RetrievedChunk], language: str, settings: Settings) -> list[RetrievedChunk]:
    """Relevant chunks to answer from, in the answer's language when there are any."""
    relevant = [c for c in chunks if is_relevant(c, settings)]
    same = [c for c in relevant if c.language == language]
    return (same or relevant)[: settings.k]


def pick_quotes(query: str, language: str, chunks: list[RetrievedChunk], settings: Settings) -> list[Quote]:
    """The sentences that best answer the query: shared content words (rarer ones count more), rank prior."""
    q = set(stems(query, language))
    wants_figure = bool(_ASKS_FIGURE.search(query))
    candidates: list[Quote] = []
    doc_freq: dict[str, int] = {}
    per_chunk: list[tuple[RetrievedChunk, list[tuple[str, set[str]]]]] = []
    for chunk in chunks:
        lang = chunk.language or language
        sents = [(s, set(stems(s, lang))) for s in split_sentences(chunk.text)]
        per_chunk.append((chunk, sents))
        for _, st in sents:
            for term in st & q:
                doc_freq[term] = doc_freq.get(term, 0) + 1
    total = sum(len(s) for _, s in per_chunk) or 1
    for chunk_rank, (chunk, sents) in enumerate(per_chunk):
        for pos, (sentence, st) in enumerate(sents):
            overlap = sum(math.log(1 + total / doc_freq[t]) for t in st & q)
            prior = 1.0 / (1 + chunk_rank) + (0.3 if pos == 0 else 0.0)
            has_figure = bool(_NUMBER.search(sentence) or _FIGURE_WORDS.search(sentence))
            bonus = (2.0 if wants_figure else 0.2) if has_figure and overlap else 0.0
            candidates.append(Quote(sentence, chunk, overlap + prior + bonus, pos))
    candidates.sort(key=lambda c: c.score, reverse=True)
    chosen: list[Quote] = []
    used_per_doc: dict[str, int] = {}
    for cand in candidates:
        if len(chosen) >= settings.max_answer_sentences:
            break
        if used_per_doc.get(cand.chunk.doc_id, 0) >= settings.max_sentences_per_source:
            continue
        cand_stems = set(stems(cand.sentence, cand.chunk.language or language))
        if any(jaccard(cand_stems, set(stems(c.sentence, c.chunk.language or language))) > 0.6 for c in chosen):
            continue  # near-duplicate of a sentence already chosen (e.g. the same fact in two notes)
        if cand.sentence.endswith(":") or (len(cand.sentence) < 25 and not _NUMBER.search(cand.sentence)):
            continue  # a lead-in to a list, or too short to stand on its own
        chosen.append(cand)
        used_per_doc[cand.chunk.doc_id] = used_per_doc.get(cand.chunk.doc_id, 0) + 1
    # Keep the reading order of the knowledge: by source rank, then by position in the chunk.
    order = {c.chunk_id: i for i, c in enumerate(chunks)}
    chosen.sort(key=lambda c: (order[c.chunk.chunk_id], c.position))
    return chosen


class ExtractiveAnswerer:
    """Builds grounded, cited text from retrieved chunks without an LLM."""

    name = "extractive"

    def __init__(self, settings: Settings, messages: Messages):
        self.settings = settings
        self.messages = messages

    def compose(self, query: str, language: str, chunks: list[RetrievedChunk], intro_key: str = "answer_intro") -> tuple[str, list[Source]]:
        """Text with inline [n] citations and its numbered sources; empty text when nothing fits."""
        quotes = pick_quotes(query, language, answer_chunks(chunks, language, self.settings), self.settings)
        if not quotes:
            return "", []
        sources = SourceList(self.settings)
        lines = [self.messages.get(intro_key, language)]
        for quote in quotes:
            n = sources.cite(quote.chunk)
            sentence = quote.sentence if quote.sentence[-1] in ".!?" else quote.sentence + "."
            lines.append(f"- {sentence} [{n}]")
        return "\n".join(lines), sources.sources
