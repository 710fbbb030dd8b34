"""The eval scorers themselves: they must reward truth and catch errors."""

import pytest

from evals.run import Outcome, check_thresholds, parse_thresholds, summarise
from evals.scoring import fact_hits, score_citations, supports

QUOTE = "According to Glassdoor, the average base salary for an AI architect in the US is $133,904 [6]."
CITATIONS = [{"n": 1, "quote": QUOTE}]


def test_a_correct_answer_scores_one():
    text = "The average base salary for an AI architect in the US is $133,904 [1].\n\n**Sources**\n1. x"
    assert fact_hits(text, [r"133,?904"]) == [True]
    score = score_citations(text, CITATIONS)
    assert (score.markers, score.valid, score.supported, score.precise) == (1, 1, 1, 1)


def test_formatting_of_numbers_is_tolerated():
    assert fact_hits("It pays $133904 a year [1].", [r"133,904"]) == [True]


def test_a_wrong_number_scores_zero_and_is_unsupported():
    text = "The average base salary for an AI architect in the US is $150,000 [1]."
    assert fact_hits(text, [r"133,?904"]) == [False]
    score = score_citations(text, CITATIONS)
    assert score.supported == 0 and score.unsupported


def test_an_unsupported_citation_is_caught():
    text = "Kubernetes is required for every TOGAF exam [1]."
    assert not supports(QUOTE, "Kubernetes is required for every TOGAF exam")
    assert score_citations(text, CITATIONS).supported == 0


def test_a_heading_shown_in_bold_before_a_claim_is_not_part_of_it():
    # the heading ("Step 1: ...") is the section's, not the quote's; a colon inside it splits nothing
    text = "- **Step 1: Build a strong math foundation in high school:** The salary is $133,904 [1]."
    score = score_citations(text, CITATIONS)
    assert (score.sentences, score.supported) == (1, 1), score.unsupported


def test_a_claim_after_a_bold_verdict_is_still_checked_against_its_quote():
    # "**Yes.**" opens the answer; the sentence after it is a claim like any other
    assert score_citations("**Yes.** The salary is $133,904 [1].", CITATIONS).supported == 1
    score = score_citations("**Yes.** The salary is $150,000 [1].", CITATIONS)
    assert (score.sentences, score.supported) == (1, 0)


def test_a_marker_without_citation_is_invalid():
    score = score_citations("The salary is $133,904 [3].", CITATIONS)
    assert score.markers == 1 and score.valid == 0


def test_facts_in_the_sources_list_do_not_count():
    text = "No idea.\n\n**Sources**\n1. AWS Certified Machine Learning – Specialty"
    assert fact_hits(text, ["Specialty"]) == [False]


def outcome(decline_expected: bool, grounded: bool) -> Outcome:
    case = {
        "id": "c",
        "split": "dev",
        "question": "q",
        "decline": decline_expected,
        "facts": [],
        "docs": [],
        "tags": [],
        "history": [],
    }
    answer = {"grounded": grounded, "citations": [], "text": "", "query": "q"}
    return Outcome(case, answer, 0.01, [], None, score_citations("", []), [])


def test_declines_are_recognised():
    summary = summarise(
        [outcome(True, False), outcome(True, True), outcome(False, False), outcome(False, True)]
    )
    assert summary["decline_recall"] == 0.5  # one of two decline cases declined
    assert summary["decline_precision"] == 0.5  # one of two declines was right
    assert check_thresholds(summary, {"decline_recall": 0.9}) == ["decline_recall = 0.5 (below 0.9)"]


def test_what_composing_loses_is_counted_apart_from_what_retrieval_missed():
    case = {"id": "c", "split": "dev", "question": "q", "decline": False, "facts": ["x"], "docs": []}
    case |= {"tags": [], "history": []}
    answer = {"grounded": True, "citations": [], "text": "", "query": "q"}

    def run(stated: bool, retrieved: bool) -> Outcome:
        return Outcome(case, answer, 0.01, [stated], None, score_citations("", []), [], retrieved)

    # Retrieval found the fact twice; the answer kept it once. A miss by retrieval
    # itself does not count against composing.
    summary = summarise([run(True, True), run(False, True), run(False, False)])
    assert summary["retrieved_facts"] == round(2 / 3, 3)
    assert summary["keeps_retrieved"] == 0.5


def test_a_threshold_can_hold_for_one_suite_only():
    thresholds = parse_thresholds(["electrician:pass_rate=0.8", "citation_validity=1.0"])
    summary = {"pass_rate": 0.7, "citation_validity": 1.0}
    assert check_thresholds(summary, thresholds, "electrician") == ["pass_rate = 0.7 (below 0.8)"]
    assert check_thresholds(summary, thresholds, "firefighter") == []


