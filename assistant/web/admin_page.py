"""The staff admin page (Gradio, mounted at /admin behind a login): contact requests, feedback, conversations (each
answer with why it got its route), knowledge gaps, documents, the built-in knowledge and the audit trail.

Lists are HTML tables (assistant.web.admin_tables) with readable headers, local dates and a button per row where
a row has an action; the buttons send their action to the page's handlers (assistant.web.admin_actions), which
call the same admin service as /api/admin.
"""

from __future__ import annotations

import copy
from html import escape

import gradio as gr
from fastapi import FastAPI

from assistant.web.admin_actions import ADMIN_USER, AdminActions
from assistant.web.admin_conversations import CONVERSATION_CSS
from assistant.web.admin_tables import TABLE_CSS, TABLE_JS
from assistant.web.render import UiText

__all__ = ["ADMIN_USER", "build_admin_blocks"]


# Staff lists are wide: the page gets more room than the chat page's column. On a phone the row of tabs must not
# widen the page (its buttons never wrap, and the whole page was zoomed out to fit them): contained, Gradio moves
# the tabs that do not fit into its "..." menu.
WIDE_PAGE = "<style>.gradio-container { max-width: 1280px !important; } .tab-wrapper { contain: inline-size; }</style>"
# A list reloads for the last of its triggers: a refresh clicked while the list is still loading (the page just
# opened, a slow server) runs when that load ends; Gradio's default ("once") would drop the click.
REFRESH = "always_last"


def _list(elem_id: str) -> gr.HTML:
    """An (initially empty) list of the page; its row buttons trigger the component's click event."""
    return gr.HTML("", elem_id=elem_id, css_template=TABLE_CSS, js_on_load=TABLE_JS, head=WIDE_PAGE)


def branded_theme(theme: gr.themes.Base, color: str) -> gr.themes.Base:
    """`theme` with the chamber's colour on primary buttons, accents and selected inputs."""
    named = {"button_primary_background_fill": color, "button_primary_background_fill_hover": color,
             "button_primary_border_color": color, "button_primary_text_color": "white",
             "color_accent": color, "color_accent_soft": "*neutral_100", "checkbox_background_color_selected": color,
             "checkbox_border_color_selected": color, "slider_color": color, "loader_color": color}
    named |= {f"{key}_dark": value for key, value in named.items() if key.startswith(("button_", "checkbox_"))}
    return copy.deepcopy(theme).set(**named)


class AdminBlocks(gr.Blocks):
    """The admin page's Blocks: whichever theme it is mounted with gets the chamber's colour. Gradio styles its
    login page with the theme alone (not the page's css), so this is what turns the login button from Gradio's
    orange into the chamber's colour."""

    def __init__(self, color: str, **kwargs):
        self._brand_color = color
        super().__init__(**kwargs)

    @property
    def theme(self):
        return self.__dict__.get("_branded_theme")

    @theme.setter
    def theme(self, value) -> None:
        self.__dict__["_branded_theme"] = branded_theme(value, self._brand_color) if value is not None else None


def build_admin_blocks(app: FastAPI, t: UiText) -> gr.Blocks:
    """The admin page; mount it only with a login (assistant.web.page does)."""
    actions = AdminActions(app, t)
    color = getattr(app.state.settings, "primary_color", "#0b5394")
    with AdminBlocks(color, title=t("admin_title"), analytics_enabled=False, delete_cache=(3600, 3600)) as blocks:
        gr.Markdown(f"# {t('admin_title')}")
        examples = getattr(app.state, "example_specialists", [])
        if examples:  # visitors would see example.org contacts on every referral card
            gr.HTML(f'<div class="admin-banner" role="alert">{escape(t("admin_example_specialists", ids=", ".join(examples)))}</div>',
                    elem_id="admin-example-banner")
        with gr.Tab(t("admin_tab_referrals"), elem_id="tab-referrals"):
            export_referrals = _referrals_tab(blocks, actions, t)
        with gr.Tab(t("admin_tab_feedback"), elem_id="tab-feedback"):
            export_feedback = _feedback_tab(blocks, actions, t)
        with gr.Tab(t("admin_tab_conversations"), elem_id="tab-conversations") as conversations:
            _conversations_tab(conversations, actions, t)
        with gr.Tab(t("admin_tab_gaps"), elem_id="tab-gaps"):
            _gaps_tab(actions, t)
        with gr.Tab(t("admin_tab_documents"), elem_id="tab-documents"):
            changing, trying = _documents_tab(blocks, actions, t)
        with gr.Tab(t("admin_tab_builtin"), elem_id="tab-builtin") as builtin:
            _builtin_tab(builtin, actions, t)
        with gr.Tab(t("admin_tab_audit"), elem_id="tab-audit"):
            _audit_tab(blocks, actions, t)
        # Only the buttons the signed-in role may use are shown.
        blocks.load(actions.controls, outputs=[export_referrals, export_feedback, changing, trying])
    return blocks


