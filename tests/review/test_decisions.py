"""Recording decisions on comments: the history, reverting, stale decisions and the rules."""

from __future__ import annotations

import pytest
from sqlalchemy.orm.attributes import set_committed_value

from framework_review.comments.models import Comment
from framework_review.comments.services import NotAllowed, Withdrawn, withdraw_comment
from framework_review.drafts.models import VersionStatus
from framework_review.review import services
from framework_review.review.models import Decision, Disposition
from framework_review.review.services import StaleDecision, Superseded
from tests.comments.helpers import add


@pytest.fixture
def comment(version, people) -> Comment:
    return add(version, "1.2", people.delegate, "Add the postal operators.",
               proposal_kind="replace", proposal_text="Members should collect data early.")  # fmt: skip


def decide(comment, user, decision, observation="Agreed by the group.", **kwargs):
    kwargs.setdefault("expected", comment.disposition_id)
    return services.decide(comment, user, decision, observation, **kwargs)


def test_accepting_a_replacement_adopts_the_proposal(db, comment, people):
    disposition = decide(comment, people.chair, "accepted", "We take it. **Thanks**.")
    db.session.commit()
    db.session.refresh(comment)
    assert comment.disposition == disposition
    assert disposition.decision is Decision.ACCEPTED
    assert disposition.adopted_text == "Members should collect data early."
    assert disposition.observation_html == "<p>We take it. <strong>Thanks</strong>.</p>"
    assert disposition.decided_by == people.chair and disposition.decided_at is not None


def test_a_decision_does_not_bump_the_delegations_edit_counter(db, comment, people):
    revision = comment.revision
    decide(comment, people.chair, "noted")
    db.session.commit()
    db.session.refresh(comment)
    assert comment.revision == revision


def test_changing_and_reverting_keep_every_record(db, comment, people):
    first = decide(comment, people.chair, "noted")
    db.session.commit()
    second = decide(comment, people.chair, "accepted_with_modifications", "Shorter wording.",
                    adopted_text="Members collect data early.")  # fmt: skip
    db.session.commit()
    reverted = services.revert(comment, people.chair, expected=second.id)
    db.session.commit()
    db.session.refresh(comment)
    assert comment.disposition is None
    history = services.disposition_history(comment)
    assert [d.decision for d in history] == [
        Decision.NOTED, Decision.ACCEPTED_WITH_MODIFICATIONS, Decision.OPEN,
    ]  # fmt: skip
    assert [d.previous_id for d in history] == [None, first.id, second.id]
    assert history[-1] == reverted
    assert db.session.query(Disposition).count() == 3


def test_reverting_an_open_comment_records_nothing(db, comment, people):
    assert services.revert(comment, people.chair, expected=None) is None
    assert db.session.query(Disposition).count() == 0


def test_a_stale_decision_is_refused_with_the_decision_in_force(db, comment, people):
    seen = comment.disposition_id
    decide(comment, people.chair, "noted")
    db.session.commit()
    with pytest.raises(StaleDecision) as refused:
        services.decide(comment, people.chair, "not_accepted", "No.", expected=seen)
    assert refused.value.status == 409 and refused.value.code == "stale"
    assert refused.value.current.disposition.decision is Decision.NOTED
    db.session.rollback()
    assert db.session.query(Disposition).count() == 1


def test_the_pointer_moves_only_from_the_decision_seen(db, comment, people):
    """Two officers who saw the same state: the compare-and-set lets only the first through."""
    decide(comment, people.chair, "noted")
    db.session.commit()
    # As a second request that loaded the comment before the first decision sees it.
    set_committed_value(comment, "disposition_id", None)
    with pytest.raises(StaleDecision):
        services.decide(comment, people.chair, "accepted", expected=None)
    db.session.rollback()
    assert db.session.query(Disposition).count() == 1


@pytest.mark.parametrize(
    ("decision", "observation", "adopted", "field"),
    [
        ("rejected", "x", None, "decision"),
        ("open", "x", None, "decision"),
        ("not_accepted", "", None, "observation"),
        ("accepted_with_modifications", "  ", "Text.", "observation"),
        ("noted", "x", "Some text.", "adopted_text"),
        ("accepted", "x", "Other text.", "adopted_text"),
        ("noted", "x" * 10_001, None, "observation"),
    ],
)  # fmt: skip
def test_invalid_decisions_are_refused(db, comment, people, decision, observation, adopted, field):
    with pytest.raises(services.CommentError) as refused:
        services.decide(comment, people.chair, decision, observation, adopted, expected=None)
    assert refused.value.field == field and refused.value.status == 422
    assert db.session.query(Disposition).count() == 0


def test_withdrawn_comments_take_no_decision(db, comment, people):
    withdraw_comment(comment, people.delegate)
    db.session.commit()
    with pytest.raises(Withdrawn):
        decide(comment, people.chair, "noted")


def test_decisions_continue_after_closing_but_not_once_superseded(db, comment, people, version):
    version.status = VersionStatus.CLOSED
    db.session.commit()
    decide(comment, people.chair, "noted")
    db.session.commit()
    version.status = VersionStatus.SUPERSEDED
    db.session.commit()
    with pytest.raises(Superseded):
        decide(comment, people.chair, "accepted")


@pytest.mark.parametrize("role", ["delegate", "other_delegate", "observer", "secretariat"])
def test_only_the_chair_decides_by_default(db, comment, people, role):
    with pytest.raises(NotAllowed):
        decide(comment, people.by_role(role), "noted")
    assert db.session.query(Disposition).count() == 0


def test_the_secretariat_decides_where_the_version_allows_it(db, comment, people, version):
    version.secretariat_may_decide = True
    db.session.commit()
    assert decide(comment, people.secretariat, "noted").decided_by == people.secretariat


def test_delegates_see_decisions_only_once_published(db, comment, people, version):
    decide(comment, people.chair, "noted")
    db.session.commit()
    assert comment.visible_disposition(people.chair) is not None
    assert comment.visible_disposition(people.delegate) is None
    assert not comment.can_give_feedback(people.delegate)
    version.dispositions_visible = True
    db.session.commit()
    assert comment.visible_disposition(people.other).decision is Decision.NOTED
    assert comment.can_give_feedback(people.colleague)
    assert not comment.can_give_feedback(people.other)
