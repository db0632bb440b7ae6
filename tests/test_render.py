"""The chat page's HTML fragments: everything escaped, links only http(s), the older-source mark, branding."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

import pytest

from assistant.config import PROJECT_ROOT, Settings
from assistant.templates import Messages
from assistant.types import Answer, Referral, Source
from assistant.web import render
from assistant.web.render import UiText

TODAY = date(2026, 11, 23)
UI = Messages(PROJECT_ROOT / "prompts" / "ui.yaml")
NL = UiText(UI, "nl")
EN = UiText(UI, "en")


class Elements(HTMLParser):
    """The tags and attributes a fragment would create in a browser."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text = ""
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text += data

    def named(self, name: str) -> list[dict]:
        return [attrs for tag, attrs in self.tags if tag == name]


def source(**overrides) -> Source:
    values = dict(n=1, doc_id="d", title="Titel", source="Onderzoeksbureau", published="2012",
                  url="https://example.org/a", snippet="Een fragment.")
    values.update(overrides)
    return Source(**values)


def test_question_with_html_and_markdown_is_text():
    question = '<img src=x onerror="alert(1)"> **vet** $$x$$\nregel twee'
    html = render.question_html(question)
    parsed = Elements(html)
    assert [tag for tag, _ in parsed.tags] == ["div", "br"]
    assert parsed.text == question.replace("\n", "")
    assert "\n\n" not in html  # one HTML block: Markdown is not applied inside it


