"""What the staff page's controls do: plain methods over the admin service (assistant.web.admin_service and
admin_documents, which the admin API calls too), as the signed-in staff member, returning HTML tables and
Dutch (or English) status texts. The role checks and their audit rows are the service's.
"""

from __future__ import annotations

import tempfile
import time
from html import escape
from pathlib import Path

import gradio as gr
from fastapi import FastAPI

from assistant.gaps import DEFAULT_THRESHOLD
from assistant.staff import role_allows
from assistant.web import admin_documents as docs
from assistant.web import admin_service as service
from assistant.web import admin_tables as tables
from assistant.web.admin_conversations import CONVERSATION_FILTERS, IdNames, conversation_html, conversations_table
from assistant.web.admin_service import AdminError, Who
from assistant.web.render import UiText, answer_text_html

EXPORT_KEEP_S = 300  # an admin's CSV export stays on disk this long (Gradio has copied it long before)


def export_path(folder: Path, name: str, keep_s: float = EXPORT_KEEP_S) -> Path:
    """Where a new CSV export named `name` goes in `folder` (a folder of its own, so the download keeps its name),
    after removing the exports older than `keep_s`."""
    for old in folder.glob("*/*"):
        if time.time() - old.stat().st_mtime > keep_s:
            old.unlink(missing_ok=True)
            old.parent.rmdir()
    return Path(tempfile.mkdtemp(dir=folder)) / name


ADMIN_USER = "admin"  # the legacy shared login (password: ASSISTANT_ADMIN_TOKEN), kept for one release
STATUS_FILTERS = {"new": "new", "handled": "handled", "all": None}
RATING_FILTERS = {"all": None, "up": "up", "down": "down"}


