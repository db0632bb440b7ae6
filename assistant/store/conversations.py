"""Stored conversations as staff read them: the recent ones (filtered by what happened in them) and one in full,
each answer with the routing decision stored beside it (`messages.decision`), so that "why was this referred?"
is answered from the database.

A mixin of `Store` (it needs only `Store.session()`), like assistant.store.privacy.
"""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from typing import Literal

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from assistant.store.models import Conversation, Feedback, Message, row_dict

# What staff filter the recent conversations by: an answer referred, asked "did you mean ...?", declined the
# question as off-topic, or got a thumbs down.
ConversationFilter = Literal["referred", "clarify", "out_of_scope", "thumbs_down"]
CONVERSATION_FILTERS: tuple[str, ...] = ConversationFilter.__args__  # type: ignore[attr-defined]


def decision_json(decision) -> str | None:
    """An answer's `Decision` as stored: its set fields as compact JSON (route, reason, rule, ids, scores and
    thresholds; the decision holds no message text)."""
    if decision is None:
        return None
    return json.dumps(decision.model_dump(mode="json", exclude_defaults=True), separators=(",", ":"))


def parse_decision(stored: str | None) -> dict | None:
    """A stored decision as a dict; None for answers stored without one (before revision 0002) or unreadable."""
    if not stored:
        return None
    try:
        decision = json.loads(stored)
    except ValueError:
        return None
    return decision if isinstance(decision, dict) else None


def _answers_where(*conditions):
    """The conversation has an answer matching `conditions`."""
    return exists().where(Message.session_id == Conversation.session_id, Message.role == "assistant", *conditions)


def _filter(show: str):
    match show:
        case "referred":
            return _answers_where(Message.route == "refer")
        case "clarify":
            return _answers_where(Message.reason == "clarify")
        case "out_of_scope":
            return _answers_where(Message.route == "out_of_scope")
        case "thumbs_down":
            return exists().where(Feedback.session_id == Conversation.session_id, Feedback.rating == "down")
    raise ValueError(f"no conversation filter {show!r} (one of {', '.join(CONVERSATION_FILTERS)})")


class ConversationLog:
    """Staff's reading of stored conversations (mixed into `Store`)."""

    def session(self) -> AbstractContextManager[Session]:  # provided by Store
        raise NotImplementedError

    def list_conversations(self, show: str | None = None, limit: int = 100, offset: int = 0) -> list[dict]:
        """The conversations with the latest activity first; `show` one of CONVERSATION_FILTERS (None: all).

        Each: session_id, created_at, updated_at, language, questions (count), routes and reasons (counts of the
        answers' routes and of their reasons: a referral's reason, or "clarify" for "did you mean ...?"),
        thumbs_down (count)."""
        query = select(Conversation).order_by(Conversation.updated_at.desc(), Conversation.session_id)
        if show:
            query = query.where(_filter(show))
        with self.session() as db:
            conversations = db.scalars(query.limit(limit).offset(offset)).all()
            ids = [c.session_id for c in conversations]
            counts = db.execute(
                select(Message.session_id, Message.role, Message.route, Message.reason, func.count())
                .where(Message.session_id.in_(ids))
                .group_by(Message.session_id, Message.role, Message.route, Message.reason)).all()
            down = dict(db.execute(
                select(Feedback.session_id, func.count()).where(Feedback.session_id.in_(ids), Feedback.rating == "down")
                .group_by(Feedback.session_id)).all())
        rows = {c.session_id: {**row_dict(c), "questions": 0, "routes": {}, "reasons": {},
                               "thumbs_down": down.get(c.session_id, 0)} for c in conversations}
        for session_id, role, route, reason, count in counts:
            row = rows[session_id]
            if role == "user":
                row["questions"] += count
                continue
            if route:
                row["routes"][route] = row["routes"].get(route, 0) + count
            if reason:
                row["reasons"][reason] = row["reasons"].get(reason, 0) + count
        return list(rows.values())

    def conversation(self, session_id: str) -> dict | None:
        """One conversation with its messages in order; each answer with its decision (a dict, or None when it
        was stored without one) and the ratings it got. None when there is no such conversation."""
        with self.session() as db:
            conversation = db.get(Conversation, session_id)
            if conversation is None:
                return None
            messages = db.scalars(select(Message).where(Message.session_id == session_id).order_by(Message.id)).all()
            ratings = db.scalars(select(Feedback).where(Feedback.session_id == session_id,
                                                        Feedback.message_id.is_not(None)).order_by(Feedback.id)).all()
            out = row_dict(conversation)
        feedback: dict[int, list[dict]] = {}
        for rating in ratings:
            feedback.setdefault(rating.message_id, []).append(
                {"rating": rating.rating, "comment": rating.comment, "created_at": rating.created_at.isoformat()})
        out["messages"] = []
        for message in messages:
            row = row_dict(message)
            if message.role == "assistant":
                row["decision"] = parse_decision(message.decision)
                row["feedback"] = feedback.get(message.id, [])
            else:
                row.pop("decision")
            out["messages"].append(row)
        return out
