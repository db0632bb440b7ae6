"""The grounding check on LLM answers (pure functions, no model): sentences, [n] citations and support.

An LLM answer is cut into sentences as it streams (`SentenceSplitter`); each sentence's `[n]` citations are read
against the numbered context (`parse_citations`: unknown numbers are dropped); a sentence stays only when the
chunks it cites contain most of its content words and every figure it states (`check_sentence`). A sentence
without a citation may still stay when one context chunk supports it on its own: it then cites that chunk.
`too_little_left` decides when the extractive answer is the better answer. `GroundedDraft` puts these together
for one streamed answer: checked text out, citations mapped to the numbered sources.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.answer import SourceList
from assistant.config import Settings
from assistant.text import STOPWORDS, stems, words
from assistant.types import RetrievedChunk, Source

# [1], [1, 2], [1][2], [1-3]; the number list is what a model writes inside one pair of brackets.
_CITATION = re.compile(r"\[(\d+(?:\s*[,;–-]\s*\d+)*)\]")
_CITATIONS_AT_START = re.compile(r"^(?:\s*\[\d+(?:\s*[,;–-]\s*\d+)*\])+")
_BULLET = re.compile(r"^\s*([-*•+]|\d{1,2}[.)])\s+")
_HEADING = re.compile(r"^\s*#{1,6}\s+")
# A sentence ends at . ! or ? (with closing quotes and trailing citations), when a new sentence visibly starts.
_SENTENCE_END = re.compile(
    r"[.!?]+[\"”’)]*(?:\s*\[\d+(?:\s*[,;–-]\s*\d+)*\])*(?=\s+[\"“‘(*_]*[A-Z0-9€À-Ý])"
)
_ABBREVIATION = re.compile(r"\b(?:o\.b\.v|t\.o\.v|o\.a|bijv|e\.g|i\.e|etc|ca|nr|vs|d\.w\.z|m\.b\.t|bv)\.", re.I)
_FIGURE = re.compile(r"\d")
_MARKUP = re.compile(r"[*_`]+")
_FINISHED = re.compile(r"[.!?:)\]][\"”’*_]*$")


@dataclass
class Segment:
    """One sentence of an answer, with where it stood: its line, paragraph and the line's list marker."""

    text: str
    line: int
    paragraph: int
    bullet: str = ""
    heading: bool = False


class SentenceSplitter:
    """Cuts streamed text into sentences as soon as each one is complete; keeps lines, lists and paragraphs."""

    def __init__(self) -> None:
        self._buffer = ""
        self._at_line_start = True
        self._line = -1
        self._paragraph = 0
        self._blank = False
        self._bullet = ""
        self._heading = False

    def feed(self, text: str) -> list[Segment]:
        self._buffer += text
        return self._drain(final=False)

    def close(self) -> list[Segment]:
        return self._drain(final=True)

    def _drain(self, final: bool) -> list[Segment]:
        out: list[Segment] = []
        while self._buffer:
            if self._at_line_start:
                newline = self._buffer.find("\n")
                if newline >= 0 and not self._buffer[:newline].strip():
                    self._blank = self._line >= 0  # an empty line: the next line starts a paragraph
                    self._buffer = self._buffer[newline + 1:]
                    continue
                if newline < 0 and not final and len(self._buffer.strip()) < 4:
                    break  # too little to tell a list marker from text yet
                if not self._buffer.strip():
                    self._buffer = ""
                    break
                self._start_line()
                continue
            cut, line_ends = self._next_cut(final)
            if cut is None:
                break
            sentence = self._buffer[:cut].strip()
            self._buffer = self._buffer[cut + 1:] if line_ends else self._buffer[cut:].lstrip(" \t")
            self._at_line_start = line_ends
            if sentence:
                out.append(Segment(sentence, self._line, self._paragraph, self._bullet, self._heading))
        return out

    def _start_line(self) -> None:
        self._line += 1
        if self._blank:
            self._paragraph += 1
            self._blank = False
        self._heading = bool(_HEADING.match(self._buffer))
        if self._heading:
            self._buffer = _HEADING.sub("", self._buffer, count=1)
        bullet = _BULLET.match(self._buffer)
        self._bullet = ""
        if bullet:
            marker = bullet.group(1)
            self._bullet = "- " if marker in "-*•+" else marker + " "
            self._buffer = self._buffer[bullet.end():]
        self._buffer = self._buffer.lstrip(" \t")
        self._at_line_start = False

    def _next_cut(self, final: bool) -> tuple[int | None, bool]:
        """Where the next complete sentence ends, and whether its line ends there too."""
        newline = self._buffer.find("\n")
        line = self._buffer if newline < 0 else self._buffer[:newline]
        protected = _ABBREVIATION.sub(lambda m: m.group(0).replace(".", "\x00"), line)
        end = _SENTENCE_END.search(protected)
        if end:
            return end.end(), False
        if newline >= 0:
            return newline, True
        if final:
            return len(self._buffer), True
        return None, False


def split_segments(text: str) -> list[Segment]:
    """All sentences of a finished answer."""
    splitter = SentenceSplitter()
    return splitter.feed(text) + splitter.close()


def parse_citations(sentence: str, n_context: int) -> tuple[str, list[int]]:
    """The sentence without its [n] markers, and the context numbers it cites (1-based, unknown ones dropped)."""
    cited: list[int] = []
    for group in _CITATION.findall(sentence):
        for part in re.split(r"\s*[,;]\s*", group):
            bounds = [int(x) for x in re.split(r"\s*[–-]\s*", part) if x]
            numbers = range(bounds[0], bounds[-1] + 1) if len(bounds) == 2 and bounds[1] - bounds[0] < 10 else bounds
            for n in numbers:
                if 1 <= n <= n_context and n not in cited:
                    cited.append(n)
    bare = _CITATION.sub("", sentence)
    bare = re.sub(r"\s+([.,;:!?])", r"\1", bare)
    return re.sub(r"\s{2,}", " ", bare).strip(), cited


