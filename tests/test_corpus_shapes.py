"""Any reasonable guide ingests cleanly, and the corpus, not the code, brings its domain."""

from __future__ import annotations

import re
from pathlib import Path

from advisor import Advisor
from advisor.core import mine_abbreviations, mine_aliases
from advisor.corpus import read_document, split_document
from advisor.profile import CorpusProfile, load_profile
from tests.conftest import settings_for

GUIDE = """---
title: Becoming a Welder
description: A short guide
date: 2025-01-01
tags: [trades]
---
# Becoming a Welder

![A welder at work](img/welder.png)
<!-- editor: update the figures next year -->

**What welders do**

Welders join metal parts using heat. Most work in manufacturing, according to the
[Bureau of Labor Statistics](https://www.bls.gov/ooh/).

**Note: figures change every year.**

The steps are:

1. Finish high school or a GED.
2. Complete a welding programme.
3. Pass a certification test.
4. Apply for an apprenticeship.

| Certification | Issuer | Renewal |
|---|---|---|
| Certified Welder | American Welding Society (AWS) | every 6 months |
| CWI | American Welding Society (AWS) | every 3 years |

Page updated {{ current_year }}.
Copyright @currentYear@ Example.
"""


def guides(tmp_path: Path, files: dict[str, str], welder: bool = True) -> Path:
    """A corpus folder of these files (name -> text), with the welder guide unless told not to."""
    corpus = tmp_path / "guides"
    corpus.mkdir()
    for name, text in {**({"welder.md": GUIDE} if welder else {}), **files}.items():
        (corpus / name).write_text(text, "utf-8")
    return corpus


def advisor_for(tmp_path: Path, files: dict[str, str] | None = None, welder: bool = True) -> Advisor:
    """An advisor over :func:`guides`, its index in ``tmp_path``."""
    return Advisor(settings_for(guides(tmp_path, files or {}, welder), tmp_path / "index"))


def test_web_debris_never_reaches_a_passage(tmp_path):
    path = tmp_path / "welder.md"
    path.write_text(GUIDE, "utf-8")
    passages = split_document(read_document(path), 700, 100)
    text = "\n".join(p.text for p in passages)
    for debris in ("![", "](", "<!--", "{{", "@currentYear@", "**", "|---"):
        assert debris not in text, debris
    assert "Bureau of Labor Statistics" in text, "a link keeps its words"
    sections = {p.meta["section"] for p in passages}
    assert "What welders do" in sections, "a bold line standing alone is a heading"
    sentences = [u.text for p in passages for u in p.units if u.kind == "sentence"]
    assert "Note: figures change every year." in sentences, "a bold sentence is emphasis, not a heading"


def test_lists_and_tables_stay_whole_and_in_order(tmp_path):
    path = tmp_path / "welder.md"
    path.write_text(GUIDE, "utf-8")
    passages = split_document(read_document(path), 120, 20)  # passages far smaller than the list
    steps = next(p for p in passages if any(u.text.startswith("Finish high school") for u in p.units))
    items = [u.text for u in steps.units if u.kind == "item" and u.list_id.startswith("S")]
    assert [i.split()[0] for i in items] == ["Finish", "Complete", "Pass", "Apply"]
    assert any(u.kind == "intro" and u.text == "The steps are:" for u in steps.units)
    rows = [u.text for p in passages for u in p.units if "Renewal" in u.text]
    assert rows == [
        "Certified Welder — Issuer: American Welding Society (AWS); Renewal: every 6 months",
        "CWI — Issuer: American Welding Society (AWS); Renewal: every 3 years",
    ]


def test_abbreviations_are_read_from_the_text():
    found = mine_abbreviations(["Pass the test of the American Welding Society (AWS) first."])
    assert found["aws"] == "American Welding Society"
    found = mine_abbreviations(["A Bachelor of Science in Nursing (BSN) takes four years."])
    assert found["bsn"] == "Bachelor of Science in Nursing"


