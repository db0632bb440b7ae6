"""What staff can do, as plain functions over the app's parts (store, staff, assistant, settings): the admin API
(assistant.web.admin_api) and the admin page (assistant.web.admin_page) both call these, so they behave the same.

Every change and every export leaves one audit row, written here (`audit`), with who did it (`Who`), never the
personal data itself; reading a list or a conversation leaves none (as reading requests and feedback). Documents
and the index are in assistant.web.admin_documents.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from assistant.cards import add_accepted_phrasing
from assistant.gaps import DEFAULT_THRESHOLD, knowledge_gaps
from assistant.staff import Staff, role_allows
from assistant.store import NotFoundError, Store

REFERRAL_COLUMNS = ["id", "status", "created_at", "handled_at", "name", "email", "phone", "question",
                    "specialist_id", "language", "consent", "session_id"]
FEEDBACK_COLUMNS = ["id", "created_at", "rating", "question", "comment", "route", "language", "message_id", "session_id"]
AUDIT_COLUMNS = ["id", "at", "actor", "action", "target", "client", "outcome"]

# Cells that spreadsheet programs would run as formulas.
_FORMULA = re.compile(r"^[=+\-@\t\r]")


@dataclass(frozen=True)
class Who:
    """Who acts, with which role, from which client address: "staff:anna", "token:crm-export", "admin-token"."""

    actor: str
    role: str
    client: str = "unknown"


class AdminError(Exception):
    """A request staff can correct; `status` is its HTTP status, `key` and `values` name a ui.yaml text
    (admin_error_<key>) for the page, and the message is the API's English detail."""

    def __init__(self, status: int, key: str, message: str, **values: object):
        super().__init__(message)
        self.status, self.key, self.values = status, key, values


def audit(staff: Staff, who: Who, action: str, target: object = "", outcome: str = "ok") -> None:
    """One audit row for an admin action (never personal data in `target`)."""
    staff.audit(who.actor, action, str(target), who.client, outcome)


def permitted(staff: Staff, who: Who, role: str, what: str) -> bool:
    """Whether `who` has at least `role`; a refusal leaves a "denied" audit row naming `what` was tried."""
    if role_allows(who.role, role):
        return True
    audit(staff, who, "denied", what, outcome="denied")
    return False


def person_ref(email: str) -> str:
    """Which person an action touched, without their address: a keyed digest staff can match against a request
    ("was this address erased?") by computing it again, never read back."""
    return "person " + hashlib.sha256(f"sma-audit:{email.strip().lower()}".encode()).hexdigest()[:16]


