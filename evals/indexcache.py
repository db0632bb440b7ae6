"""Prepared indexes for eval runs: an index built once and copied into the data dir of every run that would build
the same one again.

The eval runs of `make eval` and `make eval-splits` each have a data dir of their own that begins as the same index
of knowledge/ (the own-documents runs add their uploads to it afterwards); each embedded the knowledge again, about
40 s of a 2-core machine. The first run builds its index as before and keeps a copy under a key; the others start
from that copy and their incremental index finds nothing to do.

The key is a digest of everything the copy follows from: the knowledge and prompts folders, the settings, the
assistant's code, the installed packages and whether the CPU indexes in bfloat16. A change to any of them gives a new
key, so a stale copy is never used; the newest few entries are kept.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import platform
import shutil
from pathlib import Path

from assistant.config import PROJECT_ROOT, Settings
from assistant.providers import wait_for_questions

# Not part of an index: a database of conversations and feedback (each run makes its own), staff uploads and
# accepted phrasings, locks and half-written files.
NOT_COPIED = shutil.ignore_patterns("*.lock", "*.tmp", "assistant.sqlite*", "uploads", "cards")
KEEP_ENTRIES = 3


def cache_key(settings: Settings) -> str:
    """A digest of the knowledge, prompts, settings, code and packages that an index with its caches follows from."""
    from assistant.providers import index_in_bf16

    digest = hashlib.sha256()

    def add(data: bytes | str) -> None:
        digest.update(data if isinstance(data, bytes) else data.encode())
        digest.update(b"\0")

    for root in (settings.knowledge_dir, settings.prompts_dir, PROJECT_ROOT / "assistant"):
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            add(path.relative_to(root).as_posix())
            add(path.read_bytes())
    add(json.dumps(settings.model_dump(mode="json", exclude={"data_dir"}), sort_keys=True))
    for name in sorted(f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions()):
        add(name)
    add(f"{platform.machine()} bf16={index_in_bf16(settings)}")
    return digest.hexdigest()[:20]


class IndexCache:
    """Copies of fresh indexes (with the models' caches: cards, router examples, the exported question encoder),
    one folder per key under `root`. Losing or failing to make a copy only costs time: the run builds its own."""

    def __init__(self, root: Path):
        self.root = root

    @staticmethod
    def usable(settings: Settings) -> bool:
        """Only a data dir that holds the whole index and nothing but the knowledge: not with a Chroma server, a
        shared database or an uploads folder elsewhere."""
        return settings.chroma_url is None and settings.database_url is None and settings.uploads_dir is None

    def seed(self, settings: Settings, console) -> bool:
        """Start a data dir that holds no index yet as the kept copy of its index (the incremental index then finds
        nothing to do). Whether the index the run is about to build should be kept: there was no copy to use."""
        if not self.usable(settings) or settings.chroma_dir.exists():
            return False
        key = cache_key(settings)
        entry = self.root / key
        if not entry.is_dir():
            return True
        try:
            shutil.copytree(entry, settings.data_dir, ignore=NOT_COPIED, dirs_exist_ok=True)
            os.utime(entry)  # recently used: kept when older entries are dropped
        except OSError as exc:  # nothing half-copied stays behind: the run builds its index from nothing
            console.print(f"[yellow]Index not copied from {entry}: {exc}[/]")
            shutil.rmtree(settings.chroma_dir, ignore_errors=True)
            shutil.rmtree(settings.lexical_dir, ignore_errors=True)
            (settings.data_dir / "records.sqlite").unlink(missing_ok=True)
            return False
        console.print(f"Index copied from {entry}")
        return False

    def keep(self, built, console) -> None:
        """Keep a copy of an Assistant's freshly built and warmed-up index, unless one is kept already or it holds
        staff uploads (it is then not the index of the knowledge alone)."""
        settings = built.settings
        entry = self.root / cache_key(settings)
        uploads = settings.uploads_path
        if entry.is_dir() or (uploads.is_dir() and any(p.is_file() for p in uploads.rglob("*"))):
            return
        # The question encoder is exported in the background at warm-up: wait, so the copy has the finished file.
        wait_for_questions(built.embeddings)
        partial = entry.with_name(f"{entry.name}.{os.getpid()}.partial")
        try:
            shutil.rmtree(partial, ignore_errors=True)
            shutil.copytree(settings.data_dir, partial, ignore=NOT_COPIED)
            partial.rename(entry)  # whole or not at all
        except OSError as exc:  # disk full, or another run kept the same index meanwhile
            shutil.rmtree(partial, ignore_errors=True)
            if not entry.is_dir():
                console.print(f"[yellow]Index not kept in {entry}: {exc}[/]")
            return
        console.print(f"Index kept in {entry}")
        self._drop_old()

    def _drop_old(self) -> None:
        entries = sorted((p for p in self.root.iterdir() if p.is_dir() and "." not in p.name),
                         key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP_ENTRIES:]:
            shutil.rmtree(old, ignore_errors=True)
