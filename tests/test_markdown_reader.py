"""Markdown as guides really write it, read through markdown-it-py into the document tree."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.corpus import glossary_list, read_document, split_document
from advisor.errors import CorpusError
from advisor.profile import load_profile

SHAPES = """\ufeff---
title: "Welding {{ site.name }} guide @currentYear@"
publisher: Example College
---
Becoming a welder %%year%%
==========================

Welders join metal parts with heat &amp; pressure.

The steps are:

1. Finish high school.
2. Train in a programme:
   - day classes
   - night classes
3. Pass a certification test.

> Most welders work in manufacturing &mdash; about six in ten.

```mermaid
## Not a heading
graph TD; A-->B
```

    indented code is code too

| Tool | Use |
|---|---|
| Grinder \\| disc | Smoothing &amp; cutting |

Pay and hours
-------------

Apprentices start at half the journeyman rate.
"""


def passages_of(tmp_path: Path, text: str, name: str = "guide.md", size: int = 700):
    path = tmp_path / name
    path.write_text(text, "utf-8")
    doc = read_document(path)
    return doc, split_document(doc, size, 100)


def test_the_shapes_a_regular_expression_reader_got_wrong(tmp_path):
    doc, passages = passages_of(tmp_path, SHAPES)
    assert doc.meta["publisher"] == "Example College", "front matter after a byte-order mark is read"
    assert doc.title == "Welding guide", "placeholders never reach a title"
    text = "\n".join(p.text for p in passages)
    units = [u.text for p in passages for u in p.units]
    assert "Not a heading" not in text and "graph TD" not in text and "indented code" not in text
    assert {p.meta["section"] for p in passages} == {"Becoming a welder", "Pay and hours"}, "setext headings"
    steps = [u.text for p in passages for u in p.units if u.list_id.startswith("S")]
    assert steps[1:] == [
        "Finish high school.",
        "Train in a programme: day classes; night classes",
        "Pass a certification test.",
    ], "nested bullets stay under their item, not among the steps"
    assert "Most welders work in manufacturing — about six in ten." in units, "no '>' and entities decoded"
    assert "Grinder | disc — Use: Smoothing & cutting" in units, "an escaped pipe stays in its cell"
    for debris in ("&amp;", "&mdash;", "\\|", "> ", "%%", "{{", "@currentYear@", "==="):
        assert debris not in text, debris
    assert [p.meta["level"] for p in passages] == [1, 2]


def test_a_title_with_a_placeholder_is_clean_in_the_decline_text(tmp_path):
    doc, _ = passages_of(tmp_path, "---\ntitle: Welding in {{ site.region }}\n---\n# x\n\nWelders weld.\n")
    assert doc.title == "Welding", "the word that led to a placeholder goes with it"
    front = "---\ntitle: Welder Salary and Skills (@currentYear@ Guide)\n---\nx\n"
    guide, _ = passages_of(tmp_path, front, "s.md")
    assert guide.title == "Welder Salary and Skills (Guide)"
    heading, _ = passages_of(tmp_path, "# Welding pay @currentYear@\n\nWelders earn money.\n", "pay.md")
    assert heading.title == "Welding pay"
    profile = load_profile(tmp_path, [doc.title, heading.title])
    assert "{{" not in profile.decline_text and "@currentYear@" not in profile.decline_text


def test_a_glossarys_bold_terms_are_its_entries_however_long_a_terms_spelt_out_form(tmp_path):
    # "**CCC-SLP (Certificate of ... Pathology)** — ..." is an entry like its neighbours: the long form in
    # brackets does not make its term a bold sentence; and the run is a glossary, each entry a definition
    glossary = (
        "# Glossary\n\n## C\n\n**Caseload** — The number of clients a clinician serves at one time.\n\n"
        "**CCC-SLP (Certificate of Clinical Competence in Speech-Language Pathology)** — The national "
        "certification.\n\n**CEU (continuing education unit)** — A tenth of one counts for each hour.\n"
    )
    _, passages = passages_of(tmp_path, glossary, "glossary.md")
    units = [u for p in passages for u in p.units]
    assert [u.text.split(" — ")[0] for u in units] == [
        "Caseload",
        "CCC-SLP (Certificate of Clinical Competence in Speech-Language Pathology)",
        "CEU (continuing education unit)",
    ]
    assert all(u.kind == "item" and glossary_list(u.list_id) for u in units), units


def test_a_templates_note_to_whoever_fills_it_in_is_no_text(tmp_path):
    posting = (
        "# Staff welder\n\n## Pay\n\n[Salary range to be filled in by the employer.] For reference, "
        "welders earned a median of $48,940. Ask [the shop] about overtime.\n"
    )
    _, passages = passages_of(tmp_path, posting, "posting.md")
    units = [u.text for p in passages for u in p.units]
    assert units == ["For reference, welders earned a median of $48,940.", "Ask [the shop] about overtime."]


def test_a_pages_navigation_is_no_text_of_the_guide(tmp_path):
    guide = (
        "# Welder\n\nWelders join metal. See the [AWS site](https://aws.org) for codes.\n\n"
        "Read more: [How to Become a Firefighter](https://example.org/firefighter)\n\n"
        "## Related articles\n\n- [Pipefitter Career Guide](https://example.org/pipefitter)\n"
        "- [911 Dispatcher Career Guide](https://example.org/dispatch)\n\n"
        "## Tools\n\n- [Grinder](https://example.org/grinder) for smoothing\n- Clamp\n"
    )
    _, passages = passages_of(tmp_path, guide)
    text = "\n".join(p.text for p in passages)
    assert "Firefighter" not in text and "Pipefitter" not in text and "Dispatcher" not in text
    assert "See the AWS site for codes." in text, "a link inside a sentence is the sentence's words"
    assert "Grinder for smoothing" in text, "a list with words of its own besides links is a list"


def test_a_list_inside_a_quote_and_html_around_text(tmp_path):
    text = (
        "# Tips\n\n<div class='note'>Bring <b>steel-toe</b> boots.</div>\n\n"
        "<script>track()</script>\n\n> - Wear a mask.\n> - Wear gloves.\n"
    )
    _, passages = passages_of(tmp_path, text)
    units = [u.text for p in passages for u in p.units]
    assert "Bring steel-toe boots." in units and "track()" not in " ".join(units)
    assert [u.text for p in passages for u in p.units if u.kind == "item"] == ["Wear a mask.", "Wear gloves."]


def test_metadata_left_with_placeholders_never_reaches_sources(tmp_path):
    guide = (
        '---\ntitle: "Welder pay, explained | {{ site.name }}"\npublisher: "{{ site.publisher }}"\n'
        'url: "https://example.org/${slug}"\n---\n# Welder pay\n\nWelders earn money.\n'
    )
    doc, passages = passages_of(tmp_path, guide)
    assert doc.title == "Welder pay, explained", "no separator is left dangling where a placeholder was"
    assert passages[0].meta["publisher"] == "" and passages[0].meta["url"] == ""


RUN_IN = """# Welding jobs

