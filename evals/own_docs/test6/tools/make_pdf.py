"""Generate docs/gids-doelgroep-en-personas.pdf with fpdf2.

Adapted from /tmp/owndocs6/tools/make_pdf_example.py. Needs fpdf2 (2.8.9):
    PYTHONPATH=/tmp/fpdf2lib /work/main/.venv/bin/python tools/make_pdf.py

Lines are laid out explicitly (greedy line breaking with justified spacing).
Long words carry "|" marks at allowed hyphenation points; when such a word does
not fit at the end of a line it is split there and set as "prefix-" / "rest".
Only the core font Helvetica and latin-1 text are used (amounts as "10 euro").
A "table" kind draws a bordered two-column block (persona template).
All text is real, extractable text.
"""
import os
import sys

from fpdf import FPDF

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "docs", "gids-doelgroep-en-personas.pdf")

GUIDE = "Gids: je doelgroep kennen en persona's maken"
ORG = "Ondernemershuis Salland"
FOOT = "Ondernemershuis Salland - Handelskade 42, 7417 AE Deventer - 0570 64 18 30 - www.ondernemershuis-salland.nl"

FONT = "Helvetica"
BODY_PT = 10
LINE_H = 4.6
MARGIN_L = 20
MARGIN_R = 20
TOP_Y = 22
BOTTOM_Y = 279
BULLET_INDENT = 5
EXPECTED_PAGES = (2, 3)

