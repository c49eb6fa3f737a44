"""Settling clauses: with sub-clauses, undoing it, who may, the audit, and what a settled
clause still takes (officers' replies) and refuses (comments, amendments, support)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from framework_review.comments import services as comments
from framework_review.comments.services import NotAllowed, PeriodClosed
from framework_review.core.models import AuditEntry
from framework_review.drafts.models import VersionStatus
from framework_review.extensions import db
from framework_review.notifications.models import Notification, NotificationKind
from framework_review.review import services
from framework_review.review.services import Superseded
from tests.comments.helpers import add, fresh, reply_to
from tests.conftest import clause_of


def settled_refs(version) -> list[str]:
    db.session.expire_all()
    return [c.ref for c in version.clauses if c.is_settled]


def test_settle_one_clause_or_with_its_sub_clauses(version, people):
    changed = services.settle_clause(clause_of(version, "1.2(a)"), people.chair)
    db.session.commit()
    assert [c.ref for c in changed] == ["1.2(a)"]
    first_date = clause_of(version, "1.2(a)").settled_at
    changed = services.settle_clause(clause_of(version, "1"), people.chair, True)
    db.session.commit()
    assert [c.ref for c in changed] == ["1", "1.1", "1.2", "1.2(b)"]  # 1.2(a) was already
    assert settled_refs(version) == ["1", "1.1", "1.2", "1.2(a)", "1.2(b)"]
    assert clause_of(version, "1.2(a)").settled_at == first_date
    assert clause_of(version, "1.1").settled_by_id == people.chair.id
    assert services.settle_clause(clause_of(version, "1"), people.chair, True) == []

    reopened = services.unsettle_clause(clause_of(version, "1.2"), people.chair, True)
    db.session.commit()
    assert [c.ref for c in reopened] == ["1.2", "1.2(a)", "1.2(b)"]
    assert settled_refs(version) == ["1", "1.1"]
    entries = db.session.scalars(sa.select(AuditEntry).where(
        AuditEntry.action.in_(["clause.settle", "clause.unsettle"])).order_by(AuditEntry.id)).all()  # fmt: skip
    assert [(e.action, e.actor_id, e.data["refs"]) for e in entries] == [
        ("clause.settle", people.chair.id, ["1.2(a)"]),
        ("clause.settle", people.chair.id, ["1", "1.1", "1.2", "1.2(b)"]),
        ("clause.unsettle", people.chair.id, ["1.2", "1.2(a)", "1.2(b)"]),
    ]


@pytest.mark.parametrize("role", ["delegate", "other_delegate", "observer", "secretariat"])
def test_only_the_chair_settles_by_default(version, people, role):
    with pytest.raises(NotAllowed):
        services.settle_clause(clause_of(version, "1.1"), people.by_role(role))
    db.session.rollback()
    assert settled_refs(version) == []


def test_the_secretariat_settles_where_allowed_but_nobody_once_superseded(version, people):
    version.secretariat_may_decide = True
    db.session.commit()
    services.settle_clause(clause_of(version, "1.1"), people.secretariat)
    db.session.commit()
    assert settled_refs(version) == ["1.1"]
    version.status = VersionStatus.SUPERSEDED
    db.session.commit()
    with pytest.raises(Superseded):
        services.unsettle_clause(clause_of(version, "1.1"), people.chair)


def test_a_settled_clause_refuses_new_writing_but_officers_reply(version, people):
    comment = add(version, "1.1", people.delegate, "Before settling.")
    services.settle_clause(clause_of(version, "1.1"), people.chair)
    db.session.commit()
    fields = comments.CommentFields(type="te", body="After settling.")
    with pytest.raises(PeriodClosed, match="settled"):
        comments.add_comment(version, clause_of(version, "1.1"), people.other, fields)
    amendment = comments.CommentFields(type="te", body="New text.", proposal_kind="replace",
                                       proposal_text="Other words.")  # fmt: skip
    with pytest.raises(PeriodClosed, match="settled"):
        comments.add_comment(version, clause_of(version, "1.1"), people.other, amendment)
    with pytest.raises(PeriodClosed, match="settled"):
        comments.support_comment(comment, people.other)
    db.session.rollback()
    for officer in (people.chair, people.secretariat):
        reply_to(comment, officer, "Settled: thank you.")
    assert len(fresh(comment).replies) == 2


def test_settling_tells_the_delegations_that_commented(version, people):
    add(version, "1.2(a)", people.delegate, "On (a).")
    add(version, "1.2(b)", people.other, "On (b).")
    add(version, "2.1", people.observer, "Elsewhere.")
    services.settle_clause(clause_of(version, "1.2"), people.chair, True)
    db.session.commit()
    told = db.session.scalars(
        sa.select(Notification).where(Notification.kind == NotificationKind.SETTLED)
    ).all()
    assert sorted(n.user.username for n in told) == ["colleague", "delegate", "other"]
    assert told[0].message == (
        "Clause 1.2 and 2 of its sub-clauses were settled by Chair: no new comments or "
        "amendments are taken there."
    )
