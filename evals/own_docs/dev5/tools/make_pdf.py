"""Generate docs/gids-toegankelijke-sociale-media.pdf with fpdf2.

Adapted from /tmp/owndocs5/tools/make_pdf_example.py. Needs fpdf2==2.8.9:
    PYTHONPATH=/tmp/fpdf2lib /work/main/.venv/bin/python tools/make_pdf.py

Lines are laid out explicitly (greedy line breaking with justified spacing).
Long words carry "|" marks at allowed hyphenation points; when such a word does
not fit at the end of a line it is split there and set as "prefix-" / "rest".
Only the core font Helvetica and latin-1 text are used (so amounts are written
as "40 euro", not with the euro sign). All text is real, extractable text.
Added compared to the example: a "table" kind (grid with a shaded header row).
"""
import os
import sys

from fpdf import FPDF

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "docs", "gids-toegankelijke-sociale-media.pdf")

GUIDE = "Gids: toegankelijke sociale media"
ORG = "Ondernemerskamer Vlaamse Ardennen vzw"
FOOT = "Ondernemerskamer Vlaamse Ardennen vzw - Lakenmakersstraat 27, 9700 Oudenaarde - 055 31 48 20"

FONT = "Helvetica"
BODY_PT = 10
TABLE_PT = 8.8
LINE_H = 4.6           # mm, body line height
TABLE_LH = 4.0
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
    ("title", "Toegankelijke sociale media"),
    ("sub", "Gids voor zelfstandigen en kmo's - versie januari 2026"),
    ("p", "Een post die niet iedereen kan lezen, bereikt ook niet iedereen. Denk aan klanten die blind of "
          "slechtziend zijn en een scherm|lezer gebruiken, aan doven en slecht|horenden, aan mensen met "
          "dyslexie of een kleuren|zwakte, en aan iedereen die op de bus een video zonder geluid bekijkt. "
          "Toe|gankelijk posten kost weinig extra tijd, als je de gewoonte eenmaal hebt. In deze gids vind "
          "je vijf aandachts|punten, een overzicht van wat elk platform ondersteunt en een checklist om naast "
          "je scherm te leggen."),
    ("p", "**Verplicht of niet?** Sinds **28 juni 2025** geldt de Europese toegankelijkheids|richtlijn "
          "(European Accessibility Act) ook in België, onder meer voor webshops. Micro-|ondernemingen die "
          "diensten leveren, met minder dan **10 werknemers** en een jaar|omzet of balans|totaal van maximaal "
          "**2 miljoen euro**, zijn vrijgesteld. Je posts op sociale media vallen er op zich niet onder, maar "
          "wie er nu al reke|ning mee houdt, bereikt meer klanten."),

    ("h2", "1. Alt-tekst: beschrijf je beeld"),
    ("p", "Een alt-tekst (alter|natieve tekst) is een korte be|schrij|ving van een foto die een scherm|lezer "
          "hardop voor|leest. Facebook en Instagram maken er automatisch een, maar die is vaak te vaag: "
          "\"Af|beel|ding met mogelijk 2 personen en voedsel\". Schrijf hem dus zelf."),
    ("ul", [
        "**Kort en to the point:** mik op **maximaal 125 tekens**. Veel scherm|lezers lezen langere "
        "teksten in stukken voor.",
        "Begin niet met \"Foto van\" of \"Af|beel|ding van\": de scherm|lezer meldt zelf al dat het om een "
        "af|beel|ding gaat.",
        "Staat er **tekst in het beeld** (een affiche, een prijs, een datum), neem die tekst dan volledig "
        "op in de alt-tekst.",
        "Beschrijf wat belangrijk is voor je bericht, niet elk detail. Zet er geen hashtags of zoek|woorden "
        "in.",
        "In Instagram vind je het veld bij het plaatsen onder **Geavanceerde instellingen** > "
        "**Alternatieve tekst schrijven**. Voor een post die al online staat, kies je **Bewerken** en "
        "daarna **Alternatieve tekst bewerken** rechts|onder op de foto.",
    ]),
    ("p", "**Voorbeeld.** Zwak: \"taart\". Beter: \"Aardbeien|taart met slagroom op een witte schotel, "
          "naast een bordje met de tekst 'Nieuw: 4,50 euro per stuk'.\""),

    ("h2", "2. Ondertitels bij elke video"),
    ("p", "Een groot deel van de video's op sociale media wordt zonder geluid bekeken. Ondertitels helpen dus "
          "niet alleen doven en slecht|horenden, maar al je kijkers. Je hebt twee soorten: **vaste "
          "onder|titels**, die in het beeld gebrand zijn (handig voor Reels en TikTok), en **losse "
          "onder|titels** in een SRT-bestand, die de kijker zelf kan aan- of uitzetten."),
    ("ul", [
        "Gebruik **maximaal 2 regels** per onder|titel en ongeveer **42 tekens per regel**.",
        "Laat elke onder|titel **minstens 1,5 seconde** in beeld staan.",
        "Zet de onder|titels niet helemaal onderaan: op Reels en TikTok vallen ze daar weg achter de "
        "knoppen en de caption. Hou ongeveer een vijfde van de scherm|hoogte vrij.",
        "**Automatische onder|titels** zijn een goed begin, maar lees ze altijd na. Namen van straten, "
        "producten en dialect|woorden gaan vaak mis.",
        "Vermeld ook geluiden die ertoe doen, bijvoorbeeld [deurbel] of [applaus].",
        "Is er belangrijke infor|matie alleen te zien en niet te horen (een prijs, een adres), zeg die dan "
        "ook hardop.",
    ]),

    ("h2", "3. Contrast en kleur"),
    ("p", "Tekst op een foto of een gekleurd vlak moet genoeg contrast hebben. De internationale "
          "richt|lijnen (WCAG) vragen een contrast|verhouding van minstens **4,5:1** voor gewone tekst en "
          "**3:1** voor grote tekst. Controleer je huis|stijl|kleuren een keer met een gratis tool zoals de "
          "**WebAIM Contrast Checker** of de **Colour Contrast Analyser**. Zet tekst niet op een drukke "
          "foto, maar op een effen vlak, en gebruik nooit alleen kleur om iets duidelijk te maken: zo'n 8% "
          "van de mannen heeft een vorm van kleuren|blind|heid, vaak voor rood en groen. Schrijf dus "
          "\"uit|verkocht\" in plaats van een product alleen rood te kleuren."),

    ("h2", "4. Emoji en hashtags"),
    ("p", "Een scherm|lezer leest elk emoji voluit voor. Drie vlam|metjes achter elkaar worden dus drie keer "
          "\"vuur\". Daarom:"),
    ("ul", [
        "gebruik **hooguit 3 emoji** per post, en zet ze liefst aan het einde van een zin;",
        "vervang geen woorden door emoji (\"we zijn open van 9 tot 18 uur\", niet een klokje);",
        "schrijf hashtags in **CamelCase**, met een hoofdletter voor elk woord: **#OpenDeurDagRonse** in "
        "plaats van #opendeurdagronse. Een scherm|lezer leest de woorden dan apart en correct voor;",
        "zet hashtags **onderaan** je post en beperk je tot **3 tot 5**;",
        "gebruik geen 'speciale' vette of schuine letters uit online letter|generators. Een scherm|lezer "
        "leest die als losse symbolen of slaat ze over.",
    ]),

    ("h2", "5. Schrijf zoals je spreekt"),
    ("p", "Schrijf op **taalniveau B1**: de taal die de meeste vol|wassenen zonder moeite begrijpen. Hou je "
          "zinnen gemid|deld onder de **15 woorden**, zet de be|lang|rijk|ste info vooraan en gebruik korte "
          "alinea's met wit|regels. Schrijf af|kortingen de eerste keer voluit. Gebruik geen \"klik hier\" "
          "als link|tekst, maar zeg waar de link naartoe gaat, bijvoorbeeld \"bekijk onze openings|uren\". "
          "Laat een nieuwe tekst eens lezen door iemand van buiten je zaak: als die hem in een keer snapt, "
          "zit je goed."),

    ("h2", "6. Wat ondersteunt elk platform?"),
    ("p", "Stand van zaken op **15 januari 2026**. Platformen passen hun functies geregeld aan; kijk bij "
          "twijfel in de help|pagina's van het platform."),
    ("table", {
        "widths": [26, 52, 46, 46],
        "head": ["Platform", "Eigen alt-tekst bij foto's", "Automatische onder|titels",
                 "Eigen ondertitel|bestand (SRT)"],
        "rows": [
            ["Facebook", "ja, ook automatisch; zelf aan te passen", "ja", "ja, bij het uploaden"],
            ["Instagram", "ja, via Geavanceerde instellingen", "ja, bij Reels", "nee, alleen vaste "
             "onder|titels"],
            ["LinkedIn", "ja, via Alt-tekst toevoegen", "ja", "ja, bij het uploaden"],
            ["TikTok", "nee, zet de info in de caption", "ja, na te lezen en aan te passen", "nee"],
            ["YouTube", "niet van toepassing", "ja, ook in het Nederlands", "ja, via YouTube Studio"],
        ],
    }),

    ("h2", "7. Checklist voor je op Publiceren drukt"),
    ("cl", [
        "Elke foto heeft een eigen alt-tekst van maximaal 125 tekens.",
        "Tekst in het beeld staat ook in de alt-tekst of in de caption.",
        "Elke video heeft onder|titels, en je hebt ze nagelezen.",
        "Ondertitels staan niet achter de knoppen van de app.",
        "Het contrast van tekst op beeld is minstens 4,5:1.",
        "Niet meer dan 3 emoji, en geen emoji in plaats van woorden.",
        "Hashtags in CamelCase, onderaan, maximaal 5.",
        "Korte zinnen, be|lang|rijk|ste info vooraan, geen \"klik hier\".",
        "Geen speciale letters uit een lettergenerator.",
    ]),

    ("h2", "8. Uit de praktijk: Optiek Deschacht in Ronse"),
    ("p", "Optiek Deschacht (5 medewerkers) kreeg in het voorjaar van 2025 een vriendelijke mail van een "
          "slecht|ziende klant: de posts over nieuwe mon|turen waren voor haar \"een reeks lege af|beel|dingen\". "
          "Zaak|voerder Ilse Deschacht volgde daarop ons digitaal spreekuur en paste de checklist toe. Sinds "
          "juni 2025 krijgt elke post een alt-tekst en elke Reel onder|titels. Ze merkt dat Reels met "
          "onder|titels gemid|deld **27% langer** bekeken worden, en het aantal afspraken voor een gratis "
          "oog|meting via Insta|gram steeg van **6 naar 15 per maand**."),
    ("quote", "\"Het kost me per post twee minuten extra. Dat had ik veel eerder moeten doen.\" - Ilse "
              "Deschacht"),

    ("h2", "Meer weten?"),
    ("pl", "Leden boeken gratis een gesprek van **45 minuten** op het **Digitaal Spreekuur**, elke dinsdag van "
          "9 tot 12 uur; niet-leden betalen **40 euro** excl. btw. Contact: Lotte Verhaegen, adviseur digitaal "
          "ondernemen, digitaal@ondernemerskamer-va.be of 055 31 48 24. Meer gidsen vind je op "
          "www.ondernemerskamer-va.be/kennisbank."),
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

    def heading(self, text, size, before, lines_after=3):
        # keep a heading together with at least a few following lines
        self.ensure(before + 2 + lines_after * LINE_H)
        self.y += before
        self.pdf.set_font(FONT, "B", size)
        self.pdf.text(MARGIN_L, self.y, text.replace("|", ""))
        self.y += 0.8




