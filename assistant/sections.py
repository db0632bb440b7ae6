"""Sections of the chamber's own documents: find the section that answers a question.

Staff uploads have no answer cards. Their chunks (one per section, or per part of a long section) are matched
with the multilingual router embeddings, so an English question finds a Dutch section, at two grains: the
section as a whole and its best single passage (sentence or list item), plus the share of the question's words
the section holds (for a section in the other language, of its words translated one by one: `WordBridge`).
How the section is then shown is assistant.section_answer.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.answertype import asked_kinds, states
from assistant.crosslingual import Glossary, WordBridge
from assistant.embedcache import embed_cached
from assistant.synonyms import Synonyms
from assistant.text import compound_heads, split_sentences, stems

SECTION_WEIGHT = 0.5   # of the section as a whole, beside its heading and its best passage
HEADING_WEIGHT = 0.15  # of the section's heading path alone
LEXICAL_WEIGHT = 0.75  # of the share of the question's (idf-weighted) words the section holds (dev: 26 of 36 right first)
OTHER_PART_PENALTY = 0.1  # a passage of another part of the matched section (the matched part holds the line, 4 of 4 on dev)
INTRO_PENALTY = 0.1     # a document's introduction, when the document has sections: it names the page's subject and
                        # so matches many questions, but answers few (own-docs dev: first 9 times of 128, never the
                        # only section holding the fact; right section first 86 -> 89, facts 163 -> 171 of 218)
SAME_SECTION_BONUS = 0.1  # for a follow-up, the section that answered the question before it
SAME_DOCUMENT_BONUS = 0.05  # and the other sections of that document
QUOTED_SECTION_BONUS = 0.15  # the section the answer before quoted (not only matched the question before)
QUOTED_MIN_SHARE = 0.5  # share of an earlier answer's words a section holds to be the one that answer gave
QUOTED_CHARS = 400  # of that answer, its start: the line that answered and the section's start name the section
KIND_SECTION_BONUS = 0.05  # a section that states the kind of fact asked for (a time for "hoe laat?", an amount for
                           # "wat kost?", a name for "who?"), as a passage does in section_answer
RANK_BONUS = 0.1       # a section the passage retrieval ranks first gains this much (half at rank 2, ...)


@dataclass(frozen=True)
class OwnChunk:
    chunk_id: str
    doc_id: str
    title: str
    section: str
    language: str
    text: str
    metadata: dict


@dataclass(frozen=True)
class AskedBefore:
    """For a follow-up, the section that answered the question before it (its chunk id), and whether the answer
    before quoted it (`SectionIndex.quoted_in`) or the question before only matched it best."""
    chunk_id: str
    quoted: bool = False


@dataclass(frozen=True)
class SectionScore:
    chunk: OwnChunk
    score: float
    semantic: float
    passage: str   # the passage that matched best
    own_words: bool = True  # matched on the question's own words, not on a follow-up joined to the one before
    context: float = 0.0    # of `score`, what it gained as the section (or document) that answered the question before

    @property
    def own_score(self) -> float:
        """The score on the question alone, without what the conversation added (for how sure a match is)."""
        return round(self.score - self.context, 4)


def body(text: str) -> str:
    """A chunk's text without the title and section headings the indexer put on top."""
    return "\n".join(line for line in text.split("\n") if not line.startswith("#")).strip()


def _units(chunk: OwnChunk) -> list[str]:
    """What is embedded for a chunk: the section as a whole, its heading path alone (short, so it matches a
    question across languages: "anything I should bring?" ~ "Wat neem je mee"), then each passage, which carries
    its section's heading ("Kosten: Gratis, voor leden en niet-leden."), as a reader reads it."""
    heading = ": ".join(p for p in (chunk.title, chunk.section.replace(" > ", ": ")) if p)
    whole = f"{heading}. {' '.join(body(chunk.text).split())}"[:1500]
    label = chunk.section.split(" > ")[-1] if chunk.section else chunk.title
    return [whole, heading] + [f"{label}: {sentence}" for sentence in split_sentences(body(chunk.text))]


