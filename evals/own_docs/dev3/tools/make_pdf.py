"""Generate docs/gids-samenwerken-lokale-ondernemers-social-media.pdf with fpdf2.

Adapted from /tmp/owndocs/tools/make_pdf_example.py. Needs fpdf2 (2.8.9):
    PYTHONPATH=/tmp/fpdf2lib /work/main/.venv/bin/python tools/make_pdf.py

Lines are laid out explicitly (greedy line breaking with justified spacing).
Long words carry "|" marks at allowed hyphenation points; when such a word does
not fit at the end of a line it is split there and set as "prefix-" / "rest".
Only the core font Helvetica and latin-1 text are used (amounts are written
as "200 euro", not with the euro sign). All text is real, extractable text.
Added compared to the example: a "table" kind (header row + ruled rows with
wrapped, ragged-right cells).
"""
import os
import sys

from fpdf import FPDF

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "docs", "gids-samenwerken-lokale-ondernemers-social-media.pdf")

GUIDE = "Gids: samenwerken met lokale ondernemers op social media"
ORG = "Ondernemershuis Valleiland"
FOOT = "Ondernemershuis Valleiland - Nieuwe Stationsstraat 12, 6711 AB Ede - 0318 64 29 10"

FONT = "Helvetica"
BODY_PT = 10
TABLE_PT = 8.8
LINE_H = 4.6           # mm, body line height
TABLE_LH = 4.0         # mm, table line height
MARGIN_L = 20
MARGIN_R = 20
TOP_Y = 22             # first body line area starts here
BOTTOM_Y = 279         # no body line below this
BULLET_INDENT = 5
EXPECTED_PAGES = (2, 3)

