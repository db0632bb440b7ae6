"""Generate docs/gids-social-media-en-privacy.pdf (two A4 pages) with fpdf2.

Lines are laid out explicitly by this script (greedy line breaking with a small
Dutch hyphenation dictionary), so words split at the end of a line carry a real
hyphen in the PDF text. Only latin-1 characters are used (core font Helvetica).

Usage: python make_privacy_pdf.py [output.pdf]
"""
import os
import re
import sys

from fpdf import FPDF

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    HERE, "..", "docs", "gids-social-media-en-privacy.pdf")

GUIDE = "Gids: social media en privacy voor ondernemers"
ORG = "Ondernemershuis Vallei"

# --- page geometry (mm) -----------------------------------------------------
LM, RM = 20, 20
PW = 210
TW = PW - LM - RM
BODY_TOP = 24
BODY_BOTTOM = 279
FS = 10             # body font size (pt)
LH = 4.75           # body line height
BULLET_INDENT = 5

# --- hyphenation dictionary: "|" marks allowed break points --------------------
HYPH = """
toe|zicht|hou|der Kans|spe|len In|sta|gram|naam ach|ter|naam ad|ver|ten|tie
ad|vi|se|ren af|spreekt be|dank|post be|waar|plicht bij|voor|beeld down|loa|den
dui|de|lijk een|mans|zaak ge|or|ga|ni|seerd grond|sla|gen her|ken|nen
her|stel|pa|gi|na het|zelf|de in|for|ma|tie jaar|om|zet ju|ri|disch
klant|be|rich|ten klant|re|la|tie klant|vra|gen meld|lo|ket nieuws|brief
ont|dek|king op|scho|nen or|der|num|mer or|ga|ni|sa|tor pols|band|je
po|si|tie|ve prak|ti|sche pri|va|cy|spreek|uur pro|fiel|beel|den pro|fie|len
pro|mo|ti|o|neel schrij|ven spe|ci|fiek team|func|tie te|le|foon|kos|ten
ter|mij|nen toe|ge|staan ui|ter|lijk uit|no|di|ging uit|slui|tend
ver|mel|den ver|tra|ging ver|wij|der vuist|re|gels waar|schijn|lijk
wacht|woord we|reld|wij|de werk|ge|ver werk|ne|mer win|ac|ties woon|plaats
za|ke|lij|ke Aan|mel|den Be|schrijf Pu|bli|ceer Voor|ko|men
scherm|af|beel|ding in|log|ge|ge|vens uit|druk|ke|lij|ke pri|vé|be|richt
toe|gangs|rech|ten so|ci|al|me|di|a|plan|ner
on|der|ne|mers on|der|ne|mer per|soons|ge|ge|vens toe|stem|ming me|de|wer|kers
me|de|wer|ker ge|recht|vaar|digd ge|ge|vens|be|scher|ming ver|or|de|ning
pri|va|cy|ver|kla|ring Au|to|ri|teit deel|ne|mers deel|na|me|voor|waar|den
be|waar|ter|mij|nen be|waar|ter|mijn twee|staps|ve|ri|fi|ca|tie her|ken|baar
eve|ne|men|ten eve|ne|ment be|trok|ke|nen schrif|te|lijk vrij|stel|lings|grens
kans|spel|be|las|ting Ge|drags|code Pro|mo|ti|o|ne|le ver|wij|de|ren
ge|ïn|for|meerd on|dub|bel|zin|nig ge|zags|ver|hou|ding ar|beids|over|een|komst
klant|ge|ge|vens da|ta|lek|re|gis|ter wacht|woor|den on|her|ken|baar
ver|ant|woor|de|lijk or|ga|ni|sa|tie be|rich|ten pu|bli|ce|ren ver|zen|ding
mai|ling|lijst con|tro|leert min|der|ja|ri|gen voor|waar|den ad|mi|ni|stra|tie
be|le|di|gen|de in|for|meer ge|fo|to|gra|feerd toe|stem|mings|for|mu|lier
over|zichts|fo|to's ge|schre|ven be|staan|de in|ge|trok|ken ac|coun|tant
cam|pag|ne be|zoe|kers be|han|de|ling kan|toor|tij|den fis|ca|le
vei|lig|heids|maat|re|ge|len ver|gis|sing uit|zon|de|ring ont|vangst|be|ves|ti|ging
be|langrijk be|lang|rij|ke ver|plich|ting lid|maat|schap pri|va|cy|re|gels
in|schrij|vin|gen ver|zend|adres ad|vies|ge|sprek kin|der|op|vang be|zwaar
toe|slag|be|drag ver|ant|woor|de|lij|ke klan|ten|be|stand ge|brui|ken
ver|ge|ten ver|wij|de|ring ge|ba|seerd aan|vul|len per|soon|lij|ke
spel|re|gels ge|pu|bli|ceerd whats|app|ge|sprek|ken con|tact|for|mu|lie|ren
""".split()
HYPH = {w.replace("|", "").lower(): w for w in HYPH}


