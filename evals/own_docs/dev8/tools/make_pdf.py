"""Generate docs/gids-gevonden-worden-op-sociale-media.pdf with fpdf2.

Based on /tmp/owndocs8/tools/make_pdf_example.py. Needs fpdf2==2.8.9:
    PYTHONPATH=/tmp/fpdf2lib_dev python3 tools/make_pdf.py

Lines are laid out explicitly (greedy line breaking with justified spacing).
Long words carry "|" marks at allowed hyphenation points; when such a word does
not fit at the end of a line it is split there and set as "prefix-" / "rest".
Only the core font Helvetica and latin-1 text are used (so amounts are written
as "15 euro", not with the euro sign, and a plain hyphen replaces the dash).
Contains a "table" block (limits per platform) and a checklist.
"""
import os
import sys

from fpdf import FPDF

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "docs", "gids-gevonden-worden-op-sociale-media.pdf")

GUIDE = "Gids: gevonden worden op sociale media - hashtags, zoekwoorden en je profiel"
ORG = "Ondernemerscentrum Westhoek vzw"
FOOT = "Ondernemerscentrum Westhoek vzw - Boterstraat 18, 8900 Ieper - 057 36 52 10"

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
    ("title", "Gevonden worden op sociale media"),
    ("sub", "Gids over hashtags, zoekwoorden en je profiel - versie maart 2026"),
    ("p", "Steeds meer klanten zoeken een kapper, een bakker of een loodgieter niet meer in Google, maar "
          "rechtstreeks in Instagram, TikTok of Facebook. Wie daar niet met de juiste woorden in zijn "
          "profiel staat, wordt niet gevonden. Uit onze leden|peiling van januari 2026 blijkt dat "
          "**62%** van de leden geen enkel zoekwoord in de naam of de bio van het profiel heeft, en dat "
          "**18%** nog altijd 20 of meer hashtags per bericht gebruikt. In deze gids lees je hoe zoeken "
          "per platform werkt en wat je vandaag nog kunt aanpassen."),

    ("h2", "1. Hoe zoeken werkt per platform"),
    ("h3", "Instagram"),
    ("p", "De zoekfunctie van Instagram kijkt vooral naar je **gebruikers|naam**, je **naamveld** en de "
          "woorden in je bio. Daarnaast doorzoekt Instagram de woorden in je bij|schriften, je hashtags "
          "en de locatie die je aan een bericht toevoegt. Zoekwoorden in een gewone zin tellen dus even "
          "goed mee als een hashtag."),
    ("h3", "TikTok"),
    ("p", "TikTok werkt steeds meer als een zoekmachine. Het platform leest niet alleen je bijschrift "
          "en hashtags, maar ook de tekst die in beeld staat en wat je zegt (via de automatische "
          "ondertiteling). Noem je belangrijkste zoekwoord daarom hardop in de **eerste 5 seconden** "
          "van je video."),
    ("h3", "LinkedIn"),
    ("p", "Op LinkedIn zoeken mensen vooral op naam, functie, bedrijf en regio. Je **kopregel** (de zin "
          "onder je naam) weegt het zwaarst. Bij een bedrijfs|pagina tellen de naam, de slogan en de "
          "tekst onder **Info**."),
    ("h3", "Facebook"),
    ("p", "Facebook|pagina's worden gevonden op paginanaam, categorie en locatie. Vul daarom je "
          "categorie (bijvoorbeeld Slagerij of Fietsenwinkel), je adres en je openings|uren volledig "
          "in. Een pagina met een adres verschijnt ook bij mensen die in de buurt zoeken."),

    ("h2", "2. Zoekwoorden in je naam en je bio"),
    ("p", "Schrijf eerst de **5 woorden** op die je klanten intypen als ze iemand zoals jou zoeken. Denk "
          "altijd in de combinatie product + plaats: \"taart Ieper\", \"fietsherstelling Wervik\", "
          "\"boekhouder Veurne\". Verwerk die woorden daarna zo:"),
    ("ol", [
        "**Naamveld op Instagram:** dat is iets anders dan je gebruikers|naam en je hebt er "
        "**64 tekens** voor. Gebruik het voor je zaaknaam plus je belangrijkste zoekwoord, "
        "bijvoorbeeld \"Bakkerij Vanneste - Brood & taart Poperinge\". Je kunt het naamveld maar "
        "**2 keer per 14 dagen** wijzigen, dus denk even na.",
        "**Bio op Instagram (150 tekens):** wat je doet, voor wie, waar, en een oproep. Zet je "
        "gemeente er altijd in.",
        "**Bio op TikTok (80 tekens):** kort en krachtig. Alleen je product en je gemeente.",
        "**Kopregel op LinkedIn (220 tekens):** niet enkel \"zaakvoerder\", maar wat je doet en voor "
        "wie, bijvoorbeeld \"Zaakvoerder Dakwerken Vermeersch - platte daken en dakisolatie in de "
        "Westhoek\".",
    ]),

    ("h2", "3. Hoeveel hashtags?"),
    ("p", "De tijd van 30 hashtags onder elk bericht is voorbij. Instagram raadt zelf aan om er **3 tot 5** "
          "te gebruiken, en dat is ook ons advies. Te veel hashtags maken je bericht onrustig en helpen "
          "het algoritme niet om te begrijpen waarover het gaat. Een goede mix:"),
    ("ul", [
        "**1 lokale hashtag:** #ieper, #poperinge, #westhoek of #dewesthoek;",
        "**1 tot 2 product|hashtags:** zo specifiek mogelijk, zoals #zuurdesembrood in plaats van #brood;",
        "**1 eigen hashtag:** bijvoorbeeld #bijvanneste, om berichten van klanten te verzamelen.",
    ]),
    ("p", "Vermijd algemene hashtags zoals #love of #instagood: daar verdwijnt je bericht binnen enkele "
          "seconden tussen miljoenen andere. Op **LinkedIn** volstaan **maximaal 3** hashtags, op "
          "**Facebook** hebben hashtags weinig effect: gebruik er 0 tot 2."),

    ("h2", "4. Alternatieve tekst bij je foto's"),
    ("p", "Alt-tekst is een korte beschrijving van een foto. Blinde en slecht|ziende gebruikers laten ze "
          "voorlezen, en de platformen gebruiken ze om te begrijpen wat er op je foto staat. Zo voeg je "
          "ze toe:"),
    ("ul", [
        "**Instagram:** tik voor het delen op **Geavanceerde instellingen > Toegankelijkheid > "
        "Alternatieve tekst schrijven**. Bij een bestaand bericht kies je de drie puntjes en dan "
        "**Bewerken**.",
        "**LinkedIn en Facebook:** na het toevoegen van de foto kies je **Alternatieve tekst** en typ "
        "je je beschrijving.",
    ]),
    ("p", "Houd het bij **maximaal 125 tekens**, beschrijf wat er echt te zien is en noem product en "
          "plaats: \"Verse aardbeientaart op de toonbank van Bakkerij Vanneste in Poperinge\". Begin niet "
          "met \"Foto van\"; dat zegt de voorlees|software zelf al."),

    ("h2", "5. Limieten per platform"),
    ("p", "Deze tabel zet de belangrijkste limieten op een rij. We controleerden ze in **maart 2026**; de "
          "platformen passen ze soms aan."),
    ("table", {
        "widths": [30, 36, 40, 30, 34],
        "head": ["Platform", "Naam", "Bio of profieltekst", "Bijschrift", "Hashtags (advies)"],
        "rows": [
            ["Instagram", "64 tekens; gebruikersnaam 30", "bio 150 tekens", "2.200 tekens", "3 tot 5"],
            ["TikTok", "30 tekens; gebruikersnaam 24", "bio 80 tekens", "4.000 tekens", "3 tot 5"],
            ["LinkedIn (persoon)", "voor- en achternaam", "kopregel 220, Info 2.600 tekens", "3.000 tekens",
             "maximaal 3"],
            ["LinkedIn (bedrijf)", "100 tekens", "slogan 120 tekens", "3.000 tekens", "maximaal 3"],
            ["Facebook (pagina)", "gebruikersnaam minstens 5 tekens", "categorie, adres, openingsuren",
             "63.206 tekens", "0 tot 2"],
        ],
        "total": "Alt-tekst: ons advies is maximaal 125 tekens, op elk platform.",
    }),

    ("h2", "6. Wat meet je?"),
    ("p", "Of je beter gevonden wordt, zie je niet aan je aantal likes. Kijk elke maand, op dezelfde dag, "
          "naar deze cijfers en noteer ze in een eenvoudig reken|blad:"),
    ("ul", [
        "**Instagram:** in **Inzichten > Bereikte accounts** het percentage **niet-volgers**. Boven "
        "30% is goed. Noteer ook het aantal **profiel|bezoeken**.",
        "**TikTok:** in de statistieken van een video, bij **Verkeers|bronnen**, het aandeel uit "
        "**Zoeken**.",
        "**LinkedIn:** het aantal keer dat je in **zoekresultaten** verscheen, bovenaan je eigen "
        "profiel onder **Analyse**.",
        "**Facebook:** in **Meta Business Suite > Inzichten** het bereik en het aantal nieuwe volgers "
        "van je pagina.",
    ]),
    ("p", "Vergelijk pas na **3 maanden**. Zoekwoorden en alt-tekst werken langzaam: een verschil na een "
          "week zegt weinig."),

    ("h2", "7. Praktijkvoorbeeld: B&B Het Hommelhof in Poperinge"),
    ("p", "Annelies Devos baat met haar partner een B&B met **4 kamers** uit tussen de hopvelden van "
          "Poperinge. Tot oktober 2025 stond in haar naamveld enkel \"Hommelhof\", zonder plaats, en "
          "gebruikte ze tot 25 hashtags per bericht. Na een adviesgesprek met ons paste ze haar "
          "naamveld aan naar \"Het Hommelhof - B&B Poperinge\", zette ze \"fietsers welkom\" in haar "
          "bio, beperkte ze zich tot 4 hashtags en schreef ze bij elke foto een alt-tekst. Het "
          "resultaat na vier maanden: **profielbezoeken van 95 naar 340 per maand**, het aandeel "
          "niet-volgers in haar bereik van **22% naar 41%** en **11 reservatie|aanvragen** per maand "
          "via Instagram, tegenover 3 vroeger."),
    ("quote", "\"Ik heb geen extra berichten gemaakt. Ik heb alleen andere woorden gebruikt.\" "
              "- Annelies Devos"),

    ("h2", "8. Checklist"),
    ("cl", [
        "Ik heb de 5 zoekwoorden van mijn klanten opgeschreven.",
        "Mijn naamveld op Instagram bevat mijn zaaknaam en een zoekwoord.",
        "Mijn gemeente staat in mijn bio op Instagram en TikTok.",
        "Mijn kopregel op LinkedIn zegt wat ik doe en voor wie.",
        "Categorie, adres en openingsuren van mijn Facebookpagina zijn volledig ingevuld.",
        "Ik gebruik 3 tot 5 hashtags, waarvan 1 lokale.",
        "Elke foto krijgt een alt-tekst van maximaal 125 tekens.",
        "Ik noteer elke maand mijn percentage niet-volgers en mijn profielbezoeken.",
    ]),

    ("h2", "Meer weten?"),
    ("pl", "Op **donderdag 26 maart 2026** (12.00 tot 12.45 uur) geeft Lien Vandenbroucke het "
           "lunch|webinar **Gevonden worden op sociale media**; gratis voor leden, niet-leden betalen "
           "15 euro excl. btw. Liever persoonlijk advies? Leden boeken gratis een gesprek van "
           "45 minuten, elke donderdagnamiddag van 13.30 tot 16.30 uur, via 057 36 52 14 of "
           "lien.vandenbroucke@ondernemerscentrum-westhoek.be."),
]


