"""A generated version in preparation: editing its clauses, publishing it, superseding the last."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from framework_review.comments.services import CommentError, NotAllowed, PeriodClosed
from framework_review.core.models import AuditEntry
from framework_review.core.time import utcnow
from framework_review.drafts import services as drafts
from framework_review.drafts.importer import parse_text
from framework_review.drafts.models import VersionStatus
from framework_review.versions import services
from framework_review.versions.services import ClauseEdit
from tests.conftest import clause_of
from tests.versions.helpers import amend, close, refs, successor


@pytest.fixture
def draft2(db, people, version):
    """Draft 2, generated (unchanged) from the closed Draft 1, in preparation."""
    close(version)
    return successor(version, people.chair)


def audit(db, action: str) -> list[AuditEntry]:
    return list(db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action)))


def test_editing_text_heading_and_number(db, people, draft2):
    clause = clause_of(draft2, "1.2")
    services.edit_clause(clause, people.secretariat, ClauseEdit(
        text="Members **should** collect data.\r\n", heading="Data", number="1.4",
    ))  # fmt: skip
    db.session.commit()
    assert (clause.ref, clause.number, clause.heading) == ("1.4", "1.4", "Data")
    assert clause.text == "Members **should** collect data."
    assert clause.text_html == "<p>Members <strong>should</strong> collect data.</p>"
    # Its items follow the new ref; others stay.
    assert refs(draft2) == ["Preamble", "1", "1.1", "1.4", "1.4(a)", "1.4(b)", "Standard 2", "2.1"]
    (entry,) = audit(db, "clause.edit")
    assert entry.actor_id == people.secretariat.id and entry.object_id == clause.id
    assert entry.data["before"]["number"] == "1.2" and entry.data["after"]["heading"] == "Data"


def test_hostile_markdown_is_cleaned_as_on_import(db, people, draft2):
    clause = clause_of(draft2, "1.1")
    services.edit_clause(clause, people.chair, ClauseEdit(
        text="<script>alert(1)</script> [x](javascript:alert(1))"))  # fmt: skip
    assert "<script" not in clause.text_html and "javascript:" not in clause.text_html


def test_an_item_number_takes_its_parents_ref(db, people, draft2):
    clause = clause_of(draft2, "1.2(b)")
    services.edit_clause(clause, people.chair, ClauseEdit(number="(c)"))
    assert clause.ref == "1.2(c)"
    heading = clause_of(draft2, "Preamble")
    services.edit_clause(heading, people.chair, ClauseEdit(heading="Foreword."))
    assert heading.ref == "Foreword"


def test_a_number_already_used_is_refused(db, people, draft2):
    with pytest.raises(CommentError) as refused:
        services.edit_clause(clause_of(draft2, "1.2"), people.chair, ClauseEdit(number="1.1"))
    assert refused.value.field == "number" and refused.value.status == 422
    assert "1.1 is already the reference" in refused.value.message


def test_a_save_over_another_is_refused(db, people, draft2):
    clause = clause_of(draft2, "1.1")
    seen = services.fingerprint(clause)
    services.edit_clause(clause, people.chair, ClauseEdit(text="First edit."))
    with pytest.raises(services.ClauseChanged):
        services.edit_clause(clause, people.secretariat, ClauseEdit(text="Second.", expected=seen))
    assert clause.text == "First edit."


def test_saving_nothing_new_writes_no_audit_line(db, people, draft2):
    clause = clause_of(draft2, "1.1")
    services.edit_clause(clause, people.chair, ClauseEdit(text=clause.text, number="1.1"))
    assert audit(db, "clause.edit") == []


@pytest.mark.parametrize("role", ["delegate", "other_delegate", "observer"])
def test_only_officers_edit(db, people, draft2, role):
    clause = clause_of(draft2, "1.1")
    with pytest.raises(NotAllowed):
        services.edit_clause(clause, people.by_role(role), ClauseEdit(text="No."))
    assert clause.text != "No."


def test_only_a_version_in_preparation_is_edited(db, people, version):
    with pytest.raises(services.VersionStateError):
        services.edit_clause(clause_of(version, "1.1"), people.chair, ClauseEdit(text="No."))


def test_publishing_opens_the_new_and_supersedes_the_old(db, people, version, draft2):
    closes = (utcnow() + timedelta(days=30)).replace(microsecond=0)
    services.publish(draft2, people.chair, closes_at=closes)
    db.session.commit()
    assert draft2.status is VersionStatus.OPEN and draft2.is_open_for_comment()
    assert draft2.closes_at == closes
    assert version.status is VersionStatus.SUPERSEDED
    (entry,) = audit(db, "version.supersede")
    assert entry.object_id == version.id and entry.actor_id == people.chair.id
    # The old record stays closed: its period cannot change, the new cannot go back.
    with pytest.raises(drafts.DraftError):
        drafts.set_period(version, status="open")
    with pytest.raises(drafts.DraftError, match="cannot go back to preparation"):
        drafts.set_period(draft2, status="preparation")
    with pytest.raises(services.VersionStateError):
        services.publish(draft2, people.chair)


def test_opening_through_the_period_page_supersedes_too(db, people, version, draft2):
    drafts.set_period(draft2, status="open", actor=people.secretariat)
    assert version.status is VersionStatus.SUPERSEDED


def test_a_version_still_open_is_not_superseded(db, people, version, draft2):
    drafts.set_period(version, status="open", closes_at=utcnow() + timedelta(days=1))
    with pytest.raises(services.VersionStateError, match="Draft 1 is still open for comment"):
        services.publish(draft2, people.chair)
    assert version.status is VersionStatus.OPEN


@pytest.mark.parametrize("role", ["delegate", "observer"])
def test_only_officers_publish(db, people, version, draft2, role):
    with pytest.raises(NotAllowed):
        services.publish(draft2, people.by_role(role))
    assert draft2.status is VersionStatus.PREPARATION
    assert version.status is VersionStatus.CLOSED


def test_superseded_versions_take_no_comments_and_keep_their_decisions(db, people, version, draft2):
    services.publish(draft2, people.chair)
    db.session.commit()
    with pytest.raises(PeriodClosed):
        amend(version, "1.1", people.delegate)
    assert version.period_message().startswith("This version has been superseded")


def test_a_number_without_a_number_is_refused(db, people, draft2):
    with pytest.raises(CommentError) as refused:
        services.edit_clause(clause_of(draft2, "1.1"), people.chair, ClauseEdit(number=" . "))
    assert refused.value.field == "number"
    assert clause_of(draft2, "1.1") is not None


def test_a_generated_version_is_not_imported_over(db, people, draft2):
    parsed = parse_text("# Test framework\n\n1. Scope\n\n1.1 Other text.\n")
    with pytest.raises(drafts.DraftError, match="edit its clauses instead"):
        drafts.import_draft(parsed, version=draft2)
    db.session.rollback()
    assert refs(draft2)[:3] == ["Preamble", "1", "1.1"]


def test_a_closing_date_in_the_past_is_refused(db, people, version, draft2):
    with pytest.raises(CommentError) as refused:
        services.publish(draft2, people.chair, closes_at=utcnow() - timedelta(hours=1))
    assert refused.value.field == "closes_at"
    assert draft2.status is VersionStatus.PREPARATION and version.status is VersionStatus.CLOSED