# --------------------------------------------------------------------------
# Content. "**...**" marks bold words, "|" marks hyphenation points.
# Kinds: title, sub, h2, h3, p (justified), pl (ragged right), ul, ol,
# cl (checklist with boxes), quote (italic, indented), table, newpage.
# A table value is (column widths in mm, [header row, row, row, ...]).
# --------------------------------------------------------------------------
CONTENT = [
    ("title", "Samenwerken met lokale ondernemers op social media"),
    ("sub", "Gids voor winkeliers, horeca en zzp'ers - versie februari 2027"),
    ("p", "De bakker, de boekhandel en de kapper in dezelfde straat hebben vaak dezelfde klanten, maar "
          "ieder een eigen groep volgers. Wie samen een actie opzet, bereikt in één keer al die volgers "
          "en deelt de kosten. Bij de gezamen|lijke acties die wij in 2026 begeleidden, kregen de deelnemers "
          "gemiddeld **3 keer zoveel nieuwe volgers** als bij een actie die ze alleen deden. In deze gids lees "
          "je welke vormen van samenwerking er zijn, aan welke regels een winactie moet voldoen, hoe je elkaar "
          "goed vermeldt en hoe je de kosten eerlijk verdeelt."),

    ("h2", "1. Vormen van samenwerking"),
    ("ul", [
        "**Collab-post op Instagram.** Een post verschijnt in de feed van alle deelnemende accounts, met "
        "gezamenlijke likes en reacties. Je nodigt de ander uit via **Personen taggen > Samenwerker "
        "uit|nodigen**; de post staat pas bij de ander nadat die de uitnodiging heeft geaccepteerd.",
        "**Gezamenlijke winactie.** Iedere partner levert een deel van het prijzen|pakket en deelt de actie "
        "op het eigen account. Zie paragraaf 2 voor de regels.",
        "**Takeover.** Een partner neemt een dag je stories over en laat zien hoe het er bij hem of haar "
        "aan toe gaat. Stories blijven **24 uur** staan; bewaar ze daarna als hoogtepunt.",
        "**Straatserie.** Elke week zet een andere ondernemer uit de straat of het winkel|centrum een "
        "collega in het zonnetje, bijvoorbeeld onder een vaste hashtag.",
        "**Gezamenlijke advertentie.** Een partner plaatst de advertentie vanuit het eigen advertentie|account "
        "en de anderen betalen hun deel. Leg vooraf vast wie dat is en wie de factuur van Meta krijgt.",
    ]),

    ("h2", "2. Spelregels voor winacties"),
    ("h3", "Loting of prijsvraag?"),
    ("p", "Wijs je de winnaar aan door loting, dan is je winactie een **promotioneel kansspel** en geldt de "
          "Gedragscode Promo|tionele Kansspelen. Kiest een jury de winnaar op basis van kennis of creati|viteit, "
          "bijvoorbeeld de mooiste foto of het beste recept, dan is het een **prijsvraag**. Voor een prijsvraag "
          "gelden de regels hieronder niet, maar publiceer ook dan vooraf je actie|voorwaarden."),
    ("h3", "Wat de gedragscode vraagt"),
    ("ul", [
        "De totale waarde van alle prijzen is **maximaal 100.000 euro** per actie per jaar. Voor een "
        "lokale actie is dat ruim voldoende.",
        "Deelnemen is **gratis**: vraag geen inleg, deelnamegeld of betaalde sms.",
        "Je publiceert de **actie|voorwaarden** voordat de actie begint: naam en adres van de organisator, "
        "looptijd, de prijzen en hun waarde, hoe de winnaar wordt gekozen en wanneer die bekend wordt "
        "gemaakt.",
        "Deelnemers **jonger dan 18 jaar** mogen alleen meedoen met toe|stemming van een ouder of voogd. "
        "Wil je dat niet regelen, sluit minderjarigen dan uit in de voorwaarden.",
        "Er is **precies één organisator**, ook als vijf ondernemers meedoen. Die naam staat in de "
        "voorwaarden en die partij is aanspreekbaar.",
    ]),
    ("h3", "Regels van Instagram en Facebook"),
    ("p", "Meta staat winacties op pagina's en bedrijfs|accounts toe, met een paar voorwaarden. Vermeld in de "
          "post dat de actie **niet wordt gesponsord of beheerd door Instagram of Facebook**. Op Facebook mogen "
          "\"deel dit bericht op je tijdlijn\" en \"tag je vrienden\" geen voorwaarde zijn om mee te doen. Op "
          "Instagram is \"noem een vriend in de reacties\" gebruikelijk, maar vraag deel|nemers nooit om "
          "zichzelf te taggen op een foto waar ze niet op staan."),
    ("h3", "Belasting en privacy"),
    ("p", "Heeft een prijs een waarde van **meer dan 449 euro**, dan betaalt de organisator kansspel|belasting. "
          "Een pakket met producten van vijf ondernemers dat naar één winnaar gaat, telt als **één prijs**: tel "
          "de waarden dus bij elkaar op. De aangifte doe je binnen een maand na afloop van de maand waarin je "
          "de prijs hebt uit|gereikt. Persoons|gegevens van deelnemers gebruik je alleen voor de actie en je "
          "verwijdert ze uiterlijk **3 maanden** na afloop. Wil je deelnemers ook je nieuwsbrief sturen, vraag "
          "daar dan apart toestemming voor."),

    ("h2", "3. Elkaar zichtbaar maken"),
    ("ol", [
        "**Tag je partners in de foto en vermeld ze met @ in de tekst.** De tag in de foto zorgt voor een "
        "melding bij de partner, de vermelding in de tekst is klikbaar voor je volgers.",
        "**Gebruik een gezamenlijke hashtag**, kort en uniek, bijvoorbeeld #LenteInDeTorenstraat. Controleer "
        "vooraf of niemand anders hem al gebruikt.",
        "**Deel elkaars stories.** Vermeld de partner met een vermeldings|sticker; die kan de story dan "
        "binnen 24 uur met een tik delen via **Toevoegen aan je verhaal**.",
        "**Maak reclame herkenbaar.** Betalen partners elkaar voor een vermelding, of ruilen ze producten in "
        "ruil voor een post? Dan is het volgens de Reclame|code Social Media reclame. Gebruik het label "
        "**Betaald partnerschap** of zet **#adv** of **#samenwerking** vooraan in de tekst.",
    ]),

    ("h2", "4. Wie betaalt wat?"),
    ("p", "Geld is de meest voorkomende bron van onenig|heid. Spreek de verdeelsleutel af **voordat** er "
          "kosten worden gemaakt. Onderstaande voor|beelden gaan uit van **600 euro** aan gezamenlijke kosten "
          "(fotograaf, adver|tenties en drukwerk) en **3 partners**."),
    ("table", ([36, 68, 66], [
        ["Verdeelsleutel", "Wanneer geschikt", "Voorbeeld (600 euro, 3 partners)"],
        ["Gelijke delen", "Partners van vergelijkbare omvang en met ongeveer evenveel volgers",
         "200 / 200 / 200 euro"],
        ["Naar omvang", "Een grote winkel werkt samen met kleinere zaken of zzp'ers",
         "50% / 30% / 20% = 300 / 180 / 120 euro"],
        ["Initiatiefnemer betaalt meer", "Een partner bedacht de actie en krijgt de meeste zichtbaarheid, "
         "bijvoorbeeld met het eigen product als hoofdprijs", "300 / 150 / 150 euro"],
        ["Inbreng in natura", "Een partner levert een dienst in plaats van geld, zoals foto's of een "
         "ontwerp", "fotograaf levert werk ter waarde van 200 euro; de andere twee betalen ieder 200 euro"],
    ])),
    ("p", "Zet de afspraken op een **A4'tje** en laat iedereen per mail akkoord geven. Noem daarin ook wat "
          "er gebeurt als een partner halverwege afhaakt: gemaakte kosten worden dan gewoon betaald."),

    ("h2", "5. Praktijkvoorbeeld: Lente in de Torenstraat"),
    ("p", "Vier ondernemers uit de Torenstraat in Barneveld, Bakkerij Het Gouden Korstje, Boekhandel "
          "Kaft & Co, Bloemenhuis Madelief en Kapsalon Knipwerk, hielden van **15 tot en met 28 maart 2026** "
          "een gezamenlijke winactie. De prijs was een lentepakket met taart, een boek, een boeket en een "
          "knipbeurt, samen **310 euro** waard. Omdat dat onder de 449 euro bleef, was geen kansspel|belasting "
          "verschuldigd. De bakkerij was de organi|sator."),
    ("ul", [
        "Kosten: fotograaf 180 euro en advertenties 240 euro, in **gelijke delen**: **105 euro per partner**, "
        "plus het eigen deel van het pakket.",
        "Resultaat: **1.420 reacties** en samen **780 nieuwe volgers**. De kapsalon, met het kleinste "
        "account, groeide het hardst: van 410 naar 690 volgers.",
        "De winnaar werd op **1 april 2026** in een collab-post bekend|gemaakt en haalde het pakket een week "
        "later op, wat weer vier nieuwe posts opleverde.",
    ]),
    ("quote", "\"Alleen had ik nooit zoveel mensen bereikt. En het was gewoon gezellig om samen iets te "
              "organiseren.\" - eigenaar Kapsalon Knipwerk"),

    ("h2", "6. Checklist"),
    ("cl", [
        "Partners gekozen die bij elkaar en bij dezelfde klanten passen.",
        "Eén organisator aangewezen; naam en adres staan in de actie|voorwaarden.",
        "Actievoorwaarden gepubliceerd voor de start, met looptijd, prijzen en waarde.",
        "Gecontroleerd of een prijs boven de 449 euro uitkomt.",
        "Zin over Instagram en Facebook in de post; geen tijdlijn- of tagvoorwaarde op Facebook.",
        "Gezamenlijke hashtag en collab-uitnodigingen klaargezet.",
        "Verdeelsleutel en afspraken per mail bevestigd.",
        "Winnaar binnen 7 dagen na afloop bekendgemaakt; gegevens na 3 maanden verwijderd.",
    ]),

    ("h2", "Hulp nodig?"),
    ("pl", "Leden kunnen onze **model-actievoorwaarden** en een model-samenwerkings|afspraak gratis "
          "downloaden via Mijn Valleiland. Wil je meedenken over een actie met ondernemers uit je straat? "
          "Neem contact op met Youssef El Amrani, adviseur social media, via 0318 64 29 10 of "
          "online@ondernemershuis-valleiland.nl. Of loop binnen op het **inloopspreekuur digitale "
          "zichtbaarheid** in Ede, Veenendaal, Wageningen of Barneveld."),
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
        """Ruled table: bold header row on a light grey band, wrapped ragged cells."""
        widths, rows = spec
        pdf = self.pdf
        pad = 1.6
        self.y += 1.0
        for r, row in enumerate(rows):
            header = r == 0
            cell_lines = []
            for text, w in zip(row, widths):
                toks = [(wd, header or b) for wd, b in tokenize(text)]
                cell_lines.append(self.break_lines(toks, w - 2 * pad, TABLE_PT))
            n = max(len(c) for c in cell_lines)
            h = n * TABLE_LH + 2.2
            if self.y + h > BOTTOM_Y:
                self.new_page()
            top = self.y
            if header:
                pdf.set_fill_color(228, 228, 228)
                pdf.rect(MARGIN_L, top, sum(widths), h, style="F")
            pdf.set_draw_color(120, 120, 120)
            pdf.set_line_width(0.3 if header else 0.15)
            if header:
                pdf.line(MARGIN_L, top, MARGIN_L + sum(widths), top)
            x = MARGIN_L
            for lines, w in zip(cell_lines, widths):
                yy = top + 0.4
                for line in lines:
                    yy += TABLE_LH
                    save, self.y = self.y, yy
                    self.set_line(x + pad, line, w - 2 * pad, TABLE_PT, justify=False)
                    self.y = save
                x += w
            self.y = top + h
            pdf.set_line_width(0.3 if (header or r == len(rows) - 1) else 0.15)
            pdf.line(MARGIN_L, self.y, MARGIN_L + sum(widths), self.y)
        self.y += 3.0

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
    pdf.set_creator("Ondernemershuis Valleiland - team Online Ondernemen")
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