class AdminActions:
    """The page's handlers; each takes the Gradio request last, to know who is signed in."""

    def __init__(self, app: FastAPI, t: UiText):
        self.app = app
        self.t = t
        self.zone = getattr(app.state.settings, "time_zone", "Europe/Amsterdam")
        # CSV exports hold personal data: written to one private folder of this process, made at the first export
        # and removed at exit, and an export older than EXPORT_KEEP_S is removed at the next one; Gradio serves its
        # own copy (its cache is cleared hourly, `delete_cache`).
        self._exports: tempfile.TemporaryDirectory | None = None

    # -- who is signed in, and may they ----------------------------------------------------------
    def who(self, request: gr.Request | None) -> Who:
        """The signed-in staff member: a personal account, or "admin-token" for the legacy shared login."""
        name = (getattr(request, "username", None) or "").strip().lower()
        client = getattr(getattr(request, "client", None), "host", None) or "unknown"
        legacy = getattr(self.app.state.settings, "admin_token", None)
        if legacy is not None and name == ADMIN_USER:
            return Who("admin-token", "admin", client)
        user = self.app.state.staff.user(name) if name else None
        return Who(f"staff:{user['name']}", user["role"], client) if user else Who(f"staff:{name or '?'}", "none", client)

    def refused(self, request: gr.Request | None, role: str) -> str | None:
        """A message when the signed-in staff member's role may not do this (audited), else None."""
        if service.permitted(self.app.state.staff, self.who(request), role, f"/admin ({role} needed)"):
            return None
        return self.t("admin_role_needed", role=role)

    def may(self, request: gr.Request | None, role: str) -> bool:
        """Whether the signed-in staff member's role allows `role`'s actions (to show their buttons; not audited)."""
        return role_allows(self.who(request).role, role)

    def controls(self, request: gr.Request | None = None) -> tuple[dict, ...]:
        """Visibility of the page's buttons for the signed-in role: (exports: admin; upload, reindex and trying a
        document: editor). A viewer reads and sees no button that would only say "not allowed"."""
        admin, editor = self.may(request, "admin"), self.may(request, "editor")
        return (gr.update(visible=admin), gr.update(visible=admin), gr.update(visible=editor),
                gr.update(visible=editor))

    def error(self, exc: AdminError) -> str:
        return self.t(f"admin_error_{exc.key}", **exc.values)

    def _note(self, text: str) -> str:
        return f'<p class="admin-empty">{escape(text)}</p>'

    @property
    def _parts(self):
        state = self.app.state
        return state.store, state.staff, state.assistant

    # -- contact requests and feedback ----------------------------------------------------------------
    def referrals(self, show: str, request: gr.Request | None = None, keep: dict | None = None) -> str:
        """The contact requests with status `show` ("new", "handled", "all"); `keep` (a row just changed) stays
        in its place even when it no longer matches the filter."""
        if refused := self.refused(request, "viewer"):
            return self._note(refused)
        rows = service.list_referrals(self.app.state.store, STATUS_FILTERS.get(show), limit=1000)
        if keep is not None:
            rows = sorted([r for r in rows if r["id"] != keep["id"]] + [keep], key=lambda r: -r["id"])
        rows = [dict(r, specialist_id=self._specialist_name(r.get("specialist_id"))) for r in rows]
        editor = self.may(request, "editor")
        return tables.table(rows, tables.REFERRAL_FIELDS, tables.headers(self.t, "referrals", editor), self.t, self.zone,
                            action=tables.handled_button(self.t) if editor else None,
                            row_class=lambda r: "row-handled" if r["status"] == "handled" else "row-open")

    def _specialist_name(self, specialist_id: str | None) -> str | None:
        """A specialist as the staff know them (their name in the page's language), not the directory's id."""
        specialists = self.app.state.assistant.decider.specialists
        found = next((s for s in specialists if s.id == specialist_id), None)
        return (found.name.get(self.t.language) or found.name.get("nl") or specialist_id) if found else specialist_id

    def referral_action(self, show: str, event: gr.EventData, request: gr.Request | None = None) -> tuple[str, str]:
        """A row's "Markeer als afgehandeld": the row shows its new status in place. Returns (table, message)."""
        data = getattr(event, "_data", None) or {}
        if data.get("action") != "handled":
            return self.referrals(show, request), ""
        if refused := self.refused(request, "editor"):
            return self.referrals(show, request), refused
        store, staff, _ = self._parts
        try:
            row = service.mark_handled(store, staff, self.who(request), int(data.get("id") or 0))
        except (AdminError, ValueError) as exc:
            message = self.error(exc) if isinstance(exc, AdminError) else self.t("error_generic")
            return self.referrals(show, request), message
        return self.referrals(show, request, keep=row), self.t("admin_marked", id=row["id"])

    def feedback(self, rating: str, request: gr.Request | None = None) -> str:
        if refused := self.refused(request, "viewer"):
            return self._note(refused)
        rows = service.list_feedback(self.app.state.store, RATING_FILTERS.get(rating), limit=1000)
        return tables.table(rows, tables.FEEDBACK_FIELDS, tables.headers(self.t, "feedback"), self.t, self.zone)

    # -- conversations, each answer with why it got its route ---------------------------------------------
    def conversations(self, show: str, request: gr.Request | None = None, current: str | None = None) -> str:
        """The latest conversations (`show`: a key of CONVERSATION_FILTERS), each with an "Openen" button."""
        if refused := self.refused(request, "viewer"):
            return self._note(refused)
        rows = service.list_conversations(self.app.state.store, CONVERSATION_FILTERS.get(show), limit=100)
        return conversations_table(rows, self.t, self.zone, current)

    def conversation_action(self, show: str, event: gr.EventData, request: gr.Request | None = None) -> tuple[str, str]:
        """A row's "Openen": that conversation below the list, each answer with its "Waarom dit antwoord?".
        Returns (list, conversation)."""
        data = getattr(event, "_data", None) or {}
        session_id = str(data.get("id") or "") if data.get("action") == "open" else ""
        if not session_id:
            return self.conversations(show, request), self._note(self.t("admin_conversation_pick"))
        if refused := self.refused(request, "viewer"):
            return self._note(refused), ""
        try:
            found = service.conversation(self.app.state.store, session_id)
        except AdminError as exc:
            return self.conversations(show, request), self._note(self.error(exc))
        shown = conversation_html(found, self.t, self.zone, IdNames(self.app.state.assistant, self.t.language))
        return self.conversations(show, request, current=session_id), shown

    def audit_rows(self, request: gr.Request | None = None) -> str:
        if not role_allows(self.who(request).role, "admin"):
            return self._note(self.t("admin_role_needed", role="admin"))  # its load is no attempt worth an audit row
        rows = service.audit_trail(self.app.state.staff, limit=500)
        return tables.table(rows, tables.AUDIT_FIELDS, tables.headers(self.t, "audit"), self.t, self.zone)

    def export(self, kind: str, only: str | None, request: gr.Request | None = None) -> tuple[str | None, str]:
        """A CSV file to download: "referrals" or "feedback" (`only` a status or rating), admins only.
        Returns (file path or None, message). Refusals are said on the page, not in a toast: Gradio titles its
        toasts in English ("Warning") whatever title they are given."""
        if refused := self.refused(request, "admin"):
            return None, refused
        store, staff, _ = self._parts
        name, text = service.export(store, staff, self.who(request), kind, only)
        if self._exports is None:
            self._exports = tempfile.TemporaryDirectory(prefix="admin-export-")
        path = export_path(Path(self._exports.name), name)
        path.write_text(text, encoding="utf-8")
        return str(path), ""

    # -- knowledge gaps ---------------------------------------------------------------------------------
    def gaps(self, request: gr.Request | None = None) -> str:
        if refused := self.refused(request, "viewer"):
            return self._note(refused)
        report = service.gaps(self.app.state.store, self.app.state.assistant, threshold=DEFAULT_THRESHOLD, limit=50)
        return tables.table(report["clusters"], tables.GAP_FIELDS, tables.headers(self.t, "gaps"), self.t, self.zone)

    # -- documents, the index and the built-in knowledge ----------------------------------------------
    def documents(self, request: gr.Request | None = None) -> str:
        if refused := self.refused(request, "viewer"):
            return self._note(refused)
        editor = self.may(request, "editor")
        return tables.table(docs.documents(self.app.state.assistant), tables.DOCUMENT_FIELDS,
                            tables.headers(self.t, "documents", editor), self.t, self.zone,
                            action=tables.delete_button(self.t) if editor else None)

    def document_names(self) -> list[str]:
        return [d["name"] for d in docs.documents(self.app.state.assistant)]

    def upload(self, files: list | None, request: gr.Request | None = None) -> tuple[str, str, str]:
        """Store the chosen files (not yet indexed). Returns (message, documents table, index status)."""
        if refused := self.refused(request, "editor"):
            return refused, self.documents(request), self.status()
        _, staff, assistant = self._parts
        saved, problems = 0, []
        for file in files or []:
            path = Path(file if isinstance(file, str) else file.name)
            with path.open("rb") as handle:
                try:
                    docs.upload(assistant, staff, self.who(request), path.name, handle,
                                self.app.state.settings.max_upload_bytes)
                    saved += 1
                except AdminError as exc:
                    problems.append(self.error(exc))
        message = "\n".join([self.t("admin_uploaded", count=saved), *problems])
        return message, self.documents(request), self.status()

    def document_action(self, event: gr.EventData, request: gr.Request | None = None) -> tuple[str, str, str]:
        """A row's confirmed "Verwijderen": the file goes, and a reindex takes its chunks out of the answers.
        Returns (message, documents table, index status)."""
        data = getattr(event, "_data", None) or {}
        if data.get("action") != "delete":
            return "", self.documents(request), self.status()
        if refused := self.refused(request, "editor"):
            return refused, self.documents(request), self.status()
        _, staff, assistant = self._parts
        try:
            result = docs.delete(assistant, staff, self.who(request), str(data.get("id") or ""), reindex=True)
        except AdminError as exc:
            return self.error(exc), self.documents(request), self.status()
        self.app.state.last_index = result["index"]
        return self.t("admin_deleted", name=result["deleted"]), self.documents(request), self.status()

    def reindex(self, progress=None, request: gr.Request | None = None) -> tuple[str, str, str]:
        if refused := self.refused(request, "editor"):
            return refused, self.documents(request), self.status()
        report = (lambda done, total: progress((done, total), desc=self.t("admin_reindex"))) if progress else None
        _, staff, assistant = self._parts
        summary = self.app.state.last_index = docs.reindex(assistant, staff, self.who(request), report)
        lines = [self.t("admin_reindexed", documents=summary["documents"], chunks=summary["chunks_total"],
                        added=summary["num_added"], deleted=summary["num_deleted"], skipped=summary["num_skipped"],
                        seconds=str(summary["seconds"]).replace(".", ","))]
        lines += [f"{p['path']}: {p['reason']}" for p in summary["problems"]]
        return "\n".join(lines), self.documents(request), self.status()

    def preview(self, name: str | None, question: str, request: gr.Request | None = None) -> tuple[list[list], str]:
        """A document's sections, and the answer it gives to `question` on its own (before it is published)."""
        if not name:
            return [], f"<p>{escape(self.t('admin_preview_pick'))}</p>"
        if refused := self.refused(request, "editor"):
            return [], f"<p>{escape(refused)}</p>"
        try:
            result = docs.preview(self.app.state.assistant, name, question or "")
        except AdminError as exc:
            return [], f"<p>{escape(self.error(exc))}</p>"
        rows = [[s["section"] or self.t("admin_preview_intro"), s["chars"], s["start"]] for s in result["sections"]]
        answer = result["answer"]
        html = answer_text_html(answer["text"]) if answer else f"<p>{escape(self.t('admin_preview_hint'))}</p>"
        return rows, html

    def builtin(self, request: gr.Request | None = None) -> tuple[str, str]:
        """The shipped notes and answer cards, read-only. Returns (notes table, cards table) with their titles."""
        if refused := self.refused(request, "viewer"):
            return self._note(refused), ""
        knowledge = docs.builtin_knowledge(self.app.state.assistant.settings)
        notes, cards = knowledge["notes"], knowledge["cards"]
        return (f"<h3>{escape(self.t('admin_builtin_notes', count=len(notes)))}</h3>"
                + tables.table(notes, tables.NOTE_FIELDS, tables.headers(self.t, "notes"), self.t, self.zone),
                f"<h3>{escape(self.t('admin_builtin_cards', count=len(cards)))}</h3>"
                + tables.table(cards, tables.CARD_FIELDS, tables.headers(self.t, "cards"), self.t, self.zone))

    def status(self) -> str:
        state = self.app.state
        info = docs.index_status(state.assistant, state.store, state.last_index)
        store = info["store"]
        lines = [f"- {self.t('admin_index_chunks')}: {info['chunks'] if info['chunks'] is not None else '?'}",
                 f"- {self.t('admin_index_model')}: {info['embedding_model']}",
                 f"- {self.t('admin_index_uploads')}: {info['uploads']}",
                 "- " + self.t("admin_index_store", conversations=store["conversations"], messages=store["messages"],
                               feedback=store["feedback"], referrals=store["referrals"], open=store["referrals_new"])]
        if info["last_index"]:
            lines.append(f"- {self.t('admin_index_last')}: {tables.local_date(info['last_index']['finished_at'], self.zone)}")
        return "\n".join(lines)
