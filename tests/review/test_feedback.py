"""Members' feedback: the delegation answers a published decision; every answer is kept; a new
decision asks for a new answer; "not satisfied" tells whoever decides."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from framework_review.comments.services import NotAllowed, Withdrawn, withdraw_comment
from framework_review.drafts.models import VersionStatus
from framework_review.extensions import db
from framework_review.notifications.models import Notification, NotificationKind
from framework_review.review import services
from framework_review.review.models import Feedback
from framework_review.review.services import NotDecided, StaleDecision, Superseded
from tests.comments.helpers import add, fresh
from tests.review.helpers import decide, publish


@pytest.fixture
def comment(version, people):
    return add(version, "1.1", people.delegate, "Name the carriers.")


def answer(comment, user, satisfied=True, note="", **kwargs):
    feedback = services.give_feedback(comment, user, satisfied, note, **kwargs)
    db.session.commit()
    return feedback


def test_an_answer_needs_a_published_decision(comment, people, version):
    with pytest.raises(NotDecided):
        answer(comment, people.delegate)
    decide(comment, people.chair, "noted")
    with pytest.raises(NotDecided):  # decided, but not published: nothing to answer yet
        answer(comment, people.delegate)
    db.session.rollback()
    publish(version)
    feedback = answer(comment, people.colleague, False, "We **object**.")
    assert fresh(comment).feedback == feedback
    assert feedback.note_html == "<p>We <strong>object</strong>.</p>"
    assert feedback.administration_id == people.fr.id
    assert feedback.disposition_id == comment.disposition_id


@pytest.mark.parametrize("role", ["other_delegate", "observer", "chair", "secretariat"])
def test_only_the_delegation_answers(comment, people, version, role):
    decide(comment, people.chair, "noted")
    publish(version)
    with pytest.raises(NotAllowed):
        answer(comment, people.by_role(role))
    db.session.rollback()
    assert db.session.query(Feedback).count() == 0


def test_each_answer_is_kept_and_a_new_decision_asks_again(comment, people, version):
    decide(comment, people.chair, "noted")
    publish(version)
    first = answer(comment, people.delegate, False, "No.")
    second = answer(comment, people.colleague, True, "On reflection, yes.")
    assert fresh(comment).feedback == second
    assert [f.id for f in services.feedback_history(comment)] == [first.id, second.id]
    revision = fresh(comment).revision
    decide(comment, people.chair, "accepted", "")
    assert fresh(comment).feedback is None  # the new decision has no answer yet
    assert fresh(comment).revision == revision  # answers and decisions are not edits
    assert db.session.query(Feedback).count() == 2


def test_a_stale_answer_is_refused(comment, people, version):
    first = decide(comment, people.chair, "noted")
    publish(version)
    decide(comment, people.chair, "not_accepted", "No.")
    with pytest.raises(StaleDecision):
        answer(comment, people.delegate, answering=first.id)
    db.session.rollback()
    assert db.session.query(Feedback).count() == 0


def test_no_answer_on_withdrawn_or_superseded(comment, people, version):
    decide(comment, people.chair, "noted")
    publish(version)
    withdraw_comment(comment, people.delegate)
    db.session.commit()
    with pytest.raises(Withdrawn):
        answer(comment, people.delegate)
    db.session.rollback()
    other = add(version, "1.2", people.delegate, "Another.")
    decide(other, people.chair, "noted")
    version.status = VersionStatus.SUPERSEDED
    db.session.commit()
    with pytest.raises(Superseded):
        answer(other, people.delegate)


@pytest.mark.parametrize(("satisfied", "note", "field"), [("yes", "", "satisfied"),
                                                           (True, "x" * 10_001, "note")])  # fmt: skip
def test_invalid_answers(comment, people, version, satisfied, note, field):
    decide(comment, people.chair, "noted")
    publish(version)
    with pytest.raises(services.CommentError) as refused:
        answer(comment, people.delegate, satisfied, note)
    assert refused.value.field == field and refused.value.status == 422


def test_not_satisfied_tells_whoever_decides(comment, people, version):
    decide(comment, people.chair, "noted")
    publish(version)
    answer(comment, people.delegate, True)
    assert not db.session.scalars(
        sa.select(Notification).where(Notification.kind == NotificationKind.FEEDBACK)
    ).all()
    version.secretariat_may_decide = True
    db.session.commit()
    answer(comment, people.delegate, False, "No.")
    told = db.session.scalars(
        sa.select(Notification).where(Notification.kind == NotificationKind.FEEDBACK)
    ).all()
    assert sorted(n.user.username for n in told) == ["chair", "secretariat"]
    assert told[0].message == "FR is not satisfied with the decision on FR-001 (clause 1.1)."
