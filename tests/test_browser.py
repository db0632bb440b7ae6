"""The pages in a real browser: Debian's Chromium, headless, driven by Playwright (no browser download).

One real server on loopback (the full app: API, chat page, widget, admin) over a copy of the session's index, and
a host page on a different loopback origin that embeds the widget with one script tag (tests/browser_pages.py).
Screenshots go to /tmp/shots/ for people to look at.
"""

from __future__ import annotations

import json
import time

import pytest
from playwright.sync_api import expect

from browser_pages import (DESKTOP, PAGE_SHOTS, PHONE, SHOTS, TIMEOUT, ask_in_widget, ask_on_page, shadow_focus,
                           wait_until)
from web_server import ADMIN_TOKEN

pytest_plugins = ["web_server", "browser_pages"]
pytestmark = [pytest.mark.browser, pytest.mark.integration]

# A question near several cards but decisive for none: answered with "Bedoel je ...?".
CLARIFY_QUESTION = "Hoe werkt het algoritme van Pinterest voor de verkoop van tweedehands boten?"
# Cards above the bar but neck and neck: the best one answers, the others are offered as "Of bedoel je:".
CLOSE_QUESTION = "ik ben zzp loodgieter in amersfoort, welk social medium heeft voor mij nog zin?"
XSS = '<img src=x onerror="window.__xss=1"> Hoe begin ik met social media?'


# -- the chat page ---------------------------------------------------------------------------------
def test_chat_page_answers_with_numbered_sources(page, ui_server, ui_app):
    page.goto(ui_server + "/")
    page.locator("#send").wait_for()
    assert page.locator(".brand-name").inner_text() == "Social media-assistent"
    assert page.locator(".privacy a").get_attribute("href") == "https://example.org/privacy"

    ask_on_page(page, "Is LinkedIn nuttig voor een klein bedrijf?")
    answer = page.locator("#chat .msg-a").last
    assert "LinkedIn" in answer.inner_text()
    assert answer.locator("sup.cite").count() >= 1
    answer.locator(".sources summary").click()  # sources are folded into "Bronnen (n)"
    first = answer.locator(".sources .src").first
    assert first.locator(".src-n").inner_text() == "[1]"
    assert first.locator(".src-title").inner_text().strip()
    assert first.locator(".src-snippet").inner_text().strip()
    page.screenshot(path=str(SHOTS / "page-desktop-answer.png"), full_page=True)

    # A follow-up in the same conversation is answered too (the history goes with it).
    ask_on_page(page, "En hoe begin ik daar dan mee?")
    assert page.locator("#chat .msg-a").count() == 2
    assert page.locator("#chat .msg-q").count() == 2

    # Thumbs down with a comment is stored against that answer.
    # Gradio labels its thumbs in the browser's language.
    page.locator('#chat button[aria-label="Vind ik niet leuk"], #chat button[aria-label="Dislike"]').last.click()
    page.locator("#feedback-comment textarea").fill("Ik miste een voorbeeld.")
    page.locator("#feedback-send").click()
    stored = wait_until(lambda: [f for f in ui_app.state.store.list_feedback() if f["comment"]])
    assert stored[0]["rating"] == "down" and stored[0]["comment"] == "Ik miste een voorbeeld."
    assert stored[0]["question"] == "En hoe begin ik daar dan mee?"

    page.set_viewport_size({"width": 375, "height": 800})
    page.wait_for_timeout(300)
    page.screenshot(path=str(SHOTS / "page-375-answer.png"), full_page=True)


