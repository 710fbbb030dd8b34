"""Plain text: headings are the short lines that stand alone.

A plain-text guide shows a heading as a short line not ending like a sentence
("Ways to pay for training"), standing alone between blank lines or, when the
text is not wrapped at a fixed width, right above its paragraph; its first such
line is the title. A line or two framed by rules ("-----" above and below, as a handout
frames "2. AUDIOLOGIST") is a heading too, numbered or not. The text is then read as Markdown (without
indented code blocks), so its lists and tables keep their shape.
"""

from __future__ import annotations

from ..doctree import HEADING_WORDS, DocTree, is_rule, word_count
from .markdown import read_markdown

_BULLETS = ("•", "◦", "▪", "‣")
WRAPPED = 100  # no line longer than this: the text is wrapped at a fixed width


def read_plain(text: str, name: str) -> DocTree:
    return read_markdown(mark_headings(text), name, plain=True)


def mark_headings(text: str) -> str:
    """The text with its standalone short lines marked as Markdown headings.

    Text that already has Markdown headings is left as it is.
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = [_bullet(line) for line in text.split("\n")]
    if any(_markdown_heading(line) for line in lines):
        return "\n".join(lines)
    paragraphs, current = [], []
    for line in lines + [""]:
        if line.strip():
            current.append(line)
        elif current:
            paragraphs.append(current)
            current = []
    # Text wrapped at a fixed width puts a paragraph's first words on a short-looking
    # line of their own; text written a paragraph per line may put a heading right
    # above its paragraph, without a blank line between them.
    wrapped = max(map(len, lines)) <= WRAPPED
    marked = []
    for n, para in enumerate(paragraphs):
        end = next((k for k in (2, 3) if n and is_rule(para[0]) and k < len(para) and is_rule(para[k])), 0)
        framed = " ".join(line.strip() for line in para[1:end])
        if end and word_count(framed) <= 2 * HEADING_WORDS:  # a banner: what follows it is under it
            marked += [f"## {framed}"] + ["\n".join(para[end + 1 :])] * (len(para) > end + 1)
            continue
        line = para[0].strip()
        heading = (
            (len(para) == 1 or not wrapped)
            and 0 < word_count(line) <= 2 * HEADING_WORDS
            and line[-1] not in ".,;:!"
            and not _list_item(line)
            and not (line.startswith("|") and line.endswith("|"))
        )
        rest = "\n".join(para[1:]) if heading else "\n".join(para)
        marked += [f"{'#' if n == 0 else '##'} {line}"] * heading + [rest] * bool(rest)
    return "\n\n".join(marked) + "\n"


def _markdown_heading(line: str) -> bool:
    hashes = len(line) - len(line.lstrip("#"))
    return 1 <= hashes <= 6 and line[hashes : hashes + 1] in (" ", "\t")


def _list_item(line: str) -> bool:
    mark = line.split(" ", 1)[0]
    return mark in ("-", "*", "+", *_BULLETS) or (
        mark[:-1].isdigit() and len(mark) <= 4 and mark[-1:] in (".", ")")
    )


def _bullet(line: str) -> str:
    """A "•" bullet made a Markdown one, so the item is read as a list item."""
    stripped = line.lstrip()
    if stripped[:1] in _BULLETS and stripped[1:2] == " ":
        return line[: len(line) - len(stripped)] + "-" + stripped[1:]
    return line
