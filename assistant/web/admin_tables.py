"""The lists of the staff page as HTML tables: column headers in the staff's language (prompts/ui.yaml), dates in
the chamber's time zone, codes (status, rating, route, outcome) as words, every value escaped, and a button per
row where a row has an action (its `data-action` and `data-id` are read by the page's script).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from assistant.web.render import UiText

# The fields each list shows, in the order of its ui.yaml headers (admin_columns_<list>).
REFERRAL_FIELDS = ("id", "status", "created_at", "name", "email", "phone", "question", "specialist_id", "language")
FEEDBACK_FIELDS = ("id", "created_at", "rating", "question", "comment", "route", "language")
GAP_FIELDS = ("count", "out_of_knowledge", "thumbs_down", "examples", "comments", "nearest_card", "last_seen")
DOCUMENT_FIELDS = ("name", "bytes", "modified")
NOTE_FIELDS = ("title", "language", "source", "kind", "published")
CARD_FIELDS = ("question_nl", "question_en", "languages", "sources")
AUDIT_FIELDS = ("id", "at", "actor", "action", "target", "client", "outcome")
DATE_FIELDS = {"created_at", "updated_at", "handled_at", "modified", "last_seen", "at"}
WORDS = {"status": "admin_status_", "rating": "admin_rating_", "route": "admin_route_", "outcome": "admin_outcome_",
         "kind": "admin_kind_"}
WIDE = {"question", "examples", "comments", "target", "title", "question_nl", "question_en"}

# Scoped to each table's component (gr.HTML css_template): headers never wrap into vertical letters; long texts wrap;
# a list wider than a phone scrolls sideways in its own box (contained: it does not widen the page).
TABLE_CSS = """
.admin-table-wrap { overflow-x: auto; contain: inline-size; }
table.admin-table { border-collapse: collapse; width: 100%; font-size: .92rem; table-layout: auto; margin: 0; }
.admin-table th { text-align: left; white-space: nowrap; font-weight: 600; padding: 6px 10px;
  border-bottom: 2px solid var(--brand, #0b5394); background: var(--background-fill-secondary); }
.admin-table td { padding: 6px 10px; border-bottom: 1px solid var(--border-color-primary); vertical-align: top;
  overflow-wrap: break-word; }
.admin-table td.wide { min-width: 12em; max-width: 36em; }
.admin-table td.date, .admin-table td.num, .admin-table small.date { white-space: nowrap; }
.admin-table tr.row-handled td { opacity: .75; }
.admin-table tr.row-current td { background: var(--background-fill-secondary); font-weight: 600; }
.admin-table button { cursor: pointer; border-radius: 6px; padding: 4px 10px; font: inherit; min-width: 7em;
  border: 1px solid var(--brand, #0b5394); background: var(--brand, #0b5394); color: #fff; }
.admin-table button.secondary { background: transparent; color: var(--brand, #0b5394); }
.admin-table button.session { white-space: nowrap; font-family: var(--font-mono, monospace); font-size: .85rem; }
.admin-table button.danger { background: #b42318; border-color: #b42318; }
.admin-table .confirm { display: inline-flex; gap: 6px; align-items: center; flex-wrap: wrap; }
.admin-table .confirm[hidden] { display: none; }
.admin-empty { opacity: .8; font-style: italic; }
"""

# One listener per table (gr.HTML js_on_load): a row's button sends its action to the server; "ask" actions
# first show the row's confirmation in place, and "cancel" hides it again.
TABLE_JS = """
element.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-action]');
  if (!button || !element.contains(button)) return;
  const action = button.dataset.action;
  const cell = button.closest('td');
  if (action === 'ask' || action === 'cancel') {
    cell.querySelector('.ask').hidden = action === 'ask';
    cell.querySelector('.confirm').hidden = action !== 'ask';
    (action === 'ask' ? cell.querySelector('.confirm button.cancel') : cell.querySelector('.ask')).focus();
    return;
  }
  button.disabled = true;
  trigger('click', {action: action, id: button.dataset.id});
});
"""


def headers(t: UiText, table: str, with_action: bool = True) -> list[str]:
    """A list's column headers (ui.yaml); without its last one, "Actie", when the row buttons are not shown."""
    names = t(f"admin_columns_{table}").split("|")
    return names if with_action else names[:-1]


def local_date(value: str | datetime | None, zone: str) -> str:
    """An ISO timestamp (UTC) as the staff read it: day-month-year hours:minutes in the chamber's time zone."""
    if not value:
        return ""
    when = datetime.fromisoformat(value) if isinstance(value, str) else value
    return when.astimezone(ZoneInfo(zone)).strftime("%d-%m-%Y %H:%M")


def _cell(field: str, value: object, t: UiText, zone: str) -> str:
    if value is None or value == "" or value == []:
        return "<td></td>"
    if field in DATE_FIELDS:
        return f'<td class="date"><time datetime="{escape(str(value))}">{escape(local_date(value, zone))}</time></td>'
    if field in WORDS and f"{WORDS[field]}{value}" in t.messages.keys():
        return f"<td>{escape(t(WORDS[field] + str(value)))}</td>"
    if field == "status_since":  # a handled request: its status and since when
        status, when = value
        return (f'<td>{escape(t("admin_status_" + status))}<br><small class="date"><time datetime="{escape(when)}">'
                f"{escape(local_date(when, zone))}</time></small></td>")
    if field == "bytes":
        return f'<td class="num">{escape(f"{int(value) / 1000:.1f}".replace(".", ",") + " kB")}</td>'
    if field == "nearest_card":
        value = value.get("question", "") if isinstance(value, dict) else value
    if isinstance(value, list | tuple):
        value = " | ".join(str(v) for v in value)
    kind = "wide" if field in WIDE else ("num" if isinstance(value, int | float) else "")
    return f'<td class="{kind}">{escape(str(value))}</td>' if kind else f"<td>{escape(str(value))}</td>"


def _field(field: str, row: dict) -> tuple[str, object]:
    if field == "status" and row.get("handled_at"):
        return "status_since", (row["status"], row["handled_at"])
    return field, row.get(field)


def table(rows: Sequence[dict], fields: Sequence[str], names: Sequence[str], t: UiText, zone: str,
          action: Callable[[dict], str] | None = None, row_class: Callable[[dict], str] | None = None,
          action_first: bool = False) -> str:
    """An HTML table of `rows` (dicts) showing `fields` under the headers `names` (one more for `action`, a
    function giving a row's buttons: the last column, or the first with `action_first`, where a phone shows it
    without scrolling sideways), or a line saying there is nothing yet."""
    if not rows:
        return f'<p class="admin-empty">{escape(t("admin_empty"))}</p>'
    head = "".join(f'<th scope="col">{escape(name)}</th>' for name in names)
    body = []
    for row in rows:
        cells = "".join(_cell(*_field(field, row), t, zone) for field in fields)
        if action is not None:
            cells = f"<td>{action(row)}</td>{cells}" if action_first else f"{cells}<td>{action(row)}</td>"
        css = f' class="{row_class(row)}"' if row_class else ""
        key = f' data-key="{escape(str(row.get("id", row.get("name", ""))))}"'
        body.append(f"<tr{css}{key}>{cells}</tr>")
    return (f'<div class="admin-table-wrap"><table class="admin-table"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>')


def button(label: str, action: str, key: object, kind: str = "", extra: str = "") -> str:
    css = f' class="{kind}"' if kind else ""
    return (f'<button type="button"{css} data-action="{escape(action)}" data-id="{escape(str(key))}"{extra}>'
            f"{escape(label)}</button>")


def handled_button(t: UiText) -> Callable[[dict], str]:
    """"Markeer als afgehandeld" on an open contact request; nothing on a handled one."""
    return lambda row: button(t("admin_mark_handled"), "handled", row["id"]) if row.get("status") == "new" else ""


def delete_button(t: UiText) -> Callable[[dict], str]:
    """"Verwijderen" on an upload, which first asks in place (yes / cancel) before anything is deleted."""

    def cell(row: dict) -> str:
        name = row["name"]
        ask = button(t("admin_delete"), "ask", name, "secondary ask", f' aria-label="{escape(t("admin_delete"))} {escape(name)}"')
        yes = button(t("admin_delete_yes"), "delete", name, "danger")
        no = button(t("admin_cancel"), "cancel", name, "secondary cancel")
        question = escape(t("admin_delete_confirm", name=name))
        return f'{ask}<span class="confirm" role="group" hidden><span>{question}</span>{yes}{no}</span>'

    return cell
