"""Structure-aware reading of staff documents: headings, lists, tables, PDF pages (assistant.structure)."""

from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT, Settings
from assistant.ingest import load_documents, load_file, split_documents, uploads_dir
from assistant.structure import sections, text_to_markdown
from assistant.text import split_sentences
from assistant.webpage import html_to_markdown

DEV_DOCS = PROJECT_ROOT / "evals" / "own_docs" / "dev" / "docs"

PAGE = """<!doctype html><html><head><title>Workshop Reels | Kamer Noord</title></head><body>
<header><nav><a href="/">Home</a> <a href="/events">Agenda</a></nav></header>
<div class="cookie-banner">Wij gebruiken cookies. <button>Akkoord</button></div>
<main><h1>Workshop Reels maken</h1><p>Leer in drie uur korte video's maken.</p>
<h2>Kosten</h2><ul><li>Leden: 45 euro</li><li>Niet-leden: 95 euro</li></ul>
<h2>Tijden</h2><table><tr><th>Dag</th><th>Tijd</th></tr><tr><td>Dinsdag</td><td>13.30 - 16.30 uur</td></tr></table>
</main><footer>Kamer Noord · Privacy · Cookies</footer></body></html>"""


def test_html_keeps_the_content_with_its_headings_and_lists_and_drops_the_site_around_it():
    title, body = html_to_markdown(PAGE)
    assert title == "Workshop Reels maken"
    assert "## Kosten" in body and "- Leden: 45 euro" in body
    assert "- Dinsdag: Tijd: 13.30 - 16.30 uur" in body  # a table row reads as one item
    for boilerplate in ("Home", "Agenda", "cookies", "Akkoord", "Privacy"):
        assert boilerplate not in body


def test_plain_text_headings_schedules_and_addresses_keep_their_shape():
    title, body = text_to_markdown(
        "WORKSHOP INSTAGRAM - voor leden\n================================\n\n"
        "Leer posten als een pro. Deze zin loopt door op de volgende regel omdat de tekst\n"
        "hard is afgebroken.\n\nWANNEER\n-------\nDinsdag 3 maart.\n  Ochtend:  9.00 uur\n  Middag:  13.30 uur\n\n"
        "WAAR\n----\nKamer Noord, Markt 1, Assen\n2e verdieping, zaal A.\n"
    )
    assert title == "Workshop Instagram - voor leden"
    assert "## Wanneer" in body and "## Waar" in body
    assert "- Ochtend: 9.00 uur\n- Middag: 13.30 uur" in body
    assert "omdat de tekst hard is afgebroken." in body  # the wrapped paragraph is one line again
    assert "Kamer Noord, Markt 1, Assen\n\n2e verdieping" in body  # a short line is its own line


def test_plain_text_lines_cut_short_by_a_long_next_word_or_going_on_in_lower_case_stay_one_paragraph():
    """Fails on the code before: "Reserveer dan een plek via" ended short because the address after it did not fit,
    and became a sentence of its own ("Reserveer dan een plek via.") in the consultation-hours announcement."""
    _, body = text_to_markdown(
        "INLOOPSPREEKUUR\n\nWil je zeker zijn van een tijdstip? Reserveer dan een plek via\n"
        "www.ondernemershuis-valleiland.nl/inloopspreekuur, uiterlijk om 12.00 uur\n"
        "op de werkdag voor het spreekuur. Bellen kan ook: 0318 64 29 10 (maandag\n"
        "t/m vrijdag 9.00 - 17.00 uur).\n\nOndernemershuis Valleiland\nNieuwe Stationsstraat 12\n6711 AB Ede\n"
    )
    assert ("Reserveer dan een plek via www.ondernemershuis-valleiland.nl/inloopspreekuur, uiterlijk om 12.00 uur "
            "op de werkdag voor het spreekuur. Bellen kan ook: 0318 64 29 10 (maandag t/m vrijdag") in body
    assert "Ondernemershuis Valleiland\n\nNieuwe Stationsstraat 12\n\n6711 AB Ede" in body  # an address stays lines