# Extra hyphenation points, applied to every occurrence of these words in
# the body text (words already carrying "|" marks are left alone).
HYPH = {
    "rechtstreeks": "recht|streeks", "bijschriften": "bij|schrif|ten", "bijschrift": "bij|schrift",
    "zoekmachine": "zoek|ma|chi|ne", "ondertiteling": "on|der|ti|te|ling",
    "belangrijkste": "be|lang|rijk|ste", "bijvoorbeeld": "bij|voor|beeld",
    "Fietsenwinkel": "Fiet|sen|win|kel", "fietsherstelling": "fiets|her|stel|ling",
    "gebruikersnaam": "ge|brui|kers|naam", "zoekwoorden": "zoek|woor|den", "zoekwoord": "zoek|woord",
    "Zoekwoorden": "Zoek|woor|den", "algoritme": "al|go|rit|me", "specifiek": "spe|ci|fiek",
    "zuurdesembrood": "zuur|de|sem|brood", "berichten": "be|rich|ten", "beschrijving": "be|schrij|ving",
    "platformen": "plat|for|men", "Alternatieve": "Al|ter|na|tie|ve", "Toegankelijkheid": "Toe|gan|ke|lijk|heid",
    "Geavanceerde": "Ge|a|van|ceer|de", "instellingen": "in|stel|lin|gen", "aardbeientaart": "aard|bei|en|taart",
    "eenvoudig": "een|vou|dig", "percentage": "per|cen|ta|ge", "statistieken": "sta|tis|tie|ken",
    "zoekresultaten": "zoek|re|sul|ta|ten", "adviesgesprek": "ad|vies|ge|sprek", "profielbezoeken": "pro|fiel|be|zoe|ken",
    "niet-volgers": "niet-|vol|gers", "Dakwerken": "Dak|wer|ken", "dakisolatie": "dak|iso|la|tie",
    "resultaat": "re|sul|taat", "categorie": "ca|te|go|rie", "miljoenen": "mil|joe|nen",
    "gebruikers": "ge|brui|kers", "paginanaam": "pa|gi|na|naam", "automatische": "au|to|ma|ti|sche",
    "persoonlijk": "per|soon|lijk", "toegevoegd": "toe|ge|voegd", "verschijnt": "ver|schijnt",
    "hashtags": "hash|tags", "combinatie": "com|bi|na|tie", "onrustig": "on|rus|tig",
    "begrijpen": "be|grij|pen", "verdwijnt": "ver|dwijnt", "beschrijving.": "be|schrij|ving.",
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
    pdf.set_creator("Ondernemerscentrum Westhoek vzw - team Digitaal Ondernemen")
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
