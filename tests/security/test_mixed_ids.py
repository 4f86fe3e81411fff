"""Routes with two ids: the actor's own first id does not open another's second one.

The matrix reaches every route through organisation X's own URLs; here instructor Y and the
recruiter of company Z put X's and A's ids under their own organisation, cohort or position.
Each answers 404 and changes nothing.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from quiz.extensions import db
from quiz.models import Invitation, OrgItem, Webhook
from tests.security.world import OTHER_INSTRUCTOR, OTHER_RECRUITER, MatrixWorld, client_of


def test_own_parent_and_another_organisations_child_answer_404(
    app: Flask, matrix_world: MatrixWorld
) -> None:
    world = matrix_world(OTHER_INSTRUCTOR)
    y, hook, item = world.y, world.integrations.hook_id, world.hiring.bank_item_pk
    teacher, csrf = client_of(app, world, OTHER_INSTRUCTOR)
    with app.app_context():
        secret = db.session.get(Webhook, hook).secret  # type: ignore[union-attr]
    assert teacher.get(f"/orgs/{y.org_id}/webhooks").status_code == 200  # Y's own page
    for suffix, method in [("/deliveries", "GET"), ("/rotate", "POST"), ("/delete", "POST")]:
        url = f"/orgs/{y.org_id}/webhooks/{hook}{suffix}"
        assert teacher.open(url, method=method, data={"csrf_token": csrf}).status_code == 404, url
    assert teacher.get(f"/orgs/{y.org_id}/banks").status_code == 200
    assert teacher.get(f"/orgs/{y.org_id}/banks/items/{item}").status_code == 404
    url = f"/orgs/{y.org_id}/banks/items/{item}"
    assert teacher.post(url, data={"csrf_token": csrf, "stem": "Taken over?"}).status_code == 404
    student = f"/assignments/{y.assignment_id}/students/{world.a_member_id}"
    assert teacher.get(student).status_code == 404
    assert teacher.post(f"{student}/extra-time", data={"csrf_token": csrf}).status_code == 404

    hiring = world.hiring
    recruiter, csrf = client_of(app, world, OTHER_RECRUITER)
    compare = (
        f"/recruit/positions/{hiring.z_position_id}/compare?"
        f"candidate={hiring.a_invitation_id}&candidate={hiring.pending_invitation_id}"
    )
    assert recruiter.get(compare).status_code == 404
    with app.app_context():
        kept = db.session.get(Webhook, hook)
        assert kept is not None and kept.secret == secret  # neither rotated nor deleted
        versions = db.session.scalars(sa.select(OrgItem.current_version)).all()
        assert versions == [1]  # X's item has no new version
        a_invitation = db.session.get(Invitation, hiring.a_invitation_id)
        assert a_invitation is not None and a_invitation.withdrawn_at is None
