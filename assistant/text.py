"""Language detection, cleaning, stemmed tokens and sentence splitting (pure functions, cheap to import)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import nh3

# Small stop-word lists: enough to tell content words from glue words in questions.
STOPWORDS = {
    "nl": set(
        """de het een en of maar dat die dit deze is zijn was waren ben bent wordt worden werd kan kun kunt
        kunnen moet moeten mag mogen wil wilt willen zal zou zouden heb hebt heeft hebben had in op aan bij
        van voor met om over naar uit tot door als dan ook nog niet geen wel al er hier daar wat wie waar
        hoe waarom welke wanneer ik je jij u we wij ze zij hij mij mijn jouw uw ons onze hun haar hem me
        mezelf zich te zo veel meer meest heel erg toch even eens gewoon hoeveel welk waarvoor volgens
        doen doet deed deden voordat nadat toen ging gaat gaan komt kwam kreeg krijgt zegt zei ooit nu dus
        want omdat terwijl zoals echt iets iemand bedoelt bedoel betekent""".split()
    ),
    "en": set(
        """the a an and or but that this these those is are was were be been being do does did can could
        should would will shall may might must have has had in on at by of for with to from about into as
        than then also not no yes what who where how why which when i you we they he she it my your our
        their his her me us them its so very much more most just there here some any many according
        does did before after went goes go get got says said mean means something someone""".split()
    ),
}

_TOKEN = re.compile(r"[0-9]+(?:[.,][0-9]+)*%?|[^\W\d_]+(?:[-'][^\W\d_]+)*", re.UNICODE)
_TAG = re.compile(r"<[^>]*>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")
# Invisible format characters (zero-width spaces and joiners, direction marks, byte-order marks) are dropped.
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")

_NL_HINTS = set(
    "de het een zijn hoe wat wie waar waarom welke welk wanneer ik mijn je jij u onze bedrijf ondernemer niet "
    "geen voor met kan kun moet wil heb hebben wordt doe ook nog dat die deze dit bij van en hoeveel mag "
    "moeten kunnen zijn volgens over naar".split()
)
_EN_HINTS = set(
    "the are how what who why which i my you your our business company not no for with can should do "
    "does have has will would this that these and of to a an much many according about".split()
)


def clean_text(text: str) -> str:
    """Plain text from user input: tags removed, entities decoded, control characters dropped, spaces folded."""
    text = unicodedata.normalize("NFC", text or "")
    text = _CONTROL.sub(" ", _INVISIBLE.sub("", text))
    if "<" in text or "&" in text:
        # nh3 drops every tag (script and style with their content); unescape what it leaves escaped.
        import html

        text = html.unescape(nh3.clean(text, tags=set(), clean_content_tags={"script", "style"}))
        text = _TAG.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=1)
def _langid():
    from py3langid.langid import _load_identifier

    return _load_identifier(norm_probs=True, langs=["nl", "en"])


def detect_language(text: str, default: str = "nl") -> str:
    """'nl' or 'en' for a question; stop-word hints first (robust on short text), langid as tie-breaker."""
    words = [w.lower() for w in _TOKEN.findall(text)]
    if not words:
        return default
    nl = sum(w in _NL_HINTS for w in words)
    en = sum(w in _EN_HINTS for w in words)
    if nl != en:
        return "nl" if nl > en else "en"
    lang, prob = _langid().classify(text)
    if prob < 0.6:
        return default if nl == en else ("nl" if nl > en else "en")
    return lang


@lru_cache(maxsize=4)
def _stemmer(language: str):
    import Stemmer

    return Stemmer.Stemmer("dutch" if language == "nl" else "english")


def words(text: str) -> list[str]:
    """Lower-cased word and number tokens."""
    return [t.lower() for t in _TOKEN.findall(text)]


# Dutch plurals the stemmer does not bring back to their singular ("leden" -> "leed", "lid" -> "lid"): "als je geen
# lid bent" must find "niet-leden betalen 95 euro".
_NL_IRREGULAR = {"leden": "lid", "kinderen": "kind", "steden": "stad", "schepen": "schip", "eieren": "ei",
                 "bladeren": "blad", "gelegenheden": "gelegenheid", "bevoegdheden": "bevoegdheid"}


def stems(text: str, language: str, drop_stopwords: bool = True) -> list[str]:
    """Stemmed content tokens in the given language (numbers kept as they are; compounds with a hyphen also
    give their parts, so "social media-strategie" matches "strategie")."""
    stop = STOPWORDS.get(language, set()) if drop_stopwords else set()
    irregular = _NL_IRREGULAR if language == "nl" else {}
    tokens = []
    for w in words(text):
        parts = [w, *w.split("-")] if "-" in w else [w]
        tokens += [irregular.get(p, p) for p in parts if p not in stop and (len(p) > 1 or p.isdigit())]
    return _stemmer(language).stemWords(tokens)


def compound_heads(terms: set[str], shortest: int = 5, modifier: int = 3) -> set[str]:
    """The possible heads of Dutch compounds written as one word: every ending of at least `shortest` letters
    after at least `modifier` letters ("praktijkvoorbeeld" holds "voorbeeld", "webwinkel" holds "winkel"), so
    a question's "voorbeeld" finds the heading "Praktijkvoorbeeld". Endings that are no word match nothing."""
    return {term[i:] for term in terms if len(term) >= shortest + modifier and not term.isdigit()
            for i in range(modifier, len(term) - shortest + 1)}