def test_the_subjects_other_names_are_read_from_the_text():
    # the name before "also called" must be the subject (in half the titles): not a kind of welder
    texts = [
        "Welders, also called welding technicians or fabricators, join metal parts.",
        "Pipe welders, sometimes called pipefitters, work on pipelines.",
    ]
    found = mine_aliases(texts, ["Becoming a Welder", "Welder Pay", "Welding certifications"])
    assert found == {frozenset({"fabric"}): "Welders", frozenset({"weld", "technician"}): "Welders"}


def test_the_subjects_other_names_are_read_from_its_configuration():
    # in brackets after a name ending in the subject's (not a short form, nor a name ending in another's),
    # or after "or" in its subject; a bracket's "X with Y" is the name X
    titles = ["How to Become a Lineworker", "Lineworker Pay", "Lineworker FAQ"]
    profile = CorpusProfile(
        subject="becoming a lineworker or line installer",
        description="Guides to becoming an electrical lineworker (lineman, line tech with a CDL) in the US, "
        "a journeyman lineworker (JL) and the related electricians (wiremen).",
    )
    found = mine_aliases([], titles, profile)
    assert found == {
        frozenset({"line", "instal"}): "lineworker",
        frozenset({"lineman"}): "lineworker",
        frozenset({"line", "tech"}): "lineworker",
    }


def test_a_corpus_without_configuration_speaks_of_its_own_titles(tmp_path):
    profile = load_profile(tmp_path, ["Becoming a Welder", "Welding certifications"])
    assert "Becoming a Welder" in profile.decline_text
    assert profile.examples and not profile.problem


def test_a_broken_configuration_is_reported_and_defaults_are_used(tmp_path):
    (tmp_path / "advisor.yaml").write_text("subject: [unclosed", "utf-8")
    profile = load_profile(tmp_path, ["Becoming a Welder"])
    assert "advisor.yaml" in profile.problem
    assert "Becoming a Welder" in profile.decline_text


def test_a_description_written_as_a_sentence_ends_the_decline_text_once(tmp_path):
    (tmp_path / "advisor.yaml").write_text('subject: welding\ndescription: "Guides to welding."\n', "utf-8")
    profile = load_profile(tmp_path, ["Becoming a Welder"])
    assert profile.decline_text.endswith("I can help with welding: Guides to welding.")


def test_the_configured_subject_and_decline_text_are_used(nurse_advisor):
    answer = nurse_advisor.ask("What is a good lasagna recipe?")
    assert not answer.grounded
    assert "registered nurse" in answer.text
    assert "architect" not in answer.text.lower()


def test_the_core_names_no_career():
    core = Path(__file__).resolve().parent.parent / "advisor"
    words = re.compile(r"\b(architects?|cka|togaf|coursera|whizolosophy)\b", re.I)
    found = [
        f"{p.name}:{n}" for p in core.glob("*.py") for n, line in enumerate(p.open(), 1) if words.search(line)
    ]
    assert not found, found


def test_a_new_corpus_folder_gets_its_own_advisor(tmp_path):
    adv = advisor_for(tmp_path)
    answer = adv.ask("What are the steps to become a welder?")
    assert answer.grounded, answer.text
    body = answer.text.split("**Sources**")[0]
    assert body.index("Finish high school") < body.index("Apply for an apprenticeship")
    assert "Becoming a Welder" in answer.text


FAQ = """# Welding FAQ

**Do I need a college degree to become a welder?**

No. A high school diploma and a welding certificate are what most employers ask for.

**How long does a welding programme take?**

Usually 7 to 18 months.
"""

KINDS = """# Welding specialties

| Specialty | What they do |
|---|---|
| Pipe welder | Joins pipes for water, oil and gas lines |
| Structural welder | Joins beams and columns of buildings and bridges |
| Underwater welder | Repairs ships, rigs and pipelines below the surface |
"""