def split_points(word):
    """Return possible (head, tail) splits of a word; head gets a trailing '-'."""
    m = re.match(r"^([(\"]*)(.*?)([.,;:!?)\"]*)$", word)
    lead, core, trail = m.groups()
    options = []
    # words that already contain a hyphen may break after it
    for i, ch in enumerate(core):
        if ch == "-" and 2 <= i < len(core) - 2:
            options.append((lead + core[:i + 1], core[i + 1:] + trail))
    pat = HYPH.get(core.lower())
    if pat:
        pos = 0
        parts = pat.split("|")
        for part in parts[:-1]:
            pos += len(part)
            if pos >= 3 and len(core) - pos >= 3:  # no tiny fragments
                options.append((lead + core[:pos] + "-", core[pos:] + trail))
    return options


def wrap(pdf, text, width):
    """Greedy line breaking with hyphenation. Returns list of lines."""
    words = text.split()
    lines, cur = [], ""
    sp = pdf.get_string_width(" ")
    i = 0
    while i < len(words):
        w = words[i]
        cand = w if not cur else cur + " " + w
        if pdf.get_string_width(cand) <= width:
            cur = cand
            i += 1
            continue
        # does not fit: try to hyphenate the word
        best = None
        for head, tail in split_points(w):
            c2 = head if not cur else cur + " " + head
            if pdf.get_string_width(c2) <= width:
                best = (c2, tail)
        if best:
            lines.append(best[0])
            cur = ""
            words[i] = best[1]
            continue
        if cur:
            lines.append(cur)
            cur = ""
        else:  # single word too long for a line (should not happen)
            lines.append(w)
            i += 1
    if cur:
        lines.append(cur)
    return lines