_NAME_WORD = re.compile(r"(?<![.!?:]\s)(?<!^)\b([A-Z][\w'’-]*)")


def name_stems(text: str, language: str) -> set[str]:
    """Stems of the words written with a capital inside a sentence: names of companies, people and places
    ("Has Bean", "Van Huijstee", "Zeeland"), which a question may type in lower case."""
    found = " ".join(m.group(1) for m in _NAME_WORD.finditer(text, 1))
    return set(stems(found, language, drop_stopwords=False))


_ABBREVIATIONS = ("o.b.v.", "t.o.v.", "o.a.", "bijv.", "e.g.", "i.e.", "etc.", "ca.", "nr.", "vs.", "d.w.z.", "m.b.t.")
_ABBREVIATION_RE = re.compile("|".join(re.escape(a) for a in _ABBREVIATIONS), re.IGNORECASE)
# The split point is after closing quotes and brackets, so they stay with their sentence.
_SENTENCE_END = re.compile(r"(?<=[.!?][\"”’)])\s+(?=[\"“‘(]?[A-Z0-9€À-Ý])|(?<=[.!?])\s+(?=[\"“‘(]?[A-Z0-9€À-Ý])")


_LIST_ITEM = re.compile(r"^([-*•]|\d+[.)])\s+")
SHORT_LIST_CHARS = 400


def _split_part(part: str) -> list[str]:
    # Dots of abbreviations are hidden from the splitter, then put back.
    protected = _ABBREVIATION_RE.sub(lambda m: m.group(0).replace(".", "\x00"), part)
    pieces = []
    for piece in _SENTENCE_END.split(protected):
        piece = re.sub(r"[*_`]{1,3}", "", piece.replace("\x00", ".")).strip()
        if len(piece) > 2:
            pieces.append(piece)
    return pieces


def split_passages(text: str) -> list[list[str]]:
    """Sentences of a Markdown-ish text, grouped: a short list with the lead-in ending in ":" before it is one
    passage ["KPIs include:", "reach", "clicks"]; every other sentence is a passage of its own. Headings drop."""
    out: list[list[str]] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [ln.strip() for ln in block.splitlines() if ln.strip() and not ln.strip().startswith("#")]
        if not lines:
            continue
        items = [_LIST_ITEM.sub("", ln) for ln in lines if _LIST_ITEM.match(ln)]
        lead = [ln for ln in lines if not _LIST_ITEM.match(ln)]
        if lead:
            out += [[sentence] for sentence in _split_part(" ".join(lead))]
        item_sentences = [sentence for item in items for sentence in _split_part(item)]
        if not item_sentences:
            continue
        if out and len(out[-1]) == 1 and out[-1][0].endswith(":") and sum(map(len, item_sentences)) <= SHORT_LIST_CHARS:
            out[-1] += item_sentences
        else:
            out += [[sentence] for sentence in item_sentences]
    return out


