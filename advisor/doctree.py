"""The one shape every guide is read into, whatever its format.

A Markdown file, a plain-text file, a PDF, a Word file and a saved web page all
become a :class:`DocTree`: a title, metadata, and a tree of sections, each with a
heading, a level and its blocks (paragraphs, lists with nested items, tables), a
block remembering the page it starts on when the format has pages. The readers
in :mod:`advisor.readers` only *emit* headings and blocks into a
:class:`TreeBuilder`; splitting into passages (``advisor.corpus``) only reads
the tree. So a new format needs a reader and nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

# Template placeholders a publishing system failed to fill: {{ year }}, {% if %},
# @currentYear@, ${name}, [[name]], %%name%%, and a template's note to whoever fills it in,
# a whole sentence in brackets ("[Salary range to be filled in by the employer.]"). They
# are debris in a title as much as in a sentence.
_PLACEHOLDER = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}|@[A-Za-z_][\w.]*@|\$\{[^}]*\}|\[\[[^\]]*\]\]|%%[A-Za-z_]\w*%%"
    r"|\[[A-Z][^\[\]]{10,}[.!]\]"
)
_SPACES = re.compile(r"[ \t\u00a0]+")
# What a removed placeholder leaves: a separator at an end ("Explained | {{ site.name }}"), the
# word that led to it before a lower-case word or a stop ("Rules in {{ state }} may differ", "At
# {{ site }}, we"; not in a title: "A Guide for {{ site }} Readers"),
# the label it filled ("Photo: {{ credit }}."), a bracket it opened ("({{ year }} Guide)"), and
# the punctuation left with nothing to separate ("differ; {{ link }}." or a sentence's leading ", we").
_DANGLING = re.compile(r"^[\s|·•:–—-]+|[\s|·•:–—(-]+$")
_LED_TO = re.compile(r"(?<!\S)(?i:at|for|in|of|from|since|to|by|on|via|as of)\s*\x00(?=\s*($|[^\w\s]|[a-z]))")
_LABEL = re.compile(r"\b[A-Z]\w*:\s*\x00")
_BRACKETED = re.compile(r"([(\[])\s*\x00\s*|\s*\x00\s*([)\]])")
_ORPHAN = re.compile(r"(^|[.!?]\s)\s*[,;:.]+\s*(\w?)|\s*[,;:]+\s*(?=[.!?]|$)|\s+(?=[,;:.!?)\]])")
_WORD = re.compile(r"[A-Za-z0-9]+")


def is_rule(line: str) -> bool:
    """A line drawn with one mark ("-----", "====="): plain text's way to frame or underline a heading."""
    return len(line.strip()) >= 5 and set(line.strip()) <= set("-=_~*")


def has_placeholder(text: str) -> bool:
    return bool(_PLACEHOLDER.search(text))


def placeholders_removed(text: str) -> str:
    return _PLACEHOLDER.sub("", text)


def clean_text(text: str) -> str:
    """One run of text without placeholders, zero-width marks and doubled spaces.

    Used on every heading, title, paragraph, item and table cell, whatever the
    format, so a title is as clean as the sentences under it.
    """
    text = text.replace("\ufeff", "").replace("\u200b", "").replace("\u00ad", "")
    filled = _PLACEHOLDER.sub("\x00", text)
    if filled != text:
        filled = _BRACKETED.sub(r"\1\2", _LED_TO.sub("", _LABEL.sub("\x00", filled)))
        filled = re.sub(r"\(\s*\)|\[\s*\]", "", _SPACES.sub(" ", filled.replace("\x00", "")))
        filled = _DANGLING.sub("", _ORPHAN.sub(lambda m: (m[1] or "") + (m[2] or "").upper(), filled))
    return _SPACES.sub(" ", filled).strip()


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


HEADING_WORDS = 10  # a bold line longer than this is emphasis, not a heading


