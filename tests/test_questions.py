"""The kind of answer a question wants is read from its form, for any career."""

from __future__ import annotations

import pytest

from advisor.compose import FIGURES, figure_kind, new_figure
from advisor.questions import QuestionType, asks, classify, extreme, hints, sides

T = QuestionType
CASES = [
    ("How much do AI architects earn?", T.QUANTITY),
    ("how long is the NCLEX-RN?", T.QUANTITY),
    ("How many questions are on the exam?", T.QUANTITY),
    ("What are the steps to become a registered nurse?", T.LIST),
    ("what skills does a data analyst need?", T.LIST),
    ("how do I become an electrician?", T.LIST),
    ("How is an AI architect different from an AI engineer?", T.COMPARISON),
    ("What's the difference between an LPN and an RN?", T.COMPARISON),
    ("plumber vs electrician", T.COMPARISON),
    ("Which certifications should I get?", T.RECOMMENDATION),
    ("what should I major in?", T.RECOMMENDATION),
    ("Do I need a degree to become a nurse?", T.YES_NO),
    ("Is the AWS Machine Learning Specialty still available?", T.YES_NO),
    ("Can you list the duties?", T.LIST),
    ("what endorsements can you add? list all of them", T.LIST),  # a request to list asks a list
    ("What does a registered nurse do?", T.LIST),  # what a job does is its list of duties
    ("What is an APRN?", T.DEFINITION),
    ("What is the NCLEX?", T.DEFINITION),
    ("why would a company need one", T.GENERAL),
    # a yes/no question may open with its condition
    ("if i fail the exam, can i take it again?", T.YES_NO),
    ("if i pick the tax one am i stuck doing tax work?", T.YES_NO),
    ("ok but if im only a seasonal do i actually get that much", T.YES_NO),  # "but" before the condition
    ("when the exam retires, do i lose my certificate?", T.YES_NO),
    ("if I have a degree already, how long does it take?", T.QUANTITY),
    ("When can I take the road test?", T.GENERAL),  # a question of time, not a condition
    ("once I pass, can I drive right away?", T.YES_NO),
    # of two questions in one message, the last asks for the answer; one without a form does not
    ("does azure ai fundamentals expire? and what's the exam fee", T.QUANTITY),
    ("is it a good career? how much do they make", T.QUANTITY),
    ("how much does the exam cost? thanks", T.QUANTITY),
    ("what's a pipefitter? is that a real job", T.DEFINITION),  # the last only checks the first
    (
        "wait what's this 150 hour rule everyone talks about",
        T.DEFINITION,
    ),  # a chat opening, then the question
    ("rn vs lpn whats the difference? school, pay, all that", T.COMPARISON),  # compared by aspects
    ("what are the different ways drivers get paid", T.LIST),  # the ways, not a figure
    ("how much do drivers get paid", T.QUANTITY),
    ("are apprentices paid more than helpers?", T.YES_NO),
    ("how do i get a paid internship at a studio", T.GENERAL),  # "paid" describes what is asked: no figure
    ("what do LPNs make?", T.QUANTITY),  # "make" with nothing made is pay
    ("what the pass rate for the exam?", T.QUANTITY),  # a rate is a figure
    ("wait what a CLP? is that the same as a cdl", T.DEFINITION),  # "whats" as repaired: "what" and a thing
    ("what exactly is an APRN? my aunt says she is one", T.DEFINITION),  # an adverb before "is"
    ("what OTIF mean? keeps showing up in job postings", T.DEFINITION),  # "whats X mean", as repaired
    ("what about hvac techs, what do they make a year", T.QUANTITY),
    ("what do i need to make?", T.GENERAL),  # what one must make is no pay
    ("is a pastry chef basically just a baker?", T.COMPARISON),  # whether one thing is another: compared
    ("is it basically free?", T.YES_NO),  # "it" is no side
    ("What do I have to complete to earn the ASA designation?", T.GENERAL),  # a credential earned is no pay
    ("how much do you earn a year?", T.QUANTITY),
    # what its words ask of, however phrased: a figure verb with its qualifiers, a verb "as" (what counts),
    # two sides joined by "and" with a sameness word or by a figure verb's "more than", a plural noun's kind
    ("what do welders usually make an hour in ohio?", T.QUANTITY),
    ("what counts as night flying time?", T.DEFINITION),
    ("aren't plumbers and pipefitters basically the same job?", T.COMPARISON),
    ("do hospital nurses get paid more than the ones at clinics?", T.COMPARISON),
    ("what badges look good on an application?", T.LIST),
    (
        "what does a tech have to do to earn the VTS credential?",
        T.GENERAL,
    ),  # what one must do, not what X does
]


