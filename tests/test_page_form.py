"""The chat page's contact form, feedback box and language choice in a real browser (issue 14, items 9 and the
hand-off inside the thread), on a desktop (1280x800) and a phone (390x844)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browser_pages import DESKTOP, PHONE, SHOTS, ask_on_page, wait_until

pytest_plugins = ["web_server", "browser_pages"]
pytestmark = [pytest.mark.browser, pytest.mark.integration]

SIZES = {"desktop": DESKTOP, "phone": PHONE}
PAGE_SHOTS = SHOTS / "a11y"
HACKED = "Ons Instagram-account is gehackt, wat moet ik doen?"
# Where an element is, relative to the viewport.
BOX = """e => { const r = e.getBoundingClientRect();
  return {top: r.top, bottom: r.bottom, inner: innerHeight, focused: e.contains(document.activeElement)}; }"""


@pytest.mark.parametrize("size", SIZES)
def test_contact_form_is_the_only_question_field_and_shows_errors_by_their_field(open_context, ui_server, ui_app,
                                                                                  size):
    page = open_context(SIZES[size])
    email = f"dirk-{size}@example.nl"  # one server for the whole session: each size a request of its own
    page.goto(ui_server + "/")
    ask_on_page(page, HACKED)
    page.locator("#referral .referral-card").wait_for()
    expect(page.locator("#message textarea")).to_be_visible()  # the card offers the form; asking on stays possible
    expect(page.locator("#form-name input")).to_be_hidden()

    page.locator("#contact-open").click()
    expect(page.locator("#form-name input")).to_be_visible()
    # One question field and one send button while the form is open.
    expect(page.locator("#message textarea")).to_be_hidden()
    expect(page.locator("#send")).to_be_hidden()
    assert page.locator("textarea:visible").count() == 1
    assert page.locator("#form-question textarea").input_value() == HACKED
    page.screenshot(path=str(PAGE_SHOTS / f"form-{size}-open.png"))

    # No name: the error is right under the name field, on screen, with the keyboard in that field.
    page.locator("#form-submit").click()
    error = page.locator("#form-error-name .status-error")
    expect(error).to_have_text("Vul je naam in.")
    page.wait_for_timeout(300)
    name = page.locator("#form-name input").evaluate(BOX)
    shown = error.evaluate(BOX)
    assert 0 <= shown["top"] - name["bottom"] < 40, (name, shown)
    assert 0 <= shown["top"] and shown["bottom"] <= shown["inner"], shown
    assert name["focused"], name
    # A screen reader hears the field is wrong, and why.
    field = page.locator("#form-name input")
    expect(field).to_have_attribute("aria-invalid", "true")
    assert page.locator(f"#{field.get_attribute('aria-describedby')}").inner_text() == "Vul je naam in."
    page.screenshot(path=str(PAGE_SHOTS / f"form-{size}-error-name.png"))

    # No consent: that error is under the consent box, and the name's error is gone.
    page.locator("#form-name input").fill("Dirk de Boer")
    page.locator("#form-email input").fill(email)
    page.locator("#form-submit").click()
    consent_error = page.locator("#form-error-consent .status-error")
    expect(consent_error).to_contain_text("toestemming")
    expect(page.locator("#form-error-name")).to_be_hidden()
    page.wait_for_timeout(300)
    expect(field).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("#form-consent input")).to_have_attribute("aria-invalid", "true")
    consent = page.locator("#form-consent").evaluate(BOX)
    shown = consent_error.evaluate(BOX)
    assert 0 <= shown["top"] - consent["bottom"] < 40, (consent, shown)
    assert 0 <= shown["top"] and shown["bottom"] <= shown["inner"], shown
    assert not [r for r in ui_app.state.store.list_referrals() if r["email"] == email]

    # Sent: the form folds into one confirmation line and the question row is back.
    page.locator("#form-consent input").check()
    page.locator("#form-submit").click()
    ok = page.locator("#form-status .status-ok")
    expect(ok).to_contain_text("Bedankt")
    expect(page.locator("#form-name input")).to_be_hidden()
    expect(page.locator("#contact-open")).to_be_hidden()
    expect(page.locator("#message textarea")).to_be_visible()
    assert page.locator("#form-status .status").count() == 1
    page.screenshot(path=str(PAGE_SHOTS / f"form-{size}-sent.png"))
    stored = wait_until(lambda: [r for r in ui_app.state.store.list_referrals() if r["email"] == email])
    assert len(stored) == 1 and stored[0]["consent"] is True and stored[0]["question"] == HACKED


def test_cancel_gives_the_question_row_back(open_context, ui_server):
    page = open_context(DESKTOP)
    page.goto(ui_server + "/")
    page.locator("#advisor").click()  # "talk to an adviser" opens the form straight away
    expect(page.locator("#form-name input")).to_be_visible()
    expect(page.locator("#message textarea")).to_be_hidden()
    wait_until(lambda: page.locator("#form-name input").evaluate("e => e === document.activeElement"))
    page.locator("#form-cancel").click()
    expect(page.locator("#form-name input")).to_be_hidden()
    expect(page.locator("#message textarea")).to_be_visible()
    expect(page.locator("#contact-open")).to_be_visible()  # the card stays, with its button to open the form again
    ask_on_page(page, "Is LinkedIn nuttig voor een klein bedrijf?")
    expect(page.locator("#referral")).to_be_hidden()


def test_thumbs_down_on_a_phone_keeps_the_question_input_on_screen(open_context, ui_server):
    page = open_context(PHONE)
    page.goto(ui_server + "/")
    ask_on_page(page, "Is LinkedIn nuttig voor een klein bedrijf?")
    page.locator('#chat button[aria-label="Vind ik niet leuk"]').last.click()
    comment = page.locator("#feedback-comment textarea")
    expect(comment).to_be_visible()
    page.wait_for_timeout(500)
    page.screenshot(path=str(PAGE_SHOTS / "page-phone-thumbs-down-input.png"))
    message = page.locator("#message textarea").bounding_box()
    send = page.locator("#send").bounding_box()
    box = comment.bounding_box()
    inner = page.evaluate("innerHeight")
    assert 0 <= message["y"] and message["y"] + message["height"] <= inner, (message, inner)
    assert send["y"] + send["height"] <= inner, (send, inner)
    assert 0 <= box["y"] and box["y"] + box["height"] <= inner, (box, inner)
    assert page.evaluate("scrollY") == 0


@pytest.mark.parametrize("locale", ["en-GB", "nl-NL"])
def test_a_fixed_language_hides_the_choice(open_context, chamber_server, ui_server, locale):
    page = open_context(DESKTOP, locale=locale)
    page.goto(chamber_server + "/")  # ASSISTANT_UI_LANGUAGE=nl
    page.locator("#chat .examples .example").first.wait_for()
    page.wait_for_timeout(300)
    expect(page.locator("#language")).to_be_hidden()
    expect(page.get_by_label("English")).to_be_hidden()
    expect(page.locator("#send")).to_have_text("Verstuur")
    assert page.evaluate("document.documentElement.lang") == "nl"
    page.screenshot(path=str(PAGE_SHOTS / f"page-fixed-nl-{locale}.png"))

    following = open_context(DESKTOP, locale=locale)  # the default chamber follows the browser and offers the choice
    following.goto(ui_server + "/")
    following.locator("#chat .examples .example").first.wait_for()
    expect(following.locator("#language")).to_be_visible()
