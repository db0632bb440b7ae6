"""The staff admin page (Gradio, mounted at /admin behind a login): contact requests, feedback, knowledge gaps,
documents and the index.

The handlers call the admin API's functions (assistant.web.admin_api) with the app, so the page and
/api/admin behave the same; the login replaces the bearer token.
"""

from __future__ import annotations

import tempfile
from html import escape
from pathlib import Path

import gradio as gr
from fastapi import FastAPI, HTTPException, UploadFile
from starlette.requests import Request

from assistant.gaps import DEFAULT_THRESHOLD
from assistant.web import admin_api
from assistant.staff import role_allows
from assistant.web.access import Actor
from assistant.web.render import UiText, answer_text_html

REFERRAL_COLUMNS = ["id", "status", "created_at", "name", "email", "phone", "question", "specialist_id", "language"]
FEEDBACK_COLUMNS = ["id", "created_at", "rating", "question", "comment", "route", "language"]
REFERRAL_WIDTHS = ["50px", "80px", "140px", "150px", "190px", "130px", "320px", "170px", "70px"]
FEEDBACK_WIDTHS = ["50px", "140px", "70px", "320px", "260px", "90px", "70px"]
GAP_COLUMNS = ["count", "out_of_knowledge", "thumbs_down", "examples", "comments", "last_seen"]
DOCUMENT_COLUMNS = ["name", "bytes", "modified"]
SECTION_COLUMNS = ["section", "chars", "start"]
ADMIN_USER = "admin"  # the legacy shared login (password: ASSISTANT_ADMIN_TOKEN), kept for one release


