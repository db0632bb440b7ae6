"""The browser tests' shared parts: one real server of the whole app on loopback, a host page on another origin
that embeds the widget, Debian's Chromium (headless, through Playwright) and small helpers.

Use from a test module with `pytest_plugins = ["browser_pages"]`, so that every browser test module shares one
server and one browser.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.loopback_services import free_port
from web_server import running, web_settings_for

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SHOTS = Path("/tmp/shots")
TIMEOUT = 30_000  # ms
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
PAGE_SHOTS = SHOTS / "page-polish"

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
    shutil.copytree(indexed_assistant.settings.data_dir, data, ignore=shutil.ignore_patterns("*.lock", "*.tmp"))
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
def chamber_server(ui_app) -> Iterator[str]:
    """A second chamber on the same index: the language fixed to Dutch and a light yellow house colour."""
    from assistant.web.app import create_app

    settings = ui_app.state.settings.model_copy(update={"ui_language": "nl", "primary_color": "#ffcc00"})
    with running(create_app(settings, ui_app.state.assistant)) as base_url:
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
    # The same site of a chamber whose house colour is a light yellow (white on it reads at 1.6:1).
    (folder / "yellow.html").write_text((folder / "index.html").read_text(encoding="utf-8").replace(
        'data-color="#8a1538"', 'data-color="#ffcc00"'), encoding="utf-8")
    # The hostile-CSS site without a language on the script tag: the widget follows the visitor's browser.
    (folder / "plain.html").write_text(f"""<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kamer</title><style>* {{ font-family: serif; line-height: 1.9 }}</style></head>
<body><h1>Ondernemersplein</h1><p>Welkom.</p><script src="{ui_server}/widget.js" data-title="Kamer Voorbeeldstad"></script>
</body></html>
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




@pytest.fixture
def open_context(browser):
    """`open_context(viewport, locale)` -> a page in a fresh context (a phone one has touch and a coarse pointer)."""
    contexts = []

    def make(viewport: dict, locale: str = "nl-NL"):
        phone = viewport["width"] < 600
        context = browser.new_context(viewport=viewport, locale=locale, is_mobile=phone, has_touch=phone)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        return page

    PAGE_SHOTS.mkdir(parents=True, exist_ok=True)
    yield make
    for context in contexts:
        context.close()


# -- helpers ---------------------------------------------------------------------------------------
def ask_on_page(page, question: str) -> None:
    answers = page.locator("#chat .msg-a:not(.pending)").count()
    page.locator("#message textarea").fill(question)
    page.locator("#send").click()
    page.locator("#chat .msg-a:not(.pending)").nth(answers).wait_for()


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
