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
    ("kan ik me ook telefonisch aanmelden? welk nummer", {"phone"}),
    ("what's the email address for signing up?", {"email"}),
    # How soon is a duration ("binnen 48 uur", "twee weken vooraf"); own documents dev8 and dev7.
    ("iemand zette een review op google. hoe snel moet ik daar op reageren?", {"duration"}),
    ("how fast should i reply to dms?", {"duration"}),
    ("hoeveel op voorhand kondig ik mijn verlof aan?", {"duration"}),
    ("bij wie kan ik terecht? liefst met een telefoonnr", {"phone", "person"}),
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


def test_a_phone_number_or_an_e_mail_address_is_told_from_other_numbers():
    phone, email = asked_kinds("welk nummer bel ik?"), asked_kinds("op welk mailadres?")
    for number in ("0529 45 31 84", "0318 64 29 10", "+31 6 12345678", "014 44 55 66", "+32 (0) 14 44 55 66"):
        assert states(f"Bel {number}.", phone), number
    for other in ("In 2026 kwamen 1240 reacties binnen.", "1.240 reacties en 12.500 euro", "Open 9.00 - 17.00 uur"):
        assert not states(other, phone), other
    assert states("Mail ontbijtcafe@ondernemershuis-vechtdal.nl.", email) and not states("Mail ons.", email)
    # and they state no count, time or amount: "Bel 0318 64 29 10" led an answer to "how many times can I come?"
    how_many = asked_kinds("how many times can i use the free consultation?")
    assert not states("Bel 0318 64 29 10 of mail online@valleiland.nl.", how_many)
    assert not states("Nieuwe Stationsstraat 12, 6711 AB Ede", asked_kinds("hoe laat?"))
    assert states("Leden: gratis, maximaal 2 gesprekken per reeks.", how_many)
