"""An instructor's view of their course's feedback, through the feedback store's public calls.

The feedback store knows nothing of courses (and is being reworked on its own),
so the LTI store keeps which feedback rows came from which course, and this
module joins the two using only ``FeedbackStore.all()``. No student is named:
the store holds no names, and none are added here.
"""

from __future__ import annotations

from typing import Any

from ..feedback import FeedbackStore
from .store import LtiStore


def course_report(
    feedback: FeedbackStore, store: LtiStore, issuer: str, course_id: str
) -> list[dict[str, Any]]:
    """The rated questions of one course, newest first: when, rating, question, whether it was answered."""
    ids = store.course_feedback_ids(issuer, course_id)
    if not ids:
        return []
    rows = [r for r in feedback.all() if r.id in ids]
    return [
        {"when": r.created_at, "rating": r.rating, "question": r.question, "grounded": r.grounded}
        for r in reversed(rows)
    ]
