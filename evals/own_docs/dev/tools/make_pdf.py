"""Generate docs/gids-adverteren-facebook-instagram-klein-budget.pdf with fpdf2.

Run in a throwaway venv with fpdf2==2.8.9:
    python tools/make_pdf.py

Lines are laid out explicitly (greedy line breaking with justified spacing).
Long words carry "|" marks at allowed hyphenation points; when such a word does
not fit at the end of a line it is split there and set as "prefix-" / "rest".
Only core font Helvetica and latin-1 text are used.
"""
import os
import sys

from fpdf import FPDF

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "docs", "gids-adverteren-facebook-instagram-klein-budget.pdf")

GUIDE = "Gids: adverteren op Facebook en Instagram met een klein budget"
CHAMBER = "Ondernemershuis Rivierenland"

FONT = "Helvetica"
BODY_PT = 10
LINE_H = 4.6           # mm, body line height
MARGIN_L = 20
MARGIN_R = 20
TOP_Y = 24             # first body baseline area starts here
BOTTOM_Y = 280         # no body line below this
BULLET_INDENT = 5

# --------------------------------------------------------------------------
# Content. "**...**" marks bold words, "|" marks hyphenation points.
# --------------------------------------------------------------------------
CONTENT = [
    ("title", "Adverteren op Facebook en Instagram met een klein budget"),
    ("sub", "Praktische gids voor winkels, horeca en zzp'ers - versie maart 2026"),
    ("p", "Je hoeft geen duizenden euro's uit te geven om met advertenties op Facebook en Instagram "
          "nieuwe klanten te bereiken. Met 5 euro per dag kun je in je eigen regio al duizenden mensen "
          "bereiken, mits je een paar basis|regels volgt. In deze gids zetten we op een rij hoe je begint, "
          "hoeveel budget verstandig is, hoe je je doel|groep kiest, welke advertentie|vormen werken, "
          "hoe je resultaten meet en welke fouten we bij onder|nemers het vaakst zien."),

    ("h2", "1. Begin in Advertentie|beheer, niet met de knop Promoten"),
    ("p", "De knop **Promoten** onder een bericht is verleidelijk, maar je hebt er weinig controle mee. "
          "Gebruik liever Meta Advertentie|beheer (Ads Manager), bereikbaar via Meta Business Suite. "
          "Zo richt je het in:"),
    ("ul", [
        "Maak een **business|portfolio** aan op naam van je bedrijf en koppel daar je Facebook-pagina "
        "en je zakelijke Instagram-account aan.",
        "Voeg een betaalmethode toe. In Nederland kun je betalen met creditcard, PayPal of iDEAL "
        "(vooraf opgewaardeerd tegoed).",
        "Vul je **btw-|nummer** in bij de bedrijfs|gegevens. Meta factureert vanuit Ierland; met een "
        "geldig btw-nummer wordt de btw verlegd en betaal je geen 21% btw bovenop je budget.",
        "Stel een **account|bestedings|limiet** in, bijvoorbeeld 200 euro. Is dat bedrag bereikt, dan "
        "stoppen alle advertenties automatisch.",
    ]),

    ("h2", "2. Hoeveel budget heb je nodig?"),
    ("p", "Technisch kan een dag|budget al vanaf ongeveer 1 euro per dag, maar dan leer je weinig. "
          "Onze richtlijnen voor een lokale onderneming:"),
    ("ul", [
        "**Minimaal 5 euro per dag** per advertentie|set, het liefst 7 tot 10 euro.",
        "**Test minimaal 7 dagen** voordat je conclusies trekt. Een test van een week kost dus 35 tot 70 euro.",
        "**Startbudget per maand:** 150 euro is voor een winkel of restaurant een goed begin.",
        "Kies tussen een **dagbudget** (elke dag ongeveer hetzelfde bedrag) en een **looptijd|budget** "
        "(een totaal|bedrag voor bijvoorbeeld een actie van 10 dagen).",
        "Verdeel je budget volgens de **80/20-regel**: 80% naar advertenties die bewezen werken, "
        "20% naar nieuwe tests.",
    ]),
    ("p", "Na de start zit een advertentie|set in de **leerfase**. Meta heeft ongeveer 50 resultaten in "
          "7 dagen nodig om de levering te optimaliseren. Pas in die periode zo min mogelijk aan: elke "
          "grote wijziging in budget, doelgroep of advertentie zet de leerfase opnieuw in gang."),

    ("h2", "3. De juiste doelgroep kiezen"),
    ("ul", [
        "**Locatie:** prik je adres en kies een straal vanaf 1 km. Voor een fysieke winkel werkt 5 tot "
        "15 km meestal het best. Kies voor 'mensen die op deze locatie wonen of er recent waren'.",
        "**Leeftijd en geslacht:** begrens alleen als je product echt voor een bepaalde groep is. "
        "De minimum|leeftijd is 18 jaar.",
        "**Interesses:** voeg twee tot vijf interesses toe die bij je klant passen, zoals 'wandelen' "
        "voor een outdoor|winkel. Of laat Meta zelf zoeken met **Advantage+ doelgroep**.",
        "**Aangepaste doelgroep:** bereik websitebezoekers van de afgelopen 30 dagen of mensen die "
        "met je Instagram hebben gereageerd. Upload je een klanten|lijst, zorg dan dat klanten "
        "toestemming hebben gegeven (AVG).",
        "**Vergelijkbare doelgroep:** Meta zoekt mensen die lijken op je beste klanten. Begin met 1%.",
    ]),
    ("p", "**Let op:** advertenties voor vacatures, woningen en leningen vallen onder een **speciale "
          "advertentie|categorie**. Je kunt dan niet richten op leeftijd, geslacht of postcode en de "
          "straal is minimaal 25 km."),

    ("h2", "4. Advertentievormen die werken"),
    ("ul", [
        "**Enkele afbeelding:** 1080 x 1080 pixels (1:1) of 1080 x 1350 pixels (4:5) voor de feed. "
        "Gebruik een echte foto van je product of zaak.",
        "**Video:** houd het kort, bij voorkeur maximaal 15 seconden, en laat in de eerste 3 seconden "
        "zien waar het om gaat. Voeg altijd onder|titeling toe: veel mensen kijken zonder geluid.",
        "**Carrousel:** 2 tot 10 kaarten, elk met een eigen afbeelding en link. Ideaal om een "
        "collectie of een menu te laten zien.",
        "**Stories en Reels:** staand formaat 1080 x 1920 pixels (9:16). Houd boven en onder ongeveer "
        "250 pixels vrij van tekst en logo's.",
    ]),
    ("p", "Van de **primaire tekst** zijn alleen de eerste 125 tekens zichtbaar zonder op 'meer' te "
          "tikken. Zet je belangrijkste boodschap dus vooraan. Houd de **kop** korter dan 40 tekens en "
          "kies een passende knop, zoals **Nu kopen**, **Route** of **Bericht sturen**."),

    ("h2", "5. Meten wat het oplevert"),
    ("p", "Zonder meting weet je niet of je geld goed besteed is. Installeer de **Meta-pixel** op je "
          "website (in de meeste webshop|systemen kan dat met een plug-in) en voeg **UTM-codes** toe "
          "aan je links, zodat je bezoekers ook in Google Analytics terugziet. Let vooral op deze cijfers:"),
    ("ul", [
        "**CTR (link):** het percentage mensen dat op je link klikt. Rond 1% is voor een lokale "
        "advertentie redelijk; onder 0,5% moet je je beeld of tekst aanpassen.",
        "**CPC:** kosten per klik op de link. Voor lokale advertenties ligt die vaak tussen 0,20 en 0,80 euro.",
        "**Frequentie:** hoe vaak iemand gemiddeld je advertentie zag. Boven 3 per week raakt je "
        "publiek verveeld: vervang dan je beeld.",
        "**Kosten per resultaat:** wat een aanvraag, reservering of aankoop je kost. Vergelijk dat met "
        "je marge.",
    ]),
    ("p", "Kijk eens per week naar je cijfers, niet elk uur. Wil je twee versies vergelijken, gebruik "
          "dan een **A/B-test** en verander maar een ding tegelijk: de afbeelding, de tekst of de doelgroep."),

    ("h2", "6. Veelgemaakte fouten"),
    ("ul", [
        "Alleen berichten boosten met de knop Promoten, zonder doel en zonder meting.",
        "Het budget verdelen over te veel advertentie|sets: met 10 euro per dag kies je maximaal "
        "een of twee sets.",
        "Na twee dagen alles stopzetten of aanpassen, terwijl de leerfase nog loopt.",
        "Een doelgroep die te breed is (heel Nederland voor een bakkerij) of te smal (minder dan "
        "ongeveer 10.000 mensen).",
        "Doorverwijzen naar je homepage in plaats van naar een pagina over precies het aanbod uit "
        "de advertentie.",
        "Vergeten je btw-nummer in te vullen, waardoor je onnodig 21% btw betaalt.",
        "Steeds dezelfde advertentie laten draaien: vernieuw je beeld minimaal elke 4 tot 6 weken.",
    ]),

    ("h2", "Hulp nodig?"),
    ("p", "Op dinsdag 21 april 2026 organiseren we de workshop **Adverteren op Meta met een klein budget** "
          "(13.30 tot 16.30 uur, Havendijk 14 in Tiel; 45 euro voor leden, 75 euro voor niet-leden). "
          "Neem je laptop mee, dan zet je ter plekke je eerste campagne op. Liever een persoonlijk "
          "gesprek? Boek ons gratis Spreekuur Online Zichtbaarheid via "
          "www.ondernemershuis-rivierenland.nl/spreekuur."),
]


