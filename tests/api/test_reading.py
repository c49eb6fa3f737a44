"""Reading through the API: drafts, clauses, comments, with exact shapes and fixed query counts."""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser

from framework_review.comments import services as comment_services
from framework_review.core.time import isoformat, utcnow
from framework_review.drafts.models import VersionStatus
from framework_review.extensions import db
from tests.api.helpers import add_comment
from tests.conftest import CLAUSES, clause_of, make_version


def test_drafts_lists_versions_and_hides_preparation_from_delegates(api, version, people):
    later = make_version(status=VersionStatus.PREPARATION, label="Draft 2", opens_at=None,
                         closes_at=None)  # fmt: skip
    first = {
        "id": version.id,
        "label": "Draft 1",
        "status": "open",
        "opens_at": isoformat(version.opens_at),
        "closes_at": isoformat(version.closes_at),
        "phase": "open",
        "comments_visible_during_period": True,
        "observers_may_comment": True,
        "previous_version_id": None,
        "dispositions_visible": False,
        "secretariat_may_decide": False,
        "report_released": False,
    }
    second = {
        "id": later.id,
        "label": "Draft 2",
        "status": "preparation",
        "opens_at": None,
        "closes_at": None,
        "phase": "preparation",
        "comments_visible_during_period": True,
        "observers_may_comment": True,
        "previous_version_id": None,
        "dispositions_visible": False,
        "secretariat_may_decide": False,
        "report_released": False,
    }
    for officer in (people.secretariat, people.chair):
        response = api.get("/drafts", officer)
        assert response.status_code == 200
        assert response.json == {
            "drafts": [{"id": version.draft_id, "title": "Test framework",
                        "versions": [first, second]}]
        }  # fmt: skip
    response = api.get("/drafts", people.delegate)
    assert response.json["drafts"][0]["versions"] == [first]
    assert response.json["drafts"][0]["versions"][0]["opens_at"].endswith("Z")
    # The working copy's clauses are not reachable by id either.
    assert api.get(f"/versions/{later.id}/clauses", people.delegate).status_code == 404
    assert api.get(f"/versions/{later.id}/clauses", people.secretariat).status_code == 200
    hidden = clause_of(later, "1.1")
    assert api.get(f"/clauses/{hidden.id}", people.delegate).status_code == 404
    assert api.get(f"/clauses/{hidden.id}", people.chair).status_code == 200


def test_drafts_empty(api, people):
    assert api.get("/drafts", people.chair).json == {"drafts": []}


def test_open_version_before_its_opening_is_scheduled(api, people):
    soon = make_version(opens_at=utcnow() + timedelta(days=2))
    (listed,) = api.get("/drafts", people.delegate).json["drafts"][0]["versions"]
    assert (listed["id"], listed["status"], listed["phase"]) == (soon.id, "open", "scheduled")


def test_clauses_in_document_order_with_tree(api, version, people, count_queries):
    with count_queries() as counter:
        response = api.get(f"/versions/{version.id}/clauses", people.other)
    assert response.status_code == 200
    clauses = response.json["clauses"]
    assert [c["ref"] for c in clauses] == [ref for ref, *_ in CLAUSES]
    by_ref = {c["ref"]: c for c in clauses}
    scope = clause_of(version, "1")
    assert by_ref["1"] == {
        "id": scope.id, "ref": "1", "heading": "Scope", "text": "", "level": 0,
        "parent_id": None, "position": 2, "source_clause_id": None, "changed_by_comments": [], "status": "open",
    }  # fmt: skip
    assert by_ref["1.2(a)"] == {
        "id": clause_of(version, "1.2(a)").id, "ref": "1.2(a)", "heading": None,
        "text": "the name and address of the seller;", "level": 2,
        "parent_id": by_ref["1.2"]["id"], "position": 5, "source_clause_id": None,
        "changed_by_comments": [], "status": "open",
    }  # fmt: skip
    # token, its user, the user's administration, the version, its clauses, the token's
    # last-use update: nothing per clause
    selects = [s for s in counter.statements if s.lstrip().upper().startswith("SELECT")]
    assert len([s for s in selects if re.search(r"FROM clause\b", s)]) == 1


