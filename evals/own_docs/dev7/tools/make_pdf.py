"""Generate docs/gids-sociale-media-statistieken-lezen.pdf with fpdf2.

Adapted from /tmp/owndocs7/tools/make_pdf_example.py. Needs fpdf2==2.8.9:
    PYTHONPATH=/tmp/fpdf2lib /work/main/.venv/bin/python tools/make_pdf.py

Lines are laid out explicitly (greedy line breaking with justified spacing).
Long words carry "|" marks at allowed hyphenation points; when such a word does
not fit at the end of a line it is split there and set as "prefix-" / "rest".
Only the core font Helvetica and latin-1 text are used (so amounts are written
as "85 euro", not with the euro sign). All text is real, extractable text.
"""
import os
import sys

from fpdf import FPDF

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "docs", "gids-sociale-media-statistieken-lezen.pdf")

GUIDE = "Gids: je sociale-mediastatistieken lezen"
ORG = "Ondernemerspunt Zuid-Limburg vzw"
FOOT = "Ondernemerspunt Zuid-Limburg vzw - Kanaalkaai 14, 3500 Hasselt - 011 28 47 60 - www.ondernemerspunt-zl.be"

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
# cl (checklist with boxes), quote (italic, indented), newpage.
# --------------------------------------------------------------------------
CONTENT = [
    ("title", "Je sociale-mediastatistieken lezen"),
    ("sub", "Gids voor zelfstandigen en kmo's - editie december 2026"),
    ("p", "Elk platform geeft je gratis cijfers over je posts en je volgers. Toch kijkt volgens onze "
          "leden|bevraging van september 2026 maar 1 op de 3 ondernemers daar minstens een keer per maand "
          "naar. Jammer, want die cijfers vertellen je welke posts werken, wanneer je publiek online is en "
          "of je sociale media iets opleveren. In deze gids lees je welke cijfers ertoe doen, waar je ze "
          "vindt in Meta Business Suite, LinkedIn en TikTok, en hoe je in 30 minuten per maand een "
          "eenvoudig maand|rapport maakt."),

    ("h2", "1. Van bereik tot kliks: de begrippen"),
    ("ul", [
        "**Bereik:** het aantal unieke accounts dat je post minstens een keer te zien kreeg.",
        "**Weergaven** (vroeger vaak impressies): hoe vaak je post getoond werd, ook meerdere keren aan "
        "dezelfde persoon. Weergaven zijn dus altijd gelijk aan of hoger dan je bereik. Sinds 2025 is "
        "weergaven het hoofd|cijfer in Meta Business Suite.",
        "**Interacties:** reacties (likes), opmerkingen, keren gedeeld en keren bewaard.",
        "**Engagement rate** (betrokkenheids|graad): je interacties gedeeld door je bereik, in procent. "
        "Zo vergelijk je posts met een groot en een klein bereik eerlijk met elkaar.",
        "**Kliks:** op een link, je web|site|knop, 'route' of 'bellen'. Voor een winkel of dienst is dit "
        "vaak het belangrijkste cijfer, omdat het dichtst bij een verkoop ligt.",
        "**Volgers|groei:** nieuwe volgers min ontvolgers in dezelfde periode.",
    ]),
    ("p", "Een hoog aantal volgers of likes voelt goed, maar zegt weinig over je omzet. Wij noemen dat "
          "ijdelheids|cijfers. Kijk dus vooral naar kliks en naar je engagement rate, en pas daarna naar "
          "je volgers."),

    ("h2", "2. Waar de cijfers staan"),
    ("h3", "Meta Business Suite (Facebook en Instagram)"),
    ("p", "Open business.facebook.com of de app Meta Business Suite en kies in het menu **Inzichten**. Onder "
          "**Overzicht** zie je bereik en volgers van je Facebook|pagina en je Instagram-account naast "
          "elkaar, onder **Content** de resultaten per post, reel en story. Standaard krijg je de laatste "
          "28 dagen te zien; je kiest zelf een andere periode. Met **Exporteren** download je de cijfers "
          "als CSV-bestand voor Excel. Let op: Instagram toont alleen statis|tieken voor een professioneel "
          "account (zakelijk of creator)."),
    ("h3", "LinkedIn-bedrijfspagina"),
    ("p", "Open je pagina in de be|heerders|weergave en klik op **Analyses**. Je vindt er de tabbladen "
          "**Content**, **Bezoekers**, **Volgers** en **Concurrenten**. LinkedIn berekent zelf een engagement "
          "rate per post, maar op een andere manier dan wij in deze gids: kliks, reacties, opmerkingen, "
          "reposts en nieuwe volgers gedeeld door het aantal weergaven. Met **Exporteren** haal je een "
          "rekenblad binnen voor een periode van maximaal 365 dagen."),
    ("h3", "TikTok"),
    ("p", "Zet je account eerst om naar een zakelijk account. Daarna vind je in de app via je profiel, "
          "het menu rechtsboven en **TikTok Studio** de knop **Analyses**, met de tabbladen **Overzicht**, "
          "**Content** en **Volgers**. Per video zie je onder meer de gemiddelde kijktijd en welk deel van "
          "de kijkers de video volledig bekeek. Die twee cijfers zeggen op TikTok meer dan het aantal likes."),

    ("h2", "3. Engagement rate: de rekensom"),
    ("p", "Gebruik voor elk platform dezelfde formule, dan kun je maanden met elkaar vergelijken:"),
    ("quote", "Engagement rate = (reacties + opmerkingen + keren gedeeld + keren bewaard) / bereik x 100"),
    ("p", "**Voorbeeld.** Fietsenwinkel Vanherk in Bilzen post een video van een nieuwe elektrische fiets. "
          "De post krijgt 61 reacties, 9 opmerkingen, 4 keer gedeeld en 12 keer bewaard: samen 86 "
          "interacties. Het bereik is 2.150 accounts. De engagement rate is dan 86 / 2.150 x 100 = **4,0%**."),
    ("p", "Voor je maand|rapport tel je de interacties van alle posts van die maand op en deel je ze door "
          "het opgetelde bereik van diezelfde posts. Sommige tools delen door het aantal volgers in plaats "
          "van door het bereik. Dat geeft een ander getal; wissel dus nooit van formule."),

    ("h2", "4. Vergelijkings|cijfers"),
    ("p", "Onder|staande marges zijn richt|waarden voor kleine accounts tot 5.000 volgers. We baseren ze op "
          "de cijfers van 214 accounts van leden, gemeten in 2025 en 2026."),
    ("ul", [
        "**Facebook:** 1 tot 3%.",
        "**Instagram:** 2 tot 5%.",
        "**LinkedIn-bedrijfspagina:** 3 tot 6% (volgens de berekening van LinkedIn zelf).",
        "**TikTok:** 4 tot 8%, en een gemiddelde kijktijd van minstens de helft van de video.",
    ]),
    ("p", "Vergelijk jezelf in de eerste plaats met je eigen vorige maanden. Een slechte maand is "
          "toeval; drie maanden na elkaar een daling is een trend waar je iets mee moet doen."),

    ("h2", "5. Sjabloon voor je maandrapport"),
    ("p", "Vul elke maand dezelfde tabel in. Als voorbeeld de cijfers van Fietsenwinkel Vanherk voor "
          "oktober 2026:"),
    ("table", {
        "widths": [50, 30, 30, 30, 30],
        "head": ["Cijfer", "Facebook", "Instagram", "LinkedIn", "TikTok"],
        "rows": [
            ["Volgers einde maand", "2.480", "1.930", "410", "760"],
            ["Nieuwe volgers (netto)", "+34", "+58", "+12", "+95"],
            ["Aantal posts", "8", "8", "4", "6"],
            ["Bereik (opgeteld)", "9.600", "11.200", "3.100", "18.400"],
            ["Interacties", "190", "420", "115", "960"],
            ["Engagement rate", "2,0%", "3,8%", "3,7%", "5,2%"],
            ["Linkkliks", "46", "71", "38", "12"],
            ["Beste post", "e-bikevideo", "e-bikevideo", "vacature", "werkplaats"],
        ],
    }),
    ("p", "Noteer onder de tabel in een paar zinnen wat opviel en welke **hooguit 3 acties** je de "
          "volgende maand uit|probeert. Bij Vanherk was dat: meer video's uit de werkplaats, en de "
          "vacature|post ook op Facebook zetten."),

    ("h2", "6. Vijf valkuilen"),
    ("ol", [
        "**Een post na een dag beoordelen.** Wacht minstens 7 dagen. Vooral op LinkedIn en TikTok komen "
        "er nog dagen na het posten weergaven bij.",
        "**Periodes van verschillende lengte vergelijken.** Februari telt 28 dagen, maart 31. Werk met "
        "kalender|maanden en vergelijk per post, of gebruik overal dezelfde periode van 28 dagen.",
        "**Betaald en organisch bereik door elkaar halen.** In Meta Business Suite filter je op organisch en "
        "betaald. Een gespon|sorde post van 20 euro kan je bereik voor die maand verdubbelen en je "
        "engagement rate drukken.",
        "**Platformen onderling vergelijken.** Elk platform telt anders. Vergelijk Instagram met Instagram.",
        "**Alleen naar volgers kijken.** Een account met 500 betrokken volgers levert vaak meer op dan "
        "een met 5.000 stille volgers.",
    ]),

    ("h2", "7. Checklist voor je maandelijkse halfuur"),
    ("cl", [
        "Vaste afspraak in je agenda: de eerste werkdag van de maand, 30 minuten.",
        "Voor elk platform dezelfde periode gekozen (de vorige kalender|maand).",
        "Cijfers overgenomen in het maandrapport.",
        "Engagement rate berekend met dezelfde formule als vorige maand.",
        "Top 3 en flop 3 van de posts genoteerd, met een vermoeden waarom.",
        "Betaald bereik apart genoteerd.",
        "Hooguit 3 acties gekozen voor de volgende maand.",
        "Rapport bewaard in dezelfde map, zodat je na 12 maanden een jaar|overzicht hebt.",
    ]),

    ("h2", "8. Wanneer is je publiek online?"),
    ("p", "Je statistieken vertellen ook wanneer je volgers actief zijn. In Meta Business Suite zie je in de "
          "**Planner** de voor|gestelde **actieve tijden** van je publiek. Op TikTok toont het tabblad **Volgers** "
          "per uur en per dag wanneer je volgers in de app zitten. LinkedIn geeft dat niet; daar test je "
          "zelf. Post een maand lang op twee vaste momenten, bijvoorbeeld dinsdag om 8.00 uur en donderdag "
          "om 12.00 uur, en vergelijk daarna het gemiddelde bereik per moment. Bij onze leden in de "
          "bouw|sector werkt 6.30 tot 7.30 uur het best; bij winkels eerder de vrijdag|avond."),

    ("h2", "Meer weten?"),
    ("pl", "Op **dinsdag 16 februari 2027** (9.00 tot 12.30 uur) geeft Liesbeth Vranckx in Hasselt de workshop "
          "**Cijfers die ertoe doen**. Leden betalen 35 euro, niet-leden 85 euro. Breng je laptop mee, met "
          "toegang tot je accounts. Liever persoonlijk advies? Op het **Digitaal Spreekuur**, elke donderdag "
          "van 9.00 tot 12.00 uur, is een gesprek van 30 minuten gratis voor leden; niet-leden betalen 40 "
          "euro. Het maandrapport kun je als reken|blad downloaden op www.ondernemerspunt-zl.be/maandrapport. "
          "Vragen: liesbeth.vranckx@ondernemerspunt-zl.be of 011 28 47 63."),
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

    def table(self, spec, size=9, row_h=5.6):
        """Simple bordered table; header row bold on a light grey fill."""
        pdf = self.pdf
        widths = spec["widths"]
        n_rows = len(spec["rows"]) + 1
        self.ensure(n_rows * row_h + 3)
        self.y += 1.5
        pdf.set_draw_color(120, 120, 120)
        pdf.set_line_width(0.2)
        for r, row in enumerate([spec["head"]] + spec["rows"]):
            x = MARGIN_L
            for c, (val, w) in enumerate(zip(row, widths)):
                bold = (r == 0 or c == 0)
                pdf.set_font(FONT, "B" if bold else "", size)
                pdf.set_fill_color(225, 225, 225)
                pdf.set_xy(x, self.y)
                pdf.cell(w, row_h, val, border=1, align="L" if c == 0 else "C", fill=(r == 0))
                x += w
            self.y += row_h
        self.y += 1.0

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
    pdf.set_creator("Ondernemerspunt Zuid-Limburg - Liesbeth Vranckx, adviseur digitale marketing")
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
