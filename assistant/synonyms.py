"""Words that mean the same in a chamber's domain, for matching a question's words with a document's.

An entrepreneur types "opgeven" where the page says "aanmelden", "afzeggen" where it says "afmelden", "gsm" where
it says "mobiel". The encoder does not carry a short question that far, and the word match misses it. A synonym
list the maintainers and staff edit (`knowledge/synonyms.yaml`, one list of equivalent words or expressions per
group, Dutch and English apart), as a search engine's synonym filter: a question's word counts as found in a
section that holds any word of its group, and an expression of the group in the question ("kan niet komen") stands
for the group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from assistant.crosslingual import read_word_file
from assistant.text import stems


@dataclass(frozen=True)
class Term:
    """A word of a question as matched with a section: any of `stems` found counts; `stem` is the question's own
    word (None for a group named by an expression, which has no single word of its own)."""
    stem: str | None
    stems: frozenset[str]


class Synonyms:
    """Groups of equivalent words per language."""

    def __init__(self, groups: dict[str, list[list[str]]] | None = None):
        self._group: dict[str, dict[str, frozenset[str]]] = {}   # language -> word stem -> its group's word stems
        self._phrases: dict[str, list[tuple[re.Pattern, frozenset[str]]]] = {}  # language -> expression, group
        self._size = 0
        for language, lists in (groups or {}).items():
            table = self._group.setdefault(language, {})
            phrases = self._phrases.setdefault(language, [])
            for members in lists or []:
                members = [" ".join(str(m).lower().split()) for m in members or [] if str(m).strip()]
                # a word's own stem, not its parts: "face-to-face" is no synonym of "face" or "to"
                single = frozenset(found[0] for m in members if " " not in m
                                   if (found := stems(m, language, drop_stopwords=False)))
                if len(members) < 2 or not single:
                    continue
                self._size += 1
                for stem in single:
                    table[stem] = table.get(stem, frozenset()) | single
                phrases += [(re.compile(rf"(?<!\w){re.escape(m)}(?!\w)"), single) for m in members if " " in m]

    @classmethod
    def load(cls, path: Path) -> Synonyms:
        """The synonym file; none when there is none or it cannot be read (see `read_word_file`)."""
        return cls(read_word_file(path, "synonyms", "'nl:' and 'en:', each a list of groups like '- [aanmelden, "
                                  "inschrijven]'", lambda d: all(isinstance(v, list) for v in d.values())))

    def __len__(self) -> int:
        return self._size

    def terms(self, question: str, language: str) -> list[Term]:
        """The question's word stems, each with its group's, and a term for each group an expression of the
        question names (unless one of its words is in the question already)."""
        table = self._group.get(language, {})
        own = list(dict.fromkeys(stems(question, language)))
        found = [Term(s, table.get(s, frozenset()) | {s}) for s in own]
        lowered = " ".join(question.lower().replace("’", "'").split())
        for pattern, group in self._phrases.get(language, []):
            if pattern.search(lowered) and not any(group & t.stems for t in found):
                found.append(Term(None, group))
        return found