## Kinds of welders

Shops sort welders into a few kinds.

**Pipe welders** join pipes for plants and pipelines.

**Structural welders.** They join beams on building sites.

**Production welders** repeat one weld on a line.

Read the posting closely.

## Pay

**Most welders earn more after certification.** Certified welders start higher.

**Night shifts pay more.** A premium is common.

Apprentices earn half the rate.

**Overtime is paid at time and a half.** Most shops offer it.
"""


def test_paragraphs_that_open_with_bold_headings_are_the_sub_sections_they_name(tmp_path):
    _, passages = passages_of(tmp_path, RUN_IN)
    sections = {u.text: p.meta["section"] for p in passages for u in p.units}
    kinds = "Kinds of welders"
    assert sections["Pipe welders join pipes for plants and pipelines."] == f"{kinds} › Pipe welders"
    # a heading with its own full stop is no part of the sentence that follows it
    assert sections["They join beams on building sites."] == f"{kinds} › Structural welders"
    assert sections["Read the posting closely."] == kinds, "what follows the run is the section's again"
    # bold sentences among plain paragraphs are emphasis: the section stays whole
    assert sections["A premium is common."] == sections["Most shops offer it."] == "Pay"


def test_an_unfilled_placeholder_that_breaks_the_front_matter_does_not_lose_the_guide(tmp_path):
    text = (
        '---\ntitle: "Becoming a Welder in @currentYear@"\nauthor: {{author_name}}\n'
        "tags: [trades, welding, {{category_tag}}]\n---\n\n## Step 1\n\nTake a welding class.\n"
    )
    doc, passages = passages_of(tmp_path, text)
    assert doc.title == "Becoming a Welder", "the title is read, cleaned like any title"
    assert doc.meta["tags"] == ["trades", "welding"] and "author" not in doc.meta
    assert "Take a welding class." in "\n".join(p.text for p in passages)


def test_front_matter_broken_by_more_than_a_placeholder_is_still_refused(tmp_path):
    with pytest.raises(CorpusError, match="not valid YAML"):
        passages_of(tmp_path, '---\ntitle: "unclosed {{year}}\n---\nBody\n')


def test_a_sentence_that_held_a_placeholder_reads_as_a_sentence(tmp_path):
    guide = (
        "---\ntitle: A Plain Guide for {{ site.name }} Readers\n---\n"
        "# Becoming a welder\n\nAt {{site_name}}, we broke the path into four steps. Rules in {{state_name}} "
        "may differ; {{state_rule_link}}. Confirm the fee at {{fee_url}}.\n\n"
        "Welders at work in a shop. Photo: {{photo_credit}}.\n"
    )
    doc, passages = passages_of(tmp_path, guide)
    assert doc.title == "A Plain Guide for Readers", "a title's word before a name stays"
    assert [u.text for p in passages for u in p.units] == [
        "We broke the path into four steps.",
        "Rules may differ.",
        "Confirm the fee.",
        "Welders at work in a shop.",
    ], "the word that led to a placeholder, the label it filled and the punctuation it left all go"
