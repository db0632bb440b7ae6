"""What was missing: a comment put on a rating already stored (page and API share it)."""

from __future__ import annotations

from assistant.store import Feedback, Store


def add_comment(store: Store, feedback_id: int, session_id: str, comment: str) -> bool:
    """Put `comment` on the rating `feedback_id` if it belongs to `session_id`; False when there is no such row.

    A rating is stored the moment a thumb is clicked; the comment, asked for after a thumbs down, comes later and
    lands on the same row. (Store has no method for it yet; this moves into Store's queries when it is split.)
    """
    with store.session() as db:
        row = db.get(Feedback, feedback_id)
        if row is None or row.session_id != session_id:
            return False
        row.comment = comment
        return True
