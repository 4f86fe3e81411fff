"""What a recruiter may see of a candidate: only a consented, not withdrawn, submitted result.

The caller has already checked that the invitation belongs to a position of the recruiter's
organisation (``quiz.core.access.recruiting_invitation``).
"""

from __future__ import annotations

from quiz.models import Attempt
from quiz.models.recruiting import Invitation


def visible_attempt(invitation: Invitation) -> Attempt | None:
    """The submitted attempt a recruiter may open for ``invitation``, or None.

    None unless the candidate consented and has not withdrawn or declined; the attempt is the
    one taken for the position or the report attached through a share link, and only once it
    is submitted (no partial answers are ever shown).
    """
    if invitation.consented_at is None:
        return None
    if invitation.withdrawn_at is not None or invitation.declined_at is not None:
        return None
    attempt = invitation.result_attempt
    if attempt is None or not attempt.is_submitted:
        return None
    return attempt
