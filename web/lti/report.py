"""Where the LTI tool meets the web layer's answers and feedback: the one place.

The launched chat asks and rates through the same :class:`~web.serving.Service`
as the HTTP API and the chat page, so its answers get server-issued ids, are
kept (or not: ``ADVISOR_STORE_QUESTIONS``, ``ADVISOR_RETENTION_DAYS``) in the
same store, and its ratings obey the same rate limits and the once-per-answer-
per-client rule. The answer store knows nothing of courses: the LTI store notes
which answer ids were served in which course, and an instructor's report is
drawn from the stored ratings of those answers. No student is named: neither
store holds names, and none are added here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import UnknownAnswer

if TYPE_CHECKING:
    from advisor import Answer

    from ..serving import Service
    from .store import Launch, LtiStore


class CourseAnswers:
    """Answers and ratings of launched chats, and each course's report."""

    def __init__(self, service: Service, store: LtiStore):
        self.service = service
        self.store = store

    def answer(self, launch: Launch, question: object, history: object, client: str) -> Answer:
        """Answer as the API does (limits, notices, a stored answer with its id), tagged with the course."""
        self.service.check_rate("ask", client)
        answer = self.service.answer(question, history, channel="lti")
        self.store.tag_answer(
            answer.answer_id, launch.issuer, launch.course_id, self.service.settings.retention_days
        )
        return answer

    def rate(self, launch: Launch, answer_id: str, rating: str, client: str, comment: str = "") -> int:
        """Rate an answer served in this launch's course, through the API's feedback path."""
        self.service.check_rate("feedback", client)
        if self.store.answer_course(answer_id) != (launch.issuer, launch.course_id):
            raise UnknownAnswer()  # not served in this course: as unknown as an id never served
        return self.service.rate(answer_id, rating, client, comment, channel="lti")  # type: ignore[arg-type]

    def report(self, issuer: str, course_id: str) -> list[dict[str, Any]]:
        """The course's rated answers, newest rating first: when, rating, question, whether answered.

        ``question`` is None when the server keeps no question text.
        """
        ids = self.store.course_answer_ids(issuer, course_id)
        rows = self.service.store.ratings_of(ids) if ids else []
        return [
            {"when": r.created_at, "rating": r.rating, "question": r.question, "grounded": r.grounded}
            for r in reversed(rows)
        ]
