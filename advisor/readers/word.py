"""A Word file (.docx) into the document tree, with python-docx.

Headings come from the paragraph styles (Title, Heading 1..9), lists from the
numbering a paragraph or its style carries (bullets or numbers, and how deep),
tables row by row, and the title and author from the file's core properties.
A bold paragraph standing alone is a heading, as in the other formats, and the
bold runs that open a paragraph ("Per mile. Long-distance drivers ...") are its
run-in heading.

A .docx is a zip archive: before anything is inflated, the sizes its directory
declares are added up and a file that would inflate past the limit is refused
(a zip bomb never reaches the parser).
"""

from __future__ import annotations

import io
import re
import zipfile

from ..doctree import DocTree, Item, TreeBuilder, bold_heading, nest
from ..errors import CorpusError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.I)
_METADATA_STYLES = {"author", "date"}


def check_zip(raw: bytes, name: str, max_inflated: int) -> None:
    """Refuse a broken archive or one that inflates past ``max_inflated`` bytes."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError):
        raise CorpusError(f"{name}: is not a readable Word file (the archive is damaged)") from None
    inflated = sum(m.file_size for m in members)
    if inflated > max_inflated:
        raise CorpusError(
            f"{name}: would inflate to {inflated / 1e6:,.0f} MB, above the "
            f"{max_inflated / 1e6:,.0f} MB limit (a zip bomb?)"
        )
    if "word/document.xml" not in {m.filename for m in members}:
        raise CorpusError(f"{name}: is not a Word document (no word/document.xml inside)")


def read_docx(raw: bytes, name: str, limits, deadline) -> DocTree:
    check_zip(raw, name, limits.max_inflated_bytes)
    import docx
    from docx.table import Table as DocxTable

    try:
        document = docx.Document(io.BytesIO(raw))
    except CorpusError:
        raise
    except Exception as exc:  # python-docx and lxml raise many kinds on a damaged file
        deadline.check()
        raise CorpusError(f"{name}: is not a readable Word file ({type(exc).__name__})") from None
    props = document.core_properties
    meta = {"title": props.title or "", "author": props.author or ""}
    if props.created:
        meta["date"] = props.created.date().isoformat()
    builder = TreeBuilder({k: v for k, v in meta.items() if v})
    numbering = _Numbering(document)
    pending: list[tuple[int, bool, str]] = []  # list paragraphs: (depth, ordered, text)

    def flush() -> None:
        if pending:
            builder.list(nest([(d, o, Item(text)) for d, o, text in pending]), ordered=pending[0][1])
            pending.clear()

    for n, block in enumerate(document.iter_inner_content()):
        if n % 200 == 0:
            deadline.check()
        if isinstance(block, DocxTable):
            flush()
            builder.table([_row_cells(row) for row in block.rows])
            continue
        text = block.text.strip()
        if not text:
            continue
        style = block.style.name if block.style is not None else ""
        if style.lower() in _METADATA_STYLES:
            continue  # the author and date lines under a title: the core properties hold them
        level = _heading_level(style)
        if level:
            flush()
            builder.heading(level, text)
            continue
        listed = numbering.of(block)
        if listed is not None:
            pending.append((listed[0], listed[1], text))
            continue
        flush()
        heading = _bold_heading(block)
        if heading:
            builder.heading(3, heading)
        else:
            builder.paragraph(text, lead=_run_in(block))
    flush()
    return builder.build()


def _heading_level(style: str) -> int:
    if style.lower() == "title":
        return 1
    found = _HEADING_STYLE.match(style.strip())
    return int(found.group(1)) if found else 0


def _bold(run) -> bool:
    """Bold by the run's own formatting, or else by its character style ("Strong") or the styles
    that style is based on; a hyperlink (no formatting of its own) is not."""
    if getattr(run, "bold", None) is not None:
        return bool(run.bold)
    style = getattr(run, "style", None)
    while style is not None and style.font.bold is None:
        style = style.base_style
    return bool(style is not None and style.font.bold)


def _bold_heading(paragraph) -> str | None:
    runs = [r for r in paragraph.runs if r.text.strip()]
    if not runs or not all(map(_bold, runs)):
        return None
    return bold_heading(paragraph.text)


def _run_in(paragraph) -> str:
    """The text of the bold runs that open a paragraph followed by more of it, or ""."""
    lead = ""
    for part in paragraph.iter_inner_content():  # its runs and hyperlinks, in order
        if not (_bold(part) or not part.text.strip()):
            return lead if lead.strip() else ""
        lead += part.text
    return ""  # all bold: a heading or emphasis


def _row_cells(row) -> list[str]:
    cells, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) in seen:  # a merged cell is returned once per grid column
            continue
        seen.add(id(cell._tc))
        cells.append(" ".join(cell.text.split()))
    return cells


class _Numbering:
    """Whether a paragraph is a list item: (depth, ordered), or None.

    Word keeps list numbering apart from the text: a paragraph (or its style)
    names a numbering instance and a level; the instance's abstract definition
    says whether that level shows bullets or numbers.
    """

    def __init__(self, document):
        self.formats: dict[tuple[str, int], str] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for node in root.findall(f"{_W}abstractNum"):
            levels = {}
            for lvl in node.findall(f"{_W}lvl"):
                fmt = lvl.find(f"{_W}numFmt")
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = fmt.get(f"{_W}val") if fmt is not None else "bullet"
            abstract[node.get(f"{_W}abstractNumId")] = levels
        for num in root.findall(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            levels = abstract.get(ref.get(f"{_W}val") if ref is not None else None, {})
            for ilvl, fmt in levels.items():
                self.formats[(num.get(f"{_W}numId"), ilvl)] = fmt

    def of(self, paragraph) -> tuple[int, bool] | None:
        num_id, ilvl = self._numbering(paragraph._p.pPr)
        style = paragraph.style
        while num_id is None and style is not None:  # "List Bullet" carries it in the style
            num_id, style_lvl = self._numbering(style.element.pPr)
            ilvl = ilvl if ilvl is not None else style_lvl
            style = style.base_style
        name = paragraph.style.name.lower() if paragraph.style is not None else ""
        # "List Bullet 2" is the second level, whatever numbering its style names
        by_name = int(name[-1]) - 1 if name.startswith("list") and name[-1:].isdigit() else 0
        if num_id is None or num_id == "0":
            if name.startswith(("list bullet", "list number")):  # a list style without numbering
                return by_name, name.startswith("list number")
            return None
        fmt = self.formats.get((num_id, ilvl or 0), "bullet")
        return max(ilvl or 0, by_name), fmt not in ("bullet", "none")

    @staticmethod
    def _numbering(ppr) -> tuple[str | None, int | None]:
        if ppr is None:
            return None, None
        num_pr = ppr.find(f"{_W}numPr")
        if num_pr is None:
            return None, None
        num_id = num_pr.find(f"{_W}numId")
        ilvl = num_pr.find(f"{_W}ilvl")
        return (
            num_id.get(f"{_W}val") if num_id is not None else None,
            int(ilvl.get(f"{_W}val")) if ilvl is not None else None,
        )
