"""The store on a real SQLite file: conversations, feedback, referral requests, a person's data, retention, and the
knowledge-gaps grouping."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings
from sqlalchemy import text, update

from assistant.gaps import cluster, knowledge_gaps
from assistant.store import Conversation, Feedback, Message, NotFoundError, ReferralRequest, Store, utcnow
from assistant.types import Answer, Decision, Referral


@pytest.fixture
def store(settings) -> Store:
    store = Store(settings)
    yield store
    store.close()


def _answer(text="Een antwoord [1].", route="answer", reason=None, language="nl", **fields) -> Answer:
    referral = None
    if reason:
        referral = Referral(specialist_id="advice-conversation", specialist="Adviesgesprek", reason=reason, message="m")
    return Answer(text=text, language=language, route=route, referral=referral, **fields)


def _backdate(store: Store, session_id: str, days: int) -> None:
    when = utcnow() - timedelta(days=days)
    with store.session() as db:
        db.execute(update(Conversation).where(Conversation.session_id == session_id)
                   .values(created_at=when, updated_at=when))
        db.execute(update(Message).where(Message.session_id == session_id).values(created_at=when))
        db.execute(update(Feedback).where(Feedback.session_id == session_id).values(created_at=when))


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(store, settings):
    assert store.engine.url.database == str(settings.data_dir / "assistant.sqlite")
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_a_database_url_setting_is_used(settings, tmp_path):
    from sqlalchemy import create_engine

    from assistant.migrate import upgrade

    other = tmp_path / "elsewhere.sqlite"
    upgrade(create_engine(f"sqlite:///{other}"))  # a configured database is migrated by `assistant db upgrade`
    store = Store(settings.model_copy(update={"database_url": f"sqlite:///{other}"}))
    store.record_exchange("session-one", "Vraag?", _answer())
    assert other.is_file() and not (settings.data_dir / "assistant.sqlite").exists()
    store.close()


def test_exchanges_are_kept_per_session_and_give_the_history_in_order(store):
    first = store.record_exchange("session-aaaa", "Is LinkedIn nuttig?", _answer("Ja, voor B2B [1]."))
    second = store.record_exchange("session-aaaa", "En hoe begin ik daarmee?", _answer("Begin klein [1]."))
    store.record_exchange("session-bbbb", "Andere vraag", _answer())
    assert second > first
    history = store.history("session-aaaa")
    assert [(t.role, t.content) for t in history] == [
        ("user", "Is LinkedIn nuttig?"), ("assistant", "Ja, voor B2B [1]."),
        ("user", "En hoe begin ik daarmee?"), ("assistant", "Begin klein [1]."),
    ]
    assert [t.content for t in store.history("session-aaaa", turns=2)] == ["En hoe begin ik daarmee?", "Begin klein [1]."]
    assert store.history("never-seen-session") == []
    assert store.conversation_language("session-aaaa") == "nl"
    rows = store.messages("session-aaaa")
    assert rows[1]["reply_to"] == rows[0]["id"] and rows[1]["route"] == "answer"


def test_feedback_on_an_answer_records_its_question_and_route(store):
    message_id = store.record_exchange("session-aaaa", "Hoeveel hashtags?", _answer(route="refer", reason="out_of_knowledge"))
    stored = store.add_feedback("session-aaaa", "down", message_id=message_id, comment="Niet wat ik zocht")
    assert stored["question"] == "Hoeveel hashtags?" and stored["route"] == "refer" and stored["language"] == "nl"
    by_question = store.add_feedback("session-cccc", "up", question="Wat is een KPI?")
    assert by_question["message_id"] is None
    assert [f["rating"] for f in store.list_feedback()] == ["up", "down"]
    assert [f["id"] for f in store.list_feedback(rating="down")] == [stored["id"]]


def test_feedback_cannot_point_at_another_sessions_answer(store):
    message_id = store.record_exchange("session-aaaa", "Vraag", _answer())
    with pytest.raises(NotFoundError):
        store.add_feedback("session-other", "up", message_id=message_id)
    with pytest.raises(NotFoundError):
        store.add_feedback("session-aaaa", "up", message_id=message_id - 1)  # the user's own message, not an answer
    with pytest.raises(NotFoundError):
        store.add_feedback("session-aaaa", "up", message_id=9999)


def test_a_comment_goes_onto_a_rating_of_the_same_session_only(store):
    message_id = store.record_exchange("session-aaaa", "Vraag", _answer())
    rating = store.add_feedback("session-aaaa", "down", message_id=message_id)
    assert store.add_feedback_comment(rating["id"], "session-other", "Van een ander") is False
    assert store.add_feedback_comment(rating["id"] + 1, "session-aaaa", "Geen beoordeling") is False
    assert store.add_feedback_comment(rating["id"], "session-aaaa", "Het bedrag ontbrak") is True
    assert [f["comment"] for f in store.list_feedback()] == ["Het bedrag ontbrak"]


def test_referral_requests_need_consent_and_can_be_marked_handled(store):
    with pytest.raises(ValueError):
        store.add_referral(name="An", email="an@example.nl", question="Plan?", consent=False)
    stored = store.add_referral(name="An de Vries", email="an@example.nl", question="Wil je mijn plan bekijken?",
                                consent=True, phone="06 1234 5678", specialist_id="social-media-strategist")
    assert stored["status"] == "new" and stored["consent"] is True and stored["created_at"]
    # Committed: a second store on the same file sees it.
    other = Store(_settings_of(store))
    assert [r["id"] for r in other.list_referrals()] == [stored["id"]]
    handled = store.mark_handled(stored["id"])
    assert handled["status"] == "handled" and handled["handled_at"]
    assert store.list_referrals(status="new") == [] and len(store.list_referrals(status="handled")) == 1
    assert store.mark_handled(stored["id"], handled=False)["handled_at"] is None
    with pytest.raises(NotFoundError):
        store.mark_handled(424242)
    other.close()


def _settings_of(store: Store):
    from assistant.config import Settings

    return Settings(_env_file=None, database_url=str(store.engine.url))


def test_a_persons_data_is_exported_and_deleted_by_email(store):
    store.record_exchange("session-jan1", "Mijn account is gehackt", _answer(route="refer", reason="account_security"))
    store.add_feedback("session-jan1", "up", question="Mijn account is gehackt")
    store.add_referral(name="Jan", email="Jan@Example.nl", question="Account gehackt", consent=True,
                       session_id="session-jan1")
    store.add_referral(name="Jan", email="jan@example.nl ", question="Nog een vraag", consent=True)
    store.record_exchange("session-piet", "Andere vraag", _answer())
    store.add_referral(name="Piet", email="piet@example.nl", question="Plan", consent=True, session_id="session-piet")

    exported = store.export_person("JAN@example.nl")
    assert len(exported["referrals"]) == 2
    assert [m["text"] for m in exported["messages"]][0] == "Mijn account is gehackt"
    assert len(exported["feedback"]) == 1

    counts = store.delete_person("jan@example.nl")
    assert counts == {"feedback": 1, "phrasings": 0, "messages": 2, "conversations": 1, "referrals": 2}
    assert store.export_person("jan@example.nl") == {"email": "jan@example.nl", "referrals": [], "messages": [],
                                                     "feedback": []}
    assert [r["name"] for r in store.list_referrals()] == ["Piet"]
    assert len(store.messages("session-piet")) == 2


def test_purge_removes_old_conversations_feedback_and_handled_requests_only(store):
    store.record_exchange("session-old1", "Oude vraag", _answer())
    store.add_feedback("session-old1", "down", question="Oude vraag")
    _backdate(store, "session-old1", days=400)
    store.record_exchange("session-new1", "Nieuwe vraag", _answer())
    old_open = store.add_referral(name="A", email="a@example.nl", question="q", consent=True)
    old_done = store.add_referral(name="B", email="b@example.nl", question="q", consent=True)
    store.mark_handled(old_done["id"])
    with store.session() as db:
        db.execute(update(ReferralRequest).values(created_at=utcnow() - timedelta(days=400),
                                                  handled_at=utcnow() - timedelta(days=399)))

    counts = store.purge(180)
    assert counts == {"feedback": 1, "phrasings": 0, "messages": 2, "conversations": 1, "referrals": 1}
    assert store.messages("session-old1") == [] and len(store.messages("session-new1")) == 2
    assert [r["id"] for r in store.list_referrals()] == [old_open["id"]]  # still waiting for staff
    assert store.purge(180) == {"feedback": 0, "phrasings": 0, "messages": 0, "conversations": 0, "referrals": 0}


def test_the_purge_command_uses_the_retention_setting(settings, monkeypatch):
    from typer.testing import CliRunner

    from assistant.cli import app

    store = Store(settings)
    store.record_exchange("session-old1", "Oude vraag", _answer())
    _backdate(store, "session-old1", days=40)
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("ASSISTANT_RETENTION_DAYS", "60")
    result = CliRunner().invoke(app, ["purge"])
    assert result.exit_code == 0, result.output
    assert "older than 60 days" in result.output and store.messages("session-old1")
    result = CliRunner().invoke(app, ["purge", "--older-than", "30"])
    assert result.exit_code == 0, result.output
    assert "1 conversations" in result.output and store.messages("session-old1") == []
    store.close()


def test_nothing_personal_is_logged(store, caplog):
    caplog.set_level(logging.DEBUG)
    message_id = store.record_exchange("session-log1", "Mijn geheime vraag over Bakkerij Smit", _answer("Antwoordtekst"))
    store.add_feedback("session-log1", "down", message_id=message_id, comment="Vertrouwelijk commentaar")
    store.add_referral(name="Marieke Smit", email="marieke@bakkerijsmit.nl", phone="+31 6 11122233",
                       question="Mijn geheime vraag", consent=True, session_id="session-log1")
    store.export_person("marieke@bakkerijsmit.nl")
    store.delete_person("marieke@bakkerijsmit.nl")
    logged = caplog.text
    assert "stored referral request" in logged  # it does log, just nothing personal
    for secret in ("geheime", "Bakkerij", "Antwoordtekst", "Vertrouwelijk", "Marieke", "marieke@", "11122233"):
        assert secret not in logged


def test_gap_candidates_are_unanswerable_and_thumbs_down_questions(store):
    store.record_exchange("session-gap1", "Hoeveel hashtags gebruik ik?", _answer(route="refer", reason="out_of_knowledge"))
    store.record_exchange("session-gap1", "Maak een plan voor mij", _answer(route="refer", reason="personal_plan"))
    answered = store.record_exchange("session-gap1", "Is LinkedIn nuttig?", _answer())
    store.add_feedback("session-gap1", "down", message_id=answered, comment="te algemeen")
    store.add_feedback("session-gap1", "up", question="Wat is een KPI?")
    found = sorted((c["kind"], c["question"]) for c in store.gap_candidates())
    assert found == [("out_of_knowledge", "Hoeveel hashtags gebruik ik?"), ("thumbs_down", "Is LinkedIn nuttig?")]
    assert store.gap_candidates(since=utcnow() + timedelta(seconds=5)) == []


def test_threshold_clustering_groups_close_vectors():
    vectors = np.array([[1.0, 0.0, 0.0], [0.95, 0.05, 0.0], [0.0, 1.0, 0.0], [0.0, 0.9, 0.1], [0.0, 0.0, 1.0]])
    assert cluster(vectors, 0.9) == [[0, 1], [2, 3], [4]]
    assert cluster(vectors, 0.9999) == [[0], [1], [2], [3], [4]]
    assert cluster(vectors, -1.0) == [[0, 1, 2, 3, 4]]
    assert cluster(np.zeros((0, 3)), 0.5) == []


class TopicEmbeddings(Embeddings):
    """A tiny embedding model for tests: one dimension per topic word."""

    TOPICS = ("hashtag", "pinterest", "tiktok")

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self.embed_query(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        low = text.lower()
        return [1.0 if topic in low else 0.0 for topic in self.TOPICS] + [0.01]


def test_the_gaps_report_counts_groups_and_examples(store):
    for q in ("Hoeveel hashtags gebruik ik?", "How many hashtags should I use?", "Hoeveel hashtags gebruik ik?"):
        store.record_exchange("session-gap2", q, _answer(route="refer", reason="out_of_knowledge"))
    store.add_feedback("session-gap3", "down", question="Welke hashtags werken op Instagram?", comment="geen antwoord")
    store.record_exchange("session-gap4", "Wanneer post ik op Pinterest?", _answer(route="refer", reason="out_of_knowledge"))
    report = knowledge_gaps(store, TopicEmbeddings(), threshold=0.8)
    assert report["questions"] == 5
    first, second = report["clusters"]
    assert (first["count"], first["out_of_knowledge"], first["thumbs_down"]) == (4, 3, 1)
    assert first["examples"][0] == "Hoeveel hashtags gebruik ik?"  # the most asked wording first
    assert set(first["examples"]) == {"Hoeveel hashtags gebruik ik?", "How many hashtags should I use?",
                                      "Welke hashtags werken op Instagram?"}
    assert first["comments"] == ["geen antwoord"] and first["languages"] == {"nl": 3}
    assert second["examples"] == ["Wanneer post ik op Pinterest?"] and second["count"] == 1
    assert re.match(r"\d{4}-\d\d-\d\dT", first["last_seen"])
    assert knowledge_gaps(store, TopicEmbeddings(), days=1)["questions"] == 5


def test_database_errors_do_not_carry_personal_data(store):
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError) as caught, store.session() as db:
        db.add(ReferralRequest(name="Marieke Smit", email=None, question="Mijn geheime vraag", consent=True))
    assert "Marieke" not in str(caught.value) and "geheime" not in str(caught.value)


def test_a_clicked_did_you_mean_pairs_the_users_words_with_the_card(store):
    from assistant.types import Answer, Suggestion

    clarify = Answer(text="Bedoel je een van deze vragen?\n- Is Instagram geschikt voor mijn bedrijf?\n- Welke KPI's?",
                     language="nl", route="answer", kind="clarify",
                     suggestions=[Suggestion(card_id="strategy-instagram", question="Is Instagram geschikt voor mijn bedrijf?")])
    store.record_exchange("s-click", "insta iets voor mn kapperszaak??", clarify)
    card = Answer(text="Ja, ... [1]", language="nl", route="answer", kind="card", card_id="strategy-instagram")
    store.record_exchange("s-click", "Is Instagram geschikt voor mijn bedrijf?", card)
    store.record_exchange("s-other", "Is Instagram geschikt voor mijn bedrijf?", card)  # no clarify before: no pair
    pairs = store.phrasing_suggestions()
    assert [(p["question"], p["card_id"], p["status"]) for p in pairs] == [
        ("insta iets voor mn kapperszaak??", "strategy-instagram", "new")]
    assert store.set_phrasing_status(pairs[0]["id"], "accepted")["status"] == "accepted"
    assert store.phrasing_suggestions() == []
    assert store.purge(0)["phrasings"] == 1


def test_the_purge_command_removes_audit_events_past_their_own_retention(settings, monkeypatch):
    """Audit events hold client addresses: kept ASSISTANT_AUDIT_RETENTION_DAYS, longer than conversations."""
    from typer.testing import CliRunner

    from assistant.cli import app
    from assistant.staff import AuditEvent, Staff

    store = Store(settings)
    staff = Staff(store)
    staff.audit("staff:anna", "referrals.export", client="192.0.2.10")
    staff.audit("staff:anna", "login", client="192.0.2.11")
    with store.session() as db:
        db.execute(update(AuditEvent).where(AuditEvent.action == "login").values(at=utcnow() - timedelta(days=400)))
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("ASSISTANT_AUDIT_RETENTION_DAYS", "365")
    result = CliRunner().invoke(app, ["purge"])
    assert result.exit_code == 0, result.output
    assert "Purged 1 audit events older than 365 days" in result.output
    assert [e["action"] for e in staff.audit_events()] == ["referrals.export"]
    with pytest.raises(ValueError):
        staff.purge_audit(-1)
    store.close()


# -- conversations as staff read them, each answer with its decision ----------------------------------------------
HACKED = Decision(route="refer", reason="account_security", rule=r"rule:\b(ge)?hack(t|ed|ed)?\b",
                  probabilities={"account_security": 0.91, "answer": 0.06, "legal_privacy": 0.02},
                  card_scores={"hacked-account": 0.74, "two-factor": 0.61, "passwords": 0.55}, retrieval_score=0.58,
                  thresholds={"refer_min_probability": 0.5, "card_min_score": 0.62})


def test_an_answers_decision_is_stored_and_read_back_and_older_answers_show_without_one(store):
    question = "Mijn Instagram is gehackt, ik ben Jan de Vries"
    older = store.record_exchange("session-why1", "Is LinkedIn nuttig?", _answer("Ja [1]."))  # no decision: as before 0002
    referred = store.record_exchange("session-why1", question, _answer("Een adviseur helpt je.", route="refer",
                                                                       reason="account_security", decision=HACKED))
    store.add_feedback("session-why1", "down", message_id=referred, comment="Te traag")

    conversation = store.conversation("session-why1")
    assert conversation["session_id"] == "session-why1" and conversation["language"] == "nl"
    messages = conversation["messages"]
    assert [(m["role"], m["text"]) for m in messages] == [
        ("user", "Is LinkedIn nuttig?"), ("assistant", "Ja [1]."), ("user", question), ("assistant", "Een adviseur helpt je.")]
    assert "decision" not in messages[0] and messages[1]["id"] == older and messages[1]["decision"] is None
    assert messages[3]["id"] == referred and Decision.model_validate(messages[3]["decision"]) == HACKED
    assert messages[3]["decision"]["rule"] == r"rule:\b(ge)?hack(t|ed|ed)?\b"
    assert [(f["rating"], f["comment"]) for f in messages[3]["feedback"]] == [("down", "Te traag")]
    assert messages[1]["feedback"] == []
    with store.session() as db:  # the stored decision holds ids, rule names and scores: none of the user's words
        stored = db.get(Message, referred).decision
    assert stored.startswith('{"route":"refer"') and not any(word in stored for word in ("Instagram", "Jan", "Vries"))
    assert store.conversation("session-never") is None


def test_recent_conversations_are_listed_latest_first_and_filtered_by_what_happened(store):
    store.record_exchange("session-plain", "Hoe vaak posten?", _answer())
    store.record_exchange("session-refer", "Is LinkedIn nuttig?", _answer())
    store.record_exchange("session-refer", "Mijn account is gehackt", _answer(route="refer", reason="account_security",
                                                                             decision=HACKED))
    store.record_exchange("session-clari", "Instagram winkel?", _answer("Bedoel je:\n- A\n- B", kind="clarify"))
    store.record_exchange("session-scope", "Wat wordt het weer?", _answer("Daar help ik niet mee.", route="out_of_scope"))
    disliked = store.record_exchange("session-thumb", "Wat kost een advertentie?", _answer())
    store.add_feedback("session-thumb", "down", message_id=disliked)
    for days, session_id in enumerate(["session-thumb", "session-scope", "session-clari", "session-refer", "session-plain"]):
        _backdate(store, session_id, days)

    listed = store.list_conversations()
    assert [c["session_id"] for c in listed] == ["session-thumb", "session-scope", "session-clari", "session-refer",
                                                 "session-plain"]
    refer = listed[3]
    assert refer["questions"] == 2 and refer["routes"] == {"answer": 1, "refer": 1}
    assert refer["reasons"] == {"account_security": 1} and refer["thumbs_down"] == 0 and refer["language"] == "nl"
    assert refer["created_at"] and refer["updated_at"]
    assert listed[0]["thumbs_down"] == 1 and listed[2]["reasons"] == {"clarify": 1}

    only = lambda show: [c["session_id"] for c in store.list_conversations(show)]  # noqa: E731
    assert only("referred") == ["session-refer"]
    assert only("clarify") == ["session-clari"]
    assert only("out_of_scope") == ["session-scope"]
    assert only("thumbs_down") == ["session-thumb"]
    assert [c["session_id"] for c in store.list_conversations(limit=2, offset=1)] == ["session-scope", "session-clari"]
    with pytest.raises(ValueError, match="no conversation filter"):
        store.list_conversations("everything")