def test_an_faq_with_bold_questions_and_a_table_of_kinds_answers_as_written(tmp_path):
    adv = advisor_for(tmp_path, {"faq.md": FAQ, "kinds.md": KINDS})

    answer = adv.ask("do i need a degree?")
    body = answer.text.split("**Sources**")[0]
    assert answer.grounded and body.startswith("No."), answer.text
    assert "?" not in body, "the FAQ's question heads the answer's passage; it is never a claim"
    assert "Do I need a college degree" in answer.citations[0].section

    body = adv.ask("how long does a welding programme take?").text.split("**Sources**")[0]
    assert "7 to 18 months" in body

    body = adv.ask("what kinds of welders are there?").text.split("**Sources**")[0]
    for kind in ("Pipe welder", "Structural welder", "Underwater welder"):
        assert kind in body, body


def test_a_short_form_that_is_also_a_word_counts_only_in_capitals(tmp_path):
    adv = advisor_for(
        tmp_path, {"advisor.yaml": "abbreviations:\n  ME: metal engraving\n  CWB: Canadian Welding Bureau\n"}
    )
    assert "metal engraving" not in adv.inquire("Can you tell me what welders do?").search
    assert "metal engraving" in adv.inquire("Do welders need ME training?").search
    assert "Canadian Welding Bureau" in adv.inquire("is a cwb ticket enough?").search  # not a word


PLAIN = """Welding pay and hours

Written by a school's careers office from the employers it works with.

What welders earn

Apprentice welders start at about half of a journeyman's hourly rate.
The rate rises with each year of the apprenticeship.

Hours and shifts

Most welders work full time, and shifts of 10 or 12 hours are common on pipelines.
"""

LABELLED_FAQ = """# More welding questions

Q: Do welders work outdoors?
A: Yes. Pipeline and construction welders work outside in most weather.

Q: Is welding dangerous?

A: It can be. Burns and eye injuries are the common risks, and protective gear prevents most of them.

Q: Do employers pay for certification?
A: Partly. Employers pay for the inspector exam of the welders they hire.
Apprentices who quit within a year of the exam must repay its fee to the employer.
"""


def test_a_plain_text_guide_has_a_title_and_sections(tmp_path):
    path = tmp_path / "pay.txt"
    path.write_bytes(PLAIN.replace("\n", "\r\n").encode())  # written on Windows
    doc = read_document(path)
    assert doc.meta["title"] == "Welding pay and hours"
    passages = split_document(doc, 700, 100)
    assert {p.meta["section"] for p in passages} >= {"What welders earn", "Hours and shifts"}
    sentences = [u.text for p in passages for u in p.units]
    assert not any(s in ("What welders earn", "Hours and shifts") for s in sentences), (
        "headings are not claims"
    )


ONE_LINE = (  # a paragraph on one line, longer than any line of text wrapped at a fixed width
    "The Certified Welder programme tests a weld you make to a published procedure, "
    "and it is earned by passing one practical test."
)
UNSPACED = f"""Welding certificates

Certified Welder (CW)
{ONE_LINE}
Employers pay for it:
- most pipeline contractors
- some shipyards
"""

WRAPPED = """Welding certificates

Certified Welder (CW) tests
a weld you make to a published
procedure and is earned by
passing one practical test.
"""


def test_a_plain_heading_may_sit_right_above_its_paragraph_unless_the_text_is_wrapped(tmp_path):
    for name, text in {"unspaced.txt": UNSPACED, "wrapped.txt": WRAPPED}.items():
        (tmp_path / name).write_text(text, "utf-8")
    passages = split_document(read_document(tmp_path / "unspaced.txt"), 700, 100)
    assert [p.meta["section"] for p in passages] == ["Certified Welder (CW)"]
    assert passages[0].units[0].text.startswith("The Certified Welder programme"), "no heading in a claim"
    wrapped = split_document(read_document(tmp_path / "wrapped.txt"), 700, 100)
    sections = {p.meta.get("section", "") for p in wrapped}
    assert not any("Certified" in s for s in sections), "a wrapped paragraph's first line is no heading"
    assert "Certified Welder (CW) tests a weld" in " ".join(u.text for p in wrapped for u in p.units)


