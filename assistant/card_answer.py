"""A card's answer as shown: its [n] renumbered to the answer's sources, its short answer kept or dropped for the
question asked, a close second card below it, and at most a few supporting quotes from its notes."""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.answer import _as_sentence, make_snippet, pick_quotes
from assistant.config import Settings
from assistant.text import has_figure, jaccard, split_sentences, stems
from assistant.types import RetrievedChunk, Source

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
