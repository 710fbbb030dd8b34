"""Markdown (and plain text) into the document tree, through markdown-it-py's tokens.

CommonMark parsing (with GFM tables and YAML front matter from mdit-py-plugins)
settles what hand-written patterns got wrong: fenced code, setext headings,
nested lists, block quotes, escaped table pipes, HTML entities. What is left
here are the shapes career guides use in place of Markdown's own, each a small
pass over a paragraph's tokens:

- a bold line standing alone is a heading ("**Work settings**"), unless it is a
  sentence ("**Note: figures change every year.**");
- an FAQ's question heads its answer, whether bold or labelled "Q:", and the
  answer loses its "A:" label;
- two or more "**Term** — definition" lines in a row are a list, one entry a term;
- two or more paragraphs in a row that open with a short bold run ("**Per mile.** Long-distance
  drivers ...") are sub-sections under those run-in headings, unless other paragraphs around
  them open with bold too (emphasis, not structure);
- a line that held only a template placeholder or an image is dropped, and so is a page's
  navigation: a list of links alone ("Related articles") or a link with a label ("Read more: ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from ..doctree import DocTree, Item, TreeBuilder, bold_heading, clean_text, only_debris, placeholders_removed
from ..errors import CorpusError

TERM_CHARS = 60  # a bold term longer than this opens a sentence, not an entry (its long form aside)
PSEUDO_LEVEL = 3  # where a bold line or an FAQ question sits in the heading tree

_FAQ_QUESTION = re.compile(r"^\s*(?:Q|Question)\s*[:.)]\s*(?P<text>\S.*\?)\s*$", re.I)
_FAQ_ANSWER = re.compile(r"^\s*(?:A|Answer)\s*[:.)]\s*(?P<text>\S.*)$", re.I)
_TERM_SEPARATOR = re.compile(r"^\s*[:–—-]\s*\S")


def _parser(code_blocks: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table").enable("strikethrough").use(front_matter_plugin)
    if not code_blocks:
        md.disable("code")  # plain text: an indented line is a line, not code
    return md


_MARKDOWN = _parser(code_blocks=True)
_PLAIN = _parser(code_blocks=False)


def read_markdown(text: str, name: str, plain: bool = False) -> DocTree:
    """The tree of a Markdown text (``plain``: text whose headings were marked by
    :func:`advisor.readers.plain.mark_headings`). Raises CorpusError on bad front matter."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    tokens = (_PLAIN if plain else _MARKDOWN).parse(text)
    meta: dict = {}
    if tokens and tokens[0].type == "front_matter":
        meta = _front_matter(tokens[0].content, name)
        tokens = tokens[1:]
    elif text.startswith("---\n"):
        raise CorpusError(f"{name}: front matter is not closed by a '---' line")
    builder = TreeBuilder(meta)
    _Walker(builder).walk(tokens)
    return builder.build()


def _front_matter(content: str, name: str) -> dict:
    """The front matter's keys. A placeholder the publishing system left unfilled can break the YAML
    (``tags: [careers, {{category_tag}}]`` reads as a mapping inside the list); then each top-level key
    is read alone (:func:`_keys_alone`), so an exported article is not lost for one unfilled tag."""
    try:
        meta = yaml.safe_load(content) or {}
    except yaml.YAMLError as exc:
        meta = _keys_alone(content, name, str(exc).splitlines()[0])
    if not isinstance(meta, dict):
        raise CorpusError(f"{name}: front matter must be a mapping of keys to values")
    return {k: v for k, v in meta.items() if v is not None}


def _keys_alone(content: str, name: str, reason: str) -> dict:
    """Each top-level key read on its own, and one that breaks read again without its placeholders; a
    placeholder in a key that parses (a quoted title) stays for cleaning like any title's."""
    meta: dict = {}
    for entry in re.split(r"\n(?=\S)", content):
        for text in (entry, placeholders_removed(entry)):
            try:
                value = yaml.safe_load(text) or {}
                break
            except yaml.YAMLError:
                continue
        else:
            raise CorpusError(f"{name}: front matter is not valid YAML ({reason})")
        if not isinstance(value, dict):
            raise CorpusError(f"{name}: front matter must be a mapping of keys to values")
        meta.update(value)
    return meta


# --- inline tokens -------------------------------------------------------------------


def _render(children: list[Token]) -> str:
    """Inline tokens as plain text: link words kept, images, tags and marks dropped."""
    out = []
    for t in children:
        if t.type in ("text", "code_inline"):
            out.append(t.content)
        elif t.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif t.type == "html_inline" and t.content.lower().startswith("<br"):
            out.append("\n")
    return "".join(out)