def csv_text(rows: list[dict], columns: list[str]) -> str:
    """Rows as CSV that Excel reads as UTF-8, with formula-like cells defused."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        cells = ["" if row.get(c) is None else str(row.get(c)) for c in columns]
        writer.writerow(["'" + c if _FORMULA.match(c) else c for c in cells])
    return out.getvalue()


def dated(kind: str) -> str:
    return f"{kind}-{datetime.now(UTC):%Y%m%d}.csv"


# -- contact requests and feedback ------------------------------------------------------------------------------
def list_referrals(store: Store, status: str | None = None, limit: int = 500, offset: int = 0) -> list[dict]:
    return store.list_referrals(status, limit, offset)


def mark_handled(store: Store, staff: Staff, who: Who, referral_id: int, handled: bool = True) -> dict:
    """Mark a contact request handled (or new again); AdminError 404 when there is none with that id."""
    try:
        row = store.mark_handled(referral_id, handled)
    except NotFoundError as exc:
        raise AdminError(404, "referral_missing", str(exc), id=referral_id) from None
    audit(staff, who, "referral.handled" if handled else "referral.reopened", f"referral {referral_id}")
    return row


def list_feedback(store: Store, rating: str | None = None, limit: int = 500, offset: int = 0) -> list[dict]:
    return store.list_feedback(rating, limit, offset)


def export(store: Store, staff: Staff, who: Who, kind: str, only: str | None = None) -> tuple[str, str]:
    """(file name, CSV text) of all contact requests (`only` a status) or all feedback (`only` a rating)."""
    if kind == "referrals":
        rows, columns = store.list_referrals(only, limit=1_000_000), REFERRAL_COLUMNS
    elif kind == "feedback":
        rows, columns = store.list_feedback(only, limit=1_000_000), FEEDBACK_COLUMNS
    else:
        raise ValueError(f"nothing to export named {kind!r}")
    audit(staff, who, f"{kind}.export", f"{len(rows)} rows")
    return dated(kind), csv_text(rows, columns)


# -- conversations, each answer with why it got its route -------------------------------------------------------
def list_conversations(store: Store, show: str | None = None, limit: int = 100, offset: int = 0) -> list[dict]:
    """The recent conversations, latest activity first; `show` one of CONVERSATION_FILTERS (None: all)."""
    return store.list_conversations(show, limit, offset)


def conversation(store: Store, session_id: str) -> dict:
    """One conversation, its answers with their decisions; AdminError 404 when there is none with that id."""
    found = store.conversation(session_id)
    if found is None:
        raise AdminError(404, "conversation_missing", f"no conversation with session id {session_id!r}",
                         id=short_session(session_id))
    return found


def short_session(session_id: str) -> str:
    """A session id as the page shows it: its first 8 characters are enough to tell conversations apart."""
    return session_id if len(session_id) <= 10 else session_id[:8] + "…"


# -- a person's data --------------------------------------------------------------------------------------------
def export_person(store: Store, staff: Staff, who: Who, email: str) -> dict:
    data = store.export_person(email)
    audit(staff, who, "person.export", person_ref(email))
    return data


def delete_person(store: Store, staff: Staff, who: Who, email: str) -> dict[str, int]:
    counts = store.delete_person(email)
    audit(staff, who, "person.delete", f"{person_ref(email)}: {sum(counts.values())} rows")
    return counts


# -- the audit trail --------------------------------------------------------------------------------------------
def audit_trail(staff: Staff, limit: int = 500, offset: int = 0) -> list[dict]:
    return staff.audit_events(limit, offset)


def export_audit(staff: Staff, who: Who) -> tuple[str, str]:
    rows = staff.audit_events(limit=1_000_000)
    audit(staff, who, "audit.export", f"{len(rows)} rows")
    return dated("audit"), csv_text(rows, AUDIT_COLUMNS)


# -- knowledge gaps and phrasings -------------------------------------------------------------------------------
def gaps(store: Store, assistant, days: int | None = None, threshold: float = DEFAULT_THRESHOLD,
         limit: int = 50) -> dict:
    """Unanswered and badly rated questions, grouped, each group with its nearest answer card."""
    return knowledge_gaps(store, assistant.router_embeddings, days=days, threshold=threshold, limit=limit,
                          cards=assistant.cards if assistant.settings.answer_cards else None)


def _accept(assistant, card_id: str, language: str, question: str) -> dict:
    if assistant.cards.by_id(card_id) is None:
        raise AdminError(404, "card_missing", f"no card {card_id!r}", card=card_id)
    add_accepted_phrasing(assistant.accepted_phrasings_path, card_id, language, question)
    assistant.phrasings_changed()
    return {"card_id": card_id, "language": language, "question": question,
            "note": "added; every instance answers these words with the card within seconds"}


def add_phrasing(assistant, staff: Staff, who: Who, card_id: str, language: str, question: str) -> dict:
    """Add a question (e.g. from the knowledge gaps) as a phrasing of a card."""
    result = _accept(assistant, card_id, language, question)
    audit(staff, who, "phrasing.add", f"card {card_id} ({language})")
    return result


def suggested_phrasings(store: Store, status: str | None = "new") -> list[dict]:
    return store.phrasing_suggestions(status)


def decide_phrasing(store: Store, assistant, staff: Staff, who: Who, suggestion_id: int, accept: bool) -> dict:
    """Accept (the user's words become a phrasing of the card) or reject a suggested phrasing."""
    try:
        row = store.set_phrasing_status(suggestion_id, "accepted" if accept else "rejected")
    except NotFoundError as exc:
        raise AdminError(404, "suggestion_missing", str(exc), id=suggestion_id) from None
    if accept:
        _accept(assistant, row["card_id"], row["language"] or "nl", row["question"])
    audit(staff, who, f"phrasing.{'accept' if accept else 'reject'}",
          f"suggestion {suggestion_id} for card {row['card_id']}")
    return row
