"""Generate docs/gids-socialemediaplan-in-stappen.pdf with fpdf2.

Adapted from /tmp/owndocs6/tools/make_pdf_example.py. Needs fpdf2==2.8.9:
    PYTHONPATH=/tmp/fpdf2lib /work/main/.venv/bin/python tools/make_pdf.py

Lines are laid out explicitly (greedy line breaking with justified spacing).
Long words carry "|" marks at allowed hyphenation points; when such a word does
not fit at the end of a line it is split there and set as "prefix-" / "rest".
Only the core font Helvetica and latin-1 text are used (amounts are written
as "35 euro", not with the euro sign). All text is real, extractable text.
A "table" kind draws a bordered two-column block (label / text) for the
one-page plan template.
"""
import os
import sys

from fpdf import FPDF

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "docs", "gids-socialemediaplan-in-stappen.pdf")

GUIDE = "Gids: een socialemediaplan in 7 stappen"
ORG = "Ondernemerskamer Meetjesland"
FOOT = "Ondernemerskamer Meetjesland vzw - Vaartlaan 27, 9900 Eeklo - 09 378 41 60"

FONT = "Helvetica"
BODY_PT = 10
LINE_H = 4.6           # mm, body line height
MARGIN_L = 20
MARGIN_R = 20
TOP_Y = 22             # first body line area starts here
BOTTOM_Y = 279         # no body line below this
BULLET_INDENT = 5
TABLE_LABEL_W = 36     # mm, left column of the table block
TABLE_PT = 9.5
TABLE_LH = 4.3
EXPECTED_PAGES = (2, 3)

