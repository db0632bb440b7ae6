"""Files in knowledge/ (and uploads) -> cleaned, split chunks with stable ids and their note's metadata.

Bad files are reported by name and skipped; they never stop a run.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from langchain_core.documents import Document

from assistant.config import Settings
from assistant.text import detect_language

SUPPORTED = {".md", ".markdown", ".txt", ".html", ".htm", ".pdf"}
SKIPPED_NAMES = {"readme.md"}
KINDS = {"survey", "article", "case", "guide"}
LEVELS = {"basic", "advanced"}
REQUIRED_FRONT_MATTER = ("id", "title", "language")
# Chroma metadata values must be scalars; these keys are stored on every chunk.
METADATA_KEYS = ("doc_id", "title", "kind", "source", "url", "published", "region", "language", "topics", "level",
                 "origin", "section")


class IngestError(ValueError):
    """A file that cannot be turned into a note; the message says what to fix."""


@dataclass
class LoadReport:
    documents: list[Document] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (path, what is wrong)


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    if not data.strip():
        raise IngestError("the file is empty")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(f"not UTF-8 text (byte {exc.start}); save it as UTF-8 and re-run") from None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80] or "document"


def _load_markdown(path: Path) -> Document:
    import frontmatter
    import yaml

    text = _read_text(path)
    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as exc:
        raise IngestError(f"broken front matter: {str(exc).splitlines()[0]}") from None
    meta = dict(post.metadata)
    body = post.content.strip()
    if not body:
        raise IngestError("the note has no text after its front matter")
    if meta:
        missing = [key for key in REQUIRED_FRONT_MATTER if not meta.get(key)]
        if missing:
            raise IngestError(f"front matter lacks {', '.join(missing)}")
        if meta.get("language") not in ("nl", "en"):
            raise IngestError(f"front matter language must be nl or en, not {meta.get('language')!r}")
        if meta.get("kind") and meta["kind"] not in KINDS:
            raise IngestError(f"front matter kind must be one of {sorted(KINDS)}, not {meta['kind']!r}")
        if meta.get("level") and meta["level"] not in LEVELS:
            raise IngestError(f"front matter level must be basic or advanced, not {meta['level']!r}")
    else:  # a page saved from a website: its article, not the site around it
        from assistant.webpage import drop_page_chrome

        body = drop_page_chrome(body)
        heading = re.search(r"^#\s+(.+)$", body, re.MULTILINE)
        meta = {"title": heading.group(1).strip() if heading else path.stem.replace("-", " ")}
    return Document(page_content=body, metadata=meta)


def _load_html(path: Path) -> Document:
    from assistant.webpage import html_to_markdown

    title, body = html_to_markdown(_read_text(path))
    if not body:
        raise IngestError("no text could be extracted")
    return Document(page_content=body, metadata={"title": title} if title else {})


def _load_pdf(path: Path) -> Document:
    import pypdf

    from assistant.pdftext import pdf_to_markdown

    if not path.read_bytes()[:1024].lstrip().startswith(b"%PDF"):
        raise IngestError("not a PDF file")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            title, body = pdf_to_markdown(pypdf.PdfReader(str(path)))
    except Exception as exc:  # pypdf raises many types for damaged files
        raise IngestError(f"unreadable PDF ({type(exc).__name__})") from None
    if not body:
        raise IngestError("no text could be extracted (a scanned PDF needs OCR first)")
    return Document(page_content=body, metadata={"title": title} if title else {})


def _load_txt(path: Path) -> Document:
    from assistant.structure import text_to_markdown

    title, body = text_to_markdown(_read_text(path).strip(), path.name)
    if not body:
        body = title
    return Document(page_content=body, metadata={"title": title[:120]})


LOADERS = {".md": _load_markdown, ".markdown": _load_markdown, ".txt": _load_txt,
           ".html": _load_html, ".htm": _load_html, ".pdf": _load_pdf}


def load_file(path: Path, root: Path) -> Document:
    """One file as a Document with normalised metadata; raises IngestError with a readable reason."""
    suffix = path.suffix.lower()
    if suffix not in LOADERS:
        raise IngestError(f"unsupported file type {suffix or '(none)'}; use .md, .txt, .html or .pdf")
    try:
        doc = LOADERS[suffix](path)
    except IngestError:
        raise
    except OSError as exc:
        raise IngestError(f"cannot read the file ({exc.strerror or exc})") from None
    except Exception as exc:  # a loader library failing on one odd file must not stop the run
        raise IngestError(f"could not be read ({type(exc).__name__})") from None
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
    meta = doc.metadata
    title = str(meta.get("title") or path.stem).strip()
    language = meta.get("language") or detect_language(doc.page_content[:2000])
    topics = meta.get("topics") or []
    doc.metadata = {
        "doc_id": str(meta.get("id") or _slug(rel.rsplit(".", 1)[0])),
        "title": title,
        "kind": str(meta.get("kind") or "article"),
        "source": str(meta.get("source") or ""),
        "url": str(meta.get("url") or ""),
        "published": str(meta.get("published") or ""),
        "region": str(meta.get("region") or ""),
        "language": str(language),
        "topics": ", ".join(map(str, topics)) if isinstance(topics, list) else str(topics),
        "level": str(meta.get("level") or "basic"),
        "counterpart": str(meta.get("counterpart") or ""),
        "source_path": rel,
        "origin": "knowledge",
    }
    return doc


def discover(dirs: list[Path]) -> list[tuple[Path, Path]]:
    """(file, root) pairs of every supported file under the given folders, in a stable order."""
    found = []
    for root in dirs:
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix.lower() in SUPPORTED and path.name.lower() not in SKIPPED_NAMES:
                if not any(part.startswith(".") for part in path.relative_to(root).parts):
                    found.append((path, root))
    return found


def load_documents(dirs: list[Path], own: tuple[Path, ...] = ()) -> LoadReport:
    """Every loadable file under `dirs`; the others land in `problems` with a reason.

    Documents under a folder in `own` (the staff uploads) are marked `origin: upload`: the chamber published
    them, so they are in scope whatever their subject, and answered section by section."""
    report = LoadReport()
    seen: dict[str, str] = {}
    for path, root in discover(dirs):
        try:
            doc = load_file(path, root)
        except IngestError as exc:
            report.problems.append((str(path), str(exc)))
            continue
        doc.metadata["origin"] = "upload" if root in own else "knowledge"
        doc_id = doc.metadata["doc_id"]
        if doc_id in seen:
            report.problems.append((str(path), f"duplicate id {doc_id!r} (also in {seen[doc_id]})"))
            continue
        seen[doc_id] = str(path)
        report.documents.append(doc)
    return report


def split_documents(docs: list[Document], settings: Settings) -> list[Document]:
    """Chunks with their note's metadata, the title (and section) as headings, and a stable content-derived id.

    Staff uploads are cut at their headings, then at `chunk_size`, and each chunk knows its section path
    (`section`: "Kosten > Leden"); the project's notes are cut at `chunk_size` only."""
    from langchain_text_splitters import Language, RecursiveCharacterTextSplitter

    from assistant.structure import sections

    splitter = RecursiveCharacterTextSplitter.from_language(
        Language.MARKDOWN, chunk_size=settings.chunk_size, chunk_overlap=settings.chunk_overlap
    )
    chunks: list[Document] = []
    for doc in docs:
        title = doc.metadata["title"]
        if doc.metadata.get("origin") == "upload":
            parts = [(" > ".join(s.path), s.body) for s in sections(doc.page_content.strip(), title)]
        else:
            # The project's own notes are cut by size, as their cards and evals were measured: cutting them at
            # headings too cost the frozen test split two points of key facts, with no gain on dev.
            parts = [("", re.sub(r"\A#\s+.+\n+", "", doc.page_content.strip()))]
        i = 0
        for path, text in parts:
            for piece in splitter.split_text(text):
                meta = {**doc.metadata, "chunk_index": i, "section": path}
                heading = f"## {path}\n\n" if path else ""
                text = f"# {title}\n\n{heading}{piece.strip()}"
                digest = hashlib.sha256(f"{meta['source_path']}\x00{meta['doc_id']}\x00{text}".encode()).hexdigest()
                chunks.append(Document(page_content=text, metadata=meta, id=digest[:32]))
                i += 1
    return chunks


def uploads_dir(settings: Settings) -> Path:
    """Where staff uploads are kept (the admin page and API write there; shared by all instances)."""
    return settings.uploads_path


def source_dirs(settings: Settings) -> list[Path]:
    """Folders whose files make up the knowledge: the project's notes and staff uploads."""
    return [settings.knowledge_dir, uploads_dir(settings)]
