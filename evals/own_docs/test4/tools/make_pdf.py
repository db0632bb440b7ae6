"""Generate docs/gids-negatieve-reacties-nepreviews-en-online-storm.pdf with fpdf2.

Adapted from /tmp/owndocs4/tools/make_pdf_example.py. Needs fpdf2==2.8.9:
    PYTHONPATH=/tmp/fpdf2lib /work/main/.venv/bin/python tools/make_pdf.py

Lines are laid out explicitly (greedy line breaking with justified spacing).
Long words carry "|" marks at allowed hyphenation points; when such a word does
not fit at the end of a line it is split there and set as "prefix-" / "rest".
Only the core font Helvetica and latin-1 text are used (so amounts are written
as "euro", not with the euro sign). All text is real, extractable text.
Added to the example: a "table" kind (header row + wrapped cells, thin rules).
"""
import os
import sys

from fpdf import FPDF

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "docs", "gids-negatieve-reacties-nepreviews-en-online-storm.pdf")

GUIDE = "Gids: negatieve reacties, nepreviews en online stormen"
ORG = "Ondernemerscentrum Netevallei vzw"
FOOT = "Ondernemerscentrum Netevallei vzw - Ambachtslaan 17, 2400 Mol - 014 33 47 20 - www.ocnetevallei.be"

FONT = "Helvetica"
BODY_PT = 10
LINE_H = 4.6           # mm, body line height
MARGIN_L = 20
MARGIN_R = 20
TOP_Y = 22             # first body line area starts here
BOTTOM_Y = 279         # no body line below this
BULLET_INDENT = 5
EXPECTED_PAGES = (2, 3)
TABLE_PT = 8.6
TABLE_LH = 3.9