def _lines(children: list[Token]) -> list[list[Token]]:
    """A paragraph's inline tokens cut at its line breaks."""
    lines: list[list[Token]] = [[]]
    for t in children:
        if t.type in ("softbreak", "hardbreak"):
            lines.append([])
        else:
            lines[-1].append(t)
    return [line for line in lines if line]


def _strip_blank(line: list[Token]) -> list[Token]:
    """The line without text tokens that hold only spaces at either end."""
    start, end = 0, len(line)
    while start < end and line[start].type == "text" and not line[start].content.strip():
        start += 1
    while end > start and line[end - 1].type == "text" and not line[end - 1].content.strip():
        end -= 1
    return line[start:end]


def _bold_span(line: list[Token]) -> int:
    """Where the bold run that opens a line ends (index of its strong_close), or -1."""
    if not line or line[0].type != "strong_open":
        return -1
    depth = 0
    for i, t in enumerate(line):
        depth += t.type == "strong_open"
        depth -= t.type == "strong_close"
        if depth == 0:
            return i
    return -1


def _pseudo_heading(line: list[Token]) -> str | None:
    """The text of a bold line that stands in for a heading, or None."""
    line = _strip_blank(line)
    end = _bold_span(line)
    if end < 0 or _render(line[end + 1 :]).strip() not in ("", ":"):
        return None
    return bold_heading(_render(line[1:end]))


def _is_term(line: list[Token]) -> bool:
    """Whether a line is "**Term** — definition" or "**Term:** definition"."""
    line = _strip_blank(line)
    end = _bold_span(line)
    if end < 0:
        return False
    term, rest = _render(line[1:end]), _render(line[end + 1 :])
    # "CCC-SLP (Certificate of Clinical Competence in Speech-Language Pathology)" is a term, however long
    if not term.strip() or len(re.sub(r"\s*\([^()]*\)", "", term)) > TERM_CHARS or "\n" in term:
        return False
    return bool(_TERM_SEPARATOR.match(rest)) or (term.rstrip().endswith(":") and bool(rest.strip()))


# --- blocks ----------------------------------------------------------------------------


@dataclass
class _Line:
    kind: str  # "text", "term" or "heading"
    text: str
    paragraph: int  # which paragraph of the run it came from
    lead: str = ""  # the bold words that open its paragraph ("**Per mile.** Drivers are paid ...")


class _Walker:
    """Walks the block tokens, emitting headings and blocks into the builder.

    Paragraphs that follow one another are held back as lines until something
    else comes (a heading, a list, a table, the end), so that runs of term lines
    spanning several paragraphs can be read as one list.
    """

    def __init__(self, builder: TreeBuilder):
        self.out = builder
        self.pending: list[_Line] = []
        self.paragraphs = 0
        self.asked = False  # the last line was an FAQ's "Q: ...?"

    def walk(self, tokens: list[Token]) -> None:
        i = 0
        while i < len(tokens):
            t = tokens[i]
            if t.type == "heading_open":
                self.flush()
                self.out.heading(int(t.tag[1]), _render(tokens[i + 1].children or []))
                i += 3
            elif t.type == "paragraph_open":
                self.paragraph(tokens[i + 1].children or [])
                i += 3
            elif t.type in ("bullet_list_open", "ordered_list_open"):
                self.flush()
                start = i
                items, i = _list(tokens, i)
                if not _links_only(tokens[start:i]):
                    self.out.list(items, ordered=t.type == "ordered_list_open")
            elif t.type == "table_open":
                self.flush()
                rows, i = _table(tokens, i)
                self.out.table(rows)
            elif t.type == "html_block":
                text = _html_text(t.content)
                if text:
                    self.paragraph_text(text)
                i += 1
            elif t.type in ("fence", "code_block", "hr"):
                self.flush()  # code is never answer text; a rule ends what came before
                i += 1
            else:  # blockquote_open/close and other containers: their content is read as is
                i += 1
        self.flush()

    def paragraph(self, children: list[Token]) -> None:
        self.paragraphs += 1
        if 0 <= _unlinked(children) <= 2:
            return  # "Read more: [...]", a link alone: navigation
        for line in _lines(children):
            raw = _render(line)
            question = _FAQ_QUESTION.match(raw)
            if question:
                self.pending.append(_Line("heading", question.group("text"), self.paragraphs))
                self.asked = True
                continue
            answer = _FAQ_ANSWER.match(raw) if self.asked else None
            self.asked = False
            if answer:
                raw = answer.group("text")  # "A: Yes. ..." is the answer "Yes. ..."
            heading = None if answer else _pseudo_heading(line)
            if heading:
                self.pending.append(_Line("heading", heading, self.paragraphs))
                continue
            text = clean_text(raw)
            if not text or only_debris(raw, text):
                continue  # an image, a comment, "Updated {{ year }}"
            kind = "term" if not answer and _is_term(line) else "text"
            first = not self.pending or self.pending[-1].paragraph != self.paragraphs
            self.pending.append(
                _Line(kind, text, self.paragraphs, _run_in(line) if first and kind == "text" else "")
            )

    def paragraph_text(self, text: str) -> None:
        self.paragraphs += 1
        self.pending.append(_Line("text", text, self.paragraphs))

    def flush(self) -> None:
        """Emit the held-back lines: headings, paragraphs and runs of terms made lists."""
        lines, self.pending = self.pending, []
        self.asked = False
        i = 0
        while i < len(lines):
            line = lines[i]
            if line.kind == "heading":
                self.out.heading(PSEUDO_LEVEL, line.text)
                i += 1
                continue
            j = i
            if line.kind == "term":
                while j < len(lines) and lines[j].kind == "term":
                    j += 1
                if j - i >= 2:
                    self.out.list([Item(entry.text) for entry in lines[i:j]], glossary=True)
                    i = j
                    continue
            # one paragraph: lines of the same source paragraph, up to a heading or a run of terms
            j = i + 1
            while (
                j < len(lines)
                and lines[j].paragraph == line.paragraph
                and lines[j].kind != "heading"
                and not (lines[j].kind == "term" and j + 1 < len(lines) and lines[j + 1].kind == "term")
            ):
                j += 1
            self.out.paragraph(" ".join(entry.text for entry in lines[i:j]), lead=line.lead)
            i = j


