"""Accessibility: axe-core (npm, pinned in tests/a11y/package.json) run inside the same Debian Chromium on the chat
page, /embed, the widget on a host page (axe looks into its open Shadow DOM) and /admin after login.

A `serious` or `critical` violation fails the test; each is printed with its rule, impact, help and targets.
axe-core is installed by `make install-dev` / `.ci/run` (`npm ci --prefix tests/a11y`); without it the tests fail,
they do not skip.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser_pages import DESKTOP, PHONE, SHOTS, TIMEOUT, ask_in_widget, ask_on_page
from web_server import ADMIN_TOKEN

pytest_plugins = ["web_server", "browser_pages"]
pytestmark = [pytest.mark.browser, pytest.mark.integration]

AXE = Path(__file__).parent / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
# Moderate rules about a page's structure that our own pages keep too (one main landmark, one h1); Gradio's login
# form is not ours to restructure.
STRUCTURE = ("landmark-one-main", "page-has-heading-one")
A11Y_SHOTS = SHOTS / "a11y"
RUN_AXE = """async ([include, exclude, off]) => {
  const context = include ? {include, exclude} : {exclude};
  const rules = Object.fromEntries(off.map(id => [id, {enabled: false}]));
  const result = await axe.run(context, {resultTypes: ['violations'], rules});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                      targets: v.nodes.map(n => n.target)}));
}"""


@pytest.fixture(scope="session")
def axe_path() -> Path:
    if not AXE.exists():
        pytest.fail("axe-core is not installed in tests/a11y: install npm (Debian: apt-get install npm), then run "
                    "`npm ci --prefix tests/a11y` (make install-dev does it when npm is present)", pytrace=False)
    return AXE


@pytest.fixture
def axe_page(browser):
    """`axe_page(viewport)` -> a page whose CSP lets the injected axe script run (phones with touch)."""
    contexts = []

    def make(viewport: dict, locale: str = "nl-NL"):
        phone = viewport["width"] < 600
        context = browser.new_context(viewport=viewport, locale=locale, is_mobile=phone, has_touch=phone,
                                      bypass_csp=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        return page

    A11Y_SHOTS.mkdir(parents=True, exist_ok=True)
    yield make
    for context in contexts:
        context.close()


def axe_check(page, axe_path: Path, where: str, include: list | None = None, exclude: list | None = None,
              rules_off: tuple[str, ...] = (), structure: bool = False) -> None:
    """Run axe-core on `page` (or on `include`) and fail on serious or critical violations, listing each;
    `structure`: also on the page-structure rules (`STRUCTURE`)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_path))
    violations = page.evaluate(RUN_AXE, [include, exclude or [], list(rules_off)])
    blocking = [v for v in violations if v["impact"] in BLOCKING or (structure and v["id"] in STRUCTURE)]
    for v in violations:
        print(f"[{where}] {v['impact']}: {v['id']} - {v['help']} - {json.dumps(v['targets'][:6])}")
    assert not blocking, f"axe-core on {where}:\n" + "\n".join(
        f"  {v['id']} ({v['impact']}): {v['help']}; targets {json.dumps(v['targets'])}" for v in blocking)


SIZES = {"desktop": DESKTOP, "phone": PHONE}


@pytest.mark.parametrize("size", SIZES)
def test_chat_page_has_no_serious_violations(axe_page, axe_path, ui_server, size):
    page = axe_page(SIZES[size])
    page.goto(ui_server + "/")
    page.locator("#chat .examples .example").first.wait_for()
    page.wait_for_timeout(300)
    page.screenshot(path=str(A11Y_SHOTS / f"page-{size}-empty.png"))
    axe_check(page, axe_path, f"/ empty ({size})")

    ask_on_page(page, "Is LinkedIn nuttig voor een klein bedrijf?")
    answer = page.locator("#chat .msg-a").last
    answer.locator("details.sources summary").click()
    expect(answer.locator(".src-snippet").first).to_be_visible()
    page.screenshot(path=str(A11Y_SHOTS / f"page-{size}-sources-open.png"))
    axe_check(page, axe_path, f"/ after an answer, sources open ({size})")

    page.locator("#advisor").click()
    expect(page.locator("#form-name input")).to_be_visible()
    page.screenshot(path=str(A11Y_SHOTS / f"page-{size}-contact-form.png"))
    axe_check(page, axe_path, f"/ contact form open ({size})")


