"""Generate ../docs/gids-winacties-op-social-media.pdf with fpdf2.

Adapted from /tmp/owndocs4/tools/make_pdf_example.py. Run with:
    PYTHONPATH=/tmp/fpdf2lib /work/main/.venv/bin/python make_pdf.py

Lines are laid out explicitly (greedy line breaking with justified spacing).
Long words carry "|" marks at allowed hyphenation points; when such a word does
not fit at the end of a line it is split there and set as "prefix-" / "rest".
Only the core font Helvetica and latin-1 text are used (amounts are written as
"95 euro", not with the euro sign). All text is real, extractable text.
Added compared to the example: a "table" kind (ruled table-like block).
"""
import os
import sys

from fpdf import FPDF

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "docs", "gids-winacties-op-social-media.pdf")

GUIDE = "Gids: een winactie op social media"
ORG = "Ondernemershuis Vechtdal"
FOOT = "Ondernemershuis Vechtdal - Hessenweg 42, 7731 AH Ommen - 0529 45 31 80 - www.ondernemershuis-vechtdal.nl"

FONT = "Helvetica"
BODY_PT = 10
LINE_H = 4.6
MARGIN_L = 20
MARGIN_R = 20
TOP_Y = 22
BOTTOM_Y = 279
BULLET_INDENT = 5
EXPECTED_PAGES = (2, 3)

