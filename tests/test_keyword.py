"""Keyword search: Okapi BM25 scores from the sparse index, and the idf weights."""

from __future__ import annotations

import math
import threading

import numpy as np
import snowballstemmer

from advisor.keyword import K1, B, KeywordIndex
from advisor.retrieval import passage_terms
from advisor.text import stem

PASSAGES = [
    ["cka", "exam", "cost", "exam"],
    ["ai", "architect", "salari"],
    ["ai", "architect", "skill", "cloud"],
    ["ai", "cloud"],
]


def rsj_idf(term: str) -> float:
    """The Robertson-Sparck Jones idf worked out here from the passages, not read from the index:
    log((N - n + 0.5) / (n + 0.5)); a term in more than half of them gets a quarter of the mean."""
    n_docs = len(PASSAGES)
    df = {t: sum(t in doc for doc in PASSAGES) for doc in PASSAGES for t in doc}
    raw = {t: math.log((n_docs - n + 0.5) / (n + 0.5)) for t, n in df.items()}
    floor = 0.25 * sum(raw.values()) / len(raw)
    if term not in raw:
        return 0.0
    return raw[term] if raw[term] >= 0 else floor


def okapi(term: str, doc: list[str]) -> float:
    avg = sum(map(len, PASSAGES)) / len(PASSAGES)
    tf = doc.count(term)
    return rsj_idf(term) * tf * (K1 + 1) / (tf + K1 * (1 - B + B * len(doc) / avg))


def test_scores_are_okapi_bm25():
    index = KeywordIndex(PASSAGES)
    query = ["exam", "cloud", "ai", "skill"]
    got = index.scores(query)
    expected = [sum(okapi(term, doc) for term in query) for doc in PASSAGES]
    assert np.allclose(got, expected)
    assert int(np.argmax(index.scores(["cka"]))) == 0


def test_idf_is_rarity_with_a_floor_for_common_terms():
    index = KeywordIndex(PASSAGES)
    assert math.isclose(index.idf("cka"), math.log(3.5 / 1.5))  # in 1 of 4 passages
    assert index.idf("cloud") == 0.0  # in 2 of 4: log(2.5 / 2.5)
    # "ai" is in 3 of 4 (raw weight log(1.5 / 3.5) < 0): it gets the floor instead
    assert math.isclose(index.idf("ai"), rsj_idf("ai")) and index.idf("ai") > 0
    assert 0 < index.idf("ai") < index.idf("cka"), "a term in most passages keeps a small weight"
    assert index.idf("never-seen") == 0.0


def test_unknown_or_no_terms_score_zero():
    index = KeywordIndex(PASSAGES)
    assert not index.scores(["never-seen"]).any()
    assert not index.scores([]).any()
    assert index.scores(["never-seen", "cka"])[0] == index.scores(["cka"])[0]


def test_the_library_finds_the_passages_that_use_every_term(advisor):
    lib = advisor.library
    togaf = lib.naming({"togaf"})
    assert togaf and all("togaf" in passage_terms(p) for p in togaf)
    both = lib.naming({"togaf", "cka"})
    assert {p.id for p in both} <= {p.id for p in togaf}
    assert all({"togaf", "cka"} <= passage_terms(p) for p in both)
    for term in ("togaf", "gartner"):  # in titles, and only in a text
        expected = [p.id for p in lib.passages.values() if term in passage_terms(p)]
        assert expected and sorted(p.id for p in lib.naming({term})) == sorted(expected), term
    assert lib.naming({"zzqxnotaword"}) == [] and lib.naming(set()) == []


def test_passages_naming_a_term_come_in_corpus_order(advisor):
    # A set of ids iterates in the order of its strings' hashes, which Python draws afresh for
    # every process: the passages a question appends to its hits came in a different order
    # after each restart, and one held-out answer changed with it.
    lib = advisor.library
    found = [p.id for p in lib.naming({"architect"})]
    assert len(found) > 10
    assert found == [pid for pid in lib.order if pid in set(found)]


def test_stemming_from_many_threads_at_once_gives_every_word_its_own_stem():
    words = [f"{w}{i}ations" for i in range(3000) for w in ("relation", "nation", "generalize")]
    reference = snowballstemmer.stemmer("english")
    expected = {w: reference.stemWord(w) for w in words}
    wrong, errors = [], []

    def work(part: int) -> None:
        try:
            # (past the cache: each call stems)
            wrong.extend(w for w in words[part::4] if stem.__wrapped__(w) != expected[w])
        except Exception as error:  # a race shows as any exception
            errors.append(error)

    threads = [threading.Thread(target=work, args=(part,)) for part in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and not wrong, (errors[:1], wrong[:3])