HANDOUT = """==========================================================
 CAREER CENTER HANDOUT
 Welder vs. Two Related Trades
==========================================================

WHY COMPARE
-----------
Pipefitters earn a median of $61,550 a year, more than welders, after a longer apprenticeship.
"""


def test_a_plain_text_handouts_banner_is_cited_on_one_line_without_its_rules(tmp_path):
    adv = advisor_for(tmp_path, {"handout.txt": HANDOUT})
    answer = adv.ask("how much do pipefitters earn?")
    cited = [c for c in answer.citations if c.source.endswith("handout.txt")]
    assert cited and "$61,550" in answer.text
    assert cited[0].title == "CAREER CENTER HANDOUT — Welder vs. Two Related Trades"
    assert "====" not in answer.text


def test_an_faq_with_q_and_a_labels_ties_each_answer_to_its_question(tmp_path):
    corpus = guides(tmp_path, {"faq.md": LABELLED_FAQ})
    passages = split_document(read_document(corpus / "faq.md"), 700, 100)
    assert [p.meta["section"].split(" › ")[-1] for p in passages] == [
        "Do welders work outdoors?",
        "Is welding dangerous?",
        "Do employers pay for certification?",
    ]
    assert not any(re.match(r"[QA]:", u.text) for p in passages for u in p.units), "labels are not text"
    adv = Advisor(settings_for(corpus, tmp_path / "index"))
    answer = adv.ask("do welders work outside?")
    body = answer.text.split("**Sources**")[0]
    assert answer.grounded and body.startswith("Yes."), answer.text
    assert "A:" not in body
    body = adv.ask("who pays for the inspector exam?").text
    assert "Employers pay for the inspector exam" in body
    assert "Partly" not in body, "the FAQ's verdict answers its own question, not this one"
    body = adv.ask("do employers pay for certification if I quit within a year?").text
    assert body.startswith("Partly."), "asked its own question, the FAQ answer opens with its verdict"
    assert "must repay its fee" in body


GLOSSARY = """# Welding terms

- Bead: the line of weld metal laid down in one pass.
- Flux: a chemical that keeps air away from the molten weld.
- Root pass: the first bead at the bottom of a joint.
- Slag: the crust that forms on top of a finished bead.
- Tack weld: a short weld that holds parts in place before the full weld.

## Finding a first job

### Apprenticeships

Most new welders find their first job through a union or employer apprenticeship.

### Other ways in

Other ways into a first welding job include trade school job fairs and staffing agencies.

## The CWI exam

A Certified Welding Inspector must pass the CWI exam before inspecting welds.
It includes a fundamentals part, a practical part and a code book part.
"""


def test_a_glossary_answers_with_its_entry_and_a_sentence_brings_its_follow_on(tmp_path):
    adv = advisor_for(tmp_path, {"terms.md": GLOSSARY})

    body = adv.ask("What is slag?").text.split("**Sources**")[0]
    assert "the crust that forms on top" in body
    assert "Tack weld" not in body and "Flux" not in body, "the entry asked for, not the whole glossary"

    body = adv.ask("What does the CWI exam involve?").text.split("**Sources**")[0]
    assert "a fundamentals part, a practical part" in body
    assert body.index("must pass the CWI exam") < body.index("It includes"), "'it' is said first"

    body = adv.ask("What other ways into a first welding job are there?").text.split("**Sources**")[0]
    assert "through a union or employer apprenticeship" in body and "staffing agencies" in body, (
        "both ways in"
    )


TERMS = """# Welding processes

The common processes:

**MIG** — Metal inert gas welding. Easy to learn and fast.

**TIG** — Tungsten inert gas welding. Requires steady hands and gives the cleanest welds.
**Stick:** Shielded metal arc welding. Works outdoors and in wind.

Most schools teach all three.

**Note**: every process needs eye protection.
"""