def test_chat_page_referral_card_form_and_english(page, ui_server, ui_app):
    page.goto(ui_server + "/")
    page.get_by_label("English").check()
    page.get_by_role("button", name="Talk to an adviser").wait_for()

    ask_on_page(page, "Our company Facebook page was hacked, what should I do?")
    card = page.locator("#referral .referral-card")
    card.wait_for()
    assert "Account security" in card.locator(".referral-who").inner_text()
    assert card.locator(".referral-why").inner_text().strip()
    page.get_by_role("button", name="Request contact").click()  # the card offers the form
    assert page.locator("#form-question textarea").input_value() == "Our company Facebook page was hacked, what should I do?"

    page.locator("#form-name input").fill("Anna de Vries")
    page.locator("#form-email input").fill("anna@example.nl")
    page.locator("#form-submit").click()  # no consent yet
    page.locator("#form-error-consent .status-error").wait_for()
    assert not [r for r in ui_app.state.store.list_referrals() if r["email"] == "anna@example.nl"]
    page.locator("#form-consent input").check()
    page.locator("#form-submit").click()
    page.locator("#form-status .status-ok").wait_for()
    page.screenshot(path=str(SHOTS / "page-desktop-referral.png"), full_page=True)
    stored = [r for r in ui_app.state.store.list_referrals() if r["email"] == "anna@example.nl"]
    assert len(stored) == 1
    assert stored[0]["specialist_id"] == "account-security-helpdesk" and stored[0]["consent"] is True

    # Source labels follow the interface language.
    ask_on_page(page, "Is LinkedIn useful for a small business?")
    assert page.locator("#chat .msg-a").last.locator(".sources-title").inner_text().startswith("Sources (")


# -- the widget on another site --------------------------------------------------------------------
def test_widget_on_another_origin_answers_and_takes_a_referral(page, host_page, ui_app):
    page.goto(host_page)
    launcher = page.locator("button.launcher")
    assert launcher.get_attribute("aria-expanded") == "false"
    page.screenshot(path=str(SHOTS / "widget-desktop-closed.png"))
    launcher.click()
    assert launcher.get_attribute("aria-expanded") == "true"
    assert shadow_focus(page).startswith("textarea")
    assert page.locator(".panel .title").inner_text() == "Vraag het de Kamer"
    assert page.locator("button.starter").count() == 2

    ask_in_widget(page, "Is LinkedIn nuttig voor een klein bedrijf?")
    answer = page.locator(".msg.bot").last
    # The host page's div rules (a serif font, line-height 1.9, upper case) do not reach the widget's text.
    style = answer.locator("p, li").first.evaluate(
        "e => { const s = getComputedStyle(e); return [s.fontFamily, s.lineHeight, s.textTransform, s.letterSpacing, s.fontSize]; }")
    assert "Georgia" not in style[0] and style[2] == "none" and style[3] == "normal" and style[4] == "15px", style
    assert abs(float(style[1].rstrip("px")) - 15 * 1.45) < 1, style
    assert answer.locator(".source").count() >= 1
    answer.locator(".sources summary").click()  # sources are folded into "Bronnen (n)"
    assert answer.locator(".source .n").first.inner_text().strip() == "[1]"
    page.screenshot(path=str(SHOTS / "widget-desktop-answer.png"))

    ask_in_widget(page, "Mijn Instagram-account is gehackt, wat moet ik doen?")
    answer = page.locator(".msg.bot").last
    assert "Helpdesk" in answer.locator(".card .who").inner_text()
    answer.get_by_role("button", name="Vraag contact aan").click()
    form = page.locator("form.contact")
    assert shadow_focus(page).startswith("input")
    assert form.locator("textarea[name=question]").input_value() == "Mijn Instagram-account is gehackt, wat moet ik doen?"
    form.locator("input[name=name]").fill("Bram Jansen")
    form.locator("input[name=email]").fill("bram@example.nl")
    form.locator("input[name=phone]").fill("+31 6 12345678")
    form.get_by_role("button", name="Verstuur aanvraag").click()  # no consent yet
    assert "toestemming" in form.locator(".form-status").inner_text()
    form.locator("input[name=consent]").check()
    form.get_by_role("button", name="Verstuur aanvraag").click()
    page.locator(".msg.notice.ok").wait_for()
    page.screenshot(path=str(SHOTS / "widget-desktop-referral.png"))

    session_id = page.evaluate("""() => { for (const k of Object.keys(localStorage))
        if (k.startsWith('sma-widget:')) return JSON.parse(localStorage[k]).session_id; }""")
    stored = [r for r in ui_app.state.store.list_referrals() if r["email"] == "bram@example.nl"]
    assert len(stored) == 1
    assert stored[0]["session_id"] == session_id and stored[0]["specialist_id"] == "account-security-helpdesk"
    assert stored[0]["phone"] == "+31 6 12345678"

    # The conversation survives a page load; Escape closes the panel and gives the focus back to the launcher.
    page.reload()
    page.locator(".panel").wait_for()
    assert page.locator(".msg.user").count() == 2 and page.locator(".msg.notice.ok").count() == 1
    page.locator("textarea#sma-input").focus()
    page.keyboard.press("Escape")
    assert page.locator(".panel").is_hidden()
    assert shadow_focus(page).startswith("button.launcher")


