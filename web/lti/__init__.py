"""LTI 1.3: the advisor as a tool that Moodle, Canvas and other LMSs launch inside a course.

The protocol checks are pylti1p3next's (adapted to FastAPI in :mod:`.protocol`);
this package adds the storage, the tool's keys, the launched chat page, deep
linking, registration and the ``career-advisor lti`` commands. Mount it with
:func:`lti_router`.
"""

from __future__ import annotations

from .routes import lti_router

__all__ = ["lti_router"]
