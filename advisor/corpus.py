"""Reading the corpus: documents with front matter, split into passages and units.

A *document* is a Markdown or text file; its YAML front matter becomes metadata
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

import yaml

from .errors import CorpusError
from .markdown import Block, blocks, clean, plain_headings
from .settings import ROOT
from .text import split_sentences

SUFFIXES = (".md", ".markdown", ".txt")
MAX_DOCUMENT_BYTES = 2_000_000


@dataclass
class Document:
    source: str  # path relative to the repository when inside it
    text: str  # body without front matter
    meta: dict
    sha256: str

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or Path(self.source).stem)


@dataclass
class Passage:
    id: str
    text: str
    meta: dict  # source, title, publisher, url, section, kind, ...
    units: list[Unit] = field(default_factory=list)


@dataclass
class Unit:
    id: str
    text: str
    kind: str  # "sentence", "item" or "intro" (a sentence that opens a list)
    list_id: str  # passage-local list identifier, "" outside lists


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


_FRONT = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.S)


def read_document(path: Path) -> Document:
    """Load one file; raise CorpusError with a readable reason if it is broken."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{path}: cannot be read ({exc.strerror})") from None
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise CorpusError(f"{path}: larger than {MAX_DOCUMENT_BYTES:,} bytes")
    if b"\x00" in raw:
        raise CorpusError(f"{path}: looks like a binary file, not text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CorpusError(f"{path}: is not UTF-8 text") from None
    meta: dict = {}
    match = _FRONT.match(text)
    if match:
        try:
            meta = yaml.safe_load(match.group(1)) or {}
        except yaml.YAMLError as exc:
            reason = str(exc).splitlines()[0]
            raise CorpusError(f"{path}: front matter is not valid YAML ({reason})") from None
        if not isinstance(meta, dict):
            raise CorpusError(f"{path}: front matter must be a mapping of keys to values")
        text = text[match.end() :]
    elif text.startswith("---\n"):
        raise CorpusError(f"{path}: front matter is not closed by a '---' line")
    if not text.strip():
        raise CorpusError(f"{path}: has no text")
    meta = {k: v for k, v in meta.items() if v is not None}
    if path.suffix.lower() == ".txt":
        text = plain_headings(text)
    if "title" not in meta:
        heading = re.search(r"^#\s+(.+)$", text, re.M)
        meta["title"] = heading.group(1).strip() if heading else path.stem.replace("-", " ")
    return Document(
        source=source_name(path),
        text=text,
        meta=meta,
        sha256=hashlib.sha256(raw).hexdigest(),
    )


# --- splitting ---------------------------------------------------------------

_HEADING_LINE = re.compile(r"^(#{1,4})\s+(.+?)\s*$")


def ordered_list(list_id: str) -> bool:
    """Whether a unit's list was numbered in the source (steps keep their order)."""
    return list_id.startswith("S")


def block_units(passage_id: str, parts: list[Block]) -> list[Unit]:
    """Sentences, list intros and list items of a passage, in reading order."""
    units: list[Unit] = []
    for n, block in enumerate(parts, 1):
        list_id = f"{'S' if block.ordered else 'L'}{n}" if block.is_list else ""
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


def sections(text: str) -> list[tuple[str, str]]:
    """(section title, body) pairs: the title joins the h2..h4 headings above the body
    ("Education › Degrees"), or is the h1 when there is no other."""
    heads: dict[int, str] = {}
    found: list[tuple[str, str]] = []
    body: list[str] = []

    def title() -> str:
        deeper = [heads[level] for level in sorted(heads) if level > 1]
        return " › ".join(deeper) or heads.get(1, "")

    def flush() -> None:
        if "\n".join(body).strip():
            found.append((title(), "\n".join(body).strip()))
        body.clear()

    fenced = False
    for line in text.split("\n"):
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        match = None if fenced else _HEADING_LINE.match(line)
        if match:
            flush()
            level = len(match.group(1))
            heads = {k: v for k, v in heads.items() if k < level}
            heads[level] = match.group(2).strip("# ").strip()
        else:
            body.append(line)
    flush()
    return found


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
                    pieces.append(Block(intro, group, block.ordered))
                    intro, group = "", []
                group.append(item)
            pieces.append(Block(intro, group, block.ordered))
            continue
        if not block.is_list and len(block.intro) > chunk_size:
            sentences = split_sentences(block.intro)
            current: list[str] = []
            for sentence in sentences:
                if current and len(" ".join(current + [sentence])) > chunk_size:
                    pieces.append(Block(" ".join(current)))
                    keep: list[str] = []
                    for s in reversed(current):
                        if len(" ".join([s] + keep)) > chunk_overlap:
                            break
                        keep.insert(0, s)
                    current = keep
                current.append(sentence)
            if current:
                pieces.append(Block(" ".join(current)))
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
    """Clean the text, split it along headings, then pack whole blocks into passages."""
    base = {
        "source": doc.source,
        "title": doc.title,
        "publisher": str(doc.meta.get("publisher", "") or ""),
        "url": str(doc.meta.get("url", "") or ""),
        "kind": str(doc.meta.get("kind", "document")),
        "doc_sha256": doc.sha256,
    }
    passages: list[Passage] = []
    for title, body in sections(clean(doc.text)):
        for parts in _pack(blocks(body), chunk_size, chunk_overlap):
            pid = f"{doc.source}#{len(passages)}"
            text = "\n\n".join(b.render() for b in parts)
            passage = Passage(pid, text, dict(base, section=title, position=len(passages)))
            passage.units = block_units(pid, parts)
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