def _download(actions: AdminActions, kind: str):
    def export(only: str, request: gr.Request):
        path, message = actions.export(kind, None if only == "all" else only, request)
        return gr.update(value=path, visible=path is not None), message

    return export


def _referrals_tab(blocks: gr.Blocks, actions: AdminActions, t: UiText) -> gr.Button:
    with gr.Row():
        show = gr.Radio([(t("admin_filter_open"), "new"), (t("admin_filter_handled"), "handled"),
                         (t("admin_filter_all"), "all")], value="new", label=t("admin_filter_show"),
                        elem_id="admin-referrals-filter", scale=3)
        refresh = gr.Button(t("admin_refresh"), size="sm", scale=0, elem_id="admin-referrals-refresh")
        export = gr.Button(t("admin_export"), size="sm", scale=0)
    message = gr.Markdown(elem_id="admin-referrals-message")
    table = _list("admin-referrals")
    download = gr.File(label=t("admin_export"), visible=False, interactive=False)
    gr.on([blocks.load, refresh.click, show.change], actions.referrals, inputs=[show], outputs=[table],
          trigger_mode=REFRESH)
    table.click(actions.referral_action, inputs=[show], outputs=[table, message])
    export.click(_download(actions, "referrals"), inputs=[show], outputs=[download, message])
    return export


def _feedback_tab(blocks: gr.Blocks, actions: AdminActions, t: UiText) -> gr.Button:
    with gr.Row():
        rating = gr.Radio([(t("admin_filter_all"), "all"), (t("admin_filter_up"), "up"),
                           (t("admin_filter_down"), "down")], value="all", label=t("admin_filter_show"),
                          elem_id="admin-feedback-filter", scale=3)
        refresh = gr.Button(t("admin_refresh"), size="sm", scale=0, elem_id="admin-feedback-refresh")
        export = gr.Button(t("admin_export"), size="sm", scale=0)
    message = gr.Markdown(elem_id="admin-feedback-message")
    table = _list("admin-feedback")
    download = gr.File(label=t("admin_export"), visible=False, interactive=False)
    gr.on([blocks.load, refresh.click, rating.change], actions.feedback, inputs=[rating], outputs=[table],
          trigger_mode=REFRESH)
    export.click(_download(actions, "feedback"), inputs=[rating], outputs=[download, message])
    return export


def _conversations_tab(tab: gr.Tab, actions: AdminActions, t: UiText) -> None:
    """The latest conversations (filtered by what happened), and one opened below with why each answer got its
    route."""
    gr.Markdown(t("admin_conversations_intro"))
    with gr.Row():
        show = gr.Radio([(t("admin_filter_all"), "all"), (t("admin_filter_referred"), "referred"),
                         (t("admin_filter_clarify"), "clarify"), (t("admin_filter_out_of_scope"), "out_of_scope"),
                         (t("admin_filter_down"), "down")], value="all", label=t("admin_filter_show"),
                        elem_id="admin-conversations-filter", scale=3)
        refresh = gr.Button(t("admin_refresh"), size="sm", scale=0, elem_id="admin-conversations-refresh")
    table = _list("admin-conversations")
    opened = gr.HTML(f'<p class="admin-empty">{escape(t("admin_conversation_pick"))}</p>', elem_id="admin-conversation",
                     css_template=CONVERSATION_CSS, js_on_load=None)
    # Read when the tab is opened, not on every page load.
    gr.on([tab.select, refresh.click, show.change], actions.conversations, inputs=[show], outputs=[table],
          trigger_mode=REFRESH)
    table.click(actions.conversation_action, inputs=[show], outputs=[table, opened])