def test_bold_terms_with_their_definitions_are_a_list_of_entries(tmp_path):
    path = tmp_path / "processes.md"
    path.write_text(TERMS, "utf-8")
    units = [u for p in split_document(read_document(path), 700, 100) for u in p.units]
    items = [u.text for u in units if u.kind == "item"]
    assert [i.split()[0] for i in items] == ["MIG", "TIG", "Stick:"], items
    assert any(i.startswith("TIG") and "Requires steady hands" in i for i in items), (
        "a sentence keeps its term"
    )
    assert "Note: every process needs eye protection." in [u.text for u in units if u.kind == "sentence"]


def test_a_question_that_names_one_entry_gets_that_entry_not_the_list(tmp_path):
    adv = advisor_for(tmp_path, {"processes.md": TERMS})
    body = adv.ask("What does TIG welding need?").text.split("**Sources**")[0]
    assert "Requires steady hands" in body and "MIG" not in body and "Stick" not in body, body
    body = adv.ask("What do MIG and TIG welding need?").text.split("**Sources**")[0]
    assert "Easy to learn" in body and "Requires steady hands" in body and "Stick" not in body, body
    body = adv.ask("Which welding processes are common?").text.split("**Sources**")[0]
    assert all(name in body for name in ("MIG", "TIG", "Stick")), "naming no entry, the list is whole"


def test_a_place_or_organisation_the_corpus_never_names_is_declined(tmp_path):
    adv = advisor_for(tmp_path)
    for question in (
        "How do I become a welder in Canada?",
        "In Germany, what are the steps to become a welder?",
        "how do i become a welder in canada?",
    ):
        assert not adv.ask(question).grounded, question
    assert adv.ask("can i take the welding certification test at home?").grounded, "'at home' is no place"
    assert adv.ask("What are the steps to become a welder in the US?").grounded, (
        "an acronym is not a name here"
    )
    assert adv.ask("Does the American Welding Society certify welders?").grounded, "a name the corpus uses"


PAY = (
    "# Welder pay\n\n## National pay for welders\n\n"
    "The median annual wage for welders was $48,940 in May 2023. "
    "Pay is highest in petroleum and coal products manufacturing.\n"
)
TRADES = (
    "# Welding and related trades\n\n## Welder vs pipefitter\n\nPipefitters follow a similar path: "
    "an apprenticeship and a state licence. The difference is the work: pipefitters lay pipe, "
    "welders join metal.\n"
)


def test_a_figure_is_given_only_of_the_subject_asked(tmp_path):
    adv = advisor_for(tmp_path, {"pay.md": PAY, "trades.md": TRADES})
    answer = adv.ask("how much do welders make a year?")
    assert answer.grounded and "$48,940" in answer.text, answer.text
    # The guides speak of pipefitters ("Welder vs pipefitter") but give no pipefitter pay:
    # the welders' wage is about another subject.
    assert not adv.ask("how much do pipefitters make a year?").grounded
    # A place or employer the guides never name, as users type it, narrows the question away ...
    assert not adv.ask("how much do welders make at acme fabrication in ohio?").grounded
    assert not adv.ask("how much do welders make in ohio manufacturing?").grounded
    # ... but a clipped word of the guides' own ("petro" for "petroleum") is no such name.
    assert adv.ask("how much do welders make in petro manufacturing?").grounded
    # Of any type of question, a subject no guide names is not answered about another one
    for question in ("do boilermakers need a licence?", "why would anyone become a boilermaker?"):
        assert not adv.ask(question).grounded, question
    for question in ("do welders need a licence?", "do welders ever need a certificate?"):
        assert adv.ask(question).grounded, question


LONG_STEPS = "\n".join(
    f"{n}. {step}. Plan on several weeks for this part of the path, and keep a record of what you did."
    for n, step in enumerate(
        [
            "Finish high school or a GED",
            "Take a welding course at a community college",
            "Learn to read blueprints and welding symbols",
            "Practise the four main welding processes",
            "Pass a certification test of the American Welding Society",
            "Apply for an apprenticeship with a union or an employer",
            "Log your hours under a journey-level welder",
            "Renew your certification every six months",
        ],
        1,
    )
)