def test_a_suite_must_stay_within_the_gap_of_another():
    from evals.run import GoldenError, check_within, parse_within

    rules = parse_within(["mixed=markdown:0.02"], ["markdown", "mixed"])
    assert rules == [("mixed", "markdown", 0.02)]
    results = {"markdown/hybrid": {"pass_rate": 0.964}, "mixed/hybrid": {"pass_rate": 0.946}}
    assert check_within(results, rules, ["hybrid"], several=True) == []
    results["mixed/hybrid"]["pass_rate"] = 0.929
    assert check_within(results, rules, ["hybrid"], several=True) == [
        "mixed pass rate 0.929 is more than 0.02 below markdown's 0.964 (hybrid)"
    ]
    with pytest.raises(GoldenError, match="run mixed too"):
        parse_within(["mixed=markdown:0.02"], ["markdown"])


def test_every_corpus_suite_embeds_with_the_one_model_build_of_the_configured_index(tmp_path):
    from advisor.settings import Settings
    from evals.run import SUITES, suite_settings

    base = Settings(index_dir=tmp_path / "index")
    chosen = [suite_settings(base, SUITES[name]) for name in ("electrician", "police-officer")]
    assert [s.model_cache for s in chosen] == [tmp_path / "index" / "models"] * 2
    assert chosen[0].index_dir != chosen[1].index_dir  # but each corpus has its own store
    assert suite_settings(base, SUITES["main"]) == base
    own = Settings(index_dir=tmp_path / "index", model_cache=tmp_path / "models")
    assert suite_settings(own, SUITES["electrician"]).model_cache == tmp_path / "models"


def test_the_generality_line_sets_what_was_tuned_on_beside_what_was_held_out():
    from evals.run import generality

    def run(split: str, passed: bool) -> Outcome:
        case = {"id": "c", "split": split, "question": "q", "decline": True, "facts": [], "docs": []}
        answer = {"grounded": not passed, "citations": [], "text": "", "query": "q"}
        return Outcome(
            case | {"tags": [], "history": []}, answer, 0.01, [], None, score_citations("", []), []
        )

    outcomes = {
        "nursing": [run("dev", True), run("dev", True), run("test", False), run("test", True)],
        "firefighter": [run("dev", True), run("test", False), run("test", False), run("test", False)],
    }
    assert generality(outcomes, frozenset({"firefighter"})) == (
        "generality: dev (tuned on) 2/2 = 1.000 · test (held out) 1/2 = 0.500 · check-only suites 1/4 = 0.250"
    )
    # With one split asked, only its figure is shown.
    assert generality({"nursing": outcomes["nursing"][:2]}) == "generality: dev (tuned on) 2/2 = 1.000"


def test_an_answers_length_is_counted_in_words_of_its_body_alone():
    from dataclasses import replace

    from evals.run import answer_words

    text = (
        "Most programs run two years. [1]\n\n- Fieldwork is part of it. [2]\n\n**Sources**\n\n1. A long title"
    )
    case = {"id": "c", "split": "dev", "question": "q", "decline": False, "facts": [], "docs": []}
    answer = {"grounded": True, "citations": [], "text": text, "query": "q"}
    said = Outcome(case | {"tags": [], "history": []}, answer, 0.01, [], None, score_citations("", []), [])
    assert answer_words(said) == 10  # neither the markers nor the Sources list count
    declined = replace(said, answer=answer | {"grounded": False, "text": "I cannot answer that."})
    assert summarise([said, said, declined])["answer_words"] == 10  # a decline is no answer


def test_suites_asked_in_worker_processes_score_as_when_asked_in_one(
    nurse_advisor, paralegal_advisor, capsys
):
    """``--jobs 2`` (as ``make test`` runs the gates) gives every suite the scores of a run in one process."""
    from evals.__main__ import main

    def scores(*extra: str) -> list[list[str]]:
        assert main(["--suite", "registered-nurse,paralegal", "--split", "test", "--quiet", *extra]) == 0
        lines = [line.split() for line in capsys.readouterr().out.splitlines() if line.strip()]
        return [words[:-1] if words[0] != "generality:" else words for words in lines]  # not p50 ms

    alone = scores()
    assert [row[0] for row in alone[2:4]] == ["registered-nurse", "paralegal"]
    assert scores("--jobs", "2") == alone
    assert main(["--jobs", "0"]) == 2 and "--jobs" in capsys.readouterr().err