def _gaps_tab(actions: AdminActions, t: UiText) -> None:
    gr.Markdown(t("admin_gaps_intro"))
    with gr.Row():
        refresh = gr.Button(t("admin_refresh"), size="sm", elem_id="admin-gaps-refresh", scale=0)
    table = _list("admin-gaps")
    # Embedding the questions takes a moment: computed on request, not on every page load.
    refresh.click(actions.gaps, outputs=[table], trigger_mode=REFRESH)


def _documents_tab(blocks: gr.Blocks, actions: AdminActions, t: UiText) -> tuple[gr.Column, gr.Row]:
    """The uploads, the index and trying a document; returns what only an editor sees (upload and reindex; the
    trial question)."""
    with gr.Column() as changing:
        files = gr.File(label=t("admin_upload"), file_count="multiple", file_types=[".md", ".txt", ".html", ".pdf"])
        with gr.Row():
            upload = gr.Button(t("admin_upload_button"))
            reindex = gr.Button(t("admin_reindex"), variant="primary")
    message = gr.Textbox(show_label=False, interactive=False, lines=2, elem_id="admin-documents-message")
    gr.Markdown(f"### {t('admin_uploads_title')}")
    documents = _list("admin-documents")
    gr.Markdown(f"### {t('admin_index_status')}")
    status = gr.Markdown(elem_id="admin-index-status")
    upload.click(actions.upload, inputs=[files], outputs=[message, documents, status])
    documents.click(actions.document_action, outputs=[message, documents, status])

    def run_reindex(request: gr.Request, progress=gr.Progress()):
        return actions.reindex(progress, request)

    def listed(request: gr.Request):
        return actions.documents(request), actions.status()

    reindex.click(run_reindex, outputs=[message, documents, status])
    blocks.load(listed, outputs=[documents, status])

    # Try a document before (or after) publishing it: its sections as the indexer reads them, and an answer.
    gr.Markdown(f"### {t('admin_preview_title')}")
    with gr.Row() as trying:
        name = gr.Dropdown(label=t("admin_preview_document"), choices=[], allow_custom_value=False, scale=1)
        question = gr.Textbox(label=t("admin_preview_question"), scale=2, max_length=1000)
        try_it = gr.Button(t("admin_preview_button"), scale=0)
    answer = gr.HTML(elem_classes=["msg-a"])
    sections = gr.Dataframe(headers=t("admin_columns_sections").split("|"), datatype="str", type="array",
                            interactive=False, wrap=True, label=t("admin_preview_sections"))
    try_it.click(actions.preview, inputs=[name, question], outputs=[sections, answer])
    question.submit(actions.preview, inputs=[name, question], outputs=[sections, answer])

    def sections_of(document: str | None, request: gr.Request):
        return actions.preview(document, "", request)

    name.change(sections_of, inputs=[name], outputs=[sections, answer])
    refresh_names = lambda: gr.update(choices=actions.document_names())  # noqa: E731
    blocks.load(refresh_names, outputs=[name])
    upload.click(refresh_names, outputs=[name])
    documents.click(refresh_names, outputs=[name])
    return changing, trying


def _builtin_tab(tab: gr.Tab, actions: AdminActions, t: UiText) -> None:
    gr.Markdown(t("admin_builtin_intro"))
    notes = _list("admin-notes")
    cards = _list("admin-cards")
    tab.select(actions.builtin, outputs=[notes, cards])  # read from knowledge/ when opened, not on every load


def _audit_tab(blocks: gr.Blocks, actions: AdminActions, t: UiText) -> None:
    gr.Markdown(t("admin_audit_intro"))
    with gr.Row():
        refresh = gr.Button(t("admin_refresh"), size="sm", scale=0, elem_id="admin-audit-refresh")
    table = _list("admin-audit")
    gr.on([blocks.load, refresh.click], actions.audit_rows, outputs=[table], trigger_mode=REFRESH)
