"""The `Store`: reads and writes of conversations, feedback, referral requests and phrasing suggestions
(SQLAlchemy 2; SQLite under the data dir or any SQLAlchemy URL). Staff's reading of conversations is in
assistant.store.conversations, a person's data and retention in assistant.store.privacy.

Every write commits before it returns, so what the user is told was saved is saved. Nothing here logs message
text, names, emails or phone numbers.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import and_, create_engine, event, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from assistant.config import Settings
from assistant.store.conversations import ConversationLog, decision_json, parse_decision
from assistant.store.models import (
    Base,
    Conversation,
    Feedback,
    Message,
    NotFoundError,
    PhrasingSuggestion,
    ReferralRequest,
    row_dict,
    utcnow,
)
from assistant.store.privacy import PersonalData
from assistant.types import Turn

log = logging.getLogger(__name__)

HISTORY_TURNS = 6  # earlier messages given to the assistant for a follow-up


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers (admin exports) run while the chat writes; the busy timeout rides out short lock waits.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(settings: Settings, pool_size: int | None = None, sqlite_timeout: float = 5):
    """An engine on the settings' database, at the schema this release needs (see assistant.migrate)."""
    from assistant.migrate import ensure_current

    url = settings.db_url
    # hide_parameters: SQL errors would otherwise carry names, emails and message text into logs.
    kwargs: dict = {"pool_pre_ping": True, "hide_parameters": True}
    if url.startswith("sqlite"):
        if not settings.database_url:
            settings.data_dir.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": sqlite_timeout}
    elif pool_size:
        kwargs["pool_size"] = pool_size
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    ensure_current(engine, settings)  # the schema is Alembic's (assistant db upgrade)
    return engine


