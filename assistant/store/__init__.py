"""The application database: tables (`models`), the `Store` and its reads and writes (`queries`), staff's reading
of conversations with each answer's decision (`conversations`), and a person's data and retention (`privacy`).
Import from here: `from assistant.store import Store, Feedback, ...`."""

from assistant.store.conversations import CONVERSATION_FILTERS, ConversationFilter
from assistant.store.models import (
    Base,
    Conversation,
    Feedback,
    Message,
    NotFoundError,
    PhrasingSuggestion,
    ReferralRequest,
    UTCDateTime,
    new_session_id,
    row_dict,
    utcnow,
)
from assistant.store.queries import HISTORY_TURNS, Store

__all__ = [
    "CONVERSATION_FILTERS", "HISTORY_TURNS", "ConversationFilter", "Base", "Conversation", "Feedback", "Message", "NotFoundError",
    "PhrasingSuggestion", "ReferralRequest", "Store", "UTCDateTime", "new_session_id", "row_dict", "utcnow",
]
