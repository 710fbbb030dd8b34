"""Keyword (BM25) search over the passages' stemmed terms, as a sparse matrix.

``bm25s`` precomputes every passage's BM25 weight per term into a sparse
matrix, so scoring a question is a few column sums instead of a Python loop over
every passage: well under a millisecond at this corpus's size and a couple of
milliseconds at 10,000 passages (``python -m advisor bench``).

Scores are Okapi BM25 as rank-bm25 computed them before (k1 = 1.5, b = 0.75;
the Robertson-Sparck Jones idf, where a term in more than half of the passages
gets a small positive floor instead of a negative weight), so rankings and
answers did not change with the switch. bm25s has no such idf variant: we index
with its always-positive Lucene idf and rescale each term's column to ours.
The same ``idf`` weighs query words in the answer composer.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

K1 = 1.5
B = 0.75
IDF_FLOOR = 0.25  # share of the mean idf given to terms in most passages (as rank-bm25)


class KeywordIndex:
    """BM25 scores of every passage for a list of query terms."""

    def __init__(self, passages: list[list[str]]):
        import bm25s

        self.size = len(passages)
        freq = Counter(term for terms in passages for term in set(terms))
        raw = {t: math.log(self.size - n + 0.5) - math.log(n + 0.5) for t, n in freq.items()}
        floor = IDF_FLOOR * (math.fsum(raw.values()) / len(raw)) if raw else 0.0
        self._idf = {t: (w if w >= 0 else floor) for t, w in raw.items()}
        self._bm25 = bm25s.BM25(k1=K1, b=B, method="robertson", idf_method="lucene", dtype="float64")
        self._bm25.index(passages, show_progress=False)
        matrix = self._bm25.scores  # CSC: one column of per-passage weights per term
        data, indptr = matrix["data"], matrix["indptr"]
        for term, column in self._bm25.vocab_dict.items():
            if term in freq:
                lucene = math.log(1 + (self.size - freq[term] + 0.5) / (freq[term] + 0.5))
                data[indptr[column] : indptr[column + 1]] *= self._idf[term] / lucene

    def idf(self, term: str) -> float:
        """How rare a term is across the passages (0.0 for a term they never use)."""
        return self._idf.get(term, 0.0)

    def scores(self, terms: list[str]) -> np.ndarray:
        """One BM25 score per passage (in the order given at construction)."""
        ids = self._bm25.get_tokens_ids(terms)
        if not ids:
            return np.zeros(self.size)
        return self._bm25.get_scores_from_ids(ids) * (K1 + 1)  # bm25s leaves out this constant
