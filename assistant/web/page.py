"""Everything a person sees, mounted on the FastAPI app: the chat page at "/", the widget script at /widget.js,
the iframe page at /embed and the staff admin page at /admin.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
from html import escape
from pathlib import Path

import gradio as gr
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from assistant.templates import Messages
from assistant.web import render
from assistant.web.access import client_address, sso_user
from assistant.web.render import UiText

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
CONFIG_SLOT = re.compile(r"/\*SERVER_CONFIG\*/.*?/\*END_SERVER_CONFIG\*/", re.DOTALL)

# The ui.yaml texts the widget shows (it gets them with the script, so all texts stay in one file).
WIDGET_TEXTS = (
    "input_label", "input_placeholder", "send", "advisor_button", "new_conversation", "thinking", "privacy_line",
    "privacy_link", "sources_title", "suggestions_clarify_label", "suggestions_other_label",
    "suggestions_related_label", "older_source", "editorial_source", "open_source", "date_unknown",
    "referral_title", "referral_who", "referral_why", "referral_how", "contact_email", "contact_phone",
    "contact_web", "contact_example", "form_title", "form_intro", "form_name", "form_email", "form_phone",
    "form_question", "form_consent", "form_submit", "form_cancel", "form_ack", "form_error_name",
    "form_error_email", "form_error_phone", "form_error_question", "form_error_consent", "feedback_up",
    "feedback_down", "feedback_thanks", "feedback_comment", "feedback_comment_send", "feedback_comment_thanks", "error_generic", "error_rate_limited", "error_empty",
    "widget_open", "widget_close", "widget_messages", "widget_starters",
)


def mount_ui(app: FastAPI, assistant=None, settings=None) -> FastAPI:
    """Add the pages to `app` (its API routes must already be registered: "/" catches everything else)."""
    from assistant.store import Store
    from assistant.web.chat_page import ChatPage, build_chat_blocks

    settings = settings or app.state.settings
    assistant = assistant or app.state.assistant
    store = getattr(app.state, "store", None)
    if store is None:
        store = app.state.store = Store(settings)
    ui_messages = Messages(settings.prompts_dir / "ui.yaml")
    default = UiText(ui_messages, getattr(settings, "language_default", "nl"))
    brand = render.branding(settings, default)

    script = widget_script(settings, ui_messages)

    def widget() -> Response:
        return _script_response(script)

    def embed(request: Request) -> HTMLResponse:
        return _embed_response(request, settings, brand)

    app.add_api_route("/widget.js", widget, methods=["GET"], include_in_schema=False)
    app.add_api_route("/embed", embed, methods=["GET"], include_in_schema=False)

    _mount_admin(app, settings, default, brand)

    limiter = getattr(app.state, "rate_limiter", None)
    chat = build_chat_blocks(ChatPage(assistant, store, settings, ui_messages, limiter))
    head = (f"<style>{render.PAGE_FRAME_CSS}</style>"
            f"<script>{(STATIC_DIR / 'page_head.js').read_text(encoding='utf-8')}</script>")
    gr.mount_gradio_app(app, chat, path="/", footer_links=[], run_history=False, show_error=False,
                        css=render.page_css(brand.color), theme=theme(brand.color), head=head)
    return app


def _mount_admin(app: FastAPI, settings, t: UiText, brand: render.Branding) -> None:
    """The staff page at /admin behind a login: personal accounts (`assistant staff add`), or the legacy user
    `admin` with ASSISTANT_ADMIN_TOKEN as password; off when neither exists at start."""
    from assistant.web.admin_page import ADMIN_USER, build_admin_blocks

    token = getattr(settings, "admin_token", None)
    secret = token.get_secret_value() if hasattr(token, "get_secret_value") else token
    staff = getattr(app.state, "staff", None)
    if not secret and not (staff is not None and staff.users()):
        def admin_disabled() -> HTMLResponse:
            return HTMLResponse(_plain_page(brand.name, t("admin_disabled")), status_code=404)

        app.add_api_route("/admin", admin_disabled, methods=["GET"], include_in_schema=False)
        return

    def admin_slash(request: Request) -> RedirectResponse:
        # Behind a trusted identity proxy the staff member is signed in already: straight to the SSO sign-in.
        return RedirectResponse("admin/sso" if sso_user(request) else "admin/", status_code=307)

    def admin_sso(request: Request) -> RedirectResponse:
        return sso_sign_in(app, request)

    app.add_api_route("/admin", admin_slash, methods=["GET"], include_in_schema=False)
    app.add_api_route("/admin/sso", admin_sso, methods=["GET"], include_in_schema=False)  # before the mount
    gr.mount_gradio_app(app, build_admin_blocks(app, t), path="/admin", auth=staff_login(app, secret, ADMIN_USER),
                        auth_message=t("admin_login"), footer_links=[], run_history=False, show_error=False,
                        css=render.page_css(brand.color), theme=theme(brand.color),
                        max_file_size=getattr(settings, "max_upload_bytes", 10_000_000))


def sso_sign_in(app: FastAPI, request: Request) -> RedirectResponse:
    """Sign the proxy's user in to the Gradio admin page (its session token and cookies, SameSite=Strict), or
    send them to the normal login."""
    user = sso_user(request)
    if user is None:
        return RedirectResponse("./", status_code=302)
    from starlette.routing import Mount

    gradio_app = next(r.app for r in app.routes if isinstance(r, Mount) and r.path == "/admin")
    token = secrets.token_urlsafe(16)
    gradio_app.tokens[token] = user["name"]
    response = RedirectResponse("./", status_code=302)
    response.set_cookie(f"access-token-{gradio_app.cookie_id}", token, httponly=True, secure=True, samesite="strict")
    response.set_cookie(f"access-token-unsecure-{gradio_app.cookie_id}", token, httponly=True, samesite="strict")
    app.state.staff.audit(f"staff:{user['name']}", "login", "/admin (sso)", client_address(request))
    return response


def staff_login(app: FastAPI, legacy_secret: str | None, legacy_user: str):
    """Gradio's login check: a staff account's password (Argon2), or the legacy shared login. Failures count per
    account name in the auth throttle (then every attempt fails until the window passes); every sign-in and
    failure leaves an audit row, never the password."""
    from assistant.web.access import hashed

    def check(username: str, password: str) -> bool:
        name = (username or "").strip().lower()[:80]
        staff, throttle = app.state.staff, app.state.auth_throttle
        if throttle.blocked(f"user:{name}") is not None:
            staff.audit(f"staff:{name}", "login", "/admin", outcome="throttled")
            return False
        if legacy_secret and name == legacy_user:
            ok = secrets.compare_digest((password or "").encode(), legacy_secret.encode())
            actor = "admin-token"
        else:
            ok = staff.login(name, password) is not None
            actor = f"staff:{name}"
        staff.audit(actor, "login", "/admin", outcome="ok" if ok else "failed")
        if not ok:
            throttle.failed(f"user:{name}")
            log.warning("admin login failed for account %s", hashed(name))
        return ok

    return check


def theme(color: str) -> gr.themes.Base:
    """Gradio's default look with the system's fonts (no font requests to Google from the visitor's browser) and
    the chamber's colour, made readable, on primary buttons and links: Gradio's login page gets the theme but not
    the page's CSS, and its default orange button fails the contrast check."""
    color = render.readable_color(color)
    fills = ("button_primary_background_fill", "button_primary_background_fill_hover", "button_primary_border_color")
    links = ("link_text_color", "link_text_color_hover", "link_text_color_visited", "link_text_color_active")
    # Links keep Gradio's light colours in dark mode (a dark chamber colour would not read on a dark background).
    colors = {name + mode: color for name in fills for mode in ("", "_dark")} | {name: color for name in links}
    white = {name + mode: "#ffffff" for name in ("button_primary_text_color", "button_primary_text_color_hover")
             for mode in ("", "_dark")}
    return gr.themes.Default(font=["system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"],
                             font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "monospace"]).set(**colors, **white)


