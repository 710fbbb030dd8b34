"""A PDF into the document tree, with pdfplumber (on pdfminer.six).

A PDF has no headings or lists, only characters placed on pages, each with its
font and size. pdfplumber groups them into lines and finds ruled tables; from
there:

- the body size is the size most of the text is set in; a line set larger is a
  heading, the largest size level 1, the next level 2, and so on; a short bold
  line standing alone at body size is a heading below those;
- a line that starts with a bullet or a number is a list item, nested by how
  far its marker is indented; lines that follow it, indented like its text,
  continue it;
- lines closer together than a blank line are one paragraph, and a paragraph
  cut by a page break goes on on the next page;
- a line repeated at the top or bottom of most pages (a running header, a page
  number) is dropped.

Every block remembers the page it starts on, so a citation can say "p. 4".
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field

from ..doctree import DocTree, Item, TreeBuilder, bold_heading, clean_text, nest
from ..errors import CorpusError

_BULLETS = "•◦▪‣∙·●○■□–-*"
_NUMBER = re.compile(r"^(\(?\d{1,3}[.)]|[a-z][.)])\s+")
_PAGE_NUMBER = re.compile(r"^(page\s*)?\d{1,4}(\s*(/|of)\s*\d{1,4})?$", re.I)
HEADING_RATIO = 1.12  # a line this much larger than the body size is a heading
MARGIN = 0.08  # the top and bottom share of a page where running headers and footers sit


@dataclass
class _Line:
    text: str
    page: int
    top: float
    bottom: float
    x0: float
    size: float
    bold: bool
    table: list[list[str]] | None = None  # a table, placed where it sits on the page
    bullet: float | None = None  # where a drawn bullet (a small shape) left of the line sits
    lead: str = ""  # the bold run that opens a line that goes on in plain text ("Per mile. Drivers ...")

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class _Para:
    lines: list[_Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        text = ""
        for line in self.lines:
            text = _join(text, line.text)
        return text


def _join(text: str, line: str) -> str:
    """A line added to the text before it; a line broken after a hyphen ("12-") is rejoined."""
    if not text:
        return line
    return text + line if text.endswith("-") and text[-2:-1].isalnum() else f"{text} {line}"


def read_pdf(raw: bytes, name: str, limits, deadline) -> DocTree:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(raw))
    except CorpusError:
        raise
    except Exception as exc:  # pdfminer wraps what it finds in pdfplumber's own exception
        deadline.check()  # the time limit, struck inside pdfminer, comes wrapped too
        cause = exc.__cause__ or exc.__context__ or exc
        if isinstance(cause, PDFPasswordIncorrect) or "password" in str(exc).lower():
            raise CorpusError(f"{name}: is password-protected") from None
        raise CorpusError(
            f"{name}: is not a readable PDF (damaged or incomplete: {type(cause).__name__})"
        ) from None
    with pdf:
        try:
            pages = len(pdf.pages)
        except CorpusError:
            raise
        except Exception as exc:
            deadline.check()
            raise CorpusError(
                f"{name}: is not a readable PDF (damaged or incomplete: {type(exc).__name__})"
            ) from None
        if pages > limits.max_pages:
            raise CorpusError(f"{name}: has {pages:,} pages, above the {limits.max_pages:,}-page limit")
        meta = _metadata(pdf.metadata or {})
        lines: list[_Line] = []
        try:
            for number, page in enumerate(pdf.pages, 1):
                deadline.check()
                lines.extend(_page_lines(page, number))
                page.flush_cache()  # keep one page's objects in memory, not the document's
        except CorpusError:
            raise
        except Exception as exc:
            deadline.check()
            raise CorpusError(
                f"{name}: is not a readable PDF (damaged or incomplete: {type(exc).__name__})"
            ) from None
    if not any(line.text.strip() or line.table for line in lines):
        raise CorpusError(f"{name}: has no text layer (a scan?); it needs OCR before it can be indexed")
    builder = TreeBuilder(meta)
    _emit(_drop_running(lines, pages, _body_size(lines)), builder)
    return builder.build()


def _metadata(info: dict) -> dict:
    def text(key: str) -> str:
        value = info.get(key, "")
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        return clean_text(str(value or ""))

    meta = {"title": text("Title"), "author": text("Author")}
    date = text("CreationDate")
    if re.match(r"^D:\d{8}", date):
        meta["date"] = f"{date[2:6]}-{date[6:8]}-{date[8:10]}"
    return {k: v for k, v in meta.items() if v}


def _page_lines(page, number: int) -> list[_Line]:
    """The page's text lines and tables, top to bottom."""
    found: list[_Line] = []
    rest = page
    for table in page.find_tables():
        rows = [[" ".join((cell or "").split()) for cell in row] for row in table.extract()]
        x0, top, x1, bottom = table.bbox
        found.append(_Line("", number, top, bottom, x0, 0.0, False, table=rows))
        rest = rest.outside_bbox(table.bbox)
    marks = [
        m
        for m in page.curves + page.rects
        if 1 <= m["x1"] - m["x0"] <= 8 and 1 <= m["bottom"] - m["top"] <= 8
    ]
    for line in rest.extract_text_lines(return_chars=True, keep_blank_chars=False):
        chars = [c for c in line["chars"] if c["text"].strip()]
        if not chars:
            continue
        sizes = Counter(round(c["size"], 1) for c in chars)
        bold = sum(_is_bold(c["fontname"]) for c in chars) > len(chars) / 2
        found.append(
            _Line(
                " ".join(line["text"].split()),
                number,
                line["top"],
                line["bottom"],
                line["x0"],
                sizes.most_common(1)[0][0],
                bold,
                bullet=_drawn_bullet(marks, line),
                lead=_bold_lead(line["text"], chars),
            )
        )
    found.sort(key=lambda line: line.top)
    for line in found:
        line.top, line.bottom = line.top / page.height, line.bottom / page.height  # share of the page
        line.x0 = line.x0 / page.width
        line.bullet = None if line.bullet is None else line.bullet / page.width
    return found