CONTENT = [
    ("title", "Een winactie op social media"),
    ("sub", "Gids voor lokale ondernemers - versie februari 2026 - Sander Kleinjan, juridisch adviseur"),
    ("p", "Een winactie is een van de snelste manieren om meer volgers en aandacht te krijgen. Maar wie "
          "\"like, deel en win\" roept, loopt tegen regels aan: die van de plat|forms zelf en die van de "
          "Nederlandse wet. In deze gids lees je welke regels gelden, hoe je in negen stappen een actie "
          "opzet, wat zo'n actie kost en hoe een ijssalon in Hardenberg het aanpakte. Achterin vind je een "
          "checklist om af te vinken voordat je op 'plaatsen' drukt."),

    ("h2", "1. Kansspel of prijs|vraag?"),
    ("p", "Eerst de belang|rijkste vraag: hangt het van toeval af wie wint? Dan is je actie volgens de "
          "Wet op de kans|spelen een **promo|tioneel kansspel**. Een loting onder iedereen die een reactie "
          "plaatst, is dus een kansspel. Ook een prijs|vraag met een vraag die iedereen kan beant|woorden "
          "(\"Hoeveel bolletjes passen er in deze beker?\") telt als kansspel, omdat de trekking onder de "
          "goede antwoorden het verschil maakt."),
    ("p", "Beslist een jury op basis van kwaliteit, bij|voorbeeld over de mooiste foto of de origi|neelste "
          "slogan, dan is het een **prijs|vraag met vaardig|heid** en gelden de regels voor kans|spelen niet. "
          "Leg dan wel vooraf vast wie in de jury zit en waarop die beoor|deelt."),

    ("h2", "2. De Nederlandse regels voor promo|tionele kans|spelen"),
    ("p", "Voor een promo|tioneel kansspel heb je geen ver|gunning nodig, zolang je je houdt aan de "
          "**Gedragscode Promotionele Kansspelen**. De Kansspel|autoriteit (Ksa) houdt daar toe|zicht op. "
          "De belang|rijkste regels op een rij:"),
    ("ul", [
        "**Maximaal 100.000 euro** aan prijzen per promo|tioneel kansspel, opgeteld over alle prijzen.",
        "**Deelname is gratis.** Je mag alleen normale kosten voor internet, een post|zegel of een "
        "tele|foon|gesprek laten betalen, geen extra deelname|kosten.",
        "**Actie|voor|waarden** zijn vooraf en kosteloos in te zien, bij|voorbeeld via een link in je bio "
        "of op je web|site. Daarin staan minimaal: naam en adres van de organi|sator, de looptijd, de "
        "prijzen, hoe de win|naar wordt bepaald en bekend|gemaakt, en waar deel|nemers met klach|ten terecht "
        "kunnen.",
        "**Minder|jarigen** (jonger dan 18 jaar) mogen alleen meedoen met toe|stemming van een ouder of "
        "voogd. Vraag daar bij de prijs|uit|reiking naar.",
        "**De prijs wordt echt uit|gereikt.** Je mag een prijs niet achter|houden omdat de actie "
        "tegen|viel, en de win|naar betaalt niets om de prijs te ont|vangen.",
    ]),
    ("h3", "Kansspelbelas|ting"),
    ("p", "Is een prijs **meer dan 449 euro** waard, dan betaal je **kansspel|belas|ting** over de "
          "volledige waarde. Het tarief is in 2026 **37,8%**. Meestal neemt de organi|sator de belas|ting "
          "voor zijn rekening, zodat de win|naar er niets van merkt. Dan wordt de belas|ting \"ge|bruteerd\": "
          "je betaalt belas|ting over de prijs plus de belas|ting zelf. Voor een e-bike van 1.800 euro "
          "komt dat neer op **1.093,89 euro** extra. Je doet aangifte bij de Belas|ting|dienst, uiter|lijk "
          "een maand na afloop van de maand waarin je de prijs beschik|baar stelde. Tip: blijf met elke "
          "prijs onder de grens, bij|voorbeeld door twee waarde|bonnen van 225 euro te verloten in plaats "
          "van een van 450 euro."),

    ("h2", "3. De regels van de plat|forms"),
    ("h3", "Insta|gram en Face|book (Meta)"),
    ("ul", [
        "Je moet in je actie ver|melden dat de actie **op geen enkele manier wordt ge|sponsord, "
        "onder|steund of beheerd door Insta|gram of Face|book**, en dat deel|nemers Meta vrijwaren.",
        "Op Face|book mag je deelname niet laten lopen via persoonlijke tijd|lijnen. \"**Deel dit bericht op "
        "je tijdlijn**\" of \"**tag je vrienden om mee te doen**\" als voorwaarde is dus niet toe|gestaan. "
        "Reageren onder het bericht of een bericht sturen mag wel.",
        "Op Insta|gram mag je mensen niet vragen zichzelf of anderen te taggen op een foto waar ze niet "
        "op staan.",
        "Betaal je voor een ge|sponsord bericht, dan gelden ook de adver|tentie|regels van Meta, onder "
        "meer voor alcohol en afslank|producten.",
    ]),
    ("h3", "TikTok"),
    ("p", "Zet bij een actie voor je eigen bedrijf bij het plaatsen de schake|laar **Inhoud open|baar maken** "
          "aan en kies **Jouw merk**. Vraag deel|nemers niet om iets te kopen of te betalen in de app, en "
          "ver|meld ook hier dat TikTok niet bij de actie be|trokken is."),

    ("h2", "4. Een winactie opzetten in negen stappen"),
    ("ol", [
        "**Bepaal je doel.** Meer volgers, meer bezoek in de winkel of meer e-mail|adressen? Kies er een "
        "en spreek af hoe je het meet.",
        "**Kies de vorm:** een loting (kansspel) of een prijs|vraag met jury (zie paragraaf 1).",
        "**Kies een prijs die bij je bedrijf past.** Een eigen product of een erva|ring trekt mensen die "
        "later klant worden; een tablet trekt vooral prijs|jagers.",
        "**Schrijf de actie|voor|waarden.** Leden kunnen ons model gebruiken en dat gratis laten na|kijken "
        "(zie achterin).",
        "**Maak het bericht.** Noem in de tekst: hoe je meedoet, de eind|datum en het tijdstip, de link "
        "naar de voorwaarden en de vrij|waring van het platform.",
        "**Houd de looptijd kort:** 5 tot 7 dagen werkt het best. Langer levert zelden meer "
        "deel|nemers op.",
        "**Trek de win|naar eer|lijk.** Zet alle geldige deel|nemers in een lijst en loot met de functie "
        "ASELECTTUSSEN in Excel. Laat een collega mee|kijken en maak een scherm|opname.",
        "**Maak de win|naar bekend** binnen 48 uur na het einde, in het bericht of in een story, en neem "
        "via een privé|bericht contact op. Reageert de win|naar niet binnen 7 dagen, dan trek je opnieuw.",
        "**Rond af.** Ver|wijder de gege|vens van deel|nemers uiter|lijk 30 dagen na de actie, tenzij ze "
        "zich apart hebben aan|gemeld voor je nieuws|brief. Noteer de resul|taten voor de vol|gende keer.",
    ]),
    ("p", "**Let op op|lichters.** Bij populaire acties duiken vaak nep-accounts op die de win|naar een "
          "bericht sturen met een link \"om de prijs te claimen\". Zet in je bericht dat je nooit om "
          "betaal|gege|vens of een wacht|woord vraagt, en meld nep-accounts direct bij het platform."),

    ("h2", "5. Praktijkvoorbeeld: IJssalon Lammers in Hardenberg"),
    ("p", "In juli 2025 ver|lootte IJssalon Lammers een **ijstaart|feest voor 10 personen** onder iedereen "
          "die op Insta|gram onder het actie|bericht zijn of haar favo|riete smaak noemde. De actie liep "
          "7 dagen, van maandag 9.00 uur tot en met zondag 21.00 uur. Eigenaar Iris Lammers trok de "
          "win|naar op maandag|ochtend in de zaak, terwijl twee mede|werkers mee|keken. Zo zag haar be|groting "
          "eruit:"),
    ("table", {
        "cols": [("Kostenpost", 118, "L"), ("Bedrag", 52, "R")],
        "rows": [
            ["Prijs: ijstaart|feest voor 10 personen", "95 euro"],
            ["Drukwerk: 3 posters A2 in de zaak", "24 euro"],
            ["Gesponsord bericht Insta|gram (7 dagen x 6 euro)", "42 euro"],
            ["Canva Pro voor het ontwerp (1 maand)", "12 euro"],
            ["Eigen tijd: 5 uur x 35 euro", "175 euro"],
            ["Kansspelbelas|ting (prijs onder 449 euro)", "0 euro"],
        ],
        "total": ["Totaal", "348 euro"],
    }),
    ("p", "Het resultaat: **1.240 re|acties**, **610 nieuwe volgers** (waarvan er na vier weken nog 540 "
          "over waren) en een kortings|code die in de twee weken na de actie **74 keer** in de zaak werd "
          "ge|bruikt. De popu|lairste smaak, pistache, staat sinds|dien als \"smaak van Hardenberg\" vast op "
          "de kaart."),
    ("quote", "\"Het liefst had ik een iPad verloot, maar dan waren er vooral mensen van buiten de regio "
              "gekomen. Met een ijstaart bereik je precies je eigen klanten.\" - Iris Lammers"),

    ("h2", "6. Checklist voor je winactie"),
    ("cl", [
        "Ik weet of mijn actie een kansspel of een prijs|vraag met vaardig|heid is.",
        "De totale prijs|waarde blijft onder 100.000 euro; geen enkele prijs is meer dan 449 euro waard, "
        "of ik heb de kansspel|belas|ting begroot.",
        "Deelname is gratis en niet afhanke|lijk van delen op een tijdlijn of het taggen van vrienden.",
        "De actie|voor|waarden staan online en de link staat in het bericht of in mijn bio.",
        "In het bericht staat dat het platform niet bij de actie be|trokken is.",
        "Einddatum en -tijdstip staan in het bericht.",
        "Trekking met ASELECTTUSSEN of een jury, met een getuige en een scherm|opname.",
        "Winnaar binnen 48 uur bekend|gemaakt en via een privé|bericht benaderd.",
        "Deelnemers|gege|vens verwijderd binnen 30 dagen.",
    ]),

    ("h2", "Hulp bij je actie"),
    ("pl", "Download het **model-actie|voor|waarden** via www.ondernemershuis-vechtdal.nl/winactie. Leden "
           "kunnen hun actie|voor|waarden gratis laten na|kijken; je krijgt binnen **5 werk|dagen** reactie. "
           "Mail je voorwaarden naar Sander Kleinjan, sander.kleinjan@ondernemershuis-vechtdal.nl, of bel "
           "0529 45 31 87. Niet-leden betalen voor een controle 60 euro."),
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
        """Ruled table-like block: header row, body rows, optional bold total row."""
        cols = spec["cols"]
        row_h = 5.6
        n_rows = len(spec["rows"]) + 1 + (1 if spec.get("total") else 0)
        self.ensure(n_rows * row_h + 4)
        pdf = self.pdf
        x0 = MARGIN_L
        width = sum(c[1] for c in cols)
        pdf.set_draw_color(120, 120, 120)
        pdf.set_line_width(0.3)
        self.y += 2
        pdf.line(x0, self.y, x0 + width, self.y)

        def row(cells, bold, fill=False):
            if fill:
                pdf.set_fill_color(235, 235, 235)
                pdf.rect(x0, self.y, width, row_h, style="F")
            base = self.y + row_h - 1.6
            cx = x0
            for (label, w, align), cell in zip(cols, cells):
                pdf.set_font(FONT, "B" if bold else "", 9.5)
                cell = cell.replace("|", "")
                tw = pdf.get_string_width(cell)
                tx = cx + 2 if align == "L" else cx + w - 2 - tw
                pdf.text(tx, base, cell)
                cx += w
            self.y += row_h

        row([c[0] for c in cols], True, fill=True)
        pdf.line(x0, self.y, x0 + width, self.y)
        pdf.set_line_width(0.1)
        for r in spec["rows"]:
            row(r, False)
            pdf.line(x0, self.y, x0 + width, self.y)
        if spec.get("total"):
            pdf.set_line_width(0.3)
            row(spec["total"], True)
            pdf.line(x0, self.y, x0 + width, self.y)
        self.y += 3

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
    pdf.set_creator("Ondernemershuis Vechtdal - team Online Ondernemen")
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
            lay.y -= 6
        elif kind == "quote":
            lay.paragraph(val, x=MARGIN_L + BULLET_INDENT, italic=True)
        elif kind in ("ul", "ol", "cl"):
            lay.items(val, kind)
        elif kind == "table":
            lay.table(val)
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