class Guide(FPDF):
    def header(self):
        self.set_font(FONT, "", 7.5)
        self.set_text_color(90, 90, 90)
        self.text(MARGIN_L, 12, GUIDE)
        w = self.get_string_width(CHAMBER)
        self.text(self.w - MARGIN_R - w, 12, CHAMBER)
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
        left = "Ondernemershuis Rivierenland - Havendijk 14, 4001 AB Tiel - 0344 62 04 00"
        self.text(MARGIN_L, 289, left)
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
        word = ""
        segs = []  # sub-segments of this word with their boldness
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

    def width(self, word, bold, size=BODY_PT):
        self.pdf.set_font(FONT, "B" if bold else "", size)
        return self.pdf.get_string_width(word.replace("|", ""))

    def new_page(self):
        self.pdf.add_page()
        self.y = TOP_Y

    def ensure(self, h):
        if self.y + h > BOTTOM_Y:
            self.new_page()

    def break_lines(self, tokens, max_w, size):
        """Greedy line breaking with hyphenation at '|' marks."""
        space = self.width(" ", False, size)
        lines, cur, cur_w = [], [], 0.0
        queue = list(tokens)
        while queue:
            word, bold = queue.pop(0)
            w = self.width(word, bold, size)
            need = w if not cur else cur_w + space + w
            if need <= max_w:
                cur.append((word.replace("|", ""), bold))
                cur_w = need
                continue
            # try to hyphenate at the rightmost mark that fits
            marks = [i for i, c in enumerate(word) if c == "|"]
            done = False
            for i in reversed(marks):
                head = word[:i].replace("|", "")
                tail = word[i + 1:]
                shown = head if head.endswith("-") else head + "-"
                hw = self.width(shown, bold, size)
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
                # word longer than the line: set it anyway
                cur.append((word.replace("|", ""), bold))
                cur_w = w
                continue
            lines.append(cur)
            cur, cur_w = [], 0.0
            queue.insert(0, (word, bold))
        if cur:
            lines.append(cur)
        return lines

    def set_line(self, x, words, max_w, size, justify):
        pdf = self.pdf
        widths = [self.width(wd, b, size) for wd, b in words]
        space = self.width(" ", False, size)
        gap = space
        if justify and len(words) > 1:
            gap = (max_w - sum(widths)) / (len(words) - 1)
        cx = x
        for (wd, b), w in zip(words, widths):
            pdf.set_font(FONT, "B" if b else "", size)
            pdf.text(cx, self.y, wd)
            cx += w + gap

    def paragraph(self, text, x=MARGIN_L, size=BODY_PT, lh=LINE_H, after=1.6):
        max_w = self.pdf.w - MARGIN_R - x
        lines = self.break_lines(tokenize(text), max_w, size)
        for n, line in enumerate(lines):
            self.ensure(lh)
            self.y += lh
            self.set_line(x, line, max_w, size, justify=(n < len(lines) - 1))
        self.y += after
        return lines

    def bullets(self, items):
        x_text = MARGIN_L + BULLET_INDENT
        max_w = self.pdf.w - MARGIN_R - x_text
        for item in items:
            lines = self.break_lines(tokenize(item), max_w, BODY_PT)
            # keep at least two lines of an item together
            self.ensure(LINE_H * min(2, len(lines)))
            for n, line in enumerate(lines):
                self.ensure(LINE_H)
                self.y += LINE_H
                if n == 0:
                    self.pdf.set_font(FONT, "", BODY_PT)
                    self.pdf.text(MARGIN_L + 1.2, self.y, "-")
                self.set_line(x_text, line, max_w, BODY_PT, justify=(n < len(lines) - 1))
            self.y += 0.6
        self.y += 1.2

    def heading(self, text, size=11):
        # keep heading with at least three following lines
        self.ensure(3 + 6 + 3 * LINE_H)
        self.y += 3 + 5.2
        self.pdf.set_font(FONT, "B", size)
        self.pdf.text(MARGIN_L, self.y, text.replace("|", ""))
        self.y += 0.8


def build():
    pdf = Guide(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.alias_nb_pages("{nb}")
    pdf.set_margins(MARGIN_L, 18, MARGIN_R)
    pdf.set_title(GUIDE)
    pdf.set_author(CHAMBER)
    pdf.set_creator("Ondernemershuis Rivierenland - team Online Zichtbaarheid")
    lay = Layout(pdf)
    lay.new_page()
    for kind, val in CONTENT:
        if kind == "title":
            lay.y += 8
            pdf.set_font(FONT, "B", 17)
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
            lay.heading(val)
        elif kind == "p":
            lay.paragraph(val)
        elif kind == "ul":
            lay.bullets(val)
        else:
            raise ValueError(kind)
    pages = pdf.page_no()
    pdf.output(OUT)
    print("pages:", pages, "final y on last page: %.1f" % lay.y)
    print("hyphenated:", ", ".join(lay.hyphenated))
    if pages != 2:
        print("ERROR: expected exactly 2 pages", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    build()
