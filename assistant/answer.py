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


_CARD_MARKER = re.compile(r"\[(\d+)\]")


def cite_after(sources: list[Source], text: str, more: list[Source]) -> tuple[str, list[Source]]:
    """`text`, cited by its own `more` sources from [1], renumbered to follow `sources` (a note both cite keeps
    its number); and the sources together."""
    merged = list(sources)
    number: dict[int, int] = {}
    for source in more:
        same = next((s for s in merged if s.doc_id == source.doc_id), None)
        if same is None:
            same = source.model_copy(update={"n": len(merged) + 1})
            merged.append(same)
        number[source.n] = same.n
    return _CARD_MARKER.sub(lambda m: f"[{number.get(int(m.group(1)), int(m.group(1)))}]", text), merged


def card_chunks(card, language: str) -> list[RetrievedChunk]:
    """A card's answer as a context passage (first), for an LLM that writes the answer from it."""
    notes = card.notes.get(language) or ()
    if not notes:
        return []
    note = notes[0]
    text = " ".join(_CARD_MARKER.sub("", card.text(language).answer).split())
    return [RetrievedChunk(chunk_id=f"card:{card.id}", doc_id=note.doc_id, rank=0, score=1.0, text=text,
                           title=note.title, language=language,
                           metadata={"source": note.source, "published": note.published, "url": note.url,
                                     "kind": note.kind, "doc_id": note.doc_id})]


_YES_NO = re.compile(r"^(ja|yes|nee|no)\s*[:,]\s+", re.IGNORECASE)  # "Ja, ..." / "No: ..."
SECOND_CARD_SENTENCES = 2  # of a close second card, shown below the first (chosen on dev: as many facts as all of it)
SHORT_ANSWER_WORDS = 8  # "Vooral voor promotie:" / "Only a quarter:" - a lead this short answers the card's question


_YES_NO_QUESTION = re.compile(
    r"^(is|zijn|kan|kun|kunt|kunnen|mag|mogen|moet|moeten|heeft|hebben|heb|wordt|worden|werkt|doe|doet|doen|zal|zou|"
    r"klopt|bestaat|bestaan|loont|levert|are|can|could|do|does|did|should|must|may|will|would|has|have|was|were)\b",
    re.IGNORECASE)
# "Niet per se: ...", "Usually not: ...", "Ja, als aanvulling: ...": a yes/no lead up to its colon.
_POLARITY_LEAD = re.compile(
    r"^(ja|yes|nee|no|niet per se|not necessarily|liever niet|better not|niet zomaar|not just like that|"
    r"waarschijnlijk niet|probably not|meestal niet|usually not|niet echt|not really)\b[^:.\[]{0,40}:\s+", re.IGNORECASE)


def yes_no_question(question: str) -> bool:
    """Whether a question (or one of its sentences) asks yes or no ("is LinkedIn nuttig?", "klopt het dat ...?")."""
    return any(_YES_NO_QUESTION.match(part.strip(" ,.-").lower()) for part in re.split(r"[.?!,]\s*|\ben\s+|\band\s+", question)
               if part.strip())


def without_yes_no(answer: str) -> str:
    """A card's answer without its yes/no lead ("Ja:", "No,", "Niet per se:"); the rest of the sentence stays."""
    rest = _POLARITY_LEAD.sub("", answer, count=1)
    if rest == answer:
        rest = _YES_NO.sub("", answer, count=1)
    return rest[:1].upper() + rest[1:] if rest != answer else answer


def without_short_answer(answer: str) -> str:
    """A card's answer without its opening short answer, for when it is shown under a referral as general knowledge.

    The short answer ("Ja, ...", "Rarely: ...") answers the card's own question; under a referral for another
    question it reads as a non sequitur. A lead that states a figure ("Only a quarter:") is a fact and stays, and so
    does a sentence that gives a reason ("Omdat ..."): the facts stay, with their citations."""
    first, *rest = split_sentences(answer)
    lead, colon, after = first.partition(":")
    if (colon and after.strip() and len(lead.split()) <= SHORT_ANSWER_WORDS and "[" not in lead
            and not has_figure(lead)):
        first = after.strip()
    else:
        first = _YES_NO.sub("", first)
    return " ".join([first[:1].upper() + first[1:], *rest])


def compose_card(card, language: str, query: str, chunks: list[RetrievedChunk], settings: Settings,
                 blocked: Callable[[str], bool] = lambda text: False, max_quotes: int = 2,
                 general: bool = False, also=None) -> tuple[str, list[Source]]:
    """The card's answer first (its [n] renumbered to the answer's sources), then at most `max_quotes` passages
    from the card's own notes that add to it, each cited. `general`: shown under a referral, without the card's
    short answer (see `without_short_answer`). `also`: a second card that scored as close (a sibling of the same
    source: "how much money" next to "who took part" in one survey), its first two sentences below the first
    answer, without its short answer, and then one quote at most."""
    notes = tuple(card.notes.get(language) or ()) + tuple(
        n for n in (also.notes.get(language) or () if also is not None else ())
        if n.doc_id not in {m.doc_id for m in card.notes.get(language) or ()})
    sources: list[Source] = []
    number: dict[str, int] = {}
    chunk_of = {c.doc_id: c for c in chunks}

    def cite(doc_id: str, snippet: str | None = None) -> int:
        if doc_id not in number:
            note = next(n for n in notes if n.doc_id == doc_id)
            chunk = chunk_of.get(doc_id)
            number[doc_id] = len(sources) + 1
            sources.append(Source(
                n=number[doc_id], doc_id=doc_id, title=note.title, source=note.source, published=note.published,
                url=note.url, kind=note.kind, language=language,
                snippet=snippet or (make_snippet(chunk.text, settings.snippet_chars) if chunk else "")
                or make_snippet(note.body, settings.snippet_chars),
            ))
        return number[doc_id]

    def cited(one, answer: str) -> str:
        position = {i: note.doc_id for i, note in enumerate(one.notes.get(language) or (), 1)}
        return " ".join(_CARD_MARKER.sub(lambda m: f"[{cite(position[int(m.group(1))])}]"
                                         if int(m.group(1)) in position else "", answer).split())

    answer = card.text(language).answer
    if general:
        answer = without_short_answer(answer)
    elif not yes_no_question(query):
        answer = without_yes_no(answer)  # "Ja: ..." answers "doet de KvK iets voor ...?", not "wat doet de KvK ...?"
    text = cited(card, answer)
    lines = [text]
    if also is not None:
        second = " ".join(split_sentences(without_short_answer(also.text(language).answer))[:SECOND_CARD_SENTENCES])
        lines.append(cited(also, second))
        text += " " + lines[-1]
        max_quotes = min(max_quotes, 1)
    own = [c for c in chunks if c.doc_id in {n.doc_id for n in notes} and c.language == language]
    if own and max_quotes:
        said = set(stems(text, language))
        for quote in pick_quotes(query, language, own, settings, blocked):
            passage = " ".join(quote.sentences)
            if len(quote.sentences) > 1 or jaccard(quote.stems, said) > 0.35 or len(quote.stems - said) < 4:
                continue  # a list belongs to a passage answer; a quote that repeats the card adds nothing
            lines.append(f"- {_as_sentence(passage)} [{cite(quote.chunk.doc_id)}]")
            if len(lines) - (also is not None) > max_quotes:
                break
    return "\n".join(lines), sources
