"""Generating the next version from the chair's decisions: every kind of accepted change."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm.attributes import set_committed_value

from framework_review.comments.services import CommentError, NotAllowed, withdraw_comment
from framework_review.core.models import AuditEntry
from framework_review.core.time import utcnow
from framework_review.drafts.models import Version, VersionStatus
from framework_review.versions import services
from tests.conftest import clause_of, make_version
from tests.versions.helpers import (
    amend,
    clauses,
    close,
    decide,
    origins,
    refs,
    successor,
    texts,
)

ORIGINAL_REFS = ["Preamble", "1", "1.1", "1.2", "1.2(a)", "1.2(b)", "Standard 2", "2.1"]
NEW_1_1 = "This framework applies to goods bought online and shipped across a border."


def test_an_accepted_replacement_becomes_the_text(db, people, version):
    comment = amend(version, "1.1", people.delegate, "replace", NEW_1_1)
    decide(comment)
    close(version)
    new = successor(version, people.chair)
    assert (new.label, new.number, new.status) == ("Draft 2", 2, VersionStatus.PREPARATION)
    assert new.previous_version_id == version.id and new.draft_id == version.draft_id
    assert refs(new) == ORIGINAL_REFS
    changed = clause_of(new, "1.1")
    assert changed.text == NEW_1_1
    assert changed.text_html == f"<p>{NEW_1_1}</p>"
    assert changed.source_clause_id == clause_of(version, "1.1").id
    assert texts(new)["1.2"] == texts(version)["1.2"]
    for old, made in zip(clauses(version), clauses(new), strict=True):
        assert made.source_clause_id == old.id
        assert (made.level, made.number, made.heading) == (old.level, old.number, old.heading)
        assert (made.parent.ref if made.parent else None) == (
            old.parent.ref if old.parent else None
        )
    assert origins(new) == [("1.1", "1.1", "FR-001")]
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "version.successor"))
    assert entry.object_id == new.id and "1 changed, 0 inserted, 0 deleted" in entry.summary


def test_modified_text_is_adopted_and_missing_text_is_listed(db, people, version):
    modified = amend(version, "1.1", people.delegate, "replace", NEW_1_1)
    decide(modified, "accepted_with_modifications", "Goods bought online and shipped.")
    by_hand = amend(version, "2.1", people.other, "replace", "Use risk management always.")
    decide(by_hand, "accepted_with_modifications")
    described = amend(version, "1.2", people.other, "text", "Say who collects the data.")
    decide(described, "accepted_with_modifications", "Customs should collect the data early.")
    close(version)
    plan = services.plan_for(version)
    assert any("KE-001 on 2.1: accepted with modifications without adopted text" in n
               for n in plan.notes)  # fmt: skip
    new = successor(version, people.chair, "Second draft")
    assert new.label == "Second draft"
    assert texts(new)["1.1"] == "Goods bought online and shipped."
    assert texts(new)["2.1"] == texts(version)["2.1"]
    assert texts(new)["1.2"] == "Customs should collect the data early."
    assert origins(new) == [("1.1", "1.1", "FR-001"), ("1.2", "1.2", "KE-002")]


def test_decisions_that_change_nothing(db, people, version):
    for decision in ("not_accepted", "noted"):
        decide(amend(version, "1.1", people.delegate, "replace", NEW_1_1), decision)
    amend(version, "1.2", people.delegate, "delete")  # open: never decided
    withdrawn = amend(version, "2.1", people.other, "delete")
    decide(withdrawn)
    withdraw_comment(withdrawn, people.other)
    agreed = amend(version, "Preamble", people.other)  # no proposal: agreement
    decide(agreed)
    described = amend(version, "1.1", people.other, "text", "Mention carriers.")
    decide(described)
    close(version)
    plan = services.plan_for(version)
    assert plan.notes == ["KE-003 on 1.1: a described change was accepted — edit by hand if "
                          "the text must change."]  # fmt: skip
    new = successor(version, people.secretariat)
    assert texts(new) == texts(version)
    assert origins(new) == []


def test_an_accepted_insert_adds_a_sibling_and_renumbers_the_following(db, people, version):
    comment = amend(version, "1.1", people.delegate, "insert", "Members should publish rules.")
    decide(comment)
    close(version)
    new = successor(version, people.chair)
    assert refs(new) == ["Preamble", "1", "1.1", "1.2", "1.3", "1.3(a)", "1.3(b)",
                         "Standard 2", "2.1"]  # fmt: skip
    inserted, moved = clause_of(new, "1.2"), clause_of(new, "1.3")
    assert (inserted.number, inserted.level, inserted.parent.ref) == ("1.2", 1, "1")
    assert inserted.text == "Members should publish rules." and inserted.source_clause_id is None
    assert moved.number == "1.3" and moved.source_clause_id == clause_of(version, "1.2").id
    assert clause_of(new, "1.3(a)").number == "(a)"
    assert clause_of(new, "1.3(a)").parent == moved
    assert origins(new) == [("1.2", "1.1", "FR-001")]


def test_an_accepted_delete_removes_the_clause_and_renumbers(db, people, version):
    decide(amend(version, "1.1", people.delegate, "delete"))
    close(version)
    new = successor(version, people.chair)
    assert refs(new) == ["Preamble", "1", "1.1", "1.1(a)", "1.1(b)", "Standard 2", "2.1"]
    assert clause_of(new, "1.1").source_clause_id == clause_of(version, "1.2").id
    assert origins(new) == [(None, "1.1", "FR-001")]


def test_a_delete_takes_sub_clauses_that_are_deleted_too(db, people, version):
    for ref in ("1.2", "1.2(a)", "1.2(b)"):
        decide(amend(version, ref, people.delegate, "delete"))
    close(version)
    plan = services.plan_for(version)
    assert [r.clause.ref for r in plan.removed] == ["1.2", "1.2(a)", "1.2(b)"]
    new = successor(version, people.chair)
    assert refs(new) == ["Preamble", "1", "1.1", "Standard 2", "2.1"]
    assert origins(new) == [(None, "1.2", "FR-001"), (None, "1.2(a)", "FR-002"),
                                (None, "1.2(b)", "FR-003")]  # fmt: skip


def test_identical_changes_do_not_conflict(db, people, version):
    decide(amend(version, "1.1", people.delegate, "replace", NEW_1_1))
    decide(amend(version, "1.1", people.other, "replace", NEW_1_1 + "\n"))
    decide(amend(version, "2.1", people.delegate, "delete"))
    decide(amend(version, "2.1", people.other, "delete"))
    close(version)
    new = successor(version, people.chair)
    assert texts(new)["1.1"] == NEW_1_1 and "2.1" not in refs(new)
    assert [code for *_, code in origins(new)] == ["FR-001", "FR-002", "KE-001", "KE-002"]


def test_internal_cross_references_are_listed_not_changed(db, people):
    rows = [
        ("1", "1.", "Scope", "", None),
        ("1.1", "1.1", None, "Applies to parcels.", "1"),
        ("1.2", "1.2", None, "Data as in 1.3 and Standard 2.", "1"),
        ("1.3", "1.3", None, "The data list; see also 1.2(a).", "1"),
        ("1.3(a)", "(a)", None, "the seller.", "1.3"),
        ("Standard 2", "Standard 2", "Risk", "As 1.3 says.", None),
    ]
    version = make_version(clauses=rows)
    decide(amend(version, "1.1", people.delegate, "insert", "New rule, unlike 1.2."))
    close(version)
    new = successor(version, people.chair)
    assert texts(new)["1.3"] == "Data as in 1.3 and Standard 2."  # left alone
    checks = services.preparation_checks(new)
    assert "1.3 refers to 1.3 (now 1.4) — check." in checks
    assert "Standard 2 refers to 1.3 (now 1.4) — check." in checks
    assert "1.2 refers to 1.2 (now 1.3) — check." in checks  # the inserted text
    assert not any("1.2(a)" in c for c in checks)  # 1.2(a) never existed: nothing to say


@pytest.mark.parametrize("role", ["delegate", "other_delegate", "observer"])
def test_only_officers_create_the_next_version(db, people, version, role):
    close(version)
    with pytest.raises(NotAllowed):
        services.create_successor(version, people.by_role(role))
    assert db.session.scalar(sa.select(sa.func.count(Version.id))) == 1


def test_the_next_version_needs_a_closed_one_and_only_one_is_made(db, people, version):
    with pytest.raises(services.VersionStateError, match="Draft 1 is open"):
        services.create_successor(version, people.chair)
    close(version)
    successor(version, people.chair)
    with pytest.raises(services.VersionStateError, match="Draft 2 was already made"):
        services.create_successor(version, people.secretariat)


def test_a_version_whose_closing_date_passed_counts_as_closed(db, people):
    past = make_version(
        opens_at=utcnow() - timedelta(days=9), closes_at=utcnow() - timedelta(days=1)
    )
    assert past.status is VersionStatus.OPEN and past.period_phase() == "closed"
    assert successor(past, people.chair).previous_version_id == past.id


def test_a_long_label_is_refused(db, people, version):
    close(version)
    with pytest.raises(CommentError) as refused:
        services.create_successor(version, people.chair, "x" * 101)
    assert refused.value.field == "label"


def test_two_officers_at_once_make_one_version(db, people, version):
    close(version)
    successor(version, people.chair)
    # As a request that loaded Draft 1 before the other one's version was committed.
    set_committed_value(version, "successors", [])
    with pytest.raises(services.VersionStateError, match="Draft 2 was already made"):
        services.create_successor(version, people.secretariat)
    assert db.session.scalar(sa.select(sa.func.count(Version.id))) == 2