@pytest.mark.parametrize(("question", "expected"), CASES, ids=[c[0] for c in CASES])
def test_question_type_is_read_from_the_form(question, expected):
    assert classify(question) == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How is an AI architect different from an AI engineer?", ("AI architect", "AI engineer")),
        ("What's the difference between an LPN and an RN?", ("LPN", "RN")),
        (
            "network architect or ai architect, how do those jobs differ?",
            ("network architect", "ai architect"),
        ),
        ("plumber vs electrician", ("plumber", "electrician")),
        # what is compared is not a side, nor is a word that only says "ordinary"
        ("welder vs plumber pay, how big is the gap?", ("welder", "plumber")),
        ("who makes more, a power line installer or a regular plumber?", ("power line installer", "plumber")),
        ("vet tech vs vet assistant whats the difference", ("vet tech", "vet assistant")),  # a question after
        ("is a pastry chef basically just a baker?", ("pastry chef", "baker")),
        ("aren't plumbers and pipefitters basically the same job?", ("plumbers", "pipefitters")),
        ("do nurses get paid more than the ones at clinics?", ("nurses", "nurses at clinics")),
    ],
)
def test_a_comparison_names_its_two_sides(question, expected):
    assert sides(question) == expected


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How old do you have to be to get the licence?", "age"),
        ("what's the minimum age to start?", "age"),
        ("how often do I have to renew it?", "duration"),
        ("how long is the exam?", "duration"),
        ("how much does it cost?", "money"),
        ("what is the job growth rate?", "percent"),
        ("whats the hourly rate for a new electrician?", "money"),  # a rate of pay is money
        # not money: an amount of the thing named, in the figure the guides state it in (years, hours, %)
        ("how much experience do you need for the master certificate?", "amount"),
        ("how much longer does the text get in german?", "amount"),
        ("what is the pay rate for apprentices?", "money"),
        # a percentile is a rank of people, not a percentage figure
        ("how much do the best paid make, like the 90th percentile?", "money"),
    ],
)
def test_a_quantity_question_says_which_figure_it_wants(question, kind):
    assert figure_kind(question) == kind


def test_a_follow_up_asks_for_the_figure_its_own_words_name():
    # "how much does it cost?" after "how long does the course take?" carries "long ... take"
    carried = "how much does it cost? (long course take)"
    assert figure_kind("how much does it cost?", "how long does the course take?", carried) == "money"
    assert figure_kind("what about the other one?", "what about the other one? (long course take)") == (
        "duration"
    ), "a follow-up naming no figure asks what the question before it asked"
    # the earlier question's own form ("how old"), not the words carried from it ("old")
    own, carried = "what about the permit?", "what about the permit? (old licence)"
    assert figure_kind(own, "how old do you have to be for a licence?", carried) == "age"
    assert figure_kind("how much does it cost to take the exam?") == "money"


def test_a_time_counted_in_seasons_is_a_duration():
    # seasonal work is counted in seasons: "how many seasons does it take" is answered by "two to six seasons"
    duration = FIGURES["duration"]
    assert figure_kind("how many seasons does that usually take?") == "duration"
    assert duration.search("Many rangers spend two to six seasons here before landing a permanent job.")
    assert duration.search("It takes 3 semesters.") and not duration.search("Seasonal work is common.")


def test_an_age_is_a_figure_of_its_own():
    age = FIGURES["age"]
    for text in ("at a minimum age of 23", "You must be at least 17 years old.", "must retire at 65"):
        assert age.search(text), text
    assert not age.search("It costs $250 and takes 120 minutes."), "money and minutes are not ages"


def test_a_figure_the_question_already_gave_is_no_news():
    asked = {"1,500"}
    assert not new_figure("This is the so-called 1,500-hour rule.", asked)
    assert new_figure("It took effect in 2013.", asked)
    assert not new_figure("The AI-103 exam replaced it.", set()), "a code is not a figure"


def test_a_thing_worth_getting_is_not_a_question_about_the_career_outlook():
    # "certifications worth getting" asks which ones, not whether the career pays
    assert "outlook" not in hints("besides the license are there any certifications worth getting?")
    assert "outlook" in hints("is becoming a welder worth it?")


def test_whether_there_are_jobs_asks_about_the_outlook():
    # "are there jobs out there for X?" asks how many there will be; "are there X jobs off the road?"
    # asks which other jobs there are
    assert "outlook" in hints("are there actually jobs out there for welders?")
    assert "outlook" in hints("is it hard to find a job as a welder?")
    assert "outlook" not in hints("are there welding jobs off the road?")


def test_what_they_make_you_do_is_not_what_they_do():
    assert "duties" not in hints("what do hygiene programs make you do before you can start clinic?")
    assert "duties" in hints("what does a welder actually do?")


def test_what_they_make_you_have_asks_for_requirements():
    assert "requirements" in hints("what else do they make you have besides good grades?")
    assert "requirements" in hints("what classes do they make you take?")
    assert "requirements" in hints("ok what else do they usually make you do before clinicals besides that")
    assert "requirements" not in hints("what do they make a year?")