def bold_heading(text: str) -> str | None:
    """The heading a bold line standing alone stands for ("**Work settings**"), or None.

    Every format has guides that mark headings by bold type instead of a heading
    style. A bold question heads its answer (an FAQ); a bold sentence is emphasis.
    """
    text = clean_text(text).rstrip(":").strip()
    if text.endswith("?") and word_count(text) <= 2 * HEADING_WORDS:
        return text
    if not text or word_count(text) > HEADING_WORDS or text[-1] in ".!?":
        return None
    return text


def only_debris(raw: str, cleaned: str) -> bool:
    """A line that said nothing but a placeholder ("Updated {{ year }}", "© @currentYear@")."""
    return has_placeholder(raw) and word_count(cleaned) < 4


def nest(entries: list[tuple[float, bool, Item]], same: float = 0.0) -> list[Item]:
    """List items with their indents (a depth, or a position on the page) as a tree.

    An item is a child of the last item indented less than it by more than ``same``;
    its ``ordered`` flag says whether the parent's children are numbered. Word files
    give depths and PDFs give positions, and both nest the same way.
    """
    top: list[Item] = []
    stack: list[tuple[float, Item]] = []
    for indent, ordered, item in entries:
        while stack and stack[-1][0] >= indent - same:
            stack.pop()
        if stack:
            stack[-1][1].children.append(item)
            stack[-1][1].ordered_children = ordered
        else:
            top.append(item)
        stack.append((indent, item))
    return top


# --- the tree --------------------------------------------------------------------


@dataclass
class Paragraph:
    text: str
    page: int | None = None
    lead: str = ""  # a short bold run that opens it ("**Per mile.** Drivers ..."): a run-in heading


@dataclass
class Item:
    """A list item; ``children`` are the items of a list nested under it."""

    text: str
    children: list[Item] = field(default_factory=list)
    ordered_children: bool = False

    def flat(self) -> str:
        """The item with its nested items, as one entry: "Parent: child; child"."""
        if not self.children:
            return self.text
        inner = "; ".join(c.flat() for c in self.children if c.flat())
        if not self.text:
            return inner
        joiner = " " if self.text.endswith(":") else ": "
        return f"{self.text}{joiner}{inner}"


@dataclass
class ListBlock:
    items: list[Item]
    ordered: bool = False
    page: int | None = None
    glossary: bool = False  # a run of "Term — text" lines: separate definitions, not one list's parts


@dataclass
class Table:
    """A table; its first row is the header when it has more than one row."""

    rows: list[list[str]]
    page: int | None = None

    def items(self) -> list[str]:
        """Rows as readable entries: the first cell, then "header: value" pairs."""
        rows = [row for row in self.rows if any(row)]
        if len(rows) < 2:
            return [" — ".join(c for c in row if c) for row in rows]
        header, body = rows[0], rows[1:]
        out = []
        for row in body:
            first = row[0] if row else ""
            pairs = [
                f"{header[i]}: {value}" if i < len(header) and header[i] else value
                for i, value in enumerate(row[1:], 1)
                if value
            ]
            out.append(f"{first} — {'; '.join(pairs)}" if first and pairs else first or "; ".join(pairs))
        return [r for r in out if r]


def row_cells(entry: str) -> dict[str, str]:
    """A table row read back from its entry ("Oregon — Median annual wage: $97,320"): its
    values by column header, the first cell under ""; empty for an entry that is no row."""
    first, dash, rest = entry.partition(" — ")
    cells: dict[str, str] = {}
    for piece in rest.split("; ") if dash else []:
        header, sep, value = piece.partition(": ")
        if sep:
            cells[header] = value
        elif cells:  # a value with a semicolon of its own
            cells[list(cells)[-1]] += f"; {piece}"
    return {"": first} | cells if cells else {}


BlockNode = Paragraph | ListBlock | Table


@dataclass
class Section:
    heading: str
    level: int  # 0: the part before the first heading
    blocks: list[BlockNode] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    page: int | None = None