class AdminActions:
    """What staff can do, as plain methods returning table rows and status texts."""

    def __init__(self, app: FastAPI, t: UiText):
        self.app = app
        self.t = t

    def actor(self, who: gr.Request | None) -> Actor:
        """The signed-in staff member: a personal account, or "admin-token" for the legacy shared login."""
        name = (getattr(who, "username", None) or "").strip().lower()
        legacy = getattr(self.app.state.settings, "admin_token", None)
        if legacy is not None and name == ADMIN_USER:
            return Actor("admin-token", "admin")
        user = self.app.state.staff.user(name) if name else None
        return Actor(f"staff:{user['name']}", user["role"]) if user else Actor(f"staff:{name or '?'}", "none")

    def request(self, who: gr.Request | None = None) -> Request:
        """A request on the app, for calling the admin API's route functions directly, as the signed-in staff
        member (their name goes on the audit rows)."""
        client = getattr(getattr(who, "client", None), "host", None) or "unknown"
        scope = {"type": "http", "app": self.app, "method": "GET", "path": "/admin", "headers": [],
                 "query_string": b"", "client": (client, 0), "state": {"actor": self.actor(who)}}
        return Request(scope)

    def refused(self, who: gr.Request | None, role: str) -> str | None:
        """A message when the signed-in staff member's role may not do this, else None."""
        actor = self.actor(who)
        if role_allows(actor.role, role):
            return None
        admin_api.audit(self.request(who), "denied", f"/admin ({role} needed)", outcome="denied")
        return self.t("admin_role_needed", role=role)

    # -- contact requests and feedback ------------------------------------------------------
    def referrals(self, show_handled: bool, who: gr.Request | None = None) -> list[list]:
        if self.refused(who, "viewer"):
            return []
        rows = admin_api.list_referrals(self.request(who), status=None if show_handled else "new", limit=1000, offset=0)
        return _table(rows, REFERRAL_COLUMNS)

    def mark_handled(self, referral_id: float | None, show_handled: bool,
                     who: gr.Request | None = None) -> tuple[list[list], str]:
        rid = int(referral_id or 0)
        refused = self.refused(who, "editor")
        if refused:
            return self.referrals(show_handled, who), refused
        try:
            admin_api.mark_handled(self.request(who), referral_id=rid, body=None)
            message = self.t("admin_marked", id=rid)
        except HTTPException:
            message = self.t("admin_not_found", id=rid)
        return self.referrals(show_handled, who), message

    def feedback(self, who: gr.Request | None = None) -> list[list]:
        if self.refused(who, "viewer"):
            return []
        return _table(admin_api.list_feedback(self.request(who), rating=None, limit=1000, offset=0), FEEDBACK_COLUMNS)

    def audit_rows(self, who: gr.Request | None = None) -> list[list]:
        if not role_allows(self.actor(who).role, "admin"):
            return []  # the tab stays empty for other roles (its load is no attempt worth an audit row)
        return _table(admin_api.audit_trail(self.request(who), limit=500, offset=0), admin_api.AUDIT_COLUMNS)

    def export(self, kind: str, who: gr.Request | None = None) -> str | None:
        """A CSV file (the admin API's export) to download; kind is "referrals" or "feedback"; admins only."""
        refused = self.refused(who, "admin")
        if refused:
            gr.Warning(refused)
            return None
        export = admin_api.export_referrals if kind == "referrals" else admin_api.export_feedback
        response = export(self.request(who), None)
        folder = Path(tempfile.mkdtemp(prefix="admin-export-"))
        name = response.headers["content-disposition"].split('filename="')[1].rstrip('"')
        path = folder / name
        path.write_bytes(response.body)
        return str(path)

    # -- knowledge gaps --------------------------------------------------------------------------
    def gaps(self, who: gr.Request | None = None) -> list[list]:
        if self.refused(who, "viewer"):
            return []
        report = admin_api.gaps(self.request(who), days=None, threshold=DEFAULT_THRESHOLD, limit=50)
        return [[c["count"], c["out_of_knowledge"], c["thumbs_down"], " | ".join(c["examples"]),
                 " | ".join(c["comments"]), c["last_seen"] or ""] for c in report["clusters"]]

    # -- documents and index -----------------------------------------------------------------
    def upload(self, files: list | None, who: gr.Request | None = None) -> tuple[str, list[list], str]:
        refused = self.refused(who, "editor")
        if refused:
            return refused, self.documents(), self.status()
        saved, problems = 0, []
        for file in files or []:
            path = Path(file if isinstance(file, str) else file.name)
            with path.open("rb") as handle:
                try:
                    admin_api.upload_document(self.request(who), UploadFile(handle, filename=path.name), reindex=False)
                    saved += 1
                except HTTPException as exc:
                    problems.append(str(exc.detail))
        message = "\n".join([self.t("admin_uploaded", count=saved), *problems])
        return message, self.documents(), self.status()

    def reindex(self, progress=None, who: gr.Request | None = None) -> tuple[str, list[list], str]:
        refused = self.refused(who, "editor")
        if refused:
            return refused, self.documents(), self.status()
        assistant = self.app.state.assistant
        report = (lambda done, total: progress((done, total), desc=self.t("admin_reindex"))) if progress else None
        result = assistant.index(progress=report)
        summary = admin_api._index_result(result)  # the same record /api/admin/index reports
        self.app.state.last_index = summary
        admin_api.audit(self.request(who), "index.rebuild", f"{summary['num_added']} added, {summary['num_deleted']} deleted")
        lines = [self.t("admin_reindexed", documents=summary["documents"], chunks=summary["chunks_total"],
                        added=summary["num_added"], deleted=summary["num_deleted"], skipped=summary["num_skipped"],
                        seconds=summary["seconds"])]
        lines += [f"{p['path']}: {p['reason']}" for p in summary["problems"]]
        return "\n".join(lines), self.documents(), self.status()

    def documents(self) -> list[list]:
        return _table(admin_api.list_documents(self.request()), DOCUMENT_COLUMNS)

    def document_names(self) -> list[str]:
        return [d["name"] for d in admin_api.list_documents(self.request())]

    def preview(self, name: str | None, question: str, who: gr.Request | None = None) -> tuple[list[list], str]:
        """A document's sections, and the answer it gives to `question` on its own (before it is published)."""
        if not name:
            return [], self.t("admin_preview_pick")
        refused = self.refused(who, "editor")
        if refused:
            return [], f"<p>{escape(refused)}</p>"
        try:
            result = admin_api.preview_document(name, self.request(who), admin_api.TryQuestion(question=question or ""))
        except HTTPException as exc:
            return [], f"<p>{escape(str(exc.detail))}</p>"
        rows = [[s["section"] or self.t("admin_preview_intro"), s["chars"], s["start"]] for s in result["sections"]]
        answer = result["answer"]
        html = answer_text_html(answer["text"]) if answer else f"<p>{escape(self.t('admin_preview_hint'))}</p>"
        return rows, html

    def status(self) -> str:
        info = admin_api.index_status(self.request())
        lines = [f"- chunks: {info['chunks']}", f"- embedding model: {info['embedding_model']}",
                 f"- uploads: {info['uploads']}"]
        lines += [f"- {name}: {count}" for name, count in info["store"].items()]
        if info["last_index"]:
            lines.append(f"- last index: {info['last_index']['finished_at']}")
        return "\n".join(lines)