def table(lay, spec):
    """Grid table: shaded bold header row, cells wrapped with break_lines."""
    pdf = lay.pdf
    widths = spec["widths"]
    pad = 1.6

    def cell_lines(text, w, bold):
        toks = [(t, bold) for t, _ in tokenize(text)]
        return lay.break_lines(toks, w - 2 * pad, TABLE_PT)

    def draw_row(cells, bold, fill):
        wrapped = [cell_lines(c, w, bold) for c, w in zip(cells, widths)]
        n = max(len(x) for x in wrapped)
        h = n * TABLE_LH + 2 * pad
        lay.ensure(h)
        top = lay.y
        x = MARGIN_L
        pdf.set_draw_color(120, 120, 120)
        pdf.set_line_width(0.2)
        for lines, w in zip(wrapped, widths):
            if fill:
                pdf.set_fill_color(225, 225, 225)
                pdf.rect(x, top, w, h, style="DF")
            else:
                pdf.rect(x, top, w, h)
            ty = top + pad
            for line in lines:
                ty += TABLE_LH
                cx = x + pad
                for wd, b in line:
                    pdf.set_font(FONT, "B" if b else "", TABLE_PT)
                    pdf.text(cx, ty - 0.9, wd)
                    cx += pdf.get_string_width(wd) + pdf.get_string_width(" ")
            x += w
        lay.y = top + h

    lay.y += 1.5
    draw_row(spec["head"], True, True)
    for row in spec["rows"]:
        draw_row(row, False, False)
    lay.y += 3.0


def build():
    pdf = Guide(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.alias_nb_pages("{nb}")
    pdf.set_margins(MARGIN_L, 18, MARGIN_R)
    pdf.set_title(GUIDE)
    pdf.set_author(ORG)
    pdf.set_creator("Ondernemerskamer Vlaamse Ardennen - team Digitaal Ondernemen")
    pdf.set_lang("nl-BE")
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
            table(lay, val)
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
