"""Generate docs/gids-online-klantenservice-whatsapp-messenger-instagram.pdf with fpdf2.

Adapted from /tmp/owndocs/tools/make_pdf_example.py. Needs fpdf2==2.8.9:
    PYTHONPATH=/tmp/fpdf2lib /work/main/.venv/bin/python tools/make_pdf.py

Lines are laid out explicitly (greedy line breaking with justified spacing).
Long words carry "|" marks at allowed hyphenation points; when such a word does
not fit at the end of a line it is split there and set as "prefix-" / "rest".
Only the core font Helvetica and latin-1 text are used (amounts are written as
"25 euro", not with the euro sign). All text is real, extractable text.
A "table" item draws a small ruled table (header row + rows, wrapped cells).
"""
import os
import sys

from fpdf import FPDF

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "docs", "gids-online-klantenservice-whatsapp-messenger-instagram.pdf")

GUIDE = "Gids: online klantenservice via berichtenapps"
ORG = "Ondernemershuis Maasdal"
FOOT = "Ondernemershuis Maasdal - Scheepvaartweg 14, 6051 KL Maasbracht - 0475 46 20 90"

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
# A table value is (column widths in mm, header row, [rows], footnote).
# --------------------------------------------------------------------------
CONTENT = [
    ("title", "Online klantenservice via\nWhatsApp, Messenger en Instagram DM"),
    ("sub", "Gids voor ondernemers - versie november 2026"),
    ("p", "Steeds meer klanten stellen hun vraag niet meer via de telefoon of e-mail, maar via een "
          "berichten|app. In onze ledenpeiling van februari 2026 zei **58%** van de ondernemers minstens "
          "één keer per week klant|vragen via WhatsApp te krijgen; bij winkels en horeca was dat zelfs 76%. "
          "Een snel en vriendelijk antwoord levert omzet op, een vraag die dagen blijft liggen kost je een "
          "klant. In deze gids lees je wat klanten verwachten, hoe je automatische berichten instelt, hoe "
          "je omgaat met klantgegevens en welke tools er zijn."),

    ("h2", "1. Hoe snel verwacht de klant een antwoord?"),
    ("p", "Een chatbericht voelt voor klanten als een gesprek, niet als een brief. Hanteer daarom de volgende "
          "richt|tijden en zet ze ook in je afwezigheids|bericht en op je website:"),
    ("ul", [
        "**Tijdens openingstijden:** antwoord binnen **1 uur**. Eenvoudige vragen over openings|tijden, "
        "voorraad of een afspraak het liefst binnen 15 minuten.",
        "**Buiten openingstijden:** antwoord de volgende werkdag **voor 10.00 uur**.",
        "**Klacht:** reageer binnen 1 uur met een eerste bericht (\"We zoeken het uit\"), ook als de "
        "oplossing langer duurt.",
    ]),
    ("h3", "Het 24-uursvenster van Meta"),
    ("p", "Op Messenger, Instagram en het WhatsApp Business Platform geldt een venster van **24 uur**: na het "
          "laatste bericht van de klant kun je een dag lang vrij antwoorden. Via de inbox van Meta Business "
          "Suite kun je op Messenger en Instagram daarna nog tot **7 dagen** handmatig reageren. Met de "
          "gratis WhatsApp Business-app heb je dat venster niet; daar kun je klanten altijd een bericht "
          "sturen, zolang ze dat zelf willen. Stuur nooit ongevraagd reclame via WhatsApp."),

    ("h2", "2. Automatische antwoorden instellen"),
    ("p", "Automatische berichten zorgen ervoor dat een klant direct weet waar hij aan toe is. In de "
          "**WhatsApp Business-app** vind je ze onder **Instellingen > Bedrijfs|tools**:"),
    ("ul", [
        "**Begroetings|bericht:** gaat automatisch naar klanten die je voor het eerst een bericht sturen, of "
        "die **14 dagen** geen contact met je hebben gehad.",
        "**Afwezigheids|bericht:** stel het in voor de tijden buiten je openings|tijden of tijdens je vakantie.",
        "**Snelle antwoorden:** vaste teksten die je oproept door **/** te typen, bijvoorbeeld /route of "
        "/openingstijden.",
        "**Labels:** geef gesprekken een kleur, zoals Nieuwe klant, Bestelling of Betaald. Je kunt tot "
        "**20 labels** maken.",
    ]),
    ("p", "Voor Messenger en Instagram stel je in **Meta Business Suite** onder **Inbox > Automatiseringen** "
          "een **direct antwoord** in, en maximaal **4 veelgestelde vragen** die klanten met een tik kunnen "
          "kiezen. Een voorbeeld van een goed afwezigheids|bericht:"),
    ("quote", "\"Bedankt voor je bericht! We zijn nu gesloten. Morgen vanaf 9.00 uur helpen we je graag, "
              "uiterlijk om 10.00 uur heb je antwoord. Spoed bij een storing? Bel 0475 46 20 99. "
              "Groet, team Van Rooij Tweewielers\""),
    ("p", "Doe niet alsof een automatisch bericht van een mens komt, en zet er altijd bij wanneer de klant "
          "een echt antwoord kan verwachten."),

    ("h2", "3. Schrijven zoals je praat"),
    ("ul", [
        "**Volg de klant:** zegt hij je, zeg dan ook je. Begint hij met u, blijf dan bij u.",
        "**Kort:** hooguit 3 tot 4 regels per bericht. Een lang verhaal hoort in een e-mail of telefoon|gesprek.",
        "**Onderteken met je voor|naam**, zodat de klant weet met wie hij praat, ook als je met meer "
        "collega's in dezelfde inbox werkt.",
        "**Emoji** mag, maar met mate: een duim of smiley is prima, niet in een antwoord op een klacht.",
        "**Geen spraak|berichten** naar klanten sturen; niet iedereen kan ze op elk moment af|luisteren.",
        "**Gaat een klacht na 3 berichten heen en weer nog niet de goede kant op?** Bel de klant.",
    ]),

    ("h2", "4. De AVG in je chatvenster"),
    ("p", "Ook in een chat verwerk je persoons|gegevens, en daarvoor geldt de Algemene verordening "
          "gegevens|bescherming (AVG). De belangrijkste afspraken op een rij:"),
    ("ol", [
        "**Gebruik een zakelijk nummer** op een aparte telefoon, niet je privé|telefoon. WhatsApp leest het "
        "adres|boek van je telefoon uit; op een zakelijke telefoon staan alleen zakelijke contacten. De "
        "WhatsApp Business-app werkt op 1 telefoon plus maximaal **4 gekoppelde apparaten**.",
        "**Vraag nooit via chat** om een burger|service|nummer, een kopie van een identiteits|bewijs, "
        "medische gegevens of een foto van een bankpas. Heb je zulke gegevens echt nodig, gebruik dan "
        "een beveiligde upload|mogelijkheid.",
        "**Bewaar niet langer dan nodig.** Wij adviseren chats na **12 maanden** te verwijderen. Facturen "
        "en andere stukken voor je administratie bewaar je wel **7 jaar** (fiscale bewaar|plicht), maar "
        "dan in je boekhouding, niet in de app.",
        "**Telefoon kwijt?** Wis het toestel op afstand en log uit op alle gekoppelde apparaten. Is er "
        "een risico voor je klanten, dan meld je het datalek binnen **72 uur** bij de Autoriteit "
        "Persoons|gegevens.",
        "**Noem de kanalen in je privacy|verklaring** en sluit een verwerkers|overeenkomst af met de "
        "leverancier van je klantenservice|tool.",
    ]),

    ("h2", "5. Tools en wat ze kosten"),
    ("p", "Werk je met één of twee mensen, dan zijn de gratis apps van Meta meestal genoeg. Beantwoorden "
          "drie of meer collega's berichten, of wil je alle kanalen in één scherm, kijk dan naar een gedeelde "
          "inbox. Indica|tieve prijzen, peildatum oktober 2026:"),
    ("table", (
        [40, 58, 72],
        ["Tool", "Kanalen", "Prijs (excl. btw)"],
        [
            ["WhatsApp Business-app", "WhatsApp", "gratis"],
            ["Meta Business Suite", "Messenger, Instagram", "gratis"],
            ["Trengo", "alle drie, plus e-mail", "vanaf ca. 199 euro per maand"],
            ["respond.io", "alle drie, plus e-mail", "vanaf ca. 79 dollar per maand"],
            ["Zendesk Suite Team", "alle drie, plus e-mail", "ca. 55 euro per medewerker per maand"],
        ],
        "Een gedeelde inbox gebruikt voor WhatsApp het betaalde WhatsApp Business Platform. Antwoorden "
        "binnen het 24-uursvenster zijn gratis; een marketing|bericht kost in Nederland ongeveer 0,14 euro.",
    )),
    ("p", "Maak vooraf afspraken over wie de inbox bewaakt. Een vaste dienst per dagdeel werkt beter dan "
          "\"iedereen kijkt even\". Probeer een nieuwe tool eerst uit in de gratis proef|periode van 7 tot 14 "
          "dagen die de meeste leveranciers bieden, en evalueer na **30 dagen** gebruik."),

    ("h2", "6. Praktijkvoorbeeld: Van Rooij Tweewielers in Weert"),
    ("p", "Fietsen|zaak Van Rooij Tweewielers (7 medewerkers) kreeg in 2025 zo'n **90 berichten per week** "
          "via WhatsApp, Instagram en Facebook, verspreid over drie tele|foons. Vragen bleven liggen en "
          "de gemiddelde reactie|tijd was ruim **5 uur**. Eigenaar Anouk van Rooij koos voor een gedeelde "
          "inbox en maakte 12 snelle antwoorden voor de meest gestelde vragen. Na een half jaar:"),
    ("ul", [
        "gemiddelde reactie|tijd tijdens openings|tijden: **40 minuten**;",
        "**30% minder** telefoontjes in de werk|plaats, dus minder onder|brekingen voor de monteurs;",
        "afspraken voor reparaties lopen nu voor de helft via WhatsApp.",
    ]),

    ("newpage", None),
    ("h2", "7. Checklist"),
    ("cl", [
        "Zakelijk nummer op een aparte telefoon, met een WhatsApp Business-account.",
        "Begroetings|bericht en afwezigheids|bericht ingesteld, met reactietijd erin.",
        "Direct antwoord en veelgestelde vragen ingesteld in Meta Business Suite.",
        "Minstens 5 snelle antwoorden voor de meest gestelde vragen.",
        "Vaste afspraak wie de inbox bewaakt, ook tijdens vakanties.",
        "Reactietijd: binnen 1 uur tijdens openingstijden, voor 10.00 uur de volgende werkdag.",
        "Geen BSN, kopie ID, medische gegevens of bankpas via chat.",
        "Chats na 12 maanden verwijderd; kanalen vermeld in de privacy|verklaring.",
        "Verwerkers|overeenkomst met de leverancier van je inbox-tool.",
    ]),

    ("h2", "8. Vaak gevraagd"),
    ("h3", "Mag ik klanten via WhatsApp aanbiedingen sturen?"),
    ("p", "Alleen als de klant daar vooraf uitdrukkelijk toestemming voor heeft gegeven, bijvoorbeeld met een "
          "vinkje bij het afrekenen. Dat iemand je ooit een vraag stuurde, is geen toestemming. Bied in elk "
          "bericht een eenvoudige manier om af te melden, zoals \"Stuur STOP om je af te melden\"."),
    ("h3", "Moet ik ook reageren op berichten in het weekend?"),
    ("p", "Dat hoeft niet, zolang je in je afwezigheids|bericht eerlijk zegt wanneer je weer antwoordt. Krijg "
          "je op zaterdag veel vragen, bijvoorbeeld als winkel, plan dan een vaste collega in die om "
          "11.00 en 15.00 uur de inbox bijwerkt."),
    ("h3", "Kan ik een chatbot gebruiken?"),
    ("p", "Ja, maar begin klein. Laat een bot alleen standaard|vragen beantwoorden en zorg dat de klant altijd "
          "binnen twee stappen een medewerker kan krijgen, bijvoorbeeld door \"medewerker\" te typen."),

    ("h2", "Meer weten?"),
    ("pl", "Vragen over deze gids? Neem contact op met **Stijn Willems**, adviseur klantcontact en "
           "digitalisering, via stijn.willems@ondernemershuismaasdal.nl of 0475 46 20 97. Leden kunnen "
           "ook langskomen op het **Digitaal Inloopspreekuur**, elke woensdag van 13.00 tot 16.00 uur "
           "(gratis, 30 minuten per gesprek). Boeken via www.ondernemershuis-maasdal.nl/spreekuren."),
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

    def table(self, spec):
        """Ruled table: (col widths, header, rows, footnote). Cells wrap."""
        widths, header, rows, note = spec
        pdf = self.pdf
        size = 9
        lh = 4.2
        pad = 1.6
        self.y += 1.0
        for r, row in enumerate([header] + rows):
            bold = (r == 0)
            cell_lines = [self.break_lines(tokenize(("**%s**" % c) if bold else c), w - 2 * pad, size)
                          for c, w in zip(row, widths)]
            n = max(len(c) for c in cell_lines)
            h = n * lh + 2.0
            self.ensure(h + (lh * 3 if r == 0 else 0))
            top = self.y
            if bold:
                pdf.set_fill_color(225, 230, 236)
                pdf.rect(MARGIN_L, top, sum(widths), h, style="F")
            pdf.set_draw_color(150, 150, 150)
            pdf.set_line_width(0.2)
            pdf.line(MARGIN_L, top, MARGIN_L + sum(widths), top)
            x = MARGIN_L
            for lines, w in zip(cell_lines, widths):
                yy = top + 0.6
                for line in lines:
                    yy += lh
                    save = self.y
                    self.y = yy
                    self.set_line(x + pad, line, w - 2 * pad, size, justify=False)
                    self.y = save
                x += w
            self.y = top + h
        pdf.line(MARGIN_L, self.y, MARGIN_L + sum(widths), self.y)
        self.y += 1.0
        if note:
            self.paragraph(note, size=8.5, lh=4.0, after=1.6, italic=True)


def build():
    pdf = Guide(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.alias_nb_pages("{nb}")
    pdf.set_margins(MARGIN_L, 18, MARGIN_R)
    pdf.set_title(GUIDE)
    pdf.set_author(ORG)
    pdf.set_creator("Ondernemershuis Maasdal - team Online Ondernemen")
    pdf.set_lang("nl")
    lay = Layout(pdf)
    lay.new_page()
    for kind, val in CONTENT:
        if kind == "title":
            pdf.set_font(FONT, "B", 18)
            for tline in val.split("\n"):
                lay.y += 8
                pdf.text(MARGIN_L, lay.y, tline)
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