def test_a_label_line_wrapped_mid_sentence_goes_on_on_the_next_line_in_lower_case():
    """Fails on the code before: "Niet-leden: ... te betalen met pin ter" was an item and "plekke. Word je ..." a
    paragraph of its own, so the line that says how to pay read "te betalen met pin ter" and "plekke." was a
    sentence; "(tot en met zaterdag 10 april)." under an item was an item of its own. Label lines in a row stay
    items of their own."""
    _, body = text_to_markdown(
        "SPREEKUUR\n\nKOSTEN\n\nLeden: gratis, maximaal 2 gesprekken per reeks.\n"
        "Niet-leden: 17,50 euro per gesprek (excl. btw), te betalen met pin ter\n"
        "plekke. Word je binnen 30 dagen lid, dan verrekenen we dit\nbedrag met je eerste contributie.\n\n"
        "Dinsdag: 9.00 - 12.00 uur\nDonderdag: 13.00 - 16.00 uur\n\nANNULEREN\n\n"
        "- Kosteloos annuleren kan tot 10 kalenderdagen voor de eerste avond\n  (tot en met zaterdag 10 april).\n"
        "- Daarna betaal je 50% van de prijs.\n"
    )
    assert "- Kosteloos annuleren kan tot 10 kalenderdagen voor de eerste avond (tot en met zaterdag 10 april).\n" in body
    assert ("- Niet-leden: 17,50 euro per gesprek (excl. btw), te betalen met pin ter plekke. Word je binnen 30 dagen "
            "lid, dan verrekenen we dit bedrag met je eerste contributie.") in body
    assert "- Leden: gratis, maximaal 2 gesprekken per reeks.\n- Niet-leden" in body
    assert "- Dinsdag: 9.00 - 12.00 uur\n- Donderdag: 13.00 - 16.00 uur" in body


def test_plain_text_letterhead_is_no_title_and_a_table_laid_out_with_spaces_is_a_list():
    # Fails on the code before: the title was the letterhead's first line ("Ondernemerscentrum westerkwartier") and
    # the price table became "- **Leden Niet-leden**" with its rows glued into one line.
    title, body = text_to_markdown(
        "ONDERNEMERSCENTRUM WESTERKWARTIER\nStationsweg 18, Zuidhorn\n\nWEBINARREEKS VOORJAAR 2027\n"
        "==========================\n\nVijf webinars.\n\nPRIJZEN\n-------\n\n"
        "                        Leden       Niet-leden\nPer webinar             EUR 15      EUR 35\n"
        "Complete reeks (5x)     EUR 60      EUR 140\n\nPrijzen zijn inclusief btw.\n"
    )
    assert title == "Webinarreeks voorjaar 2027"
    assert body.startswith("Ondernemerscentrum westerkwartier\nStationsweg 18, Zuidhorn\n\nVijf webinars.")
    assert "- Per webinar: Leden: EUR 15; Niet-leden: EUR 35\n- Complete reeks (5x): Leden: EUR 60; Niet-leden: EUR 140" in body
    assert "Prijzen zijn inclusief btw." in body


def test_a_pdf_loses_its_running_headers_page_numbers_and_line_end_hyphens():
    doc = load_file(DEV_DOCS / "gids-adverteren-facebook-instagram-klein-budget.pdf", DEV_DOCS)
    text = doc.page_content
    assert doc.metadata["title"].startswith("Adverteren op Facebook en Instagram")
    assert "pagina 1 van 2" not in text and "pagina 2 van 2" not in text
    assert text.count("Ondernemershuis Rivierenland") <= 1, "the running header is not repeated on every page"
    assert "onder- nemers" not in text and "onder-\nnemers" not in text
    assert "## 2. Hoeveel budget heb je nodig?" in text
    assert "- Minimaal 5 euro per dag per advertentieset, het liefst 7 tot 10 euro." in text