# "**...**" marks bold words, "|" marks hyphenation points.
# Kinds: title, sub, h2, h3, p, pl, ul, ol, cl, quote, table, newpage.
CONTENT = [
    ("title", "Je doelgroep kennen: per|sona's voor social media"),
    ("sub", "Praktische gids voor ondernemers - versie november 2026"),
    ("p", "\"Iedereen\" is geen doelgroep. Wie voor iedereen schrijft, schrijft voor niemand: de berichten "
          "worden alge|meen, de foto's wille|keurig en de adver|tenties te duur. Een **persona** helpt je om "
          "scherp te kiezen. Een persona is een beschrij|ving van een typische klant, met een naam, een "
          "leeftijd, een doel en een probleem, geba|seerd op ge|sprekken met echte klanten en op je eigen "
          "cijfers. In deze gids lees je hoe je in vier stappen tot twee of drie bruik|bare per|sona's komt, "
          "met voorbeelden van een fietsen|winkel uit Rijssen."),

    ("h2", "1. Praat met je klanten"),
    ("p", "De beste bron voor een persona is een gesprek. Niet een enquete met aankruis|vakjes, maar een "
          "echt gesprek waarin je door|vraagt. Je hebt er minder nodig dan je denkt: na een stuk of zes "
          "ge|sprekken hoor je de|zelfde antwoorden terugkomen."),
    ("ul", [
        "**Aantal:** voer **5 tot 8 ge|sprekken** van **20 tot 30 minuten**, aan de telefoon, via Teams of "
        "bij een kop koffie in de zaak.",
        "**Wie:** kies een mix van ongeveer **3 vaste klanten, 2 nieuwe klanten en 1 of 2 klanten die "
        "zijn afge|haakt**. Juist die laatste groep vertelt je waar het misgaat.",
        "**Tijd:** plan alle ge|sprekken binnen **2 weken**, zodat je de antwoorden nog goed kunt "
        "vergelijken.",
        "**Vastleggen:** neem het gesprek alleen op als de klant daar toe|stemming voor geeft, en "
        "verwijder de opname zodra je je aanteke|ningen hebt uitgewerkt. Schrijf letter|lijke uitspraken "
        "op: die gebruik je later in je berichten.",
        "**Bedanken:** geef na afloop een kleine attentie, bijvoorbeeld een **waardebon van 10 euro**. "
        "Beloof die pas achter|af, zodat het geen reden wordt om mee te doen.",
    ]),

    ("h2", "2. Vragen die je kunt stellen"),
    ("p", "Stel open vragen en vraag door met \"Hoe bedoel je?\" en \"Kun je een voorbeeld geven?\". Praat "
          "zelf zo weinig mogelijk: een vuistregel is dat de klant **80 procent van de tijd** aan het woord is."),
    ("ol", [
        "Hoe zag je dag eruit op het moment dat je ons product of onze dienst nodig had?",
        "Welk probleem wilde je oplossen, en wat had je al geprobeerd?",
        "Waar heb je gezocht? Wie heb je om advies gevraagd?",
        "Waarom koos je uit|eindelijk voor ons, en wie twijfelde er nog mee?",
        "Wat vond je lastig of verve|lend tijdens het kiezen of kopen?",
        "Welke apps en websites gebruik je op een gewone dag, en op welk moment?",
        "Welke bedrijven volg je online, en waarom juist die?",
        "Als je ons aan een vriend zou aanraden, wat zou je dan zeggen?",
    ]),

    ("h2", "3. Wat je eigen statis|tieken vertellen"),
    ("p", "Gesprekken vertellen je het waarom; cijfers laten zien wie je al bereikt. Kijk naar de laatste "
          "**90 dagen** en verge|lijk die met de|zelfde periode een jaar eerder, zodat je seizoens|invloeden "
          "ziet."),
    ("ul", [
        "**Meta Business Suite** (Facebook en Instagram): ga naar **Inzichten > Doelgroep** voor leeftijd, "
        "geslacht en woon|plaats van je volgers. Instagram toont deze gegevens pas vanaf **100 volgers** "
        "en alleen voor een zake|lijk of creator-account.",
        "**LinkedIn-bedrijfspagina:** onder **Analyse > Volgers** zie je functie, sector en bedrijfs|grootte "
        "van je volgers.",
        "**Google Analytics 4:** bij **Rapporten > Gebruiker > Demo|grafische gegevens**. Hiervoor moet "
        "**Google-|signalen** aan staan.",
        "**Google Bedrijfsprofiel:** onder **Prestaties** zie je met welke zoek|woorden mensen je vonden.",
        "**Je eigen klanten|bestand of kassa:** kijk naar postcodes, beste|ding en het moment van aankoop.",
    ]),
    ("p", "Let op het verschil tussen volgers en klanten. Bij Twee|wielers Ter Haar in Rijssen bleek **62 "
          "procent van de klanten** binnen 10 kilometer van de winkel te wonen, terwijl bijna de helft van "
          "de Instagram|volgers buiten Twente woonde. De winkel besloot haar adver|tenties daarom alleen nog "
          "te tonen binnen **15 kilometer**."),

    ("h2", "4. De persona op papier"),
    ("p", "Vul voor elke persona dit sjabloon in. Houd het op **een A4**: een persona die niemand leest, "
          "helpt niemand. Hang hem op een plek waar je hem ziet als je een bericht maakt."),
    ("table", [
        ("Onderdeel", "Wat vul je in?"),
        ("Naam en foto", "Een verzonnen voornaam en een passende stockfoto, zodat de persona gaat leven."),
        ("Leeftijd en woon|plaats", "Een concrete leeftijd en plaats, geen bandbreedte als \"30-50 jaar\"."),
        ("Werk en gezin", "Beroep, werktijden, gezins|situatie: wat bepaalt zijn of haar dag?"),
        ("Doel", "Wat wil deze klant bereiken met jouw product of dienst?"),
        ("Frus|tratie", "Wat houdt hem of haar tegen, of wat ging eerder mis?"),
        ("Kanalen en tijdstip", "Welke platforms, en wanneer: in de trein, in de pauze, 's avonds op de bank?"),
        ("Wat over|tuigt", "Reviews, een proefrit, een prijs, een gesprek, een bekende die het aan|raadt?"),
        ("Citaat", "Een letter|lijke uitspraak uit een klant|interview."),
    ]),

    ("h2", "Drie voorbeelden uit de praktijk"),
    ("p", "Twee|wielers Ter Haar (5 medewerkers) sprak in het voorjaar van 2026 met 7 klanten en maakte "
          "daarna deze drie per|sona's."),
    ("h3", "Ellie, 68 jaar, Holten"),
    ("ul", [
        "Gepensio|neerd, fietst twee keer per week met haar klein|kinderen. **Doel:** een veilige e-bike "
        "met een lage instap.",
        "**Frus|tratie:** begrijpt niet hoe ver ze komt met een accu en is bang om te vallen.",
        "**Kanalen:** Facebook, vooral 's avonds tussen 19.00 en 21.00 uur; vraagt advies aan haar dochter.",
        "**Wat over|tuigt:** een proefrit van een uur en onderhoud aan huis. \"Ik wil gewoon dat iemand "
        "het me rustig uit|legt.\"",
    ]),
    ("h3", "Bas, 36 jaar, Rijssen"),
    ("ul", [
        "Vader van twee kinderen, werkt vier dagen als planner. **Doel:** een bak|fiets om de kinderen "
        "naar school te bren|gen.",
        "**Frus|tratie:** weet niet welk merk betrouw|baar is en is bang dat hij bij pech dagen zonder fiets zit.",
        "**Kanalen:** Instagram en Google-reviews, vaak in zijn lunch|pauze.",
        "**Wat over|tuigt:** reviews van andere ouders en de belofte van **reparatie binnen 24 uur**.",
    ]),
    ("h3", "Fleur, 24 jaar, Nijverdal"),
    ("ul", [
        "Verpleeg|kundige in een zieken|huis in Almelo, werkt in diensten. **Doel:** sneller en goedkoper "
        "naar haar werk dan met de auto.",
        "**Frus|tratie:** een goede e-bike vindt ze te duur om in een keer te betalen.",
        "**Kanalen:** TikTok en Instagram, vaak laat op de avond na een dienst.",
        "**Wat over|tuigt:** korte video's en uitleg over de **fiets van de zaak** via haar werk|gever.",
    ]),

    ("h2", "Val|kuilen"),
    ("ul", [
        "**Te veel per|sona's.** Begin met hooguit **3**. Meer per|sona's betekent dat je weer voor iedereen "
        "gaat schrij|ven.",
        "**Verzinnen achter je bureau.** Een persona zonder klant|gesprekken is een beschrij|ving van je eigen "
        "aan|names.",
        "**Alleen leeftijd en geslacht.** Twee vrouwen van 45 kunnen om totaal verschil|lende redenen "
        "bij je kopen. Het doel en de frus|tratie zijn belang|rijker.",
        "**De droomklant beschrijven.** Een persona gaat over wie echt bij je koopt, niet over wie je "
        "graag als klant zou willen hebben.",
        "**De beslis|ser vergeten.** Soms kiest een ander mee, zoals de dochter van Ellie. Zorg dat je "
        "berichten ook die persoon over|tuigen.",
        "**Nooit bij|werken.** Kijk **elke 12 maanden** opnieuw naar je per|sona's, en eerder als je een "
        "nieuw product of een nieuwe doelgroep hebt.",
    ]),

    ("h2", "Checklist"),
    ("cl", [
        "5 tot 8 klantgesprekken gevoerd, met vaste, nieuwe en afgehaakte klanten.",
        "Letterlijke uitspraken van klanten genoteerd.",
        "Statistieken van de laatste 90 dagen bekeken en vergeleken met een jaar eerder.",
        "Hooguit 3 per|sona's gemaakt, elk op een A4.",
        "Per persona een doel, een frus|tratie en de kanalen beschreven.",
        "Bij elk nieuw bericht gekozen voor welke persona het is.",
        "Datum in de agenda gezet om de per|sona's over 12 maanden te herzien.",
    ]),

    ("h2", "Hulp bij je per|sona's"),
    ("pl", "Wil je je per|sona's laten toetsen? Leden boeken gratis een gesprek van 30 minuten op het "
           "**Online Spreek|uur** van Ondernemershuis Salland, elke dinsdag van 9.00 tot 12.00 uur; niet-leden "
           "betalen 35 euro. In het **lerend netwerk online marketing** gaat bijeenkomst 2 op **donderdag 18 "
           "februari 2027** helemaal over doel|groepen en per|sona's. Vragen over deze gids: Marloes Hendriksen, "
           "adviseur online marketing, m.hendriksen@ondernemershuis-salland.nl."),
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
        self.set_font(FONT, "", 7)
        self.set_text_color(90, 90, 90)
        self.text(MARGIN_L, 289, FOOT)
        self.set_font(FONT, "", 7.5)
        self.set_xy(self.w - MARGIN_R - 30, 290.4)
        self.cell(30, 3.6, "pagina %d van {nb}" % self.page_no(), align="R")
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

    def table(self, rows, col1=44, size=9.5, lh=4.3, pad=1.6):
        """Bordered two-column block; first row is a bold header row on grey."""
        pdf = self.pdf
        x0 = MARGIN_L
        total_w = pdf.w - MARGIN_L - MARGIN_R
        w1, w2 = col1, total_w - col1
        prepared = []
        for r, (a, b) in enumerate(rows):
            la = self.break_lines(tokenize("**%s**" % a), w1 - 2 * pad, size)
            lb = self.break_lines(tokenize(("**%s**" % b) if r == 0 else b), w2 - 2 * pad, size)
            h = max(len(la), len(lb)) * lh + 2 * pad
            prepared.append((la, lb, h))
        self.ensure(sum(p[2] for p in prepared[:3]) + 2)
        self.y += 1
        pdf.set_draw_color(120, 120, 120)
        pdf.set_line_width(0.2)
        for r, (la, lb, h) in enumerate(prepared):
            if self.y + h > BOTTOM_Y:
                self.new_page()
            top = self.y
            if r == 0:
                pdf.set_fill_color(225, 225, 225)
                pdf.rect(x0, top, total_w, h, style="F")
            elif r % 2 == 0:
                pdf.set_fill_color(245, 245, 245)
                pdf.rect(x0, top, total_w, h, style="F")
            pdf.rect(x0, top, w1, h)
            pdf.rect(x0 + w1, top, w2, h)
            for col_x, col_w, lines in ((x0, w1, la), (x0 + w1, w2, lb)):
                self.y = top + pad - 0.6
                for line in lines:
                    self.y += lh
                    self.set_line(col_x + pad, line, col_w - 2 * pad, size, justify=False)
            self.y = top + h
        self.y += 2.5

    def heading(self, text, size, before, lines_after=3):
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
    pdf.set_creator("Ondernemershuis Salland - team Online Ondernemen")
    pdf.set_lang("nl")
    lay = Layout(pdf)
    lay.new_page()
    for kind, val in CONTENT:
        if kind == "title":
            lay.y += 8
            pdf.set_font(FONT, "B", 17)
            pdf.text(MARGIN_L, lay.y, val.replace("|", ""))
            lay.y += 2
        elif kind == "sub":
            lay.y += 5.5
            pdf.set_font(FONT, "I", 10)
            pdf.set_text_color(70, 70, 70)
            pdf.text(MARGIN_L, lay.y, val.replace("|", ""))
            pdf.set_text_color(0, 0, 0)
            lay.y += 3
        elif kind == "h2":
            lay.heading(val, size=12, before=7.4)
        elif kind == "h3":
            lay.heading(val, size=10.5, before=5.0, lines_after=2)
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
