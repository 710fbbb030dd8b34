"""Behaviours the documentation promises that no other test held the code to.

- Spelling repair never turns a real English word into another, and leaves four-letter
  words alone (one changed letter is a quarter of such a word); it does write a word the
  way the corpus spells it on the other side of the Atlantic ("license" -> "licence").
- The spelling repair's cache is bounded: a flood of made-up words cannot grow it.
- Answers and ratings past the retention period are deleted by the server as it runs,
  without anyone calling a purge (and at start-up).
- A yes/no question plainly settled by one sentence opens with a bold **Yes.** or **No.**.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from advisor import Advisor, Answer
from advisor import scope as scope_module
from advisor.embedder import english_words
from advisor.scope import Vocabulary
from advisor.text import terms, words
from tests.conftest import settings_for
from web import feedback as feedback_module
from web.feedback import FeedbackStore

CORPUS_TEXT = ["Systems are scaled on clouds.", "The salary of a nurse in a hospital.", "A scale of pay."]


def test_repair_fixes_typos_of_corpus_words() -> None:
    vocab = Vocabulary(CORPUS_TEXT, english=frozenset({"called"}))
    assert vocab.repair("what is the salery of a nurse?") == "what is the salary of a nurse?"


def test_repair_fixes_a_typo_that_keeps_the_corpus_words_stem() -> None:
    # "endorsments" stems like "endorsements", but the model reads the typo, not the stem
    vocab = Vocabulary(["Endorsements are letters added to the license."], english=frozenset({"letter"}))
    assert vocab.repair("which endorsments can I add?") == "which endorsements can I add?"
    assert vocab.repair("a letter") == "a letter", "a real word the corpus uses another form of stays"


def test_repair_reads_chat_shorthand_for_small_words() -> None:
    vocab = Vocabulary(CORPUS_TEXT)
    assert vocab.repair("how long is that course n do u have to redo it") == (
        "how long is that course and do you have to redo it"
    )
    assert vocab.repair("wat is a ranger, how many yrs") == "what is a ranger, how many years"


def test_repair_writes_a_code_typed_apart_as_the_corpus_writes_it() -> None:
    vocab = Vocabulary(["A GS-9 ranger earns more than a GS-5 one.", "The AZ-900 exam."])
    assert vocab.repair("pay for a gs 9 ranger") == "pay for a gs-9 ranger"
    assert vocab.repair("is az900 hard") == "is az-900 hard"
    assert vocab.repair("top 10 skills at gs 12") == "top 10 skills at gs 12", "only codes the corpus writes"


def test_repair_spells_a_word_as_the_corpus_does_on_either_side_of_the_atlantic() -> None:
    english = {"license", "center", "program", "colours", "catalogue", "organize", "filler"}
    corpus = ["There is no chef licence. A filer.", "The centre runs a programme."]
    corpus += ["Colors of a catalog.", "Organise it."]
    vocab = Vocabulary(corpus, english=frozenset(english))
    assert vocab.repair("a license from the center program") == "a licence from the centre programme"
    assert vocab.repair("colours in the catalogue, organize it") == "colors in the catalog, organise it"
    assert vocab.repair("a filler") == "a filler", "only spelling variants, not another word"


def test_a_contraction_typed_without_its_apostrophe_is_no_typo() -> None:
    # "arent" is one letter from "agent", but it is "aren't": a question word, never a topic
    vocab = Vocabulary(["An enrolled agent represents taxpayers.", "A wasp is not a want."])
    asked = "accountant vs auditor, arent they the same? isnt it hard?"
    assert vocab.repair(asked) == asked
    assert not {"arent", "isnt", "aren't", "doesn’t"} & set(terms("arent isnt aren't doesn’t"))


def test_chat_shorthand_never_rewrites_a_word_the_guides_use() -> None:
    # "tech" is shorthand for "technical", unless the guides write it ("vet tech"); "whats" is always "what"
    vocab = Vocabulary(["A vet tech assists the vet.", "Technical skills matter."])
    assert vocab.repair("whats a vet tech") == "what a vet tech"
    assert Vocabulary(["Technical skills matter."]).repair("tech skills") == "technical skills"


def test_repair_never_turns_a_real_word_into_a_corpus_word() -> None:
    # "bakers" is the plural of an English word; "plumbers" changes no first letter into "numbers"
    vocab = Vocabulary(["Check the brakes.", "Count the numbers."], english=frozenset({"baker"}))
    assert vocab.repair("how much do bakers make?") == "how much do bakers make?"
    assert vocab.repair("how much do plumbers make?") == "how much do plumbers make?"
    assert vocab.repair("check the brakse") == "check the brakes", "a typo is still repaired"
    # an English word's -ing or -ed form ("lapse": "lapsing", "lapsed") is no typo of "lasting"
    lasting = Vocabulary(["A licence is lasting proof."], english=frozenset({"lapse"}))
    assert lasting.repair("keep it from lapsing") == "keep it from lapsing"
    assert lasting.repair("it lapsed") == "it lapsed"


def test_a_word_typed_without_its_accents_is_the_same_word() -> None:
    # "how do I write a chef resume?" finds "Send a short résumé ..."
    assert words("Send a short résumé to the café") == words("send a short resume to the cafe")
    assert terms("résumé") == terms("resume")


def test_repair_reads_a_short_forms_plural_typed_in_lower_case() -> None:
    vocab = Vocabulary(["A CPA signs the audit.", "Nurses work shifts."])
    assert vocab.repair("how much do cpas make?") == "how much do cpa make?"
    assert vocab.repair("how much do CPAs make?") == "how much do CPAs make?"  # read as "CPA" already


def test_a_short_form_of_the_corpus_is_never_an_unknown_word() -> None:
    # "ER" is in the corpus's configuration, though its guides write "emergency room"
    vocab = Vocabulary(["Certifications for emergency room nurses."], short_forms={"er"})
    assert vocab.unknown_share("which certification for the ER?") == (0.0, [])


def test_a_compound_of_corpus_words_is_a_corpus_word() -> None:
    # "first-year" is the user's, but "first" and "year" are the guides': no foreign subject
    vocab = Vocabulary(["In their first year, accountants earn less."])
    assert vocab.unknown_share("how much do first-year accountants make?")[1] == []
    assert vocab.unknown_share("how much do bee-keeping accountants make?")[1] == ["bee-keeping"]


def test_repair_never_changes_a_real_english_word() -> None:
    # "called" is one letter from the corpus's "scaled", but it is an English word.
    vocab = Vocabulary(CORPUS_TEXT, english=frozenset({"called"}))
    assert vocab.repair("who called the hospital?") == "who called the hospital?"


def test_repair_leaves_four_letter_words_alone() -> None:
    # "scal" is close to the corpus's "scale" (difflib ratio 0.89), but it has four letters.
    vocab = Vocabulary(CORPUS_TEXT)
    assert vocab.repair("a scal of pay") == "a scal of pay"


def test_repair_with_the_real_vocabulary_keeps_plain_english(advisor: Advisor) -> None:
    vocab = advisor._resources.vocabulary  # the corpus's words and the model's English words
    sentence = "my cousin called yesterday because the weather turned cold and wet"
    assert vocab.repair(sentence) == sentence


def test_the_repair_cache_is_bounded(monkeypatch) -> None:
    monkeypatch.setattr(scope_module, "MAX_CORRECTIONS", 50)
    vocab = Vocabulary(CORPUS_TEXT)
    for i in range(500):
        vocab.correct(f"zzqx{i:04d}made")
        assert vocab.correct.cache_info().currsize <= 50
    assert vocab.correct("salery") == "salary"  # still correcting after the flood


def test_an_unreadable_model_vocabulary_is_read_as_a_missing_one(tmp_path: Path) -> None:
    assert english_words(tmp_path) == frozenset(), "no vocab.txt: no English words"
    (tmp_path / "vocab.txt").write_bytes(b"nurse\n\xff\xfe not utf-8\n")
    assert english_words(tmp_path) == frozenset()
    (tmp_path / "vocab.txt").unlink()
    (tmp_path / "vocab.txt").mkdir()  # there, but no file to read
    assert english_words(tmp_path) == frozenset()
    (tmp_path / "vocab.txt").rmdir()
    (tmp_path / "vocab.txt").write_text("nurse\n##ing\nCPR\n", "utf-8")
    assert english_words(tmp_path) == frozenset({"nurse"})


SALARY = Answer(text="It pays well. [1]", grounded=True)


def test_the_retention_sweep_runs_as_answers_are_stored(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(feedback_module, "PURGE_EVERY", 10)
    store = FeedbackStore(tmp_path / "fb.sqlite3", retention_days=30)
    old = store.record_answer(SALARY, "an old question", "api")
    store.rate(old, "down", client="c")
    db = sqlite3.connect(store.path)
    with db:
        db.execute("UPDATE answers SET created_at = '2020-01-01T00:00:00+00:00' WHERE id = ?", (old,))
        db.execute("UPDATE feedback SET created_at = '2020-01-01T00:00:00+00:00'")
    db.close()
    for i in range(8):  # the old one and these make nine: no sweep yet
        store.record_answer(SALARY, f"question {i}", "api")
    assert store.answer(old) is not None
    store.record_answer(SALARY, "the tenth", "api")  # the tenth answer stored sweeps, unasked
    assert store.answer(old) is None and store.all() == []
    assert store.counts()["answers"] == 9


def test_the_retention_sweep_runs_at_start_up(tmp_path: Path) -> None:
    path = tmp_path / "fb.sqlite3"
    old = FeedbackStore(path).record_answer(SALARY, "an old question", "api")
    db = sqlite3.connect(path)
    with db:
        db.execute("UPDATE answers SET created_at = '2020-01-01T00:00:00+00:00'")
    db.close()
    assert FeedbackStore(path, retention_days=30).answer(old) is None


GUIDE = """---
title: Working as a crane operator
---
# Crane operators

