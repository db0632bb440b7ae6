"""A person's rights and retention: export or erase everything stored about a person, and purge old data.

A mixin of `Store` (it needs only `Store.session()`), kept apart so that what happens to personal data can be
read in one place. Nothing here logs names, emails or message text: only counts.
"""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from assistant.store.models import (
    Conversation,
    Feedback,
    Message,
    PhrasingSuggestion,
    ReferralRequest,
    row_dict,
    utcnow,
)

log = logging.getLogger(__name__)


class PersonalData:
    """Export, erasure and retention over the store's tables (mixed into `Store`)."""

    def session(self) -> AbstractContextManager[Session]:  # provided by Store
        raise NotImplementedError

    def _person_sessions(self, db: Session, email: str) -> list[str]:
        rows = db.scalars(select(ReferralRequest.session_id).where(func.lower(ReferralRequest.email) == email.lower()))
        return sorted({s for s in rows if s})

    def export_person(self, email: str) -> dict:
        """Everything stored about the person with this email: their requests and the conversations they came from."""
        with self.session() as db:
            referrals = db.scalars(
                select(ReferralRequest).where(func.lower(ReferralRequest.email) == email.strip().lower())
                .order_by(ReferralRequest.id)
            ).all()
            sessions = self._person_sessions(db, email.strip())
            messages = db.scalars(select(Message).where(Message.session_id.in_(sessions)).order_by(Message.id)).all()
            feedback = db.scalars(select(Feedback).where(Feedback.session_id.in_(sessions)).order_by(Feedback.id)).all()
            return {
                "email": email.strip(),
                "referrals": [row_dict(r) for r in referrals],
                "messages": [row_dict(m) for m in messages],
                "feedback": [row_dict(f) for f in feedback],
            }

    def delete_person(self, email: str) -> dict[str, int]:
        """Erase a person's requests and the conversations and feedback linked to them; returns counts."""
        email = email.strip()
        with self.session() as db:
            sessions = self._person_sessions(db, email)
            counts = {
                "feedback": db.execute(delete(Feedback).where(Feedback.session_id.in_(sessions))).rowcount,
                "phrasings": db.execute(
                    delete(PhrasingSuggestion).where(PhrasingSuggestion.session_id.in_(sessions))).rowcount,
                "messages": db.execute(delete(Message).where(Message.session_id.in_(sessions))).rowcount,
                "conversations": db.execute(
                    delete(Conversation).where(Conversation.session_id.in_(sessions))).rowcount,
                "referrals": db.execute(
                    delete(ReferralRequest).where(func.lower(ReferralRequest.email) == email.lower())).rowcount,
            }
        log.info("deleted a person's data on request: %s", counts)
        return counts

    def purge(self, older_than_days: int) -> dict[str, int]:
        """Delete conversations without activity, feedback and handled referral requests older than N days.

        Open (new) referral requests are kept until staff handle them.
        """
        if older_than_days < 0:
            raise ValueError("older_than_days must be 0 or more")
        cutoff = utcnow() - timedelta(days=older_than_days)
        with self.session() as db:
            old = select(Conversation.session_id).where(Conversation.updated_at < cutoff)
            counts = {
                "feedback": db.execute(delete(Feedback).where(Feedback.created_at < cutoff)).rowcount,
                "phrasings": db.execute(
                    delete(PhrasingSuggestion).where(PhrasingSuggestion.session_id.in_(old))).rowcount,
                "messages": db.execute(delete(Message).where(Message.session_id.in_(old))).rowcount,
                "conversations": db.execute(delete(Conversation).where(Conversation.updated_at < cutoff)).rowcount,
                "referrals": db.execute(delete(ReferralRequest).where(
                    ReferralRequest.status == "handled", ReferralRequest.handled_at < cutoff)).rowcount,
            }
        log.info("purged data older than %s days: %s", older_than_days, counts)
        return counts