def test_whether_one_has_to_asks_if_it_is_required():
    # guides say "required" or "voluntary", never "have to": "Is certification required?"
    assert "required" in hints("and do i have to get certified on top of that?")
    assert "required" in hints("if i move states, do i have to retake the exam?")
    assert "required" in hints("must i join the union?")
    assert "required" not in hints("how old do you have to be?")  # a figure asked, not whether
    assert "required" not in hints("what do i have to do to get my license?")  # the steps asked


def test_what_i_would_be_doing_as_a_role_asks_what_it_does():
    assert "duties" in hints("what would i be doing day to day as a staff welder")
    assert "duties" in hints("what will you do as the lead welder, like the main tasks?")
    assert "duties" not in hints("what would i be doing wrong if i skip the bend test?")
    assert "duties" not in hints("what would i do after school, as in the next step?")


def test_what_you_need_to_do_is_not_what_a_job_does():
    # "what do i need to do to get X" asks for steps or requirements, not a role's duties
    asked = "what do i need to do to get the hazmat endorsement?"
    assert classify(asked) is not T.LIST and "duties" not in hints(asked)
    assert classify("what do electricians actually do?") is T.LIST


@pytest.mark.parametrize(
    ("message", "questions"),
    [
        (
            "how many questions are on the exam and how long do you get?",
            ["how many questions are on the exam", "how long do you get?"],
        ),
        (
            "what does a dispatcher do all day, and do they need a cdl?",
            ["what does a dispatcher do all day", "do they need a cdl?"],
        ),
        (
            "how much is the exam? and what happens if i fail",
            ["how much is the exam?", "and what happens if i fail"],
        ),
        ("wait whats a CLP? is that the same as a cdl", ["wait whats a CLP?", "is that the same as a cdl"]),
        # a comparison by two aspects asks each; a question after a comparison that names no side asks both
        (
            "rn vs lpn, what the difference in hours and pay?",
            ["rn vs lpn, what the difference in hours?", "rn vs lpn, what the difference in pay?"],
        ),
        (
            "rn or lpn, what the difference in pay and how long does school take?",
            ["rn or lpn, what the difference in pay", "rn vs lpn, how long does school take?"],
        ),
        (
            "rn vs lpn, which pays more and what does an lpn do?",
            ["rn vs lpn, which pays more", "what does an lpn do?"],
        ),
        # ... one that names a side ("agents" of "agent") asks its own question
        (
            "the difference between an agent and a loan officer? do agents approve mortgages",
            ["the difference between an agent and a loan officer?", "do agents approve mortgages"],
        ),
        # one question: "and" inside it, or a remark after it
        (
            "what's the difference between an ADN and a BSN?",
            ["what's the difference between an ADN and a BSN?"],
        ),
        ("whats the median salary, and per hour?", ["whats the median salary, and per hour?"]),
        (
            "is it going to rain this weekend? i have open houses lol",
            ["is it going to rain this weekend? i have open houses lol"],
        ),
    ],
)
def test_a_message_is_read_as_the_questions_it_asks(message, questions):
    assert asks(message) == questions


def test_how_much_experience_asks_how_long_not_a_price_or_pay():
    asked = "how much experience do you need for the inspector certificate?"  # an amount of it: years here
    assert figure_kind(asked) == "amount" and not {"cost", "salary"} & set(hints(asked).split())
    assert FIGURES["amount"].search("two years of inspection experience")
    assert "cost" in hints("how much does the inspector certificate cost?")


def test_both_ends_asked_is_a_range_not_a_ranking():
    assert extreme("which state pays the most?") == 1
    assert extreme("where is pay at the bottom?") == -1
    assert extreme("whats the pay range for a gs 9 ranger, bottom to top step") == 0
    assert extreme("what are the highest and lowest salaries?") == 0


def test_the_best_thing_to_do_asks_advice_not_a_ranking_and_searches_what_matters_most():
    # "the best thing I can do" is no top row of a table; guides say "the most important / useful thing"
    assert extreme("whats the one best thing i can do to land an actuary job") == 0
    assert extreme("which state pays the best?") == 1
    assert "important" in hints("im a freshman who wants to be a ranger. what should i focus on first?")


def test_an_entry_term_may_hold_an_initial_but_not_a_sentence():
    # a table row's term with "U.S." in it is still an entry ("Term — Amount: $48,060"), so its table can be
    # given whole; a sentence that ends before a colon is no entry
    from advisor.compose import _ENTRY

    assert _ENTRY.match("Median annual wage, all U.S. occupations — Amount: $48,060")["term"].endswith(
        "occupations"
    )
    assert not _ENTRY.match("It is fine. Really: yes")


def test_keeping_a_credential_from_lapsing_asks_how_it_is_renewed():
    assert "renew" in hints("how do you keep your cota certification from lapsing")
