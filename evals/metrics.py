"""Eval metrics as pure functions: plain values in, numbers out; no models, files or package imports.

Retrieval metrics work on doc-level rankings (the order in which notes first appear among the retrieved chunks).
Text metrics work on normalised text: lower case, accents folded, whitespace collapsed, dashes as spaces, and
the decimal or thousands separator between digits read alike ("29,2" == "29.2", "2.500" == "2,500").
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

ROUTES = ("answer", "refer", "out_of_scope")

# -- normalisation ----------------------------------------------------------------------------------------------

_DIGIT_SEPARATOR = re.compile(r"(?<=\d)[.,](?=\d)")
_DASHES = re.compile(r"[-‐‑‒–—]")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "„": '"'})
_MARKUP = re.compile(r"[*_`]+")
_LIST_MARKER = re.compile(r"^\s*(?:[-*•+]|\d{1,2}[.)])\s+", re.MULTILINE)
_HEADING = re.compile(r"^\s*#{1,6}\s+", re.MULTILINE)
_SPACE = re.compile(r"\s+")


def fold_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def normalize(text: str) -> str:
    """The form phrases are compared in (see the module docstring)."""
    text = fold_accents(text or "").lower().translate(_QUOTES)
    text = _DIGIT_SEPARATOR.sub(".", text)
    text = text.replace("€ ", "€").replace("\u00a0", " ")
    text = _DASHES.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def normalize_document(text: str) -> str:
    """A Markdown note as running text: headings, list markers and emphasis removed, then `normalize`d."""
    text = _HEADING.sub("", text or "")
    text = _LIST_MARKER.sub("", text)
    return normalize(_MARKUP.sub("", text))


def contains_phrase(text: str, phrase: str) -> bool:
    """Whether `phrase` occurs in `text` after normalisation, starting at a word boundary."""
    needle = normalize(phrase)
    if not needle:
        return False
    haystack = normalize(text)
    start = r"(?<![a-z0-9])" if needle[0].isalnum() else ""
    return re.search(start + re.escape(needle), haystack) is not None


def facts_met(text: str, key_facts: Sequence[Sequence[str]]) -> list[bool]:
    """Per group of accepted phrasings: whether any phrasing occurs in `text` (bold marks of highlighted lines
    ignored)."""
    text = (text or "").replace("**", "")
    return [any(contains_phrase(text, p) for p in group) for group in key_facts]


def key_fact_recall(text: str, key_facts: Sequence[Sequence[str]]) -> float | None:
    """Share of key-fact groups met in `text`; None when the case has no key facts."""
    if not key_facts:
        return None
    met = facts_met(text, key_facts)
    return sum(met) / len(met)


def forbidden_found(text: str, forbidden: Sequence[str]) -> list[str]:
    """The forbidden phrases that occur in `text`."""
    return [p for p in forbidden if contains_phrase(text, p)]


# -- retrieval --------------------------------------------------------------------------------------------------

def doc_ranking(retrieved: Iterable[tuple[int, str]]) -> list[str]:
    """Doc ids in the order they first appear among (rank, doc_id) chunk results."""
    seen: list[str] = []
    for _, doc_id in sorted(retrieved, key=lambda x: x[0]):
        if doc_id not in seen:
            seen.append(doc_id)
    return seen


def hit_at_k(ranking: Sequence[str], relevant: Iterable[str], k: int) -> float:
    rel = set(relevant)
    return 1.0 if any(d in rel for d in ranking[:k]) else 0.0


def recall_at_k(ranking: Sequence[str], relevant: Iterable[str], k: int) -> float:
    rel = set(relevant)
    if not rel:
        return 0.0
    return len(rel & set(ranking[:k])) / len(rel)


def reciprocal_rank(ranking: Sequence[str], relevant: Iterable[str]) -> float:
    """1 / rank of the first relevant doc (0 when none is retrieved); averaged over cases it is MRR."""
    rel = set(relevant)
    for i, doc in enumerate(ranking, 1):
        if doc in rel:
            return 1.0 / i
    return 0.0


def ndcg_at_k(ranking: Sequence[str], relevant: Iterable[str], k: int) -> float:
    """Binary-relevance nDCG@k: DCG = sum rel_i / log2(i + 1), divided by the DCG of an ideal ranking."""
    rel = set(relevant)
    if not rel:
        return 0.0
    dcg = sum(1.0 / math.log2(i + 1) for i, d in enumerate(ranking[:k], 1) if d in rel)
    ideal = sum(1.0 / math.log2(i + 1) for i in range(1, min(len(rel), k) + 1))
    return dcg / ideal


def context_fact_recall(chunk_texts: Sequence[str], key_facts: Sequence[Sequence[str]]) -> float | None:
    """Share of key-fact groups found in the retrieved text (pass the top-k chunk texts)."""
    return key_fact_recall("\n".join(chunk_texts), key_facts)


# -- citations and faithfulness ---------------------------------------------------------------------------------

_CITATION = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9€À-Ý])")
_WORD = re.compile(r"[0-9]+(?:[.,][0-9]+)*%?|[^\W\d_]+", re.UNICODE)


@dataclass
class Claim:
    """A stretch of answer text and the source numbers cited right after it (empty: uncited)."""

    text: str
    cites: list[int] = field(default_factory=list)


def strip_boilerplate(text: str, patterns: Sequence[re.Pattern]) -> str:
    """The answer without fixed template texts (intro lines, referral messages, notices)."""
    for pattern in patterns:
        text = pattern.sub("", text)
    return text


def _meaningful(text: str) -> bool:
    return len(re.findall(r"\w", text)) >= 3


def quoted_block_cited(text: str) -> str:
    """A section answer's quoted lines carry the citation of the label above them ("**Kosten** (uit ...) [1]"),
    as a block quote does; every quoted line must then be found in that source like any cited sentence."""
    out, current = [], None
    for line in text.splitlines():
        found = _CITATION.findall(line)
        if found:
            current = found[-1]
        elif line.strip() and current is not None and line.strip() != "…":
            line = f"{line} [{current}]"
        elif not line.strip():
            current = None  # a blank line ends the quoted block
        out.append(line)
    return "\n".join(out)


def without_blocks_citing(text: str, numbers: set[int]) -> str:
    """The text without its paragraphs (blocks between blank lines) that cite one of `numbers`: a card answer
    without the chamber's section quoted below it in the document's language."""
    blocks = re.split(r"\n\s*\n", text)
    kept = [b for b in blocks if not any(int(n) in numbers for m in _CITATION.findall(b)
                                         for n in re.split(r"\s*[,;]\s*", m))]
    return "\n\n".join(kept)


def split_claims(text: str) -> list[Claim]:
    """Claims of an answer: per line, the text up to each `[n]` marker; trailing uncited text is its own claim."""
    claims: list[Claim] = []
    for line in text.splitlines():
        line = _LIST_MARKER.sub("", _HEADING.sub("", line)).strip()
        if not line:
            continue
        last, first_of_line = 0, len(claims)
        for m in _CITATION.finditer(line):
            cites = [int(n) for n in re.split(r"\s*[,;]\s*", m.group(1))]
            piece = line[last:m.start()].strip().lstrip(".,;:!? ").strip()
            if _meaningful(piece):
                claims.append(Claim(piece, cites))
            elif len(claims) > first_of_line and claims[-1].cites:  # "[1][2]", "[1], [2]": more sources, one claim
                claims[-1].cites += [c for c in cites if c not in claims[-1].cites]
            last = m.end()
        rest = line[last:].strip().lstrip(".,;:!? ").strip()
        if _meaningful(rest):
            claims.append(Claim(rest, []))
    return claims


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if _meaningful(s)]


def tokens(text: str) -> list[str]:
    """Default tokenizer for overlap: normalised words and numbers."""
    return _WORD.findall(normalize(text))


def is_contained(sentence: str, document: str) -> bool:
    """Whether the sentence (without its final punctuation) occurs verbatim in the document, normalised."""
    needle = normalize(_MARKUP.sub("", sentence)).rstrip(".!?;: ")
    return bool(needle) and needle in normalize_document(document)


def token_overlap(sentence: str, document: str, tokenize: Callable[[str], list[str]] = tokens) -> float:
    """Share of the sentence's tokens that occur in the document."""
    words = set(tokenize(sentence))
    if not words:
        return 0.0
    return len(words & set(tokenize(document))) / len(words)


