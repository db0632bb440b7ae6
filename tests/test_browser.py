"""The pages in a real browser: Debian's Chromium, headless, driven by Playwright (no browser download).

One real server on loopback (the full app: API, chat page, widget, admin) over a copy of the session's index, and
a host page on a different loopback origin that embeds the widget with one script tag. Screenshots go to
/tmp/shots/ for people to look at.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from web_server import ADMIN_TOKEN, free_port, running, web_settings_for

pytestmark = [pytest.mark.browser, pytest.mark.integration]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SHOTS = Path("/tmp/shots")
# A question near several cards but decisive for none: answered with "Bedoel je ...?".
CLARIFY_QUESTION = "Hoe werkt het algoritme van Pinterest voor de verkoop van tweedehands boten?"
XSS = '<img src=x onerror="window.__xss=1"> Hoe begin ik met social media?'
TIMEOUT = 30_000  # ms


# -- servers ---------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def host_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def ui_app(indexed_assistant, tmp_path_factory, host_port):
    """The whole app (pages included) over a copy of the index; the host page's origin may call the API."""
    from assistant.pipeline import Assistant
    from assistant.web.app import create_app

    data = tmp_path_factory.mktemp("ui") / "data"
    shutil.copytree(indexed_assistant.settings.data_dir, data, ignore=shutil.ignore_patterns("*.lock"))
    settings = web_settings_for(data, cors_origins=[f"http://127.0.0.1:{host_port}"], rate_limit="600/minute",
                                privacy_url="https://example.org/privacy", older_source_years=5)
    assistant = Assistant(settings)
    assistant.warm_up()
    return create_app(settings, assistant)


