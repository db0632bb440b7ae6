"""PDF -> Markdown for staff documents (see assistant.structure for HTML and plain text).

A PDF has no structure but its layout: lines with a position, a font size and a weight. Running page headers and
footers (lines that repeat at the top or bottom of most pages) and page numbers are dropped, words hyphenated at a
line end are joined, a sentence cut by the page end runs on, bold or larger lines become headings and bullets list
items.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from assistant.structure import BULLET, NUMBERED, ends_clause, tidy_markdown
from assistant.text import split_sentences

_PAGE_MARK = re.compile(r"^\s*(?:pagina|page|blz\.?|p\.)?\s*\d{1,3}\s*(?:(?:van|of|/)\s*\d{1,3})?\s*$", re.I)


@dataclass
class _Line:
    text: str
    y: float
    size: float
    bold: bool
    spans: tuple[tuple[float, float, str], ...] = ()  # (start x, estimated end x, text) of each column of the line
    pieces: tuple[tuple[float, str], ...] = ()  # (x, text) of each piece of text on the line, left to right


def _page_lines(page) -> list[_Line]:
    """The text lines of a PDF page, top to bottom, with their font size and whether they are bold."""
    pieces: list[tuple[float, float, str, float, bool]] = []

    def visit(text, cm, tm, font, size):
        if not text or not text.strip():
            return
        x = tm[4] * cm[0] + cm[4] if cm else tm[4]
        y = tm[5] * cm[3] + cm[5] if cm else tm[5]
        scale = abs(tm[0] * (cm[0] if cm else 1)) or 1.0
        name = str((font or {}).get("/BaseFont", "")) if hasattr(font, "get") else ""
        pieces.append((round(y, 1), x, text, float(size or 0) * scale, "bold" in name.lower() or "black" in name.lower()))

    page.extract_text(visitor_text=visit)
    rows: dict[float, list[tuple[float, str, float, bool]]] = {}
    for y, x, text, size, bold in pieces:
        key = next((k for k in rows if abs(k - y) < 2.0), y)
        rows.setdefault(key, []).append((x, text, size, bold))
    lines = []
    for y in sorted(rows, reverse=True):
        parts = sorted(rows[y], key=lambda p: p[0])
        text = re.sub(r"\s+", " ", " ".join(p[1].strip("\n") for p in parts)).strip()
        if not text:
            continue
        chars = sum(len(p[1].strip()) for p in parts) or 1
        bold = sum(len(p[1].strip()) for p in parts if p[3]) / chars > 0.6
        size = max(p[2] for p in parts)
        pieces = tuple((p[0], p[1].strip()) for p in parts if p[1].strip())
        lines.append(_Line(text, y, size, bold, _spans(parts), pieces))
    return lines


def _spans(parts: list[tuple[float, str, float, bool]]) -> tuple[tuple[float, float, str], ...]:
    """A line's text in columns: pieces apart by more than three letters' height after the estimated end of the one
    before (half a letter height a character) start a column. A justified line's wider spaces stay one column."""
    spans: list[list] = []
    for x, text, size, _ in parts:
        piece = text.strip()
        if not piece:
            continue
        if not spans or x - spans[-1][1] > 3 * size:
            spans.append([x, x, piece])
        else:
            spans[-1][2] = f"{spans[-1][2]} {piece}"
        spans[-1][1] = x + len(piece) * size * 0.5
    return tuple((a, b, c) for a, b, c in spans)


class _Table:
    """A table laid out in columns, read row by row: a cell wrapped over two lines is one cell; each row becomes a
    list item as a Markdown table's rows do ("- Drukwerk: 3 posters: Bedrag: 24 euro"), under its header row."""

    def __init__(self, first: _Line):
        spans = first.spans
        # a column runs to two letters' height before the first row's next cell (a wrapped cell fills its column;
        # a right-aligned amount a little longer than its header starts a little before it)
        self.bounds = [b[0] - 2 * first.size for b in spans[1:]]
        self.header = [s[2] for s in spans] if first.bold else []
        self.rows: list[list[str]] = [] if first.bold else [self._cells(first)]

    def _cells(self, line: _Line) -> list[str]:
        cells = [""] * (len(self.bounds) + 1)
        for x, text in line.pieces:
            i = sum(x > b for b in self.bounds)
            cells[i] = f"{cells[i]} {text}".strip()
        return cells

    def takes(self, line: _Line) -> bool:
        """Whether a line is a row of this table or goes on with its last row: in columns, or one cell that stays
        within a column (a line of prose runs across them)."""
        if len(line.spans) > 1:
            return True
        x, end, _ = line.spans[0]
        i = sum(x > b for b in self.bounds)
        return bool(self.rows) and i < len(self.bounds) and end < self.bounds[i] + (self.bounds[i] - x) * 0.1 or (
            i == len(self.bounds) and bool(self.rows))

    def add(self, line: _Line) -> None:
        cells = self._cells(line)
        if self.rows and (not cells[0] or cells[0][:1].islower()):  # a wrapped cell goes on
            self.rows[-1] = [f"{a} {b}".strip() for a, b in zip(self.rows[-1], cells, strict=True)]
        else:
            self.rows.append(cells)

    def items(self) -> list[str]:
        names = self.header[1:] if self.header else [""] * len(self.bounds)
        out = []
        for row in self.rows:
            rest = "; ".join(f"{h}: {c}" if h else c for h, c in zip(names, row[1:], strict=False) if c)
            out.append(f"- {row[0]}: {rest}" if rest else f"- {row[0]}")
        return out


