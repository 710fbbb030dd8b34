"""Follow-up questions inherit the conversation's topic, and only when they refer back."""

from advisor.followup import is_followup, standalone


def specific(term: str) -> bool:
    return term in {"cka", "togaf", "googl", "aw"}


def test_a_question_that_stands_alone_is_unchanged():
    history = [{"role": "user", "content": "What does an AI architect do?"}]
    q = "What certifications help an aspiring AI architect the most?"
    assert standalone(q, history, specific) == q


def test_a_referring_question_takes_the_earlier_topic():
    history = [
        {"role": "user", "content": "What does an AI architect do?"},
        {"role": "assistant", "content": "They design AI systems."},
    ]
    assert "architect" in standalone("and what do they earn?", history, specific)


def test_a_new_subject_replaces_the_old_one_but_keeps_the_intent():
    history = [{"role": "user", "content": "What is the price of the CKA exam?"}]
    query = standalone("what about TOGAF?", history, specific)
    assert "price" in query and "cka" not in query.lower()


def test_follow_up_detection():
    assert is_followup("and for research scientists?")
    assert is_followup("is that one still available?")
    assert not is_followup("What education and degrees do employers expect from AI architects?")
