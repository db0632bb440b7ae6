"""A question's words in the other language, for matching an English question with a Dutch document (and back).

The multilingual encoder (USE-m3) places single words of both languages close together ("customers" ~ "klanten"
at 0.96, "forget" ~ "vergeten" at 0.84, "hide" ~ "verbergen" at 0.76), while whole English questions land far from
Dutch sections. So each content word of a question is replaced by the nearest word of the documents' own
vocabulary in the other language when it is that close; names and numbers stay as they are ("WhatsApp", "500").
Only the chamber's own documents use it (the built-in knowledge has both languages).

Single-word cosines fail on the chamber's own domain words ("consultation" ~ "spreekuur" 0.39, "giveaway" ~
"winactie" 0.36, and "drop-in" or "mother's day" are no single alphabetic word), and the nearest word is sometimes
wrong although close ("VAT" ~ "vaker"), so a glossary the maintainers edit (`knowledge/glossary.yaml`, English ->
Dutch, read both ways) comes first where it has the word, one word for one: the first of its translations that the
documents hold as a word or as the end of a compound ("spreekuur" in "inloopspreekuur"). The encoder's nearest word
serves the words the glossary does not have.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import yaml
from langchain_core.embeddings import Embeddings

from assistant.embedcache import embed_cached
from assistant.text import STOPWORDS, compound_heads, words

log = logging.getLogger(__name__)

WORD_MIN_COSINE = 0.75  # a word and its nearest word of the other language are taken as the same word from here
# (own-documents dev split: the section that answers came first for 25 of 32 questions, against 22 without; at
# 0.8 and 0.85 for 24: "prepare" ~ "bereid" 0.78 and "target" ~ "doel" 0.78 are right, "bring" ~ "naar" 0.73 not)
SEEN_WORDS = 20_000  # question words whose vectors are kept (about 40 MB at most)


def content_words(text: str, language: str) -> list[str]:
    """The words of a text worth translating: alphabetic, three letters or more, not a stopword."""
    stop = STOPWORDS.get(language, set())
    return [w for w in words(text) if len(w) >= 3 and w.isalpha() and w not in stop]


def read_word_file(path: Path, what: str, shape: str, valid: Callable[[dict], bool]) -> dict:
    """A word file the maintainers and staff edit (the glossary, the synonyms): its mapping, or {} when there is
    none or it cannot be read (logged with what to fix: questions are still answered, only without it)."""
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict) or not valid(data):
            raise ValueError(f"expected {shape}")
        return data
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError) as exc:
        log.warning("%s %s not used: %s; fix the file (%s)", what, path, str(exc).splitlines()[0], shape)
        return {}


class Glossary:
    """Word and expression translations between English and Dutch (`knowledge/glossary.yaml`, English keys)."""

    def __init__(self, en_nl: dict[str, list[str]] | None = None):
        self._to: dict[tuple[str, str], dict[str, list[str]]] = {("en", "nl"): {}, ("nl", "en"): {}}
        for english, dutch in (en_nl or {}).items():
            key = " ".join(str(english).lower().split())
            for word in dutch or []:
                word = str(word).lower().strip()
                self._to["en", "nl"].setdefault(key, []).append(word)
                self._to["nl", "en"].setdefault(word, []).append(key)

    @classmethod
    def load(cls, path: Path) -> Glossary:
        """The glossary file; an empty glossary when there is none or it cannot be read (see `read_word_file`)."""
        data = read_word_file(path, "glossary", "lines 'english word: [dutch word, ...]'", lambda d: True)
        return cls({k: v if isinstance(v, list) else [v] for k, v in data.items()})

    def __len__(self) -> int:
        return len(self._to["en", "nl"])

    def word(self, word: str, source: str, target: str, known: set[str]) -> str | None:
        """The first translation of a word (or two-word expression) that the documents hold, else None."""
        return next((w for w in self._to.get((source, target), {}).get(word, []) if w in known), None)

    def expressions(self, text: str, source: str) -> list[str]:
        """The glossary's keys in `text` that are no single alphabetic word: two-word expressions ("mother's
        day", "sign up") and words with a hyphen or an apostrophe ("drop-in")."""
        table = self._to.get((source, "nl" if source == "en" else "en"), {})
        tokens = [w.replace("’", "'") for w in words(text)]
        pairs = [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]
        return [k for k in pairs + [t for t in tokens if not t.isalpha()] if k in table]


class WordBridge:
    """Nearest-word translation into a language, over the vocabulary of that language's documents."""

    def __init__(self, embeddings: Embeddings, cache_dir: Path | None, model_name: str,
                 glossary: Glossary | None = None):
        self._embeddings = embeddings
        self._cache_dir = cache_dir
        self._model_name = model_name
        self._glossary = glossary or Glossary()
        self._known: dict[str, set[str]] = {}  # per language: its vocabulary and the compound ends in it
        self._vocab: dict[str, tuple[list[str], np.ndarray]] = {}
        self._seen: dict[str, np.ndarray] = {}  # a question word's unit vector (words repeat from question to question)

    def learn(self, language: str, texts: Iterable[str]) -> None:
        """Embed the vocabulary of `language` from its documents' texts (cached on disk by the word list)."""
        vocab = sorted({w for text in texts for w in content_words(text, language)})
        digest = hashlib.sha256("\n".join([self._model_name, *vocab]).encode()).hexdigest()[:16]
        cache = self._cache_dir / f"words-{language}-{digest}.npy" if self._cache_dir and vocab else None
        matrix = embed_cached(self._embeddings, vocab, cache) if vocab else np.zeros((0, 1), dtype=np.float32)
        matrix = matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)
        self._known[language] = set(vocab) | compound_heads(set(vocab))
        self._vocab[language] = (vocab, matrix)

    def knows(self, language: str) -> bool:
        return bool(self._vocab.get(language, ([], None))[0])

    def translate(self, text: str, source: str, target: str) -> str:
        """The content words of `text` (in `source`), each as the glossary's `target` word, else as its nearest
        `target` word when close enough."""
        vocab, matrix = self._vocab.get(target, ([], None))
        found = content_words(text, source)
        known = self._known.get(target, set())
        # expressions of more than one word, or with a hyphen, only the glossary knows
        expressions = [g for key in self._glossary.expressions(text, source)
                       if (g := self._glossary.word(key, source, target, known))]
        if not vocab or not found:
            return " ".join(found + expressions)
        sims = self._vectors(found) @ matrix.T
        best = sims.argmax(axis=1)
        # the glossary first where it has the word (curated: the encoder's nearest word for "VAT" is "vaker")
        return " ".join([self._glossary.word(word, source, target, known)
                         or (vocab[j] if sims[i, j] >= WORD_MIN_COSINE else word)
                         for i, (word, j) in enumerate(zip(found, best, strict=True))] + expressions)

    def _vectors(self, found: list[str]) -> np.ndarray:
        """Unit vectors of the words, from the words seen before where possible. Safe under concurrent requests:
        each reads what it needs into its own dict first, so another request emptying the cache takes nothing
        from it."""
        known = {w: v for w in found if (v := self._seen.get(w)) is not None}
        new = sorted(set(found) - known.keys())
        if new:
            vectors = np.asarray(self._embeddings.embed_documents(new), dtype=np.float32)
            vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
            known.update(zip(new, vectors, strict=True))
            if len(self._seen) > SEEN_WORDS:
                self._seen = {}
            self._seen.update(zip(new, vectors, strict=True))
        return np.stack([known[w] for w in found])