def _running_lines(pages: list[list[_Line]]) -> set[str]:
    """Lines that repeat at the top or bottom of most pages (a running header or footer), digits ignored."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        edge = {re.sub(r"\d+", "#", ln.text.lower()) for ln in lines[:2] + lines[-2:]}
        counts.update(edge)
    return {text for text, n in counts.items() if n >= max(2, len(pages) * 0.6)}


def _one_sentence_a_line(lines: list[str]) -> bool:
    """Whether a paragraph's lines are each one whole sentence (three or more, each opening with a capital and
    ending in a full stop): a checklist or a list without bullet characters. Wrapped prose ends a line at the end
    of a sentence now and then, never three lines running."""
    return len(lines) >= 3 and all(
        line[:1].isupper() and line.endswith((".", "!", "?")) and len(split_sentences(line)) == 1 for line in lines)


def pdf_to_markdown(reader) -> tuple[str, str]:
    """(title, Markdown body) of a PDF (a pypdf reader): running headers, footers and page numbers dropped, words
    hyphenated at a line end joined, bold or larger lines as headings, bullets as list items."""
    pages = [_page_lines(page) for page in reader.pages]
    running = _running_lines(pages)
    sizes = Counter(round(ln.size) for lines in pages for ln in lines)
    body_size = sizes.most_common(1)[0][0] if sizes else 10
    out: list[str] = []
    block: list[str] = []
    title = ""
    meta_title = str((reader.metadata or {}).get("/Title") or "").strip() if reader.metadata else ""

    raw: list[str] = []  # the lines of the prose paragraph in `block`, as they stand on the page
    table: _Table | None = None  # the table being read

    def end_table() -> None:
        nonlocal table
        out.extend([*table.items(), ""])
        table = None

    def flush() -> None:
        if len(block) == 1 and _one_sentence_a_line(raw):
            # A checklist whose boxes are drawn, not typed: every line a sentence of its own, so a list.
            out.extend(f"- {line}" for line in raw)
            out.append("")
            block.clear()
        if block:
            out.append(" ".join(block))
            out.append("")
            block.clear()
        raw.clear()

    def join(previous: str, line: str) -> str:
        if re.search(r"[^\W\d_]-$", previous) and line[:1].islower():
            return previous[:-1] + line  # "onder-" + "nemers"
        return previous + " " + line

    for lines in pages:
        gaps = [a.y - b.y for a, b in zip(lines, lines[1:], strict=False) if a.y > b.y]
        spacing = sorted(gaps)[len(gaps) // 2] if gaps else 12.0
        previous_y = None
        for ln in lines:
            text = ln.text
            if re.sub(r"\d+", "#", text.lower()) in running or _PAGE_MARK.match(text):
                continue
            if previous_y is None and block and not text[:1].islower():
                flush()  # the page before ended its paragraph; one that runs on ("uiterlijk 3" | "maanden na") goes on
            gap = (previous_y - ln.y) if previous_y is not None else 0.0
            previous_y = ln.y
            if table is not None:
                if table.takes(ln):
                    table.add(ln)
                    continue
                end_table()
            if len(ln.spans) > 1:  # a table: its rows become list items; a bold first row is its header
                flush()
                table = _Table(ln)
                continue
            heading = (ln.bold or ln.size > body_size + 1.5) and len(text) <= 90 and not text.endswith((".", ",", ";"))
            if heading and not BULLET.match(text):
                flush()
                if not title:
                    title = text
                else:
                    out += [f"## {text}", ""]
                continue
            if BULLET.match(text) or NUMBERED.match(text):
                flush()
                number = NUMBERED.match(text)
                block.append((number.group(0).strip() + " " + NUMBERED.sub("", text)) if number
                             else "- " + BULLET.sub("", text))
                continue
            if block and gap > spacing * 1.4:
                flush()
            if block:
                if block[-1].startswith("- ") or NUMBERED.match(block[-1]):
                    if gap > spacing * 1.4 or (text[:1].isupper() and block[-1].endswith((".", "!", "?"))):
                        flush()
                        block.append(text)
                        raw.append(text)
                    else:
                        block[-1] = join(block[-1], text)
                else:
                    block[-1] = join(block[-1], text)
                    raw.append(text)
            else:
                block.append(text)
                raw.append(text)
            # A list ends the block it is in: each item is its own line.
        if not (block and block[-1] and not ends_clause(block[-1])):
            flush()  # a paragraph cut mid-sentence by the page end is held for the next page's first line
    if table is not None:
        end_table()
    flush()
    lines_out = []
    for chunk in out:  # lists: one item per line, items of one list together
        if chunk.startswith("- ") or NUMBERED.match(chunk):
            if lines_out and lines_out[-1] == "" and len(lines_out) > 1 and (
                    lines_out[-2].startswith("- ") or NUMBERED.match(lines_out[-2])):
                lines_out.pop()
        lines_out.append(chunk)
    return (title or meta_title), tidy_markdown("\n".join(lines_out))
