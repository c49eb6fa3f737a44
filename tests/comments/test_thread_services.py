"""Replies and support as the services enforce them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from framework_review.comments import services
from framework_review.comments.models import (
    Reply,
    ReplyRevision,
    Support,
)
from framework_review.drafts.models import VersionStatus
from framework_review.extensions import db
from tests.comments.helpers import add, count, fresh, reply_to, snapshot

PAST = timedelta(days=2)


def fields(**values) -> services.CommentFields:
    return services.CommentFields(**{"type": "te", "body": "A comment.", **values})


# -- replies -------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ["delegate", "colleague", "other", "observer", "chair",
                                 "secretariat"])  # fmt: skip
def test_anyone_logged_in_replies_during_the_period(version, people, who):
    comment = add(version, "1.1", people.delegate)
    reply = reply_to(comment, getattr(people, who), "I *agree*.")
    assert reply.body_html == "<p>I <em>agree</em>.</p>"
    assert reply.administration_id == getattr(people, who).administration_id


@pytest.mark.parametrize("who", ["chair", "secretariat"])
def test_officers_reply_after_closing(version, people, who):
    comment = add(version, "1.1", people.delegate)
    version.status = VersionStatus.CLOSED
    db.session.commit()
    reply = reply_to(comment, getattr(people, who), "Noted for the meeting.")
    assert fresh(reply).body == "Noted for the meeting."


def test_delegates_do_not_reply_after_closing(version, people):
    comment = add(version, "1.1", people.delegate)
    version.status = VersionStatus.CLOSED
    db.session.commit()
    with pytest.raises(services.PeriodClosed, match="closed"):
        services.add_reply(comment, people.other, "Too late.")
    db.session.rollback()
    assert count(Reply) == 0


def test_superseded_threads_take_replies_from_the_secretariat_only(version, people):
    comment = add(version, "1.1", people.delegate)
    version.status = VersionStatus.SUPERSEDED
    db.session.commit()
    with pytest.raises(services.NotAllowed):
        services.add_reply(comment, people.chair, "Late.")
    db.session.rollback()
    assert reply_to(comment, people.secretariat, "Archived.").body == "Archived."


def test_reply_edit_keeps_history_and_only_the_author_may(version, people):
    comment = add(version, "1.1", people.delegate)
    reply = reply_to(comment, people.other, "First.")
    with pytest.raises(services.NotAllowed):
        services.edit_reply(reply, people.delegate, 1, "Not mine.")
    db.session.rollback()
    services.edit_reply(reply, people.other, 1, "Second.")
    db.session.commit()
    reply = fresh(reply)
    assert (reply.body, reply.revision) == ("Second.", 2)
    assert [(r.body, r.written_by_id, r.replaced_by_id) for r in reply.revisions] == [
        ("First.", people.other.id, people.other.id)
    ]
    with pytest.raises(services.StaleEdit):
        services.edit_reply(reply, people.other, 1, "From an old page.")


def test_replies_come_back_in_thread_order(version, people):
    comment = add(version, "1.1", people.delegate)
    for who, text in [("other", "one"), ("chair", "two"), ("delegate", "three")]:
        reply_to(comment, getattr(people, who), text)
    assert [r.body for r in fresh(comment).replies] == ["one", "two", "three"]


def test_reply_length_limit(app, version, people):
    comment = add(version, "1.1", people.delegate)
    with pytest.raises(services.CommentError, match="limit") as refused:
        services.add_reply(comment, people.other, "r" * (app.config["REPLY_MAX_CHARS"] + 1))
    assert refused.value.field == "body"
    db.session.rollback()
    assert count(Reply) == count(ReplyRevision) == 0


# -- support -------------------------------------------------------------------------------
def test_support_and_taking_it_back_keeps_the_row(version, people):
    comment = add(version, "1.1", people.delegate)
    services.support_comment(comment, people.other)
    services.support_comment(comment, people.observer)
    db.session.commit()
    assert fresh(comment).supporter_codes == ["KE", "UPU"]
    services.withdraw_support(comment, people.other)
    db.session.commit()
    comment = fresh(comment)
    assert comment.supporter_codes == ["UPU"]
    ke = next(s for s in comment.supports if s.administration_id == people.ke.id)
    assert ke.active is False and ke.withdrawn_at is not None
    assert count(Support) == 2
    services.support_comment(comment, people.other)  # supporting again revives the same row
    db.session.commit()
    assert count(Support) == 2 and fresh(comment).supporter_codes == ["KE", "UPU"]


def test_supporting_twice_is_one_support(version, people):
    comment = add(version, "1.1", people.delegate)
    services.support_comment(comment, people.other)
    services.support_comment(comment, people.other)
    db.session.commit()
    assert count(Support) == 1


@pytest.mark.parametrize("who", ["delegate", "colleague", "chair", "secretariat"])
def test_own_administration_and_officers_do_not_support(version, people, who):
    comment = add(version, "1.1", people.delegate)
    with pytest.raises(services.NotAllowed):
        services.support_comment(comment, getattr(people, who))
    db.session.rollback()
    assert count(Support) == 0


@pytest.mark.parametrize("who", ["delegate", "colleague", "chair", "secretariat"])
def test_own_administration_and_officers_do_not_withdraw_support(version, people, who):
    comment = add(version, "1.1", people.delegate)
    services.support_comment(comment, people.other)
    db.session.commit()
    before = snapshot()
    with pytest.raises(services.NotAllowed):
        services.withdraw_support(comment, getattr(people, who))
    db.session.rollback()
    assert snapshot() == before
