"""Reading the corpus: documents with their metadata, split into passages and units.

A *document* is a guide file in any format :mod:`advisor.readers` reads
(Markdown, text, PDF, Word, a saved web page); it is read into the document tree
of :mod:`advisor.doctree`, its front matter or file properties becoming metadata
(title, publisher, url, dates; a document may also state its status and aliases).
A *passage* (chunk) is what retrieval returns and what a citation quotes.
A *unit* is a sentence or list item inside a passage: the offline answerer
builds its reply out of units, so each claim is a verbatim piece of a passage.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .doctree import DocTree, ListBlock, Paragraph, Table, clean_text, has_placeholder
from .errors import CorpusError
from .readers import SUFFIXES, Limits, read_tree
from .settings import ROOT
from .text import split_sentences

__all__ = ["SUFFIXES", "CorpusError", "Document", "Passage", "Unit", "read_document", "split_document"]


@dataclass
class Document:
    source: str  # path relative to the repository when inside it
    tree: DocTree
    meta: dict
    sha256: str
    path: Path | None = None

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or Path(self.source).stem)


@dataclass
class Passage:
    id: str
    text: str
    meta: dict  # source, title, publisher, url, section, kind, level, page, ...
    units: list[Unit] = field(default_factory=list)


@dataclass
class Unit:
    id: str
    text: str
    kind: str  # "sentence", "item" or "intro" (a sentence that opens a list)
    list_id: str  # passage-local list identifier, "" outside lists


@dataclass
class Block:
    """A paragraph, or a list with the sentence that introduces it.

    ``items`` is empty for a paragraph. A table is read as a list whose items
    are its rows ("LPN — Education: diploma; Exam: NCLEX-PN"); a nested list
    stays inside its parent item. ``page`` is where the block starts, when the
    format has pages.
    """

    intro: str = ""  # paragraph text, or the sentence before a list
    items: list[str] = field(default_factory=list)
    ordered: bool = False
    page: int | None = None
    glossary: bool = False  # a glossary's entries (``ListBlock.glossary``)

    @property
    def is_list(self) -> bool:
        return bool(self.items)

    def render(self) -> str:
        lines = [self.intro] if self.intro else []
        for n, item in enumerate(self.items, 1):
            lines.append(f"{n}. {item}" if self.ordered else f"- {item}")
        return "\n".join(lines)


def source_name(path: Path) -> str:
    path = path.resolve()
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def find_files(paths: list[Path]) -> list[Path]:
    """Every document file under the given files or folders, sorted."""
    found: set[Path] = set()
    for p in paths:
        if p.is_dir():
            found.update(
                f
                for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in SUFFIXES and f.name.lower() != "readme.md"
            )
        elif p.is_file():
            found.add(p)
        else:
            raise CorpusError(f"{p}: no such file or folder")
    return sorted(found)


def document_id(source: str) -> str:
    """A short, stable name for an indexed document, for links to its original file."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]


def source_path(source: str) -> Path:
    """The file an indexed document's source name stands for."""
    path = Path(source)
    return path if path.is_absolute() else ROOT / path


def file_sha256(path: Path) -> str:
    """The content hash that tells whether a document changed (read before parsing it)."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:
        raise CorpusError(f"{path}: cannot be read ({exc.strerror})") from None
    return digest.hexdigest()


def read_document(path: Path, limits: Limits | None = None) -> Document:
    """Load one file; raise CorpusError with a readable reason if it is broken."""
    limits = limits or Limits()
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise CorpusError(f"{path}: larger than the {limits.max_bytes:,}-byte limit ({size:,} bytes)")
        raw = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{path}: cannot be read ({exc.strerror})") from None
    tree = read_tree(path, raw, limits)
    meta = {k: v for k, v in tree.meta.items() if v is not None and v != ""}
    title = clean_text(str(meta.get("title") or "")) or tree.first_heading(1)
    meta["title"] = title or path.stem.replace("-", " ").replace("_", " ")
    return Document(
        source=source_name(path),
        tree=tree,
        meta=meta,
        sha256=hashlib.sha256(raw).hexdigest(),
        path=path,
    )


# --- splitting ---------------------------------------------------------------


def ordered_list(list_id: str) -> bool:
    """Whether a unit's list was numbered in the source (steps keep their order)."""
    return list_id.startswith("S")


