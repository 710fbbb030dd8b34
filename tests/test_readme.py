"""The README stays a short front door, and every link in it leads somewhere.

The documentation site's own links are checked by ``mkdocs build --strict`` (``make test``);
the README sits outside ``docs/``, so its links into the site are checked here, anchors
included, with the same heading slugs MkDocs gives the pages.
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown.extensions.toc import slugify

from advisor.settings import ROOT

README = ROOT / "README.md"
MAX_LINES = 250
LINK = re.compile(r"\]\(([^)\s]+)\)")


def outside_code(text: str) -> list[str]:
    """The lines of a Markdown text that are not inside a fenced code block."""
    lines, fenced = [], False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced:
            lines.append(line)
    return lines


def anchors(page: Path) -> set[str]:
    """The ids MkDocs gives the headings of a page (the toc extension's default slugs)."""
    headings = [
        line.lstrip("#").strip() for line in outside_code(page.read_text("utf-8")) if line.startswith("#")
    ]
    return {slugify(re.sub(r"[`*]", "", heading), "-") for heading in headings}


def test_readme_is_a_short_front_door() -> None:
    lines = README.read_text("utf-8").splitlines()
    assert len(lines) <= MAX_LINES, f"README.md has {len(lines)} lines; move detail into docs/"


def test_the_readme_explains_how_it_answers_in_at_most_60_lines() -> None:
    lines = README.read_text("utf-8").splitlines()
    start = lines.index("## How it answers")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("## "))
    section = "\n".join(lines[start:end])
    assert end - start <= 60, f"'How it answers' has {end - start} lines; the detail belongs in docs/"
    for step in ("Repair", "Resolve", "Classify", "Screen", "Retrieve", "Gate", "Compose"):
        assert f"**{step}**" in section, f"the README's summary skips the {step} step"


def test_every_link_in_the_readme_resolves() -> None:
    targets = [t for line in outside_code(README.read_text("utf-8")) for t in LINK.findall(line)]
    local = [t for t in targets if not re.match(r"[a-z]+:", t)]
    assert any(t.startswith("docs/") for t in local), "the README should link into the documentation"
    broken = []
    for target in local:
        path, _, anchor = target.partition("#")
        file = ROOT / path if path else README
        if not file.exists():
            broken.append(target)
        elif anchor and anchor not in anchors(file):
            broken.append(target)
    assert not broken, f"README.md links to what does not exist: {broken}"