def test_widget_at_phone_width(browser, host_page):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto(host_page)
    page.locator("button.launcher").click()
    ask_in_widget(page, "Hoe maak ik een contentplanning?")
    box = page.locator(".panel").bounding_box()
    assert box["width"] <= 375 and box["x"] >= 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(SHOTS / "widget-375-answer.png"))
    context.close()


def test_embed_page_in_an_iframe_on_another_origin(page, host_page):
    page.goto(host_page.replace("index.html", "iframe.html"))
    frame = page.frame_locator("iframe")
    assert frame.locator(".panel .title").inner_text() == "Ask the Chamber"
    assert frame.locator("button.launcher").count() == 0  # always open
    frame.locator("textarea#sma-input").fill("Is LinkedIn useful for a small business?")
    frame.locator("textarea#sma-input").press("Enter")
    frame.locator(".msg.bot:not(.pending) .sources-title").first.wait_for()
    assert frame.locator(".msg.bot .sources-title").last.inner_text().startswith("Sources (")
    page.screenshot(path=str(SHOTS / "embed-iframe-desktop.png"))


# -- HTML in a question is text --------------------------------------------------------------------
def test_html_in_a_question_is_shown_as_text(page, ui_server, host_page):
    page.goto(ui_server + "/")
    ask_on_page(page, XSS)
    question = page.locator("#chat .msg-q").last
    assert question.inner_text().strip() == XSS
    assert page.locator("#chat img[src='x']").count() == 0
    question.evaluate("e => e.scrollIntoView()")
    page.screenshot(path=str(SHOTS / "page-xss-as-text.png"))

    page.goto(host_page)
    page.locator("button.launcher").click()
    ask_in_widget(page, XSS)
    assert page.locator(".msg.user").last.inner_text().strip() == XSS
    assert page.locator(".panel img").count() == 0
    page.locator(".msg.user").last.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "widget-xss-as-text.png"))
    assert page.evaluate("window.__xss") is None


def test_widget_links_only_http_and_server_text_as_text(page, ui_server):
    """Whatever the server sends, only http(s) URLs become links (opened safely) and no markup is rendered."""
    answer = {
        "text": "Antwoord met <b>markup</b> [1]\n- punt <i>een</i> [2]", "language": "nl", "route": "refer",
        "sources": [
            {"n": 1, "doc_id": "a", "title": "<script>window.__xss=2</script>Titel", "source": "Bron",
             "published": "2012", "url": "javascript:window.__xss=3", "snippet": "<img src=x onerror=window.__xss=4>"},
            {"n": 2, "doc_id": "b", "title": "Goede bron", "source": "editorial", "published": "2026",
             "url": "https://example.org/artikel", "snippet": "tekst"},
        ],
        "referral": {"specialist_id": "advice-conversation", "specialist": "<u>Adviseur</u>", "reason": "personal_plan",
                     "message": "Waarom", "contact": {"email": "a@example.org", "url": "javascript:alert(1)"}},
        "session_id": "session-abcdefgh", "message_id": 1,
    }
    body = "event: delta\ndata: {\"text\": \"Antwoord\"}\n\nevent: answer\ndata: " + json.dumps(answer) + "\n\n"
    page.route("**/api/chat/stream", lambda route: route.fulfill(status=200, body=body,
                                                                   headers={"Content-Type": "text/event-stream"}))
    page.goto(ui_server + "/embed")
    ask_in_widget(page, "Vraag")
    message = page.locator(".msg.bot").last
    assert "<b>markup</b>" in message.inner_text()
    assert message.locator("b, i, u, script, img").count() == 0
    links = message.locator("a")
    assert links.count() == 1
    assert links.first.get_attribute("href") == "https://example.org/artikel"
    assert links.first.get_attribute("target") == "_blank" and "noopener" in links.first.get_attribute("rel")
    assert message.locator(".source .older").count() == 1  # 2012 is more than 5 years ago
    assert page.evaluate("window.__xss") is None
    page.set_viewport_size({"width": 375, "height": 740})
    page.screenshot(path=str(SHOTS / "embed-375-crafted-answer.png"))


