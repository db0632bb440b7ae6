"""BM25 over stemmed tokens, one index per language (Dutch and English Snowball stemmers), persisted to disk."""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.text import stems

FILE_NAME = "bm25.pkl"
FORMAT = 1


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

        self.records = records
        self.by_language: dict[str, tuple[object, list[int]]] = {}
        groups: dict[str, list[int]] = {}
        for i, rec in enumerate(records):
            groups.setdefault(rec.metadata.get("language") or "nl", []).append(i)
        for lang, members in groups.items():
            model = bm25s.BM25()
            model.index([stems(records[i].text, lang) or ["_"] for i in members], show_progress=False)
            self.by_language[lang] = (model, members)

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


def term_coverage(query_stems: list[str], text_stems: set[str]) -> float:
    """Share of the query's distinct content stems found in a text."""
    q = set(query_stems)
    return len(q & text_stems) / len(q) if q else 0.0


def as_array(vectors: list[list[float]]) -> np.ndarray:
    return np.asarray(vectors, dtype=np.float32)
