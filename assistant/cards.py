"""Answer cards: curated question phrasings with a short, cited answer, matched question-to-question.

Cards live in `knowledge/cards/*.yaml` (see README "Answer cards"). Each card has, per language, at least six
ways people ask the question and an answer of 2-5 sentences whose `[n]` markers point at the card's `sources`
(note ids without the language suffix). A question is matched against every phrasing of every card, in both
languages, with the multilingual router embeddings; a card's score is its best phrasing's cosine.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import numpy as np
import yaml
from langchain_core.embeddings import Embeddings

from assistant.embedcache import embed_cached

from assistant.text import stems

LANGUAGES = ("nl", "en")
MIN_PHRASINGS = 6
SEMANTIC_TOP = 3     # a card's semantic score: the mean cosine of its closest phrasings
LEXICAL_WEIGHT = 0.4  # weight of the shared rarer words beside it
PASSAGE_BONUS = 0.1   # a card whose note the passage retrieval ranks first gains this much (half at rank 2, ...)
PASSAGE_DEPTH = 5     # retrieved notes that count for that bonus
ANSWERED_PENALTY = 0.1  # a follow-up is less likely to ask the card that answered the question before
_CARD_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_MARKER = re.compile(r"\[(\d+)\]")
# Figures as the lint compares them: digits with their decimal separator, read alike ("29,2" == "29.2").
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")


class CardError(ValueError):
    """A card file that cannot be read; the message names the file and the card."""


@dataclass(frozen=True)
class NoteRef:
    """What a card needs to cite a note: its id in one language and its front matter."""

    doc_id: str
    title: str
    source: str = ""
    published: str = ""
    url: str = ""
    kind: str = ""
    body: str = ""


@dataclass(frozen=True)
class CardText:
    questions: tuple[str, ...]
    answer: str


@dataclass(frozen=True)
class Card:
    id: str
    sources: tuple[str, ...]
    related: tuple[str, ...]
    topics: tuple[str, ...]
    level: str
    texts: dict[str, CardText]
    path: Path
    notes: dict[str, tuple[NoteRef, ...]] = field(default_factory=dict, compare=False)

    def text(self, language: str) -> CardText:
        return self.texts.get(language) or self.texts["nl"]

    def first_question(self, language: str) -> str:
        return self.text(language).questions[0]


@dataclass(frozen=True)
class CardScore:
    card: Card
    score: float
    phrasing: str


def load_notes(knowledge_dir: Path) -> dict[str, NoteRef]:
    """Every note's front matter by doc id (e.g. `guide-start-small-nl`)."""
    notes: dict[str, NoteRef] = {}
    for lang in LANGUAGES:
        for path in sorted((knowledge_dir / lang).glob("*.md")):
            try:
                post = frontmatter.load(path)
            except Exception:  # a broken note is the indexer's to report; a card citing it fails the lint
                continue
            meta = post.metadata
            doc_id = str(meta.get("id") or f"{path.stem}-{lang}")
            notes[doc_id] = NoteRef(doc_id=doc_id, title=str(meta.get("title", "")), source=str(meta.get("source", "")),
                                    published=str(meta.get("published", "")), url=str(meta.get("url", "")),
                                    kind=str(meta.get("kind", "")), body=post.content)
    return notes