# -- the staff admin page --------------------------------------------------------------------------
def test_admin_page_lists_exports_and_handles_referrals_behind_login(page, ui_server, ui_app):
    stored = ui_app.state.store.add_referral(name="<b>Cees</b> Bakker", email="cees@example.nl",
                                             question="Hulp bij LinkedIn", consent=True, language="nl")
    page.goto(ui_server + "/admin")
    page.locator("input[type=password]").wait_for()
    page.locator("input[type=text]").first.fill("admin")
    page.locator("input[type=password]").fill(ADMIN_TOKEN)
    page.keyboard.press("Enter")
    table = page.locator("#admin-referrals")
    expect(table).to_contain_text("cees@example.nl")
    # The shipped specialists are examples: staff are told so until they replace them.
    expect(page.locator("#admin-example-banner")).to_contain_text("voorbeeldcontacten")
    expect(table).to_contain_text("<b>Cees</b> Bakker")
    assert table.locator("tbody b").count() == 0
    page.screenshot(path=str(SHOTS / "admin-referrals.png"), full_page=True)

    page.get_by_role("button", name="Exporteer CSV").first.click()
    expect(page.get_by_text(".csv").first).to_be_visible()
    row = table.locator("tr", has_text="cees@example.nl")
    row.get_by_role("button", name="Markeer als afgehandeld").click()
    expect(page.get_by_text(f"Aanvraag {stored['id']} is afgehandeld.")).to_be_visible()
    assert [r for r in ui_app.state.store.list_referrals("handled") if r["id"] == stored["id"]]


# -- answer cards: follow-up and "did you mean" questions as clickable chips ------------------------------
def test_page_offers_follow_up_questions_that_ask_when_clicked(page, ui_server):
    page.goto(ui_server + "/")
    ask_on_page(page, "Is LinkedIn nuttig voor een klein bedrijf?")
    chips = page.locator("#suggestions button.suggestion:visible")
    chips.first.wait_for()
    assert "ook weten" in page.locator("#suggestions").inner_text()
    page.screenshot(path=str(SHOTS / "page-desktop-card-related.png"), full_page=True)
    question = chips.first.inner_text().strip()
    answers = page.locator("#chat .msg-a:not(.pending)").count()
    chips.first.click()
    page.locator("#chat .msg-a:not(.pending)").nth(answers).wait_for()
    assert question in page.locator("#chat").inner_text()


def test_page_asks_did_you_mean_with_clickable_questions(page, ui_server):
    page.goto(ui_server + "/")
    ask_on_page(page, CLARIFY_QUESTION)
    page.locator("#suggestions button.suggestion:visible").first.wait_for()
    assert "Bedoel je" in page.locator("#chat .msg-a").last.inner_text()
    assert "Bedoel je" in page.locator("#suggestions").inner_text()
    page.screenshot(path=str(SHOTS / "page-desktop-clarify.png"), full_page=True)


def test_page_answers_a_close_race_and_offers_the_other_cards_beside_it(page, ui_server):
    page.goto(ui_server + "/")
    ask_on_page(page, CLOSE_QUESTION)
    page.locator("#suggestions button.suggestion:visible").first.wait_for()
    answer = page.locator("#chat .msg-a").last.inner_text()
    assert "Bedoel je" not in answer and "[1]" in answer  # an answer with sources, not a question back
    assert "Of bedoel je" in page.locator("#suggestions").inner_text()
    page.screenshot(path=str(SHOTS / "page-desktop-card-close.png"), full_page=True)


def test_widget_answers_a_close_race_and_offers_the_other_cards_beside_it(page, host_page):
    page.goto(host_page)
    page.locator("button.launcher").click()
    ask_in_widget(page, CLOSE_QUESTION)
    page.locator(".chip").first.wait_for()
    assert page.locator(".chips-title").inner_text().strip() == "Of bedoel je:"
    assert "Bedoel je" not in page.locator(".msg.bot").last.inner_text().split("Of bedoel je")[0]
    page.screenshot(path=str(SHOTS / "widget-desktop-card-close.png"))


