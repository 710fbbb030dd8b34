"""Follow-ups take their subject from the conversation; a new explicit subject wins."""

import re

from advisor.core import mine_subjects
from advisor.followup import Subjects, is_followup, standalone
from advisor.text import terms

SUBJECTS = Subjects(
    names=frozenset({"cka", "togaf", "googl", "aw", "lpn", "nclex"}), domain=frozenset({"nurs"})
)


def user(text):
    return {"role": "user", "content": text}


def test_a_question_that_stands_alone_is_unchanged():
    history = [user("What does an RN do?")]
    q = "What certifications help an aspiring nurse the most?"
    assert standalone(q, history, SUBJECTS) == q


def test_a_referring_question_takes_the_earlier_subject():
    history = [user("How much does the CKA exam cost?"), {"role": "assistant", "content": "$445."}]
    query = standalone("and how long is it valid?", history, SUBJECTS)
    assert "cka" in query.lower() and query.startswith("and how long is it valid?")


def test_a_new_subject_replaces_the_old_one_and_keeps_the_aspect():
    history = [user("What is the price of the CKA exam?")]
    query = standalone("what about TOGAF?", history, SUBJECTS)
    assert "price" in terms(query) and "cka" not in query.lower()


def test_a_question_with_its_own_subject_is_not_a_follow_up():
    history = [user("How much does the CKA exam cost?")]
    assert standalone("How much do nurses earn?", history, SUBJECTS) == "How much do nurses earn?"


def test_a_subject_the_user_left_is_never_brought_back():
    history = [user("How much does the CKA exam cost?"), user("How much do nurses earn?")]
    assert "cka" not in standalone("and what about their hours?", history, SUBJECTS).lower()


def test_subjects_come_from_any_corpus():
    docs = [
        "Registered nurses sit the NCLEX-RN. Many nurses work in hospitals.",
        "A Licensed Practical Nurse (LPN) works under an RN. The LPN sits the NCLEX-PN. Nurses help.",
        "Most nurses work shifts. Some nurses join the Nurse Licensure Compact.",
    ]
    subjects = mine_subjects(docs)
    assert {"lpn", "compact"} <= subjects.names
    assert "nurs" in subjects.domain and "nurs" not in subjects.names
    assert "hospit" not in subjects.names


def test_follow_up_detection():
    assert is_followup("and for research scientists?")
    assert is_followup("is that one still available?")
    assert is_followup("how long is each part?")  # the parts of what was asked before
    assert is_followup("how much?")
    assert is_followup("how long do i have to pass both parts?")  # "both" points back at two things
    assert not is_followup("do i need both the NBDHE and a clinical exam?")
    assert not is_followup("How much do AI architects earn?")
    assert not is_followup("What education and degrees do employers expect from AI architects?")
    # "there" points at a place, not when "are there" says that something exists
    assert is_followup("how much do they make there?")
    assert not is_followup("how many wardens are there in the us")


def test_a_bare_number_is_no_subject_but_a_code_is():
    # "im 38, am i too old ...?" names no subject; "AI-102" and "70E" do.
    subjects = mine_subjects(["The wait is 38 days. Take AI-102 or the NFPA 70E course."])
    assert "38" not in subjects.names
    assert {"ai-102", "70e"} <= subjects.names


def assistant(text):
    return {"role": "assistant", "content": text}


def test_what_comes_next_is_asked_of_where_the_user_is():
    # "next" points back at what the user said they have done, as "then" or "after that" would
    assert is_followup("so can i start selling houses now or what do i do next")
    assert not is_followup("can i start selling houses right after the exam")


def test_what_to_do_next_after_passing_the_exam(corpus_advisor):
    history = [
        user("just passed the texas real estate exam!!"),
        assistant("Congratulations! Passing the exam covers the testing part of getting licensed in Texas."),
    ]
    agents = corpus_advisor("real-estate-agent")
    answer = agents.ask("so can i start selling houses now or what do i do next", history=history)
    assert "sponsor" in answer.text.split("**Sources**")[0]


def test_a_question_ending_in_though_leans_on_the_one_before(corpus_advisor):
    # a closing "though" sets the question against what was just said; "even though" inside it does not
    assert is_followup("which 3 classes tho") and is_followup("how long does it take though?")
    assert not is_followup("can i become an agent even though i work full time?")
    history = [
        user("how many prelicensing hours does california require"),
        assistant("California requires three college-level courses of 45 hours each, 135 hours in total."),
    ]
    answer = corpus_advisor("real-estate-agent").ask("which 3 classes tho", history=history)
    assert "Principles" in answer.text.split("**Sources**")[0], answer.text


def test_chat_filler_names_nothing_a_follow_up_did_not_lean_on(corpus_advisor):
    # "sorry" names nothing: "sorry whats the pass?" asks of the pass the reply just spoke of, the kitchen's
    history = [
        user("what does the head chef do during dinner service?"),
        assistant("During service the chef usually runs the pass and calls out tickets."),
    ]
    assert "dinner" in standalone("sorry, what is the pass?", history, SUBJECTS)
    answer = corpus_advisor("chef").ask("sorry whats the pass?", history=history)
    assert "dining room" in answer.text.split("**Sources**")[0], answer.text


