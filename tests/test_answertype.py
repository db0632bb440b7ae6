"""What kind of fact a question asks for, and which line states it (assistant.answertype)."""

from __future__ import annotations

import pytest

from assistant.answertype import asked_kinds, states


@pytest.mark.parametrize(("question", "kinds"), [
    ("wanneer is dat webinar precies en hoe laat?", {"date", "time"}),
    ("hoelang heb ik nog om die code in te voeren?", {"duration"}),
    ("binnen hoeveel tijd moeten we de winnaar bekendmaken?", {"duration"}),  # not also a count
    ("hoeveel kost een gesprek voor niet-leden?", {"amount"}),
    ("how much does the workshop cost?", {"amount"}),
    ("welk formaat moet een pin hebben?", {"size"}),
    ("how many reviews did they end up with?", {"count"}),
    ("who is giving the session?", {"person"}),
    ("how do I make a collab post?", set()),
    ("moet ik dan toch betalen?", set()),  # yes or no, not an amount
])
def test_the_kind_of_fact_a_question_asks_for(question, kinds):
    assert asked_kinds(question) == kinds


def test_a_line_that_states_the_kind_asked_for_is_told_from_one_with_any_number():
    when = asked_kinds("wanneer is het webinar en hoe laat?")
    assert states("Donderdag 22 april 2027, 12.00 - 13.00 uur", when)
    assert not states("Lunchwebinar: je Google Bedrijfsprofiel op orde.", when)
    how_long = asked_kinds("how long is the code valid?")
    assert states("De code is 30 dagen geldig.", how_long)
    assert not states("Google stuurt een kaart met een code van 5 cijfers naar je adres.", how_long)
    size = asked_kinds("hoe groot mogen de foto's zijn?")
    assert states("Houd afbeeldingen onder de 200 KB.", size) and states("Standaard: 1000 x 1500 pixels", size)
    who = asked_kinds("who is giving the session?")
    assert states("Sprekers: Marloes Dijkhuis en Fleur Mulder", who)
    assert states("Neem contact op met Youssef El Amrani, adviseur social media.", who)
    assert not states("Je gaat aan de slag met een planning voor juni, juli en augustus.", who)
    assert states("Per webinar: leden EUR 15, niet-leden EUR 35.", asked_kinds("what does it cost?"))
    assert states("Deelname is gratis.", asked_kinds("wat kost het?"))
