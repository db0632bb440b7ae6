"""Generate docs/gids-social-media-met-weinig-tijd.pdf with fpdf2.

Adapted from /tmp/owndocs7/tools/make_pdf_example.py. Needs fpdf2==2.8.9:
    PYTHONPATH=/tmp/fpdf2lib /work/main/.venv/bin/python tools/make_pdf.py

Lines are laid out explicitly (greedy line breaking with justified spacing).
Long words carry "|" marks at allowed hyphenation points; when such a word does
not fit at the end of a line it is split there and set as "prefix-" / "rest".
Only the core font Helvetica and latin-1 text are used (so amounts are written
as "12 euro", not with the euro sign). All text is real, extractable text.
Added to the example: a "table" kind (a weekly schedule drawn as a grid).
"""
import os
import sys

from fpdf import FPDF

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "docs", "gids-social-media-met-weinig-tijd.pdf")

GUIDE = "Gids: social media met weinig tijd"
ORG = "Ondernemerscentrum Zuidwest-Fryslân"
FOOT = "Ondernemerscentrum Zuidwest-Fryslân - Houtbaan 9, 8606 JA Sneek - 0515 43 18 60"

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
    ("title", "Social media met weinig tijd"),
    ("sub", "Gids voor ondernemers met een volle agenda - versie februari 2027"),
    ("p", "Je weet dat je zichtbaar moet zijn op social media, maar tussen klanten, offertes en de "
          "administratie blijft er weinig tijd over. Goed nieuws: met een vast uur per week kom je al "
          "ver. In deze gids lees je hoe je dat uur indeelt, hoe je berichten in een keer maakt en "
          "inplant, welke tools daarbij helpen en wat ze kosten, en hoe je met sjablonen en hergebruik "
          "nog meer tijd bespaart. Uit onze leden|peiling van november 2026 bleek dat ondernemers "
          "gemiddeld **3,5 uur per week** aan social media kwijt zijn. Een kwart daarvan gaat op aan "
          "twijfelen over wat ze zullen posten."),

    ("h2", "1. Het uurplan"),
    ("p", "Kies een vast moment in de week en zet het als afspraak in je agenda. De meeste leden die "
          "het volhouden, kiezen de **maandag|ochtend**. Verdeel het uur zo:"),
    ("ul", [
        "**15 minuten plannen:** welke drie berichten plaats je deze week en wat is het doel van elk?",
        "**30 minuten maken:** foto's kiezen, teksten schrijven en afbeeldingen maken met je sjablonen.",
        "**10 minuten inplannen:** zet de berichten klaar in je planningstool, met dag en tijd.",
        "**5 minuten terugkijken:** welk bericht van vorige week deed het best, en waarom?",
    ]),
    ("p", "Reageren op berichten en reacties hoort niet in dit uur. Daarvoor neem je **5 minuten per "
          "werkdag**, bijvoorbeeld direct na de lunch. Wie een dag wacht met reageren, laat een klant "
          "wachten."),

    ("h2", "2. Werken in series"),
    ("p", "Batching betekent dat je vergelijkbare taken achter elkaar doet in plaats van verspreid over "
          "de week. Je hoofd hoeft dan maar een keer te schakelen. Zo pak je het aan:"),
    ("ul", [
        "**Een maandelijks fotomoment:** neem op de eerste maandag van de maand 30 minuten om "
        "**20 tot 30 foto's** te maken van je werk, je team en je producten. Daar haal je een hele "
        "maand beeld uit.",
        "**Alle teksten in een document:** schrijf de bijschriften voor de hele week onder elkaar in "
        "een tekst|bestand en kopieer ze daarna naar je tool.",
        "**Een ideeën|lijst op je telefoon:** noteer elke vraag van een klant. Een vraag die je drie "
        "keer hoort, is een bericht.",
    ]),

    ("h2", "3. Inplannen: tools en wat ze kosten"),
    ("p", "Met een planningstool zet je berichten vooruit klaar, zodat ze vanzelf op het juiste moment "
          "verschijnen. Voor de meeste kleine ondernemers is een gratis tool genoeg. De prijzen "
          "hieronder gelden in januari 2027, zijn exclusief btw en kunnen wijzigen."),
    ("ul", [
        "**Meta Business Suite:** gratis. Plant berichten en Stories voor Facebook en Instagram. "
        "Voor de meeste leden de beste start.",
        "**LinkedIn:** gratis. Je kunt een bericht in LinkedIn zelf inplannen via het klokje naast "
        "de knop Plaatsen.",
        "**Buffer:** gratis voor **3 kanalen** en maximaal 10 ingeplande berichten per kanaal. Het "
        "betaalde Essentials-abonnement kost ongeveer 6 dollar per kanaal per maand.",
        "**Canva Pro:** ongeveer **12 euro per maand**. Naast de sjablonen zit er een content|planner "
        "in waarmee je direct vanuit Canva publiceert.",
        "**Later:** vanaf ongeveer 25 dollar per maand. Handig als je veel met Instagram en TikTok "
        "werkt.",
        "**Hootsuite:** vanaf ongeveer 99 dollar per maand. Voor een eenmanszaak meestal te duur.",
    ]),

    ("h2", "4. Een idee, vijf berichten"),
    ("p", "Je beste content hoef je niet maar een keer te gebruiken. Van een goede tip of een klant|verhaal "
          "maak je zonder veel moeite vijf berichten:"),
    ("ol", [
        "een **carrousel** met de tip in 4 tot 6 stappen;",
        "een **korte video** van maximaal 30 seconden waarin je de tip zelf uitlegt;",
        "een **quote|afbeelding** met de belangrijkste zin;",
        "een **Story met een poll** (\"Wist jij dit al?\");",
        "een alinea in je **nieuwsbrief** of op je website.",
    ]),
    ("p", "Houd daarnaast een lijst bij van je **10 best scorende berichten**. Plaats zo'n bericht na "
          "**3 maanden** opnieuw, met een nieuwe foto en een iets andere eerste zin. De meeste volgers "
          "hebben het de eerste keer niet gezien."),

    ("h2", "5. Voorbeeld van een weekschema"),
    ("p", "Zo ziet een week eruit met drie berichten, waarvan alleen het maandag|uur echt tijd kost:"),
    ("table", {
        "widths": [28, 30, 86, 26],
        "head": ["Dag", "Tijd", "Wat", "Tijd kwijt"],
        "rows": [
            ["maandag", "8.00 - 9.00", "Het uur: plannen, maken, inplannen", "60 min"],
            ["dinsdag", "12.00", "Bericht 1: tip of uitleg (automatisch)", "0 min"],
            ["donderdag", "19.30", "Bericht 2: achter de schermen (automatisch)", "0 min"],
            ["vrijdag", "16.00", "Een spontane Story uit de werkplaats", "5 min"],
            ["zaterdag", "9.00", "Bericht 3: product of aanbod (automatisch)", "0 min"],
            ["ma t/m vr", "na de lunch", "Reageren op reacties en berichten", "5 min/dag"],
        ],
        "total": "Totaal: 1 uur vast, plus ongeveer 30 minuten aan losse momenten.",
    }),

    ("h2", "6. Sjablonen"),
    ("p", "Een sjabloon is een vaste opmaak waarin je alleen de tekst en de foto vervangt. Je bespaart "
          "er per bericht al snel 10 minuten mee, en je berichten worden direct herkenbaar. Maak in "
          "Canva (ook in de gratis versie) deze **drie sjablonen**:"),
    ("ul", [
        "**Tip:** een effen vlak in je huisstijl|kleur met een korte tip in grote letters;",
        "**Klant aan het woord:** een foto of review met de naam van de klant, met toestemming;",
        "**Aanbod:** product|foto, prijs en een duidelijke oproep, bijvoorbeeld \"Bestel voor vrijdag\".",
    ]),
    ("p", "Gebruik in alle sjablonen maximaal **2 kleuren en 1 letter|type**. Bewaar ook een vaste "
          "slotzin voor je bijschriften, met je website en 3 tot 5 vaste hashtags."),

    ("h2", "7. Veelgemaakte fouten"),
    ("ul", [
        "**Op alle kanalen tegelijk willen zitten.** Kies er hooguit twee, namelijk die waar je klanten "
        "zitten. Een bakker kiest eerder Instagram en Facebook, een adviesbureau LinkedIn.",
        "**Overal dezelfde tekst plaatsen.** Op LinkedIn werkt een zakelijke eerste zin, op Instagram "
        "de foto. Pas in ieder geval de eerste zin en de hashtags aan.",
        "**Te ver vooruit inplannen en het dan vergeten.** Plan hooguit 2 weken vooruit en kijk elke "
        "maandag of je ingeplande berichten nog passen bij het nieuws. Zet ze bij een calamiteit in je "
        "regio meteen stil.",
        "**Alleen verkopen.** Houd de regel aan dat hooguit 1 op de 4 berichten over aanbod of prijs "
        "gaat.",
        "**Stoppen en weer beginnen.** Zes weken stilte en dan vijf berichten op een dag werkt slechter "
        "dan elke week een bericht.",
    ]),

    ("h2", "8. Praktijkvoorbeeld: Hoveniers|bedrijf Dijkstra in Lemmer"),
    ("p", "Sietse Dijkstra runt met 2 medewerkers een hoveniers|bedrijf in Lemmer. Tot juni 2026 plaatste "
          "hij gemiddeld een bericht per maand. Sindsdien werkt hij elke maandag van 7.00 tot 8.00 uur "
          "volgens het uurplan, met Meta Business Suite en de gratis versie van Canva. Het resultaat na "
          "een half jaar: **3 berichten per week**, Instagram-volgers van **410 naar 1.150** en "
          "**11 offerte|aanvragen** die via Instagram of Facebook binnenkwamen."),
    ("quote", "\"Op maandag|ochtend staat alles klaar. Daarna ben ik gewoon in de tuinen aan het werk.\" "
              "- Sietse Dijkstra"),

    ("h2", "Checklist"),
    ("cl", [
        "Een vast uur per week staat als afspraak in mijn agenda.",
        "Ik heb gekozen voor maximaal 2 kanalen.",
        "Mijn planningstool is gekoppeld aan mijn accounts.",
        "De eerste maandag van de maand is mijn fotomoment.",
        "Ik heb 3 sjablonen in mijn huisstijl.",
        "Ik heb een lijst met mijn 10 best scorende berichten.",
        "Ik reageer elke werkdag 5 minuten op reacties en berichten.",
        "Hooguit 1 op de 4 berichten gaat over aanbod of prijs.",
    ]),

    ("h2", "Meer weten?"),
    ("pl", "Op **donderdag 25 maart 2027** (12.00 tot 12.45 uur) geeft Jelmer Hoekstra het lunch|webinar "
          "**Social media in een uur per week**; gratis voor leden, niet-leden betalen 15 euro. Liever "
          "persoonlijk advies? Leden boeken gratis een gesprek van 30 minuten op het **Digitaal "
          "Spreekuur**, elke dinsdag van 13.00 tot 16.00 uur (niet-leden 30 euro), via "
          "www.ondernemerscentrum-zwf.nl/spreekuur."),
]