class Store(PersonalData, ConversationLog):
    """The application database; build once per process and share (it holds the connection pool)."""

    def __init__(self, settings: Settings):
        self.engine = make_engine(settings)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed when the block ends, rolled back on an error."""
        with self._sessions() as db, db.begin():
            yield db

    def ping(self) -> bool:
        try:
            with self.session() as db:
                db.execute(select(1))
            return True
        except Exception:  # noqa: BLE001 - health checks report, they do not raise
            log.exception("database not reachable")
            return False

    def close(self) -> None:
        self.engine.dispose()

    # -- conversations ----------------------------------------------------------------------
    def history(self, session_id: str, turns: int = HISTORY_TURNS) -> list[Turn]:
        """The last `turns` messages of a conversation, oldest first."""
        with self.session() as db:
            rows = db.scalars(
                select(Message).where(Message.session_id == session_id)
                .order_by(Message.id.desc()).limit(turns)
            ).all()
        return [Turn(role=m.role, content=m.text) for m in reversed(rows)]

    def record_exchange(self, session_id: str, question: str, answer) -> int:
        """Store a question and its answer (creating the conversation if new); returns the answer's message id."""
        now = utcnow()
        reason = answer.referral.reason if answer.referral else None
        with self.session() as db:
            conversation = db.get(Conversation, session_id)
            if conversation is None:
                db.add(Conversation(session_id=session_id, language=answer.language, created_at=now, updated_at=now))
            else:
                conversation.updated_at = now
                conversation.language = answer.language
            self._pair_clicked_suggestion(db, session_id, question, answer)
            asked = Message(session_id=session_id, role="user", text=question, language=answer.language, created_at=now)
            db.add(asked)
            db.flush()
            # A "did you mean ...?" is stored as unanswered (reason "clarify"): it feeds the knowledge-gaps report.
            if reason is None and getattr(answer, "kind", "") == "clarify":
                reason = "clarify"
            reply = Message(session_id=session_id, role="assistant", text=answer.text, route=answer.route,
                            reason=reason, language=answer.language, reply_to=asked.id, created_at=now,
                            decision=decision_json(getattr(answer, "decision", None)))
            db.add(reply)
            db.flush()
            message_id = reply.id
        log.info("stored exchange message_id=%s route=%s", message_id, answer.route)
        return message_id

    def conversation_language(self, session_id: str) -> str | None:
        with self.session() as db:
            conversation = db.get(Conversation, session_id)
            return conversation.language if conversation else None

    def messages(self, session_id: str) -> list[dict]:
        with self.session() as db:
            rows = db.scalars(select(Message).where(Message.session_id == session_id).order_by(Message.id)).all()
        return [row_dict(m) for m in rows]

    # -- feedback ---------------------------------------------------------------------------
    def add_feedback(self, session_id: str, rating: str, message_id: int | None = None,
                     question: str | None = None, comment: str | None = None) -> dict:
        """Store a rating of an answer (by message id, which must belong to the session) or of a question."""
        with self.session() as db:
            route = language = None
            if message_id is not None:
                answer = db.get(Message, message_id)
                if answer is None or answer.session_id != session_id or answer.role != "assistant":
                    raise NotFoundError(f"no answer with message_id {message_id} in this session")
                route, language = answer.route, answer.language
                asked = db.get(Message, answer.reply_to) if answer.reply_to else None
                question = question or (asked.text if asked else None)
            row = Feedback(session_id=session_id, message_id=message_id, question=question, rating=rating,
                           comment=comment or None, route=route, language=language)
            db.add(row)
            db.flush()
            stored = row_dict(row)
        log.info("stored feedback id=%s rating=%s", stored["id"], rating)
        return stored

    def add_feedback_comment(self, feedback_id: int, session_id: str, comment: str) -> bool:
        """Put a comment on a rating already stored in this session (a rating is stored as soon as it is clicked).
        Returns whether there was such a rating."""
        with self.session() as db:
            row = db.get(Feedback, feedback_id)
            if row is None or row.session_id != session_id:
                return False
            row.comment = comment or None
        log.info("stored a comment on feedback id=%s", feedback_id)
        return True

    def list_feedback(self, rating: str | None = None, limit: int = 1000, offset: int = 0) -> list[dict]:
        query = select(Feedback).order_by(Feedback.id.desc()).limit(limit).offset(offset)
        if rating:
            query = query.where(Feedback.rating == rating)
        with self.session() as db:
            return [row_dict(r) for r in db.scalars(query).all()]

    # -- referral requests ------------------------------------------------------------------
    def add_referral(self, *, name: str, email: str, question: str, consent: bool, session_id: str | None = None,
                     phone: str | None = None, specialist_id: str | None = None, language: str | None = None) -> dict:
        """Store a contact request; only with consent. Returns the stored row."""
        if not consent:
            raise ValueError("a contact request needs the person's consent")
        with self.session() as db:
            row = ReferralRequest(session_id=session_id, name=name.strip(), email=email.strip(), phone=phone or None,
                                  question=question, specialist_id=specialist_id, language=language, consent=True)
            db.add(row)
            db.flush()
            stored = row_dict(row)
        log.info("stored referral request id=%s specialist=%s", stored["id"], specialist_id)
        return stored

    def list_referrals(self, status: str | None = None, limit: int = 1000, offset: int = 0) -> list[dict]:
        query = select(ReferralRequest).order_by(ReferralRequest.id.desc()).limit(limit).offset(offset)
        if status:
            query = query.where(ReferralRequest.status == status)
        with self.session() as db:
            return [row_dict(r) for r in db.scalars(query).all()]

    def mark_handled(self, referral_id: int, handled: bool = True) -> dict:
        with self.session() as db:
            row = db.get(ReferralRequest, referral_id)
            if row is None:
                raise NotFoundError(f"no referral request with id {referral_id}")
            row.status = "handled" if handled else "new"
            row.handled_at = utcnow() if handled else None
            db.flush()
            return row_dict(row)

    @staticmethod
    def _pair_clicked_suggestion(db, session_id: str, question: str, answer) -> None:
        """After "did you mean ...?", asking one of its questions pairs the user's first words with that card; after
        an answer with "or did you mean ...?" beside it (rule card_close), asking for one of the other close cards
        does too."""
        card_id = getattr(answer, "card_id", None)
        if not card_id:
            return
        last = db.scalars(select(Message).where(Message.session_id == session_id, Message.role == "assistant")
                          .order_by(Message.id.desc()).limit(1)).first()
        if last is None:
            return
        clicked_clarify = last.reason == "clarify" and f"- {question.strip()}" in last.text.splitlines()
        before = parse_decision(last.decision) or {}
        clicked_other = (before.get("rule") == "card_close" and card_id != before.get("card_id")
                         and card_id in (before.get("card_scores") or {}))
        if not (clicked_clarify or clicked_other):
            return
        asked = db.get(Message, last.reply_to) if last.reply_to else None
        if asked is not None:
            db.add(PhrasingSuggestion(session_id=session_id, question=asked.text, card_id=card_id,
                                      language=answer.language))

    def phrasing_suggestions(self, status: str | None = "new", limit: int = 500) -> list[dict]:
        """Users' own words paired with the card they chose, newest first, for staff to accept or reject."""
        with self.session() as db:
            query = select(PhrasingSuggestion).order_by(PhrasingSuggestion.id.desc()).limit(limit)
            if status:
                query = query.where(PhrasingSuggestion.status == status)
            return [row_dict(r) for r in db.scalars(query)]

    def set_phrasing_status(self, suggestion_id: int, status: str) -> dict:
        if status not in ("accepted", "rejected", "new"):
            raise ValueError("status must be accepted, rejected or new")
        with self.session() as db:
            row = db.get(PhrasingSuggestion, suggestion_id)
            if row is None:
                raise NotFoundError(f"no phrasing suggestion {suggestion_id}")
            row.status = status
            db.flush()
            return row_dict(row)

    # -- reports (retention: assistant.store.privacy) --------------------------------------------------------------
    def gap_candidates(self, since: datetime | None = None, limit: int = 5000) -> list[dict]:
        """Questions the knowledge could not answer (refer/out_of_knowledge) or whose answer got a thumbs down.

        At most `limit` of each kind, the most recent.
        """
        found: list[dict] = []
        with self.session() as db:
            asked = Message.__table__.alias("asked")
            query = (
                select(asked.c.text, Message.language, Message.created_at)
                .join(asked, asked.c.id == Message.reply_to)
                .where(or_(and_(Message.route == "refer", Message.reason == "out_of_knowledge"),
                           Message.reason == "clarify"))
            )
            if since:
                query = query.where(Message.created_at >= since)
            query = query.order_by(Message.id.desc()).limit(limit)
            found += [{"question": q, "language": lang, "created_at": at, "kind": "out_of_knowledge", "comment": None}
                      for q, lang, at in db.execute(query)]
            query = select(Feedback).where(Feedback.rating == "down", Feedback.question.is_not(None))
            if since:
                query = query.where(Feedback.created_at >= since)
            query = query.order_by(Feedback.id.desc()).limit(limit)
            found += [{"question": f.question, "language": f.language, "created_at": f.created_at,
                       "kind": "thumbs_down", "comment": f.comment} for f in db.scalars(query)]
        return found

    def counts(self) -> dict[str, int]:
        with self.session() as db:
            return {
                "conversations": db.scalar(select(func.count()).select_from(Conversation)) or 0,
                "messages": db.scalar(select(func.count()).select_from(Message)) or 0,
                "feedback": db.scalar(select(func.count()).select_from(Feedback)) or 0,
                "referrals": db.scalar(select(func.count()).select_from(ReferralRequest)) or 0,
                "referrals_new": db.scalar(
                    select(func.count()).select_from(ReferralRequest).where(ReferralRequest.status == "new")) or 0,
            }