def _run_in(line: list[Token]) -> str:
    """The bold words that open a paragraph and are followed by more of it (a run-in heading, if short)."""
    line = _strip_blank(line)
    end = _bold_span(line)
    return _render(line[1:end]) if end > 0 and _render(line[end + 1 :]).strip() else ""


def _list(tokens: list[Token], i: int) -> tuple[list[Item], int]:
    """The items of the list opening at ``tokens[i]``, with nested lists as children."""
    close = tokens[i].type.replace("_open", "_close")
    depth, i = tokens[i].level, i + 1
    items: list[Item] = []
    while i < len(tokens) and not (tokens[i].type == close and tokens[i].level == depth):
        t = tokens[i]
        if t.type == "list_item_open":
            items.append(Item(""))
        elif t.type == "inline" and items:
            text = clean_text(" ".join(_render(t.children or []).split("\n")))
            items[-1].text = f"{items[-1].text} {text}".strip()
        elif t.type in ("bullet_list_open", "ordered_list_open") and items:
            children, i = _list(tokens, i)
            items[-1].children.extend(children)
            items[-1].ordered_children = t.type == "ordered_list_open"
            continue
        i += 1
    return items, i + 1


def _links_only(tokens: list[Token]) -> bool:
    """Whether a list is nothing but links, one an item ("Related articles"): a page's
    navigation, which names other guides and says nothing itself."""
    inline = [t for t in tokens if t.type == "inline"]
    return bool(inline) and all(_unlinked(t.children or []) == 0 for t in inline)


def _unlinked(children: list[Token]) -> int:
    """How many words of a line stand outside its links; -1 for a line with no link."""
    depth, linked, outside = 0, False, 0
    for t in children:
        depth += (t.type == "link_open") - (t.type == "link_close")
        if t.type == "text" and t.content.strip():
            linked |= depth > 0
            outside += 0 if depth else len(t.content.split())
    return outside if linked else -1


def _table(tokens: list[Token], i: int) -> tuple[list[list[str]], int]:
    rows: list[list[str]] = []
    while i < len(tokens) and tokens[i].type != "table_close":
        t = tokens[i]
        if t.type == "tr_open":
            rows.append([])
        elif t.type == "inline" and rows:
            rows[-1].append(" ".join(_render(t.children or []).split("\n")))
        i += 1
    return rows, i + 1


class _TextOfHtml(HTMLParser):
    """The words of an HTML block, without its scripts, styles and comments."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style") and self.skip > 0

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def _html_text(block: str) -> str:
    parser = _TextOfHtml()
    parser.feed(block)
    parser.close()
    return clean_text(" ".join(" ".join(parser.parts).split()))
