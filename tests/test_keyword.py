"""Keyword search: Okapi BM25 scores from the sparse index, and the idf weights."""

from __future__ import annotations

import math

import numpy as np

from advisor.keyword import K1, B, KeywordIndex

PASSAGES = [
    ["cka", "exam", "cost", "exam"],
    ["ai", "architect", "salari"],
    ["ai", "architect", "skill", "cloud"],
    ["ai", "cloud"],
]


def okapi(term: str, doc: list[str], idf: float) -> float:
    avg = sum(map(len, PASSAGES)) / len(PASSAGES)
    tf = doc.count(term)
    return idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * len(doc) / avg))


def test_scores_are_okapi_bm25():
    index = KeywordIndex(PASSAGES)
    got = index.scores(["exam", "cloud"])
    expected = [
        okapi("exam", doc, index.idf("exam")) + okapi("cloud", doc, index.idf("cloud")) for doc in PASSAGES
    ]
    assert np.allclose(got, expected)
    assert int(np.argmax(index.scores(["cka"]))) == 0


def test_idf_is_rarity_with_a_floor_for_common_terms():
    index = KeywordIndex(PASSAGES)
    assert index.idf("cka") == math.log((4 - 1 + 0.5) / (1 + 0.5))
    assert 0 < index.idf("ai") < index.idf("cka"), "a term in most passages keeps a small weight"
    assert index.idf("never-seen") == 0.0


def test_unknown_or_no_terms_score_zero():
    index = KeywordIndex(PASSAGES)
    assert not index.scores(["never-seen"]).any()
    assert not index.scores([]).any()
    assert index.scores(["never-seen", "cka"])[0] == index.scores(["cka"])[0]
