"""BM25 over stemmed tokens, one index per language (Dutch and English Snowball stemmers), persisted to disk.

On disk (no pickle, nothing executable): per language bm25s's own format (numpy arrays and JSON) in a folder, the
chunk records as JSON lines, and a JSON manifest. A generation is written to a new folder and then made current
by replacing one small pointer file, so a reader never sees half an index.
"""

from __future__ import annotations

import json
import logging
import math
import shutil
import uuid
from collections import Counter
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path

from assistant.text import stems

CURRENT = "CURRENT"  # names the folder of the current generation
FORMAT = 3


@dataclass
class ChunkRecord:
    """What retrieval needs of a chunk without asking the vector store."""

    chunk_id: str
    text: str
    metadata: dict


class LexicalIndex:
    """A BM25 index per language over chunk records; `search` returns (record, score) pairs, best first."""

    def __init__(self, records: list[ChunkRecord], _built: dict | None = None):
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets itself to DEBUG on import
        self.records = records
        self.by_id = {rec.chunk_id: rec for rec in records}
        self._stem_sets: dict[tuple[str, str], frozenset[str]] = {}  # (chunk id, language) -> stems, filled on use
        self.by_language: dict[str, tuple[object, list[int]]] = {}
        self.doc_freq: dict[str, Counter] = {}
        self.size: dict[str, int] = {}
        if _built is not None:  # loaded from disk: the models, members and frequencies as saved
            for lang, (model, members, doc_freq) in _built.items():
                self.by_language[lang] = (model, members)
                self.doc_freq[lang] = Counter(doc_freq)
                self.size[lang] = len(members)
            return
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

    def stem_set(self, chunk_id: str, text: str, language: str) -> frozenset[str]:
        """The stems of a chunk's text, computed once per chunk (every question ranks some of the same chunks)."""
        key = (chunk_id, language)
        found = self._stem_sets.get(key)
        if found is None:
            found = self._stem_sets[key] = frozenset(stems(text, language))
        return found

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
            # n_threads=0: in this thread (1 would start a thread pool for every call, ~2 ms).
            docs, scores = model.retrieve([tokens], k=kk, show_progress=False, n_threads=0)
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

    def coverage(self, query_stems: list[str], text_stems: AbstractSet[str], language: str) -> float:
        """Share of the query's content, weighted by idf, that a text contains."""
        q = set(query_stems)
        if not q:
            return 0.0
        total = sum(self.idf(language, t) for t in q)
        return sum(self.idf(language, t) for t in q & text_stems) / total

    def save(self, folder: Path) -> None:
        """Write a new generation next to the current one, switch the pointer, then remove older generations."""
        folder.mkdir(parents=True, exist_ok=True)
        name = f"gen-{uuid.uuid4().hex[:12]}"
        target = folder / name
        target.mkdir()
        with (target / "records.jsonl").open("w", encoding="utf-8") as fh:
            for rec in self.records:
                fh.write(json.dumps({"chunk_id": rec.chunk_id, "text": rec.text, "metadata": rec.metadata},
                                    ensure_ascii=False) + "\n")
        manifest = {"format": FORMAT, "languages": {}}
        for lang, (model, members) in self.by_language.items():
            model.save(str(target / f"bm25-{lang}"), show_progress=False)
            manifest["languages"][lang] = {"members": members, "doc_freq": dict(self.doc_freq[lang])}
        (target / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        previous = self._current(folder)
        pointer = folder / (CURRENT + ".tmp")
        pointer.write_text(name, encoding="utf-8")
        pointer.replace(folder / CURRENT)  # atomic: readers see the old generation or the new one
        for old in folder.iterdir():  # the previous generation stays for readers that are loading it right now
            if old.is_dir() and old.name.startswith("gen-") and old.name != name and old != previous:
                shutil.rmtree(old, ignore_errors=True)
        (folder / "bm25.pkl").unlink(missing_ok=True)  # the pickle of earlier releases is never read

    @staticmethod
    def _current(folder: Path) -> Path | None:
        try:
            name = (folder / CURRENT).read_text(encoding="utf-8").strip()
        except OSError:
            return None
        path = folder / name
        return path if name.startswith("gen-") and (path / "manifest.json").is_file() else None

    @staticmethod
    def exists(folder: Path) -> bool:
        return LexicalIndex._current(folder) is not None

    @staticmethod
    def load(folder: Path) -> "LexicalIndex | None":
        """The saved index, or None when it is missing, from an older format or unreadable (the caller rebuilds it)."""
        import bm25s

        path = LexicalIndex._current(folder)
        if path is None:
            return None
        try:
            manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
            if manifest.get("format") != FORMAT:
                return None
            with (path / "records.jsonl").open(encoding="utf-8") as fh:
                records = [ChunkRecord(**json.loads(line)) for line in fh if line.strip()]
            built = {lang: (bm25s.BM25.load(str(path / f"bm25-{lang}"), show_progress=False), part["members"],
                            part["doc_freq"]) for lang, part in manifest["languages"].items()}
        except Exception:  # a damaged or half-copied folder: rebuilt from the vector store
            return None
        return LexicalIndex(records, _built=built)
