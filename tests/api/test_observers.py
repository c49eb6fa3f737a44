"""The observer setting through the API: the secretariat switches it, observers are refused."""

from __future__ import annotations

import sqlalchemy as sa

from framework_review.comments.models import Comment, Reply
from framework_review.extensions import db
from tests.api.helpers import add_comment
from tests.conftest import clause_of, make_version


def test_observers_wait_for_the_secretariat(api, people):
    version = make_version(observers=False)
    clause = clause_of(version, "1.1")
    body = {"type": "te", "body": "Postal data could help here."}
    refused = api.post(f"/clauses/{clause.id}/comments", people.observer, json=body)
    assert refused.status_code == 403
    assert "Observers may not comment" in refused.json["error"]["message"]
    assert db.session.scalar(sa.select(sa.func.count(Comment.id))) == 0

    assert api.patch(f"/versions/{version.id}", people.delegate,
                     json={"observers_may_comment": True}).status_code == 403  # fmt: skip
    opened = api.patch(f"/versions/{version.id}", people.secretariat,
                       json={"observers_may_comment": True})  # fmt: skip
    assert opened.json["observers_may_comment"] is True
    created = api.post(f"/clauses/{clause.id}/comments", people.observer, json=body)
    assert (created.status_code, created.json["code"]) == (201, "UPU-001")


def test_observers_reply_only_where_they_may_comment(api, people):
    version = make_version(observers=False)
    comment = add_comment(version, clause_of(version, "1.1"), people.delegate)
    url = f"/comments/{comment.id}/replies"
    refused = api.post(url, people.observer, json={"body": "Let us in."})
    assert refused.status_code == 403
    assert "Observers may not comment" in refused.json["error"]["message"]
    assert db.session.scalar(sa.select(sa.func.count(Reply.id))) == 0

    api.patch(f"/versions/{version.id}", people.secretariat, json={"observers_may_comment": True})
    assert api.post(url, people.observer, json={"body": "Thanks."}).status_code == 201
