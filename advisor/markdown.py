"""Turning a Markdown or text guide into clean blocks: paragraphs, lists and tables.

Career guides arrive in every shape: exported web pages with image links, HTML
comments and template placeholders left in, bold lines standing in for headings,
tables comparing roles. Answers quote the corpus verbatim, so whatever debris
survives here ends up in front of a student. This module removes the debris and
keeps the structure that answers need whole: a list (or a table, read as a list
of rows) is one block, never cut in two, and it stays with the sentence that
introduces it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import split_sentences

# --- debris ------------------------------------------------------------------

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]")
_HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.I)
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$", re.M)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
# Template placeholders a publishing system failed to fill: {{ year }}, {% if %},
# @currentYear@, ${name}, [[name]], %%name%%.
_PLACEHOLDER = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}|@[A-Za-z_][\w.]*@|\$\{[^}]*\}|\[\[[^\]]*\]\]|%%[A-Za-z_]\w*%%"
)
_BOLD_LINE = re.compile(r"^\s*(\*\*|__)(?P<text>[^*_\n].*?)\1\s*:?\s*$")
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
_LIST_ITEM = re.compile(r"^(?P<indent>\s*)(?P<mark>[-*+•]|\d{1,3}[.)])\s+(?P<text>.*)$")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_FAQ_QUESTION = re.compile(r"^\s*(?:Q|Question)\s*[:.)]\s*(?P<text>\S.*\?)\s*$", re.I)
_FAQ_ANSWER = re.compile(r"^\s*(?:A|Answer)\s*[:.)]\s*(?P<text>\S.*)$", re.I)
# "**H** — Hazardous materials ..." or "**Tank vehicle:** ...": a term in bold, then its definition
_TERM_LINE = re.compile(
    r"^\s*(\*\*|__)[^*_\n]{1,60}?\1\s*[:–—-]\s*\S"  # **Term** — definition, **Term**: definition
    r"|^\s*(\*\*|__)[^*_\n]{1,60}?:\2\s*\S"  # **Term:** definition
)
HEADING_WORDS = 10  # a bold line longer than this is emphasis, not a heading


def _inline(text: str) -> str:
    """One line without links, images, tags, placeholders or emphasis marks."""
    text = _IMAGE.sub("", text)
    text = _HTML_IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = _PLACEHOLDER.sub("", text)
    text = _EMPHASIS.sub(lambda m: m.group(2) or m.group(3), text)
    text = text.replace("`", "")
    return re.sub(r"[ \t]{2,}", " ", text).strip()


def _pseudo_heading(line: str) -> str | None:
    """The text of a bold line that stands in for a heading ("**Work settings**")."""
    match = _BOLD_LINE.match(line)
    if not match:
        return None
    text = _inline(match.group("text")).rstrip(":").strip()
    if text.endswith("?") and len(text.split()) <= 2 * HEADING_WORDS:
        return text  # an FAQ's question heads its answer
    if not text or len(text.split()) > HEADING_WORDS or text[-1] in ".!?":
        return None  # an emphasised sentence, not a heading
    return text


def plain_headings(text: str) -> str:
    """Plain text with its headings marked as Markdown headings.

    A plain-text guide shows a heading as a line standing alone between blank lines,
    short and not ending like a sentence ("Ways to pay for training"); its first such
    line is the title. Text that already has Markdown headings is left as it is.
    """
    if re.search(r"^#{1,6}\s", text, re.M):
        return text
    paragraphs = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").strip())
    marked = []
    for n, para in enumerate(paragraphs):
        line = para.strip()
        heading = (
            "\n" not in line
            and 0 < len(_words(line)) <= 2 * HEADING_WORDS
            and line[-1] not in ".,;:!"
            and not _LIST_ITEM.match(line)
            and not _TABLE_ROW.match(line)
        )
        marked.append(f"{'#' if n == 0 else '##'} {line}" if heading else para)
    return "\n\n".join(marked) + "\n"


def clean(text: str) -> str:
    """Markdown with the debris removed and bold pseudo-headings made real headings.

    An FAQ's questions become headings too, whether bold ("**Can I ...?**") or
    labelled ("Q: Can I ...?" followed by "A: ..."), so each answer is tied to its
    question and the labels never reach a sentence.
    """
    text = _COMMENT.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _term_lists(_LINK_DEFINITION.sub("", text))
    lines: list[str] = []
    asked = False  # the line before (blanks aside) was an FAQ's "Q: ...?"
    for raw in text.split("\n"):
        question = _FAQ_QUESTION.match(raw)
        answer = _FAQ_ANSWER.match(raw) if asked else None
        asked = bool(question) or (asked and not raw.strip())
        if answer:
            raw = answer.group("text")  # "A: Yes. ..." is the answer "Yes. ..."
        heading = _inline(question.group("text")) if question else _pseudo_heading(raw)
        if heading:
            lines.append(f"### {heading}")
            continue
        if _RULE.match(raw):
            lines.append("")
            continue
        had_placeholder = bool(_PLACEHOLDER.search(raw))
        line = raw if _TABLE_ROW.match(raw) or _TABLE_RULE.match(raw) else _inline_keep_marks(raw)
        if had_placeholder and len(_words(line)) < 4:
            continue  # "Updated {{ year }}", "© @currentYear@": nothing left to say
        if not line.strip() and raw.strip():
            continue  # a line that was only an image or a comment
        lines.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def _term_lists(text: str) -> str:
    """Runs of two or more "**Term** — definition" lines made a list, one item a term.

    Written without list marks they would be read as one paragraph, and a sentence
    such as "Requires a knowledge test" would lose the term it is about.
    """
    lines = text.split("\n")
    terms = [bool(_TERM_LINE.match(line)) for line in lines]
    out: list[str] = []
    for i, line in enumerate(lines):
        if not terms[i]:
            # a blank line between two entries of one run is dropped: the list stays tight
            between = not line.strip() and out and _TERM_LINE.match(out[-1].lstrip("- "))
            if between and any(terms[i + 1 : i + 2]):
                continue
            out.append(line)
            continue
        near = [j for j in (i - 2, i - 1, i + 1, i + 2) if 0 <= j < len(lines) and terms[j]]
        out.append(f"- {line.strip()}" if near else line)
    return "\n".join(out)


def _inline_keep_marks(line: str) -> str:
    """Clean a line but keep its heading or list marker and indentation."""
    heading = _HEADING.match(line)
    if heading:
        return f"{heading.group(1)} {_inline(heading.group(2))}"
    item = _LIST_ITEM.match(line)
    if item:
        return f"{item.group('indent')}{item.group('mark')} {_inline(item.group('text'))}"
    indent = line[: len(line) - len(line.lstrip())]
    return indent + _inline(line)


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9]+", text)


# --- blocks --------------------------------------------------------------------


@dataclass
class Block:
    """A paragraph, or a list with the sentence that introduces it.

    ``items`` is empty for a paragraph. A table is read as a list whose items
    are its rows ("LPN — Education: diploma; Exam: NCLEX-PN").
    """

    intro: str = ""  # paragraph text, or the sentence before a list
    items: list[str] = field(default_factory=list)
    ordered: bool = False

    @property
    def is_list(self) -> bool:
        return bool(self.items)

    def render(self) -> str:
        lines = [self.intro] if self.intro else []
        for n, item in enumerate(self.items, 1):
            lines.append(f"{n}. {item}" if self.ordered else f"- {item}")
        return "\n".join(lines)


def table_rows(lines: list[str]) -> list[str]:
    """Rows of a Markdown table as readable items: first cell, then header: value pairs."""
    cells = [
        [_inline(c) for c in ln.strip().strip("|").split("|")] for ln in lines if not _TABLE_RULE.match(ln)
    ]
    cells = [row for row in cells if any(row)]
    if len(cells) < 2:
        return [" — ".join(c for c in row if c) for row in cells]
    header, body = cells[0], cells[1:]
    rows = []
    for row in body:
        first = row[0] if row else ""
        pairs = [
            f"{header[i]}: {value}" if i < len(header) and header[i] else value
            for i, value in enumerate(row[1:], 1)
            if value
        ]
        rows.append(f"{first} — {'; '.join(pairs)}" if first and pairs else first or "; ".join(pairs))
    return [r for r in rows if r]


def blocks(section: str) -> list[Block]:
    """The paragraphs and lists of one section, in reading order."""
    found: list[Block] = []
    paragraph: list[str] = []
    lines = section.split("\n")

    def flush() -> None:
        if paragraph:
            found.append(Block(intro=" ".join(paragraph)))
            paragraph.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        if _TABLE_ROW.match(line):
            flush()
            table = []
            while i < len(lines) and (_TABLE_ROW.match(lines[i]) or _TABLE_RULE.match(lines[i])):
                table.append(lines[i])
                i += 1
            _attach(found, Block(items=table_rows(table)))
            continue
        item = _LIST_ITEM.match(line)
        if item:
            flush()
            items: list[str] = []
            ordered = item.group("mark")[0].isdigit()
            while i < len(lines):
                current = _LIST_ITEM.match(lines[i])
                if current:
                    items.append(current.group("text").strip())
                elif lines[i].strip() and items and lines[i].startswith((" ", "\t")):
                    items[-1] += " " + lines[i].strip()  # a wrapped item goes on
                else:
                    break
                i += 1
            _attach(found, Block(items=[t for t in items if t], ordered=ordered))
            continue
        if line.strip():
            paragraph.append(line.strip())
        else:
            flush()
        i += 1
    flush()
    return [b for b in found if b.intro or b.items]


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
    found.append(block)