def test_one_clause(api, version, people):
    clause = clause_of(version, "2.1")
    response = api.get(f"/clauses/{clause.id}", people.chair)
    assert response.json == {
        "id": clause.id, "ref": "2.1", "heading": None,
        "text": "Members should use risk management for all low-value shipments.",
        "level": 1, "parent_id": clause_of(version, "Standard 2").id, "position": 8,
        "source_clause_id": None, "changed_by_comments": [], "status": "open",
    }  # fmt: skip


def test_unknown_ids_are_404(api, version, people):
    for path in ("/versions/999/clauses", "/clauses/999", "/clauses/999/comments",
                 "/comments/999", "/comments/999/history"):  # fmt: skip
        response = api.get(path, people.delegate)
        assert response.status_code == 404, path
        assert response.json["error"]["code"] == "not_found"


def test_comment_shape_with_thread(api, version, people):
    clause = clause_of(version, "1.1")
    comment = add_comment(
        version, clause, people.delegate, "Name *postal* operators.", locator="second sentence",
        quote="goods ordered online", proposal_kind="replace", proposal_text="This framework "
        "applies to goods ordered online and carried by post or courier across a border.",
    )  # fmt: skip
    comment_services.add_reply(comment, people.chair, "Noted for the meeting.")
    comment_services.support_comment(comment, people.other)
    response = api.get(f"/clauses/{clause.id}/comments", people.observer)
    assert response.status_code == 200
    (shown,) = response.json["comments"]
    reply = comment.replies[0]
    assert shown == {
        "id": comment.id,
        "code": "FR-001",
        "clause_id": clause.id,
        "administration": "FR",
        "author": "Delegate",
        "type": "te",
        "locator": "second sentence",
        "quote": "goods ordered online",
        "body": "Name *postal* operators.",
        "body_html": "<p>Name <em>postal</em> operators.</p>",
        "proposal": {
            "kind": "replace",
            "text": "This framework applies to goods ordered online and carried by post or "
            "courier across a border.",
        },
        "status": "open",
        "supporters": ["KE"],
        "replies": [
            {
                "id": reply.id,
                "author": "Chair",
                "administration": None,
                "body": "Noted for the meeting.",
                "body_html": "<p>Noted for the meeting.</p>",
                "created_at": isoformat(reply.created_at),
            }
        ],
        "version": 1,
        "created_at": isoformat(comment.created_at),
        "updated_at": isoformat(comment.updated_at),
        "disposition": None,
        "feedback": None,
    }
    assert api.get(f"/comments/{comment.id}", people.observer).json == shown


def test_comments_in_table_order_and_only_on_that_clause(api, version, people):
    clause = clause_of(version, "1.1")
    add_comment(version, clause, people.other)
    add_comment(version, clause, people.delegate)
    add_comment(version, clause, people.colleague, proposal_kind="delete")
    add_comment(version, clause_of(version, "1.2"), people.delegate)
    add_comment(version, None, people.delegate)  # on the whole document
    response = api.get(f"/clauses/{clause.id}/comments", people.chair)
    shown = response.json["comments"]
    assert [c["code"] for c in shown] == ["FR-001", "FR-002", "KE-001"]
    assert shown[1]["proposal"] == {"kind": "delete", "text": ""}
    assert shown[0]["proposal"] is None


def _comments(version, clause, people, count):
    """`count` comments from three administrations, each with a reply and a supporter."""
    writers = [people.delegate, people.other, people.observer, people.colleague]
    supporters = {people.delegate.id: people.other, people.colleague.id: people.observer,
                  people.other.id: people.delegate, people.observer.id: people.other}  # fmt: skip
    for n in range(count):
        writer = writers[n % len(writers)]
        comment = add_comment(version, clause, writer, f"Comment number {n}.")
        comment_services.add_reply(comment, people.chair, f"Reply to {n}.")
        comment_services.add_reply(comment, writers[(n + 1) % 4], f"Second reply to {n}.")
        comment_services.support_comment(comment, supporters[writer.id])
    db.session.commit()