def _table(rows: list[dict], columns: list[str]) -> list[list]:
    return [[_cell(row.get(c)) for c in columns] for row in rows]


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str) and len(value) > 19 and value[10:11] == "T" and value[:4].isdigit():
        return value[:16].replace("T", " ")  # an ISO timestamp, to the minute (UTC)
    return value


def build_admin_blocks(app: FastAPI, t: UiText) -> gr.Blocks:
    """The admin page; mount it only with a login (assistant.web.page does)."""
    actions = AdminActions(app, t)
    with gr.Blocks(title=t("admin_title"), analytics_enabled=False, delete_cache=(3600, 3600)) as blocks:
        gr.Markdown(f"## {t('admin_title')}")
        examples = getattr(app.state, "example_specialists", [])
        if examples:  # visitors would see example.org contacts on every referral card
            gr.HTML(f'<div class="admin-banner" role="alert">{escape(t("admin_example_specialists", ids=", ".join(examples)))}</div>',
                    elem_id="admin-example-banner")
        with gr.Tab(t("admin_tab_referrals")):
            _referrals_tab(blocks, actions, t)
        with gr.Tab(t("admin_tab_feedback")):
            _feedback_tab(blocks, actions, t)
        with gr.Tab(t("admin_tab_gaps")):
            _gaps_tab(actions, t)
        with gr.Tab(t("admin_tab_documents")):
            _documents_tab(blocks, actions, t)
        with gr.Tab(t("admin_tab_audit")):
            _audit_tab(blocks, actions, t)
    return blocks


def _audit_tab(blocks: gr.Blocks, actions: AdminActions, t: UiText) -> None:
    gr.Markdown(t("admin_audit_intro"))
    refresh = gr.Button(t("admin_refresh"), size="sm")
    table = gr.Dataframe(headers=admin_api.AUDIT_COLUMNS, datatype="str", type="array", interactive=False, wrap=True,
                         elem_id="admin-audit")
    gr.on([blocks.load, refresh.click], actions.audit_rows, outputs=[table])


def _referrals_tab(blocks: gr.Blocks, actions: AdminActions, t: UiText) -> None:
    with gr.Row():
        show_handled = gr.Checkbox(label=t("admin_show_handled"), value=False)
        refresh = gr.Button(t("admin_refresh"), size="sm")
        export = gr.Button(t("admin_export"), size="sm")
    table = gr.Dataframe(headers=REFERRAL_COLUMNS, datatype="str", type="array", interactive=False, wrap=True,
                         elem_id="admin-referrals", column_widths=REFERRAL_WIDTHS)
    with gr.Row(equal_height=True):
        referral_id = gr.Number(label=t("admin_referral_id"), value=None, precision=0)
        handled = gr.Button(t("admin_mark_handled"), variant="primary")
    message = gr.Markdown()
    download = gr.File(label=t("admin_export"), visible=False, interactive=False)
    gr.on([blocks.load, refresh.click, show_handled.change], actions.referrals, inputs=[show_handled], outputs=[table])
    handled.click(actions.mark_handled, inputs=[referral_id, show_handled], outputs=[table, message])
    def export_referrals(who: gr.Request):
        path = actions.export("referrals", who)
        return gr.update(value=path, visible=path is not None)

    export.click(export_referrals, outputs=[download])


