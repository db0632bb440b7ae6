"""Pure functions: answers, sources and referrals -> safe HTML for the chat page; branding from Settings.

Every text that comes from the server, the knowledge base or the user is escaped, and only http(s) URLs become
links. The page's Chatbot renders Markdown, so each fragment is one HTML block without blank lines: Markdown is
not applied inside an HTML block, so `*`, `_`, `#` or `<img ...>` in a question or a source show as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from html import escape
from urllib.parse import urlsplit

from assistant.templates import Messages
from assistant.types import Answer, Referral, Source

LANGUAGES = ("nl", "en")
_CITATION = re.compile(r"\[(\d{1,2})\]")
_COLOR = re.compile(r"^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$")


class UiText:
    """The interface texts (prompts/ui.yaml) of one language, called like a function: `t("send")`."""

    def __init__(self, messages: Messages, language: str):
        self.messages = messages
        self.language = language if language in LANGUAGES else "nl"

    def __call__(self, key: str, **values: object) -> str:
        return self.messages.get(key, self.language, **values)


def browser_language(accept_language: str | None, fixed: str = "auto", default: str = "nl") -> str:
    """The interface language: the chamber's fixed choice, else the browser's first language (nl* is Dutch,
    anything else English), else `default` when the browser sends none."""
    if fixed in LANGUAGES:
        return fixed
    first = (accept_language or "").split(",")[0].split(";")[0].strip().lower()
    if not first or first == "*":
        return default if default in LANGUAGES else "nl"
    return "nl" if first.startswith("nl") else "en"


@dataclass(frozen=True)
class Branding:
    """What a chamber sets about the look of the page and widget (one language)."""

    name: str
    color: str
    logo_url: str | None
    welcome: str
    starters_basic: list[str]
    starters_advanced: list[str]
    privacy_url: str | None
    older_source_years: int


def branding(settings: object, t: UiText) -> Branding:
    """Branding from Settings, falling back to the interface texts for anything not configured."""
    lang = t.language
    color = str(getattr(settings, "primary_color", "") or "")
    return Branding(
        name=str(getattr(settings, "assistant_name", "") or "Social media-assistent"),
        color=color if _COLOR.match(color) else "#0b5394",
        logo_url=safe_href(getattr(settings, "logo_url", None), allow_path=True),
        welcome=str(getattr(settings, f"welcome_{lang}", "") or t("tagline")),
        starters_basic=[q for q in getattr(settings, f"starter_questions_{lang}", None) or [] if q.strip()],
        starters_advanced=[q for q in t("starters_advanced").splitlines() if q.strip()],
        privacy_url=safe_href(getattr(settings, "privacy_url", None), allow_path=True),
        older_source_years=int(getattr(settings, "older_source_years", 5)),
    )


# -- colour -------------------------------------------------------------------------------------
MIN_CONTRAST = 5.0  # WCAG AA asks 4.5:1 for normal text; the margin covers the chat bubbles' light grey


def _luminance(color: str) -> float:
    """WCAG relative luminance of a validated hex colour."""
    hex6 = color[1:] if len(color) == 7 else "".join(c * 2 for c in color[1:])
    channels = [int(hex6[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_with_white(color: str) -> float:
    return 1.05 / (_luminance(color) + 0.05)


def readable_color(color: str) -> str:
    """The chamber's colour, darkened just enough that white text on it and it as text on white read at MIN_CONTRAST.

    The page and the widget use one colour for both (buttons, the user's bubbles, citation marks, links); a light
    chamber colour such as a yellow keeps its hue but gets darker. widget.js does the same for `data-color`."""
    if not _COLOR.match(color or ""):
        return "#0b5394"
    hex6 = color[1:] if len(color) == 7 else "".join(c * 2 for c in color[1:])
    rgb = [int(hex6[i:i + 2], 16) for i in (0, 2, 4)]
    candidate = "#" + hex6.lower()
    for step in range(1, 21):
        if contrast_with_white(candidate) >= MIN_CONTRAST:
            break
        candidate = "#" + "".join(f"{round(c * (1 - step / 20)):02x}" for c in rgb)
    return candidate


# -- small safe pieces ---------------------------------------------------------------------------
def safe_href(url: object, allow_path: bool = False) -> str | None:
    """The URL if it is http(s) with a host (or, with allow_path, a path on this server); otherwise None."""
    if not isinstance(url, str) or not url.strip():
        return None
    url = url.strip()
    if allow_path and url.startswith("/") and not url.startswith("//"):
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url
    return None


def link(url: str, label: str) -> str:
    """An <a> that opens in a new tab; the caller has checked the URL with safe_href."""
    return f'<a href="{escape(url)}" target="_blank" rel="noopener noreferrer">{escape(label)}</a>'


def text_html(text: str) -> str:
    """Plain text as HTML: escaped, line breaks kept."""
    return escape(text).replace("\n", "<br>")


def published_by(published: str) -> date | None:
    """The latest date a `published` value ("2012", "2012-05", "2012-05-03") can mean; None if unreadable."""
    match = re.match(r"^\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", published or "")
    if not match:
        return None
    year, month, day = int(match[1]), match[2], match[3]
    try:
        if day:
            return date(year, int(month), int(day))
        if month:
            end = date(year + (int(month) == 12), int(month) % 12 + 1, 1)
            return date.fromordinal(end.toordinal() - 1)
        return date(year, 12, 31)
    except ValueError:
        return None


def is_older(published: str, years: int, today: date) -> bool:
    """True when the source was certainly published more than `years` years before `today`."""
    when = published_by(published)
    if when is None:
        return False
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    return when < cutoff


# -- chat messages -------------------------------------------------------------------------------
def chips_of(answer: Answer) -> tuple[list, str]:
    """The questions to offer under an answer and the ui.yaml key of their label: "did you mean ...?" alone (a
    clarification), "or did you mean ...?" beside an answer when other cards came close, else the answer's related
    questions. The widget does the same (widget.js chipsBlock)."""
    if answer.suggestions:
        return answer.suggestions, "suggestions_clarify_label" if answer.kind == "clarify" else "suggestions_other_label"
    return answer.related, "suggestions_related_label"


def question_html(question: str) -> str:
    """A user's message exactly as typed (HTML and Markdown shown as text)."""
    return f'<div class="msg-q">{text_html(question)}</div>'


_NUMBERED_ITEM = re.compile(r"^\s*(\d{1,2})[.)]\s+")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def answer_text_html(text: str) -> str:
    """The answer text: paragraphs, runs of "- " lines as lists and "1. " lines as numbered lists, **bold**
    (a section answer's heading and its highlighted lines), [n] citations marked up."""
    blocks = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        lines: list[str] = []
        items: list[str] = []
        kind = ""
        for line in [*paragraph.split("\n"), ""]:
            number = _NUMBERED_ITEM.match(line)
            this = "ul" if line.lstrip().startswith("- ") else "ol" if number else ""
            if items and this != kind:
                blocks.append(f"<{kind}>{''.join(items)}</{kind}>")
                items = []
            if this:
                if lines:
                    blocks.append("<p>" + "<br>".join(lines) + "</p>")
                    lines = []
                kind = this
                items.append(f"<li>{_cited(line.lstrip()[2:] if this == 'ul' else line[number.end():])}</li>")
                continue
            if line.strip():
                lines.append(_cited(line))
        if lines:
            blocks.append("<p>" + "<br>".join(lines) + "</p>")
    return "".join(blocks)


def _cited(line: str) -> str:
    html = _BOLD.sub(r"<strong>\1</strong>", escape(line))
    return _CITATION.sub(r'<sup class="cite">[\1]</sup>', html)


def source_html(source: Source, t: UiText, older_years: int, today: date) -> str:
    """One numbered source: title, publisher, date, older-source mark, link, snippet."""
    publisher = t("editorial_source") if source.source in ("", "editorial") else source.source
    parts = [f'<span class="src-n">[{source.n}]</span> <strong class="src-title">{escape(source.title)}</strong>']
    if source.section:  # where in the document: "Kosten > Leden"
        parts.append(f'<span class="src-section">› {escape(source.section.replace(" > ", " › "))}</span>')
    meta = [escape(publisher), escape(source.published or t("date_unknown"))]
    parts.append(f'<span class="src-meta">{" · ".join(meta)}</span>')
    if is_older(source.published, older_years, today):
        hint = escape(t("older_source_hint", years=older_years))
        parts.append(f'<span class="src-older" title="{hint}">{escape(t("older_source"))}</span>')
    href = safe_href(source.url)
    if href:
        parts.append(link(href, t("open_source")))
    snippet = f'<div class="src-snippet">{escape(source.snippet)}</div>' if source.snippet else ""
    return f'<li class="src" data-n="{source.n}">{" ".join(parts)}{snippet}</li>'


def sources_html(sources: list[Source], t: UiText, older_years: int, today: date) -> str:
    if not sources:
        return ""
    items = "".join(source_html(s, t, older_years, today) for s in sources)
    # Folded into one "Bronnen (3)" row, so the answer itself is what the reader sees first.
    title = escape(t("sources_count", count=len(sources)))
    return f'<details class="sources"><summary class="sources-title">{title}</summary><ol>{items}</ol></details>'


def answer_html(answer: Answer, t: UiText, older_years: int, today: date) -> str:
    """A whole answer for the chat: notice, text, then its numbered sources."""
    notice = f'<p class="notice">{text_html(answer.notice)}</p>' if answer.notice and answer.notice not in answer.text else ""
    body = answer_text_html(answer.text)
    return (f'<div class="msg-a route-{escape(answer.route)}">{notice}{body}'
            f"{sources_html(answer.sources, t, older_years, today)}</div>")


def pending_html(text: str) -> str:
    """An answer still arriving (streamed text so far)."""
    return f'<div class="msg-a pending">{text_html(text)}</div>'


def notice_html(text: str, kind: str) -> str:
    """A short status line (kind "ok" or "error"), announced to screen readers."""
    role = "alert" if kind == "error" else "status"
    return f'<p class="status status-{escape(kind)}" role="{role}">{text_html(text)}</p>'


def referral_card_html(referral: Referral, t: UiText) -> str:
    """Who to turn to, why, and how to reach them."""
    contact = referral.contact or {}
    how = []
    if contact.get("email"):
        how.append(f'<li>{escape(t("contact_email"))}: <span class="contact-email">{escape(str(contact["email"]))}</span></li>')
    if contact.get("phone"):
        how.append(f'<li>{escape(t("contact_phone"))}: <span class="contact-phone">{escape(str(contact["phone"]))}</span></li>')
    href = safe_href(contact.get("url"))
    if href:
        how.append(f'<li>{escape(t("contact_web"))}: {link(href, href)}</li>')
    example = f'<p class="contact-example">{escape(t("contact_example"))}</p>' if contact.get("example") else ""
    return (
        f'<div class="referral-card" role="region" aria-label="{escape(t("referral_title"))}">'
        f'<div class="referral-title">{escape(t("referral_title"))}</div>'
        f'<dl><dt>{escape(t("referral_who"))}</dt><dd class="referral-who">{escape(referral.specialist)}</dd>'
        f'<dt>{escape(t("referral_why"))}</dt><dd class="referral-why">{escape(referral.message)}</dd>'
        f'<dt>{escape(t("referral_how"))}</dt><dd><ul class="referral-how">{"".join(how)}</ul>{example}</dd></dl></div>'
    )


def header_html(brand: Branding, tagline: str) -> str:
    logo = f'<img class="brand-logo" src="{escape(brand.logo_url)}" alt="">' if brand.logo_url else ""
    return (f'<div class="brand">{logo}<div><h1 class="brand-name">{escape(brand.name)}</h1>'
            f'<div class="brand-tagline">{escape(tagline)}</div></div></div>')


def privacy_html(t: UiText, privacy_url: str | None) -> str:
    more = f" {link(privacy_url, t('privacy_link'))}" if privacy_url else ""
    return f'<p class="privacy">{escape(t("privacy_line"))}{more}</p>'


# Gradio scopes a page's `css` to the inside of its layout; the frame around it (the viewport-high container and
# its side padding) is styled from the page's <head> instead.
PAGE_FRAME_CSS = """
html, body { margin: 0; }
.gradio-container { height: 100dvh; min-height: 0 !important; }
.gradio-container > .main { min-height: 0; padding-top: 4px !important; padding-bottom: 4px !important; }
/* Gradio's layout column and <main> grow with their content (min-height: auto); held to the screen, the chat is
   what gives way when a box opens under it (the thumbs-down comment on a phone), not the question input. */
.gradio-container main.contain, .gradio-container main.contain > .column { min-height: 0; }
@media (max-width: 640px) {
  .gradio-container > .main { padding-left: 8px !important; padding-right: 8px !important; }
}
"""


def page_css(color: str) -> str:
    """The chat page's own styles, in the chamber's colour (validated: a hex colour or the default)."""
    color = readable_color(color)
    return f"""
:root, .dark {{ --brand: {color}; --button-primary-background-fill: {color};
  --button-primary-background-fill-hover: {color}; --button-primary-border-color: {color};
  --button-primary-text-color: #fff; --button-primary-text-color-hover: #fff;
  --color-accent: {color}; --checkbox-background-color-selected: {color}; }}
:root {{ --link-text-color: {color}; --link-text-color-hover: {color}; --link-text-color-visited: {color};
  --link-text-color-active: {color}; }}
.gradio-container {{ max-width: 980px !important; margin: 0 auto; }}
@media (max-width: 640px) {{ #header-row {{ flex-direction: column; }} }}
.brand {{ display: flex; gap: 12px; align-items: center; padding: 6px 0; }}
.brand-logo {{ max-height: 48px; max-width: 160px; }}
.brand-name {{ font-size: 1.35rem; font-weight: 700; color: var(--brand); margin: 0; line-height: 1.3; }}
.brand-tagline {{ opacity: .8; }}
.msg-a ul, .msg-a ol {{ margin: .3em 0 .3em 1.2em; }}
.msg-a strong {{ font-weight: 650; }}
.src-section {{ opacity: .85; }}
.msg-a p {{ margin: .3em 0; }}
.cite {{ color: var(--brand); font-weight: 600; }}
.notice {{ font-style: italic; }}
.admin-banner {{ border: 2px solid #b35900; background: #fff4e5; color: #5c2e00; padding: .6em .9em; border-radius: 6px; }}
.sources {{ margin-top: .6em; border-top: 1px solid rgba(127,127,127,.35); padding-top: .4em; font-size: .9em; }}
.sources-title {{ font-weight: 700; cursor: pointer; }}
.sources ol {{ list-style: none; padding-left: 0; margin: .2em 0; }}
.src {{ margin: .35em 0; }}
.src-n {{ color: var(--brand); font-weight: 700; }}
.src-meta {{ opacity: .8; }}
.src-older {{ background: #fff3cd; color: #664d03; border: 1px solid #e6c200; border-radius: 4px;
  padding: 0 4px; font-size: .85em; white-space: nowrap; }}
.src-snippet {{ opacity: .85; font-size: .92em; margin-top: .1em; }}
.referral-card {{ border: 2px solid var(--brand); border-radius: 8px; padding: 10px 14px; }}
.referral-title {{ font-weight: 700; color: var(--brand); margin-bottom: 4px; }}
.referral-card dt {{ font-weight: 600; margin-top: 4px; }}
.referral-card dd {{ margin-left: 0; }}
.referral-how {{ list-style: none; padding-left: 0; margin: 0; }}
.contact-example {{ font-size: .85em; opacity: .8; }}
.privacy {{ font-size: .85em; color: #57606a; }}
.dark .privacy {{ color: var(--body-text-color); }}
.status-ok {{ color: #0f5132; background: #d1e7dd; border-radius: 6px; padding: 6px 10px; }}
.status-error {{ color: #842029; background: #f8d7da; border-radius: 6px; padding: 6px 10px; }}
.starter-label {{ font-weight: 600; padding-top: 6px; }}
#chat {{ min-height: 160px; }}
/* Gradio fades every chat message to 80% opacity, which takes the text and the citation marks below 4.5:1. */
#chat .message-wrap .prose.chatbot.md {{ opacity: 1; }}
#chat .examples {{ display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 10px; width: 100%; }}
#chat .examples .example {{ width: 100%; min-width: 0; max-width: none; height: 100%; }}
#feedback {{ flex-wrap: nowrap; align-items: flex-end; }}
#feedback-status:not(:has(.status)) {{ display: none; }}
#suggestions {{ flex-wrap: wrap !important; gap: 6px; align-items: center; }}
#suggestions > .block {{ flex: 1 1 100% !important; min-width: 100% !important; }}
#suggestions > button {{ flex: 0 1 auto !important; min-width: 0 !important; width: auto; text-align: left; }}
.starter-label {{ padding-top: 0; }}
/* Thumbs up before thumbs down, as in the widget (Gradio puts "Dislike" first). */
#chat .message-buttons .icon-button-wrapper {{ display: flex; flex-direction: row-reverse; }}
:focus-visible {{ outline: 2px solid var(--brand) !important; outline-offset: 2px; }}
@media (max-width: 640px) {{
  #header-row {{ flex-direction: row !important; flex-wrap: nowrap; align-items: center; gap: 6px; }}
  #header-row > * {{ min-width: 0 !important; }}
  .brand-name {{ font-size: 1.1rem; }}
  .brand-tagline {{ display: none; }}
  #language .wrap {{ flex-direction: column; gap: 2px; }}
  #language label {{ padding: 2px 6px !important; font-size: .8rem; }}
  #language {{ padding: 0 !important; border: 0 !important; flex: none; }}
  #language [data-testid=block-info], #message [data-testid=block-info] {{
    position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }}
  #input-row {{ flex-wrap: nowrap; gap: 6px; }}
  #message {{ min-width: 0 !important; padding: 4px !important; }}
  #message textarea {{ padding-left: 8px; padding-right: 8px; }}
  #send {{ min-width: 0 !important; flex: none !important; padding: 0 12px; }}
  #actions-row {{ flex-wrap: nowrap; gap: 6px; }}
  #actions-row > button {{ min-width: 0 !important; }}
  #chat .examples {{ grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 6px; }}
  #chat .examples .example {{ padding: 8px !important; font-size: .85rem; }}
  .privacy {{ font-size: .72rem; margin: 0; }}
}}
"""
