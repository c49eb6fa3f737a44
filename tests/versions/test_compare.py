"""Lineage across three versions, and comparing any two versions clause by clause."""

from __future__ import annotations

import pytest

from framework_review.drafts.models import VersionStatus
from framework_review.extensions import db as _db
from framework_review.versions import services
from framework_review.versions.compare import compare_versions
from tests.conftest import CLAUSES, clause_of, make_version
from tests.versions.helpers import amend, close, decide, successor

NEW_1_1 = "This framework applies to goods bought online and shipped across a border."


@pytest.fixture
def three(db, people, version):
    """Draft 1 -> Draft 2 (1.1 reworded, a clause inserted after it) -> Draft 3 (2.1 deleted)."""
    decide(amend(version, "1.1", people.delegate, "replace", NEW_1_1))
    decide(amend(version, "1.1", people.other, "insert", "Members should publish their rules."))
    close(version)
    draft2 = successor(version, people.chair)
    services.publish(draft2, people.chair)
    _db.session.commit()
    decide(amend(draft2, "2.1", people.delegate, "delete"))
    close(draft2)
    draft3 = successor(draft2, people.secretariat)
    return version, draft2, draft3


def summary(comparison) -> list[tuple]:
    return [
        (r.old.ref if r.old else None, r.new.ref if r.new else None, r.status,
         [c.code for c in r.comments])
        for r in comparison.rows
    ]  # fmt: skip


def test_lineage_across_three_versions(db, people, three):
    draft1, draft2, draft3 = three
    last = clause_of(draft3, "1.3(b)")
    assert last.source_clause.source_clause == clause_of(draft1, "1.2(b)")
    assert last.source_clause.version == draft2
    middle = clause_of(draft2, "1.1")
    lineage = services.clause_lineage(middle, people.chair)
    assert (lineage.previous, lineage.source) == (draft1, clause_of(draft1, "1.1"))
    assert [c.code for c in lineage.changed_by] == ["FR-001"]
    assert lineage.following == [(draft3, clause_of(draft3, "1.1"))]
    inserted = services.clause_lineage(clause_of(draft2, "1.2"), people.chair)
    assert inserted.source is None and [c.code for c in inserted.changed_by] == ["KE-001"]
    deleted = services.clause_lineage(clause_of(draft2, "2.1"), people.chair)
    assert deleted.following == [(draft3, None)]
    # Delegates do not see a version in preparation, so not where the clause goes in it.
    assert services.clause_lineage(middle, people.delegate).following == []


def test_comparing_the_first_and_the_third(db, people, three):
    draft1, _draft2, draft3 = three
    comparison = compare_versions(draft1, draft3)
    assert summary(comparison) == [
        ("Preamble", "Preamble", "unchanged", []),
        ("1", "1", "unchanged", []),
        ("1.1", "1.1", "changed", ["FR-001"]),
        (None, "1.2", "added", ["KE-001"]),
        ("1.2", "1.3", "renumbered", []),
        ("1.2(a)", "1.3(a)", "renumbered", []),
        ("1.2(b)", "1.3(b)", "renumbered", []),
        ("Standard 2", "Standard 2", "unchanged", []),
        ("2.1", None, "removed", ["FR-001"]),
    ]
    assert comparison.counts == {"unchanged": 3, "changed": 1, "added": 1, "renumbered": 3,
                                 "removed": 1}  # fmt: skip
    changed = comparison.rows[2]
    assert '<del class="rl-del">ordered</del><ins class="rl-ins">bought</ins>' in changed.redline
    assert changed.redline.count("<del") == 2  # "ordered" and "sent", nothing else
    assert comparison.rows[3].redline.startswith('<div class="redline"><ins class="rl-ins">')
    assert '<del class="rl-del">Members should use' in comparison.rows[-1].redline
    assert not any(row.moved for row in comparison.rows)


def test_comparing_backwards_and_changed_only(db, people, three):
    draft1, _draft2, draft3 = three
    comparison = compare_versions(draft3, draft1, changed_only=True)
    assert summary(comparison) == [
        ("1.1", "1.1", "changed", ["FR-001"]),
        ("1.2", None, "removed", ["KE-001"]),
        ("1.3", "1.2", "renumbered", []),
        ("1.3(a)", "1.2(a)", "renumbered", []),
        ("1.3(b)", "1.2(b)", "renumbered", []),
        (None, "2.1", "added", ["FR-001"]),
    ]
    assert '<del class="rl-del">bought</del><ins class="rl-ins">ordered</ins>' in (
        comparison.rows[0].redline
    )


def test_versions_without_lineage_match_by_ref_and_moves_show(db, people, version):
    reordered = [CLAUSES[0], CLAUSES[1], CLAUSES[3], CLAUSES[4], CLAUSES[5], CLAUSES[2],
                 CLAUSES[6], ("2.1", "2.1", None, "Members should always manage risk.", "1")]  # fmt: skip
    imported = make_version(VersionStatus.PREPARATION, label="Draft 2", clauses=reordered)
    comparison = compare_versions(version, imported)
    status = {(r.old.ref if r.old else r.new.ref): r.status for r in comparison.rows}
    assert status["1.1"] == "moved"
    assert status["2.1"] == "changed" and comparison.rows[-1].moved  # other parent, new text
    assert {status[ref] for ref in ("Preamble", "1", "1.2", "1.2(a)", "Standard 2")} == {
        "unchanged"
    }


def test_a_version_compared_with_itself_is_unchanged(db, people, version):
    comparison = compare_versions(version, version)
    assert set(comparison.counts) == {"unchanged"}
    assert compare_versions(version, version, changed_only=True).rows == []
