"""The comment rules as services enforce them: numbering, proposals, edits, periods."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from framework_review.comments import services
from framework_review.comments.models import (
    Comment,
    CommentRevision,
    CommentStatus,
    ProposalKind,
)
from framework_review.core.models import AuditEntry
from framework_review.core.time import utcnow
from framework_review.drafts.models import VersionStatus
from framework_review.extensions import db
from tests.comments.helpers import add, count, fresh, reply_to, settle, snapshot
from tests.conftest import clause_of, make_version

PAST = timedelta(days=2)


def fields(**values) -> services.CommentFields:
    return services.CommentFields(**{"type": "te", "body": "A comment.", **values})


# -- codes ---------------------------------------------------------------------------------
def test_codes_count_per_administration_and_version(version, people):
    first = add(version, "1.1", people.delegate)
    other = add(version, "1.1", people.other)
    second = add(version, None, people.colleague)  # a colleague continues the FR series
    third = add(version, "2.1", people.delegate)
    assert [first.code, second.code, third.code] == ["FR-001", "FR-002", "FR-003"]
    assert other.code == "KE-001"


def test_withdrawn_comment_keeps_its_code_and_the_number_is_not_reused(version, people):
    first = add(version, "1.1", people.delegate)
    second = add(version, "1.1", people.delegate)
    services.withdraw_comment(second, people.delegate)
    db.session.commit()
    third = add(version, "1.2", people.delegate)
    assert (first.code, fresh(second).code, third.code) == ("FR-001", "FR-002", "FR-003")
    assert fresh(second).status is CommentStatus.WITHDRAWN


def test_a_new_version_starts_numbering_again(version, people):
    add(version, "1.1", people.delegate)
    add(version, "1.1", people.delegate)
    second_version = make_version(label="Draft 2")
    assert add(second_version, "1.1", people.delegate).code == "FR-001"


def test_only_delegates_write_comments(version, people):
    for officer in (people.chair, people.secretariat):
        with pytest.raises(services.NotAllowed):
            services.add_comment(version, clause_of(version, "1.1"), officer, fields())
    db.session.rollback()
    assert count(Comment) == 0


def test_a_clause_of_another_version_is_refused(version, people):
    other_version = make_version(label="Draft 2")
    with pytest.raises(services.CommentError) as refused:
        services.add_comment(version, clause_of(other_version, "1.1"), people.delegate, fields())
    assert refused.value.field == "clause"


# -- fields and proposals ------------------------------------------------------------------
def test_body_is_rendered_once_and_stored(version, people):
    comment = add(version, "1.1", people.delegate, body="Use **must**, not *should*.",
                  locator="  second   sentence ", quote="goods ordered online")  # fmt: skip
    stored = fresh(comment)
    assert stored.body == "Use **must**, not *should*."
    assert stored.body_html == "<p>Use <strong>must</strong>, not <em>should</em>.</p>"
    assert stored.locator == "second sentence"
    assert stored.quote == "goods ordered online"


@pytest.mark.parametrize("kind", ["ge", "te", "ed"])
def test_each_type_is_accepted(version, people, kind):
    assert add(version, "1.1", people.delegate, type=kind).type.value == kind


def test_unknown_type_is_refused(version, people):
    with pytest.raises(services.CommentError) as refused:
        add(version, "1.1", people.delegate, type="xx")
    assert refused.value.field == "type"


def test_replace_stores_a_redline_against_the_clause(version, people):
    comment = add(version, "1.2", people.delegate, proposal_kind="replace",
                  proposal_text="Members must collect the data listed below before goods arrive.")  # fmt: skip
    assert comment.proposal_kind is ProposalKind.REPLACE
    assert '<del class="rl-del">should</del>' in comment.proposal_html
    assert '<ins class="rl-ins">must</ins>' in comment.proposal_html
    assert comment.is_amendment


def test_insert_shows_all_of_the_new_text_inserted(version, people):
    comment = add(version, "1.2", people.delegate, proposal_kind="insert",
                  proposal_text="the weight of the parcel;")  # fmt: skip
    assert comment.proposal_html.count('<ins class="rl-ins">') >= 1
    assert "<del" not in comment.proposal_html
    assert "weight" in comment.proposal_html


def test_delete_strikes_the_clause_and_ignores_any_text(version, people):
    comment = add(version, "1.2(b)", people.delegate, proposal_kind="delete",
                  proposal_text="ignored")  # fmt: skip
    assert comment.proposal_text == ""
    assert "<ins" not in comment.proposal_html
    assert '<del class="rl-del">' in comment.proposal_html
    assert "plain description" in comment.proposal_html


def test_described_change_is_rendered_markdown_and_not_an_amendment(version, people):
    comment = add(version, "1.2", people.delegate, proposal_kind="text",
                  proposal_text="Add *the weight*.")  # fmt: skip
    assert comment.proposal_html == "<p>Add <em>the weight</em>.</p>"
    assert not comment.is_amendment


def test_text_without_a_kind_counts_as_a_described_change(version, people):
    comment = add(version, "1.2", people.delegate, proposal_text="Say who collects the data.")
    assert comment.proposal_kind is ProposalKind.TEXT


@pytest.mark.parametrize("kind", ["replace", "insert", "text"])
def test_a_proposal_needs_its_text(version, people, kind):
    with pytest.raises(services.CommentError) as refused:
        add(version, "1.2", people.delegate, proposal_kind=kind, proposal_text="  ")
    assert refused.value.field == "proposal_text"


def test_replacement_identical_to_the_clause_is_refused(version, people):
    clause = clause_of(version, "1.2")
    with pytest.raises(services.CommentError, match="same as the clause text"):
        add(version, "1.2", people.delegate, proposal_kind="replace", proposal_text=clause.text)


@pytest.mark.parametrize("kind", ["replace", "insert", "delete"])
def test_a_general_comment_cannot_amend_a_clause(version, people, kind):
    with pytest.raises(services.CommentError) as refused:
        add(version, None, people.delegate, proposal_kind=kind, proposal_text="New text.")
    assert refused.value.field == "proposal_kind"


def test_a_general_comment_may_describe_a_change(version, people):
    comment = add(version, None, people.delegate, proposal_kind="text",
                  proposal_text="Add a glossary.")  # fmt: skip
    assert comment.clause is None and comment.clause_ref == "General"
    assert comment.proposal_kind is ProposalKind.TEXT


# -- length limits -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("setting", "values", "field"),
    [
        ("COMMENT_MAX_CHARS", {"body": "x" * 51}, "body"),
        ("PROPOSAL_MAX_CHARS", {"proposal_kind": "text", "proposal_text": "y" * 51},
         "proposal_text"),
        (None, {"locator": "z" * 201}, "locator"),
        (None, {"quote": "q" * 2001}, "quote"),
    ],
)  # fmt: skip
def test_too_long_fields_are_refused_with_the_limit(app, version, people, setting, values, field):
    if setting:
        app.config[setting], old = 50, app.config[setting]
    try:
        with pytest.raises(services.CommentError) as refused:
            services.add_comment(version, clause_of(version, "1.1"), people.delegate,
                                 fields(**values))  # fmt: skip
    finally:
        if setting:
            app.config[setting] = old
    assert refused.value.field == field
    assert refused.value.status == 422
    assert "limit" in refused.value.message.lower()
    db.session.rollback()
    assert count(Comment) == 0


def test_empty_body_is_refused(version, people):
    with pytest.raises(services.CommentError) as refused:
        add(version, "1.1", people.delegate, body=" \n ")
    assert refused.value.field == "body"


# -- edits and history ---------------------------------------------------------------------
@pytest.mark.parametrize("editor", ["delegate", "colleague"])
def test_edit_keeps_the_previous_text_and_who_wrote_it(version, people, editor):
    comment = add(version, "1.1", people.delegate, body="First text.")
    written_at = comment.updated_at
    by = getattr(people, editor)
    services.edit_comment(comment, by, 1, fields(body="Second text.", type="ed"))
    db.session.commit()
    comment = fresh(comment)
    assert (comment.body, comment.type.value, comment.revision) == ("Second text.", "ed", 2)
    assert comment.updated_by_id == by.id
    [old] = comment.revisions
    assert (old.revision, old.body, old.type.value) == (1, "First text.", "te")
    assert old.written_by_id == people.delegate.id and old.replaced_by_id == by.id
    assert old.written_at == written_at
    assert (
        db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "comment.edit")).actor_id
        == by.id
    )


def test_second_edit_credits_the_previous_editor(version, people):
    comment = add(version, "1.1", people.delegate, body="One.")
    services.edit_comment(comment, people.colleague, 1, fields(body="Two."))
    db.session.commit()
    services.edit_comment(comment, people.delegate, 2, fields(body="Three."))
    db.session.commit()
    revisions = fresh(comment).revisions
    assert [(r.body, r.written_by_id, r.replaced_by_id) for r in revisions] == [
        ("One.", people.delegate.id, people.colleague.id),
        ("Two.", people.colleague.id, people.delegate.id),
    ]


def test_saving_the_same_text_adds_no_history(version, people):
    comment = add(version, "1.1", people.delegate, body="Same.")
    services.edit_comment(comment, people.delegate, 1, fields(body="Same."))
    db.session.commit()
    assert fresh(comment).revision == 1
    assert count(CommentRevision) == 0


@pytest.mark.parametrize("who", ["other", "observer", "chair", "secretariat"])
def test_only_the_administration_edits_its_comment(version, people, who):
    comment = add(version, "1.1", people.delegate, body="Mine.")
    before = snapshot()
    with pytest.raises(services.NotAllowed):
        services.edit_comment(comment, getattr(people, who), 1, fields(body="Theirs."))
    db.session.rollback()
    assert snapshot() == before


def test_edit_from_an_old_revision_is_stale(version, people):
    comment = add(version, "1.1", people.delegate, body="One.")
    services.edit_comment(comment, people.delegate, 1, fields(body="Two."))
    db.session.commit()
    before = snapshot()
    with pytest.raises(services.StaleEdit) as refused:
        services.edit_comment(comment, people.colleague, 1, fields(body="Colleague's."))
    assert refused.value.status == 409
    assert refused.value.current.body == "Two."
    db.session.rollback()
    assert snapshot() == before


def test_a_save_committed_by_another_request_meanwhile_is_stale(version, people, app):
    """The revision check in the UPDATE catches a save that lands between read and write."""
    comment = add(version, "1.1", people.delegate, body="One.")
    assert comment.revision == 1  # loaded in this session at revision 1
    with db.engine.begin() as connection:  # another request saves first
        connection.execute(
            sa.update(Comment).where(Comment.id == comment.id)
            .values(body="Theirs.", revision=2)
        )  # fmt: skip
    with pytest.raises(services.StaleEdit) as refused:
        services.edit_comment(comment, people.colleague, 1, fields(body="Mine."))
    assert refused.value.current.body == "Theirs."
    db.session.rollback()
    assert fresh(comment).body == "Theirs."
    assert count(CommentRevision) == 0


# -- withdrawal ----------------------------------------------------------------------------
def test_withdrawal_keeps_the_comment_and_freezes_it(version, people):
    comment = add(version, "1.1", people.delegate)
    services.withdraw_comment(comment, people.colleague)
    db.session.commit()
    comment = fresh(comment)
    assert comment.status is CommentStatus.WITHDRAWN and comment.withdrawn_at is not None
    assert count(Comment) == 1
    with pytest.raises(services.Withdrawn, match="withdrawn"):
        services.edit_comment(comment, people.delegate, comment.revision, fields(body="Again."))
    with pytest.raises(services.Withdrawn, match="withdrawn"):
        services.withdraw_comment(comment, people.delegate)
    with pytest.raises(services.Withdrawn, match="withdrawn"):
        services.support_comment(comment, people.other)


@pytest.mark.parametrize("who", ["other", "chair", "secretariat"])
def test_only_the_administration_withdraws_its_comment(version, people, who):
    comment = add(version, "1.1", people.delegate)
    with pytest.raises(services.NotAllowed):
        services.withdraw_comment(comment, getattr(people, who))
    db.session.rollback()
    assert fresh(comment).status is CommentStatus.OPEN


# -- period rules --------------------------------------------------------------------------
def closed_versions():
    now = utcnow()
    return {
        "not yet open": dict(opens_at=now + timedelta(days=3), closes_at=now + timedelta(days=9)),
        "closed by date": dict(opens_at=now - timedelta(days=9), closes_at=now - PAST),
        "status closed": dict(status=VersionStatus.CLOSED),
        "in preparation": dict(status=VersionStatus.PREPARATION),
    }


@pytest.mark.parametrize("state", ["not yet open", "closed by date", "status closed",
                                   "in preparation"])  # fmt: skip
def test_no_comment_outside_the_period(people, state):
    version = make_version(**closed_versions()[state])
    with pytest.raises(services.PeriodClosed) as refused:
        services.add_comment(version, clause_of(version, "1.1"), people.delegate, fields())
    assert refused.value.message == version.period_message()
    assert refused.value.status == 409 and refused.value.code == "period_closed"
    db.session.rollback()
    assert count(Comment) == 0


def test_period_messages_give_the_dates(people):
    now = utcnow()
    scheduled = make_version(opens_at=now + timedelta(days=3), closes_at=now + timedelta(days=9))
    closed = make_version(opens_at=now - timedelta(days=9), closes_at=now - PAST)
    assert scheduled.opens_at.strftime("%d %B %Y") in scheduled.period_message()
    assert "not opened yet" in scheduled.period_message()
    assert closed.closes_at.strftime("%d %B %Y") in closed.period_message()
    assert "closed" in closed.period_message()


def test_settled_clause_takes_no_comment_edit_or_support(version, people):
    comment = add(version, "1.1", people.delegate)
    settle(version, "1.1", utcnow())
    before = snapshot()
    with pytest.raises(services.PeriodClosed, match="1.1 .*settled"):
        add(version, "1.1", people.delegate)
    with pytest.raises(services.PeriodClosed, match="settled"):
        services.edit_comment(comment, people.delegate, 1, fields(body="Changed."))
    with pytest.raises(services.PeriodClosed, match="settled"):
        services.support_comment(comment, people.other)
    db.session.rollback()
    assert snapshot() == before
    assert add(version, "1.2", people.delegate).code == "FR-002"  # other clauses still open


def test_settled_message_says_when(version, people):
    when = utcnow().replace(microsecond=0) - timedelta(days=1)
    settle(version, "1.1", when)
    with pytest.raises(services.PeriodClosed) as refused:
        add(version, "1.1", people.delegate)
    assert when.strftime("%d %B %Y") in refused.value.message


def test_nothing_changes_after_closing(version, people):
    comment = add(version, "1.1", people.delegate)
    reply_to(comment, people.other)
    services.support_comment(comment, people.other)
    db.session.commit()
    version.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    before = snapshot()
    attempts = [
        lambda: services.edit_comment(comment, people.delegate, 1, fields(body="Late.")),
        lambda: services.withdraw_comment(comment, people.delegate),
        lambda: services.support_comment(comment, people.observer),
        lambda: services.withdraw_support(comment, people.other),
        lambda: services.add_reply(comment, people.delegate, "Late reply."),
    ]
    for attempt in attempts:
        with pytest.raises(services.PeriodClosed) as refused:
            attempt()
        assert version.closes_at.strftime("%d %B %Y") in refused.value.message
        db.session.rollback()
    assert snapshot() == before


# -- reading -------------------------------------------------------------------------------
def test_blind_collection_shows_delegates_their_own_until_closing(people):
    version = make_version(visible=False)
    add(version, "1.1", people.delegate)
    add(version, "1.1", people.other)

    def codes(user):
        query = services.visible_comments(version, user).order_by(Comment.code)
        return [c.code for c in db.session.scalars(query)]

    assert codes(people.colleague) == ["FR-001"]
    assert codes(people.other) == ["KE-001"]
    assert codes(people.chair) == codes(people.secretariat) == ["FR-001", "KE-001"]
    version.closes_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert codes(people.other) == codes(people.observer) == ["FR-001", "KE-001"]


def test_clause_counts_leave_out_withdrawn_comments(version, people):
    add(version, "1.2", people.delegate)
    add(version, "1.2", people.other, proposal_kind="replace", proposal_text="New text.")
    add(version, "1.2", people.other, proposal_kind="text", proposal_text="Reword.")
    gone = add(version, "1.2", people.delegate, proposal_kind="delete")
    add(version, None, people.delegate)
    services.withdraw_comment(gone, people.delegate)
    db.session.commit()
    counts = services.clause_counts(version, people.chair)
    assert counts[clause_of(version, "1.2").id] == (3, 1)
    assert counts[None] == (1, 0)
    assert clause_of(version, "1.1").id not in counts


def test_administration_comments_lists_all_of_one_delegation(version, people):
    add(version, "1.1", people.delegate)
    add(version, None, people.colleague)
    add(version, "1.1", people.other)
    gone = add(version, "2.1", people.delegate)
    services.withdraw_comment(gone, people.delegate)
    db.session.commit()
    listed = services.administration_comments(version, people.fr.id)
    assert [(c.code, c.status.value) for c in listed] == [
        ("FR-001", "open"), ("FR-002", "open"), ("FR-003", "withdrawn"),
    ]  # fmt: skip


def test_a_comment_rolled_back_with_its_request_leaves_nothing(db, version, people):
    """Numbering uses a savepoint; its release must not commit the request's work on SQLite."""
    clause = clause_of(version, "1.1")
    entries = db.session.scalar(sa.select(sa.func.count(AuditEntry.id)))
    services.add_comment(version, clause, people.delegate, services.CommentFields("te", "Text."))
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Comment.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id))) == entries
