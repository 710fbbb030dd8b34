"""A web page saved from a browser into the document tree, with trafilatura.

A saved page holds far more than its article: navigation, cookie banners,
sidebars, footers, scripts. trafilatura finds the main content and gives it as
an XML tree (headings, paragraphs, lists, tables), with the page's title,
canonical URL, author, date and site name from its meta tags; we walk that tree
into ours. Bold is kept (``<hi rend="#b">``): a bold paragraph standing alone is a
heading, and the bold run that opens a paragraph is its run-in heading.
"""

from __future__ import annotations

import logging

from ..doctree import DocTree, Item, TreeBuilder, bold_heading
from ..errors import CorpusError

# trafilatura logs every page it finds little in; the ingest report says it once
logging.getLogger("trafilatura").setLevel(logging.ERROR)


# HTML5's elements for what surrounds an article: never article text.
_CHROME = ("nav", "header", "footer", "aside", "script", "style", "noscript", "template", "form", "button")


def read_html(raw: bytes, name: str, deadline) -> DocTree:
    import trafilatura

    if not _has_article_text(raw):
        raise CorpusError(f"{name}: has no article text (only navigation, banners or scripts)")

    try:
        found = trafilatura.bare_extraction(
            raw,
            with_metadata=True,
            include_tables=True,
            include_formatting=True,
            include_links=False,
            include_images=False,
            include_comments=False,
            deduplicate=False,
            # only a date the page states in its metadata, never one guessed from its text
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except CorpusError:
        raise
    except Exception as exc:  # lxml and trafilatura raise many kinds on broken markup
        deadline.check()
        raise CorpusError(f"{name}: is not a readable web page ({type(exc).__name__})") from None
    body = getattr(found, "body", None) if found is not None else None
    if body is None or not "".join(body.itertext()).strip():
        raise CorpusError(f"{name}: has no article text (only navigation, banners or scripts)")
    meta = {
        "title": found.title or "",
        "url": found.url or "",
        "author": found.author or "",
        "date": found.date or "",
        "publisher": found.sitename or "",
        "description": found.description or "",
    }
    builder = TreeBuilder({k: v for k, v in meta.items() if v})
    _walk(body, builder)
    return builder.build()


def _has_article_text(raw: bytes) -> bool:
    """Whether the page's body has any words outside its menus, header, footer and scripts.

    trafilatura falls back to the whole page when it finds no article, so a page
    of menus alone would come back as a paragraph of menu words.
    """
    import lxml.html

    try:
        root = lxml.html.document_fromstring(raw)
    except Exception:  # lxml refuses some broken pages; trafilatura then decides
        return True
    body = root.find("body")
    if body is None:
        return False
    for element in list(body.iter(*_CHROME)):
        if element.getparent() is not None:
            element.drop_tree()
    return bool("".join(body.itertext()).strip())


def _text(element) -> str:
    """An element's words, without those of lists nested in it."""
    parts = [element.text or ""]
    for child in element:
        if child.tag not in ("list", "table", "graphic"):
            parts.append(" " if child.tag == "lb" else _text(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def _walk(element, out: TreeBuilder) -> None:
    for child in element:
        tag = child.tag
        if tag == "head":
            rend = child.get("rend", "h2")
            level = int(rend[1]) if len(rend) == 2 and rend[1].isdigit() else 2
            out.heading(level, _text(child))
        elif tag == "p":
            heading = _bold_line(child)
            if heading:
                out.heading(3, heading)
            else:
                out.paragraph(_text(child), lead=_run_in(child))
        elif tag == "list":
            out.list(_items(child), ordered=child.get("rend", "") == "ol")
        elif tag == "table":
            rows = [[_text(cell) for cell in row if cell.tag == "cell"] for row in child if row.tag == "row"]
            out.table(rows)
        elif tag in ("quote", "div", "section"):
            _walk(child, out)
        # code, graphic, comments: never answer text


def _items(element) -> list[Item]:
    items = []
    for child in element:
        if child.tag != "item":
            continue
        item = Item(_text(child))
        for nested in child.iter("list"):
            if nested is not child:
                item.children.extend(_items(nested))
                item.ordered_children = nested.get("rend", "") == "ol"
                break
        items.append(item)
    return items


def _bold_line(p) -> str | None:
    """A paragraph that is one bold run and nothing else, read as a heading."""
    if (p.text or "").strip() or len(p) != 1:
        return None
    child = p[0]
    if child.tag != "hi" or "#b" not in child.get("rend", "") or (child.tail or "").strip(":").strip():
        return None
    return bold_heading(_text(child))


def _run_in(p) -> str:
    """The bold run that opens a paragraph followed by more of it, or ""."""
    if (p.text or "").strip() or not len(p) or p[0].tag != "hi" or "#b" not in p[0].get("rend", ""):
        return ""
    lead = _text(p[0])
    return lead if _text(p) != lead else ""
