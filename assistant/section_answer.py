"""A section of a chamber's own document as shown: the line that answers, then the section under its heading.

As search engines show a featured passage: the passage that best answers first, a line in the user's language
when the document is in another, then the section quoted whole (or around its best lines, which are in bold),
lists kept as lists. Also the staff preview of what a document answers before it is published.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from langchain_core.embeddings import Embeddings

from assistant.answer import wants_figure
from assistant.answertype import CONTACT_KINDS, asked_kinds, states
from assistant.crosslingual import Glossary
from assistant.sections import OwnChunk, SectionIndex, SectionScore, body
from assistant.synonyms import Synonyms
from assistant.text import has_figure, item_leads, split_sentences, stems

SHARED_WEIGHT = 0.5       # share of the question's words a passage holds
RARE_SHARED_WEIGHT = 1.0  # the same, each word weighted by its rarity among the section's passages
FIGURE_BONUS = 0.3        # a passage with a figure, when the question asks for one
KIND_BONUS = 0.2          # a passage that states the kind of fact asked for (a time for "hoe laat?", a name for "who?")
CONTACT_BONUS = 0.4       # one that states a phone number or e-mail address asked for ("welk nummer?"): no other line
                          # holds it, while the words of "kan ik me ook telefonisch aanmelden?" match the sign-up line
OWN_WORDS_WEIGHT = 0.5    # a follow-up's own words a passage holds ("en als ik pas daarna afzeg?": "afzeggen")
SHOWN_PENALTY = 1.0       # a passage the answer before already gave: it answered the question before, not this one
SHOWN_WORDS = 0.75        # share of a passage's words the answer before held, with all its figures, to count as given
QUOTE_CHARS = 900      # a section quoted whole up to about this length (a person reads it in one go)
_LIST_ITEM = re.compile(r"^\s*(?:[-*]|\d{1,2}[.)])\s+")


@dataclass(frozen=True)
class FollowUp:
    """A follow-up as its lines are picked: its own words (the question is matched joined to the one before it,
    whose words would pick the line that answered that one again) and the answer before it (`shown`)."""
    own: str
    shown: str = ""
    before: str = ""   # the question before it: its words are no new words of the follow-up
    bridged: str = ""  # its own words in the document's language, when that is another


_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")


class _Given:
    """What the answer before a follow-up gave, to tell whether a passage was in it: quoted as it is, or every
    figure it states and nearly all its words ("leden: 95 euro" after "voor leden kost het 95 euro"; not
    "niet-leden: 17,50 euro, te betalen met pin" after "17,50 euro voor niet-leden": how to pay is new)."""

    def __init__(self, shown: str, language: str):
        # What it gave is its first paragraph: a section answer's direct line; the section quoted under it is
        # context (every line of it would count as given).
        first = shown.strip().split("\n\n", 1)[0]
        self.flat = " ".join(re.sub(r"[*_`]{1,3}", "", first).lower().split())
        self.figures = set(_NUMBER.findall(self.flat))
        self.words = set(stems(self.flat, language))
        self.language = language

    def has(self, passage: str) -> bool:
        if not self.flat:
            return False
        if " ".join(passage.lower().split()) in self.flat:
            return True
        figures = set(_NUMBER.findall(passage))
        if not figures or not figures <= self.figures:
            return False
        words = set(stems(passage, self.language))
        return len(words & self.words) >= SHOWN_WORDS * len(words)


def _new_words(follow_up: FollowUp, chunk_language: str, language: str,
               synonyms: Synonyms | None) -> tuple[set[str], list]:
    """A follow-up's new words (stems, in the document's language and the user's), not those of the question and
    the answer before it, nor of a synonym of theirs ("afzeggen" after "annuleren"), with the words of a group an
    expression of it names ("geen lid": "niet-leden"); and its synonym groups."""
    said = set(stems(follow_up.before + " " + follow_up.shown, chunk_language)) | set(stems(follow_up.before, language))
    own = set(stems(follow_up.own, chunk_language)) | set(stems(follow_up.own, language))
    own |= set(stems(follow_up.bridged, chunk_language))
    terms = synonyms.terms(follow_up.own, chunk_language) if synonyms else []
    groups = [t for t in terms if t.stem and len(t.stems) > 1]
    said |= {t.stem for t in groups if t.stems & said}
    # a group an expression names ("geen lid" for "niet-leden"): its words are new unless said before
    named = {stem for t in terms if t.stem is None and not t.stems & said for stem in t.stems}
    return (own - said) | named, groups


def _sentence(text: str) -> str:
    text = text.strip().rstrip(";,: ")
    return text if text[-1:] in ".!?" else text + "."


def best_passages(question: str, language: str, chunk: OwnChunk, cosines: dict[str, float],
                  asks_figure: bool, bridged: str = "", synonyms: Synonyms | None = None,
                  follow_up: FollowUp | None = None) -> list[tuple[str, float]]:
    """The chunk's passages scored for the question: cosine, shared words (also its words translated into the
    chunk's language, `bridged`), the same weighted by how rare each word is among the section's passages (the
    word that picks out one line, "geldig" or "verzendlijst", counts more than "review" in a section on reviews),
    and a figure when one is asked for. Own-docs dev: the line that holds the fact leads 44 times of 57, against
    39 with shared words and a smaller figure bonus only. A follow-up (`follow_up`): its own words count again, and
    a line the answer before gave counts less."""
    q = set(stems(question, chunk.language or language)) | set(stems(question, language))
    q |= set(stems(bridged, chunk.language or language))
    passages = split_sentences(body(chunk.text))
    # A later sentence of a list item also holds the words of the item's first sentence, which names its subject
    # ("Briefkaart: Google stuurt een kaart ..." | "De code is 30 dagen geldig."), so the sentence that answers can
    # lead, not the item's label.
    leads = item_leads(body(chunk.text))
    words = [set(stems(text + " " + leads.get(text, ""), chunk.language or language)) for text in passages]
    if synonyms:  # a passage holds a question's word when it holds a synonym of it ("opgeven" ~ "Aanmelden")
        groups = [t for t in synonyms.terms(question, chunk.language or language) if t.stem and len(t.stems) > 1]
        words = [w | {t.stem for t in groups if t.stems & w} for w in words]
    df: dict[str, int] = {}
    for passage_words in words:
        for term in passage_words & q:
            df[term] = df.get(term, 0) + 1
    n = len(passages)
    kinds = asked_kinds(question)
    contact = kinds & CONTACT_KINDS
    weight = {t: math.log(1 + n / df.get(t, 0.5)) for t in q}  # a word in no passage weighs as the rarest
    total = sum(weight.values()) or 1.0
    own: set[str] = set()
    given = None
    if follow_up is not None:
        own, groups = _new_words(follow_up, chunk.language or language, language, synonyms)
        words = [w | {t.stem for t in groups if t.stems & w} for w in words]
        given = _Given(follow_up.shown, chunk.language or language)
    own_total = sum(math.log(1 + n / df.get(t, 0.5)) for t in own) or 1.0
    scored = []
    for text, passage_words in zip(passages, words, strict=True):
        shared = q & passage_words
        score = (cosines.get(text, 0.0) + SHARED_WEIGHT * len(shared) / max(len(q), 1)
                 + RARE_SHARED_WEIGHT * sum(weight[t] for t in shared) / total
                 + (FIGURE_BONUS if asks_figure and has_figure(text) else 0.0)
                 + (KIND_BONUS if kinds and states(text, kinds) else 0.0)
                 + (CONTACT_BONUS if contact and states(text, contact) else 0.0))
        if given is not None:
            score += OWN_WORDS_WEIGHT * sum(math.log(1 + n / df.get(t, 0.5)) for t in own & passage_words) / own_total
            score -= SHOWN_PENALTY if given.has(text) else 0.0
        scored.append((text, score))
    return sorted(scored, key=lambda p: p[1], reverse=True)


def quote_section(body: str, highlights: set[str], limit: int = QUOTE_CHARS) -> list[str]:
    """The section's Markdown lines, lists kept, highlighted passages in bold; cut around the first highlight
    when longer than `limit` ("…" where text is left out)."""
    blocks: list[str] = []
    for block in re.split(r"\n\s*\n", body.strip()):
        lines = [ln.rstrip() for ln in block.split("\n") if ln.strip() and not ln.lstrip().startswith("#")]
        if not lines:
            continue
        if all(_LIST_ITEM.match(ln) for ln in lines):
            blocks += [_mark_line(ln, highlights) for ln in lines]
        else:
            items = [ln for ln in lines if _LIST_ITEM.match(ln)]
            prose = " ".join(ln.strip() for ln in lines if not _LIST_ITEM.match(ln))
            blocks.append(_mark_prose(prose, highlights))
            blocks += [_mark_line(ln, highlights) for ln in items]
    if sum(len(b) for b in blocks) <= limit:
        return blocks
    first = next((i for i, b in enumerate(blocks) if "**" in b), 0)
    start, total = first, 0
    out = []
    for b in blocks[start:]:
        if total + len(b) > limit and out:
            break
        out.append(b)
        total += len(b)
    while start > 0 and total + len(blocks[start - 1]) <= limit:
        start -= 1
        out.insert(0, blocks[start])
        total += len(blocks[start])
    if start > 0:
        out.insert(0, "…")
    if start + len(out) - (1 if start > 0 else 0) < len(blocks):
        out.append("…")
    return out


def _plain(text: str) -> str:
    return re.sub(r"[*_`]{1,3}", "", text)


def _mark_line(line: str, highlights: set[str]) -> str:
    marker = _LIST_ITEM.match(line)
    prefix = "- " if marker and not re.match(r"\s*\d", marker.group(0)) else (marker.group(0).strip() + " " if marker else "")
    item = _plain(_LIST_ITEM.sub("", line).strip())
    hit = any(s in highlights for s in split_sentences(item))
    return prefix + (f"**{item}**" if hit else item)


def _mark_prose(prose: str, highlights: set[str]) -> str:
    return " ".join(f"**{s}**" if s in highlights else s for s in split_sentences(prose))


def compose_section(question: str, language: str, match: SectionScore, cosines: dict[str, float], messages,
                    asks_figure: bool, source_number: int = 1, direct: bool = True, bridged: str = "",
                    say_language: bool | None = None, synonyms: Synonyms | None = None,
                    follow_up: FollowUp | None = None) -> tuple[str, str]:
    """(answer text, the line that answers) for a section answer.

    The passage that best answers first (own documents dev split: without a clear lead over the next passage it
    was still the right line 6 times of 10, and an answer that opens with a heading answers nothing first; a
    passage that asks a question, "Tijdelijk dicht door een verbouwing?", leads with the sentence that answers
    it); a line in the user's language when the document is in another; then the section under its heading,
    quoted whole or around its best lines, which are in bold. `say_language`: the line saying the source is in
    another language, also without the direct line (a section quoted under a card); by default with it."""
    chunk = match.chunk
    n = source_number
    ranked = best_passages(question, language, chunk, cosines, asks_figure, bridged, synonyms, follow_up)
    lines: list[str] = []
    line = ""
    if ranked and direct:
        line = ranked[0][0]
        if line.endswith("?"):
            order = split_sentences(body(chunk.text))
            at = order.index(line)
            line = " ".join(order[at:at + 2])
        lines.append(f"{_sentence(line)} [{n}]")
    if (direct if say_language is None else say_language) and chunk.language and chunk.language != language:
        lines.append(messages.get(f"source_in_{chunk.language}", language))
    highlights = {text for text, score in ranked[:2] if ranked and score >= ranked[0][1] - HIGHLIGHT_SPREAD}
    if lines:
        lines.append("")
    label = (messages.get("section_label", language, section=chunk.section.split(" > ")[-1], title=chunk.title)
             if chunk.section else f"**{chunk.title}**")  # the introduction, under the document's title alone
    lines.append(f"{label} [{n}]")
    lines += quote_section(body(chunk.text), highlights)
    return "\n".join(lines), line or (ranked[0][0] if ranked else "")


HIGHLIGHT_SPREAD = 0.1  # the second passage is in bold too when this close to the best


def preview(chunks: Sequence[OwnChunk], embeddings: Embeddings, messages, question: str = "",
            language: str = "nl", blocked=lambda text: False, glossary: Glossary | None = None,
            synonyms: Synonyms | None = None) -> dict:
    """What staff see of a document before publishing: its sections, and how a question would be answered from
    it alone (the best section, its score, and the answer text)."""
    listing = [{"section": c.section, "chars": len(body(c.text)), "start": " ".join(body(c.text).split())[:160]}
               for c in chunks]
    result: dict = {"sections": listing, "question": question or None, "answer": None}
    index = SectionIndex(chunks, embeddings, None, "preview", blocked, glossary, synonyms)
    for item, chunk in zip(listing, chunks, strict=True):
        item["quoted"] = chunk in index.chunks  # False: it holds instructions to the assistant, never quoted
    if question.strip() and index.chunks:
        vector = embeddings.embed_query(question)
        best = index.match([vector], [question], language, top=3)
        text, line = compose_section(question, language, best[0], index.passage_scores(vector, best[0].chunk),
                                     messages, wants_figure(question), synonyms=synonyms)
        result["answer"] = {"text": text, "line": line, "section": best[0].chunk.section,
                            "scores": [{"section": x.chunk.section, "score": x.score} for x in best]}
    return result