def _feedback_tab(blocks: gr.Blocks, actions: AdminActions, t: UiText) -> None:
    with gr.Row():
        refresh = gr.Button(t("admin_refresh"), size="sm")
        export = gr.Button(t("admin_export"), size="sm")
    table = gr.Dataframe(headers=FEEDBACK_COLUMNS, datatype="str", type="array", interactive=False, wrap=True,
                         column_widths=FEEDBACK_WIDTHS)
    download = gr.File(label=t("admin_export"), visible=False, interactive=False)
    gr.on([blocks.load, refresh.click], actions.feedback, outputs=[table])
    def export_feedback(who: gr.Request):
        path = actions.export("feedback", who)
        return gr.update(value=path, visible=path is not None)

    export.click(export_feedback, outputs=[download])


def _gaps_tab(actions: AdminActions, t: UiText) -> None:
    gr.Markdown(t("admin_gaps_intro"))
    refresh = gr.Button(t("admin_refresh"), size="sm")
    table = gr.Dataframe(headers=GAP_COLUMNS, datatype="str", type="array", interactive=False, wrap=True)
    # Embedding the questions takes a moment: computed on request, not on every page load.
    refresh.click(actions.gaps, outputs=[table])


def _documents_tab(blocks: gr.Blocks, actions: AdminActions, t: UiText) -> None:
    files = gr.File(label=t("admin_upload"), file_count="multiple", file_types=[".md", ".txt", ".html", ".pdf"])
    with gr.Row():
        upload = gr.Button(t("admin_upload_button"))
        reindex = gr.Button(t("admin_reindex"), variant="primary")
    message = gr.Textbox(show_label=False, interactive=False, lines=2)
    gr.Markdown(f"### {t('admin_index_status')}")
    status = gr.Markdown()
    documents = gr.Dataframe(headers=DOCUMENT_COLUMNS, datatype="str", type="array", interactive=False)
    upload.click(actions.upload, inputs=[files], outputs=[message, documents, status])

    def run_reindex(who: gr.Request, progress=gr.Progress()):
        return actions.reindex(progress, who)

    reindex.click(run_reindex, outputs=[message, documents, status])
    blocks.load(lambda: (actions.documents(), actions.status()), outputs=[documents, status])

    # Try a document before (or after) publishing it: its sections as the indexer reads them, and an answer.
    gr.Markdown(f"### {t('admin_preview_title')}")
    with gr.Row():
        name = gr.Dropdown(label=t("admin_preview_document"), choices=[], allow_custom_value=False, scale=1)
        question = gr.Textbox(label=t("admin_preview_question"), scale=2, max_length=1000)
        try_it = gr.Button(t("admin_preview_button"), scale=0)
    answer = gr.HTML(elem_classes=["msg-a"])
    sections = gr.Dataframe(headers=SECTION_COLUMNS, datatype="str", type="array", interactive=False, wrap=True,
                            label=t("admin_preview_sections"))
    try_it.click(actions.preview, inputs=[name, question], outputs=[sections, answer])
    question.submit(actions.preview, inputs=[name, question], outputs=[sections, answer])
    name.change(lambda n: actions.preview(n, ""), inputs=[name], outputs=[sections, answer])
    refresh_names = lambda: gr.update(choices=actions.document_names())  # noqa: E731
    blocks.load(refresh_names, outputs=[name])
    upload.click(refresh_names, outputs=[name])
