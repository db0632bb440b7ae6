"""Generate docs/gids-social-media-voor-seizoensbedrijven.pdf with fpdf2.

Adapted from /tmp/owndocs5/tools/make_pdf_example.py. Needs fpdf2==2.8.9:
    PYTHONPATH=/tmp/fpdf2lib /work/main/.venv/bin/python tools/make_pdf.py

Lines are laid out explicitly (greedy line breaking with justified spacing).
Long words carry "|" marks at allowed hyphenation points; when such a word does
not fit at the end of a line it is split there and set as "prefix-" / "rest".
Only the core font Helvetica and latin-1 text are used (so amounts are written
as "euro", not with the euro sign). All text is real, extractable text.
Added to the example: a "table" kind (bordered cells, wrapped text).
"""
import datetime
import os
import sys

from fpdf import FPDF

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "docs", "gids-social-media-voor-seizoensbedrijven.pdf")

GUIDE = "Gids: social media voor seizoensbedrijven"
ORG = "Ondernemerscentrum De Bevelanden"
FOOT = "Ondernemerscentrum De Bevelanden - Zuidvliet 12, 4461 ZN Goes - 0113 72 40 50 - www.ocbevelanden.nl"

FONT = "Helvetica"
BODY_PT = 10
LINE_H = 4.6           # mm, body line height
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
# --------------------------------------------------------------------------
CONTENT = [
    ("title", "Social media voor seizoensbedrijven"),
    ("sub", "Gids voor toerisme, recreatie, tuincentra en ijssalons - uitgave februari 2027"),
    ("p", "Een camping in Renesse, een ijssalon op de boulevard, een tuincentrum aan de rand van Goes: ze "
          "ver|dienen het grootste deel van hun omzet in een paar maanden. Juist voor deze bedrijven werkt "
          "social media anders. Wie pas begint te posten als de slagboom omhoog gaat, is te laat, en wie in "
          "november helemaal stil valt, moet in het voorjaar weer van voren af aan beginnen. In deze gids "
          "lees je wat je in elke fase plaatst, hoe je je budget over het jaar verdeelt en hoe een mini|camping "
          "op Noord-Beveland haar aandeel directe boekingen fors liet stijgen."),

    ("h2", "1. Drie seizoenen, drie rollen"),
    ("p", "Denk niet in een jaar vol losse berichten, maar in drie fasen met elk een eigen doel:"),
    ("ul", [
        "**Voorseizoen - opbouwen.** Mensen oriën|teren zich en boeken. Je laat zien wat er nieuw is en "
        "geeft een reden om nu te reserveren.",
        "**Hoogseizoen - bedienen en laten delen.** Je gasten zijn er. Je geeft prak|tische infor|matie en "
        "laat gasten het verhaal voor je vertellen.",
        "**Naseizoen - binden.** Je houdt contact met de mensen die er waren, zodat ze volgend jaar "
        "terugkomen en je aanbevelen.",
    ]),
    ("p", "Hoe lang elke fase duurt, ver|schilt per branche. Een tuincentrum heeft twee pieken (maart tot "
          "en met mei, en december met de kerstshow), een ijssalon meestal één (mei tot en met augustus). "
          "Campings en vakantie|parken merken dat gasten steeds eerder boeken: bij veel Zeeuwse campings komt "
          "de helft van de zomer|boekingen binnen vóór 1 april."),

    ("h2", "2. Voorseizoen: begin 8 tot 10 weken voor de opening"),
    ("p", "Begin minstens **8 tot 10 weken** voordat je opengaat of je piek verwacht. Algo|ritmes hebben tijd "
          "nodig om je account weer aan volgers te laten zien als je maanden stil bent geweest."),
    ("ul", [
        "**Vernieuw je beeldmateriaal.** Maak in het naseizoen al foto's van nieuwe sanitair|gebouwen, "
        "smaken of planten, zodat je in januari niet met oude foto's hoeft te werken.",
        "**Werk je Google Bedrijfs|profiel bij**: vul de seizoens|openingstijden in als **speciale "
        "openingstijden**, uiter|lijk 2 weken voor de eerste openingsdag.",
        "**Geef een reden om nu te boeken**, zoals een vroegboek|korting. Vermeld altijd een einddatum: "
        "\"10% korting bij boeken vóór 31 maart\" werkt beter dan \"profiteer nu\".",
        "**Tel af.** Een reeks van korte berichten of stories in de laatste 14 dagen voor de opening "
        "(\"Nog 7 nachtjes slapen en de eerste bol aardbeien|ijs ligt klaar\") houdt volgers be|trokken.",
        "**Zet je hoogtepunten klaar.** Maak op Instagram uit|gelichte verhalen (highlights) met vaste "
        "vragen: openings|tijden, prijzen, route en parkeren, honden welkom of niet.",
    ]),

    ("h2", "3. Hoogseizoen: minder tijd, dus vooruit plannen"),
    ("p", "In juli en augustus heb je het te druk om elke dag iets te bedenken. Bereid daarom in mei en juni "
          "een voorraad van minstens **20 berichten** voor en plan ze in met de planner in Meta Business "
          "Suite. Reser|veer daar|naast elke dag een kwartier voor stories en reacties."),
    ("ul", [
        "**Reageer op berichten binnen 24 uur.** Stel in Meta Business Suite **automa|tische antwoorden** "
        "in voor veel|gestelde vragen, zoals openingstijden en beschik|baarheid.",
        "**Laat gasten het werk doen.** Zet een bordje met je account|naam en een eigen hashtag bij de "
        "receptie, de toonbank of het mooiste plekje. Deel foto's van gasten alleen na hun toe|stemming "
        "en noem altijd hun naam.",
        "**Speel in op het weer.** Een ijssalon post bij een voor|spelling boven de 25 graden de dag "
        "ervoor een bericht met de smaak van de week; een camping deelt bij regen een lijstje met "
        "uitjes binnen een half uur rijden.",
        "**Houd advertenties kort en lokaal.** Richt je in het hoogseizoen op mensen die binnen 15 tot "
        "25 kilometer zijn, met een looptijd van hooguit 7 dagen.",
    ]),

    ("h2", "4. Naseizoen: zichtbaar blijven met weinig moeite"),
    ("p", "Stil vallen is de grootste fout van seizoens|ondernemers. Een bericht per week is in de rustige "
          "maanden genoeg. Goede onderwerpen zijn:"),
    ("ul", [
        "een terugblik met de mooiste gastenfoto's van de zomer;",
        "werk achter de schermen: onderhoud, nieuwe smaken testen, de kerst|show opbouwen;",
        "de verkoop van **seizoens|plaatsen voor volgend jaar**, bij campings meestal in september en "
        "oktober;",
        "een korte enquête onder je gasten (3 tot 5 vragen), die je input geeft voor het voorseizoen;",
        "de openingsdatum van volgend jaar, zodra die vaststaat.",
    ]),
    ("p", "Gebruik deze maanden ook om je nieuwsbrief|bestand te laten groeien. Een e-mailadres blijft van "
          "jou; een volger op Instagram niet."),

    ("h2", "5. Het jaar in één oogopslag"),
    ("p", "Onder|staand schema gaat uit van een bedrijf dat van april tot en met oktober open is. Schuif "
          "de maanden op als jouw seizoen eerder of later valt."),
    ("table", {
        "widths": [30, 28, 112],
        "rows": [
            ["Maanden", "Fase", "Belangrijkste acties"],
            ["januari - februari", "voorseizoen", "Vroegboekactie starten, beeldmateriaal vernieuwen, "
             "contentplan voor het hele jaar maken."],
            ["maart", "voorseizoen", "Openingstijden in Google Bedrijfsprofiel, aftellen naar de opening, "
             "eerste advertenties."],
            ["april - juni", "start seizoen", "Twee tot drie berichten per week, 20 berichten voor juli en "
             "augustus vooruit inplannen."],
            ["juli - augustus", "hoogseizoen", "Dagelijks stories, gastenfoto's delen, binnen 24 uur "
             "reageren, korte lokale advertenties."],
            ["september - oktober", "naseizoen", "Terugblik, enquête onder gasten, verkoop seizoensplaatsen "
             "en abonne|menten."],
            ["november - december", "rustperiode", "Een bericht per week, nieuwsbrief, cijfers evalueren "
             "en budget voor volgend jaar vastleggen."],
        ],
    }),

    ("h2", "6. Het budget verdelen"),
    ("p", "Verdeel niet alleen je advertentie|budget, maar ook je tijd over het jaar. Onze vuistregels:"),
    ("ul", [
        "**Bedrijven met reserveringen** (campings, vakantie|huizen, B&B's): **50%** van het "
        "advertentie|budget in het voor|seizoen, **30%** in het hoogseizoen voor last-minute boekingen en "
        "**20%** in het na|seizoen.",
        "**Bedrijven met inloop|klanten** (ijssalons, strand|paviljoens, tuincentra): **20%** in het "
        "voorseizoen, **65%** in het hoogseizoen en **15%** in het naseizoen.",
        "**Tijd:** reken op ongeveer **2 uur per week** in het voorseizoen en een kwartier per dag "
        "in het hoogseizoen.",
    ]),
    ("p", "Een voorbeeld: een camping met een jaarbudget van **1.200 euro** besteedt 600 euro in januari tot "
          "en met maart, 360 euro in juli en augustus en 240 euro in september en oktober. Heb je nog nooit "
          "geadver|teerd, begin dan met 5 euro per dag en kijk na 2 weken welke advertentie de meeste klikken "
          "oplevert."),

    ("h2", "7. Praktijkvoorbeeld: minicamping Het Zilte Erf in Kats"),
    ("p", "Minicamping Het Zilte Erf (35 plaatsen, open van 1 april tot en met 31 oktober) kreeg tot 2025 "
          "de meeste boekingen via grote boekings|sites, die per boeking een com|missie van **15%** rekenden. "
          "Eigen|aren Wouter en Anouk Geschiere besloten in het najaar van 2025 het anders te doen:"),
    ("ul", [
        "in januari 2026 een vroegboekactie op Facebook en Instagram: **10% korting** bij boeken vóór 31 maart;",
        "elke week een reel over het erf, de boomgaard en de fietsroutes langs de Oosterschelde;",
        "een nieuwsbrief aan oud-gasten in oktober, januari en maart;",
        "een advertentie|budget van 900 euro, waarvan 500 euro in het voorseizoen.",
    ]),
    ("p", "Het resultaat: het aandeel directe boekingen via de eigen website steeg van **38% in 2025** naar "
          "**61% in 2026**. Op 1 april 2026 was juli al voor **70%** volgeboekt. Aan commissie bespaarde het "
          "paar naar schatting 4.800 euro."),

    ("h2", "8. Checklist per seizoen"),
    ("cl", [
        "Contentplan voor het hele jaar gemaakt, met de drie fasen en je belangrijkste data.",
        "Vroegboekactie of openingsactie met een duidelijke einddatum.",
        "Seizoensopeningstijden als speciale openingstijden in je Google Bedrijfsprofiel.",
        "Instagram-highlights met openingstijden, prijzen, route en huisregels.",
        "Minstens 20 berichten klaargezet voor juli en augustus.",
        "Automatische antwoorden ingesteld; berichten binnen 24 uur beantwoord.",
        "Toestemming gevraagd voordat je foto's van gasten deelt.",
        "Advertentiebudget verdeeld over voorseizoen, hoogseizoen en naseizoen.",
        "In het naseizoen minstens één bericht per week en een nieuwsbrief aan oud-gasten.",
        "Cijfers per maand vergeleken met dezelfde maand vorig jaar.",
    ]),

    ("h2", "Meer weten?"),
    ("pl", "Deze gids is geschreven door Bram Dieleman, adviseur toerisme en recreatie bij Ondernemerscentrum "
          "De Bevelanden (b.dieleman@ocbevelanden.nl). Op **dinsdag 16 maart 2027** (19.30 tot 21.30 uur) "
          "geeft hij de workshop **Klaar voor het seizoen** in Goes; leden betalen 25 euro, niet-leden 60 euro. "
          "Een adviestraject voor je seizoens|aanpak kun je deels vergoed krijgen met de **Digitaal "
          "Vooruit-voucher 2027**; zie www.ocbevelanden.nl/regelingen."),
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
        """Bordered table; first row is the header (bold, grey). Cells wrap."""
        pdf = self.pdf
        size, lh, pad = 9, 4.1, 1.4
        widths = spec["widths"]
        rows = spec["rows"]
        self.y += 1.0
        for r, row in enumerate(rows):
            bold = r == 0
            cell_lines = [self.break_lines([(w, bold) for w in cell.split()], wd - 2 * pad, size)
                          for cell, wd in zip(row, widths)]
            row_h = max(len(cl) for cl in cell_lines) * lh + 2 * pad
            if self.y + row_h > BOTTOM_Y:
                self.new_page()
            top = self.y
            x = MARGIN_L
            pdf.set_draw_color(120, 120, 120)
            pdf.set_line_width(0.2)
            for lines, wd in zip(cell_lines, widths):
                if bold:
                    pdf.set_fill_color(225, 225, 225)
                    pdf.rect(x, top, wd, row_h, style="DF")
                else:
                    pdf.rect(x, top, wd, row_h)
                for i, line in enumerate(lines):
                    self.y = top + pad + (i + 1) * lh - 0.9
                    self.set_line(x + pad, line, wd - 2 * pad, size, justify=False)
                x += wd
            self.y = top + row_h
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
    pdf.set_creator("Ondernemerscentrum De Bevelanden - team Toerisme & Recreatie")
    pdf.set_lang("nl")
    pdf.set_creation_date(datetime.datetime(2027, 2, 1, 9, 0, tzinfo=datetime.timezone.utc))
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
