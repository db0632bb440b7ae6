"""BM25 over stemmed tokens, one index per language (Dutch and English Snowball stemmers), persisted to disk."""

from __future__ import annotations

import logging
import math
import pickle
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from assistant.text import stems

FILE_NAME = "bm25.pkl"
FORMAT = 2


@dataclass
class ChunkRecord:
    """What retrieval needs of a chunk without asking the vector store."""

    chunk_id: str
    text: str
    metadata: dict


class LexicalIndex:
    """A BM25 index per language over chunk records; `search` returns (record, score) pairs, best first."""

    def __init__(self, records: list[ChunkRecord]):
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets itself to DEBUG on import
        self.records = records
        self.by_language: dict[str, tuple[object, list[int]]] = {}
        self.doc_freq: dict[str, Counter] = {}
        self.size: dict[str, int] = {}
        groups: dict[str, list[int]] = {}
        for i, rec in enumerate(records):
            groups.setdefault(rec.metadata.get("language") or "nl", []).append(i)
        for lang, members in groups.items():
            tokens = [stems(records[i].text, lang) or ["_"] for i in members]
            model = bm25s.BM25()
            model.index(tokens, show_progress=False)
            self.by_language[lang] = (model, members)
            self.doc_freq[lang] = Counter(t for toks in tokens for t in set(toks))
            self.size[lang] = len(members)

    def __len__(self) -> int:
        return len(self.records)

    def search(self, query: str, k: int, languages: list[str]) -> dict[str, list[tuple[ChunkRecord, float]]]:
        """Top-k per language, the query stemmed in that language; zero-score hits are dropped."""
        out: dict[str, list[tuple[ChunkRecord, float]]] = {}
        for lang in languages:
            if lang not in self.by_language:
                continue
            model, members = self.by_language[lang]
            tokens = stems(query, lang)
            if not tokens:
                out[lang] = []
                continue
            kk = min(k, len(members))
            docs, scores = model.retrieve([tokens], k=kk, show_progress=False, n_threads=1)
            out[lang] = [
                (self.records[members[int(d)]], float(s))
                for d, s in zip(docs[0], scores[0], strict=True)
                if s > 0
            ]
        return out

    def idf(self, language: str, term: str) -> float:
        """Inverse document frequency of a stem; terms the knowledge never uses weigh the most."""
        n = self.size.get(language, 0)
        df = self.doc_freq.get(language, Counter()).get(term, 0)
        weight = math.log(1 + (n + 1) / (df + 0.5))
        # A question word the knowledge never uses is a strong sign it is about something we do not cover.
        return 2 * weight if df == 0 else weight

    def distinctive(self, language: str, term: str) -> bool:
        """A term only a few notes use (a name, a coined word): strong evidence a question is about them."""
        df = self.doc_freq.get(language, Counter()).get(term, 0)
        return 0 < df <= max(5, 0.02 * self.size.get(language, 0))

    def coverage(self, query_stems: list[str], text_stems: set[str], language: str) -> float:
        """Share of the query's content, weighted by idf, that a text contains."""
        q = set(query_stems)
        if not q:
            return 0.0
        total = sum(self.idf(language, t) for t in q)
        return sum(self.idf(language, t) for t in q & text_stems) / total

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / (FILE_NAME + ".tmp")
        with tmp.open("wb") as fh:
            pickle.dump({"format": FORMAT, "index": self}, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(folder / FILE_NAME)  # atomic: a crash never leaves half a file

    @staticmethod
    def exists(folder: Path) -> bool:
        return (folder / FILE_NAME).is_file()

    @staticmethod
    def load(folder: Path) -> "LexicalIndex | None":
        """The saved index, or None when it is missing or unreadable (the caller rebuilds it)."""
        path = folder / FILE_NAME
        if not path.is_file():
            return None
        try:
            with path.open("rb") as fh:
                data = pickle.load(fh)
        except Exception:
            return None
        return data.get("index") if isinstance(data, dict) and data.get("format") == FORMAT else None

