"""Structure-aware reading of staff documents: plain text -> Markdown with real headings and lists (web pages are
assistant.webpage, PDF assistant.pdftext), and Markdown -> sections.

Headings become `##` lines (section titles, never sentences), list items stay `- ` items, and the boilerplate
around the content does not reach the knowledge: a site's menu, cookie bar and footer; a letterhead; a PDF's
running page headers, page numbers and line-end hyphenation. `sections` then cuts the Markdown into titled
sections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

BULLET = re.compile(r"^\s*(?:[-*•·▪◦–]|o(?=\s))\s+")
NUMBERED = re.compile(r"^\s*\d{1,2}[.)]\s+")
_LABEL_LINE = re.compile(r"^[A-ZÀ-Ý][\w'()/ -]{1,30}:\s+\S")  # "Wanneer: dinsdag 3 maart", "Kosten: 25 euro"
_HEADING_MD = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


def _cells(row: str) -> list[str]:
    return [c.strip() for c in row.strip().strip("|").split("|")]


def tables_as_lists(markdown: str) -> str:
    """A Markdown table as list items, one per row: "- Row: Column A value; Column B value" (a row reads as a
    sentence, and the answerer quotes items, not pipes)."""
    out: list[str] = []
    lines = markdown.split("\n")
    i = 0
    while i < len(lines):
        if lines[i].lstrip().startswith("|") and i + 1 < len(lines) and re.fullmatch(r"\s*\|?[\s:|-]+\|?\s*", lines[i + 1]):
            header = _cells(lines[i])
            i += 2
            out.append("")
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                cells = _cells(lines[i])
                rest = "; ".join(f"{h}: {c}" if h else c for h, c in zip(header[1:], cells[1:], strict=False) if c)
                out.append(f"- {cells[0]}: {rest}" if rest else f"- {cells[0]}")
                i += 1
            out.append("")
            continue
        out.append(lines[i])
        i += 1
    return "\n".join(out)


_BREADCRUMB = re.compile(r"^\s*(\[[^\]\n]+\]\([^)\n]*\)|home|homepage)\s*[>›»]\s*\S.*$", re.IGNORECASE)


def tidy_markdown(markdown: str) -> str:
    """Markdown with one blank line between blocks, list markers as "- ", tables as lists, no trailing spaces;
    a breadcrumb trail ("[Home](/) > [Kennisbank](/kennisbank) > Pinterest") is the site around the page and
    drops."""
    lines = []
    for line in tables_as_lists(markdown.replace("\r\n", "\n")).split("\n"):
        if _BREADCRUMB.match(line):
            continue
        line = line.rstrip()
        stripped = line.lstrip()
        if stripped.startswith(("* ", "+ ")):
            line = line[: len(line) - len(stripped)] + "- " + stripped[2:]
        lines.append(line)
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


# -- plain text ----------------------------------------------------------------------------------------------
def _is_shouted(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) / len(letters) > 0.8 and len(line) <= 80


def _heading_case(line: str) -> str:
    line = line.strip().rstrip(":").strip()
    if _is_shouted(line):
        return line[:1].upper() + line[1:].lower()
    # "SPREEKUUR ONLINE ZICHTBAARHEID - gratis advies": the shouted words in title case
    return re.sub(r"\b[A-ZÀ-Ý]{4,}\b", lambda m: m.group(0).capitalize(), line)


_COLUMNS = re.compile(r"\s{2,}")


def _aligned_table(raw: list[str], i: int) -> tuple[list[str], int] | None:
    """A table laid out with spaces at line `i` (at least two rows of three or more columns, an optional header
    over the value columns) as list items like a Markdown table's, and the line after it; else None."""
    rows: list[list[str]] = []
    j = i
    while j < len(raw) and raw[j].strip() and len(cells := _COLUMNS.split(raw[j].strip())) >= 2:
        rows.append(cells)
        j += 1
    width = max((len(r) for r in rows), default=0)
    shorter = [r for r in rows if len(r) < width]  # only a header over the value columns may be shorter
    if width < 3 or len(rows) - len(shorter) < 2 or shorter not in ([], rows[:1]):
        return None
    header = shorter[0] if shorter else None
    columns = ([""] * (width - len(header)) + header) if header else [""] * width
    items = []
    for row in rows[1:] if header else rows:
        values = "; ".join(f"{h}: {c}" if h else c for h, c in zip(columns[1:], row[1:], strict=True))
        items.append(f"- {row[0]}: {values}")
    return items, j