# --- content -----------------------------------------------------------------
CONTENT = [
    ("title", GUIDE),
    ("sub", "Wat mag wel en niet met foto's, reviews, winacties en klantgegevens op "
            "Instagram, Facebook, LinkedIn en TikTok? Een praktische gids voor onder"
            "nemers in de regio. Versie november 2026."),
    ("h", "1. Privacy geldt ook op social media"),
    ("p", "Sinds 25 mei 2018 geldt in de hele EU de Algemene verordening gegevens"
          "bescherming (AVG). Die wet gaat over persoonsgegevens: alles waarmee je "
          "iemand kunt herkennen. Dat is niet alleen een naam of e-mailadres, maar ook "
          "een herkenbaar gezicht op een foto, een stem in een video of een Instagram"
          "naam in een bedankpost. Ook als eenmanszaak ben je verantwoordelijk voor "
          "wat je met die gegevens doet. Toezichthouder is de Autoriteit Persoons"
          "gegevens (AP), die boetes kan opleggen tot EUR 20 miljoen of 4% van de "
          "wereldwijde jaaromzet. Voor social media gebruik je als ondernemer meestal "
          "een van twee grondslagen: toestemming of gerechtvaardigd belang."),
    ("h", "2. Foto's en video's van klanten"),
    ("p", "Staat een klant herkenbaar in beeld, dan heb je in de regel toestemming "
          "nodig voordat je de foto of video post. Let op de volgende punten:"),
    ("ul", [
        "Toestemming moet vrij, specifiek, geïnformeerd en ondubbelzinnig zijn. "
        "\"Ja hoor\" aan de kassa is lastig te bewijzen; leg het vast in een "
        "toestemmingsformulier, een e-mail of een WhatsApp-bericht.",
        "Vraag toestemming per doel: een foto voor je website is iets anders dan "
        "een foto in een betaalde advertentie.",
        "Voor kinderen jonger dan 16 jaar heb je toestemming van een ouder of "
        "voogd nodig.",
        "Op een evenement meld je bij de ingang en op de uitnodiging dat er wordt "
        "gefotografeerd. Geef bezoekers die niet op de foto willen een gekleurd "
        "polsbandje. Overzichtsfoto's van een groep waarin niemand centraal staat, "
        "zijn meestal toegestaan op basis van gerechtvaardigd belang.",
        "Trekt iemand zijn toestemming in, verwijder de beelden dan zo snel "
        "mogelijk. Wij adviseren: binnen 14 dagen, en nooit meer in nieuwe posts.",
    ]),
    ("p", "Wil je een foto gebruiken die een klant zelf heeft gepost? Vraag dan eerst "
          "in een reactie of privébericht om toestemming en vermeld de maker. Delen "
          "met de deelknop binnen hetzelfde platform is meestal geen probleem; de "
          "foto downloaden voor je website of een advertentie mag alleen met "
          "uitdrukkelijke toestemming."),
    ("h", "3. Foto's van medewerkers"),
    ("p", "Tussen werkgever en werknemer bestaat een gezagsverhouding. Een "
          "medewerker voelt zich niet altijd vrij om nee te zeggen, en dan is de "
          "toestemming niet geldig. Vraag daarom schriftelijk toestemming, los van "
          "de arbeidsovereenkomst, en maak duidelijk dat nee zeggen geen gevolgen "
          "heeft. Zet het gebruik van foto's nooit als verplichting in het contract. "
          "Gaat een medewerker uit dienst, haal dan binnen 30 dagen de foto's van "
          "je website en uit je vaste profielbeelden, tenzij je samen iets anders "
          "afspreekt. Oude posts in je tijdlijn mogen meestal blijven staan, maar "
          "verwijder ze als de oud-medewerker daarom vraagt."),
    ("h", "4. Reviews en reacties"),
    ("ul", [
        "Reageer je openbaar op een review, noem dan geen gegevens die de klant "
        "zelf niet heeft genoemd, zoals een ordernummer, adres of behandeling.",
        "Wil je een review met naam delen op je website of in een post, vraag dan "
        "eerst toestemming of gebruik alleen voornaam en eerste letter van de "
        "achternaam.",
        "Reviews kopen, zelf schrijven of alleen positieve reviews tonen is "
        "verboden. Sinds 28 mei 2022 moet je op je website vermelden of en hoe je "
        "controleert dat reviews van echte klanten komen. De ACM houdt hierop "
        "toezicht.",
        "Vraagt iemand om inzage in of verwijdering van zijn gegevens, dan heb je "
        "daar volgens de AVG maximaal 1 maand de tijd voor.",
    ]),
    ("h", "5. Winacties en giveaways"),
    ("p", "Een winactie waarbij het lot bepaalt wie wint, is een promotioneel "
          "kansspel. Daarvoor geldt de Gedragscode Promotionele Kansspelen:"),
    ("ul", [
        "De totale waarde van alle prijzen samen is maximaal EUR 4.500 per actie.",
        "Meedoen is gratis; alleen normale porto- of telefoonkosten mogen.",
        "Publiceer spelregels met de looptijd, de prijzen, hoe en wanneer de "
        "winnaar wordt gekozen en hoe je contact opneemt. Zet een link in je post.",
        "Minderjarigen mogen alleen meedoen met toestemming van een ouder.",
        "Boven de vrijstellingsgrens van EUR 449 per prijs betaal je als organisator "
        "kansspelbelasting. Overleg met je accountant.",
        "Volg ook de regels van het platform. Op Instagram en Facebook vermeld je "
        "dat de actie niet door Meta wordt georganiseerd, en op Facebook mag "
        "deelname niet afhangen van delen op de eigen tijdlijn.",
        "Publiceer van de winnaar alleen voornaam en woonplaats, en alleen met "
        "toestemming. Gebruik het adres uitsluitend voor de verzending.",
        "Leg de trekking vast met datum en tijd, bijvoorbeeld met een scherm"
        "afbeelding van de loting, zodat je bij vragen kunt laten zien dat het "
        "eerlijk ging.",
    ]),
    ("h", "6. Hoe lang mag je gegevens bewaren?"),
    ("p", "De AVG noemt geen vaste termijnen: je bewaart gegevens niet langer dan "
          "nodig. Onze vuistregels voor ondernemers:"),
    ("ul", [
        "Gegevens van deelnemers aan een winactie: verwijderen uiterlijk 3 maanden "
        "na afloop. Gegevens die je nodig hebt voor de kansspelbelasting bewaar je "
        "7 jaar, vanwege de fiscale bewaarplicht.",
        "Berichten met klantvragen in DM's en WhatsApp-gesprekken: opschonen na "
        "12 maanden als er geen klantrelatie is ontstaan.",
        "Leads uit contactformulieren op LinkedIn of Facebook: maximaal 12 maanden.",
        "Zet volgers nooit zonder toestemming op je mailinglijst voor de "
        "nieuwsbrief.",
    ]),
    ("p", "Beschrijf je termijnen in je privacyverklaring en zet de link daarnaar "
          "in de bio of het info-gedeelte van je profielen."),
    ("h", "7. Datalek: wat doe je?"),
    ("p", "Een datalek is ook: een gehackt Instagram-account met klantberichten, een "
          "verloren telefoon met WhatsApp Business-gesprekken of een mailing waarin "
          "je per vergissing alle adressen in de cc zette. Doorloop dan deze stappen:"),
    ("ol", [
        "Stop het lek: wijzig wachtwoorden, log alle sessies uit en zet "
        "tweestapsverificatie aan.",
        "Breng in kaart welke gegevens zijn gelekt, van hoeveel personen en sinds "
        "wanneer.",
        "Meld het lek binnen 72 uur na ontdekking bij de Autoriteit Persoons"
        "gegevens via het online meldloket, tenzij het lek waarschijnlijk geen "
        "risico voor de betrokkenen oplevert.",
        "Is het risico hoog, informeer dan ook de betrokkenen zelf, zonder onnodige "
        "vertraging.",
        "Leg elk datalek vast in je eigen datalekregister, ook als je het niet "
        "hoeft te melden.",
        "Meld een gehackt account bij het platform via de herstelpagina.",
    ]),
    ("p", "Voorkomen is beter: zet nu al tweestapsverificatie aan op al je zakelijke "
          "accounts en geef medewerkers eigen inloggegevens in plaats van één gedeeld "
          "wachtwoord, bijvoorbeeld via Meta Business Suite of de teamfunctie van "
          "je social-mediaplanner. Trek de toegang in op de laatste werkdag van "
          "iemand die uit dienst gaat."),
    ("h", "Hulp nodig?"),
    ("p", "Ondernemershuis Vallei houdt elke eerste dinsdag van de maand van "
          "10.00 tot 12.00 uur een privacyspreekuur, gratis voor leden. Aanmelden "
          "via 033 456 01 00 of info@ondernemershuisvallei.nl. Deze gids geeft "
          "algemene informatie en is geen juridisch advies."),
]


