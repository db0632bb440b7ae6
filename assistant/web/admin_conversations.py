"""The Conversations tab of the staff page as HTML: the recent conversations (a list with an "Openen" button per
row, assistant.web.admin_tables) and one conversation's questions and answers, each answer with a compact
"Waarom dit antwoord?" block read from the decision stored with it (assistant.types.Decision: the route and
reason, the rule or the classifier that decided, the scores and the thresholds).

Codes become words through prompts/ui.yaml (admin_route_*, admin_reason_*, admin_rule_*); a code without a text
there (a rule added later) is shown as it is. Every value is escaped.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from assistant.web import admin_tables as tables
from assistant.web.admin_service import short_session
from assistant.web.render import UiText

# The page's filter choices (the radio's values) -> the store's filter.
CONVERSATION_FILTERS = {"all": None, "referred": "referred", "clarify": "clarify", "out_of_scope": "out_of_scope",
                        "down": "thumbs_down"}
CONVERSATION_FIELDS = ("created_at", "updated_at", "language", "questions", "happened")  # after the open button
TOP = 3  # probabilities and scores shown per answer

# Which thresholds a kind of rule is measured against (by their names' start), shown first; all are a click away.
APPLIED = {"classifier": ("refer_", "part_refer_", "out_of_scope_"), "card": ("card_min", "card_margin", "card_sure"),
           "card_and_section": ("card_sure", "section_sure"),
           "card_over_classifier": ("card_override", "refer_"), "clarify": ("clarify_",),
           "nothing_close": ("card_min", "clarify_"), "section": ("section_min", "section_margin", "section_sure"),
           "section_retrieved": ("section_min", "section_sure"), "section_over_rule": ("section_min",),
           "section_over_classifier": ("section_min", "refer_", "section_offer"),
           "section_lead": ("section_lead_min", "section_clear_lead", "clarify_"), "section_tied": ("section_sure",
                                                                                                "section_margin"),
           "section_continued": ("section_min", "card_sure")}

# Scoped to the conversation's component (gr.HTML css_template). Narrow screens stack the labels above values.
CONVERSATION_CSS = """
.conv { max-width: 60rem; }
.conv h3 { margin: .2em 0 .1em; }
.conv .conv-meta, .conv .turn-head { font-size: .88rem; opacity: .8; }
.conv ol.turns { list-style: none; padding: 0; margin: .8em 0 0; display: grid; gap: .7em; }
.conv li.turn { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: .6em .8em; }
.conv li.turn.q { background: var(--background-fill-secondary); }
.conv li.turn.a { border-left: 4px solid var(--brand, #0b5394); }
.conv li.turn.a.route-refer { border-left-color: #b54708; }
.conv li.turn.a.route-out_of_scope { border-left-color: #667085; }
.conv .turn-head { display: flex; flex-wrap: wrap; gap: .2em .8em; margin-bottom: .3em; }
.conv .turn-head strong { opacity: 1; }
.conv .text { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; font: inherit; line-height: 1.45; }
.conv .why { margin-top: .6em; padding: .5em .7em; border-radius: 6px; background: var(--background-fill-secondary);
  font-size: .9rem; }
.conv .why h4 { margin: 0 0 .3em; font-size: .95rem; }
.conv .why dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .2em 1em; margin: 0; }
.conv .why dt { font-weight: 600; }
.conv .why dd { margin: 0; overflow-wrap: anywhere; }
.conv .why code { font-size: .85em; overflow-wrap: anywhere; }
.conv .why .item { display: inline-block; max-width: 100%; overflow-wrap: anywhere; }
.conv .why details summary { cursor: pointer; color: var(--brand, #0b5394); width: max-content; }
.conv .why details[open] summary { margin-bottom: .2em; }
.conv .rating { margin-top: .4em; font-size: .9rem; }
.conv .missing, .admin-empty { font-style: italic; opacity: .8; margin: 0; }
@media (max-width: 600px) {
  .conv .why dl { display: block; }
  .conv .why dt { margin-top: .35em; }
  .conv li.turn { padding: .5em .6em; }
}
"""


def _words(t: UiText, key: str, fallback: str) -> str:
    return t(key) if key in t.messages.keys() else fallback


def _label(t: UiText, code: str) -> str:
    """A route, a referral reason or a classifier label in words."""
    return _words(t, f"admin_reason_{code}", _words(t, f"admin_route_{code}", code))


def _route(t: UiText, route: str, reason: str | None) -> str:
    """"Doorverwezen: gehackt of verloren account"; a reason named like its route (a declined question sent to
    the general desk) is not said twice."""
    return _label(t, route) + (f": {_label(t, reason)}" if reason and reason != route else "")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _number(value: float, t: UiText) -> str:
    text = f"{value:.2f}"
    return text.replace(".", ",") if t.language == "nl" else text


def _percent(value: float) -> str:
    return f"{round(value * 100)}%"


def happened(row: dict, t: UiText) -> str:
    """A conversation's answers in words: "Antwoord 2 · Doorverwezen 1 (gehackt of verloren account)"."""
    parts = [f"{_label(t, route)} {count}" for route, count in sorted(row.get("routes", {}).items())]
    reasons = [_label(t, reason) for reason in sorted(row.get("reasons", {})) if reason not in row.get("routes", {})]
    text = " · ".join(parts) + (f" ({', '.join(reasons)})" if reasons else "")
    if row.get("thumbs_down"):
        text += f" · {t('admin_rating_down')} {row['thumbs_down']}"
    return text


def conversations_table(rows: list[dict], t: UiText, zone: str, current: str | None = None) -> str:
    """The recent conversations, each opened with a button in its first column that names it by its short id
    (`current`: the one open below, marked)."""
    shown = [dict(r, id=r["session_id"], happened=happened(r, t)) for r in rows]

    def open_button(row: dict) -> str:
        short = short_session(row["id"])
        label = escape(t("admin_open_conversation", id=short))
        return tables.button(short, "open", row["id"], "secondary session", f' aria-label="{label}"')

    return tables.table(shown, CONVERSATION_FIELDS, tables.headers(t, "conversations"), t, zone, action=open_button,
                        row_class=lambda r: "row-current" if r["id"] == current else "", action_first=True)


def conversation_html(conversation: dict, t: UiText, zone: str, names: IdNames) -> str:
    """One conversation: each question, each answer (escaped, as plain wrapped text) and why it got its route."""
    questions = sum(1 for m in conversation["messages"] if m["role"] == "user")
    meta = t("admin_conversation_meta", started=tables.local_date(conversation["created_at"], zone),
             lang=conversation.get("language") or "?", questions=questions)
    turns = [_turn(m, t, zone, names) for m in conversation["messages"]]
    title = t("admin_conversation_title", id=short_session(conversation["session_id"]))
    return (f'<section class="conv" aria-label="{escape(title)}"><h3>{escape(title)}</h3>'
            f'<div class="conv-meta">{escape(meta)}</div><ol class="turns">{"".join(turns)}</ol></section>')


def _turn(message: dict, t: UiText, zone: str, names: IdNames) -> str:
    when = escape(tables.local_date(message["created_at"], zone))
    text = f'<p class="text">{escape(message["text"])}</p>'
    if message["role"] == "user":
        head = f'<div class="turn-head"><strong>{escape(t("admin_question"))}</strong><span>{when}</span></div>'
        return f'<li class="turn q">{head}{text}</li>'
    route, reason = message.get("route") or "", message.get("reason")
    head = [f"<strong>{escape(t('admin_answer'))}</strong>", when]
    if route != "answer" or reason:  # a plain answer needs no second "Antwoord"
        head.append(escape(_route(t, route, reason)))
    spans = "".join(f"<span>{h}</span>" for h in head)
    ratings = "".join(_rating(f, t) for f in message.get("feedback", []))
    return (f'<li class="turn a route-{escape(route)}"><div class="turn-head">{spans}</div>{text}{ratings}'
            f"{why_html(message.get('decision'), t, names)}</li>")


def _rating(feedback: dict, t: UiText) -> str:
    said = escape(_words(t, f"admin_rating_{feedback['rating']}", feedback["rating"]))
    comment = f" · {escape(feedback['comment'])}" if feedback.get("comment") else ""
    return f'<div class="rating">{escape(t("admin_feedback_on_answer"))}: {said}{comment}</div>'


def why_html(decision: dict | None, t: UiText, names: IdNames) -> str:
    """The "Waarom dit antwoord?" block of one answer; a line saying there is none for answers stored before."""
    head = f"<h4>{escape(t('admin_why_title'))}</h4>"
    if not decision:
        return f'<div class="why">{head}<p class="missing">{escape(t("admin_why_missing"))}</p></div>'
    score = lambda v: _number(v, t)  # noqa: E731
    rows = [("admin_why_route", escape(_route(t, decision.get("route", ""), decision.get("reason"))))]
    kind, _, detail = (decision.get("rule") or "").partition(":")
    if kind:
        said = f"admin_rule_{kind}" in t.messages.keys()
        words = escape(t(f"admin_rule_{kind}")) if said else ""
        code = escape(detail if said else decision["rule"])
        rows.append(("admin_why_rule", " ".join(p for p in (words, f"<code>{code}</code>" if code else "") if p)))
    for key, field, name in (("admin_why_card", "card_id", names.card),
                             ("admin_why_section", "section_id", names.section),
                             ("admin_why_other_card", "other_card_id", names.card)):
        if decision.get(field):
            rows.append((key, _named(decision[field], name)))
    if decision.get("probabilities"):
        label = lambda k: escape(_capital(_label(t, k)))  # noqa: E731
        rows.append(("admin_why_probabilities", _top(decision["probabilities"], label, _percent)))
    if decision.get("card_scores"):
        card = lambda k: f"<code>{escape(k)}</code>"  # noqa: E731
        rows.append(("admin_why_card_scores", _top(decision["card_scores"], card, score)))
    if decision.get("section_scores"):
        section = lambda k: escape(names.section(k) or k[:8])  # noqa: E731
        rows.append(("admin_why_section_scores", _top(decision["section_scores"], section, score)))
        if decision.get("section_context"):
            rows.append(("admin_why_section_context", _top(decision["section_context"], section, score)))
    if decision.get("retrieval_score") is not None:
        rows.append(("admin_why_retrieval", escape(score(decision["retrieval_score"]))))
    if decision.get("thresholds"):
        rows.append(("admin_why_thresholds", _thresholds(kind, decision["thresholds"], t)))
    items = "".join(f"<dt>{escape(t(key))}</dt><dd>{value}</dd>" for key, value in rows)
    return f'<div class="why">{head}<dl>{items}</dl></div>'


def _named(key: str, name: Callable[[str], str | None]) -> str:
    said = name(key)
    return f"<code>{escape(key)}</code>" + (f" {escape(said)}" if said else "")


def _top(values: dict[str, float], key: Callable[[str], str], value: Callable[[float], str]) -> str:
    best = sorted(values.items(), key=lambda kv: kv[1], reverse=True)[:TOP]
    return " · ".join(f'<span class="item">{key(k)} {escape(value(v))}</span>' for k, v in best)


def _thresholds(kind: str, thresholds: dict[str, float], t: UiText) -> str:
    """The thresholds this kind of rule is measured against, then all of them behind a click."""
    starts = APPLIED.get(kind, ())
    applied = {k: v for k, v in thresholds.items() if k.startswith(starts)} if starts else {}
    listed = lambda values: " · ".join(  # noqa: E731
        f'<span class="item"><code>{escape(k)}</code> {escape(_number(v, t))}</span>' for k, v in values.items())
    everything = (f"<details><summary>{escape(t('admin_why_all_thresholds', count=len(thresholds)))}</summary>"
                  f"{listed(thresholds)}</details>")
    return f"{listed(applied)} {everything}" if applied else everything


class IdNames:
    """Card and section ids as staff know them: a card's first question, a section's "title > heading" (None
    when the card or section is gone)."""

    def __init__(self, assistant, language: str):
        self.assistant = assistant
        self.language = language
        self._sections: dict[str, str] | None = None

    def card(self, card_id: str) -> str | None:
        card = self.assistant.cards.by_id(card_id)
        return card.first_question(self.language) if card is not None else None

    def section(self, chunk_id: str) -> str | None:
        if self._sections is None:
            self._sections = {c.chunk_id: " > ".join(p for p in (c.title, c.section) if p)
                              for c in self.assistant.sections.chunks}
        return self._sections.get(chunk_id)
