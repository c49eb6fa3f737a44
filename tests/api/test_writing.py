"""Writing through the API: comments, edits with stale detection, withdrawal, replies, support."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from framework_review.comments.models import Comment, CommentStatus
from framework_review.core.models import AuditEntry
from framework_review.core.time import isoformat, utcnow
from framework_review.drafts.models import VersionStatus
from framework_review.extensions import db
from tests.api.helpers import add_comment
from tests.conftest import clause_of, make_version


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.fixture
def clause(version):
    return clause_of(version, "1.1")


@pytest.fixture
def comment(version, clause, people):
    """FR-001 on clause 1.1, by the FR delegate."""
    return add_comment(version, clause, people.delegate, "Say *who* files the data.")


# -- new comments --------------------------------------------------------------------------
def test_create_comment(api, clause, people):
    response = api.post(
        f"/clauses/{clause.id}/comments", people.delegate,
        json={"type": "ed", "locator": "  first   line ", "quote": "goods ordered online",
              "body": "Use **shipped**.", "proposal": {"kind": "replace", "text": "This "
              "framework applies to goods ordered online and shipped across a border."}},
    )  # fmt: skip
    assert response.status_code == 201
    made = db.session.scalar(sa.select(Comment))
    assert response.headers["Location"] == f"/api/v1/comments/{made.id}"
    assert response.json == {
        "id": made.id, "code": "FR-001", "clause_id": clause.id, "administration": "FR",
        "author": "Delegate", "type": "ed", "locator": "first line",
        "quote": "goods ordered online", "body": "Use **shipped**.",
        "body_html": "<p>Use <strong>shipped</strong>.</p>",
        "proposal": {"kind": "replace", "text": "This framework applies to goods ordered online "
                     "and shipped across a border."},
        "status": "open", "supporters": [], "replies": [], "version": 1,
        "created_at": isoformat(made.created_at), "updated_at": isoformat(made.updated_at),
        "disposition": None, "feedback": None,
    }  # fmt: skip
    assert "<ins" in made.proposal_html  # the redline is made at write time
    actions = db.session.scalars(sa.select(AuditEntry.action)).all()
    assert "comment.create" in actions  # the request committed the service's work


def test_colleagues_number_in_sequence(api, clause, people):
    body = {"type": "ge", "body": "One.", "proposal": None}
    codes = [api.post(f"/clauses/{clause.id}/comments", user, json=body).json["code"]
             for user in (people.delegate, people.colleague, people.other)]  # fmt: skip
    assert codes == ["FR-001", "FR-002", "KE-001"]


def test_proposal_of_each_kind(api, clause, people):
    def send(proposal):
        body = {"type": "te", "body": "Because.", "proposal": proposal}
        return api.post(f"/clauses/{clause.id}/comments", people.delegate, json=body)

    assert send({"kind": "delete"}).json["proposal"] == {"kind": "delete", "text": ""}
    assert send({"kind": "insert", "text": "1.1bis New text."}).json["proposal"]["kind"] == "insert"
    assert send({"kind": "text", "text": "Shorten it."}).json["proposal"] == {
        "kind": "text",
        "text": "Shorten it.",
    }


INVALID = [
    ({"type": "te", "body": "x", "colour": "red"}, "colour"),
    ({"type": "xx", "body": "x"}, "type"),
    ({"body": "x"}, "type"),
    ({"type": "te"}, "body"),
    ({"type": "te", "body": "   "}, "body"),
    ({"type": "te", "body": 42}, "body"),
    ({"type": "te", "body": "x", "locator": "L" * 201}, "locator"),
    ({"type": "te", "body": "x", "quote": "Q" * 2001}, "quote"),
    ({"type": "te", "body": "x", "proposal": "replace"}, "proposal"),
    ({"type": "te", "body": "x", "proposal": {"text": "New."}}, "proposal.kind"),
    ({"type": "te", "body": "x", "proposal": {"kind": "swap", "text": "New."}}, "proposal.kind"),
    ({"type": "te", "body": "x", "proposal": {"kind": "replace"}}, "proposal.text"),
    ({"type": "te", "body": "x", "proposal": {"kind": "text", "text": 3}}, "proposal.text"),
    ({"type": "te", "body": "x", "proposal": {"kind": "delete", "why": "."}}, "proposal.why"),
    ([{"type": "te", "body": "x"}], None),
    ("just a string", None),
]


@pytest.mark.parametrize(("body", "field"), INVALID)
def test_invalid_comment_is_422_with_field(api, clause, people, body, field):
    response = api.post(f"/clauses/{clause.id}/comments", people.delegate, json=body)
    assert response.status_code == 422
    assert response.json["error"]["code"] == "invalid"
    assert response.json["error"].get("field") == field
    assert _count(Comment) == 0


def test_proposal_same_as_clause_text_is_refused(api, clause, people):
    body = {"type": "te", "body": "x", "proposal": {"kind": "replace", "text": clause.text}}
    response = api.post(f"/clauses/{clause.id}/comments", people.delegate, json=body)
    assert (response.status_code, response.json["error"]["field"]) == (422, "proposal.text")


def test_oversized_text_is_422_and_oversized_request_is_413(api, app, clause, people):
    limit = app.config["COMMENT_MAX_CHARS"]
    path = f"/clauses/{clause.id}/comments"
    response = api.post(path, people.delegate, json={"type": "te", "body": "x" * (limit + 1)})
    assert (response.status_code, response.json["error"]["field"]) == (422, "body")
    assert f"{limit:,}" in response.json["error"]["message"]
    assert (
        api.post(path, people.delegate, json={"type": "te", "body": "x" * limit}).status_code == 201
    )
    huge = api.post(path, people.delegate, json={"type": "te", "body": "x" * (1024 * 1024)})
    assert huge.status_code == 413
    assert huge.json["error"]["code"] == "too_large"
    assert _count(Comment) == 1


@pytest.mark.parametrize(
    ("data", "content_type"),
    [("type=te&body=hello", "application/x-www-form-urlencoded"),
     ('{"type": "te", "body": ', "application/json"),
     ("", "application/json")],
)  # fmt: skip
def test_body_that_is_not_json_is_400(api, clause, people, data, content_type):
    response = api.post(f"/clauses/{clause.id}/comments", people.delegate, data=data,
                        headers={"Content-Type": content_type})  # fmt: skip
    assert response.status_code == 400
    assert response.json["error"]["code"] == "bad_request"


def test_no_comment_after_the_period_closes(api, people):
    closed = make_version(status=VersionStatus.CLOSED)
    response = api.post(f"/clauses/{clause_of(closed, '1.1').id}/comments", people.delegate,
                        json={"type": "te", "body": "Late."})  # fmt: skip
    assert response.status_code == 409
    assert response.json["error"]["code"] == "period_closed"
    assert "closed" in response.json["error"]["message"]


def test_no_comment_after_the_closing_time(api, people):
    ended = make_version(closes_at=utcnow() - timedelta(hours=1))
    response = api.post(f"/clauses/{clause_of(ended, '1.1').id}/comments", people.delegate,
                        json={"type": "te", "body": "Late."})  # fmt: skip
    assert response.status_code == 409
    assert response.json["error"]["message"].startswith("The comment period closed on")


def test_no_comment_on_a_settled_clause(api, clause, comment, people):
    clause.settled_at = utcnow()
    clause.settled_by_id = people.chair.id
    response = api.post(f"/clauses/{clause.id}/comments", people.other,
                        json={"type": "te", "body": "Late."})  # fmt: skip
    assert response.status_code == 409
    assert response.json["error"]["code"] == "period_closed"
    message = response.json["error"]["message"]
    assert "Clause 1.1" in message and "settled" in message
    for refused in (
        api.patch(f"/comments/{comment.id}", people.delegate, json={"version": 1, "body": "New."}),
        api.post(f"/comments/{comment.id}/withdraw", people.delegate),
        api.post(f"/comments/{comment.id}/support", people.other),
    ):
        assert refused.status_code == 409
        assert "settled" in refused.json["error"]["message"]


# -- edits ---------------------------------------------------------------------------------
def test_edit_changes_only_the_fields_sent(api, comment, people):
    response = api.patch(f"/comments/{comment.id}", people.colleague,
                         json={"version": 1, "locator": "last line"})  # fmt: skip
    assert response.status_code == 200
    assert response.json["version"] == 2
    assert response.json["locator"] == "last line"
    assert response.json["body"] == "Say *who* files the data."
    assert response.json["type"] == "te"
    response = api.patch(f"/comments/{comment.id}", people.delegate, json={
        "version": 2, "type": "ed", "body": "Say who.", "proposal": {"kind": "text", "text": "Who."}
    })  # fmt: skip
    assert (response.json["version"], response.json["type"]) == (3, "ed")
    assert response.json["proposal"] == {"kind": "text", "text": "Who."}
    assert response.json["body_html"] == "<p>Say who.</p>"
    removed = api.patch(f"/comments/{comment.id}", people.delegate,
                        json={"version": 3, "proposal": None})  # fmt: skip
    assert removed.json["proposal"] is None and removed.json["version"] == 4


def test_edit_without_change_keeps_the_version(api, comment, people):
    response = api.patch(f"/comments/{comment.id}", people.delegate,
                         json={"version": 1, "body": "Say *who* files the data."})  # fmt: skip
    assert (response.status_code, response.json["version"]) == (200, 1)


def test_stale_edit_is_409_with_the_current_comment(api, comment, people):
    first = api.patch(f"/comments/{comment.id}", people.delegate,
                      json={"version": 1, "body": "Mine, saved first."})  # fmt: skip
    assert first.status_code == 200
    late = api.patch(f"/comments/{comment.id}", people.colleague,
                     json={"version": 1, "body": "Theirs, too late."})  # fmt: skip
    assert late.status_code == 409
    error = late.json["error"]
    assert error["code"] == "stale"
    assert "Someone else saved" in error["message"]
    assert error["current"] == first.json
    assert api.get(f"/comments/{comment.id}", people.delegate).json["body"] == "Mine, saved first."


@pytest.mark.parametrize(
    ("body", "field"),
    [({"body": "No version."}, "version"), ({"version": "1", "body": "x"}, "version"),
     ({"version": True, "body": "x"}, "version"), ({"version": 1, "code": "KE-009"}, "code"),
     ({"version": 1, "body": ""}, "body"), ({"version": 1, "type": "zz"}, "type")],
)  # fmt: skip
def test_invalid_edit_is_422(api, comment, people, body, field):
    response = api.patch(f"/comments/{comment.id}", people.delegate, json=body)
    assert (response.status_code, response.json["error"]["field"]) == (422, field)
    assert db.session.get(Comment, comment.id).revision == 1


def test_edit_after_closing_is_409(api, version, comment, people):
    version.status = VersionStatus.CLOSED
    response = api.patch(f"/comments/{comment.id}", people.delegate,
                         json={"version": 1, "body": "Late."})  # fmt: skip
    assert (response.status_code, response.json["error"]["code"]) == (409, "period_closed")


def test_history_lists_earlier_texts(api, comment, people):
    api.patch(f"/comments/{comment.id}", people.colleague, json={"version": 1, "body": "Second."})
    api.patch(f"/comments/{comment.id}", people.delegate, json={
        "version": 2, "body": "Third.", "proposal": {"kind": "delete"}})  # fmt: skip
    response = api.get(f"/comments/{comment.id}/history", people.other)
    assert response.status_code == 200
    history = response.json["history"]
    assert [h["revision"] for h in history] == [1, 2]
    assert [h["body"] for h in history] == ["Say *who* files the data.", "Second."]
    first = history[0]
    assert first == {
        "revision": 1, "type": "te", "locator": "", "quote": "",
        "body": "Say *who* files the data.", "body_html": "<p>Say <em>who</em> files the data.</p>",
        "proposal": None, "written_at": isoformat(comment.created_at), "written_by": "Delegate",
        "replaced_at": first["replaced_at"], "replaced_by": "Colleague",
    }  # fmt: skip
    assert (history[1]["written_by"], history[1]["replaced_by"]) == ("Colleague", "Delegate")
    assert response.json["current"]["body"] == "Third."
    assert response.json["current"]["proposal"] == {"kind": "delete", "text": ""}
    assert response.json["current"]["version"] == 3


def test_history_of_an_unedited_comment(api, comment, people):
    response = api.get(f"/comments/{comment.id}/history", people.chair)
    assert response.json["history"] == []
    assert response.json["current"]["code"] == "FR-001"


# -- withdrawal ----------------------------------------------------------------------------
def test_withdraw_keeps_the_comment_listed(api, clause, comment, people):
    response = api.post(f"/comments/{comment.id}/withdraw", people.colleague)
    assert (response.status_code, response.json["status"]) == (200, "withdrawn")
    assert db.session.get(Comment, comment.id).status is CommentStatus.WITHDRAWN
    listed = api.get(f"/clauses/{clause.id}/comments", people.other).json["comments"]
    assert [(c["code"], c["status"]) for c in listed] == [("FR-001", "withdrawn")]
    again = api.post(f"/comments/{comment.id}/withdraw", people.delegate)
    assert (again.status_code, again.json["error"]["code"]) == (409, "withdrawn")
    assert "withdrawn" in again.json["error"]["message"]
    edit = api.patch(f"/comments/{comment.id}", people.delegate, json={"version": 2, "body": "x"})
    assert edit.status_code == 409


# -- replies -------------------------------------------------------------------------------
def test_reply(api, comment, people):
    response = api.post(f"/comments/{comment.id}/replies", people.other,
                        json={"body": "We *agree*."})  # fmt: skip
    assert response.status_code == 201
    reply = comment.replies[0]
    assert response.json == {
        "id": reply.id, "author": "Other", "administration": "KE", "body": "We *agree*.",
        "body_html": "<p>We <em>agree</em>.</p>", "created_at": isoformat(reply.created_at),
    }  # fmt: skip
    thread = api.get(f"/comments/{comment.id}", people.delegate).json["replies"]
    assert thread == [response.json]


@pytest.mark.parametrize(
    ("body", "field"),
    [({"body": " "}, "body"), ({"text": "Hi"}, "text"), ({"body": ["Hi"]}, "body"), ({}, "body")],
)
def test_invalid_reply_is_422(api, comment, people, body, field):
    response = api.post(f"/comments/{comment.id}/replies", people.other, json=body)
    assert (response.status_code, response.json["error"]["field"]) == (422, field)


def test_reply_after_closing(api, version, comment, people):
    version.status = VersionStatus.CLOSED
    late = api.post(f"/comments/{comment.id}/replies", people.other, json={"body": "Late."})
    assert (late.status_code, late.json["error"]["code"]) == (409, "period_closed")
    # the chair and the secretariat keep working after the period
    assert api.post(f"/comments/{comment.id}/replies", people.chair,
                    json={"body": "Accepted in principle."}).status_code == 201  # fmt: skip
    version.status = VersionStatus.SUPERSEDED
    refused = api.post(f"/comments/{comment.id}/replies", people.chair, json={"body": "More."})
    assert (refused.status_code, refused.json["error"]["code"]) == (403, "forbidden")
    assert api.post(f"/comments/{comment.id}/replies", people.secretariat,
                    json={"body": "Filed."}).status_code == 201  # fmt: skip


# -- support -------------------------------------------------------------------------------
def test_support_and_take_it_back(api, comment, people):
    path = f"/comments/{comment.id}/support"
    assert api.post(path, people.other).json["supporters"] == ["KE"]
    assert api.post(path, people.other).json["supporters"] == ["KE"]  # idempotent
    assert api.post(path, people.observer).json["supporters"] == ["KE", "UPU"]
    response = api.delete(path, people.other)
    assert (response.status_code, response.json["supporters"]) == (200, ["UPU"])
    assert api.delete(path, people.other).json["supporters"] == ["UPU"]  # idempotent
    # support taken back and given again keeps its place (first given, first listed)
    assert api.post(path, people.other).json["supporters"] == ["KE", "UPU"]


def test_own_administration_cannot_support(api, comment, people):
    response = api.post(f"/comments/{comment.id}/support", people.colleague)
    assert (response.status_code, response.json["error"]["code"]) == (403, "forbidden")


def test_no_support_for_a_withdrawn_comment_or_after_closing(api, version, comment, people):
    api.post(f"/comments/{comment.id}/withdraw", people.delegate)
    response = api.post(f"/comments/{comment.id}/support", people.other)
    assert (response.status_code, response.json["error"]["code"]) == (409, "withdrawn")
    other = add_comment(version, clause_of(version, "2.1"), people.delegate)
    api.post(f"/comments/{other.id}/support", people.other)
    version.status = VersionStatus.CLOSED
    for method in ("post", "delete"):
        late = getattr(api, method)(f"/comments/{other.id}/support", people.other)
        assert (late.status_code, late.json["error"]["code"]) == (409, "period_closed")
    assert api.get(f"/comments/{other.id}", people.chair).json["supporters"] == ["KE"]