# --------------------------------------------------------------------------
# Content. "**...**" marks bold words, "|" marks hyphenation points.
# Kinds: title, sub, h2, h3, p (justified), pl (ragged right), ul, ol,
# cl (checklist with boxes), quote (italic, indented), table, newpage.
# --------------------------------------------------------------------------
CONTENT = [
    ("title", "Negatieve reacties, nepreviews en trollen"),
    ("sub", "Praktische gids voor KMO's en zelfstandigen - editie december 2026"),
    ("p", "Elke zaak krijgt vroeg of laat kritiek online: een klant die te lang moest wachten, een review "
          "van iemand die je nooit hebt gezien, of een anoniem profiel dat onder elke post ruzie zoekt. "
          "Soms loopt het uit de hand en wordt een filmpje over je zaak honder|den keren gedeeld. In deze "
          "gids lees je hoe je het ver|schil ziet, hoe snel je reageert, wanneer je iets verwijdert of meldt, "
          "wat je doet als er een storm losbarst en wie je kunt bellen."),

    ("h2", "1. Kritiek, nepreview, trol of storm?"),
    ("p", "Niet elke negatieve reactie vraagt dezelfde aanpak. Gebruik dit overzicht om snel te bepalen "
          "met welk soort re|actie je te maken hebt."),
    ("table", {
        "widths": [28, 62, 32, 48],
        "header": ["Soort", "Herken je aan", "Reageer binnen", "Aanpak"],
        "rows": [
            ["Terechte kritiek", "de klant is echt geweest en beschrijft een concreet probleem",
             "48 uur (review), 4 werkuren (post)", "openbaar antwoorden, daarna offline oplossen"],
            ["Nepreview", "reviewer niet in je klanten|bestand, profiel zonder foto, meerdere "
             "1-sterreviews binnen 24 uur", "48 uur", "screenshot, melden, kort en zakelijk antwoorden"],
            ["Trol", "zoekt ruzie, reageert op elk antwoord, vaak een anoniem of nieuw profiel",
             "niet reageren", "verbergen, beperken of blokkeren"],
            ["Online storm", "meer dan 20 negatieve reacties per uur, delen buiten je eigen volgers, "
             "journalisten bellen", "eerste reactie binnen 2 uur", "crisisaanpak uit punt 5 volgen"],
        ],
    }),

    ("h2", "2. Reactietermijnen"),
    ("p", "Snelheid is belang|rijk, maar een door|dacht antwoord is belang|rijker dan een snel ant|woord. "
          "Deze termijnen raden wij onze leden aan:"),
    ("ul", [
        "**Reacties onder je eigen posts** op Facebook en Instagram: binnen **4 werkuren**.",
        "**Privéberichten** via Messenger of Instagram Direct: dezelfde werkdag. Stel voor avonden en "
        "weekends een **automa|tisch antwoord** in via Meta Business Suite.",
        "**Google-reviews:** negatieve reviews binnen **48 uur**, positieve binnen **7 dagen**.",
        "**Weekends en vakantie|periodes:** spreek af wie je accounts opvolgt en kijk minstens "
        "**1 keer op zaterdag en 1 keer op zondag**.",
    ]),

    ("h2", "3. Stappenplan bij een negatieve reactie"),
    ("ol", [
        "**Lees de reactie twee keer en wacht even.** Reageer niet in het eerste halfuur en nooit "
        "vanuit een emo|tie. Laat het wel niet langer liggen dan de termijnen hierboven.",
        "**Controleer de feiten.** Kijk in je agenda, kassa|systeem of werkbon en vraag het na bij de "
        "col|lega die erbij was. Vind je de klant nergens terug, lees dan punt 4.",
        "**Antwoord kort en in het openbaar.** Bedank voor de feedback, erken de ervaring en bied "
        "excuses aan waar dat terecht is. Maximaal **5 zinnen**, geen discussie over details en nooit "
        "**persoons|gegevens** zoals een adres of factuur|nummer (GDPR).",
        "**Haal het gesprek offline.** Geef een naam en een recht|streeks telefoon|nummer of e-mailadres, "
        "bij|voor|beeld: \"Bel gerust naar Sarah op 014 12 34 56.\"",
        "**Rond af en noteer.** Is de klacht opgelost, vraag dan vriende|lijk of de klant zijn reactie "
        "wil aanpassen; eisen of belonen mag niet. Hou een eenvoudige klachten|lijst bij: komt "
        "hetzelfde punt **3 keer** terug, pas dan je werk|wijze aan.",
    ]),

    ("h2", "4. Verbergen, verwijderen of melden?"),
    ("p", "Gewone kritiek verwijderen is bijna altijd een slecht idee: de schrijver merkt het, maakt een "
          "screen|shot en plaatst die opnieuw, vaak met meer bij|val. Zet daarom **huisregels** in de "
          "info van je pagina en ver|wijs ernaar wanneer je in|grijpt."),
    ("h3", "Verbergen of beperken"),
    ("ul", [
        "**Facebook - Reactie verbergen:** de schrijver en zijn vrienden zien de reactie nog, andere "
        "be|zoekers niet. Ge|schikt voor trollen en spam.",
        "**Instagram - Beperken:** nieuwe reacties van dat account zijn alleen zichtbaar voor de "
        "schrijver zelf, tot jij ze goedkeurt.",
        "**Woordfilters:** stel op Instagram **Verborgen woorden** in en op Facebook de **moderatie|lijst** "
        "van je pagina. Begin met een lijst van een dertigtal scheld- en spamwoorden.",
    ]),
    ("h3", "Verwijderen en blokkeren mag bij"),
    ("ul", [
        "scheldwoorden, beledigingen of bedreigingen;",
        "racistische of discriminerende uitspraken;",
        "persoonsgegevens of foto's van medewerkers of klanten;",
        "spam, reclame van derden en verdachte links (phishing).",
    ]),
    ("p", "Maak altijd eerst een **screenshot** met datum, uur, profielnaam en de URL van de reactie. "
          "Zonder be|wijs kan een mel|ding of klacht later niet meer worden onder|bouwd."),
    ("h3", "Melden"),
    ("ul", [
        "**Google-review:** open je Bedrijfs|profiel, ga naar **Reviews**, klik op de **drie puntjes** en "
        "kies **Review rap|por|teren**, bijvoorbeeld met de reden Belangen|conflict of Spam. Een melding "
        "wordt meestal binnen enkele dagen beoordeeld. Bij een weigering kun je **1 keer in beroep** via "
        "de beheertool voor reviews.",
        "**Facebook of Instagram:** drie puntjes naast de reactie of het profiel en dan **Melden**.",
        "**Nepreviews door een concurrent:** die zijn sinds 2022 uitdrukkelijk verboden door het "
        "Wetboek van eco|no|misch recht. Meld ze bij de **FOD Economie** via meldpunt.belgie.be.",
        "**Bedreiging, laster en eerroof:** leg klacht neer bij je lokale poli|tie. Bij een acute "
        "dreiging bel je **101**.",
    ]),

    ("h2", "5. Als er een storm losbarst"),
    ("p", "Een storm herken je aan het tempo: tientallen reacties per uur, mensen die je zaak taggen "
          "zonder ooit klant te zijn ge|weest, en vragen van de pers. De meeste stormen gaan na **48 tot "
          "72 uur** liggen, op voor|waarde dat je ze niet zelf aan|wakkert."),
    ("ol", [
        "**Stel binnen het eerste uur een crisis|team samen** van maximaal **3 mensen**: de zaak|voerder, "
        "een woord|voerder en iemand die de reacties opvolgt.",
        "**Pauzeer alle ingeplande posts en advertenties** in Meta Business Suite. Een vrolijke promo|post "
        "midden in een storm giet olie op het vuur.",
        "**Plaats binnen 2 uur een eerste ver|kla|ring**, ook als je nog niet al|les weet: \"We hebben de "
        "reacties gezien en zoeken uit wat er gebeurd is. Vandaag voor 18 uur laten we meer weten.\"",
        "**Laat slechts 1 persoon spreken.** Vraag je mede|werkers om niet vanuit hun privé|profiel te "
        "reageren en bezorg hen een korte interne bood|schap.",
        "**Geef minstens elke 24 uur een update** tot het rustig wordt, en hou je aan wat je belooft.",
        "**Evalueer binnen 1 week** met het crisisteam: wat liep goed, wat pas je aan?",
    ]),
    ("quote", "Bakkerij De Korenaar in Meerhout kreeg in juni 2026 op 1 dag 340 reacties, nadat een "
              "film|pje viraal ging van een klant die met haar hond werd geweigerd. Zaakvoerder Bart "
              "Luyten plaatste na 90 minuten een ver|klaring over de hygiëne|regels en zette een "
              "drinkbak en haak voor honden aan de deur. Na 3 dagen was het rustig; de Google-score "
              "zakte van 4,5 naar 4,3 en stond 2 maanden later weer op 4,5."),

    ("h2", "6. Checklist: ben je voorbereid?"),
    ("cl", [
        "Huisregels staan in de info van je Facebook-pagina en Instagram-profiel.",
        "Woordfilters ingesteld op Facebook en Instagram.",
        "Meldingen aan voor nieuwe reacties, berichten en reviews.",
        "Vaste afspraak wie reageert, ook tijdens weekends en vakanties.",
        "Een klaar|liggend voorbeeld|antwoord voor kritiek, nepreviews en een eerste crisis|verklaring.",
        "Namen en gsm-nummers van je crisisteam staan op papier, niet alleen in je telefoon.",
        "Wachtwoorden van al je accounts bij minstens 2 mensen bekend, met twee|staps|verificatie aan.",
        "Je weet of je verzekering rechtsbijstand dekt bij online laster.",
    ]),

    ("h2", "7. Wie bel je?"),
    ("ul", [
        "**Online Alarmlijn Ondernemerscentrum Netevallei:** 014 33 47 29, maandag tot vrijdag van 8.30 "
        "tot 17.00 uur. Leden worden gra|tis binnen **1 werkuur** terug|gebeld door een advi|seur.",
        "**Juridisch advies:** Lotte Geerts, juridisch adviseur, 014 33 47 26 of "
        "lotte.geerts@ocnetevallei.be. Leden krijgen een eerste juri|disch advies van 30 minuten gratis.",
        "**Politie:** 101 bij acute bedreiging, anders je lokale politiezone.",
        "**FOD Economie:** nepreviews en oneerlijke handels|praktijken melden via meldpunt.belgie.be.",
        "**Gegevens|beschermings|autoriteit (GBA):** lekten er persoons|gegevens van klanten, meld dat "
        "dan binnen **72 uur** via www.gegevensbeschermingsautoriteit.be.",
        "**Je verzekeraar:** vraag na of je polis rechtsbijstand biedt bij las|ter, eerroof of "
        "online afpersing.",
    ]),
    ("pl", "Wil je je voorbereiden? Op het **spreekuur Online Verkopen** (elke woensdagvoormiddag) "
           "overloopt Katrien Smolders met je je huisregels en voorbeeldantwoorden. Boeken via "
           "www.ocnetevallei.be/spreekuur."),
]


