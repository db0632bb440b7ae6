"""The chat page's hand-off to a person: the referral card offers the contact form, which opens in place of the
question row (one question field, one send button), shows each error under its field and folds into one
confirmation line once sent.

`ContactForm` holds the handlers (over the ChatPage's texts, session, rate limit and Store); `layout_referral` and
`wire_referral` place and wire its components on the page's ChatView.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import gradio as gr
from pydantic import ValidationError

from assistant.web import render
from assistant.web.render import UiText
from assistant.web.schemas import ReferralCreate

if TYPE_CHECKING:
    from assistant.web.chat_page import ChatPage, ChatView

FORM_ERRORS = {"name": "form_error_name", "email": "form_error_email", "phone": "form_error_phone",
               "question": "form_error_question", "consent": "form_error_consent"}
FORM_FIELDS = tuple(FORM_ERRORS)  # each has an error line right under it


class ContactForm:
    """The contact form's behaviour on one ChatPage."""

    def __init__(self, page: ChatPage):
        self.page = page

    def advisor(self, state: dict, language: str) -> tuple:
        """"Talk to an adviser": the card of the general adviser and the form, with the last question filled in.
        Returns (state, referral box, card, question, status) followed by open_form's updates."""
        state = self.page.session(state)
        lang = self.page.text(language).language
        specialist = self.page.assistant.decider.specialist_for("asked_for_human", state["question"])
        why = self.page.assistant.messages.get("why_asked_for_human", lang)
        referral = specialist.as_referral("asked_for_human", lang, why)
        state["specialist_id"] = referral.specialist_id
        card = render.referral_card_html(referral, self.page.text(lang))
        return (state, gr.update(visible=True), card, state["question"], "", *self.open_form())

    @staticmethod
    def open_form() -> tuple:
        """The contact form opens in place of the question row (one question field, one send button).
        Returns (form, contact button, question row, *field errors)."""
        return (gr.update(visible=True), gr.update(visible=False), gr.update(visible=False),
                *field_errors())

    @staticmethod
    def close_form() -> tuple:
        """Cancel: the form folds back behind the card's button and the question row returns (open_form's outputs)."""
        return gr.update(visible=False), gr.update(visible=True), gr.update(visible=True), *field_errors()

    def send(self, name: str, email: str, phone: str, question: str, consent: bool,
             state: dict, language: str, request: gr.Request | None = None) -> tuple:
        """Validate (as POST /api/referrals does) and store a contact request. Returns (state, form, status, consent,
        contact button, question row, *field errors): an error shows under its field; once sent, the form folds
        into the one-line confirmation and the question row returns."""
        t = self.page.text(language)
        state = self.page.session(state)
        kept = (gr.update(visible=True), gr.skip(), gr.skip(), gr.skip())  # form, consent, button, row: as they are
        if self.page.limited(request):
            return state, kept[0], render.notice_html(t("error_rate_limited"), "error"), *kept[1:], *field_errors()
        try:
            request = ReferralCreate(name=name or "", email=email or "", phone=phone or None, question=question or "",
                                     consent=bool(consent), session_id=state["session_id"],
                                     specialist_id=state.get("specialist_id"), language=t.language)
        except ValidationError as exc:
            location = exc.errors()[0]["loc"]
            field = str(location[0]) if location else ""
            if field not in FORM_ERRORS:
                return state, kept[0], render.notice_html(t("error_generic"), "error"), *kept[1:], *field_errors()
            return state, kept[0], "", *kept[1:], *field_errors(field, t(FORM_ERRORS[field]))
        self.page.store.add_referral(**request.model_dump())  # committed before the acknowledgement
        return (state, gr.update(visible=False), render.notice_html(t("form_ack"), "ok"), False,
                gr.update(visible=False), gr.update(visible=True), *field_errors())