def test_widget_shows_chips_only_under_the_last_answer(page, host_page):
    from playwright.sync_api import expect

    page.goto(host_page)
    page.locator("button.launcher").click()
    ask_in_widget(page, "Is LinkedIn nuttig voor een klein bedrijf?")
    chips = page.locator(".chip")
    assert chips.count() >= 1
    page.screenshot(path=str(SHOTS / "widget-desktop-card-related.png"))
    expect(page.locator("button.send")).to_be_enabled()
    question = chips.first.inner_text().strip()
    chips.first.click()
    expect(page.locator(".msg.user")).to_have_count(2)
    expect(page.locator(".msg.user").last).to_have_text(question)
    page.locator(".msg.bot:not(.pending)").nth(1).wait_for()
    assert page.locator(".chips").count() == 1  # only under the last answer
    assert 1 <= page.locator(".chip").count() <= 3
    # The view shows the start of the new answer, not its sources at the end.
    time.sleep(0.3)
    log_top = page.locator(".log").evaluate("e => e.getBoundingClientRect().top")
    answer_top = page.locator(".msg.bot").nth(1).evaluate("e => e.getBoundingClientRect().top")
    assert log_top <= answer_top <= log_top + 40, (log_top, answer_top)
    page.screenshot(path=str(SHOTS / "widget-desktop-card-followed.png"))


def test_a_referral_card_does_not_follow_a_later_unrelated_question(page, ui_server):
    page.goto(ui_server + "/")
    ask_on_page(page, "Ons Instagram-account is gehackt, wat moet ik doen?")
    page.locator("#referral .referral-card").wait_for()
    expect(page.locator("#contact-open")).to_be_visible()
    ask_on_page(page, "Is LinkedIn nuttig voor een klein bedrijf?")
    expect(page.locator("#referral .referral-card")).to_be_hidden()
    expect(page.locator("#contact-open")).to_be_hidden()
    expect(page.locator("#form-question textarea")).to_be_hidden()
    page.screenshot(path=str(SHOTS / "page-desktop-referral-gone.png"), full_page=True)


def test_two_staff_members_sign_in_and_the_audit_trail_names_each(browser, ui_server, ui_app):
    from playwright.sync_api import expect

    staff = ui_app.state.staff
    staff.add_user("anna", "viewer", "anna-password-123")
    staff.add_user("bram", "admin", "bram-password-123")

    def signed_in(name: str, password: str):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        page.goto(ui_server + "/admin")
        page.locator("input[type=password]").wait_for()
        page.locator("input[type=text]").first.fill(name)
        page.locator("input[type=password]").fill(password)
        page.keyboard.press("Enter")
        page.locator("#admin-referrals").wait_for()
        return context, page

    anna, anna_page = signed_in("anna", "anna-password-123")
    # A viewer may not export: the page does not offer it (a refused API call is audited: test_staff_access).
    expect(anna_page.get_by_role("button", name="Exporteer CSV")).to_have_count(0)
    anna.close()

    bram, page = signed_in("bram", "bram-password-123")
    expect(page.get_by_role("button", name="Exporteer CSV").first).to_be_visible()
    page.get_by_role("tab", name="Audit").click()
    trail = page.locator("#admin-audit")
    expect(trail).to_contain_text("staff:anna")
    expect(trail).to_contain_text("staff:bram")
    page.screenshot(path=str(SHOTS / "admin-audit.png"), full_page=True)
    bram.close()
    actors = {(r["actor"], r["action"], r["outcome"]) for r in staff.audit_events()}
    assert {("staff:anna", "login", "ok"), ("staff:bram", "login", "ok")} <= actors