def _bold_lead(text: str, chars: list[dict]) -> str:
    """The bold run that opens a line which goes on in plain text, as the line's text spells it
    (its characters carry no spaces); nothing for a line all bold or all plain."""
    bold = next((i for i, c in enumerate(chars) if not _is_bold(c["fontname"])), 0)
    seen = 0
    for end, ch in enumerate(text):
        if seen == bold:
            return " ".join(text[:end].split())
        seen += not ch.isspace()
    return ""


def _drawn_bullet(marks: list[dict], line: dict) -> float | None:
    """A browser draws list bullets as small shapes, not characters: one just left of
    the line, level with it, marks a list item. Its left edge, or None."""
    for mark in marks:
        if (
            mark["x1"] <= line["x0"] + 0.5
            and line["x0"] - mark["x1"] < 3 * (line["bottom"] - line["top"])
            and line["top"] - 1 <= (mark["top"] + mark["bottom"]) / 2 <= line["bottom"] + 1
        ):
            return mark["x0"]
    return None


def _is_bold(font: str) -> bool:
    font = font.split("+", 1)[-1].lower()
    return any(w in font for w in ("bold", "black", "heavy", "semibold", "demi"))


def _body_size(lines: list[_Line]) -> float:
    """The size most of the text is set in."""
    weights: Counter = Counter()
    for line in lines:
        if not line.table:
            weights[line.size] += len(line.text)
    return weights.most_common(1)[0][0] if weights else 0.0


def _drop_running(lines: list[_Line], pages: int, body: float) -> list[_Line]:
    """Running headers and footers gone: lines in the page margins that repeat on most
    pages, page numbers, and small print there (a browser's date, title and address)."""

    def key(line: _Line) -> str:
        return re.sub(r"\d+", "#", line.text.lower())

    def in_margin(line: _Line) -> bool:
        return line.top < MARGIN or line.bottom > 1 - MARGIN

    counts = Counter(key(line) for line in lines if in_margin(line) and not line.table)
    running = {k for k, n in counts.items() if pages >= 2 and n >= max(2, 0.6 * pages)}
    return [
        line
        for line in lines
        if line.table
        or not in_margin(line)
        or not (key(line) in running or _PAGE_NUMBER.match(line.text) or line.size < 0.85 * body)
    ]