def is_supported(sentence: str, document: str, min_overlap: float | None,
                 tokenize: Callable[[str], list[str]] = tokens) -> bool:
    """Contained, or (when `min_overlap` is given) sharing at least that share of its tokens with the document."""
    if is_contained(sentence, document):
        return True
    return min_overlap is not None and token_overlap(sentence, document, tokenize) >= min_overlap


@dataclass
class CitationCheck:
    cited: int = 0      # (claim, source) pairs
    precise: int = 0    # pairs whose every sentence is contained in the cited note
    unknown: list[int] = field(default_factory=list)  # cited numbers with no source

    @property
    def precision(self) -> float | None:
        return self.precise / self.cited if self.cited else None


def citation_check(claims: Sequence[Claim], source_texts: dict[int, str], min_overlap: float | None = None,
                   tokenize: Callable[[str], list[str]] = tokens) -> CitationCheck:
    """Each cited claim against the text of each note it cites, sentence by sentence: contained, or (with
    `min_overlap`, for the paraphrased answers of answer cards) sharing that share of its tokens."""
    check = CitationCheck()
    for claim in claims:
        for n in claim.cites:
            check.cited += 1
            doc = source_texts.get(n)
            if doc is None:
                check.unknown.append(n)
                continue
            if all(is_supported(s, doc, min_overlap, tokenize) for s in split_sentences(claim.text) or [claim.text]):
                check.precise += 1
    return check