def split_sentences(text: str) -> list[str]:
    """Sentences of a Markdown-ish text; headings dropped, list items kept as their own sentences."""
    return [sentence for passage in split_passages(text) for sentence in passage]


def item_leads(text: str) -> dict[str, str]:
    """For each later sentence of a list item, the item's first sentence, which names what the item is about
    ("Briefkaart: Google stuurt een kaart ..." | "De code is 30 dagen geldig."; "Collab-post op Instagram." |
    "Een post verschijnt in de feed van ..."). Likewise for the items under a numbered item (right below it, or
    indented under an item), which its line names ("4. Lunchwebinar: je Google Bedrijfsprofiel op orde" |
    "- Donderdag 22 april 2027, 12.00 - 13.00 uur")."""
    leads: dict[str, str] = {}
    parent, parent_indent, parent_numbered = "", -1, False  # the item the next items hang under, its indent
    for line in text.splitlines():
        stripped = line.strip()
        marker = _LIST_ITEM.match(stripped)
        if not marker:
            parent, parent_indent = "", -1
            continue
        indent = len(line) - len(line.lstrip())
        sentences = _split_part(_LIST_ITEM.sub("", stripped))
        numbered = marker.group(1)[0].isdigit()
        under = parent if parent and (indent > parent_indent or (not numbered and indent == parent_indent
                                                                 and parent_numbered)) else ""
        for at, sentence in enumerate(sentences):
            lead = " ".join(x for x in (under, sentences[0] if at else "") if x)
            if lead:
                leads.setdefault(sentence, lead)
        if not under:
            parent, parent_indent, parent_numbered = " ".join(sentences), indent, numbered
    return leads


_CHAT_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")
_ANOTHER_QUESTION = re.compile(
    r"^(en|ook|verder|trouwens|andere vraag|nog een vraag|los daarvan|and|also|another question|besides|btw|plus)\b"
    r"|^(wat|hoe|waarom|wanneer|welke?|hoeveel|wie|waar|kan|kun|mag|moet|is|zijn|what|how|why|when|which|who|where|can|"
    r"should|do|does|is|are)\b", re.IGNORECASE)


def question_parts(message: str) -> list[str]:
    """The questions of a chat message that asks several things, each with the sentences that lead up to it
    ("ik heb een dansschool. mag ik foto's van de kinderen plaatsen?" | "en wat voor doelen stellen anderen?");
    chat is typed in lower case, so any sentence end counts. None for a message that asks one thing."""
    parts: list[str] = []
    current: list[str] = []
    for sentence in (x.strip() for x in _CHAT_SENTENCE_END.split(message)):
        if not sentence:
            continue
        current.append(sentence)
        if sentence.endswith(("?", ";")) and len(" ".join(current).split()) >= 3:
            parts.append(" ".join(current))
            current = []
    if current and parts:
        # What follows the last question belongs to it ("ouders vinden het leuk."), unless it opens another one
        # without a question mark ("en andere vraag: wat voor doelen stellen anderen, ik post maar wat").
        opens = next((i for i, x in enumerate(current) if _ANOTHER_QUESTION.match(x)), None)
        if opens is not None and len(" ".join(current[opens:]).split()) >= 5:
            parts[-1] += "".join(" " + x for x in current[:opens])
            parts.append(" ".join(current[opens:]))
        else:
            parts[-1] += " " + " ".join(current)
    return parts if len(parts) > 1 else []


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


_FIGURE = re.compile(
    r"\d|\b(helft|kwart|derde|tien|miljoen|half|quarter|third|ten|million|procent|percent|uur|hours?)\b", re.IGNORECASE
)


def has_figure(text: str) -> bool:
    """Whether a text states a number, a share or an amount of time ("29,2%", "de helft", "twee uur")."""
    return bool(_FIGURE.search(re.sub(r"\[\d+\]", " ", text)))