def justify_line(pdf, line, x, y, width, lh, justify=True):
    """Set one line; for justified lines the spare width is spread over the
    word gaps (each word is placed at its computed x position)."""
    baseline = y + lh * 0.75
    words = line.split(" ")
    if not justify or len(words) == 1:
        pdf.text(x, baseline, line)
        return
    natural = sum(pdf.get_string_width(w) for w in words)
    gap = (width - natural) / (len(words) - 1)
    cx = x
    for w in words:
        pdf.text(cx, baseline, w)
        cx += pdf.get_string_width(w) + gap


class Guide(FPDF):
    def header(self):
        self.set_font("Helvetica", "", 8)
        self.set_text_color(90, 90, 90)
        self.set_xy(LM, 10)
        self.cell(TW / 2, 5, GUIDE, align="L")
        self.set_xy(LM + TW / 2, 10)
        self.cell(TW / 2, 5, ORG, align="R")
        self.set_draw_color(0, 110, 120)
        self.set_line_width(0.4)
        self.line(LM, 16, PW - RM, 16)
        self.set_text_color(0, 0, 0)

    def footer(self):
        self.set_draw_color(0, 110, 120)
        self.set_line_width(0.2)
        self.line(LM, 283, PW - RM, 283)
        self.set_font("Helvetica", "", 8)
        self.set_text_color(90, 90, 90)
        self.set_xy(LM, 284.5)
        self.cell(TW / 2, 5, "www.ondernemershuisvallei.nl/privacy", align="L")
        self.set_xy(LM + TW / 2, 284.5)
        self.cell(TW / 2, 5, f"pagina {self.page_no()} van {{nb}}", align="R")
        self.set_text_color(0, 0, 0)


