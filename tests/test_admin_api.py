"""Staff endpoints over real HTTP on loopback: auth, referrals and feedback (list, CSV), conversations with each
answer's decision, a person's data, documents and reindexing, index status, and the knowledge-gaps report over the
real router model."""

from __future__ import annotations

import csv
import io
import os
import time

import pytest

from assistant.types import Decision

pytest_plugins = ["web_server"]
pytestmark = pytest.mark.integration

NEW_NOTE = """---
id: mastodon-for-florists-en
title: Mastodon for florists
kind: guide
source: editorial
url: ""
published: "2026"
region: INT
language: en
topics: [mastodon, fediverse]
level: basic
counterpart: ""
---
# Mastodon for florists

Florists who post bouquets on Mastodon reach a small but loyal audience. Choose an instance with local members,
add image descriptions to every photo, and use the hashtag of your town so that neighbours find your shop.
"""


def tiny_pdf(text: str) -> bytes:
    """A one-page PDF with `text` (built by hand: pypdf reads PDFs, it does not typeset them)."""
    stream = f"BT /F1 12 Tf 50 750 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


GOOD_UPLOADS = {
    "opening-hours.txt": ("Opening hours on social media\n\nPost your opening hours on every profile and pin them "
                          "before a holiday, so that customers do not stand in front of a closed door.").encode(),
    "opening-hours.html": (b"<html><head><title>Opening hours on social media</title></head><body><h1>Opening hours"
                           b"</h1><p>Post your opening hours on every profile and pin them before a holiday.</p>"
                           b"<script>alert(1)</script></body></html>"),
    "opening-hours.pdf": tiny_pdf("Post your opening hours on every profile and pin them before a holiday."),
}


