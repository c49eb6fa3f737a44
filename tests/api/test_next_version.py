"""The versions API: the next version through its conflicts, comparing, editing a clause, and
clause objects with their lineage. Every answer is checked against the OpenAPI document."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from framework_review.drafts.models import Version
from framework_review.extensions import db as _db
from framework_review.versions import services
from tests.conftest import clause_of, make_version
from tests.versions.helpers import (
    FR_TEXT,
    KE_TEXT,
    amend,
    close,
    compete,
    decide,
    successor,
    texts,
)


@pytest.fixture
def competing(db, people, version):
    fr, ke = compete(version, people)
    close(version)
    return fr, ke


def versions() -> int:
    return _db.session.scalar(sa.select(sa.func.count(Version.id)))


def test_conflicts_are_listed_then_resolved(api, people, version, competing):
    fr, ke = competing
    clause = clause_of(version, "1.2")
    refused = api.post(f"/versions/{version.id}/successor", people.chair, json={})
    assert refused.status_code == 409
    body = refused.json
    assert body["error"]["code"] == "conflicts" and "1.2" in body["error"]["message"]
    (conflict,) = body["conflicts"]
    assert conflict["clause"] == {"id": clause.id, "ref": "1.2", "text": clause.text}
    assert [(c["id"], c["code"], c["kind"], c["text"]) for c in conflict["changes"]] == [
        (fr.id, "FR-001", "replace", FR_TEXT), (ke.id, "KE-001", "replace", KE_TEXT),
    ]  # fmt: skip
    assert '<ins class="rl-ins">' in conflict["changes"][0]["redline_html"]
    assert versions() == 1
    made = api.post(f"/versions/{version.id}/successor", people.secretariat, json={
        "label": "Draft 2 (clean)", "resolutions": {str(clause.id): {"comment_id": ke.id}},
    })  # fmt: skip
    assert made.status_code == 201
    new = made.json
    assert (new["label"], new["status"], new["previous_version_id"]) == (
        "Draft 2 (clean)", "preparation", version.id,
    )  # fmt: skip
    clauses = api.get(f"/versions/{new['id']}/clauses", people.chair).json["clauses"]
    changed = next(c for c in clauses if c["ref"] == "1.2")
    assert changed["text"] == KE_TEXT and changed["source_clause_id"] == clause.id
    assert changed["changed_by_comments"] == [{"id": ke.id, "code": "KE-001"}]
    assert all(c["source_clause_id"] for c in clauses)


def test_a_written_text_resolves_too(api, people, version, competing):
    clause = clause_of(version, "1.2")
    made = api.post(f"/versions/{version.id}/successor", people.chair,
                    json={"resolutions": {str(clause.id): {"text": "Members collect data."}}})  # fmt: skip
    assert made.status_code == 201 and made.json["label"] == "Draft 2"
    assert texts(_db.session.get(Version, made.json["id"]))["1.2"] == "Members collect data."


@pytest.mark.parametrize(
    ("resolutions", "field"),
    [
        ({"abc": {"text": "x"}}, "resolutions.abc"),
        ({"CLAUSE": {"text": "x", "comment_id": 1}}, "resolutions.CLAUSE"),
        ({"CLAUSE": {"comment_id": "1"}}, "resolutions.CLAUSE.comment_id"),
        ({"CLAUSE": {"text": 5}}, "resolutions.CLAUSE.text"),
        ({"CLAUSE": {"why": "x"}}, "resolutions.CLAUSE.why"),
        ({"CLAUSE": {"comment_id": 999999}}, "resolutions.CLAUSE"),
        ({"OTHER": {"text": "x"}}, "resolutions.OTHER"),
    ],
)
def test_bad_resolutions_are_refused_with_the_field(api, people, version, competing, resolutions,
                                                    field):  # fmt: skip
    ids = {"CLAUSE": str(clause_of(version, "1.2").id), "OTHER": str(clause_of(version, "1.1").id)}
    sent = {ids.get(k, k): v for k, v in resolutions.items()}
    response = api.post(f"/versions/{version.id}/successor", people.chair,
                        json={"resolutions": sent})  # fmt: skip
    assert response.status_code == 422
    for name, value in ids.items():
        field = field.replace(name, value)
    assert response.json["error"]["field"] == field
    assert versions() == 1


@pytest.mark.parametrize("role", ["delegate", "other_delegate", "observer"])
def test_delegates_do_not_create_versions(api, people, version, competing, role):
    response = api.post(f"/versions/{version.id}/successor", people.by_role(role), json={})
    assert response.status_code == 403
    assert versions() == 1


def test_compare_through_the_api(api, people, version):
    decide(amend(version, "1.1", people.delegate, "insert", "Members should publish rules."))
    close(version)
    draft2 = successor(version, people.chair)
    services.publish(draft2, people.chair)
    _db.session.commit()
    response = api.get(f"/versions/{version.id}/compare/{draft2.id}", people.other)
    assert response.status_code == 200
    body = response.json
    assert (body["from"]["id"], body["to"]["id"]) == (version.id, draft2.id)
    assert body["counts"] == {"unchanged": 5, "added": 1, "renumbered": 3}
    added = next(c for c in body["clauses"] if c["status"] == "added")
    assert (added["old_ref"], added["new_ref"], added["old_clause_id"]) == (None, "1.2", None)
    assert added["changed_by_comments"][0]["code"] == "FR-001"
    renumbered = [(c["old_ref"], c["new_ref"]) for c in body["clauses"]
                  if c["status"] == "renumbered"]  # fmt: skip
    assert renumbered == [("1.2", "1.3"), ("1.2(a)", "1.3(a)"), ("1.2(b)", "1.3(b)")]
    only = api.get(f"/versions/{draft2.id}/compare/{version.id}?changed_only=true", people.other)
    assert [c["status"] for c in only.json["clauses"]] == ["removed"] + ["renumbered"] * 3


def test_versions_of_two_drafts_are_not_compared(api, people, version):
    other = make_version(title="Another framework")
    response = api.get(f"/versions/{version.id}/compare/{other.id}", people.other)
    assert response.status_code == 422 and response.json["error"]["field"] == "other_id"


def test_editing_a_clause_in_preparation(api, people, version):
    close(version)
    draft2 = successor(version, people.chair)
    clause = clause_of(draft2, "1.2")
    response = api.patch(f"/clauses/{clause.id}", people.chair,
                         json={"number": "1.3", "heading": "Data", "text": "Collect *data*."})  # fmt: skip
    assert response.status_code == 200
    assert (response.json["ref"], response.json["heading"], response.json["text"]) == (
        "1.3", "Data", "Collect *data*.",
    )  # fmt: skip
    assert clause_of(draft2, "1.3(a)") is not None
    clash = api.patch(f"/clauses/{clause.id}", people.chair, json={"number": "1.1"})
    assert clash.status_code == 422 and clash.json["error"]["field"] == "number"
    cleared = api.patch(f"/clauses/{clause.id}", people.chair, json={"number": None})
    assert cleared.json["ref"] == "Data"
    hidden = api.patch(f"/clauses/{clause.id}", people.delegate, json={"text": "x"})
    assert hidden.status_code == 404  # delegates do not see a version in preparation


def test_clause_list_with_lineage_costs_the_same_queries(api, people, version, count_queries):
    for ref in ("1.1", "1.2", "2.1"):
        decide(amend(version, ref, people.delegate, "replace", f"New text of {ref}."))
    close(version)
    draft2 = successor(version, people.chair)
    api.get(f"/versions/{version.id}/clauses", people.chair)  # the token's first use
    counts = []
    for target in (version, draft2):
        with count_queries() as counter:
            response = api.get(f"/versions/{target.id}/clauses", people.chair)
        counts.append(counter.count)
    assert counts[0] == counts[1]
    assert [c["code"] for c in response.json["clauses"][2]["changed_by_comments"]] == ["FR-001"]


ROLES = [("anonymous", 401), ("delegate", 404), ("same_administration", 404),
         ("other_delegate", 404), ("observer", 404), ("chair", 200), ("secretariat", 200)]  # fmt: skip


@pytest.mark.parametrize(("role", "status"), ROLES)
def test_editing_a_clause_per_role(api, people, version, role, status):
    close(version)
    draft2 = successor(version, people.chair)
    clause = clause_of(draft2, "1.1")
    before = clause.text
    response = api.patch(f"/clauses/{clause.id}", people.by_role(role), json={"text": "Edited."})
    assert response.status_code == status
    _db.session.refresh(clause)
    assert clause.text == ("Edited." if status == 200 else before)


@pytest.mark.parametrize(("role", "status"), [(r, 201 if s == 200 else 403 if s == 404 else s)
                                              for r, s in ROLES])  # fmt: skip
def test_creating_the_next_version_per_role(api, people, version, role, status):
    close(version)
    response = api.post(f"/versions/{version.id}/successor", people.by_role(role), json={})
    assert response.status_code == status
    assert versions() == (2 if status == 201 else 1)
