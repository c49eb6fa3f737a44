"""Accepted changes that collide: every kind of conflict, its listing and its resolution."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from framework_review.comments.services import CommentError
from framework_review.drafts.models import Version
from framework_review.versions import services
from framework_review.versions.changes import Resolution
from tests.conftest import clause_of
from tests.versions.helpers import (
    FR_TEXT,
    KE_TEXT,
    amend,
    close,
    decide,
    origins,
    refs,
    successor,
    texts,
)


def versions(db) -> int:
    return db.session.scalar(sa.select(sa.func.count(Version.id)))


@pytest.fixture
def competing(db, people, version):
    """Two different accepted replacements of 1.2, and the version closed."""
    fr = amend(version, "1.2", people.delegate, "replace", FR_TEXT)
    ke = amend(version, "1.2", people.other, "replace", KE_TEXT)
    decide(fr)
    decide(ke, "accepted_with_modifications", KE_TEXT + " Or earlier.")
    close(version)
    return fr, ke


def test_differing_changes_are_a_conflict_listed_with_both(db, people, version, competing):
    fr, ke = competing
    with pytest.raises(services.Unresolved) as refused:
        services.create_successor(version, people.chair)
    assert refused.value.status == 409 and refused.value.code == "conflicts"
    (conflict,) = refused.value.conflicts
    assert conflict.clause.ref == "1.2"
    assert [(c.comment.code, c.kind, c.text) for c in conflict.changes] == [
        ("FR-001", "replace", FR_TEXT), ("KE-001", "replace", KE_TEXT + " Or earlier."),
    ]  # fmt: skip
    assert conflict.reasons == ["2 accepted changes to this clause differ."]
    db.session.rollback()
    assert versions(db) == 1


def test_choosing_one_change_applies_it_alone(db, people, version, competing):
    fr, ke = competing
    clause = clause_of(version, "1.2")
    new = successor(version, people.chair, resolutions={clause.id: ke})
    assert texts(new)["1.2"] == KE_TEXT + " Or earlier."
    assert origins(new) == [("1.2", "1.2", "KE-001")]


def test_writing_the_text_applies_none_of_them(db, people, version, competing):
    clause = clause_of(version, "1.2")
    new = successor(version, people.chair, resolutions={clause.id: "Members collect data.\r\n"})
    assert texts(new)["1.2"] == "Members collect data."
    assert clause_of(new, "1.2").text_html == "<p>Members collect data.</p>"
    assert origins(new) == [("1.2", "1.2", "FR-001"), ("1.2", "1.2", "KE-001")]


def test_a_replacement_against_a_delete(db, people, version):
    decide(amend(version, "2.1", people.delegate, "replace", "Use risk management."))
    delete = amend(version, "2.1", people.other, "delete")
    decide(delete)
    close(version)
    (conflict,) = services.plan_for(version).unresolved
    assert [c.kind for c in conflict.changes] == ["replace", "delete"]
    new = successor(version, people.chair, resolutions={clause_of(version, "2.1").id: delete})
    assert refs(new)[-1] == "Standard 2"


def test_deleting_a_clause_with_sub_clauses_kept_is_a_conflict(db, people, version):
    delete = amend(version, "1.2", people.delegate, "delete")
    decide(delete)
    decide(amend(version, "1.2(a)", people.other, "replace", "the seller's name;"))
    close(version)
    (conflict,) = services.plan_for(version).unresolved
    assert conflict.clause.ref == "1.2"
    assert [c.ref for c in conflict.subclauses] == ["1.2(a)", "1.2(b)"]
    assert conflict.reasons == [
        "Deleting it would delete sub-clauses that are not deleted themselves: 1.2(a), 1.2(b)."
    ]
    # Choosing the delete takes the sub-clauses (and their changes) with it.
    new = successor(version, people.chair, resolutions={conflict.clause.id: delete})
    assert refs(new) == ["Preamble", "1", "1.1", "Standard 2", "2.1"]
    assert origins(new) == [(None, "1.2", "FR-001")]


def test_keeping_the_parent_keeps_the_sub_clauses_changes(db, people, version):
    decide(amend(version, "1.2", people.delegate, "delete"))
    decide(amend(version, "1.2(a)", people.other, "replace", "the seller's name;"))
    close(version)
    parent = clause_of(version, "1.2")
    new = successor(version, people.chair, resolutions={parent.id: parent.text})
    assert refs(new) == [
        "Preamble", "1", "1.1", "1.2", "1.2(a)", "1.2(b)", "Standard 2", "2.1",
    ]  # fmt: skip
    assert texts(new)["1.2(a)"] == "the seller's name;"
    assert texts(new)["1.2"] == parent.text


def test_an_insert_after_a_deleted_clause(db, people, version):
    delete = amend(version, "1.1", people.delegate, "delete")
    insert = amend(version, "1.1", people.other, "insert", "Members should publish rules.")
    decide(delete)
    decide(insert)
    close(version)
    (conflict,) = services.plan_for(version).unresolved
    assert conflict.reasons == ["A clause is to be inserted after this clause, which is deleted."]
    assert [c.comment.code for c in conflict.changes] == ["FR-001", "KE-001"]
    clause = clause_of(version, "1.1")
    kept = services.plan_for(version, {clause.id: Resolution(comment_id=insert.id)})
    assert [c.ref for c in kept.clauses][2:5] == ["1.1", "1.2", "1.3"]
    assert kept.clauses[3].text == "Members should publish rules."
    new = successor(version, people.chair, resolutions={clause.id: delete})
    assert refs(new)[2:4] == ["1.1", "1.1(a)"]  # 1.2 moved up; no insertion
    assert origins(new) == [(None, "1.1", "FR-001")]


def test_a_conflict_inside_a_deleted_clause_needs_no_resolution(db, people, version):
    delete = amend(version, "1.2", people.delegate, "delete")
    decide(delete)
    decide(amend(version, "1.2(a)", people.delegate, "replace", "the seller;"))
    decide(amend(version, "1.2(a)", people.other, "replace", "the sellers;"))
    close(version)
    plan = services.plan_for(version)
    assert [k.clause.ref for k in plan.unresolved] == ["1.2", "1.2(a)"]
    new = successor(version, people.chair, resolutions={clause_of(version, "1.2").id: delete})
    assert "1.2(a)" not in refs(new)


@pytest.mark.parametrize(
    ("target", "choice", "message"),
    [
        ("1.1", "text", "Clause 1.1 has no conflict to resolve."),
        (999_999, "text", "There is no clause 999999 in this version."),
        ("1.2", 999_999, "Comment 999999 is not one of the changes competing for 1.2."),
        ("1.2", None, "Resolve 1.2 with one competing change or with the text."),
    ],
)
def test_resolutions_that_fit_no_conflict_are_refused(db, people, version, competing, target,
                                                      choice, message):  # fmt: skip
    clause_id = clause_of(version, target).id if isinstance(target, str) else target
    resolution = (Resolution(text="Some text.") if choice == "text"
                  else Resolution(comment_id=choice))  # fmt: skip
    with pytest.raises(CommentError) as refused:
        services.create_successor(version, people.chair, "", {clause_id: resolution})
    assert refused.value.status == 422
    assert refused.value.message == message
    assert refused.value.field == f"resolutions.{clause_id}"
    db.session.rollback()
    assert versions(db) == 1


def test_a_text_over_the_limit_is_refused(db, app, people, version, competing):
    clause_id = clause_of(version, "1.2").id
    too_long = "x" * (app.config["CLAUSE_MAX_CHARS"] + 1)
    with pytest.raises(CommentError) as refused:
        services.create_successor(version, people.chair, "", {clause_id: Resolution(text=too_long)})
    assert refused.value.field == f"resolutions.{clause_id}"