class Guide(FPDF):
    def header(self):
        self.set_font(FONT, "", 7.5)
        self.set_text_color(90, 90, 90)
        self.text(MARGIN_L, 12, GUIDE)
        w = self.get_string_width(ORG)
        self.text(self.w - MARGIN_R - w, 12, ORG)
        self.set_draw_color(150, 150, 150)
        self.set_line_width(0.2)
        self.line(MARGIN_L, 14, self.w - MARGIN_R, 14)
        self.set_text_color(0, 0, 0)

    def footer(self):
        self.set_draw_color(150, 150, 150)
        self.set_line_width(0.2)
        self.line(MARGIN_L, 284, self.w - MARGIN_R, 284)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(90, 90, 90)
        self.text(MARGIN_L, 289, FOOT)
        # cell() (unlike text()) substitutes the {nb} alias with the page total
        self.set_xy(self.w - MARGIN_R - 40, 286.4)
        self.cell(40, 3.6, "pagina %d van {nb}" % self.page_no(), align="R")
        self.set_text_color(0, 0, 0)


def tokenize(text):
    """Split into (word, bold) tokens; '**' toggles bold (may span words)."""
    tokens = []
    bold = False
    for raw in text.split():
        parts = raw.split("**")
        segs = []
        for i, part in enumerate(parts):
            if i > 0:
                bold = not bold
            if part:
                segs.append((part, bold))
        if not segs:
            continue
        # a word is bold if its first letters are bold (labels like "**Tip:**")
        word = "".join(s for s, _ in segs)
        tokens.append((word, segs[0][1]))
    return tokens


