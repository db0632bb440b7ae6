"""The chat page (Gradio Blocks): streamed answers with sources, feedback, a referral card and a contact form.

`ChatPage` holds the handlers (plain methods over the Assistant and the Store, testable without a browser);
`build_chat_blocks` lays out the components and wires each event in a small function of its own. The referral
card's contact form is assistant.web.contact_form.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import date

import gradio as gr

from assistant.pipeline import Assistant, QuestionError
from assistant.store import Store, new_session_id
from assistant.templates import Messages
from assistant.web import render
from assistant.web.contact_form import ContactForm, layout_referral, wire_referral
from assistant.web.render import Branding, UiText

log = logging.getLogger(__name__)

LANGUAGE_CHOICES = [("Nederlands", "nl"), ("English", "en")]
MAX_COMMENT_CHARS = 2000
# What asking a question updates, in this order (attributes of ChatView).
ASK_OUTPUTS = ("chatbot", "state", "message", "referral_box", "card", "question", "form", "status",
               "suggestions_box", "suggestions_label", "suggestion_0", "suggestion_1", "suggestion_2",
               "contact_open", "input_row")
MAX_SUGGESTIONS = 3
MAX_STARTERS = 6


def asked(**values) -> tuple:
    """One update of ASK_OUTPUTS; outputs not named stay as they are."""
    return tuple(values.get(name, gr.skip()) for name in ASK_OUTPUTS)


class ChatPage:
    """The chat page's behaviour; a Gradio session's conversation lives in a `gr.State` dict."""

    def __init__(self, assistant: Assistant, store: Store, settings: object, ui_messages: Messages,
                 rate_limiter=None):
        """`rate_limiter` (the API's, with `hit(client) -> retry seconds | None`) gives page and API one budget."""
        self.assistant = assistant
        self.store = store
        self.settings = settings
        self.ui_messages = ui_messages
        self.rate_limiter = rate_limiter
        self.default_language = getattr(settings, "language_default", "nl")

    def text(self, language: str | None) -> UiText:
        return UiText(self.ui_messages, language or self.default_language)

    def brand(self, language: str | None) -> Branding:
        return render.branding(self.settings, self.text(language))

    @staticmethod
    def session(state: dict | None) -> dict:
        """The conversation state, started on first use: session id, answer message ids by chat index."""
        state = dict(state or {})
        state.setdefault("session_id", new_session_id())
        state.setdefault("answers", {})
        state.setdefault("question", "")
        state.setdefault("specialist_id", None)
        state.setdefault("feedback_id", None)
        return state

    # -- asking ------------------------------------------------------------------------------
    def ask(self, message: str, chat: list, state: dict, language: str,
            request: gr.Request | None = None) -> Iterator[tuple]:
        """Stream an answer into the chat; yields updates of ASK_OUTPUTS."""
        t = self.text(language)
        question = (message or "").strip()
        if not question:
            gr.Warning(t("error_empty"), title=t("toast_warning"))
            yield asked()
            return
        if self.limited(request):
            gr.Warning(t("error_rate_limited"), title=t("toast_warning"))
            yield asked()
            return
        state = self.session(state)
        chat = [*(chat or []), {"role": "user", "content": render.question_html(question)},
                {"role": "assistant", "content": render.pending_html(t("thinking"))}]
        yield asked(chatbot=chat, state=state, message="")

        answer, streamed = None, ""
        try:
            history = self.store.history(state["session_id"])
            for event in self.assistant.ask_stream(question, history):
                if event["type"] == "delta":
                    streamed += event["text"]
                    chat[-1] = {"role": "assistant", "content": render.pending_html(streamed)}
                    yield asked(chatbot=chat)
                elif event["type"] == "reset":  # the LLM's text is replaced by the extractive answer
                    streamed = ""
                elif event["type"] == "answer":
                    answer = event["answer"]
            message_id = self.store.record_exchange(state["session_id"], question, answer)
        except QuestionError as exc:  # its message is written for users
            chat[-1] = {"role": "assistant", "content": render.pending_html(str(exc))}
            yield asked(chatbot=chat)
            return
        except Exception:  # the page must stay usable; details go to the log, not the user
            log.exception("answering failed")
            chat[-1] = {"role": "assistant", "content": render.pending_html(t("error_generic"))}
            yield asked(chatbot=chat)
            return

        # Source labels follow the answer's language, which follows the question's.
        answer_text = self.text(answer.language)
        years = self.brand(answer.language).older_source_years
        chat[-1] = {"role": "assistant", "content": render.answer_html(answer, answer_text, years, date.today())}
        state["answers"][len(chat) - 1] = message_id
        state["question"] = question
        chips = self.suggestion_updates(answer, answer_text)
        if answer.referral is None:
            # A referral card and contact form of an earlier question do not follow later, unrelated questions.
            state["specialist_id"] = None
            yield asked(chatbot=chat, state=state, referral_box=gr.update(visible=False), card="",
                        form=gr.update(visible=False), status="", input_row=gr.update(visible=True), **chips)
            return
        state["specialist_id"] = answer.referral.specialist_id
        # The card offers the contact form; opened, the form is the only question field (see open_form).
        yield asked(chatbot=chat, state=state, referral_box=gr.update(visible=True), question=question,
                    card=render.referral_card_html(answer.referral, answer_text), form=gr.update(visible=False),
                    contact_open=gr.update(visible=True), input_row=gr.update(visible=True), status="", **chips)

    def ask_starter(self, chosen: gr.SelectData, chat: list, state: dict, language: str,
                    request: gr.Request | None = None) -> Iterator[tuple]:
        """A starter question (a card in the empty chat) was clicked: ask it."""
        value = chosen.value if isinstance(chosen.value, dict) else {"text": str(chosen.value or "")}
        yield from self.ask(value.get("text", ""), chat, state, language, request)

    def initial_language(self, request: gr.Request | None = None) -> str:
        """The language the page opens in: the chamber's fixed choice, else the browser's (Accept-Language)."""
        header = request.headers.get("accept-language") if request is not None else None
        return render.browser_language(header, getattr(self.settings, "ui_language", "auto"), self.default_language)

    def suggestion_updates(self, answer, t: UiText) -> dict:
        """The chips under the chat: "did you mean ...?" questions (alone, or beside an answer when other cards came
        close), else the answer's related questions."""
        chips, key = render.chips_of(answer)
        label = t(key)
        updates = {"suggestions_box": gr.update(visible=bool(chips)),
                   "suggestions_label": f'<div class="starter-label">{render.text_html(label)}</div>'}
        for i in range(MAX_SUGGESTIONS):
            updates[f"suggestion_{i}"] = (gr.update(value=chips[i].question, visible=True) if i < len(chips)
                                          else gr.update(value="", visible=False))
        return updates

    def limited(self, request: gr.Request | None) -> bool:
        client = request.client.host if request is not None and request.client else None
        return bool(self.rate_limiter and client and self.rate_limiter.hit(client) is not None)

    def new_conversation(self) -> tuple:
        """A fresh conversation: empty chat, new session id, boxes closed, the question row back."""
        return ([], self.session({}), "", gr.update(visible=False), gr.update(visible=False), gr.update(visible=False),
                gr.update(visible=True))

    # -- feedback ----------------------------------------------------------------------------
    def like(self, data: gr.LikeData, state: dict, language: str) -> tuple:
        """Store a thumbs up/down on an answer; a thumbs down asks "what was missing?".
        Returns (state, feedback box, comment, feedback status)."""
        t = self.text(language)
        state = self.session(state)
        message_id = state["answers"].get(data.index if isinstance(data.index, int) else data.index[0])
        rating = {True: "up", False: "down"}.get(data.liked) if isinstance(data.liked, bool) else None
        if message_id is None or rating is None:
            return state, gr.update(visible=False), "", ""
        state["feedback_id"] = self.store.add_feedback(state["session_id"], rating, message_id=message_id)["id"]
        if rating == "up":
            return state, gr.update(visible=False), "", render.notice_html(t("feedback_thanks"), "ok")
        return state, gr.update(visible=True), "", ""

    def comment(self, text: str, state: dict, language: str) -> tuple:
        """Put what was missing on the last rating's row. Returns (state, feedback box, comment, feedback status).
        The thanks is a status line of the page's own (Gradio's toasts carry an English group title)."""
        t = self.text(language)
        state = self.session(state)
        text = (text or "").strip()[:MAX_COMMENT_CHARS]
        status = ""
        if text and state.get("feedback_id"):
            self.store.add_feedback_comment(state["feedback_id"], state["session_id"], text)
            status = render.notice_html(t("feedback_comment_thanks"), "ok")
        state["feedback_id"] = None
        return state, gr.update(visible=False), "", status

    @property
    def language_choice(self) -> bool:
        """Whether visitors choose the language (not when Settings.ui_language fixes it)."""
        return getattr(self.settings, "ui_language", "auto") not in render.LANGUAGES

    @property
    def question_limit(self) -> int:
        return int(getattr(self.settings, "max_question_chars", 2000))


# -- layout and wiring -----------------------------------------------------------------------------
class ChatView:
    """The page's components (set as attributes while laying out), and how to label each translatable one."""

    def __init__(self):
        self.labels: list[tuple[gr.components.Component, Callable[[UiText, Branding], object]]] = []

    def translated(self, component, label: Callable[[UiText, Branding], object]):
        self.labels.append((component, label))
        return component


def build_chat_blocks(page: ChatPage) -> gr.Blocks:
    """The chat page as Gradio Blocks (mounted at "/" by assistant.web.page)."""
    t = page.text(None)
    brand = page.brand(None)
    view = ChatView()
    # fill_height: the chat takes the height the header and input leave (one screen, no page scroll on phones).
    with gr.Blocks(title=brand.name, analytics_enabled=False, fill_height=True) as blocks:
        view.state = gr.State({})
        _layout_header(view, t, brand, page)
        _layout_chat(view, t, brand)
        _layout_suggestions(view)
        layout_referral(view, t, page.question_limit)
        _layout_input(view, t, brand, page)
        _wire_asking(view, page)
        _wire_feedback(view, page)
        wire_referral(view, ContactForm(page))
        _wire_language(view, page)
        blocks.load(page.initial_language, outputs=[view.language])
    # Gradio runs one event at a time unless told otherwise; answers take about a second of CPU each.
    blocks.queue(default_concurrency_limit=4, max_size=200)
    return blocks


def _layout_header(view: ChatView, t: UiText, brand: Branding, page: ChatPage) -> None:
    with gr.Row(equal_height=True, elem_id="header-row"):
        view.translated(gr.HTML(render.header_html(brand, t("tagline")), scale=4),
                        lambda t, b: render.header_html(b, t("tagline")))
        # Shown only when the page follows the browser: a chamber that fixed the language fixed it for everyone
        # ("hidden" keeps it in the DOM, where page_head.js reads the language for <html lang>).
        view.language = gr.Radio(LANGUAGE_CHOICES, value=t.language, label=t("language_label"), scale=1,
                                 min_width=180, elem_id="language", visible=True if page.language_choice else "hidden")
        view.translated(view.language, lambda t, b: gr.update(label=t("language_label")))


def _layout_chat(view: ChatView, t: UiText, brand: Branding) -> None:
    # The starter questions are cards inside the empty chat (Gradio's examples: gone after the first message).
    view.chatbot = gr.Chatbot(
        [], elem_id="chat", show_label=False, scale=1, min_height=200, buttons=[], latex_delimiters=[],
        sanitize_html=True, feedback_options=("Like", "Dislike"), group_consecutive_messages=False, layout="bubble",
        placeholder=render.text_html(brand.welcome), examples=starter_examples(brand),
    )
    view.translated(view.chatbot, lambda t, b: gr.update(placeholder=render.text_html(b.welcome),
                                                         examples=starter_examples(b)))
    with gr.Row(visible=False, elem_id="feedback", equal_height=True) as view.feedback_box:
        view.comment = gr.Textbox(label=t("feedback_comment"), lines=1, max_lines=4, max_length=MAX_COMMENT_CHARS,
                                  elem_id="feedback-comment", scale=4)
        view.translated(view.comment, lambda t, b: gr.update(label=t("feedback_comment")))
        view.comment_send = gr.Button(t("feedback_comment_send"), size="sm", elem_id="feedback-send", scale=1,
                                      min_width=90)
        view.translated(view.comment_send, lambda t, b: t("feedback_comment_send"))
    view.feedback_status = gr.HTML(elem_id="feedback-status")


def starter_examples(brand: Branding) -> list[dict]:
    """Up to six starter questions (a tidy grid of three by two, or two by three on a phone)."""
    return [{"text": q} for q in (brand.starters_basic + brand.starters_advanced)[:MAX_STARTERS]]


def _layout_input(view: ChatView, t: UiText, brand: Branding, page: ChatPage) -> None:
    with gr.Row(equal_height=True, elem_id="input-row") as view.input_row:
        view.message = gr.Textbox(label=t("input_label"), placeholder=t("input_placeholder"), scale=5, lines=1,
                                  max_lines=6, max_length=page.question_limit, elem_id="message", autofocus=True)
        view.translated(view.message, lambda t, b: gr.update(label=t("input_label"), placeholder=t("input_placeholder")))
        view.send = gr.Button(t("send"), variant="primary", scale=1, min_width=100, elem_id="send")
        view.translated(view.send, lambda t, b: t("send"))
    with gr.Row(elem_id="actions-row"):
        view.advisor = gr.Button(t("advisor_button"), size="sm", elem_id="advisor")
        view.translated(view.advisor, lambda t, b: t("advisor_button"))
        view.new_chat = gr.Button(t("new_conversation"), size="sm", elem_id="new-chat")
        view.translated(view.new_chat, lambda t, b: t("new_conversation"))
    view.translated(gr.HTML(render.privacy_html(t, brand.privacy_url)), lambda t, b: render.privacy_html(t, b.privacy_url))


def _layout_suggestions(view: ChatView) -> None:
    """Clickable questions under the chat: "did you mean ...?" or related follow-ups of the last answer."""
    with gr.Row(visible=False, elem_classes=["starters", "suggestions"], elem_id="suggestions") as view.suggestions_box:
        view.suggestions_label = gr.HTML()
        for i in range(MAX_SUGGESTIONS):
            setattr(view, f"suggestion_{i}", gr.Button("", size="sm", visible=False, elem_classes=["starter", "suggestion"]))


def _wire_asking(view: ChatView, page: ChatPage) -> None:
    outputs = [getattr(view, name) for name in ASK_OUTPUTS]
    gr.on([view.message.submit, view.send.click], page.ask,
          inputs=[view.message, view.chatbot, view.state, view.language], outputs=outputs)
    for button in [getattr(view, f"suggestion_{i}") for i in range(MAX_SUGGESTIONS)]:
        button.click(page.ask, inputs=[button, view.chatbot, view.state, view.language], outputs=outputs)
    view.chatbot.example_select(page.ask_starter, inputs=[view.chatbot, view.state, view.language], outputs=outputs)
    gr.on([view.new_chat.click, view.chatbot.clear], page.new_conversation,
          outputs=[view.chatbot, view.state, view.message, view.referral_box, view.feedback_box, view.suggestions_box,
                   view.input_row])


def _wire_feedback(view: ChatView, page: ChatPage) -> None:
    outputs = [view.state, view.feedback_box, view.comment, view.feedback_status]
    view.chatbot.like(page.like, inputs=[view.state, view.language], outputs=outputs)
    gr.on([view.comment_send.click, view.comment.submit], page.comment,
          inputs=[view.comment, view.state, view.language], outputs=outputs)


def _wire_language(view: ChatView, page: ChatPage) -> None:
    def relabel(language: str) -> list:
        t, brand = page.text(language), page.brand(language)
        return [label(t, brand) for _, label in view.labels]

    view.language.change(relabel, inputs=[view.language], outputs=[c for c, _ in view.labels])