_RULE_LINE = re.compile(r"\s*={3,}\s*")
_UNDERLINE = re.compile(r"\s*[=\-~]{3,}\s*")  # under a heading (=== also a rule)


def _setext_title(raw: list[str]) -> tuple[int, int] | None:
    """(line of the title, line after its underline) when a line underlined with === comes after a few lines of
    letterhead (a name, an address): the first line is then no title. In a block framed by === lines above and
    below ("=====" | "ONTBIJTCAFE - VOORJAAR 2026" | "Elke tweede donderdag, 7.30 uur" | "=====") the title is the
    block's first line and the lines under it are text."""
    for j in range(1, min(len(raw) - 1, 8)):
        if _RULE_LINE.fullmatch(raw[j + 1]) and raw[j].strip():
            top = j
            while top > 0 and raw[top - 1].strip() and not _RULE_LINE.fullmatch(raw[top - 1]):
                top -= 1
            return (top, j + 2) if top > 0 and _RULE_LINE.fullmatch(raw[top - 1]) else (j, j + 2)
    return None


def _title_after_breadcrumb(raw: list[str]) -> tuple[int, int] | None:
    """(line of the title, line after it) when a breadcrumb trail ("Home > Agenda > Inloopspreekuur") comes in the
    first lines: the site's name and menu stand above it, the page's title is the first line under it."""
    for j in range(min(len(raw) - 1, 6)):
        if _BREADCRUMB.match(raw[j]) or re.fullmatch(r"\s*\S[^>]*(\s>\s[^>]+){2,}", raw[j]):
            title = next((k for k in range(j + 1, len(raw)) if raw[k].strip()), None)
            return (title, title + 1) if title is not None else None
    return None


def _name_words(text: str) -> set[str]:
    return set(re.findall(r"[^\W\d_]{3,}", text.lower()))


def _title_by_name(raw: list[str], name: str) -> tuple[int, int] | None:
    """(line of the title, line after it) when a heading in the first lines shares at least two words with the
    file's name and more than the first line does: the lines above it are the site's name and section
    ("ONDERNEMERSKAMER ... - OPLEIDINGEN & EVENTS" over "BOOTCAMP INSTAGRAM REELS ..." in
    "bootcamp-instagram-reels-maart-2026.txt"), which the first line as title would put in every section's place."""
    wanted = _name_words(Path(name).stem)  # "bootcamp-instagram-reels" holds three words
    lines = [k for k in range(min(len(raw), 12)) if raw[k].strip() and not _UNDERLINE.fullmatch(raw[k])]
    if len(wanted) < 2 or not lines:
        return None

    def underlined(k: int) -> bool:
        return k + 1 < len(raw) and bool(_UNDERLINE.fullmatch(raw[k + 1]))

    headings = [k for k in lines[1:] if _is_shouted(raw[k].strip()) or underlined(k)]
    shared = {k: len(wanted & _name_words(raw[k])) for k in [lines[0], *headings]}
    best = max(headings, key=lambda k: shared[k], default=None)
    if best is None or shared[best] < 2 or shared[best] <= shared[lines[0]]:
        return None
    return best, best + (2 if underlined(best) else 1)


def ends_clause(line: str) -> bool:
    """Whether a line ends where a sentence or a lead-in may end (. ! ? : ;): what follows need not go on it."""
    return line.rstrip()[-1:] in (".", "!", "?", ":", ";")


def _wrapped(line: str, following: str, width: int) -> bool:
    """Whether `following` goes on the sentence of a hard-wrapped `line` (see text_to_markdown)."""
    first = following.split()[0] if following.split() else ""
    return len(line) + 1 + len(first) > width or (not ends_clause(line) and first[:1].islower())


def _goes_on(line: str) -> bool:
    """Whether a line may go on the sentence of the line before it: it starts in lower case or with a bracket."""
    return line[:1].islower() or line[:1] == "("