class SectionIndex:
    """The chunks of staff uploads, with embeddings of each section and each of its passages (cached on disk)."""

    def __init__(self, chunks: Sequence[OwnChunk], embeddings: Embeddings, cache_dir: Path | None, model_name: str,
                 blocked=lambda text: False, glossary: Glossary | None = None, synonyms: Synonyms | None = None):
        # A section with a sentence that tries to instruct the assistant is never quoted (as for passages).
        self.chunks = [c for c in chunks if not any(blocked(s) for s in split_sentences(body(c.text)))]
        self._embeddings = embeddings
        self._cache_dir = cache_dir
        self._model_name = model_name
        self._matrix: np.ndarray | None = None
        self._owner: np.ndarray | None = None
        self._units: list[str] = []
        self._stems: dict[str, list[set[str]]] = {}
        self._bridge = WordBridge(embeddings, cache_dir, model_name, glossary)
        self._synonyms = synonyms or Synonyms()
        # A section longer than one chunk is cut in parts; a question matches its best part, but the section is
        # quoted as one (own documents dev: the fact asked for was in the other part of the matched section 4
        # times of 81). Parts are the chunks of one document with the same section path, in document order.
        groups: dict[tuple[str, str], list[int]] = {}
        for i, chunk in enumerate(self.chunks):
            groups.setdefault((chunk.doc_id, chunk.section), []).append(i)
        self._parts = [groups[(c.doc_id, c.section)] for c in self.chunks]
        self._at = {c.chunk_id: i for i, c in enumerate(self.chunks)}
        # The introduction of a document that has sections (the text before its first heading, `INTRO_PENALTY`).
        headed = {c.doc_id for c in self.chunks if c.section}
        self._intro = np.asarray([not c.section and c.doc_id in headed for c in self.chunks], dtype=np.float32)
        self._whole: dict[int, OwnChunk] = {}
        self._states: dict[frozenset[str], np.ndarray] = {}

    @classmethod
    def from_records(cls, records, embeddings: Embeddings, cache_dir: Path | None, model_name: str,
                     blocked=lambda text: False, glossary: Glossary | None = None,
                     synonyms: Synonyms | None = None) -> SectionIndex:
        own = [OwnChunk(chunk_id=r.chunk_id, doc_id=str(r.metadata.get("doc_id", "")), title=str(r.metadata.get("title", "")),
                        section=str(r.metadata.get("section", "")), language=str(r.metadata.get("language", "")),
                        text=r.text, metadata=dict(r.metadata))
               for r in records if r.metadata.get("origin") == "upload"]
        own.sort(key=lambda c: (c.metadata.get("source_path", ""), int(c.metadata.get("chunk_index", 0))))
        return cls(own, embeddings, cache_dir, model_name, blocked, glossary, synonyms)

    def __len__(self) -> int:
        return len(self.chunks)

    @property
    def synonyms(self) -> Synonyms:
        return self._synonyms

    def warm_up(self) -> None:
        if self._matrix is not None or not self.chunks:
            return
        owner, units = [], []
        for i, chunk in enumerate(self.chunks):
            for unit in _units(chunk):
                owner.append(i)
                units.append(unit)
        digest = hashlib.sha256("\n".join([self._model_name, *units]).encode()).hexdigest()[:16]
        matrix = embed_cached(self._embeddings, units,
                              self._cache_dir / f"sections-{digest}.npy" if self._cache_dir else None)
        self._owner = np.asarray(owner)
        self._units = units
        # per unit: 0 the section as a whole, 1 its heading path, 2 a passage; and each chunk's first unit
        self._kind = np.asarray([0 if i == 0 or owner[i - 1] != owner[i] else 1 if owner[i - 2] != owner[i] or i == 1
                                 else 2 for i in range(len(owner))])
        self._first = np.flatnonzero(self._kind == 0)
        for language in ("nl", "en"):
            self._stemmed(language)
            self._bridge.learn(language, [c.text for c in self.chunks if c.language == language])
        # Published last: a request in another thread that finds the matrix finds everything it needs.
        self._matrix = matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)

    def _stemmed(self, language: str) -> list[set[str]]:
        """Every chunk's stems with the `language` stemmer (cached)."""
        if language not in self._stems:
            sets = [set(stems(c.title + " " + c.section + " " + c.text, language)) for c in self.chunks]
            if language == "nl":  # Dutch writes compounds as one word: "praktijkvoorbeeld" holds "voorbeeld"
                sets = [terms | compound_heads(terms) for terms in sets]
            self._stems[language] = sets
        return self._stems[language]

    def _coverage(self, question: str, language: str) -> np.ndarray:
        """Share of the question's content words (idf-weighted over the own chunks) that each chunk holds. A word
        that no chunk holds is looked for as the words of its synonym group (`Synonyms`: "opgeven" where the page
        says "Aanmelden"), weighing as rare as the group is (as a search engine's synonym query blends their
        document frequencies). Only then: a word the pages hold is matched as typed, so synonyms never lift a
        section that the question's own words already find (with every word widened to its group, three built-in
        questions that a rule or the classifier refers for a privacy or planning reason were answered from the
        chamber's sections, their scores lifted over the bars)."""
        chunk_stems = self._stemmed(language)
        n = len(self.chunks)
        share = np.zeros(n, dtype=np.float32)
        total = 0.0
        for term in self._synonyms.terms(question, language):
            held = np.asarray([term.stem in s for s in chunk_stems], dtype=np.float32) if term.stem else None
            if held is None or not held.any():  # a word no page holds: found as a word of its group
                held = np.asarray([bool(term.stems & s) for s in chunk_stems], dtype=np.float32)
            if term.stem is None and not held.any():
                continue  # a group an expression names, held nowhere: no word of the question's own
            weight = math.log(1 + n / max(float(held.sum()), 1.0))  # a word held nowhere weighs as the rarest
            total += weight
            share += weight * held
        return share / total if total else share

    def _lexical(self, question: str, language: str) -> np.ndarray:
        """The share of the question's words each chunk holds. A chunk in the other language is matched with the
        question's words translated word by word (`WordBridge`: "summer ... august" finds "juli en augustus");
        names and numbers match as they are ("WhatsApp", "500")."""
        share = self._coverage(question, language)
        for other in {c.language for c in self.chunks} - {language}:
            if self._bridge.knows(other):
                bridged = self._coverage(self._bridge.translate(question, language, other), other)
                theirs = np.asarray([c.language == other for c in self.chunks])
                share = np.where(theirs, np.maximum(share, bridged), share)
        return share

    def quoted_in(self, answer: str, language: str) -> str | None:
        """The chunk id of the section an earlier answer of the conversation gave: the one that holds the largest
        share of its words (a section answer quotes its section whole), from `QUOTED_MIN_SHARE`; None for an
        answer from elsewhere (a card, a referral)."""
        if not self.chunks or not answer.strip():
            return None
        self.warm_up()
        share = self._lexical(answer[:QUOTED_CHARS], language)
        best = int(np.argmax(share))
        return self.chunks[best].chunk_id if share[best] >= QUOTED_MIN_SHARE else None

    def bridged(self, question: str, language: str, chunk_language: str) -> str:
        """The question's words in the chunk's language (for picking its lines), or "" for the same language."""
        self.warm_up()
        if not chunk_language or chunk_language == language or not self._bridge.knows(chunk_language):
            return ""
        return self._bridge.translate(question, language, chunk_language)

    def match(self, vectors: Sequence[Sequence[float]], questions: Sequence[str], language: str,
              retrieved: Sequence[str] = (), top: int = 3, before: AskedBefore | None = None) -> list[SectionScore]:
        """The best `top` own chunks for a question (its best form counts; a follow-up's joined form at 0.9).
        `before`: for a follow-up, the section that answered the question before it; that section and the other
        sections of its document gain a little (`SAME_SECTION_BONUS`, or `QUOTED_SECTION_BONUS` when the answer
        quoted it; `SAME_DOCUMENT_BONUS`): "and if I'm not a member?" asks about the workshop asked about before,
        not about another page's prices."""
        if not self.chunks or not vectors:
            return []
        self.warm_up()
        n = len(self.chunks)
        rank_of = {cid: r for r, cid in enumerate(retrieved, 1)}
        best = np.full(n, -1.0, dtype=np.float32)
        best_semantic = np.zeros(n, dtype=np.float32)
        best_unit = np.zeros(n, dtype=np.int64)
        best_form = np.zeros(n, dtype=np.int64)
        for form, vector in enumerate(vectors):
            v = np.asarray(vector, dtype=np.float32)
            sims = self._matrix @ (v / max(float(np.linalg.norm(v)), 1e-9))
            whole = sims[self._first]
            heading = sims[self._first + 1]
            passage = np.full(n, -1.0, dtype=np.float32)
            passage_at = np.zeros(n, dtype=np.int64)
            for row in np.flatnonzero(self._kind == 2):
                owner = self._owner[row]
                if sims[row] > passage[owner]:
                    passage[owner], passage_at[owner] = sims[row], row
            passage = np.where(passage < 0, whole, passage)
            semantic = (SECTION_WEIGHT * whole + HEADING_WEIGHT * heading
                        + (1 - SECTION_WEIGHT - HEADING_WEIGHT) * passage)
            lexical = self._lexical(questions[form], language) if form < len(questions) else np.zeros(n)
            score = (semantic + LEXICAL_WEIGHT * lexical) * (1.0 if form == 0 else 0.9)
            better = score > best
            best = np.where(better, score, best)
            best_semantic = np.where(better, semantic, best_semantic)
            best_unit = np.where(better, passage_at, best_unit)
            best_form = np.where(better, form, best_form)
        for i, chunk in enumerate(self.chunks):
            if chunk.chunk_id in rank_of:
                best[i] += RANK_BONUS / rank_of[chunk.chunk_id]
        best -= INTRO_PENALTY * self._intro
        kinds = asked_kinds(questions[0]) if questions else set()
        if kinds:
            best += KIND_SECTION_BONUS * self._stating(frozenset(kinds))
        context = np.zeros(n, dtype=np.float32)
        if before is not None and before.chunk_id in self._at:
            asked = self.chunks[self._at[before.chunk_id]]
            same = QUOTED_SECTION_BONUS if before.quoted else SAME_SECTION_BONUS
            for i, chunk in enumerate(self.chunks):
                if chunk.doc_id == asked.doc_id:
                    context[i] = same if chunk.section == asked.section else SAME_DOCUMENT_BONUS
            best += context
        # one score per section: its best part's, and the section is shown whole (`whole`)
        order = [int(i) for i in np.argsort(-best) if self._best_part(int(i), best) == i][:top]
        return [SectionScore(self.whole(self.chunks[i]), round(float(best[i]), 4), round(float(best_semantic[i]), 4),
                             self._units[best_unit[i]].split(": ", 1)[-1] if best_unit[i] else "",
                             own_words=bool(best_form[i] == 0), context=round(float(context[i]), 4)) for i in order]

    def _stating(self, kinds: frozenset[str]) -> np.ndarray:
        """1 for each chunk that states one of the kinds of fact (cached per set of kinds; a new dict for each
        addition, so a request reading the cache never sees it change)."""
        found = self._states.get(kinds)
        if found is None:
            found = np.asarray([states(body(c.text), set(kinds)) for c in self.chunks], dtype=np.float32)
            self._states = {**(self._states if len(self._states) < 64 else {}), kinds: found}
        return found

    def _best_part(self, i: int, scores: np.ndarray) -> int:
        parts = self._parts[i]
        return parts[int(np.argmax(scores[parts]))] if len(parts) > 1 else i

    def whole(self, chunk: OwnChunk) -> OwnChunk:
        """The whole section a chunk is a part of (the chunk itself when the section fits in one), under the id of
        that chunk."""
        i = self._at[chunk.chunk_id]
        parts = self._parts[i]
        if len(parts) == 1:
            return chunk
        if i not in self._whole:
            text = body(self.chunks[parts[0]].text)
            for j in parts[1:]:
                text = _joined(text, body(self.chunks[j].text))
            heading = "\n".join(line for line in chunk.text.split("\n") if line.startswith("#"))
            self._whole[i] = OwnChunk(chunk_id=chunk.chunk_id, doc_id=chunk.doc_id, title=chunk.title,
                                      section=chunk.section, language=chunk.language, text=f"{heading}\n\n{text}",
                                      metadata=chunk.metadata)
        return self._whole[i]

    def passage_scores(self, vector: Sequence[float], chunk: OwnChunk) -> dict[str, float]:
        """Cosine of the question with each passage of a section (all its parts), to pick the direct line and the
        highlights."""
        self.warm_up()
        v = np.asarray(vector, dtype=np.float32)
        v = v / max(float(np.linalg.norm(v)), 1e-9)
        scores: dict[str, float] = {}
        matched = self._at[chunk.chunk_id]
        for i in self._parts[matched]:
            rows = np.flatnonzero((self._owner == i) & (self._kind == 2))
            sentences = split_sentences(body(self.chunks[i].text))
            penalty = 0.0 if i == matched else OTHER_PART_PENALTY
            for sentence, s in zip(sentences, self._matrix[rows] @ v, strict=True):
                scores[sentence] = max(float(s) - penalty, scores.get(sentence, -1.0))
        return scores

    def sections_of(self, doc_id: str) -> list[OwnChunk]:
        return [c for c in self.chunks if c.doc_id == doc_id]


def _joined(first: str, second: str) -> str:
    """Two consecutive parts of a section as one text, without the overlap the splitter repeats."""
    for k in range(min(len(first), len(second), 400), 19, -1):
        if first.endswith(second[:k]):
            return first + second[k:]
    return f"{first}\n\n{second}"


def own_chunks(chunks) -> list[OwnChunk]:
    """LangChain Documents of one document (from `split_documents`) as section chunks."""
    return [OwnChunk(chunk_id=str(c.id), doc_id=str(c.metadata.get("doc_id", "")), title=str(c.metadata.get("title", "")),
                     section=str(c.metadata.get("section", "")), language=str(c.metadata.get("language", "")),
                     text=c.page_content, metadata=dict(c.metadata)) for c in chunks]