@dataclass
class ChunkText:
    """What a sentence is checked against: a context chunk's stems, its figures and its plain lower-case text."""

    stems: set[str]
    figures: set[str]
    lower: str

    @classmethod
    def of(cls, text: str, language: str, chunk_language: str = "") -> ChunkText:
        st = set(stems(text, language))
        if chunk_language and chunk_language != language:
            st |= set(stems(text, chunk_language))
        return cls(st, {_figure_key(w) for w in words(text) if _FIGURE.search(w)}, _MARKUP.sub("", text.lower()))


def _figure_key(token: str) -> str:
    # "1.500", "1500" and "1,500" are the same figure; "42%" and "42 procent" share "42".
    return re.sub(r"\D", "", token)


def content_words(sentence: str, language: str) -> list[str]:
    """Lower-case words that carry meaning (no stop words, no one-letter words)."""
    stop = STOPWORDS.get(language, set())
    return [w for w in words(_MARKUP.sub("", sentence)) if w not in stop and (len(w) > 1 or w.isdigit())]


def support(sentence: str, chunks: list[ChunkText], language: str) -> float:
    """Share of the sentence's content words found in the chunks; 0 when it states a figure they do not have."""
    tokens = content_words(sentence, language)
    if not tokens or not chunks:
        return 0.0
    vocab = set().union(*(c.stems for c in chunks))
    figures = set().union(*(c.figures for c in chunks))
    found = 0
    for token in tokens:
        if _FIGURE.search(token):
            if _figure_key(token) not in figures:
                return 0.0  # an invented or changed figure is never supported
            found += 1
        elif set(stems(token, language)) & vocab or (len(token) >= 5 and any(token in c.lower for c in chunks)):
            found += 1  # the stem is there, or the word is inside a compound of the chunk ("mediastrategie")
    return found / len(tokens)


@dataclass
class Checked:
    """A sentence that passed the check: its text without markers and the context numbers it cites."""

    text: str
    cites: list[int]


def check_sentence(segment: Segment, context: list[ChunkText], language: str, min_support: float) -> Checked | None:
    """The sentence with its citations when the cited chunks support it; None when it must go."""
    if segment.heading:
        return None
    text, cites = parse_citations(segment.text, len(context))
    if not content_words(text, language):
        return None
    if cites:
        if support(text, [context[n - 1] for n in cites], language) >= min_support:
            return Checked(text, cites)
        return None
    scores = [support(text, [chunk], language) for chunk in context]
    best = max(range(len(scores)), key=scores.__getitem__, default=None)
    if best is not None and scores[best] >= min_support:
        return Checked(text, [best + 1])
    return None


def render_sentence(text: str, numbers: list[int]) -> str:
    """The sentence with its source numbers after it, as the extractive answer writes them: `... [1][2]`."""
    markers = "".join(f"[{n}]" for n in numbers)
    return f"{text} {markers}" if markers else text


@dataclass
class Layout:
    """Puts kept sentences back on their lines, list items and paragraphs; returns the text to append."""

    _line: int | None = None
    _paragraph: int | None = None
    pieces: list[str] = field(default_factory=list)

    def add(self, segment: Segment, rendered: str) -> str:
        if self._line is None:
            piece = segment.bullet + rendered
        elif segment.line == self._line:
            piece = " " + rendered
        else:
            sep = "\n\n" if segment.paragraph != self._paragraph else "\n"
            piece = sep + segment.bullet + rendered
        self._line, self._paragraph = segment.line, segment.paragraph
        self.pieces.append(piece)
        return piece

    @property
    def text(self) -> str:
        return "".join(self.pieces)


def too_little_left(kept: int, total: int, min_sentences: int, min_share: float) -> bool:
    """Whether so few sentences survived that the extractive answer serves the user better."""
    return kept < min_sentences or total == 0 or kept / total < min_share


class GroundedDraft:
    """An LLM answer as it streams: each complete sentence is checked, its citations mapped to sources."""

    def __init__(self, context: list[RetrievedChunk], language: str, settings: Settings):
        self.context = context
        self.language = language
        self.settings = settings
        self._checks = [ChunkText.of(c.text, language, c.language) for c in context]
        self._splitter = SentenceSplitter()
        self._layout = Layout()
        self._sources = SourceList(settings)
        self.total = 0
        self.kept = 0

    def feed(self, token: str) -> list[str]:
        """Pieces of checked text to append to what was shown."""
        return self._check(self._splitter.feed(token))

    def close(self, truncated: bool = False) -> list[str]:
        """The rest; when the model was cut off at its token limit, an unfinished last sentence is dropped."""
        rest = self._splitter.close()
        if truncated and rest and not _FINISHED.search(rest[-1].text):
            self.total += 1
            rest = rest[:-1]
        return self._check(rest)

    def _check(self, segments) -> list[str]:
        pieces = []
        for segment in segments:
            self.total += not segment.heading
            checked = check_sentence(segment, self._checks, self.language, self.settings.grounding_min_support)
            if checked is None:
                continue
            self.kept += 1
            numbers = list(dict.fromkeys(self._sources.cite(self.context[n - 1]) for n in checked.cites))
            pieces.append(self._layout.add(segment, render_sentence(checked.text, numbers)))
        return pieces

    @property
    def text(self) -> str:
        return self._layout.text

    @property
    def sources(self) -> list[Source]:
        return self._sources.sources

    def too_little(self) -> bool:
        s = self.settings
        return too_little_left(self.kept, self.total, s.grounding_min_sentences, s.grounding_min_kept)