def text_to_markdown(text: str, name: str = "") -> tuple[str, str]:
    """(title, Markdown body) of a plain-text document: the first line is the title, or the first line
    underlined with === after a letterhead (which stays as text); UPPERCASE lines and lines underlined with
    ===/--- are headings; bullets and "Label: value" lines are list items; a table laid out with spaces is a list
    like a Markdown table's; hard-wrapped lines of one paragraph are joined."""
    raw = [ln.rstrip() for ln in text.replace("\r\n", "\n").replace("\t", "    ").split("\n")]
    width = min(max((len(ln) for ln in raw), default=80), 100)
    title = ""
    out: list[str] = []
    paragraph: list[str] = []
    found = _setext_title(raw) or _title_after_breadcrumb(raw) or _title_by_name(raw, name)
    if found is not None:
        at, after = found
        title = _heading_case(raw[at].strip())
        letterhead = [_heading_case(ln.strip()) if _is_shouted(ln.strip()) else ln.strip() for ln in raw[:at]
                      if ln.strip() and not _RULE_LINE.fullmatch(ln)]
        out += [*letterhead, ""]
        raw = [ln for ln in raw[at + 1:after] if not _RULE_LINE.fullmatch(ln)] + [""] + raw[after:]

    def flush() -> None:
        if paragraph:
            out.append(" ".join(p.strip() for p in paragraph))
            out.append("")
            paragraph.clear()

    def starts_item(line: str) -> bool:
        # bullets, numbers, "Label: value" and indented lines (a schedule, an address block) are items
        return bool(BULLET.match(line) or NUMBERED.match(line) or _LABEL_LINE.match(line.strip())
                    or (line.startswith("  ") and line.strip()))

    i = 0
    while i < len(raw):
        line = raw[i]
        nxt = raw[i + 1] if i + 1 < len(raw) else ""
        stripped = line.strip()
        if not stripped or re.fullmatch(r"[=\-_*~#]{3,}", stripped):
            flush()
            i += 1
            continue
        underlined = bool(_UNDERLINE.fullmatch(nxt))
        table = _aligned_table(raw, i) if title else None
        if table is not None:
            flush()
            out += [*table[0], ""]
            i = table[1]
            continue
        if not title:
            title = _heading_case(stripped)
            i += 2 if underlined else 1
            continue
        if underlined or (_is_shouted(stripped) and not _LABEL_LINE.match(stripped)):
            flush()
            out += [f"## {_heading_case(stripped)}", ""]
            i += 2 if underlined else 1
            continue
        if starts_item(line):
            flush()
            number = NUMBERED.match(line)
            item = NUMBERED.sub("", line).strip() if number else BULLET.sub("", line).strip()
            prefix = number.group(0).strip() + " " if number else "- "
            # A wrapped item goes on with a line that starts in lower case or with a bracket: indented, or after a
            # line that stops mid-sentence ("Niet-leden: 17,50 euro ..., te betalen met pin ter" | "plekke. Word
            # je ..."; "- Kosteloos annuleren kan tot 10 kalenderdagen voor de eerste avond" | "  (tot en met ...").
            while i + 1 < len(raw) and _goes_on(raw[i + 1].strip()) and not starts_item(raw[i + 1].lstrip()) and (
                    raw[i + 1].startswith(" ") or not ends_clause(raw[i])):
                i += 1
                item += " " + raw[i].strip()
            out.append(prefix + re.sub(r"\s{2,}", " ", item))
            if not (i + 1 < len(raw) and starts_item(raw[i + 1])):
                out.append("")
            i += 1
            continue
        # Hard-wrapped lines of one paragraph fill the width; a short line ends its own line (an address), unless
        # the next line's first word did not fit after it ("Reserveer dan een plek via" | "www.ondernemershuis-...")
        # or the line stops mid-sentence and the next goes on in lower case.
        if paragraph and len(paragraph[-1]) < 0.8 * width and not _wrapped(paragraph[-1], stripped, width):
            flush()
        paragraph.append(stripped)
        i += 1
    flush()
    return title, tidy_markdown("\n".join(out))


# -- sections ------------------------------------------------------------------------------------------------
@dataclass
class Section:
    path: list[str]   # the headings above it, outermost first (the document title not included)
    body: str         # Markdown without its heading

    @property
    def heading(self) -> str:
        return self.path[-1] if self.path else ""


def sections(markdown: str, title: str = "") -> list[Section]:
    """The document cut at its headings, blank lines kept (LangChain's MarkdownHeaderTextSplitter joins the
    paragraphs and lists of a section into one block); a heading equal to the title is not a section."""
    out: list[Section] = []
    path: list[tuple[int, str]] = []
    body: list[str] = []

    def close() -> None:
        text = tidy_markdown("\n".join(body))
        if text:
            out.append(Section(path=[h for _, h in path], body=text))
        body.clear()

    fenced = False
    for line in markdown.split("\n"):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        match = None if fenced else _HEADING_MD.match(line)
        if match:
            close()
            level, heading = len(match.group(1)), re.sub(r"[*_`]", "", match.group(2)).strip()
            path = [(lv, h) for lv, h in path if lv < level]
            if heading.lower() != title.strip().lower():
                path.append((level, heading))
            continue
        body.append(line)
    close()
    return out
