"""Question + chunks -> grounded text with inline citations [n] and a numbered source list.

The default answerer needs no LLM: it quotes the most relevant sentences of the retrieved knowledge, figures
exactly as written, skipping near-duplicates; every other word comes from prompts/messages.yaml.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.config import Settings
from assistant.retrieve import is_relevant
from assistant.templates import Messages
from assistant.text import has_figure, jaccard, split_passages, split_sentences, stems
from assistant.types import RetrievedChunk, Source

_NUMBER = re.compile(r"\d")
# Questions that ask for a number, a share or a date: sentences with figures answer them.
_ASKS_FIGURE = re.compile(
    r"\b(hoeveel|hoe ?veel|welk deel|welk percentage|percentage|procent|aantal|wanneer|welk jaar|hoe lang|"
    r"how many|how much|what share|what percentage|what proportion|when|which year|how long|how often)\b",
    re.IGNORECASE,
)


def wants_figure(question: str) -> bool:
    """Whether a question asks for a number, a share, a date or a duration ("how long is the code valid?")."""
    return bool(_ASKS_FIGURE.search(question))


@dataclass
class Quote:
    """A passage picked from a chunk: one sentence, or a lead-in with the short list it introduces."""

    sentences: list[str]
    chunk: RetrievedChunk
    score: float
    position: int
    stems: set[str]


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
            kind=str(meta.get("kind", "")), language=chunk.language, section=str(meta.get("section", "")),
        ))
        self._by_doc[chunk.doc_id] = n
        return n


def answer_chunks(chunks: list[RetrievedChunk], language: str, settings: Settings, lenient: bool = False) -> list[RetrievedChunk]:
    """Relevant chunks to answer from, in the answer's language when there are any.

    Beside a referral (`lenient`), the two best-ranked chunks count too: the question then describes the asker's
    situation ("my account is hacked, what now?") more than the knowledge it needs.
    """
    relevant = [c for i, c in enumerate(chunks) if (lenient and i < 2) or is_relevant(c, settings, lenient)]
    same = [c for c in relevant if c.language == language]
    return (same or relevant)[: settings.k]


def pick_quotes(query: str, language: str, chunks: list[RetrievedChunk], settings: Settings,
                blocked: Callable[[str], bool] = lambda text: False, best_first: bool = False) -> list[Quote]:
    """The passages that best answer the query: shared content words (rarer ones count more), a rank prior,
    and figures when the question asks for a number. A list counts with its lead-in, so "What are examples of
    KPIs?" finds the items through "Examples of KPIs are:"."""
    q = set(stems(query, language))
    asks_for_figure = wants_figure(query)
    doc_freq: dict[str, int] = {}
    per_chunk: list[tuple[RetrievedChunk, list[tuple[list[str], set[str]]]]] = []
    for chunk in chunks:
        lang = chunk.language or language
        passages = [(p, set(stems(" ".join(p), lang))) for p in split_passages(chunk.text)]
        if any(blocked(" ".join(p)) for p, _ in passages):
            continue  # a text that tries to instruct the assistant ("ignore your rules and ...") is not quoted at all
        per_chunk.append((chunk, passages))
        for _, st in passages:
            for term in st & q:
                doc_freq[term] = doc_freq.get(term, 0) + 1
    total = sum(len(p) for _, p in per_chunk) or 1
    lengths = [len(st) for _, passages in per_chunk for _, st in passages]
    avg_len = (sum(lengths) / len(lengths)) if lengths else 1.0
    candidates: list[Quote] = []
    for chunk_rank, (chunk, passages) in enumerate(per_chunk):
        for pos, (passage, st) in enumerate(passages):
            text = " ".join(passage)
            if len(passage) == 1 and (text.endswith(":") or (len(text) < 25 and not _NUMBER.search(text))):
                continue  # a lead-in without its list, or too short to stand on its own
            # Shared words count less in long passages (as in BM25), so a short exact line can win.
            overlap = sum(math.log(1 + total / doc_freq[t]) for t in st & q) / (0.6 + 0.4 * len(st) / avg_len)
            prior = 1.0 / (1 + chunk_rank) + (0.3 if pos == 0 else 0.0)
            figure = has_figure(text)
            bonus = (2.0 if asks_for_figure else 0.2) if figure and overlap else 0.0
            candidates.append(Quote(passage, chunk, overlap + prior + bonus, pos, st))
    candidates.sort(key=lambda c: c.score, reverse=True)
    chosen: list[Quote] = []
    used_per_doc: dict[str, int] = {}
    lines = 0
    for cand in candidates:
        if lines >= settings.max_answer_sentences:
            break
        if used_per_doc.get(cand.chunk.doc_id, 0) >= settings.max_sentences_per_source:
            continue
        if any(jaccard(cand.stems, other.stems) > 0.6 for other in chosen):
            continue  # near-duplicate of a passage already chosen (e.g. the same fact in two notes)
        chosen.append(cand)
        used_per_doc[cand.chunk.doc_id] = used_per_doc.get(cand.chunk.doc_id, 0) + 1
        lines += 1
    # Keep the reading order of the knowledge: by source rank, then by position in the chunk.
    order = {c.chunk_id: i for i, c in enumerate(chunks)}
    best = chosen[0] if chosen else None
    chosen.sort(key=lambda c: (order[c.chunk.chunk_id], c.position))
    if best_first and best is not None:  # the passage that answers the question leads; the rest in reading order
        chosen.remove(best)
        chosen.insert(0, best)
    return chosen


def _as_sentence(text: str) -> str:
    text = text.rstrip(";,: ")
    return text if text[-1] in ".!?" else text + "."


class ExtractiveAnswerer:
    """Builds grounded, cited text from retrieved chunks without an LLM."""

    name = "extractive"

    def __init__(self, settings: Settings, messages: Messages, blocked: Callable[[str], bool] = lambda text: False):
        self.settings = settings
        self.messages = messages
        self.blocked = blocked

    def compose(self, query: str, language: str, chunks: list[RetrievedChunk], intro_key: str | None = "answer_intro",
                lenient: bool = False) -> tuple[str, list[Source]]:
        """Text with inline [n] citations and its numbered sources; empty text when nothing fits.

        Without `intro_key` the answer has no intro line and leads with the passage that best answers the query."""
        quotes = pick_quotes(query, language, answer_chunks(chunks, language, self.settings, lenient), self.settings,
                             self.blocked, best_first=intro_key is None)
        if not quotes:
            return "", []
        sources = SourceList(self.settings)
        lines = [self.messages.get(intro_key, language)] if intro_key else []
        for quote in quotes:
            n = sources.cite(quote.chunk)
            lead, *items = quote.sentences
            if items:  # a lead-in and its list: the list items stay items, each cited
                lines.append(f"- {lead} [{n}]")
                lines += [f"  - {_as_sentence(item)} [{n}]" for item in items]
            else:
                lines.append(f"- {_as_sentence(lead)} [{n}]")
        return "\n".join(lines), sources.sources