def field_errors(field: str | None = None, text: str = "") -> tuple:
    """Updates of the form's error lines (FORM_FIELDS order): `text` under `field`, the others hidden."""
    return tuple(gr.update(value=render.notice_html(text, "error"), visible=True) if name == field
                 else gr.update(value="", visible=False) for name in FORM_FIELDS)


def layout_referral(view: ChatView, t: UiText, question_limit: int) -> None:
    """The referral box: the card, its button that opens the form, the form with an error line under each field."""
    with gr.Column(visible=False, elem_id="referral") as view.referral_box:
        view.card = gr.HTML()
        view.contact_open = gr.Button(t("form_title"), size="sm", elem_id="contact-open")
        view.translated(view.contact_open, lambda t, b: t("form_title"))
        with gr.Column(visible=False, elem_id="referral-form") as view.form:
            title = gr.Markdown(f"**{t('form_title')}**  \n{t('form_intro')}")
            view.translated(title, lambda t, b: f"**{t('form_title')}**  \n{t('form_intro')}")
            view.errors = []

            def error_line(field: str) -> None:  # right under its field, hidden until there is an error
                view.errors.append(gr.HTML(visible=False, elem_id=f"form-error-{field}", elem_classes=["field-error"]))

            view.name = gr.Textbox(label=t("form_name"), max_lines=1, max_length=200, elem_id="form-name")
            error_line("name")
            view.email = gr.Textbox(label=t("form_email"), max_lines=1, max_length=254, type="email",
                                    elem_id="form-email")
            error_line("email")
            view.phone = gr.Textbox(label=t("form_phone"), max_lines=1, max_length=40, elem_id="form-phone")
            error_line("phone")
            view.question = gr.Textbox(label=t("form_question"), lines=3, max_length=question_limit,
                                       elem_id="form-question")
            error_line("question")
            view.consent = gr.Checkbox(label=t("form_consent"), value=False, elem_id="form-consent")
            error_line("consent")
            with gr.Row(elem_id="form-buttons"):
                view.submit = gr.Button(t("form_submit"), variant="primary", elem_id="form-submit")
                view.cancel = gr.Button(t("form_cancel"), elem_id="form-cancel")
                view.translated(view.cancel, lambda t, b: t("form_cancel"))
            for component, key in ((view.name, "form_name"), (view.email, "form_email"), (view.phone, "form_phone"),
                                   (view.question, "form_question"), (view.consent, "form_consent")):
                view.translated(component, lambda t, b, key=key: gr.update(label=t(key)))
            view.translated(view.submit, lambda t, b: t("form_submit"))
        view.status = gr.HTML(elem_id="form-status")


# After the form opens or closes: the keyboard goes to `field` once it is shown (Gradio applies the outputs after
# this runs, so it waits up to a second). A field's error takes the focus itself (static/page_head.js).
FOCUS_JS = """() => { let tries = 0; const go = () => {
  const field = document.querySelector('#%s input, #%s textarea');
  if (field && field.offsetParent) field.focus(); else if (tries++ < 40) setTimeout(go, 25); }; go(); }"""


def focus(field: str) -> str:
    return FOCUS_JS % (field, field)


def wire_referral(view: ChatView, form: ContactForm) -> None:
    form_outputs = [view.form, view.contact_open, view.input_row, *view.errors]
    view.advisor.click(form.advisor, inputs=[view.state, view.language],
                       outputs=[view.state, view.referral_box, view.card, view.question, view.status, *form_outputs]
                       ).then(None, js=focus("form-name"))
    view.contact_open.click(form.open_form, outputs=form_outputs).then(None, js=focus("form-name"))
    view.cancel.click(form.close_form, outputs=form_outputs).then(None, js=focus("message"))
    view.submit.click(form.send,
                      inputs=[view.name, view.email, view.phone, view.question, view.consent, view.state, view.language],
                      outputs=[view.state, view.form, view.status, view.consent, view.contact_open, view.input_row,
                               *view.errors]).then(None, js=focus("message"))
