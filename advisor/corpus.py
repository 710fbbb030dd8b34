"""Reading the corpus: documents with front matter, split into passages and units.

A *document* is a Markdown or text file; its YAML front matter becomes metadata
(title, publisher, url, dates, and for certifications their status and aliases).
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
from .settings import ROOT

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

_ABBREVIATIONS = ("vs.", "e.g.", "i.e.", "etc.", "U.S.", "Dr.", "Mr.", "Ms.", "No.", "approx.")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“(\[]?[A-Z0-9$])")
_LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+(.*)$")


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of a paragraph; cautious about abbreviations such as 'vs.'."""
    parts: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(paragraph):
        candidate = paragraph[start : m.start() + 1].strip()
        if candidate.endswith(_ABBREVIATIONS):
            continue
        parts.append(paragraph[start : m.end()].strip())
        start = m.end()
    parts.append(paragraph[start:].strip())
    return [p for p in parts if p]


def split_units(passage_id: str, text: str) -> list[Unit]:
    """Sentences and list items of a passage, in reading order."""
    units: list[Unit] = []
    prose: list[str] = []
    list_no = 0
    in_list = False

    def add(text: str, kind: str, list_id: str = "") -> None:
        units.append(Unit(f"{passage_id}:{len(units)}", text, kind, list_id))

    def flush() -> None:
        for sentence in split_sentences(" ".join(prose)):
            add(sentence, "sentence")
        prose.clear()

    for line in text.splitlines():
        item = _LIST_ITEM.match(line)
        if item:
            flush()
            if not in_list:
                list_no += 1
            in_list = True
            add(item.group(1).strip(), "item", f"L{list_no}")
        elif line.strip():
            prose.append(line.strip())
            in_list = False
        else:
            flush()
    flush()
    # A sentence ending with ':' introduces the list that follows it.
    for unit, nxt in zip(units, units[1:]):
        if unit.kind == "sentence" and unit.text.endswith(":") and nxt.kind == "item":
            unit.kind, unit.list_id = "intro", nxt.list_id
    return units


def split_document(doc: Document, chunk_size: int, chunk_overlap: int) -> list[Passage]:
    """Split along Markdown headings, then by size; keep the section title."""
    from langchain_text_splitters import (
        MarkdownHeaderTextSplitter,
        RecursiveCharacterTextSplitter,
    )

    by_heading = MarkdownHeaderTextSplitter(
        headers_to_split_on=[("#", "h1"), ("##", "h2"), ("###", "h3")],
        strip_headers=True,
    )
    by_size = RecursiveCharacterTextSplitter(
        chunk_size=chunk_size,
        chunk_overlap=chunk_overlap,
        separators=["\n\n", "\n- ", "\n", ". ", " "],
        keep_separator="start",
    )
    base = {
        "source": doc.source,
        "title": doc.title,
        "publisher": str(doc.meta.get("publisher", "")),
        "url": str(doc.meta.get("url", "")),
        "kind": str(doc.meta.get("kind", "document")),
        "doc_sha256": doc.sha256,
    }
    passages: list[Passage] = []
    for section in by_heading.split_text(doc.text):
        heads = [section.metadata[h] for h in ("h2", "h3") if h in section.metadata]
        title = " › ".join(heads) or section.metadata.get("h1", "")
        for piece in by_size.split_text(section.page_content):
            piece = piece.strip()
            if not piece:
                continue
            pid = f"{doc.source}#{len(passages)}"
            meta = dict(base, section=title, position=len(passages))
            passage = Passage(pid, piece, meta)
            passage.units = split_units(pid, piece)
            passages.append(passage)
    return passages


def embedding_text(passage: Passage) -> str:
    """What we embed for a passage: its document and section give it context."""
    section = passage.meta.get("section") or ""
    return f"{passage.meta['title']}. {section}.\n{passage.text}"


def unit_embedding_text(passage: Passage, unit: Unit) -> str:
    """What we embed for a unit.

    A sentence or list item is read in its section ("Workplace skills: Planning
    and organization"). A certification sheet is about one thing, so its title
    comes first too ("AWS Certified Solutions Architect – Professional › Exam
    format: The SAP-C02 exam lasts 180 minutes"); an article's title is left out,
    since "What Is an AI Architect?" would make every sentence look like an answer
    to that question. A list's intro stands for the whole list, so it is embedded
    together with its items.
    """
    title, section = passage.meta["title"], passage.meta.get("section") or ""
    context = f"{section}: " if section and section != title else ""
    if context and passage.meta.get("kind") == "certification":
        context = f"{title} › {context}"
    if unit.kind == "intro":
        items = [u.text for u in passage.units if u.kind == "item" and u.list_id == unit.list_id]
        return f"{context}{unit.text} {'; '.join(items)}"
    return f"{context}{unit.text}"
