"""What the shared PostgreSQL database takes per stored row: table sizes before and after rows are added through the
API, for the sizing table of the README. Sizes are `pg_total_relation_size` (heap, indexes and TOAST), so the
bytes per row include each row's share of its indexes."""

from __future__ import annotations

import httpx

# The tables a chat writes to (a conversation per session, a message per question and per answer), and those the
# visitor's feedback and contact form write to.
TABLES = ("conversations", "messages", "feedback", "referral_requests")


def table_sizes(database_url: str) -> dict[str, dict[str, int]]:
    """Per table: rows and bytes on disk now."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    try:
        with engine.connect() as db:
            return {table: {"rows": db.execute(text(f"SELECT count(*) FROM {table}")).scalar_one(),
                            "bytes": db.execute(text(f"SELECT pg_total_relation_size('{table}')")).scalar_one()}
                    for table in TABLES}
    finally:
        engine.dispose()


def bytes_per_row(before: dict[str, dict[str, int]], after: dict[str, dict[str, int]]) -> dict[str, float | None]:
    """Per table, the bytes the added rows took: growth in size over growth in rows (None when no row was added).

    The growth, not size / rows: an empty table already has a page per index, which is not a cost per row."""
    out: dict[str, float | None] = {}
    for table, now in after.items():
        added = now["rows"] - before[table]["rows"]
        out[table] = (now["bytes"] - before[table]["bytes"]) / added if added > 0 else None
    return out


def add_feedback_and_referrals(base_url: str, question: str, n: int) -> None:
    """`n` chats through the API, each rated with a short comment and followed by a contact request, as a visitor
    who uses both would: the rows whose size `bytes_per_row` then measures."""
    with httpx.Client(base_url=base_url, timeout=60) as client:
        for i in range(n):
            chat = client.post("/api/chat", json={"message": question}).raise_for_status().json()
            client.post("/api/feedback", json={
                "session_id": chat["session_id"], "message_id": chat["message_id"], "rating": "up",
                "comment": "Duidelijk, dank je! Een voorbeeld voor een bakkerij zou helpen."}).raise_for_status()
            client.post("/api/referrals", json={
                "session_id": chat["session_id"], "name": f"Anna Bakker {i}", "email": f"anna{i}@bakkerij.example",
                "phone": "+31 6 1234 5678", "question": "Ik wil hulp bij een marketingplan voor mijn bakkerij.",
                "consent": True}).raise_for_status()