def test_a_pdf_checklist_with_drawn_boxes_becomes_a_list_and_wrapped_prose_stays_prose():
    """Fails on the code before: the checklist of the reviews guide (boxes drawn, not typed) was one paragraph of
    nine sentences, quoted as a block of text."""
    from assistant.pdftext import _one_sentence_a_line

    guide = PROJECT_ROOT / "evals" / "own_docs" / "dev2" / "docs" / "gids-reviews-en-online-reputatie.pdf"
    text = load_file(guide, guide.parent).page_content
    checklist = text.split("## 5. Checklist\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert len(checklist) == 9 and all(line.startswith("- ") for line in checklist)
    assert "- Positieve reviews binnen 7 dagen en negatieve reviews binnen 48 uur beantwoord." in checklist
    # Prose that ends a line at a sentence's end now and then, or two short lines, is no list.
    assert not _one_sentence_a_line(["Een review is vaak het eerste wat klanten zien. Reageer", "dus snel.",
                                     "Dat helpt."])
    assert not _one_sentence_a_line(["Meldingen staan aan.", "Reviews beantwoord."])
    assert _one_sentence_a_line(["Meldingen staan aan.", "Reviews beantwoord.", "Geen korting in ruil voor een review."])


def test_a_breadcrumb_trail_is_the_site_around_the_page_not_its_text():
    """Fails on the code before: the Pinterest page's "[Home](/) > [Kennisbank](/kennisbank) > ..." was the first
    line of its introduction, quoted in answers with its links."""
    from assistant.structure import tidy_markdown

    page = PROJECT_ROOT / "evals" / "own_docs" / "dev3" / "docs" / "pinterest-en-visueel-zoeken-voor-webshops.md"
    doc = load_file(page, page.parent)
    text = "\n".join(section.body for section in sections(doc.page_content, doc.metadata["title"]))
    assert "Kennisbank" not in text and "[Home]" not in text
    assert "Pinterest is geen sociaal netwerk zoals Instagram" in text
    kept = tidy_markdown("Home > Kennisbank > Pinterest\n\nHomepage bouwen > doel? Zo:\n\n- [Lees ook](/x) de gids")
    assert kept == "Homepage bouwen > doel? Zo:\n\n- [Lees ook](/x) de gids"


def test_a_saved_web_page_loses_its_rules_link_lists_footer_links_and_cookie_bar_not_its_text():
    """Fails on the code before: the Pinterest page's last section "Hulp nodig?" went on with "---", "Lees ook" and
    three other pages' titles, the footer's address line, links and cookie line, and an answer quoted them (the
    address led an answer to "how many times can I come?": its house number read as a count)."""
    from assistant.webpage import drop_page_chrome

    page = PROJECT_ROOT / "evals" / "own_docs" / "dev3" / "docs" / "pinterest-en-visueel-zoeken-voor-webshops.md"
    doc = load_file(page, page.parent)
    last = sections(doc.page_content, doc.metadata["title"])[-1]
    assert last.heading == "Hulp nodig?"
    assert "inloopspreekuur digitale zichtbaarheid" in last.body and "0318 64 29 10" in last.body  # its own text
    for chrome in ("---", "Lees ook", "contentkalender", "Privacyverklaring", "cookies", "6711 AB Ede"):
        assert chrome not in last.body
    assert "Leestijd" not in doc.page_content  # the byline: about the page, it led an answer on Mother's Day
    # Links to other sites are the article's; a sentence with a link stays.
    kept = ("Meer weten?\n\n- [Autoriteit Persoonsgegevens](https://autoriteitpersoonsgegevens.nl)\n"
            "- [KvK](https://www.kvk.nl)\n\nLees [onze gids](/gids) voor de stappen.")
    assert drop_page_chrome(kept) == kept


@pytest.mark.parametrize("split, name, title", [
    ("dev3", "inloopspreekuur-digitale-zichtbaarheid-2027.txt", "Inloopspreekuur digitale zichtbaarheid"),
    ("dev4", "ontbijtcafe-social-media-voor-starters.txt", "Ontbijtcafé social media voor starters - voorjaar 2026"),
    ("dev5", "bootcamp-instagram-reels-maart-2026.txt", "Bootcamp instagram reels voor handel en horeca"),
])
def test_a_plain_text_title_under_a_breadcrumb_or_first_in_a_framed_block_is_the_title(split, name, title):
    """Fails on the code before: the site's name above a breadcrumb ("ONDERNEMERSHUIS VALLEILAND - AGENDA") and the
    subtitle under the title in a block framed by ===== lines ("Elke tweede donderdag ...") were taken as titles,
    and so was a site's name and section underlined over the page's title ("ONDERNEMERSKAMER ... - OPLEIDINGEN &
    EVENTS" over "BOOTCAMP INSTAGRAM REELS ..."), which the file's name names."""
    path = PROJECT_ROOT / "evals" / "own_docs" / split / "docs" / name
    doc = load_file(path, path.parent)
    assert doc.metadata["title"] == title
    assert "=====" not in doc.page_content


def test_a_pdf_table_reads_as_one_item_a_row_under_its_header_with_wrapped_cells_whole():
    """Fails on the code before: a table's bold header row and bold total row became section headings ("Kostenpost
    Bedrag", "Totaal 348 euro") and its rows one run-on paragraph; a cell wrapped over two lines was cut."""
    docs = PROJECT_ROOT / "evals" / "own_docs"
    costs = load_file(docs / "dev4" / "docs" / "gids-winacties-op-social-media.pdf", docs / "dev4" / "docs")
    found = sections(costs.page_content, costs.metadata["title"])
    assert not any("Totaal" in s.heading or "Kostenpost" in s.heading for s in found)
    assert "- Drukwerk: 3 posters A2 in de zaak: Bedrag: 24 euro\n" in costs.page_content
    assert "- Totaal: Bedrag: 348 euro" in costs.page_content
    shares = load_file(docs / "dev3" / "docs" / "gids-samenwerken-lokale-ondernemers-social-media.pdf",
                       docs / "dev3" / "docs")
    assert ("- Initiatiefnemer betaalt meer: Wanneer geschikt: Een partner bedacht de actie en krijgt de meeste "
            "zichtbaarheid, bijvoorbeeld met het eigen product als hoofdprijs; Voorbeeld (600 euro, 3 partners): "
            "300 / 150 / 150 euro") in shares.page_content


def test_html_drops_lists_of_links_to_the_sites_own_pages_with_their_label_but_keeps_links_elsewhere():
    """Fails on the code before: an AI-tools page's "Lees ook" with three other pages' titles became a section of
    its own (a `<section class="related">` inside `<main>`, its links stripped to titles)."""
    page = ("<html><body><main><article><h1>AI-tools</h1><p>Controleer elke tekst.</p>"
            "<h2>Meer weten</h2><ul><li><a href='https://ec.europa.eu/ai-act'>De AI-verordening</a></li>"
            "<li><a href='https://www.ap.nl'>Autoriteit Persoonsgegevens</a></li></ul>"
            "<h2>Lees ook</h2><ul><li><a href='/kennisbank/fotos'>Productfoto's</a></li>"
            "<li><a href='/downloads/winacties.pdf'>Gids winacties</a></li></ul></article>"
            "<section class='related'><h2>Populair</h2><p>Reviews</p></section></main></body></html>")
    title, body = html_to_markdown(page)
    assert title == "AI-tools" and "Lees ook" not in body and "Productfoto" not in body and "Populair" not in body
    assert "## Meer weten" in body and "- De AI-verordening" in body


def test_a_pdf_sentence_cut_by_the_page_end_runs_on_on_the_next_page():
    """Fails on the code before: the joint-campaigns guide's "uiterlijk 3" ended page 1 and "maanden na afloop"
    opened page 2 as a paragraph of its own, so the answer quoted "je verwijdert ze uiterlijk 3" with a line break."""
    guide = PROJECT_ROOT / "evals" / "own_docs" / "dev3" / "docs" / "gids-samenwerken-lokale-ondernemers-social-media.pdf"
    text = load_file(guide, guide.parent).page_content
    assert "je verwijdert ze uiterlijk 3 maanden na afloop. Wil je deelnemers" in text
    # A paragraph that ends its sentence at the page end still ends there.
    reviews = PROJECT_ROOT / "evals" / "own_docs" / "dev2" / "docs" / "gids-reviews-en-online-reputatie.pdf"
    assert "## 5. Checklist" in load_file(reviews, reviews.parent).page_content


def test_sections_carry_their_heading_path_and_headings_never_become_sentences():
    found = sections("# Gids\n\nIntro.\n\n## Kosten\n\nTekst.\n\n### Leden\n\n- 45 euro\n\n## Tijden\n\nOchtend.", "Gids")
    assert [(s.path, s.body) for s in found] == [([], "Intro."), (["Kosten"], "Tekst."),
                                                  (["Kosten", "Leden"], "- 45 euro"), (["Tijden"], "Ochtend.")]


def test_uploaded_chunks_know_their_document_section_and_origin(tmp_path):
    settings = Settings(_env_file=None, data_dir=tmp_path)
    uploads = uploads_dir(settings)
    uploads.mkdir(parents=True)
    (uploads / "reels.html").write_text(PAGE, encoding="utf-8")
    report = load_documents([uploads], own=(uploads,))
    chunks = split_documents(report.documents, settings)
    assert {c.metadata["origin"] for c in chunks} == {"upload"}
    by_section = {c.metadata["section"]: c for c in chunks}
    assert set(by_section) == {"", "Kosten", "Tijden"}
    cost = by_section["Kosten"]
    assert cost.page_content.startswith("# Workshop Reels maken\n\n## Kosten\n\n")
    assert split_sentences(cost.page_content) == ["Leden: 45 euro", "Niet-leden: 95 euro"]


@pytest.mark.parametrize("name", sorted(p.name for p in DEV_DOCS.iterdir()))
def test_every_eval_document_reads_into_several_titled_sections(name):
    doc = load_file(DEV_DOCS / name, DEV_DOCS)
    found = sections(doc.page_content, doc.metadata["title"])
    assert len(found) >= 5 and doc.metadata["title"]
    assert not any(line.startswith("|") for s in found for line in s.body.splitlines()), "tables read as lists"
