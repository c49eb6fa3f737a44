"""Who is told of what, the header's count, the notifications page (read once shown), the API."""

from __future__ import annotations

import sqlalchemy as sa

from framework_review.accounts import services as accounts
from framework_review.extensions import db
from framework_review.notifications import services
from framework_review.notifications.models import Notification, NotificationKind
from tests.comments.helpers import add, clause_url, page, reply_to, text_of
from tests.conftest import clause_of
from tests.review.helpers import decide, publish, thread_url


def told(kind: NotificationKind | None = None) -> list[tuple[str, str]]:
    """(username, message) of every notification (of `kind`), in order."""
    query = sa.select(Notification).order_by(Notification.id)
    if kind is not None:
        query = query.where(Notification.kind == kind)
    return [(n.user.username, n.message) for n in db.session.scalars(query)]


def test_a_reply_tells_the_delegation_but_not_its_author(version, people):
    comment = add(version, "1.1", people.delegate, "Name the carriers.")
    reply_to(comment, people.other, "We agree.")
    reply_to(comment, people.delegate, "Thank you.")
    assert told(NotificationKind.REPLY) == [
        ("delegate", "Other replied to FR-001 on clause 1.1."),
        ("colleague", "Other replied to FR-001 on clause 1.1."),
        ("colleague", "Delegate replied to FR-001 on clause 1.1."),
    ]


def test_inactive_accounts_are_not_told(version, people):
    comment = add(version, None, people.delegate, "Overall.")
    accounts.set_user_active(people.colleague, False, None)
    db.session.commit()
    reply_to(comment, people.chair, "Noted.")
    assert told() == [("delegate", "Chair replied to FR-001 on the whole document.")]


def test_decisions_are_told_once_visible(version, people):
    comment = add(version, "1.1", people.delegate, "Name the carriers.")
    decide(comment, people.chair, "noted")
    assert told(NotificationKind.DECISION) == []  # drafted unseen
    publish_through_service(version, people)
    assert told(NotificationKind.PUBLISHED) == [
        ("delegate", "The decisions on Draft 1 are published: 1 of your administration's "
                     "comment has a decision."),
        ("colleague", "The decisions on Draft 1 are published: 1 of your administration's "
                      "comment has a decision."),
    ]  # fmt: skip
    decide(comment, people.chair, "accepted", "")
    from framework_review.review import services as review

    review.revert(comment, people.chair, expected=comment.disposition_id)
    db.session.commit()
    assert [m for u, m in told(NotificationKind.DECISION) if u == "delegate"] == [
        "FR-001 (clause 1.1): Accepted.",
        "The decision on FR-001 (clause 1.1) was withdrawn: it is open again.",
    ]


def publish_through_service(version, people):
    from framework_review.review import services as review

    review.set_review_settings(version, people.chair, dispositions_visible=True)
    db.session.commit()


def test_following_a_clause(version, people):
    clause = clause_of(version, "1.1")
    services.set_following(clause, people.chair, True)
    services.set_following(clause, people.secretariat, True)
    db.session.commit()
    add(version, "1.1", people.delegate, "New.")
    add(version, "1.2", people.delegate, "Elsewhere.")
    assert sorted(u for u, _ in told(NotificationKind.NEW_COMMENT)) == ["chair", "secretariat"]
    services.set_following(clause, people.chair, False)
    db.session.commit()
    assert not services.is_following(clause, people.chair)
    add(version, "1.1", people.other, "Another.", proposal_kind="delete")
    assert told(NotificationKind.NEW_COMMENT)[-1] == (
        "secretariat",
        "KE wrote an amendment, KE-001, on clause 1.1, which you follow.",
    )


def test_delegates_do_not_follow_clauses(version, people):
    import pytest

    from framework_review.comments.services import NotAllowed

    with pytest.raises(NotAllowed):
        services.set_following(clause_of(version, "1.1"), people.delegate, True)


def test_the_header_counts_and_the_page_marks_read(client, login, version, people):
    comment = add(version, "1.1", people.delegate, "Name the carriers.")
    reply_to(comment, people.other, "First.")
    reply_to(comment, people.chair, "Second.")
    login(people.delegate)
    html = page(client, "/")
    assert "Notifications 2 unread" in text_of(html)
    listing = page(client, "/notifications")
    items = listing.split('<ol class="notifications">', 1)[1]
    assert text_of(items).index("Chair replied") < text_of(items).index("Other replied")
    assert items.count("notification--unread") == 2
    link = f'href="{clause_url(version, "1.1")}#FR-001"'
    assert link in items
    assert "unread" not in text_of(page(client, "/"))  # read once shown
    assert "notification--unread" not in page(client, "/notifications")
    # The colleague's notifications are their own.
    assert services.unread_count(people.colleague) == 2


def test_officers_notifications_lead_to_the_thread_view(client, login, version, people):
    comment = add(version, "1.1", people.delegate, "Name the carriers.")
    decide(comment, people.chair, "noted")
    publish(version)
    from framework_review.review import services as review

    review.give_feedback(comment, people.delegate, False, "No.")
    db.session.commit()
    login(people.chair)
    assert f'href="{thread_url(version, "1.1")}#FR-001"' in page(client, "/notifications")


def test_the_api_lists_and_marks_notifications(api, version, people):
    comment = add(version, "1.1", people.delegate, "Name the carriers.")
    for n in range(3):
        reply_to(comment, people.other, f"Reply {n}.")
    first = api.get("/notifications?limit=2", people.delegate).json
    assert first["unread"] == 3 and len(first["notifications"]) == 2
    assert first["notifications"][0]["url"] == f"{clause_url(version, '1.1')}#FR-001"
    rest = api.get(f"/notifications?cursor={first['next_cursor']}", people.delegate).json
    assert len(rest["notifications"]) == 1 and rest["next_cursor"] is None
    ids = [n["id"] for n in first["notifications"]]
    marked = api.post("/notifications/read", people.delegate, json={"ids": ids}).json
    assert marked == {"marked": 2, "unread": 1}
    others = api.post("/notifications/read", people.other, json={"ids": ids}).json
    assert others == {"marked": 0, "unread": 0}  # someone else's are left alone
    assert api.post("/notifications/read", people.delegate, json={"all": True}).json == {
        "marked": 1, "unread": 0,
    }  # fmt: skip
    for body in ({"ids": [True]}, {"ids": "1"}, {"all": False}, {"ids": [1], "all": True},
                 {"ids": [2**40]}, {}):  # fmt: skip
        assert api.post("/notifications/read", people.delegate, json=body).status_code == 422
    assert api.get("/notifications?cursor=abc", people.delegate).status_code == 422
