"""How well each sentence of a card's answer is supported by the notes it cites (`assistant cards check --support`).

A card's answer is a paraphrase, so a sentence counts as supported when at least `MIN_SHARE` of its word stems occur
in each note it cites: the share the eval's citation check asks of card answers (`evals.context.GradingContext`).
A sentence that joins two notes' facts under [1][2] is supported by neither; say each note's part in its own
sentence, in words close to the note's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.text import split_sentences, stems

MIN_SHARE = 0.8
_MARKER = re.compile(r"\[(\d+)\]")


def unsupported_sentences(cards: Sequence, min_share: float = MIN_SHARE) -> list[str]:
    """One line per (card sentence, cited note) whose note holds less than `min_share` of the sentence's words."""
    lines = []
    for card in cards:
        for language, text in card.texts.items():
            notes = card.notes.get(language) or ()
            for sentence in split_sentences(text.answer):
                words = set(stems(_MARKER.sub(" ", sentence), language))
                for n in sorted({int(x) for x in _MARKER.findall(sentence)}):
                    if not words or not 0 < n <= len(notes):
                        continue
                    note = notes[n - 1]
                    share = len(words & set(stems(note.body, language))) / len(words)
                    if share < min_share:
                        lines.append(f"{card.id} ({language}) [{n}] {note.doc_id}: {share:.0%} of its words in the "
                                     f"note: {_MARKER.sub('', sentence).strip()[:120]}")
    return lines