@pytest.mark.parametrize("url, expected", [
    ("https://example.org/x?a=1", "https://example.org/x?a=1"),
    ("http://example.org", "http://example.org"),
    ("HTTPS://EXAMPLE.ORG/", "HTTPS://EXAMPLE.ORG/"),
    ("javascript:alert(1)", None),
    (" JavaScript:alert(1)", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("//evil.example/x", None),
    ("/privacy", None),
    ("https://", None),
    ("", None),
    (None, None),
])
def test_safe_href_allows_only_http_and_https(url, expected):
    assert render.safe_href(url) == expected


def test_safe_href_allows_local_paths_only_when_asked():
    assert render.safe_href("/privacy", allow_path=True) == "/privacy"
    assert render.safe_href("//evil.example", allow_path=True) is None


@pytest.mark.parametrize("published, older", [
    ("2012", True), ("2021", False), ("2021-11", False), ("2021-10", True), ("2021-11-22", True),
    ("2021-11-23", False), ("2026", False), ("", False), ("unknown", False), ("2021-13-40", False),
])
def test_older_source_after_the_configured_years(published, older):
    assert render.is_older(published, 5, TODAY) is older


def test_source_shows_number_title_publisher_date_mark_link_and_snippet():
    html = render.source_html(source(), NL, 5, TODAY)
    parsed = Elements(html)
    assert "[1]" in parsed.text and "Titel" in parsed.text and "Onderzoeksbureau" in parsed.text
    assert "2012" in parsed.text and "oudere bron" in parsed.text and "Een fragment." in parsed.text
    (link,) = parsed.named("a")
    assert link == {"href": "https://example.org/a", "target": "_blank", "rel": "noopener noreferrer"}


def test_recent_source_has_no_older_mark_and_editorial_is_named():
    html = render.source_html(source(published="2026", source="editorial", url=""), EN, 5, TODAY)
    parsed = Elements(html)
    assert "older source" not in parsed.text
    assert "Editorial team" in parsed.text
    assert parsed.named("a") == []


def test_source_fields_are_escaped_and_bad_links_dropped():
    evil = source(title="<script>alert(1)</script>", source='"><img src=x onerror=alert(1)>',
                  snippet="<b>vet</b>", url="javascript:alert(1)", published="<i>2020</i>")
    parsed = Elements(render.source_html(evil, NL, 5, TODAY))
    assert {tag for tag, _ in parsed.tags} <= {"li", "span", "strong", "div"}
    assert "<script>alert(1)</script>" in parsed.text and "<b>vet</b>" in parsed.text
    assert all("onerror" not in attrs for _, attrs in parsed.tags)


def test_answer_text_lists_citations_and_escaping():
    html = render.answer_text_html("Intro <b>x</b>:\n- een [1]\n- twee [2]\n\nLaatste regel.")
    parsed = Elements(html)
    assert [tag for tag, _ in parsed.tags] == ["p", "ul", "li", "sup", "li", "sup", "p"]
    assert "Intro <b>x</b>:" in parsed.text
    assert render.answer_text_html("a\n\n\nb").count("<p>") == 2


def test_answer_html_has_text_notice_and_numbered_sources():
    answer = Answer(text="Antwoord [1] en [2]", language="nl", route="answer", notice="Let op <u>dit</u>",
                    sources=[source(), source(n=2, title="Tweede", published="2026")])
    html = render.answer_html(answer, NL, 5, TODAY)
    parsed = Elements(html)
    assert "Let op <u>dit</u>" in parsed.text
    assert [a["data-n"] for a in parsed.named("li")] == ["1", "2"]
    assert "Bronnen" in parsed.text
    assert "\n" not in html
    assert html.count("oudere bron") == 1


def test_notice_already_in_the_text_is_not_repeated():
    answer = Answer(text="Notice.\n\nRest", language="en", route="out_of_scope", notice="Notice.")
    assert render.answer_html(answer, EN, 5, TODAY).count("Notice.") == 1


def test_referral_card_shows_who_why_how_with_safe_links():
    referral = Referral(specialist_id="s", specialist="<b>Helpdesk</b>", reason="account_security",
                        message="Snel hulp nodig.", contact={"email": "a@example.org", "phone": "+31 6",
                                                             "url": "javascript:alert(1)", "example": True})
    parsed = Elements(render.referral_card_html(referral, NL))
    assert "<b>Helpdesk</b>" in parsed.text and "Snel hulp nodig." in parsed.text
    assert "a@example.org" in parsed.text and "+31 6" in parsed.text
    assert "voorbeeldgegevens" in parsed.text
    assert parsed.named("a") == [] and parsed.named("b") == []

    referral.contact["url"] = "https://example.org/helpdesk"
    (link,) = Elements(render.referral_card_html(referral, EN)).named("a")
    assert link["href"] == "https://example.org/helpdesk" and link["rel"] == "noopener noreferrer"


def test_branding_comes_from_settings(tmp_path):
    settings = Settings(_env_file=None, data_dir=tmp_path, assistant_name="KvK <Assistent>", primary_color="#aa0000",
                        logo_url="https://example.org/logo.png", privacy_url="/privacy", welcome_en="Hi there",
                        starter_questions_en=["One?", " "], older_source_years=3)
    brand = render.branding(settings, EN)
    assert (brand.name, brand.color, brand.welcome, brand.starters_basic) == ("KvK <Assistent>", "#aa0000", "Hi there", ["One?"])
    assert brand.logo_url == "https://example.org/logo.png" and brand.privacy_url == "/privacy"
    assert brand.older_source_years == 3
    assert brand.starters_advanced and all(q.endswith("?") for q in brand.starters_advanced)
    header = Elements(render.header_html(brand, EN("tagline")))
    assert "KvK <Assistent>" in header.text
    assert header.named("img")[0]["src"] == "https://example.org/logo.png"


def test_branding_falls_back_when_settings_lack_fields():
    class Bare:
        primary_color = "red; } body { display: none"

    brand = render.branding(Bare(), NL)
    assert brand.color == "#0b5394" and brand.older_source_years == 5
    assert brand.welcome == NL("tagline") and brand.logo_url is None
    css = render.page_css(Bare.primary_color)
    assert "red;" not in css and "body { display: none" not in css  # the injected rule is not in the CSS


@pytest.mark.parametrize("color", ["#ffcc00", "#f97316", "#fff", "#9cf", "#8a1538", "#0b5394"])
def test_a_chamber_colour_is_darkened_only_as_far_as_reading_needs(color):
    def channels(hex_color: str) -> list[int]:
        six = hex_color[1:] if len(hex_color) == 7 else "".join(c * 2 for c in hex_color[1:])
        return [int(six[i:i + 2], 16) for i in (0, 2, 4)]

    readable = render.readable_color(color)
    assert render.contrast_with_white(readable) >= render.MIN_CONTRAST >= 4.5
    if render.contrast_with_white(color) >= render.MIN_CONTRAST:  # dark enough already: unchanged
        assert channels(readable) == channels(color)
    else:  # the same hue, darker (every channel scaled by one factor), and not needlessly near black
        darker, original = channels(readable), channels(color)
        factor = max(darker) / max(original)
        assert 0.3 < factor < 1 and all(abs(d - o * factor) <= 1 for d, o in zip(darker, original)), (color, readable)
        assert render.contrast_with_white(readable) < 7, readable
    assert render.readable_color("red; } body {") == "#0b5394"


def test_privacy_line_links_only_when_configured():
    assert Elements(render.privacy_html(NL, None)).named("a") == []
    (link,) = Elements(render.privacy_html(EN, "https://example.org/privacy")).named("a")
    assert link["href"] == "https://example.org/privacy"


def test_every_interface_text_exists_in_both_languages():
    # Messages refuses a file with a text missing in one language; here: the texts the widget asks for exist.
    from assistant.web.page import WIDGET_TEXTS

    assert set(WIDGET_TEXTS) <= UI.keys()
    for key in WIDGET_TEXTS:
        assert NL(key) and EN(key)


def test_chips_offer_did_you_mean_alone_or_beside_an_answer_else_related_questions():
    from assistant.types import Answer, Suggestion
    from assistant.web.render import chips_of

    offered = [Suggestion(card_id="a", question="Wat moet ik posten?")]
    related = [Suggestion(card_id="b", question="Hoe vaak moet ik posten?")]
    clarify = Answer(text="Bedoel je:", language="nl", route="answer", kind="clarify", suggestions=offered)
    close = Answer(text="Antwoord.", language="nl", route="answer", kind="card", suggestions=offered, related=related)
    plain = Answer(text="Antwoord.", language="nl", route="answer", kind="card", related=related)
    assert chips_of(clarify) == (offered, "suggestions_clarify_label")
    assert chips_of(close) == (offered, "suggestions_other_label")
    assert chips_of(plain) == (related, "suggestions_related_label")