@pytest.mark.parametrize("size", SIZES)
def test_embed_page_has_no_serious_violations(axe_page, axe_path, ui_server, size):
    page = axe_page(SIZES[size])
    page.goto(ui_server + "/embed?color=%23ffcc00")  # a light chamber colour: darkened until it reads
    page.locator(".msg.greeting").wait_for()
    axe_check(page, axe_path, f"/embed empty ({size})", structure=True)
    ask_in_widget(page, "Is LinkedIn nuttig voor een klein bedrijf?")
    answer = page.locator(".msg.bot").last
    answer.locator("details.sources summary").click()
    expect(answer.locator(".snippet").first).to_be_visible()
    page.screenshot(path=str(A11Y_SHOTS / f"embed-{size}-sources-open.png"))
    axe_check(page, axe_path, f"/embed after an answer, sources open ({size})", structure=True)


@pytest.mark.parametrize("size", SIZES)
def test_widget_on_a_host_page_has_no_serious_violations(axe_page, axe_path, host_page, size):
    page = axe_page(SIZES[size])
    page.goto(host_page.replace("index.html", "yellow.html"))  # hostile CSS and a light yellow data-color
    page.locator("button.launcher").wait_for()
    widget = ["[data-social-media-assistant]"]  # the widget only: the host page's own markup is the chamber's
    axe_check(page, axe_path, f"widget closed ({size})", include=[widget])
    page.locator("button.launcher").click()
    page.locator(".msg.greeting").wait_for()
    axe_check(page, axe_path, f"widget open ({size})", include=[widget])

    ask_in_widget(page, "Is LinkedIn nuttig voor een klein bedrijf?")
    answer = page.locator(".msg.bot").last
    answer.locator("details.sources summary").click()
    answer.locator("button.thumb").nth(1).click()
    expect(answer.locator("form.missing")).to_be_visible()
    page.screenshot(path=str(A11Y_SHOTS / f"widget-{size}-answer.png"))
    axe_check(page, axe_path, f"widget after an answer, sources open, thumbs down ({size})", include=[widget])

    page.locator("button.advisor").click()
    expect(page.locator("form.contact")).to_be_visible()
    page.screenshot(path=str(A11Y_SHOTS / f"widget-{size}-contact-form.png"))
    axe_check(page, axe_path, f"widget contact form ({size})", include=[widget])


def test_admin_page_has_no_serious_violations(axe_page, axe_path, ui_server, ui_app):
    page = axe_page(DESKTOP)
    page.goto(ui_server + "/admin")
    page.locator("input[type=password]").wait_for()
    page.screenshot(path=str(A11Y_SHOTS / "admin-login.png"))
    # Gradio's own login page has no <title>: its config for a signed-out visitor (gradio.routes, "auth_required")
    # carries no title and takes no head, so nothing of ours reaches it. The page after login has its title.
    axe_check(page, axe_path, "/admin login", rules_off=("document-title",))
    page.locator("input[type=text]").first.fill("admin")
    page.locator("input[type=password]").fill(ADMIN_TOKEN)
    page.keyboard.press("Enter")
    page.locator("#admin-referrals").wait_for()
    page.wait_for_timeout(500)
    page.screenshot(path=str(A11Y_SHOTS / "admin-referrals.png"), full_page=True)
    axe_check(page, axe_path, "/admin after login", structure=True)

    # A conversation opened with why each answer got its route (greys and the "all thresholds" link included).
    question = "Mijn Instagram account is gehackt, wat nu?"
    ui_app.state.store.record_exchange("a11y-conversation-1", question, ui_app.state.assistant.ask(question))
    page.get_by_role("tab", name="Gesprekken", exact=True).click()
    page.locator("#admin-conversations tr[data-key='a11y-conversation-1'] button").click()
    page.locator("#admin-conversation .why dl").wait_for()
    page.screenshot(path=str(A11Y_SHOTS / "admin-conversation.png"), full_page=True)
    axe_check(page, axe_path, "/admin conversation", structure=True)


def test_a_light_chamber_colour_is_darkened_until_it_reads(axe_page, axe_path, chamber_server):
    """A chamber in light yellow (ASSISTANT_PRIMARY_COLOR=#ffcc00) gets the same hue, dark enough to read."""
    page = axe_page(PHONE)
    page.goto(chamber_server + "/")
    ask_on_page(page, "Is LinkedIn nuttig voor een klein bedrijf?")
    page.locator("#chat details.sources summary").last.click()
    page.screenshot(path=str(A11Y_SHOTS / "page-phone-yellow-chamber.png"))
    assert page.locator("#send").evaluate("e => getComputedStyle(e).backgroundColor") != "rgb(255, 204, 0)"
    axe_check(page, axe_path, "/ in a light chamber colour (phone)")
