"""Web pages staff upload: HTML, and pages saved as Markdown, as their article only (Markdown with real headings
and lists), without the site around it: menu, cookie bar, sidebar, related pages, footer.

The rest of the reading (plain text, sections, Markdown tables) is assistant.structure; PDF is assistant.pdftext.
"""

from __future__ import annotations

import re

from assistant.structure import BULLET, ends_clause, tidy_markdown

_BOILERPLATE_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
                     "iframe", "button", "svg", "select", "dialog")
_BOILERPLATE_HINT = re.compile(r"cookie|consent|breadcrumb|skip-?link|share|social-?links|newsletter-?signup|banner|menu"
                               r"|related|sidebar|widget", re.I)


def html_to_markdown(html: str) -> tuple[str, str]:
    """(title, Markdown body) of a web page: the main content only, headings and lists kept."""
    from bs4 import BeautifulSoup
    from markdownify import markdownify

    soup = BeautifulSoup(html, "html.parser")
    page_title = soup.title.get_text(" ", strip=True) if soup.title else ""
    main = soup.find("main") or soup.find("article") or soup.find(attrs={"role": "main"}) or soup.body or soup
    for tag in main.find_all(_BOILERPLATE_TAGS):
        tag.decompose()
    for tag in main.find_all(attrs={"role": ["navigation", "banner", "contentinfo", "complementary"]}):
        tag.decompose()
    for tag in list(main.find_all(True)):
        if tag.decomposed:
            continue
        marks = " ".join([tag.get("id") or "", *(tag.get("class") or [])])
        if marks.strip() and _BOILERPLATE_HINT.search(marks) and tag.name not in ("main", "article", "body"):
            tag.decompose()
    for listing in main.find_all(["ul", "ol"]):
        if not listing.decomposed and _site_links_only(listing):
            label = listing.find_previous_sibling()
            listing.decompose()
            if label is not None and label.name in ("h2", "h3", "h4", "h5", "h6", "p", "strong") and len(
                    label.get_text(" ", strip=True).split()) <= 5 and _nothing_after(label):
                label.decompose()  # "Lees ook" over the list, now over nothing
    h1 = main.find("h1")
    title = h1.get_text(" ", strip=True) if h1 else re.split(r"\s[|–-]\s", page_title)[0].strip()
    markdown = markdownify(str(main), heading_style="ATX", bullets="-", strip=["img", "a"], escape_underscores=False,
                           escape_asterisks=False)
    return title, tidy_markdown(markdown)


def _site_links_only(listing) -> bool:
    """A list whose every item is one link to a page of the same site and nothing more ("Lees ook")."""
    items = listing.find_all("li", recursive=False)
    return len(items) >= 2 and all(
        len(links := item.find_all("a")) == 1 and not re.match(r"[a-z]+:", links[0].get("href") or "x:")
        and links[0].get_text(" ", strip=True) == item.get_text(" ", strip=True) for item in items)


def _nothing_after(tag) -> bool:
    """Whether no text follows a tag before the next heading of its level or higher (or the end of its parent)."""
    for sibling in tag.find_next_siblings():
        if sibling.name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            return True
        if sibling.get_text(strip=True):
            return False
    return True


_LINK = re.compile(r"\[[^\]\n]+\]\([^)\n]*\)")
_SITE_LINK = re.compile(r"\[[^\]\n]+\]\((?![a-z]+:)[^)\n]*\)")  # to a page of the same site: "(/privacy)", "(#top)"
_RULE = re.compile(r"\s*([-*_])(\s*\1){2,}\s*")
_COOKIE_BAR = re.compile(r"\b(deze|onze|this|our) (web)?site\b.*cookie|\b(wij|we) (gebruiken|use) cookies", re.I)


def _link_item(line: str) -> bool:
    """A list item that is a link and nothing more ("- [Een contentkalender voor het hele jaar](/kennisbank/...)")."""
    rest = BULLET.sub("", line, count=1) if BULLET.match(line) else None
    return rest is not None and bool(_SITE_LINK.fullmatch(rest.strip().strip("*_")))


def _label(line: str) -> bool:
    """A short line that is no sentence ("**Lees ook**", "Meer over dit onderwerp")."""
    return len(line.split()) <= 5 and not ends_clause(line.strip("*_ "))


_FOOTER_PART = re.compile(r"@|\b\d{4} ?[A-Z]{2}\b|\b\d{4} [A-Z][a-z]|\d{2,4}[ -]?\d{2}[ -]?\d{2}|©")


_PARTS = re.compile(r"\s[·|•]\s")  # "Ondernemershuis Valleiland · Nieuwe Stationsstraat 12 · 0318 ..."


def _footer(line: str) -> bool:
    """The site's footer line: three or more parts apart by " · " or " | ", one an e-mail address, a postcode, a
    phone number or a copyright ("Ondernemershuis Valleiland · Nieuwe Stationsstraat 12, 6711 AB Ede · 0318 ...")."""
    parts = _PARTS.split(line.strip().strip("*_"))
    return len(parts) >= 3 and any(_FOOTER_PART.search(p) for p in parts)


_BYLINE = re.compile(r"\b(leestijd|laatst bijgewerkt|bijgewerkt op|gepubliceerd op|reading time|last updated|"
                     r"published on)\b", re.IGNORECASE)


def _byline(line: str) -> bool:
    """The article's byline: who wrote it, when, how long it reads ("Door Sanne Pieterse, adviseur · Laatst
    bijgewerkt: 14 januari 2027 · Leestijd: 7 minuten"): about the page, no answer to a question on its subject."""
    return bool(_BYLINE.search(line)) and len(_PARTS.split(line)) >= 2 and len(line) <= 250


def _without_chrome_lines(lines: list[str]) -> list[str]:
    """Lines without horizontal rules, a cookie bar, rows of links to the site's pages (a footer's, a menu's), the
    footer's address line (as an HTML page's `<footer>`) and the byline (as its `<header>`)."""
    return [ln for ln in lines if not _RULE.fullmatch(ln) and not _COOKIE_BAR.search(ln) and not _footer(ln)
            and not _byline(ln)
            and not (len(_SITE_LINK.findall(ln)) >= 2 and len(_LINK.sub("", ln).split()) <= 8)]


def drop_page_chrome(markdown: str) -> str:
    """A web page saved as Markdown without the site around its article: horizontal rules, a cookie bar, the
    byline, the footer's address line, rows of links ("[Privacyverklaring](/privacy) · [Cookies](/cookies)") and
    lists that are only links to the site's pages ("Lees ook" with three other pages' titles), with the short label
    above such a list. Links to other sites stay (a list of the regulator's pages is the article's). They are not the
    page's text: glued to its last section, the other pages' titles matched questions about those pages, and they
    were quoted."""
    blocks = [_without_chrome_lines(block.split("\n")) for block in re.split(r"\n\s*\n", markdown)]
    kept: list[str] = []
    for i, lines in enumerate(blocks):
        items = [ln for ln in lines if ln.strip()]
        links = [ln for ln in items if _link_item(ln)]
        following = [ln for ln in blocks[i + 1] if ln.strip()] if i + 1 < len(blocks) else []
        if len(links) >= 2 and all(_link_item(ln) or _label(ln) for ln in items) and len(items) - len(links) <= 1:
            continue  # "**Lees ook**" and its links
        if len(items) == 1 and _label(items[0]) and len(following) >= 2 and all(_link_item(ln) for ln in following):
            continue  # the label of the link list in the next block
        if items:
            kept.append("\n".join(lines))
    return "\n\n".join(kept)