@dataclass
class DocTree:
    """A document read from any format: its metadata and its sections."""

    meta: dict
    root: Section

    def walk(self) -> Iterator[tuple[list[Section], Section]]:
        """Every section with the sections above it, in reading order."""

        def visit(section: Section, above: list[Section]) -> Iterator[tuple[list[Section], Section]]:
            yield above, section
            for child in section.children:
                yield from visit(child, [*above, section] if section.level else above)

        yield from visit(self.root, [])

    def first_heading(self, level: int = 1) -> str:
        return next((s.heading for _, s in self.walk() if s.level == level and s.heading), "")

    def has_text(self) -> bool:
        return any(s.blocks for _, s in self.walk())


class TreeBuilder:
    """Collects what a reader finds, in reading order, into a :class:`DocTree`.

    A heading closes the sections at its level or deeper and opens a new one.
    Empty text is ignored, and every text passes :func:`clean_text`.
    """

    def __init__(self, meta: dict | None = None):
        self.meta = dict(meta or {})
        self.root = Section("", 0)
        self._open: list[Section] = [self.root]

    @property
    def current(self) -> Section:
        return self._open[-1]

    def heading(self, level: int, text: str, page: int | None = None) -> None:
        text = clean_text(text).rstrip(":").strip()
        if not text:
            return
        while len(self._open) > 1 and self._open[-1].level >= level:
            self._open.pop()
        section = Section(text, level, page=page)
        self._open[-1].children.append(section)
        self._open.append(section)

    def paragraph(self, text: str, page: int | None = None, lead: str = "") -> None:
        """A paragraph; ``lead`` is the bold run that opens it, if any, as the reader found it."""
        text, lead = clean_text(text), clean_text(lead).rstrip(".:").strip()
        if word_count(lead) > HEADING_WORDS or word_count(lead) >= word_count(text):
            lead = ""  # a bold sentence, or a bold paragraph: emphasis
        if text:
            self.current.blocks.append(Paragraph(text, page, lead))

    def list(self, items: list[Item], ordered: bool = False, page: int | None = None, glossary=False) -> None:
        items = [i for i in (_clean_item(i) for i in items) if i is not None]
        if items:
            self.current.blocks.append(ListBlock(items, ordered, page, glossary))

    def table(self, rows: list[list[str]], page: int | None = None) -> None:
        rows = [[clean_text(c) for c in row] for row in rows]
        rows = [row for row in rows if any(row)]
        if rows:
            self.current.blocks.append(Table(rows, page))

    def build(self) -> DocTree:
        for _, section in list(DocTree(self.meta, self.root).walk()):
            _run_in_sections(section)
        return DocTree(self.meta, self.root)


def _run_in_sections(section: Section) -> None:
    """Paragraphs that each open with a bold run-in heading ("**Per mile.** Long-distance drivers
    ...") are the sub-sections those headings name: two or more of them in a row, and no other
    bold-led paragraph in the section (bold there is emphasis, not structure)."""
    led = [i for i, block in enumerate(section.blocks) if isinstance(block, Paragraph) and block.lead]
    if len(led) < 2 or led[-1] - led[0] != len(led) - 1:
        return
    parts = []
    for i in led:
        block = section.blocks[i]
        # a heading with its own stop is no part of the sentence after it ("Per mile. Drivers are ..."),
        # unless the sentence goes on from it ("Production welders: repeat one weld ...")
        text = re.sub(rf"^{re.escape(block.lead)}\s*[.:]\s+(?=[^a-z])", "", block.text)
        parts.append(Section(block.lead, section.level + 1, [Paragraph(text, block.page)], page=block.page))
    section.blocks[led[0] : led[-1] + 1] = []
    section.children[:0] = parts


def _clean_item(item: Item) -> Item | None:
    text = clean_text(item.text)
    children = [c for c in (_clean_item(c) for c in item.children) if c is not None]
    if not text and not children:
        return None
    if only_debris(item.text, text) and not children:
        return None
    return Item(text, children, item.ordered_children)
