"""Write the server state of release 0.1 (feedback and LTI stores, signing keys) into a folder.

Run with the stores of that release (``python tests/data/make_release_state.py tests/data/release-0.1``);
the files it wrote are kept in ``tests/data/release-0.1`` so that the migration test starts
from what that release really wrote, whatever the stores look like today.
"""

import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from advisor.models import Answer, Citation  # noqa: E402
from web.feedback import _V1, FeedbackStore  # noqa: E402
from web.lti.keys import KeyStore  # noqa: E402
from web.lti.store import LtiStore, Platform  # noqa: E402


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    feedback = folder / "feedback.sqlite3"
    # a rating from the first release (its lone table), then the release's own rows
    db = sqlite3.connect(feedback)
    with db:
        db.execute(_V1[0])
        db.execute(
            "INSERT INTO feedback (created_at, rating, question, answer, citations, grounded, channel)"
            " VALUES ('2026-10-01T09:00:00+00:00', 'up', 'Old question?', 'Old answer [1].',"
            " '[{\"n\": 1}]', 1, 'web')"
        )
    db.close()
    store = FeedbackStore(feedback)
    cite = Citation(n=1, title="Salaries", url=None, source="salary.md", quote="133,904 a year")
    answers = [
        Answer(
            text="They earn about 133,904 a year [1].", citations=[cite], grounded=True, backend="extractive"
        ),
        Answer(text="I can only help with careers.", citations=[], grounded=False, backend="extractive"),
        Answer(
            text="Learn Python and cloud design [1].", citations=[cite], grounded=True, backend="extractive"
        ),
    ]
    ids = [
        store.record_answer(a, f"question {i}?", ch)
        for i, (a, ch) in enumerate(zip(answers, ["api", "web", "lti"]))
    ]
    store.rate(ids[0], "up", client="203.0.113.5", comment="clear")
    store.rate(ids[0], "down", client="198.51.100.7")
    store.rate(ids[2], "up", client="203.0.113.5", channel="lti")
    store.close()

    lti = LtiStore(folder / "lti.sqlite3")
    for n in (1, 2):
        lti.add_platform(
            Platform(
                issuer=f"https://lms{n}.school.example",
                client_id=f"client-{n}",
                auth_login_url=f"https://lms{n}.school.example/auth",
                key_set_url=f"https://lms{n}.school.example/jwks",
                auth_token_url=f"https://lms{n}.school.example/token" if n == 1 else "",
                deployment_ids=[f"dep-{n}", "dep-x"],
                name=f"LMS {n}",
            )
        )
    lti.start_login("state-1", "nonce-1", "https://lms1.school.example", "client-1")
    launch = lti.save_launch(
        issuer="https://lms1.school.example",
        client_id="client-1",
        deployment="dep-1",
        kind="resource",
        course_id="course-7",
        course="Welding 101",
        instructor=True,
        data={"return_url": "https://lms1.school.example/back"},
        lifetime=10 * 365 * 86400,
    )
    lti.tag_answer(ids[2], "https://lms1.school.example", "course-7")
    print("launch token", launch.token)

    keys = KeyStore(folder / "lti-keys", grace_days=100_000)
    keys.ensure()
    keys.rotate()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