@pytest.fixture(scope="session")
def ui_server(ui_app) -> Iterator[str]:
    with running(ui_app) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def host_page(ui_server, host_port, tmp_path_factory) -> Iterator[str]:
    """A chamber's website on another origin, with the one-line widget snippet."""
    folder = tmp_path_factory.mktemp("host")
    (folder / "index.html").write_text(f"""<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kamer van Koophandel Voorbeeldstad</title>
<style>body {{ font-family: Georgia, serif; margin: 2em; color: #333; }} button {{ background: red !important; }}
div {{ font-family: Georgia, serif; line-height: 1.9; letter-spacing: 1px; text-transform: uppercase; font-size: 22px; }}
h1 {{ color: #8a1538; }} p {{ max-width: 40em; }}</style></head>
<body><h1>Ondernemersplein Voorbeeldstad</h1>
<p>Welkom op de website van de Kamer. Rechtsonder vind je onze assistent voor vragen over social media.</p>
<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore.</p>
<script src="{ui_server}/widget.js" data-title="Vraag het de Kamer" data-color="#8a1538" data-language="nl"
  data-position="right" data-starters="Is LinkedIn nuttig voor een klein bedrijf?|Hoe maak ik een contentplanning?">
</script></body></html>
""", encoding="utf-8")
    (folder / "iframe.html").write_text(f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Chamber site with an iframe</title></head><body style="margin:0;background:#eee">
<iframe src="{ui_server}/embed?language=en&title=Ask%20the%20Chamber" title="Ask the Chamber"
  style="width:100%;max-width:420px;height:600px;border:0"></iframe></body></html>
""", encoding="utf-8")
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", host_port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{host_port}/index.html"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


# -- browser ---------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium); .ci/run installs it")
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def wait_until(check, timeout: float = 10.0):
    """Poll `check` until it returns something truthy (for rows the server commits)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


# -- the chat page ---------------------------------------------------------------------------------
def ask_on_page(page, question: str) -> None:
    answers = page.locator("#chat .msg-a:not(.pending)").count()
    page.locator("#message textarea").fill(question)
    page.locator("#send").click()
    page.locator("#chat .msg-a:not(.pending)").nth(answers).wait_for()


def test_chat_page_answers_with_numbered_sources(page, ui_server, ui_app):
    page.goto(ui_server + "/")
    page.locator("#send").wait_for()
    assert page.locator(".brand-name").inner_text() == "Social media-assistent"
    assert page.locator(".privacy a").get_attribute("href") == "https://example.org/privacy"

    ask_on_page(page, "Is LinkedIn nuttig voor een klein bedrijf?")
    answer = page.locator("#chat .msg-a").last
    assert "LinkedIn" in answer.inner_text()
    assert answer.locator("sup.cite").count() >= 1
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
    assert page.locator("#form-question textarea").input_value() == "Our company Facebook page was hacked, what should I do?"

    page.locator("#form-name input").fill("Anna de Vries")
    page.locator("#form-email input").fill("anna@example.nl")
    page.locator("#form-submit").click()  # no consent yet
    page.locator("#form-status .status-error").wait_for()
    assert not [r for r in ui_app.state.store.list_referrals() if r["email"] == "anna@example.nl"]
    page.locator("#form-consent input").check()
    page.locator("#form-submit").click()
    page.locator("#form-status .status-ok").wait_for()
    page.screenshot(path=str(SHOTS / "page-desktop-referral.png"), full_page=True)
    stored = [r for r in ui_app.state.store.list_referrals() if r["email"] == "anna@example.nl"]
    assert len(stored) == 1
    assert stored[0]["specialist_id"] == "account-security-helpdesk" and stored[0]["consent"] is True

    # Starter questions follow the interface language.
    answers = page.locator("#chat .msg-a:not(.pending)").count()
    page.get_by_role("button", name="Is LinkedIn useful for a small business?").click()
    page.locator("#chat .msg-a:not(.pending)").nth(answers).wait_for()
    assert page.locator("#chat .msg-a").last.locator(".sources-title").inner_text().startswith("Sources (")


# -- the widget on another site --------------------------------------------------------------------
def ask_in_widget(page, question: str) -> None:
    from playwright.sync_api import expect

    expect(page.locator("button.send")).to_be_enabled()  # the answer before has finished
    answers = page.locator(".msg.bot:not(.pending)").count()
    page.locator("textarea#sma-input").fill(question)
    page.locator("textarea#sma-input").press("Enter")
    page.locator(".msg.bot:not(.pending)").nth(answers).wait_for()


def shadow_focus(page) -> str:
    """What has the keyboard focus inside the widget's shadow root (tag.class#id)."""
    return page.evaluate("""() => {
        const host = document.querySelector('[data-social-media-assistant]');
        const el = host && host.shadowRoot.activeElement;
        return el ? `${el.tagName.toLowerCase()}.${el.className}#${el.id}` : ''; }""")


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
    frame.locator(".msg.bot:not(.pending) .source").first.wait_for()
    assert frame.locator(".msg.bot .sources-title").last.inner_text() == "Sources"
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
    page.get_by_label("Nummer van de aanvraag").fill(str(stored["id"]))
    page.get_by_role("button", name="Markeer als afgehandeld").click()
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
    expect(page.locator("#form-question textarea")).to_be_visible()
    ask_on_page(page, "Is LinkedIn nuttig voor een klein bedrijf?")
    expect(page.locator("#referral .referral-card")).to_be_hidden()
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
    anna_page.get_by_role("button", name="Exporteer CSV").first.click()  # a viewer may not export
    expect(anna_page.get_by_text("Hiervoor heb je de rol admin nodig.")).to_be_visible()
    anna.close()

    bram, page = signed_in("bram", "bram-password-123")
    page.get_by_role("tab", name="Audit").click()
    trail = page.locator("#admin-audit")
    expect(trail).to_contain_text("staff:anna")
    expect(trail).to_contain_text("staff:bram")
    expect(trail).to_contain_text("denied")
    page.screenshot(path=str(SHOTS / "admin-audit.png"), full_page=True)
    bram.close()
    actors = {(r["actor"], r["action"], r["outcome"]) for r in staff.audit_events()}
    assert {("staff:anna", "login", "ok"), ("staff:bram", "login", "ok"), ("staff:anna", "denied", "denied")} <= actors