# Extra hyphenation points, applied to every occurrence of these words in
# the body text (words already carrying "|" marks are left alone).
HYPH = {
    "administratie": "ad|mi|ni|stra|tie", "sjablonen": "sja|blo|nen", "hergebruik": "her|ge|bruik",
    "gemiddeld": "ge|mid|deld", "planningstool": "plan|nings|tool", "afbeeldingen": "af|beel|din|gen",
    "bijvoorbeeld": "bij|voor|beeld", "vergelijkbare": "ver|ge|lijk|ba|re", "schakelen": "scha|ke|len",
    "producten": "pro|duc|ten", "ondernemers": "on|der|ne|mers", "exclusief": "ex|clu|sief",
    "Essentials-abonnement": "Essentials-|abon|ne|ment", "publiceert": "pu|bli|ceert",
    "herkenbaar": "her|ken|baar", "adviesbureau": "advies|bu|reau", "calamiteit": "ca|la|mi|teit",
    "medewerkers": "mede|wer|kers", "binnenkwamen": "bin|nen|kwa|men", "verschijnen": "ver|schij|nen",
    "berichten": "be|rich|ten", "bijschriften": "bij|schrif|ten", "zichtbaar": "zicht|baar",
    "verspreid": "ver|spreid", "ingeplande": "in|ge|plan|de", "verschijnen.": "ver|schij|nen.",
    "belangrijkste": "be|lang|rijk|ste", "toestemming": "toe|stem|ming", "twijfelen": "twij|fe|len",
    "afspraak": "af|spraak", "terugkijken:": "terug|kij|ken:", "Instagram-volgers": "Instagram-|vol|gers",
    "persoonlijk": "per|soon|lijk", "Sindsdien": "Sinds|dien", "resultaat": "re|sul|taat",
    "seconden": "se|con|den", "reageren": "re|a|ge|ren", "Reageren": "Re|a|ge|ren",
    "maandelijks": "maan|de|lijks", "kopieer": "ko|pi|eer", "eenmanszaak": "een|mans|zaak",
}


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
        if "|" not in raw:
            core = raw.strip("*,;:()\"'")
            if core in HYPH:
                raw = raw.replace(core, HYPH[core])
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
        """A simple grid: bold header row on grey, thin row lines, wrapped cells."""
        pdf = self.pdf
        widths = spec["widths"]
        pad = 1.5
        size = 9
        lh = 4.2
        rows = [(spec["head"], True)] + [(r, False) for r in spec["rows"]]
        # keep the whole table on one page
        heights = []
        cells_all = []
        for cells, bold in rows:
            wrapped = [self.break_lines(tokenize(("**%s**" % c) if bold else c), w - 2 * pad, size)
                       for c, w in zip(cells, widths)]
            n = max(len(x) for x in wrapped)
            heights.append(n * lh + 2.2)
            cells_all.append(wrapped)
        total_h = sum(heights) + (LINE_H + 2 if spec.get("total") else 0) + 3
        self.ensure(total_h)
        self.y += 1.5
        x0 = MARGIN_L
        full_w = sum(widths)
        pdf.set_draw_color(120, 120, 120)
        pdf.set_line_width(0.2)
        top = self.y
        for (cells, bold), wrapped, h in zip(rows, cells_all, heights):
            if bold:
                pdf.set_fill_color(225, 225, 225)
                pdf.rect(x0, self.y, full_w, h, style="F")
            x = x0
            for lines, w in zip(wrapped, widths):
                yy = self.y + 1.1
                for line in lines:
                    yy += lh
                    save = self.y
                    self.y = yy - 0.9
                    self.set_line(x + pad, line, w - 2 * pad, size, justify=False)
                    self.y = save
                x += w
            pdf.line(x0, self.y, x0 + full_w, self.y)
            self.y += h
        pdf.line(x0, self.y, x0 + full_w, self.y)
        x = x0
        for w in [0] + widths:
            x += w
            pdf.line(x, top, x, self.y)
        self.y += 1.0
        if spec.get("total"):
            self.paragraph(spec["total"], size=9, justify=False, italic=True)
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
    pdf.set_creator("Ondernemerscentrum Zuidwest-Fryslân - team Online Ondernemen")
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