# -- issue 14: page and widget polish ---------------------------------------------------------------------------
LAYOUT = """() => {
  const box = s => document.querySelector(s).getBoundingClientRect();
  const area = document.querySelector('#message textarea'), style = getComputedStyle(area);
  const ctx = document.createElement('canvas').getContext('2d'); ctx.font = style.font;
  return {scrollY: window.scrollY, inner: innerHeight, scrollHeight: document.scrollingElement.scrollHeight,
          placeholder: ctx.measureText(area.placeholder).width,
          room: area.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
          headerTop: box('.brand-name').top, inputBottom: box('#message textarea').bottom,
          sendBottom: box('#send').bottom, chatBottom: box('#chat').bottom,
          cards: [...document.querySelectorAll('#chat .examples .example')].map(e => {
              const r = e.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })};
}"""


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_page_fills_the_screen_with_the_input_at_the_bottom_and_starter_cards(open_context, ui_server, size):
    page = open_context(PHONE if size == "phone" else DESKTOP)
    page.goto(ui_server + "/")
    page.locator("#chat .examples .example").first.wait_for()
    page.wait_for_timeout(500)
    layout = page.evaluate(LAYOUT)
    page.screenshot(path=str(PAGE_SHOTS / f"page-{size}-empty.png"))
    # One screen: opened at the header, no page scroll around the chat, the input pinned at the bottom.
    assert layout["scrollY"] == 0 and layout["headerTop"] >= 0, layout
    assert layout["scrollHeight"] <= layout["inner"] + 1, layout
    assert layout["chatBottom"] < layout["inputBottom"] <= layout["inner"], layout
    assert layout["inner"] - layout["sendBottom"] < 160, layout  # only the adviser buttons and privacy line below
    assert layout["placeholder"] <= layout["room"], layout  # the placeholder is not cut off
    # The starter questions are same-sized cards in a grid inside the empty chat.
    cards = layout["cards"]
    assert len(cards) == 6, cards
    columns = 2 if size == "phone" else 3
    assert len({round(c[0]) for c in cards}) == columns and len({round(c[2]) for c in cards}) == 1, cards
    assert all(c[1] + c[3] <= layout["chatBottom"] + 1 for c in cards), cards

    question = page.locator("#chat .examples .example").first.inner_text().strip()
    page.locator("#chat .examples .example").first.click()
    page.locator("#chat .msg-a:not(.pending)").first.wait_for()
    assert question in page.locator("#chat .msg-q").first.inner_text()
    expect(page.locator("#chat .examples")).to_have_count(0)  # gone after the first message
    page.wait_for_timeout(300)
    after = page.evaluate(LAYOUT)
    assert after["scrollY"] == 0 and after["scrollHeight"] <= after["inner"] + 1, after
    assert after["inputBottom"] <= after["inner"], after


def test_page_sources_fold_and_thumbs_down_asks_what_was_missing(open_context, ui_server, ui_app):
    page = open_context(PHONE)
    page.goto(ui_server + "/")
    ask_on_page(page, "Is LinkedIn nuttig voor een klein bedrijf?")
    answer = page.locator("#chat .msg-a").last
    sources = answer.locator("details.sources")
    count = sources.locator(".src").count()
    assert count >= 1
    assert sources.locator("summary").inner_text().strip() == f"Bronnen ({count})"
    expect(sources.locator(".src-snippet").first).to_be_hidden()  # folded
    sources.locator("summary").click()
    expect(sources.locator(".src-snippet").first).to_be_visible()
    assert sources.locator(".src-title").first.inner_text().strip()
    sources.locator("summary").scroll_into_view_if_needed()
    page.screenshot(path=str(PAGE_SHOTS / "page-phone-sources-open.png"))

    # Thumbs up comes before thumbs down, as in the widget; a thumbs down asks what was missing.
    up = page.locator('#chat button[aria-label="Vind ik leuk"]').last
    down = page.locator('#chat button[aria-label="Vind ik niet leuk"]').last
    assert up.bounding_box()["x"] < down.bounding_box()["x"]
    down.click()
    box = page.locator("#feedback-comment")
    expect(box).to_contain_text("Wat ontbrak er?")
    box.locator("textarea").fill("Een voorbeeld voor een kapper.")
    page.screenshot(path=str(PAGE_SHOTS / "page-phone-thumbs-down.png"))
    page.locator("#feedback-send").click()
    # The thanks is a Dutch status line of the page's own: no toast with an English title.
    expect(page.locator("#feedback-status")).to_have_text("Bedankt, je toelichting is opgeslagen.")
    assert page.locator("[data-testid=toast-body]").count() == 0
    rows = wait_until(lambda: [f for f in ui_app.state.store.list_feedback() if f["comment"] == "Een voorbeeld voor een kapper."])
    assert rows[0]["rating"] == "down" and rows[0]["question"] == "Is LinkedIn nuttig voor een klein bedrijf?"


