"""Generate docs/gids-reviews-en-online-reputatie.pdf with fpdf2.

Based on ../../dev/tools/make_pdf.py. Needs fpdf2==2.8.9, e.g.:
    pip install --target /tmp/fpdf2lib fpdf2==2.8.9
    PYTHONPATH=/tmp/fpdf2lib .venv/bin/python evals/own_docs/dev2/tools/make_pdf.py

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
OUT = os.path.join(HERE, "..", "docs", "gids-reviews-en-online-reputatie.pdf")

GUIDE = "Gids: reviews en online reputatie"
ORG = "Ondernemerscentrum Westerkwartier"
FOOT = "Ondernemerscentrum Westerkwartier - Stationsweg 18, 9801 BN Zuidhorn - 0594 50 72 40"

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
    ("title", "Reviews en online reputatie"),
    ("sub", "Gids voor kleine ondernemers - versie januari 2027"),
    ("p", "Voor veel klanten is een review het eerste wat ze van je bedrijf zien, nog voor je website "
          "of je etalage. Een profiel met veel recente reviews wekt meer vertrouwen dan een perfecte 5,0 "
          "op basis van drie reviews van jaren geleden. In deze gids lees je hoe je om reviews vraagt "
          "zonder de regels te overtreden, hoe en wanneer je reageert, wat je doet met een negatieve of "
          "valse review en hoe een garage uit Leek in een jaar haar score verbeterde."),

    ("h2", "1. Om reviews vragen"),
    ("p", "De meeste tevreden klanten schrijven alleen een review als je erom vraagt. Ontevreden klanten "
          "doen het vaak uit zichzelf. Wie niet vraagt, krijgt dus een scheef beeld."),
    ("h3", "Wanneer"),
    ("ul", [
        "**Direct na een goed moment:** bij het afrekenen, het ophalen van de auto of het opleveren van "
        "een klus.",
        "**Uiterlijk binnen 7 dagen** na de aankoop of het bezoek. Daarna neemt de kans op een review "
        "sterk af.",
        "Stuur **hooguit 1 herinnering**, 3 tot 5 dagen na je eerste verzoek.",
    ]),
    ("h3", "Hoe"),
    ("ul", [
        "Gebruik de **korte reviewlink** uit je Google Bedrijfs|profiel (knop **Vraag om reviews**). "
        "Maak er een **QR-code** van voor op de toonbank, de factuur of de kassabon.",
        "Vraag persoonlijk en concreet: \"Zou je in een paar zinnen willen vertellen hoe de reparatie "
        "is bevallen?\"",
        "Zet de link in je bevestigings- of factuurmail en in je e-mail|handtekening.",
        "Maak het makkelijk: een review schrijven mag de klant niet meer dan 2 minuten kosten.",
    ]),
    ("h3", "Wat niet mag"),
    ("ul", [
        "**Betalen voor reviews**, of een korting, cadeautje of winkans geven in ruil voor een review. "
        "Google verbiedt dit, en volgens het consumenten|recht is het misleidend.",
        "**Alleen tevreden klanten vragen** (review gating), bijvoorbeeld door eerst te vragen of iemand "
        "tevreden is en alleen dan de reviewlink te tonen. Dat staat Google niet toe.",
        "**Zelf reviews schrijven** of personeel, familie en vrienden laten schrijven.",
        "**Reviews kopen of ruilen** met andere ondernemers (\"jij een review voor mij, ik een voor jou\").",
    ]),
    ("p", "Sinds **28 mei 2022** zijn nepreviews in Nederland uitdrukkelijk verboden in het consumenten|recht. "
          "Toon je reviews op je eigen website, dan moet je daar ook vermelden of en hoe je controleert dat "
          "ze van echte klanten komen. De Autoriteit Consument & Markt (ACM) houdt toezicht en kan boetes "
          "opleggen."),

    ("h2", "2. Reageren op reviews"),
    ("p", "Reageer op alle reviews, positief en negatief. Toekomstige klanten lezen niet alleen de klacht, "
          "maar vooral hoe jij ermee omgaat."),
    ("ul", [
        "**Positieve review: reageer binnen 7 dagen.** Bedank de klant bij naam, noem iets concreets "
        "uit de review en houd het bij 2 tot 3 zinnen. Geen standaard|tekst die onder elke review staat.",
        "**Negatieve review: reageer binnen 48 uur**, op werkdagen het liefst dezelfde dag. Maar niet "
        "binnen het eerste uur: zoek eerst uit wat er is gebeurd (zie het stappenplan hieronder).",
        "**Noem nooit persoons|gegevens** in je reactie: geen kenteken, factuur|nummer, adres of "
        "details van een behandeling. Dat is in strijd met de AVG.",
        "Reageer onder je bedrijfsnaam en onderteken met je voornaam, bijvoorbeeld \"Groet, Henk\".",
        "Zet **meldingen** aan in de app of het e-mail|overzicht van je Bedrijfs|profiel, zodat je geen "
        "nieuwe review mist.",
    ]),

    ("h2", "3. Een negatieve review in vijf stappen"),
    ("ol", [
        "**Wacht even en lees de review twee keer.** Reageer niet in een opwelling. Geef jezelf een paar "
        "uur, maar laat het niet langer liggen dan 48 uur.",
        "**Zoek uit wat er is gebeurd.** Kijk in je agenda, kassa|systeem of werkorder en vraag het na bij "
        "de collega die erbij was. Kun je de reviewer nergens terugvinden? Lees dan paragraaf 4.",
        "**Reageer kort en in het openbaar.** Bedank voor de feedback, erken de ervaring (\"Vervelend dat "
        "u zo lang moest wachten\") en bied excuses aan waar dat terecht is. Ga niet in discussie over "
        "details. Maximaal 4 tot 5 zinnen.",
        "**Haal het gesprek offline.** Noem een naam en een directe manier om contact op te nemen, zoals "
        "een telefoon|nummer of e-mailadres. Los de klacht daarna persoonlijk op.",
        "**Rond af en leer ervan.** Is het opgelost, vraag dan vriendelijk of de klant de review wil "
        "aanpassen. Eisen of belonen mag niet. Houd klachten bij in een eenvoudig overzicht: komt "
        "hetzelfde punt 3 keer terug, pas dan je werkwijze aan.",
    ]),

    ("h2", "4. Nepreviews herkennen en melden bij Google"),
    ("p", "Niet elke negatieve review is nep. Deze signalen wijzen wel in die richting:"),
    ("ul", [
        "de reviewer komt niet voor in je agenda, kassa of klanten|bestand;",
        "het account heeft geen foto en plaatste op dezelfde dag reviews bij bedrijven door het hele land;",
        "er komen veel reviews in korte tijd binnen, bijvoorbeeld 5 reviews van 1 ster binnen 24 uur;",
        "de review gaat over een product of dienst die je niet levert, of over een ander bedrijf;",
        "de schrijver is een concurrent of oud-medewerker (belangen|conflict).",
    ]),
    ("p", "Zo meld je een review bij Google:"),
    ("ol", [
        "Open je **Google Bedrijfs|profiel** (zoek op je bedrijfsnaam terwijl je bent ingelogd, of "
        "open Google Maps).",
        "Ga naar **Reviews lezen**, klik bij de review op de **drie puntjes** en kies **Review rapporteren**.",
        "Kies de reden die het best past, bijvoorbeeld **Belangen|conflict**, **Spam** of **Niet relevant**.",
        "Volg de status in de **beheertool voor reviews** van Google. Een melding wordt meestal binnen "
        "enkele dagen beoordeeld; soms duurt het enkele weken.",
        "Wordt je melding afgewezen, dan kun je **een keer in beroep** gaan via dezelfde tool. Voeg een "
        "korte toelichting en je bewijs toe.",
    ]),
    ("p", "Maak altijd eerst een **schermafbeelding** van de review, met datum en naam van de reviewer. "
          "Reageer in het openbaar zakelijk: schrijf dat je de reviewer niet in je klantgegevens kunt "
          "vinden en vraag om contact. Gaat het om bedreiging, smaad of een gerichte reeks nepreviews, "
          "doe dan aangifte bij de politie of vraag juridisch advies."),

    ("h2", "5. Checklist"),
    ("cl", [
        "Google Bedrijfs|profiel geclaimd en geverifieerd; openingstijden en telefoonnummer kloppen.",
        "Reviewlink en QR-code staan op factuur, kassabon en toonbank.",
        "Vaste afspraak wie reviews beantwoordt, en wie dat overneemt tijdens vakanties.",
        "Meldingen voor nieuwe reviews staan aan.",
        "Positieve reviews binnen 7 dagen en negatieve reviews binnen 48 uur beantwoord.",
        "Geen persoons|gegevens in reacties.",
        "Geen korting, cadeau of winactie in ruil voor een review.",
        "Verdachte reviews vastgelegd met een schermafbeelding en gemeld.",
        "Elke maand genoteerd: aantal reviews, gemiddelde score en aantal onbeantwoorde reviews.",
    ]),

    ("newpage", None),
    ("h2", "6. Praktijkvoorbeeld: Garage Kuipers in Leek"),
    ("p", "Garage Kuipers (onderhoud en APK, 6 medewerkers) had in januari 2026 **23 Google-reviews** met een "
          "gemiddelde score van **3,9**. De nieuwste review was 14 maanden oud. Eigenaar Henk Kuipers "
          "pakte het zo aan:"),
    ("ul", [
        "Een **QR-code** met de reviewlink onderaan elke factuur en op de balie.",
        "Een **sms** de dag na de onderhouds|beurt, met een persoonlijke vraag en de link. Geen "
        "herinneringen.",
        "Henk beantwoordt alle reviews zelf, **elke werkdag om 8.00 uur**, dus altijd binnen 48 uur.",
    ]),
    ("p", "Het resultaat in januari 2027:"),
    ("ul", [
        "**168 reviews** met een gemiddelde score van **4,6**.",
        "Ongeveer **1 op de 5** klanten die een sms kreeg, schreef een review.",
        "Klikken op **Route** in het Bedrijfs|profiel: **31% meer** dan een jaar eerder; telefoontjes "
        "via het profiel: **18% meer**.",
        "Een klant gaf **1 ster** omdat er **85 euro** te veel op de factuur stond. Henk reageerde dezelfde "
        "dag, belde de klant en stortte het bedrag terug. De klant paste de review aan naar **4 sterren**.",
    ]),
    ("quote", "\"Ik dacht dat reviews een kwestie van geluk waren. Het blijkt vooral een kwestie van "
              "vragen.\" - Henk Kuipers"),

    ("h2", "Meer weten?"),
    ("pl", "Op **dinsdag 6 april 2027** (19.30 tot 21.00 uur) geeft Ruben Smit van Smit Reputatie|advies het "
          "webinar **Reviews en online reputatie** in onze voorjaarsreeks; leden betalen 15 euro, niet-leden "
          "35 euro. Wil je advies over je eigen situatie? Leden boeken gratis een gesprek van 30 minuten op "
          "het **Digitaal Spreekuur**, elke donderdag van 9.00 tot 12.00 uur (niet-leden betalen 25 euro). "
          "Boeken kan via www.ondernemerscentrum-westerkwartier.nl/spreekuur."),
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


def build():
    pdf = Guide(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.alias_nb_pages("{nb}")
    pdf.set_margins(MARGIN_L, 18, MARGIN_R)
    pdf.set_title(GUIDE)
    pdf.set_author(ORG)
    pdf.set_creator("Ondernemerscentrum Westerkwartier - team Online Ondernemen")
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