# --------------------------------------------------------------------------
# Content. "**...**" marks bold words, "|" marks hyphenation points.
# Kinds: title, sub, h2, h3, p (justified), pl (ragged right), ul, ol,
# cl (checklist with boxes), quote (italic, indented), table, newpage.
# --------------------------------------------------------------------------
CONTENT = [
    ("title", "Een socialemediaplan in 7 stappen"),
    ("sub", "Gids voor kmo's en zelfstandigen - versie december 2026"),
    ("p", "Veel zelfstandigen posten wanneer ze er tijd voor vinden, en stoppen als het druk wordt. Een "
          "eenvoudig sociale|media|plan voorkomt dat. Het hoeft geen dik rapport te zijn: in deze gids "
          "zet je in zeven stappen je doelen, je doel|groep, je kanalen en je planning op een rij, en "
          "vat je alles samen op een pagina. Reken voor de eerste versie op een halve dag werk."),

    ("h2", "Stap 1. Bepaal wat je wilt bereiken"),
    ("p", "\"Meer volgers\" is geen doel. Maak je doel **SMART**: specifiek, meetbaar, aanvaardbaar, "
          "realis|tisch en tijds|gebonden. Dus niet \"bekender worden\", maar bijvoorbeeld \"binnen 6 maanden "
          "20 extra afspraken per maand via Instagram\". Kies **hooguit 2 doelen** tegelijk. Mogelijke "
          "doelen zijn naams|bekendheid, bezoekers naar je website of winkel, aanvragen van nieuwe klanten "
          "en het vinden van personeel."),

    ("h2", "Stap 2. Ken je doelgroep"),
    ("p", "Beschrijf je ideale klant in een paar zinnen: leeftijd, woonplaats, wat hij zoekt, welk probleem "
          "jij oplost en wan|neer hij op zijn gsm zit. Vraag het gewoon aan **5 bestaande klanten**: welke "
          "kanalen gebruiken ze, en wat willen ze van jou zien? Heb je al een pagina, kijk dan bij de "
          "**statistieken** in Meta Business Suite onder **Doel|groep**. Die cijfers over leeftijd en "
          "woonplaats verschijnen pas vanaf **100 volgers**."),

    ("h2", "Stap 3. Kies je kanalen"),
    ("p", "Begin met **maximaal 2 kanalen** en doe die goed. Uit onze leden|bevraging van 2026 (412 "
          "antwoorden) blijkt dat wie drie of meer kanalen bijhield, gemid|deld maar **1 keer per maand** "
          "per kanaal postte. Wie er twee koos, haalde gemiddeld 7 posts per maand per kanaal."),
    ("ul", [
        "**Instagram:** voor producten en diensten die je kunt tonen, en klanten tot ongeveer 45 jaar.",
        "**Facebook:** sterk voor lokale zaken, klanten boven 40, evenementen en buurt|groepen.",
        "**LinkedIn:** voor zakelijke dienst|verlening (b2b) en voor het werven van personeel.",
        "**TikTok:** voor een jong publiek, maar vraagt veel video en dus veel tijd.",
        "**Google Bedrijfs|profiel:** geen sociaal netwerk, maar voor een lokale zaak vaak het belang|rijkste "
        "kanaal van allemaal. Houd openings|uren en foto's altijd actueel.",
    ]),

    ("h2", "Stap 4. Kies 3 tot 4 content|pijlers"),
    ("p", "Content|pijlers zijn de vaste thema's waar je over post. Ze zorgen ervoor dat je nooit meer naar "
          "een leeg scherm staart. Voor een bakkerij kunnen dat zijn: **vak|manschap** (achter de schermen "
          "in het atelier), **product van de week**, **klanten en buurt** en **praktisch** (openingsuren, "
          "vakantie, bestel|lingen). Houd je aan deze regel: **hooguit 1 op de 5 posts** is rechtstreeks "
          "verkopend. De rest infor|meert, inspi|reert of laat zien wie je bent."),

    ("h2", "Stap 5. Plan vooruit"),
    ("p", "Werk met een content|kalender en vul die telkens **een maand vooruit** in. Maak en plan je posts in "
          "een vast blok van **2 uur per week**, bijvoorbeeld op maandag|ochtend. Mik op **minstens 2 posts "
          "per week per kanaal**, aan|gevuld met stories wanneer er iets gebeurt. Handige hulp|middelen:"),
    ("ul", [
        "**Meta Business Suite** - gratis, om posts en stories voor Facebook en Instagram in te plannen.",
        "**Buffer** - het gratis plan werkt met **3 kanalen** en **10 ingeplande posts** per kanaal.",
        "**Canva** - voor je visuals; in de betalende versie Canva Pro zit ook een content|planner.",
    ]),

    ("h2", "Stap 6. Reken met tijd en geld"),
    ("p", "Sociale media zijn gratis, je tijd niet. Voor een kleine onderneming is **3 tot 5 uur per week** "
          "realis|tisch: maken, posten, reageren op berichten en meten. Wil je betaald adverteren, test dan "
          "eerst klein: **5 euro per dag gedu|rende 7 dagen** per campagne, dus 35 euro. "
          "Besteed je het werk uit, dan rekent een freelance community|manager in onze regio meestal "
          "**45 tot 65 euro per uur**. Voor advies en opleiding kan je de **KMO-portefeuille** inzetten."),
    ("h3", "Boosten of adverteren?"),
    ("p", "Met **Bericht promoten** (boosten) maak je in twee klikken een bestaande post zichtbaar voor meer "
          "mensen. Dat volstaat voor een evenement of een opendeur|dag. Wil je aanvragen of verkopen, werk "
          "dan in **Meta Advertentie|beheer**: daar kies je zelf het doel, de doel|groep en de plaatsing, en "
          "kun je twee versies van een advertentie tegen elkaar testen. Levert een advertentie na "
          "**3 dagen** nog geen enkele klik op, stop ze dan en pas beeld of tekst aan."),

    ("h2", "Stap 7. Meet en stuur bij"),
    ("p", "Trek elke **eerste maandag van de maand** een halfuur uit en noteer vier cijfers per kanaal:"),
    ("ol", [
        "**Bereik:** hoeveel verschil|lende mensen je posts zagen.",
        "**Interactie|graad:** reacties, likes, bewa|ringen en delingen, gedeeld door het bereik, maal 100. "
        "Voor kleine accounts is **1 tot 5%** een goede score.",
        "**Klikken** naar je website, je profiel of je route|beschrijving.",
        "**Resultaat:** het cijfer uit je doel, zoals afspraken, aanvragen of verkopen.",
    ]),
    ("p", "Gebruik **UTM-codes** in je links, zodat je in Google Analytics 4 ziet welk bezoek van welk kanaal "
          "komt. Eva|lueer het volledige plan **elke 3 maanden**: schrap wat niet werkt en doe meer van wat "
          "wel werkt."),

    ("h2", "Je plan op een pagina"),
    ("p", "Zo ziet een ingevuld plan eruit voor **Fietsen Dhondt** in Zelzate (verkoop en herstelling van "
          "fietsen, 4 mede|werkers). Neem het schema over en vul het in voor je eigen zaak."),
    ("table", [
        ("Doel", "Tegen 30 september 2027: 25 proefritten per maand met een elek|trische fiets via "
                 "Instagram en Facebook (nu 8)."),
        ("Doelgroep", "Pende|laars en actieve 55-plussers uit Zelzate, Assenede en Wachtebeke die hun auto "
                      "willen laten staan."),
        ("Kanalen", "Facebook (pagina en lokale groepen) en Instagram. Google Bedrijfs|profiel actueel houden."),
        ("Content|pijlers", "1. De werkplaats (herstel|lingen, tips). 2. Fiets van de week. 3. Klanten en "
                            "hun routes. 4. Prak|tisch (proefrit boeken, onderhouds|beurt)."),
        ("Frequentie", "3 posts per week per kanaal (maandag, woensdag, zaterdag) en 2 stories per week."),
        ("Wie en wanneer", "Lien maakt en plant de posts op maandag van 8.00 tot 10.00 uur; Tom beant|woordt "
                           "be|richten binnen 24 uur."),
        ("Budget", "4 uur per week en 60 euro per maand voor adver|tenties, plus een gratis Canva-|account."),
        ("Meten", "Eerste maandag van de maand: bereik, interactie|graad, klikken en het aantal geboekte "
                  "proef|ritten. Evaluatie elk kwartaal."),
    ]),

    ("h2", "Checklist voor je start"),
    ("cl", [
        "Hooguit 2 SMART-doelen opge|schreven.",
        "Doelgroep beschreven en getoetst bij 5 bestaande klanten.",
        "Maximaal 2 kanalen gekozen; profielen volledig ingevuld met logo, contact|gegevens en openingsuren.",
        "3 tot 4 content|pijlers vastgelegd.",
        "Content|kalender voor de komende maand ingevuld.",
        "Vast tijdsblok van 2 uur per week in je agenda.",
        "Minstens 2 beheer|ders op elke pagina en tweestaps|verificatie aan.",
        "Meetmoment op de eerste maandag van de maand ingepland.",
    ]),

    ("h2", "Vijf veelgemaakte fouten"),
    ("ol", [
        "**Overal tegelijk beginnen.** Vier kanalen half bijhouden levert minder op dan twee goed.",
        "**Alleen verkopen.** Wie enkel promoties post, raakt volgers snel kwijt. Houd je aan de "
        "regel van 1 op 5.",
        "**Onregelmatig posten.** Tien posts in een week en dan twee maanden niets: de algoritmes en je "
        "volgers haken af.",
        "**Berichten laten liggen.** Beantwoord vragen in reacties en privé|berichten op werkdagen binnen "
        "**24 uur**. Een onbeantwoorde vraag is een gemiste klant.",
        "**Maar een beheerder.** Is je account gehackt of vertrekt die ene medewerker, dan ben je alles "
        "kwijt. Voeg altijd een tweede beheerder toe en zet tweestaps|verificatie aan.",
    ]),
    ("quote", "\"Sinds we op maandagochtend alles inplannen, denk ik er de rest van de week niet meer aan. "
              "En we posten drie keer zo vaak.\" - Lien, Fietsen Dhondt"),

    ("h2", "Meer weten?"),
    ("pl", "Wil je je plan samen doornemen? Leden boeken gratis een gesprek van 30 minuten op het **Digitaal "
           "Spreekuur**, elke dinsdag van 9.00 tot 12.00 uur; niet-leden betalen 35 euro. Zelf leren "
           "ontwerpen kan in onze praktijk|opleiding **Canva voor ondernemers** (drie avonden, vanaf "
           "20 april 2027). Vragen over deze gids? Bel Bram Claeys "
           "(team Digitaal Ondernemen) op 09 378 41 63 of mail naar digitaal@ondernemerskamer-meetjesland.be."),
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

    def table(self, rows):
        """Bordered two-column block: bold label left, wrapped text right."""
        pdf = self.pdf
        x0 = MARGIN_L
        x1 = MARGIN_L + TABLE_LABEL_W
        x2 = pdf.w - MARGIN_R
        pad = 1.8
        text_w = x2 - x1 - 2 * pad
        label_w = TABLE_LABEL_W - 2 * pad
        pdf.set_draw_color(120, 120, 120)
        pdf.set_line_width(0.25)
        self.y += 1.0
        # outer top line
        self.ensure(TABLE_LH * 3)
        pdf.line(x0, self.y, x2, self.y)
        for label, text in rows:
            lab_lines = self.break_lines(tokenize("**" + label + "**"), label_w, TABLE_PT)
            txt_lines = self.break_lines(tokenize(text), text_w, TABLE_PT)
            n = max(len(lab_lines), len(txt_lines))
            h = n * TABLE_LH + 2 * pad - 0.6
            if self.y + h > BOTTOM_Y:
                self.new_page()
                pdf.line(x0, self.y, x2, self.y)
            top = self.y
            pdf.set_fill_color(236, 240, 244)
            pdf.rect(x0, top, TABLE_LABEL_W, h, style="F")
            pdf.line(x0, top, x2, top)
            y = top + pad - 0.6
            for line in lab_lines:
                y += TABLE_LH
                self.y = y
                self.set_line(x0 + pad, line, label_w, TABLE_PT, justify=False)
            y = top + pad - 0.6
            for line in txt_lines:
                y += TABLE_LH
                self.y = y
                self.set_line(x1 + pad, line, text_w, TABLE_PT, justify=False)
            bottom = top + h
            pdf.line(x0, top, x0, bottom)
            pdf.line(x1, top, x1, bottom)
            pdf.line(x2, top, x2, bottom)
            pdf.line(x0, bottom, x2, bottom)
            self.y = bottom
        self.y += 2.5


def build():
    pdf = Guide(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.alias_nb_pages("{nb}")
    pdf.set_margins(MARGIN_L, 18, MARGIN_R)
    pdf.set_title(GUIDE)
    pdf.set_author(ORG)
    pdf.set_creator("Ondernemerskamer Meetjesland - team Digitaal Ondernemen")
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