def test_a_list_cut_over_several_passages_is_answered_whole(tmp_path):
    guide = f"# How to become a welder\n\n## The steps, in order\n\n{LONG_STEPS}\n"
    adv = Advisor(
        settings_for(guides(tmp_path, {"steps.md": guide}, welder=False), tmp_path / "index", chunk_size=150)
    )
    passages = [p for p in adv.library.passages.values() if p.meta["section"] == "The steps, in order"]
    assert len(passages) >= 3, "the list is long enough to be cut"
    answer = adv.ask("what are the steps to become a welder, in order?")
    body = answer.text.split("**Sources**")[0]
    assert "1. Finish high school" in body and "8. Renew your certification" in body


ROLES = """# Welder, Pipefitter and Boilermaker: How the Metal Trades Differ

## The short version

- Welder: tradesperson who joins metal parts with heat, in shops, plants and on site.
- Pipefitter: tradesperson who lays out, assembles and maintains piping systems for steam or gas.
- Boilermaker: tradesperson who builds and repairs boilers, tanks and other large vessels.

## Pipefitter

Pipefitters are often compared to plumbers, and a pipefitter job is a real trade.
Many of them learn welding as well, since steel pipe is joined by welds.

How the pipefitter job differs from the welder job:

- Pipefitters read piping drawings and plan whole systems.
- Pipefitters test finished systems under pressure.
- Pipefitters work mostly in plants, refineries and ships.
"""


def test_the_guides_own_entry_for_a_term_says_what_it_is_first(tmp_path):
    files = {"roles.md": ROLES, "terms.md": GLOSSARY, "processes.md": TERMS, "faq.md": FAQ, "kinds.md": KINDS}
    adv = advisor_for(tmp_path, files)
    for question in ("What is a pipefitter?", "whats a pipefitter? is that a real job"):
        body = adv.ask(question).text.split("**Sources**")[0]
        assert body.index("lays out, assembles") < body.index("compared to plumbers"), body
    body = adv.ask("why do pipefitters learn welding?").text.split("**Sources**")[0]
    assert body.startswith("Many of them learn welding"), "an entry named in passing is not the answer"
    body = adv.ask("where do welders work besides shops?").text.split("**Sources**")[0]
    assert "tradesperson who joins metal parts" not in body, (
        "the corpus's own subject is named by every question: its entry does not lead"
    )


BRITISH = """# Becoming a Welder in Britain

## Do I need a degree to become a welder?

No. Employers ask for a high school diploma and experience, and a welding course helps.

## Licences

There is no welder licence. Employers ask for a coded welder certificate for each welding
process instead, renewed every six months.

## Training

Most welders train on an apprenticeship programme at a further education centre.
"""


def test_a_question_spelt_the_american_way_finds_a_guide_spelt_the_british_way(tmp_path):
    adv = advisor_for(tmp_path, {"britain.md": BRITISH, "terms.md": GLOSSARY, "processes.md": TERMS})
    body = adv.ask("is there a license you need to be a welder?").text.split("**Sources**")[0]
    assert body.startswith("There is no welder licence"), body


LEVELS = """# From Helper to Foreman: How Welders Move Up

Most shops promote from within, and a welder can climb in about ten years.

**Level 1: Welder's helper**

Helpers grind, fit and tack parts for the welders they work beside.

**Level 2: Journeyman welder**

Journeymen weld on their own and pass a certification test for each process.

**Level 3: Welding foreman**

Foremen plan the work of a crew and check its welds.

**How to climb faster**

Take on the jobs nobody else wants, and learn to read drawings early.
"""


def test_sub_headings_that_start_with_what_is_asked_are_the_answer_in_order(tmp_path):
    adv = advisor_for(tmp_path, {"levels.md": LEVELS, "roles.md": ROLES, "terms.md": GLOSSARY, "faq.md": FAQ})
    body = adv.ask("what are the levels in welding from the bottom to the top?").text.split("**Sources**")[0]
    assert body.index("helper") < body.index("Journeyman welder") < body.index("Welding foreman"), body
