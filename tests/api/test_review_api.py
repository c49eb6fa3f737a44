"""The review through the API: decisions and their history, stale decisions, visibility before
and after publishing, feedback, settling with sub-clauses, the review settings of
PATCH /versions/<id> and the review list (filters, counts, cursor)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from framework_review.accounts.models import User
from framework_review.core.models import AuditEntry
from framework_review.drafts.models import Version, VersionStatus
from framework_review.extensions import db
from framework_review.review.models import Disposition
from tests.api.helpers import add_comment
from tests.comments.test_comment_performance import bulk_comments
from tests.conftest import clause_of


@pytest.fixture
def comment(version, people):
    return add_comment(version, clause_of(version, "1.1"), people.delegate, "Name the carriers.",
                       proposal_kind="replace", proposal_text="Parcels sent across a border.")  # fmt: skip


def put(api, comment, user, **body):
    body.setdefault("expected", None)
    return api.call("PUT", f"/comments/{comment.id}/disposition", user, json=body)


def test_decide_change_revert_and_read_the_history(api, comment, people):
    first = put(api, comment, people.chair, decision="accepted", observation="Yes.")
    assert first.status_code == 200
    decided = first.json["disposition"]
    assert decided["decision"] == "accepted" and decided["decided_by"] == "Chair"
    assert decided["adopted_text"] == "Parcels sent across a border."
    second = put(api, comment, people.chair, decision="accepted_with_modifications",
                 observation="Shorter.", adopted_text="Parcels sent abroad.",
                 expected=decided["id"])  # fmt: skip
    assert second.json["disposition"]["adopted_text"] == "Parcels sent abroad."
    seen = second.json["disposition"]["id"]
    reverted = api.delete(f"/comments/{comment.id}/disposition?expected={seen}", people.chair)
    assert reverted.status_code == 200 and reverted.json["disposition"] is None
    history = api.get(f"/comments/{comment.id}/dispositions", people.chair).json["dispositions"]
    assert [h["decision"] for h in history] == ["accepted", "accepted_with_modifications", "open"]
    assert [h["previous_id"] for h in history] == [None, history[0]["id"], history[1]["id"]]


def test_a_stale_decision_is_409_with_the_comment_now(api, comment, people):
    put(api, comment, people.chair, decision="noted")
    before = db.session.query(Disposition).count()
    stale = put(api, comment, people.chair, decision="not_accepted", observation="No.")
    assert stale.status_code == 409
    error = stale.json["error"]
    assert error["code"] == "stale" and error["current"]["disposition"]["decision"] == "noted"
    assert db.session.query(Disposition).count() == before
    wrong = api.delete(f"/comments/{comment.id}/disposition?expected=null", people.chair)
    assert wrong.status_code == 409 and wrong.json["error"]["code"] == "stale"


@pytest.mark.parametrize(
    ("body", "field"),
    [({"decision": "noted"}, "expected"), ({"decision": "noted", "expected": "1"}, "expected"),
     ({"decision": "noted", "expected": True}, "expected"),
     ({"decision": 3, "expected": None}, "decision"),
     ({"decision": "rejected", "expected": None}, "decision"),
     ({"decision": "not_accepted", "expected": None}, "observation"),
     ({"decision": "noted", "expected": None, "adopted_text": "Words."}, "adopted_text"),
     ({"decision": "noted", "expected": None, "by": "me"}, "by")],
)  # fmt: skip
def test_invalid_decisions_are_422(api, comment, people, body, field):
    response = api.call("PUT", f"/comments/{comment.id}/disposition", people.chair, json=body)
    assert response.status_code == 422 and response.json["error"]["field"] == field
    assert db.session.query(Disposition).count() == 0


def test_withdrawn_and_superseded_comments_take_no_decision(api, comment, people, version):
    from framework_review.comments.services import withdraw_comment

    withdraw_comment(comment, people.delegate)
    db.session.commit()
    refused = put(api, comment, people.chair, decision="noted")
    assert (refused.status_code, refused.json["error"]["code"]) == (409, "withdrawn")
    other = add_comment(version, clause_of(version, "1.2"), people.other, "Another.")
    version.status = VersionStatus.SUPERSEDED
    db.session.commit()
    refused = put(api, other, people.chair, decision="noted")
    assert (refused.status_code, refused.json["error"]["code"]) == (409, "superseded")
    assert db.session.query(Disposition).count() == 0


@pytest.mark.parametrize("query", ["", "?expected=abc", "?expected=-1", "?expected=1e3"])
def test_a_revert_says_what_it_saw(api, comment, people, query):
    response = api.delete(f"/comments/{comment.id}/disposition{query}", people.chair)
    assert response.status_code == 422 and response.json["error"]["field"] == "expected"


def test_delegates_see_decisions_once_published(api, comment, people, version):
    put(api, comment, people.chair, decision="noted", observation="Seen.")
    for user in (people.delegate, people.other):
        assert api.get(f"/comments/{comment.id}", user).json["disposition"] is None
        listed = api.get(f"/clauses/{comment.clause_id}/comments", user).json["comments"]
        assert listed[0]["disposition"] is None
        refused = api.get(f"/comments/{comment.id}/dispositions", user)
        assert refused.status_code == 403
    assert api.get(f"/comments/{comment.id}", people.secretariat).json["disposition"]
    assert api.patch(f"/versions/{version.id}", people.chair,
                     json={"dispositions_visible": True}).status_code == 200  # fmt: skip
    for user in (people.delegate, people.other):
        assert api.get(f"/comments/{comment.id}", user).json["disposition"]["decision"] == "noted"
        assert len(api.get(f"/comments/{comment.id}/dispositions", user).json["dispositions"]) == 1


def test_feedback_through_the_api(api, comment, people, version):
    refused = api.post(f"/comments/{comment.id}/feedback", people.delegate,
                       json={"satisfied": True})  # fmt: skip
    assert refused.status_code == 409 and refused.json["error"]["code"] == "not_decided"
    put(api, comment, people.chair, decision="not_accepted", observation="Out of scope.")
    api.patch(f"/versions/{version.id}", people.chair, json={"dispositions_visible": True})
    given = api.post(f"/comments/{comment.id}/feedback", people.colleague,
                     json={"satisfied": False, "note": "We *object*."})  # fmt: skip
    assert given.status_code == 201
    assert (
        given.json["note_html"] == "<p>We <em>object</em>.</p>" and given.json["by"] == "Colleague"
    )
    shown = api.get(f"/comments/{comment.id}", people.delegate).json["feedback"]
    assert shown["satisfied"] is False and shown["id"] == given.json["id"]
    assert api.get(f"/comments/{comment.id}", people.chair).json["feedback"]["id"] == shown["id"]
    assert api.get(f"/comments/{comment.id}", people.other).json["feedback"] is None
    other = api.post(f"/comments/{comment.id}/feedback", people.other, json={"satisfied": True})
    assert other.status_code == 403


def test_settling_with_sub_clauses(api, version, people):
    one_two = clause_of(version, "1.2")
    response = api.patch(f"/clauses/{one_two.id}", people.chair,
                         json={"status": "settled", "with_subclauses": True})  # fmt: skip
    assert response.status_code == 200 and response.json["status"] == "settled"
    clauses = api.get(f"/versions/{version.id}/clauses", people.other).json["clauses"]
    assert [c["ref"] for c in clauses if c["status"] == "settled"] == ["1.2", "1.2(a)", "1.2(b)"]
    refused = api.post(f"/clauses/{clause_of(version, '1.2(b)').id}/comments", people.other,
                       json={"type": "te", "body": "Late."})  # fmt: skip
    assert refused.status_code == 409 and "settled" in refused.json["error"]["message"]
    reopened = api.patch(f"/clauses/{one_two.id}", people.chair, json={"status": "open"})
    assert reopened.json["status"] == "open"
    clauses = api.get(f"/versions/{version.id}/clauses", people.other).json["clauses"]
    assert [c["ref"] for c in clauses if c["status"] == "settled"] == ["1.2(a)", "1.2(b)"]


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "status"), ({"status": "closed"}, "status"), ({"with_subclauses": True}, "with_subclauses"),
     ({"status": "settled", "with_subclauses": "yes"}, "with_subclauses"),
     ({"status": "settled", "heading": "New"}, "heading")],
)  # fmt: skip
def test_invalid_clause_changes_are_422(api, version, people, body, field):
    response = api.patch(f"/clauses/{clause_of(version, '1.1').id}", people.chair, json=body)
    assert response.status_code == 422 and response.json["error"]["field"] == field
    assert (
        api.get(f"/clauses/{clause_of(version, '1.1').id}", people.chair).json["status"] == "open"
    )


def audit_count() -> int:
    """Audit lines of changes (a caller's first token is recorded too: not counted)."""
    return db.session.scalar(
        sa.select(sa.func.count(AuditEntry.id)).where(AuditEntry.action != "token.create")
    )


def test_review_settings_for_both_officers_and_the_period_for_the_secretariat(api, version,
                                                                             people):  # fmt: skip
    chair = api.patch(f"/versions/{version.id}", people.chair,
                      json={"dispositions_visible": True, "secretariat_may_decide": True})  # fmt: skip
    assert chair.status_code == 200
    assert chair.json["dispositions_visible"] is chair.json["secretariat_may_decide"] is True
    secretariat = api.patch(f"/versions/{version.id}", people.secretariat,
                            json={"secretariat_may_decide": False, "status": "closed"})  # fmt: skip
    assert secretariat.json["secretariat_may_decide"] is False
    assert secretariat.json["status"] == "closed"
    before = audit_count()
    mixed = api.patch(f"/versions/{version.id}", people.chair,
                      json={"dispositions_visible": False, "status": "open"})  # fmt: skip
    assert mixed.status_code == 403
    stored = db.session.get(Version, version.id)
    assert stored.dispositions_visible is True and stored.status.value == "closed"
    assert audit_count() == before
    delegate = api.patch(f"/versions/{version.id}", people.delegate,
                         json={"dispositions_visible": False})  # fmt: skip
    assert delegate.status_code == 403
    invalid = api.patch(f"/versions/{version.id}", people.chair,
                        json={"dispositions_visible": "yes"})  # fmt: skip
    assert invalid.status_code == 422 and invalid.json["error"]["field"] == "dispositions_visible"
    assert api.patch(f"/versions/{version.id}", people.chair, json={}).status_code == 200
    assert audit_count() == before


def test_the_review_list_filters_counts_and_cursor(api, version, people):
    fr = add_comment(version, clause_of(version, "1.1"), people.delegate, "Carriers.")
    add_comment(version, clause_of(version, "1.2(a)"), people.other, "A comma.", type="ed")
    add_comment(version, None, people.other, "Overall fine.", type="ge")
    put(api, fr, people.chair, decision="noted")
    url = f"/versions/{version.id}/review"
    everything = api.get(url, people.secretariat).json
    assert [c["code"] for c in everything["comments"]] == ["KE-002", "FR-001", "KE-001"]
    assert everything["total"] == 3 and everything["next_cursor"] is None
    assert everything["counts"]["tab"] == {"todo": 2, "decided": 1, "all": 3}
    assert everything["counts"]["clause"]["general"] == 1
    assert everything["comments"][1]["disposition"]["decision"] == "noted"
    todo = api.get(f"{url}?tab=todo&administration=KE", people.chair).json
    assert [c["code"] for c in todo["comments"]] == ["KE-002", "KE-001"]
    assert todo["counts"]["administration"] == {"KE": 2}
    first = api.get(f"{url}?limit=2", people.chair).json
    assert [c["code"] for c in first["comments"]] == ["KE-002", "FR-001"]
    rest = api.get(f"{url}?limit=2&cursor={first['next_cursor']}", people.chair).json
    assert [c["code"] for c in rest["comments"]] == ["KE-001"] and rest["next_cursor"] is None
    for query, field in [("tab=x", "tab"), ("limit=0", "limit"), ("limit=201", "limit"),
                         ("cursor=zzz", "cursor"), ("clause=abc", "clause")]:  # fmt: skip
        refused = api.get(f"{url}?{query}", people.chair)
        assert refused.status_code == 422 and refused.json["error"]["field"] == field
    assert api.get(url, people.delegate).status_code == 403


def test_the_review_list_runs_a_fixed_number_of_queries(api, people, version, count_queries):
    version_id = version.id
    user = db.session.get(User, people.chair.id)

    def queries() -> int:
        api.get(f"/versions/{version_id}/review?limit=50", user)  # the token's first use
        with count_queries() as counter:
            response = api.get(f"/versions/{version_id}/review?limit=50", user)
        assert len(response.json["comments"]) == min(50, response.json["total"])
        return counter.count

    bulk_comments(version_id, "1.1", 1, 5)
    few = queries()
    bulk_comments(version_id, "1.1", 6, 500)
    assert queries() == few
