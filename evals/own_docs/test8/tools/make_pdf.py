"""Generate docs/gids-klanten-werven-via-linkedin.pdf with fpdf2.

Based on /tmp/owndocs8/tools/make_pdf_example.py. Needs fpdf2==2.8.9:
    PYTHONPATH=/tmp/fpdf2lib python3 tools/make_pdf.py

Lines are laid out explicitly (greedy line breaking with justified spacing).
Long words carry "|" marks at allowed hyphenation points; when such a word does
not fit at the end of a line it is split there and set as "prefix-" / "rest".
Only the core font Helvetica and latin-1 text are used (so amounts are written
as "euro", not with the euro sign). All text is real, extractable text.
"""
import os
import sys

from fpdf import FPDF

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "docs", "gids-klanten-werven-via-linkedin.pdf")

GUIDE = "Gids: klanten werven via LinkedIn"
ORG = "Ondernemershuis Drechtsteden"
FOOT = "Ondernemershuis Drechtsteden - Spuiboulevard 120, 3311 GR Dordrecht - 078 61 44 90"
CREATOR = "Ondernemershuis Drechtsteden - team Zakelijke Dienstverlening"

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
    ("title", "Klanten werven via LinkedIn"),
    ("sub", "Social selling voor zakelijke dienstverleners - Samira Haddou, december 2026"),
    ("p", "Accountants, advocaten, adviseurs en IT-bureaus krijgen hun klanten vooral via hun netwerk. "
          "LinkedIn is dat netwerk, maar dan online. Social selling betekent dat je daar bouwt aan "
          "relaties en vertrouwen, in plaats van direct te verkopen. Uit onze leden|peiling van "
          "oktober 2026 bleek dat **58% van de zakelijke dienstverleners** onder onze leden in 2026 "
          "minstens een nieuwe klant via LinkedIn heeft gekregen. Wie er structureel tijd in stak, "
          "kreeg er gemiddeld **4 nieuwe klanten** per jaar uit. In deze gids lees je hoe je dat "
          "aanpakt in ongeveer **2 uur per week**."),

    ("h2", "1. Je profiel op orde"),
    ("p", "Een potentiële klant bekijkt eerst je profiel voordat hij reageert. Je profiel moet dus "
          "binnen een paar seconden duidelijk maken wie je helpt en waarmee. Je past het aan via "
          "**Ik > Profiel weergeven** en dan het potlood|icoon bij elk onderdeel."),
    ("ul", [
        "**Profielfoto:** een recente foto van je gezicht, minimaal **400 x 400 pixels**, met een rustige "
        "achtergrond.",
        "**Achtergrond|afbeelding:** gebruik het formaat **1584 x 396 pixels**, bijvoorbeeld met je "
        "specialisatie en je regio.",
        "**Kopregel:** je hebt maximaal **220 tekens**. Niet alleen \"Eigenaar\", maar: \"Fiscaal adviseur "
        "voor familiebedrijven in de Drechtsteden - bedrijfsopvolging en BOR\".",
        "**Info:** maximaal **2.600 tekens**. Schrijf over het probleem van je klant, niet over je "
        "eigen loopbaan, en sluit af met hoe iemand contact opneemt.",
        "**Uitgelicht:** zet hier 2 of 3 dingen die je deskundigheid laten zien, zoals een artikel, een "
        "klant|verhaal of een webinar.",
        "**Aanbevelingen:** vraag minstens **3 tevreden klanten** om een aanbeveling.",
    ]),

    ("h2", "2. De Social Selling Index (SSI)"),
    ("p", "LinkedIn geeft iedere gebruiker een score van **0 tot 100** voor social selling: de Social "
          "Selling Index. Je vindt je eigen score gratis via **linkedin.com/sales/ssi**. De score wordt "
          "dagelijks bijgewerkt en bestaat uit vier onderdelen van elk **maximaal 25 punten**:"),
    ("ol", [
        "een professioneel merk neerzetten (je profiel en je berichten);",
        "de juiste mensen vinden;",
        "contact maken via inzichten (reageren en delen);",
        "relaties opbouwen.",
    ]),
    ("p", "De meeste leden die bij ons beginnen, zitten tussen de 20 en 35. Een haalbaar doel is "
          "**boven de 60 binnen 3 maanden**. Zie de SSI als een thermometer, niet als doel op zich: "
          "het gaat om gesprekken en klanten."),

    ("h2", "3. Connectie|verzoeken met een notitie"),
    ("p", "Stuur nooit een kaal verzoek aan iemand die je niet kent. Klik op het profiel op **Connectie "
          "maken** (soms onder **Meer**) en kies **Notitie toevoegen**. Met een gratis account heb je "
          "maximaal **200 tekens**, met Premium 300. In onze eigen test met 12 leden werd "
          "**47% van de verzoeken met notitie** geaccepteerd, tegen **24% zonder notitie**."),
    ("ul", [
        "Noem waar je de persoon van kent of wat jullie gemeen hebben.",
        "Verkoop niets in je eerste bericht.",
        "Stuur **15 tot 20 gerichte verzoeken per week**. LinkedIn begrenst het aantal uitnodigingen "
        "op ongeveer 100 per week.",
        "Trek verzoeken die na **3 weken** nog open staan in, via **Mijn netwerk > Uitnodigingen beheren "
        "> Verzonden**.",
    ]),

    ("p", "Een voorbeeld van een notitie die werkt (184 tekens):"),
    ("quote", "\"Hoi Mark, we spraken elkaar kort bij het ontbijt van de Ondernemerskring Zwijndrecht op "
              "3 november. Ik volg je berichten over bedrijfs|overnames graag. Zullen we connecten? "
              "Groet, Lotte\""),

    ("h2", "4. Je eigen berichten"),
    ("p", "Je hoeft geen influencer te worden. Voor de meeste dienstverleners is **1 eigen bericht per "
          "week** genoeg, mits je daarnaast reageert op anderen. Let hierbij op:"),
    ("ul", [
        "**De eerste twee regels** bepalen of iemand verder leest. Begin met een vraag of een "
        "herkenbare situatie van je klant, niet met \"Graag deel ik...\".",
        "**Gebruik maximaal 3 hashtags**, bijvoorbeeld #fiscaal, #ondernemen en #Dordrecht.",
        "**Reageer binnen het eerste uur** op reacties onder je bericht. Plaats daarom niet vlak "
        "voor een afspraak.",
        "**Een document|bericht** (een pdf van 6 tot 8 pagina's die lezers doorbladeren) werkt goed "
        "voor stappen|plannen en checklists.",
        "**Tag klanten alleen met hun toestemming**, ook als het verhaal positief is.",
    ]),
    ("p", "Heb je **Sales Navigator** nodig? Voor de meeste leden niet. Begin met het gratis account en "
          "overweeg het betaalde abonnement pas als je structureel meer dan 20 verzoeken per week "
          "stuurt en geavanceerde zoek|filters mist."),

    ("h2", "5. Een vaste weekroutine"),
    ("p", "Social selling werkt alleen als je het volhoudt. Deze routine kost ongeveer 2 uur per week:"),
    ("table", {
        "widths": [26, 28, 90, 26],
        "head": ["Dag", "Tijd", "Wat", "Duur"],
        "rows": [
            ["maandag", "8.30 - 8.50", "SSI bekijken, 5 connectie|verzoeken met notitie", "20 min"],
            ["dinsdag", "8.00 - 8.45", "Een eigen bericht schrijven en plaatsen", "45 min"],
            ["woensdag", "12.30 - 12.50", "Inhoudelijk reageren op 10 berichten van klanten en prospects", "20 min"],
            ["donderdag", "8.30 - 8.50", "5 verzoeken, en berichten aan nieuwe connecties", "20 min"],
            ["vrijdag", "16.00 - 16.15", "Noteren: gesprekken, afspraken, offertes", "15 min"],
        ],
        "total": "Totaal: 2 uur per week, op vaste momenten in je agenda.",
    }),

    ("h2", "6. Berichten die werken, en berichten die niet werken"),
    ("h3", "Wat werkt"),
    ("ul", [
        "**Een vraag uit de praktijk:** \"Deze week kreeg ik drie keer dezelfde vraag over de nieuwe "
        "regels voor ...\", met je antwoord in vijf zinnen.",
        "**Een persoonlijk bedankje:** na een connectie of een gesprek een kort bericht zonder "
        "verkoop|praatje.",
        "**Een concrete uitnodiging na 2 of 3 contacten:** \"Zullen we 20 minuten bellen over jullie "
        "bedrijfs|opvolging?\"",
    ]),
    ("h3", "Wat niet werkt"),
    ("ul", [
        "Direct na het accepteren een lange tekst over je diensten sturen (de pitch-slap).",
        "Een standaard|bericht dat je aan honderd mensen tegelijk stuurt.",
        "Elke week een bericht dat alleen over je eigen kantoor gaat.",
    ]),

    ("h2", "7. Praktijkvoorbeeld: Verhoef Fiscaal Advies in Papendrecht"),
    ("p", "Lotte Verhoef heeft een fiscaal advieskantoor met 3 medewerkers in Papendrecht. In juni 2026 "
          "was haar SSI **27** en haar laatste LinkedIn-bericht was 8 maanden oud. Ze paste haar "
          "profiel aan en volgde vanaf juli de weekroutine. Vier maanden later, in november 2026: "
          "een SSI van **66**, **14 kennismakings|gesprekken** en **4 nieuwe klanten** met samen "
          "**18.400 euro** aan jaarhonorarium."),
    ("quote", "\"Ik verkoop niets op LinkedIn. Ik laat zien wat ik weet, en mensen bellen mij.\" "
              "- Lotte Verhoef"),

    ("h2", "8. Wat meet je?"),
    ("ul", [
        "**SSI:** elke maandag, in een eenvoudig spreadsheet.",
        "**Acceptatie|percentage:** geaccepteerde verzoeken gedeeld door verstuurde verzoeken.",
        "**Profielweergaven:** zichtbaar op je profiel, over de afgelopen 90 dagen.",
        "**Gesprekken en offertes:** het belangrijkste getal. Noteer bij elke nieuwe klant of het "
        "contact via LinkedIn begon.",
    ]),

    ("h2", "Checklist"),
    ("cl", [
        "Mijn kopregel zegt wie ik help en waarmee (maximaal 220 tekens).",
        "Mijn profielfoto en achtergrond|afbeelding zijn actueel.",
        "Ik heb minstens 3 aanbevelingen van klanten.",
        "Ik ken mijn SSI en noteer hem elke maandag.",
        "Ik stuur alleen verzoeken met een persoonlijke notitie.",
        "De weekroutine van 2 uur staat in mijn agenda.",
        "Ik houd bij hoeveel gesprekken en klanten LinkedIn oplevert.",
    ]),

    ("h2", "Meer weten?"),
    ("pl", "Op **dinsdag 9 februari 2027** (16.00 tot 17.30 uur) geeft Samira Haddou de workshop "
          "**LinkedIn voor dienstverleners** bij ons in Dordrecht; leden betalen 35 euro, niet-leden "
          "75 euro, exclusief btw. Liever een profielcheck? Leden sturen hun profiel|link naar "
          "s.haddou@ondernemershuis-drechtsteden.nl en krijgen binnen 5 werkdagen feedback. "
          "Bellen kan ook: 078 61 44 90."),
]