def test_comment_list_query_count_does_not_grow(api, version, people, count_queries):
    clause = clause_of(version, "1.1")
    api.token_for(people.observer)
    _comments(version, clause, people, 3)
    path = f"/clauses/{clause.id}/comments"
    api.get(path, people.observer)  # a token's first use is recorded (one UPDATE); not counted
    with count_queries() as few:
        response = api.get(path, people.observer)
    assert len(response.json["comments"]) == 3
    _comments(version, clause, people, 57)
    with count_queries() as many:
        response = api.get(path, people.observer)
    shown = response.json["comments"]
    assert len(shown) == 60
    assert all(len(c["replies"]) == 2 and len(c["supporters"]) == 1 for c in shown)
    assert many.count == few.count, "\n".join(many.statements)
    assert few.count <= 12


def test_blind_collection_hides_other_administrations_until_closing(api, people):
    version = make_version(visible=False)
    clause = clause_of(version, "1.1")
    mine = add_comment(version, clause, people.delegate)
    theirs = add_comment(version, clause, people.other)

    def codes(user):
        return [c["code"] for c in api.get(f"/clauses/{clause.id}/comments", user).json["comments"]]

    assert codes(people.delegate) == ["FR-001"]
    assert codes(people.colleague) == ["FR-001"]
    assert codes(people.other) == ["KE-001"]
    assert codes(people.chair) == codes(people.secretariat) == ["FR-001", "KE-001"]
    # Someone else's comment does not exist for the caller, whatever the way in.
    for path in (f"/comments/{theirs.id}", f"/comments/{theirs.id}/history"):
        assert api.get(path, people.delegate).status_code == 404
    assert api.post(f"/comments/{theirs.id}/support", people.delegate).status_code == 404
    assert api.post(f"/comments/{theirs.id}/replies", people.delegate,
                    json={"body": "Agreed."}).status_code == 404  # fmt: skip
    assert api.get(f"/comments/{mine.id}", people.colleague).status_code == 200

    version.closes_at = utcnow() - timedelta(minutes=1)  # the period has ended
    assert codes(people.delegate) == codes(people.other) == ["FR-001", "KE-001"]
    assert api.get(f"/comments/{theirs.id}", people.delegate).status_code == 200


def test_hostile_markdown_is_neutralised(api, version, people):
    clause = clause_of(version, "1.1")
    hostile = (
        "<script>alert('x')</script> [click](javascript:alert(1)) "
        '<img src=x onerror="alert(2)"> <a href="https://evil.example" onclick="steal()">a</a>'
    )
    response = api.post(f"/clauses/{clause.id}/comments", people.delegate,
                        json={"type": "ge", "body": hostile})  # fmt: skip
    assert response.status_code == 201
    assert response.json["body"] == hostile  # kept as written; only the HTML is cleaned
    html = response.json["body_html"]
    assert "&lt;script&gt;" in html  # typed HTML is shown as text, never run
    reply = api.post(f"/comments/{response.json['id']}/replies", people.other,
                     json={"body": hostile}).json  # fmt: skip
    for rendered in (html, reply["body_html"]):
        tags = _tags(rendered)
        assert {name for name, _ in tags} <= {"p", "a"}, rendered
        for _name, attrs in tags:
            assert all(not key.startswith("on") for key, _ in attrs), rendered
            assert all("javascript" not in (value or "") for _, value in attrs), rendered
            assert ("href", "https://evil.example") not in attrs, rendered


def _tags(html: str) -> list[tuple[str, list]]:
    """Every element a browser would build from `html`, with its attributes."""
    found = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collect().feed(html)
    return found