def test_whether_certification_is_required_on_top_of_a_degree(paralegal_advisor):
    # the guide's FAQ asks "Is certification required?" and answers "No. National certification is voluntary."
    history = [
        user("do you need a degree to be a paralegal?"),
        assistant("Most people enter with an associate's degree or a paralegal certificate."),
    ]
    answer = paralegal_advisor.ask("and do i have to get certified on top of that?", history=history)
    assert "voluntary" in answer.text.split("**Sources**")[0]


WHERE = [  # where chefs work: the answer names the places
    user("where do most chefs work?"),
    assistant("Restaurants are the biggest employer, followed by caterers, hotels and recreation venues."),
]


def test_those_an_answer_named_are_what_a_follow_up_asks_of():
    assert "hotels" in standalone("which of those pays the best tho?", WHERE, SUBJECTS)
    # after a question that names no things to choose from, "that one" is what the user asked of
    history = [user("how much does the CKA exam cost?"), assistant("It costs $445 with a free retake.")]
    assert "retake" not in standalone("how long is that one valid?", history, SUBJECTS)


def test_which_of_the_places_named_pays_best(corpus_advisor):
    answer = corpus_advisor("chef").ask("which of those pays the best tho?", history=WHERE)
    assert re.search(r"65,070|64,940|31\.29|31\.22", answer.text.split("**Sources**")[0])


HANDS_ON = [  # a reply that opens on deploying models "in the cloud"
    user("how do I get hands-on experience for AI architecture?"),
    assistant("Work on projects: build end-to-end ML pipelines, deploy models in the cloud, use containers."),
]


def test_there_after_a_which_question_is_the_place_the_answer_named(corpus_advisor):
    # "which state pays the most?" is answered by naming a state: "there" is that state, not the pay question
    history = [
        user("which state pays dental hygienists the most"),
        assistant("Washington had the highest annual mean wage, about $123,510 in May 2023."),
    ]
    question = "how many hygienists actually work there?"
    assert "washington" in standalone(question, history, SUBJECTS)
    answer = corpus_advisor("dental-hygienist").ask(question, history=history)
    assert "6,620" in answer.text.split("**Sources**")[0], answer.text


def test_that_one_points_past_a_name_the_question_uses_to_what_was_asked_before(corpus_advisor):
    # "CE hours ... for *that one*": CE is what is counted, "that one" the VTS asked of before; a message that
    # opens by naming its subject ("and the CKA, who's that one for?") means that one by it
    history = [
        user("what's a VTS"),
        assistant("A Veterinary Technician Specialist is an advanced credential earned through an academy."),
    ]
    subjects = Subjects(names=frozenset({"ce", "vts", "cka"}))
    question = "how many CE hours do you need for that one"
    assert "vts" in standalone(question, history, subjects)
    assert "vts" not in standalone("and the CKA, who's that one for?", history, subjects)
    answer = corpus_advisor("veterinary-technician").ask(question, history)
    assert "40 hours" in answer.text.split("**Sources**")[0], answer.text


def test_whether_a_seasonal_gets_the_pay_just_given(corpus_advisor):
    # "ok but if ...": "but" before a yes/no question's condition hides none of its form; a seasonal
    # is paid only for the weeks worked, about half the annual figure
    history = [
        user("how much does a gs-5 ranger make"),
        assistant("In 2025 GS-5 base pay ran from about $34,500 at step 1 to $44,800 at step 10."),
    ]
    question = "ok but if im only a seasonal do i actually get that much"
    answer = corpus_advisor("park-ranger").ask(question, history)
    assert "weeks worked" in answer.text.split("**Sources**")[0], answer.text


def test_a_question_naming_only_what_was_just_said_asks_more_of_it():
    # "clouds" is the reply's word and "specifically" names nothing: it asks which clouds, for hands-on work
    assert "hands-on" in standalone("which clouds specifically?", HANDS_ON, SUBJECTS)
    # a question naming something new stands alone, as before
    assert standalone("which clouds pay the most?", HANDS_ON, SUBJECTS) == "which clouds pay the most?"


CYBER = [user("what cert should i get first for cybersecurity?"), assistant("Start with CompTIA Security+.")]


def test_a_question_naming_only_what_half_the_guides_say_asks_of_what_was_just_said():
    # in a site's guides to many careers, most of which name an exam, "the exam" is the one just recommended
    subjects = Subjects(names=frozenset({"comptia", "secur"}), domain=frozenset({"exam", "pass"}))
    assert "cybersecurity" in standalone("how long is the exam?", CYBER, subjects)
    assert standalone("how long is the bar exam?", CYBER, subjects) == "how long is the bar exam?"


def test_how_long_is_the_exam_after_a_recommended_cert(hub_advisor):
    answer = hub_advisor.ask("how long is the exam and whats a passing score?", history=CYBER)
    assert "90-minute" in answer.text.split("**Sources**")[0]


def test_which_clouds_specifically(advisor):
    text = advisor.ask("which clouds specifically?", history=HANDS_ON).text.split("**Sources**")[0]
    assert all(cloud in text for cloud in ("AWS", "Azure", "Google Cloud"))


def test_a_follow_up_naming_nothing_asks_its_figure_of_what_was_asked_of_before(corpus_advisor):
    # "they" are the chief actuaries asked of: their rung's pay, not every rung's of the pay table
    history = [
        user("What does a chief actuary do?"),
        assistant("A chief actuary oversees all actuarial functions of an insurer and reports to the CFO."),
    ]
    answer = corpus_advisor("actuary").ask("how much do they make?", history=history)
    assert "$250,000" in answer.text.split("**Sources**")[0].splitlines()[0]