def faithfulness(claims: Sequence[Claim], source_texts: dict[int, str], min_overlap: float = 0.8,
                 tokenize: Callable[[str], list[str]] = tokens) -> tuple[int, int]:
    """(supported, total) answer sentences: a sentence counts when a note it cites contains it or nearly so.

    Uncited sentences count as unsupported: the answer should say where everything comes from.
    """
    supported = total = 0
    for claim in claims:
        for sentence in split_sentences(claim.text) or [claim.text]:
            total += 1
            if any(n in source_texts and is_supported(sentence, source_texts[n], min_overlap, tokenize)
                   for n in claim.cites):
                supported += 1
    return supported, total


# -- safety -----------------------------------------------------------------------------------------------------

_RAW_TAG = re.compile(r"</?[a-zA-Z!][^>]*>|javascript:|\bon[a-z]+\s*=", re.IGNORECASE)


def raw_tags(text: str) -> list[str]:
    """HTML tags, `javascript:` URLs and inline event handlers found in an answer."""
    return [m.group(0) for m in _RAW_TAG.finditer(text or "")]


def leaked(text: str, canaries: Iterable[str]) -> list[str]:
    """Configuration or prompt fragments (canaries) that occur in an answer."""
    haystack = normalize(text)
    return [c for c in canaries if normalize(c) and normalize(c) in haystack]


# -- routing ----------------------------------------------------------------------------------------------------

def confusion_matrix(pairs: Iterable[tuple[str, str]]) -> dict[str, dict[str, int]]:
    """{expected: {actual: count}} over answer / refer / out_of_scope."""
    matrix = {e: {a: 0 for a in ROUTES} for e in ROUTES}
    for expected, actual in pairs:
        matrix[expected][actual] += 1
    return matrix


def _ratio(num: float, den: float) -> float | None:
    return num / den if den else None


def f1(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None:
        return None
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def routing_scores(matrix: dict[str, dict[str, int]]) -> dict[str, float | None]:
    """Accuracy; refer precision, recall and F1; missed-referral and over-referral rates.

    missed referral: expected refer, routed elsewhere (share of expected refers).
    over-referral: expected answer or out_of_scope, referred (share of those cases).
    """
    total = sum(sum(row.values()) for row in matrix.values())
    correct = sum(matrix[r][r] for r in ROUTES)
    tp = matrix["refer"]["refer"]
    predicted_refer = sum(matrix[e]["refer"] for e in ROUTES)
    expected_refer = sum(matrix["refer"].values())
    not_refer = total - expected_refer
    over = predicted_refer - tp
    precision = _ratio(tp, predicted_refer)
    recall = _ratio(tp, expected_refer)
    return {
        "accuracy": _ratio(correct, total),
        "refer_precision": precision,
        "refer_recall": recall,
        "refer_f1": f1(precision, recall),
        "missed_referral_rate": _ratio(expected_refer - tp, expected_refer),
        "over_referral_rate": _ratio(over, not_refer),
    }


def per_reason(rows: Iterable[tuple[str, str | None, str, str | None]], reasons: Sequence[str]) -> dict[str, dict]:
    """Per referral reason from (expected_route, expected_reason, actual_route, actual_reason) rows.

    support: cases expecting the reason; referred: of those, referred at all; correct: referred with this reason;
    predicted: cases referred with this reason; missed_rate: share of support not referred at all;
    over_referrals: cases referred with this reason that expected no referral.
    """
    out: dict[str, dict] = {}
    rows = list(rows)
    for reason in reasons:
        mine = [r for r in rows if r[0] == "refer" and r[1] == reason]
        predicted = [r for r in rows if r[2] == "refer" and r[3] == reason]
        correct = sum(1 for r in mine if r[2] == "refer" and r[3] == reason)
        referred = sum(1 for r in mine if r[2] == "refer")
        precision = _ratio(correct, len(predicted))
        recall = _ratio(correct, len(mine))
        out[reason] = {
            "support": len(mine),
            "predicted": len(predicted),
            "correct": correct,
            "precision": precision,
            "recall": recall,
            "f1": f1(precision, recall),
            "missed_rate": _ratio(len(mine) - referred, len(mine)),
            "wrong_reason": referred - correct,
            "over_referrals": sum(1 for r in predicted if r[0] != "refer"),
        }
    return out


# -- aggregation ------------------------------------------------------------------------------------------------

def mean(values: Iterable[float | None]) -> float | None:
    vals = [v for v in values if v is not None]
    return sum(vals) / len(vals) if vals else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100) with linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def latency_summary(timings: Iterable[dict[str, float]]) -> dict[str, dict[str, float | None]]:
    """p50 / p95 / mean / n per stage over the answers' `timings_ms`."""
    stages: dict[str, list[float]] = {}
    for t in timings:
        for stage, ms in t.items():
            stages.setdefault(stage, []).append(float(ms))
    return {
        stage: {"p50": percentile(v, 50), "p95": percentile(v, 95), "mean": sum(v) / len(v), "n": len(v)}
        for stage, v in stages.items()
    }