def test_page_follows_the_browsers_language(open_context, ui_server):
    page = open_context(DESKTOP, locale="en-GB")
    page.goto(ui_server + "/")
    expect(page.locator("#send")).to_have_text("Send")
    expect(page.locator("#message textarea")).to_have_attribute("placeholder", "Ask your question about social media…")
    expect(page.locator("#chat .examples .example").first).to_contain_text("LinkedIn useful")
    assert page.evaluate("document.documentElement.lang") == "en"
    page.screenshot(path=str(PAGE_SHOTS / "page-desktop-empty-en.png"))
    dutch = open_context(DESKTOP, locale="nl-BE")
    dutch.goto(ui_server + "/")
    dutch.locator("#chat .examples .example").first.wait_for()
    dutch.wait_for_timeout(500)
    expect(dutch.locator("#send")).to_have_text("Verstuur")


def widget_session(page) -> str:
    return page.evaluate("""() => { for (const k of Object.keys(localStorage))
        if (k.startsWith('sma-widget:')) return JSON.parse(localStorage[k]).session_id; }""")


@pytest.mark.parametrize("locale", ["nl-NL", "en-US"])
def test_widget_greets_folds_sources_and_asks_what_was_missing(open_context, host_page, ui_app, locale):
    page = open_context(DESKTOP, locale=locale)
    english = locale.startswith("en")
    page.goto(host_page.replace("index.html", "plain.html"))
    page.screenshot(path=str(PAGE_SHOTS / f"widget-{locale}-closed.png"))
    page.locator("button.launcher").click()
    greeting = page.locator(".msg.greeting")
    expect(greeting).to_contain_text("Welcome to Kamer Voorbeeldstad" if english else "Welkom bij Kamer Voorbeeldstad")
    page.screenshot(path=str(PAGE_SHOTS / f"widget-{locale}-open.png"))
    ask_in_widget(page, "Is LinkedIn useful for a small business?" if english else "Is LinkedIn nuttig voor een klein bedrijf?")
    answer = page.locator(".msg.bot").last
    sources = answer.locator("details.sources")
    count = sources.locator(".source").count()
    assert count >= 1
    assert sources.locator("summary").inner_text().strip() == f"{'Sources' if english else 'Bronnen'} ({count})"
    expect(sources.locator(".snippet").first).to_be_hidden()
    sources.locator("summary").click()
    expect(sources.locator(".snippet").first).to_be_visible()

    thumbs = answer.locator("button.thumb")
    assert thumbs.nth(0).get_attribute("aria-label") == ("Helpful answer" if english else "Nuttig antwoord")
    thumbs.nth(1).click()
    missing = answer.locator("form.missing")
    expect(missing).to_contain_text("What was missing?" if english else "Wat ontbrak er?")
    missing.locator("input").fill("A worked example.")
    page.screenshot(path=str(PAGE_SHOTS / f"widget-{locale}-thumbs-down.png"))
    missing.locator("button").click()
    expect(answer.locator(".thanks")).to_contain_text("comment has been saved" if english else "toelichting is opgeslagen")
    session_id = widget_session(page)
    rows = wait_until(lambda: [f for f in ui_app.state.store.list_feedback() if f["session_id"] == session_id])
    assert len(rows) == 1 and rows[0]["rating"] == "down" and rows[0]["comment"] == "A worked example."