def _referral(api, **fields) -> dict:
    body = {"name": "Kees Bloem", "email": "kees@bloem.example", "question": "Wil je mijn plan bekijken?",
            "consent": True, **fields}
    response = api.post("/api/referrals", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def _rows(response) -> list[dict]:
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


# -- auth --------------------------------------------------------------------------------------------------------------
ADMIN_GETS = ["/api/admin/referrals", "/api/admin/referrals.csv", "/api/admin/feedback", "/api/admin/feedback.csv",
              "/api/admin/documents", "/api/admin/index", "/api/admin/gaps", "/api/admin/conversations"]


@pytest.mark.parametrize("path", ADMIN_GETS)
def test_admin_needs_the_right_token(api, admin_token, path):
    missing = api.get(path)
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    assert api.get(path, headers={"Authorization": "Bearer not-the-token"}).status_code == 401
    assert api.get(path, headers={"Authorization": admin_token}).status_code == 401  # no scheme
    assert api.get(path, headers={"Authorization": f"Bearer {admin_token}"}).status_code == 200


def test_admin_writes_need_the_token_too(api):
    assert api.post("/api/admin/reindex").status_code == 401
    assert api.post("/api/admin/referrals/1/handled").status_code == 401
    assert api.post("/api/admin/people/delete", json={"email": "a@b.example"}).status_code == 401
    assert api.post("/api/admin/documents", files={"file": ("a.md", b"# A\n\ntext")}).status_code == 401


def test_admin_is_disabled_without_a_configured_token(bare_server, new_client):
    response = new_client(bare_server, Authorization="Bearer anything").get("/api/admin/referrals")
    assert response.status_code == 403 and "ASSISTANT_ADMIN_TOKEN" in response.json()["detail"]


# -- referrals and feedback -------------------------------------------------------------------------------------------
def test_a_submitted_referral_is_listed_marked_handled_and_exported(api, admin):
    created = _referral(api, name="=HYPERLINK(\"http://evil.example\")", phone="06-12345678")
    listed = admin.get("/api/admin/referrals").json()
    mine = [r for r in listed if r["id"] == created["id"]][0]
    assert mine["status"] == "new" and mine["email"] == "kees@bloem.example" and mine["consent"] is True
    assert created["id"] in [r["id"] for r in admin.get("/api/admin/referrals", params={"status": "new"}).json()]

    handled = admin.post(f"/api/admin/referrals/{created['id']}/handled")
    assert handled.status_code == 200 and handled.json()["status"] == "handled" and handled.json()["handled_at"]
    assert created["id"] not in [r["id"] for r in admin.get("/api/admin/referrals", params={"status": "new"}).json()]
    assert admin.post("/api/admin/referrals/999999/handled").status_code == 404
    reopened = admin.post(f"/api/admin/referrals/{created['id']}/handled", json={"handled": False}).json()
    assert reopened["status"] == "new" and reopened["handled_at"] is None

    rows = _rows(admin.get("/api/admin/referrals.csv"))
    row = [r for r in rows if r["id"] == str(created["id"])][0]
    assert row["email"] == "kees@bloem.example" and row["phone"] == "06-12345678"
    assert row["name"] == "'=HYPERLINK(\"http://evil.example\")"  # no formula when opened in a spreadsheet
    assert list(rows[0])[:4] == ["id", "status", "created_at", "handled_at"]


def test_feedback_is_listed_and_exported(api, admin):
    answer = api.post("/api/chat", json={"message": "Hoe reageer ik op een klacht op Facebook?"}).json()
    api.post("/api/feedback", json={"session_id": answer["session_id"], "message_id": answer["message_id"],
                                    "rating": "down", "comment": "Te kort"})
    listed = admin.get("/api/admin/feedback", params={"rating": "down"}).json()
    mine = [f for f in listed if f["message_id"] == answer["message_id"]][0]
    assert mine["question"] == "Hoe reageer ik op een klacht op Facebook?" and mine["comment"] == "Te kort"
    assert all(f["rating"] == "down" for f in listed)
    rows = _rows(admin.get("/api/admin/feedback.csv"))
    assert any(r["comment"] == "Te kort" and r["rating"] == "down" for r in rows)


def test_a_conversation_shows_why_each_answer_got_its_route(api, admin):
    """Item 4 of the routing issue: "why was this referred?" answered from /api/admin, without reading code."""
    first = api.post("/api/chat", json={"message": "Hoe reageer ik op een klacht op Facebook?"}).json()
    session_id = first["session_id"]
    hacked = api.post("/api/chat", json={"message": "Mijn Instagram account is gehackt, wat nu? Groet, Sanne Jansen",
                                         "session_id": session_id}).json()
    assert hacked["route"] == "refer" and hacked["referral"]["reason"] == "account_security", hacked["decision"]

    listed = admin.get("/api/admin/conversations", params={"filter": "referred"}).json()
    mine = next(c for c in listed if c["session_id"] == session_id)
    assert mine["questions"] == 2 and mine["routes"]["refer"] == 1 and mine["reasons"] == {"account_security": 1}
    assert all(c["routes"].get("refer") for c in listed)
    everything = admin.get("/api/admin/conversations", params={"limit": 1000}).json()
    assert session_id in [c["session_id"] for c in everything]
    assert session_id not in [c["session_id"] for c in admin.get("/api/admin/conversations",
                                                                 params={"filter": "out_of_scope"}).json()]

    opened = admin.get(f"/api/admin/conversations/{session_id}")
    assert opened.status_code == 200, opened.text
    messages = opened.json()["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant", "user", "assistant"]
    assert messages[2]["text"] == "Mijn Instagram account is gehackt, wat nu? Groet, Sanne Jansen"
    why = messages[3]["decision"]
    assert Decision.model_validate(why) == Decision.model_validate(hacked["decision"])  # as it was answered
    assert why["route"] == "refer" and why["reason"] == "account_security" and why["rule"], why
    assert why["thresholds"]["refer_min_probability"] > 0
    assert messages[1]["decision"]["route"] == "answer" and messages[1]["decision"]["rule"]
    assert not any(word in repr(why) for word in ("Sanne", "Jansen", "wat nu"))  # ids, rules and scores only

    missing = admin.get("/api/admin/conversations/no-such-session-123")
    assert missing.status_code == 404 and "no conversation with session id" in missing.json()["detail"]
    assert admin.get("/api/admin/conversations/bad id!").status_code == 422
    assert admin.get("/api/admin/conversations", params={"filter": "everything"}).status_code == 422
    assert api.get(f"/api/admin/conversations/{session_id}").status_code == 401


def test_a_persons_data_is_exported_and_deleted_on_request(api, admin):
    chat = api.post("/api/chat", json={"message": "Mijn Instagram-account is gehackt, wat nu?"}).json()
    first = _referral(api, email="Sanne@Example.org", name="Sanne", session_id=chat["session_id"])
    second = _referral(api, email="sanne@example.org", name="Sanne")
    other = _referral(api, email="someone.else@example.org", name="Iemand")

    exported = admin.post("/api/admin/people/export", json={"email": "sanne@example.org"}).json()
    assert sorted(r["id"] for r in exported["referrals"]) == sorted([first["id"], second["id"]])
    assert exported["messages"][0]["text"] == "Mijn Instagram-account is gehackt, wat nu?"

    deleted = admin.post("/api/admin/people/delete", json={"email": " SANNE@example.org "})
    assert deleted.status_code == 200
    assert deleted.json()["deleted"] == {"feedback": 0, "phrasings": 0, "messages": 2, "conversations": 1, "referrals": 2}
    ids = [r["id"] for r in admin.get("/api/admin/referrals").json()]
    assert first["id"] not in ids and second["id"] not in ids and other["id"] in ids
    again = admin.post("/api/admin/people/export", json={"email": "sanne@example.org"}).json()
    assert again["referrals"] == [] and again["messages"] == []


def test_the_built_in_knowledge_is_listed_read_only(api, admin, web_settings):
    from assistant.cards import load_cards

    assert api.get("/api/admin/knowledge").status_code == 401
    listed = admin.get("/api/admin/knowledge")
    assert listed.status_code == 200, listed.text
    notes, cards = listed.json()["notes"], listed.json()["cards"]
    knowledge = web_settings.knowledge_dir
    assert len(notes) == len(list((knowledge / "nl").glob("*.md"))) + len(list((knowledge / "en").glob("*.md")))
    assert {n["language"] for n in notes} == {"nl", "en"} and notes[0]["language"] == "nl"
    assert all(n["title"] and n["source"] for n in notes)
    shipped = load_cards(knowledge / "cards", knowledge)
    assert [c["id"] for c in cards] == [c.id for c in shipped]
    assert cards[0]["question_nl"] == shipped[0].first_question("nl") and cards[0]["sources"]


# -- documents and the index --------------------------------------------------------------------------------------------
def test_upload_reindex_answer_and_remove_a_document(api, admin):
    uploaded = admin.post("/api/admin/documents", params={"reindex": "true"},
                          files={"file": ("Mastodon for florists.md", NEW_NOTE.encode(), "text/markdown")})
    assert uploaded.status_code == 201, uploaded.text
    body = uploaded.json()
    assert body["name"] == "Mastodon-for-florists.md" and body["doc_id"] == "mastodon-for-florists-en"
    assert body["indexed"] and body["index"]["num_added"] >= 1 and body["index"]["num_deleted"] == 0
    assert "Mastodon-for-florists.md" in [d["name"] for d in admin.get("/api/admin/documents").json()]
    status = admin.get("/api/admin/index").json()
    assert status["last_index"]["num_added"] >= 1 and status["uploads"] >= 1 and status["chunks"] > 100

    answer = api.post("/api/chat", json={"message": "How should a florist use Mastodon?"}).json()
    assert "mastodon-for-florists-en" in [s["doc_id"] for s in answer["sources"]]

    removed = admin.request("DELETE", "/api/admin/documents/Mastodon-for-florists.md", params={"reindex": "true"})
    assert removed.status_code == 200 and removed.json()["index"]["num_deleted"] >= 1
    assert admin.request("DELETE", "/api/admin/documents/Mastodon-for-florists.md").status_code == 404
    answer = api.post("/api/chat", json={"message": "How should a florist use Mastodon?"}).json()
    assert "mastodon-for-florists-en" not in [s["doc_id"] for s in answer["sources"]]


@pytest.mark.parametrize("name", list(GOOD_UPLOADS))
def test_text_html_and_pdf_uploads_are_accepted(admin, name):
    uploaded = admin.post("/api/admin/documents", files={"file": (name, GOOD_UPLOADS[name])})
    assert uploaded.status_code == 201, uploaded.text
    body = uploaded.json()
    assert body["name"] == name and body["language"] == "en" and body["indexed"] is False
    assert body["bytes"] == len(GOOD_UPLOADS[name]) and body["title"]
    assert admin.request("DELETE", f"/api/admin/documents/{name}").status_code == 200


@pytest.mark.parametrize(("name", "content", "status", "reason"), [
    ("report.pdf", b"this is not a pdf at all", 400, "not a PDF file"),
    ("empty.txt", b"   \n", 400, "empty"),
    ("latin1.txt", "Café déjà vu".encode("latin-1"), 400, "not UTF-8"),
    ("note.md", b"---\nid: x\ntitle: [unclosed\n---\nBody", 400, "front matter"),
    ("slides.docx", b"PK\x03\x04", 415, "Unsupported file type"),
    ("noextension", b"text", 400, "extension"),
    ("big.txt", None, 413, "larger than"),  # one byte over the limit
])
def test_broken_or_unsupported_uploads_are_refused_with_the_reason(admin, web_settings, name, content, status, reason):
    content = b"a" * (web_settings.max_upload_bytes + 1) if content is None else content
    response = admin.post("/api/admin/documents", files={"file": (name, content)})
    assert response.status_code == status, response.text
    assert reason in response.json()["detail"]
    assert name not in [d["name"] for d in admin.get("/api/admin/documents").json()]


def test_reindex_reports_counts(admin):
    response = admin.post("/api/admin/reindex")
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {"num_added", "num_updated", "num_skipped", "num_deleted", "chunks_total", "problems"}
    assert body["num_skipped"] > 100 and body["chunks_total"] > 100


# -- knowledge gaps ----------------------------------------------------------------------------------------------------
def test_knowledge_gaps_group_unanswered_and_disliked_questions(api, admin):
    asked = {}
    # Unanswered: referred for lack of knowledge, or answered with "did you mean ...?" (stored as a gap too).
    for question in ("Hoe werkt het algoritme van Pinterest voor de verkoop van tweedehands boten?",
                     "How does the Pinterest algorithm rank pins for second-hand boat dealers?",
                     "Which microphone should I buy for my podcast?"):
        asked[question] = api.post("/api/chat", json={"message": question}).json()
        reply = asked[question]
        assert (reply["referral"] or {}).get("reason") == "out_of_knowledge" or reply["kind"] == "clarify", (
            f"precondition: {question!r} is a gap")
    api.post("/api/feedback", json={"session_id": "gaps-test-1", "rating": "down",
                                    "question": "Hoe scoren mijn pins over tweedehands boten beter bij Pinterest?",
                                    "comment": "geen antwoord"})

    report = admin.get("/api/admin/gaps").json()
    assert report["questions"] >= 4
    boats = [c for c in report["clusters"]
             if "How does the Pinterest algorithm rank pins for second-hand boat dealers?" in c["examples"]][0]
    assert {"Hoe werkt het algoritme van Pinterest voor de verkoop van tweedehands boten?",
            "Hoe scoren mijn pins over tweedehands boten beter bij Pinterest?"} <= set(boats["examples"])
    assert boats["count"] >= 3 and boats["thumbs_down"] >= 1 and boats["out_of_knowledge"] >= 2
    assert "geen antwoord" in boats["comments"] and set(boats["languages"]) >= {"nl", "en"}
    assert boats["nearest_card"]["card_id"] and boats["nearest_card"]["question"]
    podcast = [c for c in report["clusters"] if "Which microphone should I buy for my podcast?" in c["examples"]][0]
    assert podcast is not boats and not any("pinterest" in e.lower() for e in podcast["examples"])
    counts = [c["count"] for c in report["clusters"]]
    assert counts == sorted(counts, reverse=True)


def test_a_clicked_did_you_mean_becomes_a_phrasing_staff_accept(api, admin):
    """Close the loop: the user's own words, paired with the card they chose, answer directly once accepted."""
    own_words = "How do I connect my Instagram shop to my till system?"
    time.sleep(2.1)  # a fresh rate-limit window (25 per 2 s) after the tests before
    reply = api.post("/api/chat", json={"message": own_words, "session_id": "click-test-1"})
    assert reply.status_code == 200, reply.text
    first = reply.json()
    # A "did you mean ...?" alone, or an answer (here beside the point: a card on linking channels) with the other
    # close cards offered beside it: either way the user clicks one of the offered questions.
    assert first["kind"] in ("clarify", "card") and first["suggestions"], first["text"]
    assert first["kind"] == "clarify" or first["decision"]["rule"] == "card_close", first["decision"]
    chosen = first["suggestions"][-1]
    second = api.post("/api/chat", json={"message": chosen["question"], "session_id": "click-test-1"}).json()
    assert second["kind"] == "card" and second["card_id"] == chosen["card_id"], second["decision"]

    suggested = admin.get("/api/admin/phrasings/suggested").json()
    row = next(r for r in suggested if r["question"] == own_words)
    assert row["card_id"] == chosen["card_id"] and row["status"] == "new"
    accepted = admin.post(f"/api/admin/phrasings/suggested/{row['id']}/accept")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert admin.post("/api/admin/phrasings/suggested/999999/accept").status_code == 404
    assert admin.post("/api/admin", json={}).status_code in (404, 405)

    assert admin.post("/api/admin/reindex").status_code == 200
    again = api.post("/api/chat", json={"message": own_words}).json()
    assert (again["kind"], again["card_id"]) == ("card", chosen["card_id"]), again["decision"]


def test_staff_add_a_gap_question_to_a_card(admin):
    bad = admin.post("/api/admin/phrasings", json={"card_id": "no-such-card", "language": "nl", "question": "Hoi?"})
    assert bad.status_code == 404
    invalid = admin.post("/api/admin/phrasings", json={"card_id": "Bad Id", "language": "xx", "question": ""})
    assert invalid.status_code == 422


def test_a_card_that_answers_quotes_the_chamber_s_own_guide_on_the_same_question_below_it(api, admin):
    """Fails on the code before: a sure card answered alone, and the chamber's own reviews guide, which says how
    soon to answer (48 hours for a negative review), was never shown."""
    from assistant.config import PROJECT_ROOT

    guide = (PROJECT_ROOT / "evals" / "own_docs" / "dev2" / "docs" / "gids-reviews-en-online-reputatie.pdf").read_bytes()
    uploaded = admin.post("/api/admin/documents", params={"reindex": "true"}, files={"file": ("reviews.pdf", guide)})
    assert uploaded.status_code == 201, uploaded.text
    try:
        answer = api.post("/api/chat", json={"message": "How quickly do I have to reply to a negative Google review?"}
                          ).json()
        assert (answer["kind"], answer["decision"]["rule"]) == ("card", "card_and_section"), answer["decision"]
        card_part, _, quoted = answer["text"].partition("The source is in Dutch")
        assert card_part.strip() and "48 uur" in quoted  # the card first, in English; then the guide as written
        own = answer["sources"][-1]
        assert own["title"] == "Reviews en online reputatie" and own["n"] == len(answer["sources"]) >= 2
        assert f"[{own['n']}]" in quoted and f"[{own['n']}]" not in card_part
    finally:
        admin.request("DELETE", "/api/admin/documents/reviews.pdf", params={"reindex": "true"})


def test_an_uploaded_document_is_previewed_then_answers_by_section_in_both_languages(api, admin):
    from assistant.config import PROJECT_ROOT

    page = (PROJECT_ROOT / "evals" / "own_docs" / "dev" / "docs" / "spreekuur-online-zichtbaarheid.txt").read_bytes()
    assert admin.post("/api/admin/documents", files={"file": ("spreekuur.txt", page)}).status_code == 201
    # Before publishing: the sections as the indexer reads them, and the answer this document alone gives.
    preview = admin.post("/api/admin/documents/spreekuur.txt/preview", json={"question": "Wat kost het spreekuur?"})
    assert preview.status_code == 200, preview.text
    body = preview.json()
    assert {"Wanneer", "Tijden", "Kosten", "Afmelden"} <= {s["section"] for s in body["sections"]}
    assert body["answer"]["section"] == "Kosten" and "Gratis" in body["answer"]["text"]
    assert admin.post("/api/admin/documents/nothing.txt/preview", json={}).status_code == 404
    assert api.post("/api/admin/documents/spreekuur.txt/preview", json={}).status_code == 401

    assert admin.post("/api/admin/reindex").status_code == 200
    try:
        # The chamber's own consultation is in scope: answered from its section, never declined as off-topic.
        cost = api.post("/api/chat", json={"message": "wat kost dat spreekuur online zichtbaarheid eigenlijk?"}).json()
        assert cost["route"] == "answer" and cost["kind"] == "section", cost["text"]
        assert "Gratis" in cost["text"] and cost["sources"][0]["section"] == "Kosten"
        assert not any(line.startswith("#") for line in cost["text"].splitlines())
        english = api.post("/api/chat", json={"message": "What does the Spreekuur Online Zichtbaarheid cost me?"}).json()
        assert english["language"] == "en" and english["kind"] == "section", english["text"]
        assert "The source is in Dutch" in english["text"] and english["sources"][0]["title"].startswith("Spreekuur")
        # An amount to spend on ads is referred to the specialist; the chamber's own page follows as what helps.
        budget = api.post("/api/chat", json={"message": "ik wil 300 euro aan advertenties uitgeven, kan een adviseur "
                                                        "van het spreekuur mij daarbij helpen?"}).json()
        assert (budget["route"], budget["referral"]["reason"]) == ("refer", "budget_or_ads"), budget["decision"]
        assert budget["decision"]["section_id"] and budget["sources"][0]["title"].startswith("Spreekuur")
        assert budget["text"].startswith(("Voor deze vraag", "For this question")), budget["text"]
        # A section offered in "did you mean ...?" and clicked (its name sent as the message) answers from it.
        from assistant.compose import _short
        clicked = api.post("/api/chat", json={"message": f"Afmelden ({_short(cost['sources'][0]['title'])})"}).json()
        assert clicked["kind"] == "section" and clicked["sources"][0]["section"] == "Afmelden", clicked["decision"]
    finally:
        admin.request("DELETE", "/api/admin/documents/spreekuur.txt", params={"reindex": "true"})


def test_a_page_export_leaves_no_earlier_export_with_personal_data_on_disk(tmp_path):
    """Fails on the code before: every "Exporteer CSV" on /admin left its CSV (names, e-mail addresses) in a new
    folder under /tmp for good."""
    from assistant.web.admin_actions import export_path

    first = export_path(tmp_path, "referrals.csv")
    first.write_text("email\ncees@example.nl\n", encoding="utf-8")
    kept = export_path(tmp_path, "referrals.csv")  # a second export right after: the first may still be served
    assert first.exists() and kept.name == "referrals.csv" and kept.parent != first.parent
    kept.write_text("email\n", encoding="utf-8")
    past = time.time() - 600
    os.utime(first, (past, past))
    export_path(tmp_path, "feedback.csv")
    assert not first.exists() and not first.parent.exists() and kept.exists()
