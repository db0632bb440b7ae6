"""What kind of fact a question asks for, and whether a line states that kind.

"Hoe laat begint het?" asks for a time of day, "hoe lang is de code geldig?" for a duration, "wat kost het?" for
an amount, "welk nummer bel ik?" for a phone number: a line that states the kind asked for answers better than a
line with any number in it (own documents:
"Lunchwebinar: je Google Bedrijfsprofiel op orde." led an answer to "wanneer is dat webinar en hoe laat?" over
"Donderdag 22 april 2027, 12.00 - 13.00 uur"). Dutch and English; a question may ask for several kinds.
"""

from __future__ import annotations

import re

_WORD_NUMBER = r"(?:\d+(?:[.,]\d+)?|een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twaalf|veertien|" \
               r"one|two|three|four|five|six|seven|eight|nine|ten|twelve|fourteen|a)"
_MONTHS = (r"januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
           r"january|february|march|may|june|july|august|october|"
           r"jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|oct|nov|dec")
_DAYS = (r"maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|"
         r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend")

# (kind, how a question asks for it): the first kinds are the more specific ("binnen hoeveel tijd" asks for a
# duration, "hoeveel kost" for an amount, both before "hoeveel").
_ASKS = (
    ("phone", r"telefoonnummer|telefoonnr|tel\.? ?nr|telefonisch|welk nummer|op welk nummer|nummer bellen|bellen|bel ik|phone|telephone|"
              r"call you|call them|which number|what number"),
    ("email", r"e-?mailadres|mailadres|mailen|per mail|via mail|e-?mail address|email you|by e-?mail|via e-?mail"),
    ("time", r"hoe ?laat|what time|at what hour|welk tijdstip|welke tijd|hoe vroeg|how early|openingstijden|"
             r"opening hours"),
    ("duration", r"hoe ?lang|how long|hoeveel tijd|how much time|binnen hoeveel|within how many|hoeveel dagen|"
                 r"hoeveel weken|hoeveel maanden|how many (?:days|weeks|months|hours)|termijn|deadline|"
                 r"hoe (?:snel|vlug|rap)|how (?:fast|quickly|soon)|how far (?:ahead|in advance)|"
                 r"hoeveel (?:tijd )?(?:op voorhand|vooraf|van tevoren|vantevoren)"),
    ("amount", r"wat kost|kost (?:het|dat|die|dit)|hoeveel kost|hoe duur|kosten|how much (?:does|is|will|do|are)|"
               r"what does (?:it|that|this|the \w+) cost|costs?|prices?|prijs|prijzen|tarief|fee"),
    ("size", r"hoe groot|welke maat|what size|which size|how big|how large|"
             r"dimensions?|formaat|afmetingen?|resolutie|resolution|hoeveel tekens|how many characters"),
    ("date", r"wanneer|when|welke dag|which day|what day|welke datum|what date|welke maand|which month"),
    ("count", r"hoeveel|how many|aantal|number of|how much"),
    ("person", r"wie|who|whom|contactpersoon|contact person|naam van|name of"),
)
_ASKS_RE = [(kind, re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)) for kind, pattern in _ASKS]

# How a line states each kind.
_STATES = {
    "phone": re.compile(r"(?<![\d,.])(?:\+\d{2}[ -]?(?:\(0\) ?)?|0)\d(?:[ -]?\d){7,9}(?![\d,.]\d)"),  # NL and BE
    "email": re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b"),
    "time": re.compile(r"\b\d{1,2}[.:]\d{2}\b|\b\d{1,2} ?uur\b|\b\d{1,2} ?(?:am|pm|a\.m\.|p\.m\.)", re.IGNORECASE),
    "duration": re.compile(rf"\b{_WORD_NUMBER}\s+(?:\w+\s+)?(?:seconden|seconde|minuten|minuut|uur|uren|werkdagen|"
                           r"dagen|dag|weken|week|maanden|maand|jaar|jaren|seconds?|minutes?|hours?|working days|"
                           r"business days|days?|weeks?|months?|years?)\b", re.IGNORECASE),
    "amount": re.compile(r"[€$] ?\d|\b\d[\d.,]*(?:,-)? ?(?:euro|eur)\b|\b(?:eur|euro) ?\d|\bgratis\b|\bfree\b|"
                         r"\bkosteloos\b|\bno charge\b", re.IGNORECASE),
    "size": re.compile(r"\b\d+ ?[x×] ?\d+\b|\b\d+(?:[.,]\d+)? ?(?:pixels?|px|kb|mb|gb|tekens|characters|"
                       r"woorden|words|seconden|seconds|cm|mm)\b|\b\d{1,2}:\d{1,2}\b", re.IGNORECASE),
    "date": re.compile(rf"\b\d{{1,2}} (?:{_MONTHS})\b|\b(?:{_MONTHS}) \d{{1,2}}\b|\b(?:{_DAYS})\b|"
                       rf"\b\d{{1,2}}[-/]\d{{1,2}}(?:[-/]\d{{2,4}})?\b|\b(?:half |begin |eind |medio )?(?:{_MONTHS})\b",
                       re.IGNORECASE),
    "count": re.compile(r"\d|\b(?:twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twaalf|honderd|duizend|helft|"
                        r"two|three|four|five|six|seven|eight|nine|ten|twelve|hundred|thousand|half|dozen)\b",
                        re.IGNORECASE),
    # A name: two or more capitalised words, the first not opening the line ("Sprekers: Marloes Dijkhuis").
    "person": re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-zé]+(?: (?:van|de|der|den|ter|ten|El|el|van der|van den))?"
                         r" [A-Z][a-zé]+\b"),
}


def asked_kinds(question: str) -> set[str]:
    """The kinds of fact a question asks for (empty when it asks for none of them: "how do I ...?")."""
    kinds = set()
    rest = question
    for kind, pattern in _ASKS_RE:
        if pattern.search(rest):
            kinds.add(kind)
            rest = pattern.sub(" ", rest)  # "hoeveel kost" is an amount, not also a count
    return kinds


CONTACT_KINDS = frozenset({"phone", "email"})
_WEB_OR_POSTCODE = re.compile(r"https?://\S+|www\.\S+|\b\d{4} ?[A-Z]{2}\b")


def states(text: str, kinds: set[str]) -> bool:
    """Whether a line states one of the kinds of fact asked for. A phone number, an e-mail or web address and a
    postcode state no count, time or amount ("Bel 0318 64 29 10" answers no "how many times?")."""
    text = re.sub(r"\[\d+\]", " ", text)
    if any(_STATES[kind].search(text) for kind in kinds & CONTACT_KINDS):
        return True
    for kind in ("email", "phone"):
        text = _STATES[kind].sub(" ", text)
    text = _WEB_OR_POSTCODE.sub(" ", text)
    return any(_STATES[kind].search(text) for kind in kinds - CONTACT_KINDS)