def widget_config(settings, ui_messages: Messages) -> dict:
    """What the widget needs from the server: texts in both languages and branding."""
    texts, starters = {}, {}
    for lang in render.LANGUAGES:
        t = UiText(ui_messages, lang)
        brand = render.branding(settings, t)
        texts[lang] = {key: t(key) for key in WIDGET_TEXTS}
        texts[lang]["older_source_hint"] = t("older_source_hint", years=brand.older_source_years)
        # Templates the widget fills in itself ({count} sources, the {name} its script tag gives).
        texts[lang]["sources_count"] = t("sources_count", count="{count}")
        texts[lang]["widget_greeting"] = t("widget_greeting", name="{name}")
        starters[lang] = brand.starters_basic + brand.starters_advanced
    brand = render.branding(settings, UiText(ui_messages, "nl"))
    return {
        "texts": texts,
        "brand": {
            "name": brand.name, "color": brand.color, "privacy_url": brand.privacy_url, "starters": starters,
            "older_source_years": brand.older_source_years,
            "default_language": getattr(settings, "language_default", "nl"),
            "ui_language": getattr(settings, "ui_language", "auto"),
        },
    }


def widget_script(settings, ui_messages: Messages) -> bytes:
    """static/widget.js with the server's texts and branding filled in."""
    source = (STATIC_DIR / "widget.js").read_text(encoding="utf-8")
    # "<" escaped so the JSON can never close a <script> element, should someone inline the file.
    config = json.dumps(widget_config(settings, ui_messages), ensure_ascii=False).replace("<", "\\u003c")
    return CONFIG_SLOT.sub(lambda _: config, source, count=1).encode("utf-8")


def _script_response(script: bytes) -> Response:
    return Response(script, media_type="text/javascript; charset=utf-8", headers={
        "Cache-Control": "public, max-age=300",
        # Sites embed the script from another origin; this keeps it loadable on pages that isolate themselves.
        "Cross-Origin-Resource-Policy": "cross-origin",
    })


def _embed_response(request: Request, settings, brand: render.Branding) -> HTMLResponse:
    """A full-page chat for an <iframe>: the widget, always open. ?language=en&title=...&color=%23... optional."""
    query = request.query_params
    language = query.get("language") if query.get("language") in render.LANGUAGES else getattr(
        settings, "language_default", "nl")
    color = query.get("color", "")
    attrs = {
        "data-mode": "inline",
        "data-language": language,
        "data-title": (query.get("title") or brand.name)[:80],
        "data-color": color if re.fullmatch(r"#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?", color) else brand.color,
    }
    if query.get("starters"):
        attrs["data-starters"] = query["starters"][:1000]
    data = " ".join(f'{name}="{escape(value)}"' for name, value in attrs.items())
    html = (
        f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(attrs['data-title'])}</title><style>html,body{{margin:0;height:100%;background:#fff}}</style>"
        f'</head><body><script src="widget.js" {data}></script></body></html>'
    )
    # Who may frame it: the Content-Security-Policy of assistant.web.access (frame-ancestors from the allowed origins).
    return HTMLResponse(html)


def _plain_page(title: str, text: str) -> str:
    return (f'<!doctype html><html><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
            f'<body style="font-family:system-ui,sans-serif;max-width:40em;margin:3em auto"><h1>{escape(title)}</h1>'
            f"<p>{escape(text)}</p></body></html>")
