"""Loaders (.md with front matter, .txt, .html, .pdf), bad files, and chunking with stable ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT, Settings
from assistant.ingest import IngestError, load_documents, load_file, split_documents

GOOD_MD = """---
id: good-note
title: "Reviews for local shops"
kind: guide
source: editorial
url: "https://example.org/reviews"
published: "2026"
region: "NL"
language: en
topics: [reviews, local]
level: basic
counterpart: good-note-nl
---
# Reviews for local shops

Answer every review within a day. A short thank-you to a happy customer shows that you read every review.
"""


def minimal_pdf(text: str) -> bytes:
    """A tiny but valid one-page PDF with `text` in Helvetica (offsets in the xref table computed exactly)."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


# -- good files ------------------------------------------------------------------------------------


def test_markdown_front_matter_becomes_metadata(tmp_path):
    path = write(tmp_path / "en" / "good.md", GOOD_MD)
    doc = load_file(path, tmp_path)
    meta = doc.metadata
    assert meta["doc_id"] == "good-note"
    assert meta["title"] == "Reviews for local shops"
    assert (meta["kind"], meta["source"], meta["published"], meta["region"]) == ("guide", "editorial", "2026", "NL")
    assert meta["url"] == "https://example.org/reviews"
    assert meta["language"] == "en"
    assert meta["topics"] == "reviews, local"
    assert meta["level"] == "basic"
    assert meta["counterpart"] == "good-note-nl"
    assert meta["source_path"] == "en/good.md"
    assert "Answer every review within a day." in doc.page_content
    assert "---" not in doc.page_content and "kind: guide" not in doc.page_content


def test_plain_text_file_gets_title_id_and_detected_language(tmp_path):
    path = write(tmp_path / "tips" / "klein-beginnen.txt", "Tips voor ondernemers\n\nBegin klein met één kanaal en post elke week.\n")
    doc = load_file(path, tmp_path)
    assert doc.metadata["title"] == "Tips voor ondernemers"
    assert doc.metadata["doc_id"] == "tips-klein-beginnen"
    assert doc.metadata["language"] == "nl"
    assert "Begin klein met één kanaal" in doc.page_content


def test_html_file_gives_text_without_markup(tmp_path):
    html = (
        "<html><head><title>Reviews beantwoorden</title><style>p {color: red}</style></head>"
        "<body><h1>Reviews</h1><p>Beantwoord elke review binnen een dag.</p>"
        "<script>alert('x')</script></body></html>"
    )
    doc = load_file(write(tmp_path / "reviews.html", html), tmp_path)
    assert doc.metadata["title"] == "Reviews"  # the page's own heading; <title> only without an h1
    assert "Beantwoord elke review binnen een dag." in doc.page_content
    assert "<p>" not in doc.page_content and "alert(" not in doc.page_content and "color: red" not in doc.page_content
    # Block elements stay separate words ("Reviews" heading, then the paragraph), so they can be found.
    assert "ReviewsBeantwoord" not in doc.page_content


def test_pdf_file_gives_its_text(tmp_path):
    path = write(tmp_path / "rapport.pdf", minimal_pdf("Instagram werkt goed voor visuele producten."))
    doc = load_file(path, tmp_path)
    assert doc.page_content.strip() == "Instagram werkt goed voor visuele producten."
    assert doc.metadata["doc_id"] == "rapport"
    assert doc.metadata["source_path"] == "rapport.pdf"


# -- bad files -------------------------------------------------------------------------------------