class Layout:
    def __init__(self, pdf):
        self.pdf = pdf
        self.y = TOP_Y
        self.hyphenated = []

    def style(self, bold, italic=False):
        return ("B" if bold else "") + ("I" if italic else "")

    def width(self, word, bold, size=BODY_PT, italic=False):
        self.pdf.set_font(FONT, self.style(bold, italic), size)
        return self.pdf.get_string_width(word.replace("|", ""))

    def new_page(self):
        self.pdf.add_page()
        self.y = TOP_Y

    def ensure(self, h):
        if self.y + h > BOTTOM_Y:
            self.new_page()

    def break_lines(self, tokens, max_w, size, italic=False):
        """Greedy line breaking with hyphenation at '|' marks."""
        space = self.width(" ", False, size, italic)
        lines, cur, cur_w = [], [], 0.0
        queue = list(tokens)
        while queue:
            word, bold = queue.pop(0)
            w = self.width(word, bold, size, italic)
            need = w if not cur else cur_w + space + w
            if need <= max_w:
                cur.append((word.replace("|", ""), bold))
                cur_w = need
                continue
            marks = [i for i, c in enumerate(word) if c == "|"]
            done = False
            for i in reversed(marks):
                head = word[:i].replace("|", "")
                tail = word[i + 1:]
                shown = head if head.endswith("-") else head + "-"
                hw = self.width(shown, bold, size, italic)
                need = hw if not cur else cur_w + space + hw
                if need <= max_w and len(head) >= 3 and len(tail.replace("|", "")) >= 3:
                    cur.append((shown, bold))
                    lines.append(cur)
                    self.hyphenated.append(shown + "/" + tail.replace("|", ""))
                    cur, cur_w = [], 0.0
                    queue.insert(0, (tail, bold))
                    done = True
                    break
            if done:
                continue
            if not cur:
                cur.append((word.replace("|", ""), bold))
                cur_w = w
                continue
            lines.append(cur)
            cur, cur_w = [], 0.0
            queue.insert(0, (word, bold))
        if cur:
            lines.append(cur)
        return lines

    def set_line(self, x, words, max_w, size, justify, italic=False):
        pdf = self.pdf
        widths = [self.width(wd, b, size, italic) for wd, b in words]
        gap = self.width(" ", False, size, italic)
        if justify and len(words) > 1:
            gap = (max_w - sum(widths)) / (len(words) - 1)
        cx = x
        for (wd, b), w in zip(words, widths):
            pdf.set_font(FONT, self.style(b, italic), size)
            pdf.text(cx, self.y, wd)
            cx += w + gap

    def paragraph(self, text, x=MARGIN_L, size=BODY_PT, lh=LINE_H, after=1.6, italic=False,
                  justify=True):
        max_w = self.pdf.w - MARGIN_R - x
        lines = self.break_lines(tokenize(text), max_w, size, italic)
        for n, line in enumerate(lines):
            self.ensure(lh)
            self.y += lh
            self.set_line(x, line, max_w, size, justify=justify and (n < len(lines) - 1),
                          italic=italic)
        self.y += after
        return lines

    def items(self, items, kind):
        """kind: 'ul' (dash), 'ol' (1. 2. 3.) or 'cl' (checkbox)."""
        indent = BULLET_INDENT + (1 if kind == "ol" else 0)
        x_text = MARGIN_L + indent
        max_w = self.pdf.w - MARGIN_R - x_text
        for num, item in enumerate(items, 1):
            lines = self.break_lines(tokenize(item), max_w, BODY_PT)
            # keep at least two lines of an item together
            self.ensure(LINE_H * min(2, len(lines)))
            for n, line in enumerate(lines):
                self.ensure(LINE_H)
                self.y += LINE_H
                if n == 0:
                    self.pdf.set_font(FONT, "", BODY_PT)
                    if kind == "ul":
                        self.pdf.text(MARGIN_L + 1.2, self.y, "-")
                    elif kind == "ol":
                        self.pdf.set_font(FONT, "B", BODY_PT)
                        self.pdf.text(MARGIN_L + 0.6, self.y, "%d." % num)
                    else:
                        self.pdf.set_draw_color(60, 60, 60)
                        self.pdf.set_line_width(0.25)
                        self.pdf.rect(MARGIN_L + 0.6, self.y - 2.6, 2.8, 2.8)
                self.set_line(x_text, line, max_w, BODY_PT, justify=(n < len(lines) - 1))
            self.y += 0.6
        self.y += 1.2

    def table(self, spec):
        """Table-like block: bold header row on grey, wrapped cells, thin rules."""
        pdf = self.pdf
        widths = spec["widths"]
        pad = 1.4
        rows = [(spec["header"], True)] + [(r, False) for r in spec["rows"]]
        self.y += 1.5
        for cells, is_head in rows:
            wrapped = []
            for text, w in zip(cells, widths):
                toks = [(wd, is_head) for wd, _ in tokenize(text)]
                wrapped.append(self.break_lines(toks, w - 2 * pad, TABLE_PT))
            n = max(len(c) for c in wrapped)
            row_h = n * TABLE_LH + 2 * pad
            self.ensure(row_h)
            top = self.y
            if is_head:
                pdf.set_fill_color(225, 225, 225)
                pdf.rect(MARGIN_L, top, sum(widths), row_h, style="F")
            x = MARGIN_L
            for lines, w in zip(wrapped, widths):
                self.y = top + pad
                for line in lines:
                    self.y += TABLE_LH - 0.6
                    self.set_line(x + pad, line, w - 2 * pad, TABLE_PT, justify=False)
                    self.y += 0.6
                x += w
            self.y = top + row_h
            pdf.set_draw_color(150, 150, 150)
            pdf.set_line_width(0.2)
            if is_head:
                pdf.line(MARGIN_L, top, MARGIN_L + sum(widths), top)
            pdf.line(MARGIN_L, self.y, MARGIN_L + sum(widths), self.y)
        self.y += 2.5

    def heading(self, text, size, before, lines_after=3):
        # keep a heading together with at least a few following lines
        self.ensure(before + 2 + lines_after * LINE_H)
        self.y += before
        self.pdf.set_font(FONT, "B", size)
        self.pdf.text(MARGIN_L, self.y, text.replace("|", ""))
        self.y += 0.8