def _marker(line: _Line) -> tuple[str, str] | None:
    """(marker, rest) of a list item's first line, or None."""
    text = line.text
    if line.bullet is not None:
        return "•", text
    if text[:1] and text[0] in _BULLETS and text[1:2] == " ":
        return text[0], text[2:].strip()
    found = _NUMBER.match(text)
    if found:
        return found.group(1), text[found.end() :].strip()
    return None


def _emit(lines: list[_Line], out: TreeBuilder) -> None:
    text_lines = [line for line in lines if not line.table]
    body = _body_size(lines)
    larger = sorted({line.size for line in text_lines if line.size > body * HEADING_RATIO}, reverse=True)
    levels = {size: min(n + 1, 6) for n, size in enumerate(larger)}
    bold_level = min(len(larger) + 1, 6) if larger else 3

    i = 0
    para: _Para | None = None  # the open paragraph, which may go on on the next page
    while i < len(lines):
        line = lines[i]
        if line.table:
            para = _close(para, out, bold_level)
            out.table(line.table, page=line.page)
            i += 1
            continue
        if line.size in levels:
            para = _close(para, out, bold_level)
            parts = [line]
            while (
                i + 1 < len(lines)
                and lines[i + 1].size == line.size
                and lines[i + 1].page == line.page
                and not lines[i + 1].table
                and lines[i + 1].top - parts[-1].bottom < 0.6 * parts[-1].height
            ):
                i += 1
                parts.append(lines[i])
            out.heading(levels[line.size], " ".join(p.text for p in parts), page=line.page)
            i += 1
            continue
        if _marker(line):
            para = _close(para, out, bold_level)
            i = _list(lines, i, out)
            continue
        if para is not None and _continues(para, line):
            para.lines.append(line)
            i += 1
            continue
        para = _close(para, out, bold_level)
        para = _Para([line])
        i += 1
    _close(para, out, bold_level)


def _continues(para: _Para, line: _Line) -> bool:
    """Whether a line goes on with the paragraph above it (not after a blank line)."""
    last = para.lines[-1]
    if line.bold != last.bold or abs(line.size - last.size) > 0.6:
        return False
    if line.page != last.page:  # a page break: the paragraph goes on if it had not ended
        return not last.text.rstrip().endswith((".", "!", "?", ":", '"', "”"))
    return line.top - last.bottom < 0.6 * last.height


def _close(para: _Para | None, out: TreeBuilder, bold_level: int) -> None:
    """Emit a finished paragraph; a short bold one standing alone is a heading."""
    if para is None or not para.lines:
        return None
    first = para.lines[0]
    if all(line.bold for line in para.lines):
        heading = bold_heading(para.text)
        if heading:
            out.heading(bold_level, heading, page=first.page)
            return None
    out.paragraph(para.text, page=first.page, lead=first.lead)
    return None


def _list(lines: list[_Line], i: int, out: TreeBuilder) -> int:
    """Read the list that starts at ``lines[i]``; return where it ends."""
    entries: list[tuple[float, bool, Item, _Line]] = []  # (marker x, ordered, item, last line)
    first = lines[i]
    while i < len(lines) and not lines[i].table:
        line = lines[i]
        found = _marker(line)
        previous = entries[-1][3] if entries else None
        if (
            previous is not None
            and line.page == previous.page
            and line.top - previous.bottom > 2.5 * previous.height
        ):
            break  # a wide gap: the list is over
        if found:
            mark, rest = found
            x = line.bullet if line.bullet is not None else line.x0
            entries.append((x, mark[0] not in _BULLETS, Item(rest), line))
        elif entries and line.x0 > entries[-1][0] + 0.005 and line.size == entries[-1][3].size:
            x, ordered, item, _ = entries[-1]
            item.text = _join(item.text, line.text)
            entries[-1] = (x, ordered, item, line)
        else:
            break
        i += 1
    out.list(
        nest([(x, o, item) for x, o, item, _ in entries], same=0.005), ordered=entries[0][1], page=first.page
    )
    return i
