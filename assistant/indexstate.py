"""The index's state in the database, shared by every instance: a generation counter and the indexing lock.

Whichever instance indexes takes the lock (one row, claimed with a conditional UPDATE, so it works the same on
SQLite and PostgreSQL), and bumps the generation when the index changed. Every server watches the generation and
reloads what it derives from the index (the lexical index, the uploads' sections, the cards' accepted phrasings)
within `index_poll_seconds`.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy import Integer, String, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column, sessionmaker

from assistant.config import Settings
from assistant.store import Base, UTCDateTime, utcnow
from assistant.store.queries import make_engine

log = logging.getLogger(__name__)


class IndexBusyError(RuntimeError):
    """Another indexing run holds the lock and did not finish within the wait."""


class IndexState(Base):
    __tablename__ = "index_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    generation: Mapped[int] = mapped_column(Integer, default=0)
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    lock_owner: Mapped[str | None] = mapped_column(String(120), nullable=True)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class IndexCoordinator:
    """Generation and lock over the application database (its own small connection pool)."""

    def __init__(self, settings: Settings):
        self.engine = make_engine(settings, pool_size=2, sqlite_timeout=30)
        # A lock not renewed for this long belongs to a run that died; the next run takes it over.
        self.lock_seconds = settings.index_lock_seconds
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        try:  # two instances starting at once may both add the row: the loser finds it there
            with self._sessions.begin() as db:
                if db.get(IndexState, 1) is None:
                    db.add(IndexState(id=1, generation=0))
        except IntegrityError:
            pass

    def generation(self) -> int:
        with self._sessions() as db:
            return int(db.execute(select(IndexState.generation).where(IndexState.id == 1)).scalar_one())

    def bump(self) -> int:
        """A new generation: every server reloads what it derives from the index."""
        with self._sessions.begin() as db:
            db.execute(update(IndexState).where(IndexState.id == 1)
                       .values(generation=IndexState.generation + 1, changed_at=utcnow()))
        return self.generation()

    def _claim(self) -> bool:
        now = utcnow()
        with self._sessions.begin() as db:
            claimed = db.execute(
                update(IndexState)
                .where(IndexState.id == 1)
                .where((IndexState.lock_owner.is_(None)) | (IndexState.locked_until < now)
                       | (IndexState.lock_owner == self.owner))
                .values(lock_owner=self.owner, locked_until=now + timedelta(seconds=self.lock_seconds))
            ).rowcount
        return claimed == 1

    def _release(self) -> None:
        with self._sessions.begin() as db:
            db.execute(update(IndexState).where(IndexState.id == 1).where(IndexState.lock_owner == self.owner)
                       .values(lock_owner=None, locked_until=None))

    def holder(self) -> str | None:
        with self._sessions() as db:
            row = db.get(IndexState, 1)
            return row.lock_owner if row and row.locked_until and row.locked_until > utcnow() else None

    @contextmanager
    def lock(self, wait: float = 600.0, poll: float = 0.5) -> Iterator[bool]:
        """Hold the indexing lock for the block, renewed while it runs. Yields whether another run held it first
        (then it is worth checking whether that run already did the work)."""
        deadline = time.monotonic() + wait
        waited = False
        while not self._claim():
            if not waited:
                log.info("another indexing run is under way (%s); waiting for it", self.holder())
            waited = True
            if time.monotonic() > deadline:
                raise IndexBusyError(f"an indexing run ({self.holder()}) has held the lock for over {wait:.0f} s")
            time.sleep(poll)
        stop = threading.Event()

        def renew() -> None:
            while not stop.wait(self.lock_seconds / 4):
                try:
                    self._claim()
                except Exception:  # noqa: BLE001 - the run goes on; a lost lock only lets another run start
                    log.exception("renewing the indexing lock failed")

        renewer = threading.Thread(target=renew, name="index-lock", daemon=True)
        renewer.start()
        try:
            yield waited
        finally:
            stop.set()
            self._release()

    def close(self) -> None:
        self.engine.dispose()


class Reloading:
    """A mixin of `assistant.pipeline.Assistant`: indexing under the shared lock, and following the index that
    other instances change (the generation in the database), by rebuilding what is derived from it."""

    _coordinator: IndexCoordinator | None = None
    _generation: int | None = None

    @property
    def coordinator(self) -> IndexCoordinator:
        if self._coordinator is None:
            self._coordinator = IndexCoordinator(self.settings)
        return self._coordinator

    def index_locked(self, run):
        """`run()` (an indexing run) under the shared lock; a changed index gets a new generation."""
        with self.coordinator.lock():
            result = run()
            if result.changed:
                self._generation = self.coordinator.bump()
            elif self._generation is None:
                self._generation = self.coordinator.generation()
        return result

    def phrasings_changed(self) -> None:
        """Staff accepted a phrasing (a file beside the shared uploads, not in Chroma): a new generation, so that
        every instance reloads its cards within `index_poll_seconds`; this one at its next question."""
        self._generation = self.coordinator.bump()
        self._cards = None

    def follow_index(self) -> bool:
        """Reload when another instance changed the index since; True when it did."""
        generation = self.coordinator.generation()
        if self._generation is None:
            self._generation = generation
            return False
        if generation == self._generation:
            return False
        log.info("the index changed (generation %d -> %d): reloading", self._generation, generation)
        self.reload_derived()
        self._generation = generation
        return True

    def reload_derived(self) -> None:
        """Rebuild what is derived from the shared index (another instance changed it): built first, then
        swapped in, so questions meanwhile are answered from the previous generation."""
        from assistant.index import build_lexical
        from assistant.retrieve import HybridRetriever

        lexical = build_lexical(self.settings, self.vector_store)
        retriever = HybridRetriever(self.settings, self.embeddings, self.vector_store, lexical)
        cards = sections = None
        self._glossary = self._synonyms = None  # as edited since
        if self.settings.answer_cards:
            sections, cards = self._build_sections(lexical.records), self._build_cards()
            sections.warm_up()
            cards.warm_up()
        self._retriever, self._sections, self._cards = retriever, sections, cards

    def watch_index(self, stop: threading.Event) -> threading.Thread:
        """A thread that calls `follow_index` every `index_poll_seconds` until `stop` is set."""

        def loop() -> None:
            while not stop.wait(self.settings.index_poll_seconds):
                try:
                    self.follow_index()
                except Exception:  # noqa: BLE001 - a database or Chroma outage: try again next time
                    log.warning("cannot check the index generation; trying again in %.0f s",
                                self.settings.index_poll_seconds, exc_info=True)

        thread = threading.Thread(target=loop, name="index-watch", daemon=True)
        thread.start()
        return thread