def build():
    pdf = Guide(format="A4", unit="mm")
    pdf.set_margins(LM, BODY_TOP, RM)
    pdf.set_auto_page_break(False)
    pdf.alias_nb_pages("{nb}")
    pdf.c_margin = 0  # text starts exactly at the margin
    pdf.add_page()
    y = BODY_TOP
    hyphenated = []

    def need(h):
        nonlocal y
        if y + h > BODY_BOTTOM:
            pdf.add_page()
            y = BODY_TOP

    def put_lines(lines, x, width, size, style="", lh=LH):
        nonlocal y
        pdf.set_font("Helvetica", style, size)
        for n, line in enumerate(lines):
            need(lh)
            last = n == len(lines) - 1
            justify_line(pdf, line, x, y, width, lh, justify=not last)
            if line.endswith("-") and not last:
                hyphenated.append(line.split()[-1])
            y += lh

    for kind, val in CONTENT:
        if kind == "title":
            pdf.set_font("Helvetica", "B", 17)
            pdf.set_xy(LM, y)
            pdf.cell(TW, 8, val, align="L")
            y += 9.5
        elif kind == "sub":
            pdf.set_font("Helvetica", "I", FS)
            pdf.set_text_color(60, 60, 60)
            put_lines(wrap(pdf, val, TW), LM, TW, FS, "I")
            pdf.set_text_color(0, 0, 0)
            y += 1.5
        elif kind == "h":
            y += 2.2
            need(5.5 + 2 * LH)  # keep heading with at least two lines
            pdf.set_font("Helvetica", "B", 11)
            pdf.set_text_color(0, 90, 100)
            pdf.set_xy(LM, y)
            pdf.cell(TW, 5.5, val, align="L")
            pdf.set_text_color(0, 0, 0)
            y += 6.3
        elif kind == "p":
            pdf.set_font("Helvetica", "", FS)
            put_lines(wrap(pdf, val, TW), LM, TW, FS)
            y += 1.2
        elif kind in ("ul", "ol"):
            pdf.set_font("Helvetica", "", FS)
            for n, item in enumerate(val, 1):
                lines = wrap(pdf, item, TW - BULLET_INDENT)
                need(LH)
                pdf.set_font("Helvetica", "B" if kind == "ol" else "", FS)
                pdf.text(LM + 0.5, y + LH * 0.75, f"{n}." if kind == "ol" else "-")
                put_lines(lines, LM + BULLET_INDENT, TW - BULLET_INDENT, FS)
                y += 0.6
            y += 0.8
    pdf.output(OUT)
    return pdf.page_no(), y, hyphenated


if __name__ == "__main__":
    pages, last_y, hyph = build()
    print(f"wrote {OUT}: {pages} pages, last y = {last_y:.1f} mm")
    print("hyphenated at line end:", ", ".join(hyph))
    if pages != 2:
        sys.exit("ERROR: guide must be exactly 2 pages")