# Extra hyphenation points, applied to every occurrence of these words in
# the body text (words already carrying "|" marks are left alone).
HYPH = {
    "accountants,": "ac|coun|tants,", "structureel": "struc|tu|reel", "potentiële": "po|ten|ti|ë|le",
    "onderdeel.": "on|der|deel.", "specialisatie": "spe|ci|a|li|sa|tie", "familiebedrijven": "fa|mi|lie|be|drij|ven",
    "bedrijfsopvolging": "be|drijfs|op|vol|ging", "deskundigheid": "des|kun|dig|heid",
    "aanbeveling.": "aan|be|ve|ling.", "aanbevelingen": "aan|be|ve|lin|gen", "Aanbevelingen:": "Aan|be|ve|lin|gen:",
    "professioneel": "pro|fes|si|o|neel", "bijgewerkt": "bij|ge|werkt", "onderdelen": "on|der|de|len",
    "geaccepteerd,": "ge|ac|cep|teerd,", "uitnodigingen": "uit|no|di|gin|gen", "gemiddeld": "ge|mid|deld",
    "ondernemers": "on|der|ne|mers", "dienstverleners": "dienst|ver|le|ners", "adviseurs": "ad|vi|seurs",
    "vertrouwen,": "ver|trou|wen,", "persoonlijk": "per|soon|lijk", "inhoudelijk": "in|hou|de|lijk",
    "advieskantoor": "ad|vies|kan|toor", "medewerkers": "mede|wer|kers", "jaarhonorarium.": "jaar|ho|no|ra|ri|um.",
    "spreadsheet.": "spread|sheet.", "geaccepteerde": "ge|ac|cep|teer|de", "Profielweergaven:": "Profiel|weer|ga|ven:",
    "belangrijkste": "be|lang|rijk|ste", "achtergrond": "ach|ter|grond", "berichten": "be|rich|ten",
    "connecties": "con|nec|ties", "contacten:": "con|tac|ten:", "deelnemers": "deel|ne|mers",
    "thermometer,": "ther|mo|me|ter,",
    "gesprekken": "ge|sprek|ken", "verstuurde": "ver|stuur|de", "feedback.": "feed|back.",
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
    pdf.set_creator(CREATOR)
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