## Travel

Crane operators on large building projects often travel between job sites in one region.

## Education

Crane operators do not need a university degree to start working.
"""


def test_a_plainly_settled_yes_no_question_opens_with_a_bold_verdict(tmp_path: Path) -> None:
    corpus = tmp_path / "guides"
    corpus.mkdir()
    (corpus / "crane.md").write_text(GUIDE, "utf-8")
    adv = Advisor(settings_for(corpus, tmp_path / "index"))
    yes = adv.ask("Do crane operators on large building projects travel between job sites?")
    assert yes.grounded and yes.text.startswith("**Yes.** Crane operators"), yes.text
    no = adv.ask("Do crane operators need a university degree to start working?")
    assert no.grounded and no.text.startswith("**No.** Crane operators"), no.text


def test_a_sentence_that_lacks_a_word_of_the_question_gives_no_verdict(tmp_path: Path) -> None:
    # "most work full time" shares most words of "can they work part time?", but does not settle it
    corpus = tmp_path / "guides"
    corpus.mkdir()
    hours = "# Crane operator hours\n\nMost crane operators work full time, with overtime in summer.\n"
    (corpus / "hours.md").write_text(hours, "utf-8")
    adv = Advisor(settings_for(corpus, tmp_path / "index"))
    part = adv.ask("Can crane operators work part time?")
    assert part.grounded and part.text.startswith("Most crane operators work full time"), part.text


def test_repair_chooses_between_equally_near_words_the_same_way_in_every_process() -> None:
    # "creds" is as near "cards" as "cures": a tie once went to whichever the set of words held first,
    # which Python's string hashing changes from one process to the next (so answers did too)
    import subprocess
    import sys

    script = (
        "from advisor.scope import Vocabulary; "
        "v = Vocabulary(['Cures and cards.'] + ['word%d' % i for i in range(50)]); "
        "print(v.repair('my creds'))"
    )
    seen = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={"PYTHONHASHSEED": str(seed), "PATH": ""},
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parents[1],
        ).stdout.strip()
        for seed in range(12)
    }
    assert len(seen) == 1, seen