def glossary_list(list_id: str) -> bool:
    """Whether a unit's list is a glossary's run of entries, each defining its own term."""
    return list_id.startswith("G")


def block_units(passage_id: str, parts: list[Block]) -> list[Unit]:
    """Sentences, list intros and list items of a passage, in reading order."""
    units: list[Unit] = []
    for n, block in enumerate(parts, 1):
        list_id = f"{'S' if block.ordered else 'G' if block.glossary else 'L'}{n}" if block.is_list else ""
        if block.is_list:
            if block.intro:
                units.append(Unit(f"{passage_id}:{len(units)}", block.intro, "intro", list_id))
            for item in block.items:
                units.append(Unit(f"{passage_id}:{len(units)}", item, "item", list_id))
        else:
            for sentence in _whole_sentences(block.intro):
                units.append(Unit(f"{passage_id}:{len(units)}", sentence, "sentence", ""))
    return units


def _whole_sentences(paragraph: str) -> list[str]:
    """Sentences, with a curt one ("No.", "Yes, often.") joined to the sentence it opens.

    A bare "No." says nothing on its own; with its reason it is an answer.
    """
    merged: list[str] = []
    carry = ""
    for sentence in split_sentences(paragraph):
        if len(sentence.split()) <= 2:
            carry = f"{carry} {sentence}".strip()
            continue
        merged.append(f"{carry} {sentence}".strip())
        carry = ""
    if carry:
        if merged:
            merged[-1] = f"{merged[-1]} {carry}"
        else:
            merged.append(carry)
    return merged


def sections(tree: DocTree) -> list[tuple[str, int, list[Block]]]:
    """(section title, level, blocks) of each section that has text, in reading order.

    The title joins the h2.. headings above the blocks ("Education › Degrees"),
    or is the h1 when there is no other. A list joins the paragraph just before
    it when that paragraph introduces it (ends with ':').
    """
    found: list[tuple[str, int, list[Block]]] = []
    for above, section in tree.walk():
        if not section.blocks:
            continue
        heads = [s for s in [*above, section] if s.level]
        deeper = [s.heading for s in heads if s.level > 1]
        title = " › ".join(deeper) or next((s.heading for s in heads if s.level == 1), "")
        parts: list[Block] = []
        for node in section.blocks:
            if isinstance(node, Paragraph):
                parts.append(Block(intro=node.text, page=node.page))
            elif isinstance(node, ListBlock):
                _attach(
                    parts, Block("", [i.flat() for i in node.items], node.ordered, node.page, node.glossary)
                )
            elif isinstance(node, Table):
                _attach(parts, Block(items=node.items(), page=node.page))
        found.append((title, section.level, [b for b in parts if b.intro or b.items]))
    return found


def _attach(found: list[Block], block: Block) -> None:
    """A list joins the paragraph just before it when that paragraph introduces it.

    The introducing sentence is the paragraph's last one when it ends with ':';
    the rest of the paragraph stays a paragraph of its own.
    """
    if not block.items:
        return
    previous = found[-1] if found else None
    if previous and not previous.items and previous.intro.rstrip().endswith(":"):
        sentences = split_sentences(previous.intro)
        lead, intro = sentences[:-1], sentences[-1]
        if lead:
            previous.intro = " ".join(lead)
        else:
            found.pop()
        block.intro = intro
        block.page = previous.page if previous.page is not None else block.page
    found.append(block)