def build():
    pdf = Guide(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.alias_nb_pages("{nb}")
    pdf.set_margins(MARGIN_L, 18, MARGIN_R)
    pdf.set_title(GUIDE)
    pdf.set_author(ORG)
    pdf.set_creator("Ondernemerscentrum Netevallei - team Online Ondernemen")
    pdf.set_lang("nl")
    lay = Layout(pdf)
    lay.new_page()
    for kind, val in CONTENT:
        if kind == "title":
            lay.y += 8
            pdf.set_font(FONT, "B", 18)
            pdf.text(MARGIN_L, lay.y, val)
            lay.y += 2
        elif kind == "sub":
            lay.y += 5.5
            pdf.set_font(FONT, "I", 10)
            pdf.set_text_color(70, 70, 70)
            pdf.text(MARGIN_L, lay.y, val)
            pdf.set_text_color(0, 0, 0)
            lay.y += 3
        elif kind == "h2":
            lay.heading(val, size=12, before=8.2)
        elif kind == "h3":
            lay.heading(val, size=10.5, before=5.6, lines_after=2)
        elif kind == "p":
            lay.paragraph(val)
        elif kind == "pl":
            lay.paragraph(val, justify=False)
        elif kind == "newpage":
            lay.new_page()
            lay.y -= 6  # the heading adds space before itself
        elif kind == "quote":
            lay.paragraph(val, x=MARGIN_L + BULLET_INDENT, italic=True)
        elif kind == "table":
            lay.table(val)
        elif kind in ("ul", "ol", "cl"):
            lay.items(val, kind)
        else:
            raise ValueError(kind)
    pages = pdf.page_no()
    pdf.output(OUT)
    print("pages:", pages, "final y on last page: %.1f" % lay.y)
    print("hyphenated:", ", ".join(lay.hyphenated))
    if pages not in EXPECTED_PAGES:
        print("ERROR: expected 2 or 3 pages", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    build()