BAD_FILES = {
    "empty.md": (b"", "empty"),
    "blank.txt": (b"  \n\n ", "empty"),
    "latin1.txt": ("café au lait voor ondernemers\n".encode("latin-1"), "UTF-8"),
    "broken-yaml.md": (b"---\nid: [broken\ntitle: x\n---\nSome body text.\n", "front matter"),
    "missing-keys.md": (b"---\ntitle: Only a title\n---\nSome body text.\n", "id"),
    "no-body.md": (b"---\nid: no-body\ntitle: No body\nlanguage: nl\n---\n\n", "no text"),
    "bad-language.md": (b"---\nid: fr\ntitle: Fr\nlanguage: fr\n---\nBonjour.\n", "language"),
    "fake.pdf": (b"this is not a PDF at all", "PDF"),
    "truncated.pdf": (minimal_pdf("Afgebroken")[:60], "PDF"),
    "notes.docx": (b"PK\x03\x04 not supported", ".docx"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_raises_a_readable_reason(tmp_path, name):
    data, reason = BAD_FILES[name]
    path = write(tmp_path / name, data)
    with pytest.raises(IngestError) as info:
        load_file(path, tmp_path)
    assert reason.lower() in str(info.value).lower()


def test_bad_files_are_reported_by_name_and_skipped_and_the_run_continues(tmp_path):
    write(tmp_path / "en" / "good.md", GOOD_MD)
    write(tmp_path / "nl" / "tips.txt", "Tips voor ondernemers\n\nBegin klein met één kanaal.\n")
    write(tmp_path / "nl" / "rapport.pdf", minimal_pdf("Instagram werkt goed voor visuele producten."))
    for name, (data, _) in BAD_FILES.items():
        write(tmp_path / "bad" / name, data)
    # Same id as good.md: the second one in discovery order is reported.
    write(tmp_path / "zz" / "duplicate.md", GOOD_MD.replace("Answer every review", "Reply to every review"))

    report = load_documents([tmp_path])

    assert sorted(d.metadata["doc_id"] for d in report.documents) == ["good-note", "nl-rapport", "nl-tips"]
    problems = dict(report.problems)
    expected = {str(tmp_path / "bad" / name) for name in BAD_FILES if not name.endswith(".docx")}
    expected.add(str(tmp_path / "zz" / "duplicate.md"))
    assert set(problems) == expected
    assert all(reason.strip() for reason in problems.values())
    assert "duplicate" in problems[str(tmp_path / "zz" / "duplicate.md")]
    assert "good-note" in problems[str(tmp_path / "zz" / "duplicate.md")]
    # Unsupported files are never loaded as documents.
    assert not any(d.metadata["source_path"].endswith(".docx") for d in report.documents)


def test_broken_html_is_reported_not_raised(tmp_path):
    write(tmp_path / "good.md", GOOD_MD)
    write(tmp_path / "page.html", "<html><body><p>Reviews zijn belangrijk voor lokale winkels.</p></body></html>")
    write(tmp_path / "empty.html", "<html><body></body></html>")
    write(tmp_path / "latin1.html", "<p>café</p>".encode("latin-1"))

    report = load_documents([tmp_path])

    assert sorted(d.metadata["doc_id"] for d in report.documents) == ["good-note", "page"]
    assert {Path(p).name for p, _ in report.problems} == {"empty.html", "latin1.html"}


def test_readme_and_hidden_folders_are_not_knowledge(tmp_path):
    write(tmp_path / "README.md", "# How to add notes\n\nWrite Markdown.\n")
    write(tmp_path / ".drafts" / "draft.md", GOOD_MD)
    write(tmp_path / "good.md", GOOD_MD)
    report = load_documents([tmp_path])
    assert [d.metadata["source_path"] for d in report.documents] == ["good.md"]
    assert report.problems == []


def test_project_knowledge_loads_without_problems():
    report = load_documents([PROJECT_ROOT / "knowledge"])
    assert report.problems == []
    ids = [d.metadata["doc_id"] for d in report.documents]
    assert len(ids) == len(set(ids)) == len(list((PROJECT_ROOT / "knowledge").rglob("*.md")))


# -- chunks ----------------------------------------------------------------------------------------

LONG_BODY = "\n\n".join(
    f"Paragraph {i} explains how a small business can plan posts for week {i} with care and patience." * 2
    for i in range(12)
)


def long_note(title: str = "Planning posts") -> str:
    return f"---\nid: long-note\ntitle: \"{title}\"\nlanguage: en\nkind: guide\n---\n# {title}\n\n{LONG_BODY}\n"


def small_settings(tmp_path: Path) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path / "data", knowledge_dir=tmp_path, chunk_size=400, chunk_overlap=0)


def test_chunks_carry_metadata_title_and_stable_ids(tmp_path):
    settings = small_settings(tmp_path)
    write(tmp_path / "long.md", long_note())
    write(tmp_path / "good.md", GOOD_MD)

    chunks = split_documents(load_documents([tmp_path]).documents, settings)
    again = split_documents(load_documents([tmp_path]).documents, settings)

    long_chunks = [c for c in chunks if c.metadata["doc_id"] == "long-note"]
    assert len(long_chunks) > 3
    for chunk in chunks:
        assert chunk.page_content.startswith(f"# {chunk.metadata['title']}\n\n")
        assert chunk.metadata["language"] == "en"
        assert chunk.metadata["source_path"] in ("long.md", "good.md")
    # The title heading is added once, not repeated from the body.
    assert long_chunks[0].page_content.count("# Planning posts") == 1
    assert [c.metadata["chunk_index"] for c in long_chunks] == list(range(len(long_chunks)))
    ids = [c.id for c in chunks]
    assert all(ids) and len(set(ids)) == len(ids)
    assert ids == [c.id for c in again]


def test_chunk_ids_change_only_for_changed_text(tmp_path):
    settings = small_settings(tmp_path)
    write(tmp_path / "long.md", long_note())
    write(tmp_path / "good.md", GOOD_MD)
    before = {c.id: c for c in split_documents(load_documents([tmp_path]).documents, settings)}

    write(tmp_path / "good.md", GOOD_MD.replace("within a day", "within two days"))
    after = {c.id: c for c in split_documents(load_documents([tmp_path]).documents, settings)}

    changed = set(before) ^ set(after)
    assert {before.get(i, after.get(i)).metadata["doc_id"] for i in changed} == {"good-note"}
    assert {i for i, c in before.items() if c.metadata["doc_id"] == "long-note"} <= set(after)