def _pack(parts: list[Block], chunk_size: int, chunk_overlap: int) -> list[list[Block]]:
    """Group blocks into passages of about ``chunk_size`` characters.

    A list stays whole (up to four passages' worth), so a question about "the
    steps" finds all of them in one citable passage; a long paragraph is cut
    between sentences, the next piece repeating up to ``chunk_overlap``
    characters of whole sentences for context.
    """
    pieces: list[Block] = []
    for block in parts:
        if block.is_list and len(block.render()) > 4 * chunk_size:
            intro, group = block.intro, []
            for item in block.items:
                if group and len("\n".join(group + [item])) > 2 * chunk_size:
                    pieces.append(Block(intro, group, block.ordered, block.page, block.glossary))
                    intro, group = "", []
                group.append(item)
            pieces.append(Block(intro, group, block.ordered, block.page, block.glossary))
            continue
        if not block.is_list and len(block.intro) > chunk_size:
            sentences = split_sentences(block.intro)
            current: list[str] = []
            for sentence in sentences:
                if current and len(" ".join(current + [sentence])) > chunk_size:
                    pieces.append(Block(" ".join(current), page=block.page))
                    keep: list[str] = []
                    for s in reversed(current):
                        if len(" ".join([s] + keep)) > chunk_overlap:
                            break
                        keep.insert(0, s)
                    current = keep
                current.append(sentence)
            if current:
                pieces.append(Block(" ".join(current), page=block.page))
            continue
        pieces.append(block)
    passages: list[list[Block]] = []
    size = 0
    for block in pieces:
        length = len(block.render())
        if passages and size + length <= chunk_size:
            passages[-1].append(block)
            size += length + 2
        else:
            passages.append([block])
            size = length
    return passages


def split_document(doc: Document, chunk_size: int, chunk_overlap: int) -> list[Passage]:
    """Split the document's tree along its headings, then pack whole blocks into passages.

    Each passage records its section, the section's heading level and, for a
    format with pages, the page its first block starts on.
    """
    base = {
        "source": doc.source,
        "title": doc.title,
        "publisher": clean_text(str(doc.meta.get("publisher", "") or "")),
        "url": "" if has_placeholder(url := str(doc.meta.get("url", "") or "")) else url,
        "kind": str(doc.meta.get("kind", "document")),
        "doc_sha256": doc.sha256,
    }
    passages: list[Passage] = []
    for title, level, parts in sections(doc.tree):
        for group in _pack(parts, chunk_size, chunk_overlap):
            pid = f"{doc.source}#{len(passages)}"
            text = "\n\n".join(b.render() for b in group)
            meta = dict(base, section=title, level=level, position=len(passages))
            page = next((b.page for b in group if b.page is not None), None)
            if page is not None:
                meta["page"] = page  # Chroma keeps no None: a passage without pages has no key
            passage = Passage(pid, text, meta)
            passage.units = block_units(pid, group)
            passages.append(passage)
    return passages


def embedding_text(passage: Passage) -> str:
    """What we embed for a passage: its document and section give it context."""
    section = passage.meta.get("section") or ""
    return f"{passage.meta['title']}. {section}.\n{passage.text}"


def titled(meta: dict) -> bool:
    """Whether a document's title names what each of its sentences is about.

    A title that names a thing (an exam, a licence, a role) says what each
    sentence is about; a headline ("What Is X? Meaning, Duties + How to Become
    One", "How to ...") would make every sentence look like an answer to it.
    """
    title = str(meta.get("title", "")).strip()
    if str(meta.get("kind", "")).lower() in _ARTICLE_KINDS or not title or len(title.split()) > 12:
        return False
    return "?" not in title and not _HEADLINE.match(title)


_ARTICLE_KINDS = {"article", "essay", "post", "blog", "news", "guide", "faq"}
# Titles that announce an article rather than name a thing: "How to ...", "What is ...", "10 ways ...".
_HEADLINE = re.compile(
    r"^(how|what|why|when|where|who|which|is|are|can|should|do|does|your|our|the \d+|\d+|top|best|a guide|"
    r"guide|everything|understanding|becoming|getting|introduction|an introduction)\b",
    re.I,
)


def unit_embedding_text(passage: Passage, unit: Unit) -> str:
    """What we embed for a unit.

    A sentence or list item is read in its section ("Workplace skills: Planning
    and organization"). A document titled with the one thing it is about lends
    its title too ("<exam name> › Exam format: The exam lasts 180 minutes"). A
    list's intro stands for the whole list, so it is embedded with its items.
    """
    title, section = passage.meta["title"], passage.meta.get("section") or ""
    context = f"{section}: " if section and section != title else ""
    if context and titled(passage.meta):
        context = f"{title} › {context}"
    if unit.kind == "intro":
        items = [u.text for u in passage.units if u.kind == "item" and u.list_id == unit.list_id]
        return f"{context}{unit.text} {'; '.join(items)}"
    return f"{context}{unit.text}"
