"""The staff admin page (Gradio, mounted at /admin behind a login): contact requests, feedback, knowledge gaps,
documents and the index.

The handlers call the admin API's functions (assistant.web.admin_api) with the app, so the page and
/api/admin behave the same; the login replaces the bearer token.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import gradio as gr
from fastapi import FastAPI, HTTPException, UploadFile
from starlette.requests import Request

from assistant.gaps import DEFAULT_THRESHOLD
from assistant.web import admin_api
from assistant.web.render import UiText

REFERRAL_COLUMNS = ["id", "status", "created_at", "name", "email", "phone", "question", "specialist_id", "language"]
FEEDBACK_COLUMNS = ["id", "created_at", "rating", "question", "comment", "route", "language"]
REFERRAL_WIDTHS = ["50px", "80px", "140px", "150px", "190px", "130px", "320px", "170px", "70px"]
FEEDBACK_WIDTHS = ["50px", "140px", "70px", "320px", "260px", "90px", "70px"]
GAP_COLUMNS = ["count", "out_of_knowledge", "thumbs_down", "examples", "comments", "last_seen"]
DOCUMENT_COLUMNS = ["name", "bytes", "modified"]


class AdminActions:
    """What staff can do, as plain methods returning table rows and status texts."""

    def __init__(self, app: FastAPI, t: UiText):
        self.app = app
        self.t = t

    def request(self) -> Request:
        """A request on the app, for calling the admin API's route functions directly."""
        return Request({"type": "http", "app": self.app, "method": "GET", "path": "/admin", "headers": [],
                        "query_string": b""})

    # -- contact requests and feedback ------------------------------------------------------
    def referrals(self, show_handled: bool) -> list[list]:
        rows = admin_api.list_referrals(self.request(), status=None if show_handled else "new", limit=1000, offset=0)
        return _table(rows, REFERRAL_COLUMNS)

    def mark_handled(self, referral_id: float | None, show_handled: bool) -> tuple[list[list], str]:
        rid = int(referral_id or 0)
        try:
            admin_api.mark_handled(self.request(), referral_id=rid, body=None)
            message = self.t("admin_marked", id=rid)
        except HTTPException:
            message = self.t("admin_not_found", id=rid)
        return self.referrals(show_handled), message

    def feedback(self) -> list[list]:
        return _table(admin_api.list_feedback(self.request(), rating=None, limit=1000, offset=0), FEEDBACK_COLUMNS)

    def export(self, kind: str) -> str:
        """A CSV file (the admin API's export) to download; kind is "referrals" or "feedback"."""
        export = admin_api.export_referrals if kind == "referrals" else admin_api.export_feedback
        response = export(self.request(), None)
        folder = Path(tempfile.mkdtemp(prefix="admin-export-"))
        name = response.headers["content-disposition"].split('filename="')[1].rstrip('"')
        path = folder / name
        path.write_bytes(response.body)
        return str(path)

    # -- knowledge gaps --------------------------------------------------------------------------
    def gaps(self) -> list[list]:
        report = admin_api.gaps(self.request(), days=None, threshold=DEFAULT_THRESHOLD, limit=50)
        return [[c["count"], c["out_of_knowledge"], c["thumbs_down"], " | ".join(c["examples"]),
                 " | ".join(c["comments"]), c["last_seen"] or ""] for c in report["clusters"]]

    # -- documents and index -----------------------------------------------------------------
    def upload(self, files: list | None) -> tuple[str, list[list], str]:
        saved, problems = 0, []
        for file in files or []:
            path = Path(file if isinstance(file, str) else file.name)
            with path.open("rb") as handle:
                try:
                    admin_api.upload_document(self.request(), UploadFile(handle, filename=path.name), reindex=False)
                    saved += 1
                except HTTPException as exc:
                    problems.append(str(exc.detail))
        message = "\n".join([self.t("admin_uploaded", count=saved), *problems])
        return message, self.documents(), self.status()

    def reindex(self, progress=None) -> tuple[str, list[list], str]:
        assistant = self.app.state.assistant
        report = (lambda done, total: progress((done, total), desc=self.t("admin_reindex"))) if progress else None
        result = assistant.index(progress=report)
        summary = admin_api._index_result(result)  # the same record /api/admin/index reports
        self.app.state.last_index = summary
        lines = [self.t("admin_reindexed", documents=summary["documents"], chunks=summary["chunks_total"],
                        added=summary["num_added"], deleted=summary["num_deleted"], skipped=summary["num_skipped"],
                        seconds=summary["seconds"])]
        lines += [f"{p['path']}: {p['reason']}" for p in summary["problems"]]
        return "\n".join(lines), self.documents(), self.status()

    def documents(self) -> list[list]:
        return _table(admin_api.list_documents(self.request()), DOCUMENT_COLUMNS)

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
        with gr.Tab(t("admin_tab_referrals")):
            _referrals_tab(blocks, actions, t)
        with gr.Tab(t("admin_tab_feedback")):
            _feedback_tab(blocks, actions, t)
        with gr.Tab(t("admin_tab_gaps")):
            _gaps_tab(actions, t)
        with gr.Tab(t("admin_tab_documents")):
            _documents_tab(blocks, actions, t)
    return blocks


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
    export.click(lambda: gr.update(value=actions.export("referrals"), visible=True), outputs=[download])


def _feedback_tab(blocks: gr.Blocks, actions: AdminActions, t: UiText) -> None:
    with gr.Row():
        refresh = gr.Button(t("admin_refresh"), size="sm")
        export = gr.Button(t("admin_export"), size="sm")
    table = gr.Dataframe(headers=FEEDBACK_COLUMNS, datatype="str", type="array", interactive=False, wrap=True,
                         column_widths=FEEDBACK_WIDTHS)
    download = gr.File(label=t("admin_export"), visible=False, interactive=False)
    gr.on([blocks.load, refresh.click], actions.feedback, outputs=[table])
    export.click(lambda: gr.update(value=actions.export("feedback"), visible=True), outputs=[download])


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

    def run_reindex(progress=gr.Progress()):
        return actions.reindex(progress)

    reindex.click(run_reindex, outputs=[message, documents, status])
    blocks.load(lambda: (actions.documents(), actions.status()), outputs=[documents, status])