def test_widget_thumbs_up_claims_no_comment_and_the_form_replaces_the_question_field(page, host_page, ui_app):
    page.goto(host_page)
    page.locator("button.launcher").click()
    ask_in_widget(page, "Is LinkedIn nuttig voor een klein bedrijf?")
    answer = page.locator(".msg.bot").last
    answer.locator("button.thumb").nth(0).click()
    expect(answer.locator(".thanks")).to_have_text("Bedankt voor je beoordeling.")
    assert answer.locator("form.missing").count() == 0

    # While the contact form is open it is the only question field and send button.
    page.locator("button.advisor").click()
    form = page.locator("form.contact")
    expect(form).to_be_visible()
    expect(page.locator("textarea#sma-input")).to_be_hidden()
    assert page.locator("textarea:visible").count() == 1
    form.get_by_role("button", name="Verstuur aanvraag").click()  # no name: the error is next to the name field
    status = form.locator(".form-status")
    expect(status).to_have_text("Vul je naam in.")
    name_box = form.locator("input[name=name]").bounding_box()
    status_box = status.bounding_box()
    assert 0 <= status_box["y"] - (name_box["y"] + name_box["height"]) < 30
    assert status.evaluate("e => { const r = e.getBoundingClientRect(), l = e.closest('.log').getBoundingClientRect();"
                           " return r.top >= l.top && r.bottom <= l.bottom; }")
    form.get_by_role("button", name="Annuleren").click()
    expect(page.locator("textarea#sma-input")).to_be_visible()


def test_widget_remembers_open_per_tab_without_taking_focus_on_a_phone(open_context, host_page):
    page = open_context(PHONE)
    page.goto(host_page)
    page.locator("button.launcher").click()
    expect(page.locator(".panel")).to_be_visible()
    assert not shadow_focus(page).startswith("textarea")  # no keyboard popping up
    page.reload()
    expect(page.locator(".panel")).to_be_visible()  # still open on the next page of this visit
    assert not shadow_focus(page).startswith("textarea")
    page.screenshot(path=str(PAGE_SHOTS / "widget-phone-open.png"))
    page.locator("button.close").click()
    page.reload()
    page.locator("button.launcher").wait_for()
    expect(page.locator(".panel")).to_be_hidden()
    other_tab = open_context(DESKTOP)  # a new visit starts closed
    other_tab.goto(host_page)
    other_tab.locator("button.launcher").wait_for()
    expect(other_tab.locator(".panel")).to_be_hidden()


def test_a_mixed_message_shows_the_referral_and_the_answer_to_the_other_question(page, ui_server, host_page):
    question = ("my instagram got hacked and the hacker posts giveaways, what do i do; and how many hours a week do "
                "other entrepreneurs spend on social media?")
    page.goto(ui_server + "/")
    page.get_by_label("English").check()
    ask_on_page(page, question)
    page.locator("#referral .referral-card").wait_for()
    answer = page.locator("#chat .msg-a").last
    text = answer.inner_text()
    assert "On your other question:" in text and "two hours" in text, text
    # The other question's citations are listed under the sources.
    sources = answer.locator("details.sources")
    sources.locator("summary").click()
    assert sources.locator(".src").count() >= 1
    sources.locator("summary").click()  # folded again, for the picture of the answer itself
    answer.screenshot(path=str(SHOTS / "page-desktop-mixed-referral.png"))

    page.goto(host_page)
    page.locator("button.launcher").click()
    ask_in_widget(page, question)
    bot = page.locator(".msg.bot").last
    assert "On your other question:" in bot.inner_text() or "Op je andere vraag:" in bot.inner_text()
    page.screenshot(path=str(SHOTS / "widget-desktop-mixed-referral.png"))


def test_a_question_beyond_social_media_is_declined_plainly_and_pointed_to_the_chamber_desk(page, ui_server, host_page):
    question = "hoe doe ik mijn btw aangifte over het 3e kwartaal?"
    page.goto(ui_server + "/")
    ask_on_page(page, question)
    card = page.locator("#referral .referral-card")
    card.wait_for()
    assert "Informatiedesk van de Kamer van Koophandel" in card.inner_text()
    text = page.locator("#chat .msg-a").last.inner_text()
    assert "niet helpen" in text and "Informatiedesk" in text, text
    page.screenshot(path=str(SHOTS / "page-desktop-out-of-scope-desk.png"))

    page.goto(host_page)
    page.locator("button.launcher").click()
    ask_in_widget(page, question)
    bot = page.locator(".msg.bot").last
    bot.locator(".card").wait_for()
    assert "Informatiedesk van de Kamer van Koophandel" in bot.locator(".card").inner_text()
    page.screenshot(path=str(SHOTS / "widget-desktop-out-of-scope-desk.png"))