def _strings(value, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise CardError(f"{where}: expected a list of non-empty texts")
    return tuple(" ".join(v.split()) for v in value)


def load_accepted_phrasings(path: Path | None) -> dict[str, dict[str, list[str]]]:
    """Phrasings staff accepted from users' own words: {card_id: {language: [question, ...]}}."""
    if path is None or not path.is_file():
        return {}
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise CardError(f"{path}: not readable as YAML ({exc})") from exc
    if not isinstance(raw, dict):
        raise CardError(f"{path}: expected card ids with their phrasings per language")
    return {str(k): {lang: [str(q) for q in (v or {}).get(lang) or []] for lang in LANGUAGES}
            for k, v in raw.items() if isinstance(v, dict)}


def add_accepted_phrasing(path: Path, card_id: str, language: str, question: str) -> None:
    """Keep a user's own words as a new phrasing of a card (picked up by the next `assistant index` or restart)."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}")
    accepted = load_accepted_phrasings(path)
    questions = accepted.setdefault(card_id, {lang: [] for lang in LANGUAGES})[language]
    question = " ".join(question.split())
    if question and question not in questions:
        questions.append(question)
    path.parent.mkdir(parents=True, exist_ok=True)
    header = "# Phrasings staff accepted from users' own words (admin: knowledge gaps and 'did you mean' clicks).\n"
    path.write_text(header + yaml.safe_dump(accepted, allow_unicode=True, sort_keys=True), encoding="utf-8")


def load_cards(cards_dir: Path, knowledge_dir: Path | None = None, accepted: Path | None = None) -> list[Card]:
    """All cards under `cards_dir`, with their notes resolved when `knowledge_dir` is given, and the phrasings
    staff accepted (`accepted`, a file under the data dir) added to their cards.

    Raises CardError for a file that is not valid YAML or a card without the required fields; `check_cards`
    reports the softer problems (unknown sources, figures not in a note, shared phrasings).
    """
    notes = load_notes(knowledge_dir) if knowledge_dir else {}
    extra = load_accepted_phrasings(accepted)
    cards: list[Card] = []
    seen: dict[str, Path] = {}
    for path in sorted(cards_dir.glob("*.yaml")) if cards_dir.is_dir() else []:
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise CardError(f"{path}: not readable as YAML ({exc})") from exc
        entries = raw.get("cards") if isinstance(raw, dict) else None
        if not isinstance(entries, list):
            raise CardError(f"{path}: expected a top-level `cards:` list")
        for i, entry in enumerate(entries):
            where = f"{path.name}: card {entry.get('id', f'#{i + 1}') if isinstance(entry, dict) else f'#{i + 1}'}"
            if not isinstance(entry, dict):
                raise CardError(f"{where}: expected a mapping")
            card_id = str(entry.get("id", ""))
            if not _CARD_ID.match(card_id):
                raise CardError(f"{where}: id must be lowercase letters, digits and hyphens")
            if card_id in seen:
                raise CardError(f"{where}: id also used in {seen[card_id].name}")
            seen[card_id] = path
            texts = {}
            for lang in LANGUAGES:
                block = entry.get(lang)
                if not isinstance(block, dict):
                    raise CardError(f"{where}: missing the `{lang}` block")
                answer = block.get("answer")
                if not isinstance(answer, str) or not answer.strip():
                    raise CardError(f"{where}: `{lang}.answer` is empty")
                questions = _strings(block.get("questions"), f"{where}: {lang}.questions")
                added = tuple(q for q in extra.get(card_id, {}).get(lang, []) if q not in questions)
                texts[lang] = CardText(questions + added, " ".join(answer.split()))
            sources = _strings(entry.get("sources"), f"{where}: sources")
            resolved = {lang: tuple(notes[f"{s}-{lang}"] for s in sources if f"{s}-{lang}" in notes) for lang in LANGUAGES}
            cards.append(Card(
                id=card_id, sources=sources, related=tuple(entry.get("related") or ()),
                topics=tuple(str(t) for t in entry.get("topics") or ()), level=str(entry.get("level", "basic")),
                texts=texts, path=path, notes=resolved,
            ))
    return cards


def _figures(text: str) -> set[str]:
    return {f.replace(",", ".") for f in _FIGURE.findall(_MARKER.sub(" ", text))}


def check_cards(cards: Sequence[Card], knowledge_dir: Path) -> list[str]:
    """Problems a maintainer must fix before the cards ship (`assistant cards check`); empty when all is well."""
    notes = load_notes(knowledge_dir)
    ids = {c.id for c in cards}
    problems: list[str] = []
    owner: dict[str, str] = {}
    for card in cards:
        where = f"{card.path.name}: {card.id}"
        for related in card.related:
            if related not in ids:
                problems.append(f"{where}: related card {related!r} does not exist")
        figures_by_lang = {}
        for lang in LANGUAGES:
            text = card.texts[lang]
            if len(text.questions) < MIN_PHRASINGS:
                problems.append(f"{where}: {lang} has {len(text.questions)} phrasings; at least {MIN_PHRASINGS}")
            for q in text.questions:
                key = " ".join(re.sub(r"[^\w\s]", " ", q.lower()).split())
                if key in owner and owner[key] != card.id:
                    problems.append(f"{where}: phrasing {q!r} also belongs to {owner[key]}")
                owner.setdefault(key, card.id)
            cited = {int(n) for n in _MARKER.findall(text.answer)}
            if not cited:
                problems.append(f"{where}: {lang} answer cites no source ([1])")
            for n in sorted(cited - set(range(1, len(card.sources) + 1))):
                problems.append(f"{where}: {lang} answer cites [{n}], but the card has {len(card.sources)} source(s)")
            for n, source in enumerate(card.sources, 1):
                if n not in cited:
                    problems.append(f"{where}: {lang} answer never cites source [{n}] {source}")
            bodies = []
            for source in card.sources:
                note = notes.get(f"{source}-{lang}")
                if note is None:
                    problems.append(f"{where}: source {source!r} has no {lang} note ({source}-{lang})")
                else:
                    bodies.append(note.title + " " + note.body)
            known = set().union(*(_figures(b) for b in bodies)) if bodies else set()
            figures_by_lang[lang] = _figures(text.answer)
            for figure in sorted(figures_by_lang[lang] - known):
                problems.append(f"{where}: {lang} answer states {figure!r}, which no cited {lang} note contains")
        if figures_by_lang["nl"] != figures_by_lang["en"]:
            problems.append(f"{where}: nl and en answers state different figures "
                            f"({sorted(figures_by_lang['nl'] ^ figures_by_lang['en'])})")
    return problems


def card_stems(card: Card, language: str) -> set[str]:
    """The stems of a card's phrasings and answer in `language` (what questions are compared with word by word)."""
    text = card.text(language)
    return set(stems(" ".join(text.questions) + " " + text.answer, language))


class CardMatcher:
    """Scores every card against a question by its best phrasing (both languages), with cached embeddings."""

    def __init__(self, cards: Sequence[Card], embeddings: Embeddings, cache_dir: Path | None, model_name: str):
        self.cards = list(cards)
        self._position = {card.id: i for i, card in enumerate(self.cards)}
        self._embeddings = embeddings
        self._cache_dir = cache_dir
        self._model_name = model_name
        self._starts: np.ndarray | None = None
        self._counts: np.ndarray | None = None
        self._grid: np.ndarray | None = None
        self._phrasings: list[str] = []
        self._matrix: np.ndarray | None = None
        self._card_stems: dict[str, list[set[str]]] = {}
        self._df: dict[str, dict[str, int]] = {}

    @property
    def digest(self) -> str:
        h = hashlib.sha256(self._model_name.encode())
        for card in self.cards:
            for lang in LANGUAGES:
                for q in card.texts[lang].questions:
                    h.update(f"{card.id}\t{q}\n".encode())
        return h.hexdigest()[:16]

    def warm_up(self) -> None:
        if self._matrix is not None or not self.cards:
            return
        owner, phrasings = [], []
        for i, card in enumerate(self.cards):
            for lang in LANGUAGES:
                for q in card.texts[lang].questions:
                    owner.append(i)
                    phrasings.append(q)
        matrix = embed_cached(self._embeddings, phrasings,
                              self._cache_dir / f"cards-{self.digest}.npy" if self._cache_dir else None)
        counts = np.bincount(np.asarray(owner), minlength=len(self.cards))
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
        # Row indices of each card's phrasings, padded with an index past the end (filled with -inf when matching).
        grid = np.full((len(self.cards), max(int(counts.max()), SEMANTIC_TOP)), len(phrasings), dtype=np.int64)
        for i, (lo, k) in enumerate(zip(starts, counts, strict=True)):
            grid[i, :k] = np.arange(lo, lo + k)
        for lang in LANGUAGES:
            self._stem_sets(lang)
        self._counts, self._starts, self._grid, self._phrasings = counts, starts, grid, phrasings
        # Published last: a request in another thread that finds the matrix finds everything it needs.
        self._matrix = matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)

    def _stem_sets(self, language: str) -> list[set[str]]:
        """Every card's stems (phrasings and answer) in `language`, and their document frequencies (cached)."""
        if language not in self._card_stems:
            sets = [card_stems(c, language) for c in self.cards]
            df: dict[str, int] = {}
            for held in sets:
                for term in held:
                    df[term] = df.get(term, 0) + 1
            # Published last: a request in another thread that finds the stems also finds their frequencies.
            self._df[language] = df
            self._card_stems[language] = sets
        return self._card_stems[language]

    def stems_of(self, card_id: str, language: str) -> set[str]:
        """The stems of one card's phrasings and answer in `language` (what the routing policy compares names with)."""
        i = self._position.get(card_id)
        return set() if i is None else self._stem_sets(language)[i]

    def _lexical(self, question: str, language: str) -> np.ndarray:
        """Share of the question's content (idf-weighted stems) found in each card's text in that language."""
        self._stem_sets(language)
        n = len(self.cards)
        terms = set(stems(question, language))
        if not terms:
            return np.zeros(n, dtype=np.float32)
        df = self._df[language]
        # A term no card uses counts fully in the total: the question asks for something the cards lack.
        total = sum(math.log(1 + n / df.get(t, 1)) for t in terms)
        weight = {t: math.log(1 + n / df[t]) for t in terms if t in df}
        return np.asarray([sum(weight.get(t, 0.0) for t in terms & cs) / total for cs in self._card_stems[language]],
                          dtype=np.float32)

    def match(self, vectors: Sequence[Sequence[float]], questions: Sequence[str] = (), language: str = "nl",
              top: int = 5) -> list[CardScore]:
        """The best `top` cards for a question given as one or more forms (a follow-up: alone and joined).

        A card's score: the mean cosine of its `SEMANTIC_TOP` closest phrasings (one lucky phrasing counts less
        than several close ones) plus `LEXICAL_WEIGHT` times the share of the question's rarer words that the
        card's text holds; the best form of the question counts. Chosen on the dev split (top-1 right card for
        34 of 46 fact questions, against 28 for the best phrasing alone)."""
        if not self.cards:
            return []
        self.warm_up()
        best = np.full(len(self.cards), -1.0, dtype=np.float32)
        best_row = np.zeros(len(self.cards), dtype=np.int64)
        for i, vector in enumerate(vectors):
            v = np.asarray(vector, dtype=np.float32)
            sims = self._matrix @ (v / max(float(np.linalg.norm(v)), 1e-9))
            padded = np.append(sims, -np.inf)[self._grid]  # cards x phrasings, -inf where a card has fewer
            closest = -np.partition(-padded, SEMANTIC_TOP - 1, axis=1)[:, :SEMANTIC_TOP]
            semantic = np.where(np.isfinite(closest), closest, 0.0).sum(axis=1) / np.minimum(self._counts, SEMANTIC_TOP)
            score = semantic + (LEXICAL_WEIGHT * self._lexical(questions[i], language) if i < len(questions) else 0.0)
            better = score > best
            best = np.where(better, score, best)
            # Each card's closest phrasing (its row), where this form of the question scores the card best.
            rows = self._grid[np.arange(len(self.cards)), np.argmax(padded, axis=1)]
            best_row = np.where(better, rows, best_row)
        order = np.argsort(-best)[:top]
        return [CardScore(self.cards[i], round(float(best[i]), 4), self._phrasings[best_row[i]]) for i in order]

    def rerank(self, scores: Sequence[CardScore], retrieved_docs: Sequence[str], asked_before: str | None = None,
               top: int = 5) -> list[CardScore]:
        """Scores adjusted by the passage retrieval and the conversation, best first.

        A card whose notes the passage retrieval also ranks high gains `PASSAGE_BONUS` / rank (two independent
        signals agree); in a follow-up, the card that answered the question before loses `ANSWERED_PENALTY`,
        since a follow-up asks for something new ("and what does the chamber offer then?")."""
        rank_of: dict[str, int] = {}
        for rank, doc_id in enumerate(retrieved_docs[:PASSAGE_DEPTH], 1):
            rank_of.setdefault(re.sub(r"-(nl|en)$", "", doc_id), rank)
        adjusted = []
        for item in scores:
            ranks = [rank_of[s] for s in item.card.sources if s in rank_of]
            score = item.score + (PASSAGE_BONUS / min(ranks) if ranks else 0.0)
            if asked_before is not None and item.card.id == asked_before:
                score -= ANSWERED_PENALTY
            adjusted.append(CardScore(item.card, round(score, 4), item.phrasing))
        return sorted(adjusted, key=lambda c: c.score, reverse=True)[:top]

    def centroid(self, card_id: str) -> np.ndarray | None:
        """The mean of a card's phrasing embeddings: what the card is about, for the router to classify."""
        i = self._position.get(card_id)
        if i is None:
            return None
        self.warm_up()
        lo, k = self._starts[i], self._counts[i]
        return self._matrix[lo:lo + k].mean(axis=0)

    def by_id(self, card_id: str) -> Card | None:
        i = self._position.get(card_id)
        return None if i is None else self.cards[i]
