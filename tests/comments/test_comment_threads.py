"""Replies and support through the HTML pages."""

from __future__ import annotations

import sqlalchemy as sa

from framework_review.comments import services
from framework_review.comments.models import (
    Reply,
    ReplyRevision,
    Support,
)
from framework_review.extensions import db
from tests.comments.helpers import (
    add,
    clause_url,
    count,
    form_values,
    fresh,
    page,
    post,
    reply_to,
    text_of,
)


# -- replies -------------------------------------------------------------------------------
def test_replies_are_shown_in_thread_order(client, login, version, people):
    comment = add(version, "1.1", people.delegate)
    for user, body in [(people.other, "First reply."), (people.chair, "Second reply."),
                       (people.delegate, "Third reply.")]:  # fmt: skip
        login(user)
        response = post(client, f"/comments/{comment.id}/replies", {"body": body},
                        csrf_from=clause_url(version, "1.1"))  # fmt: skip
        assert response.status_code == 302
    text = text_of(page(client, clause_url(version, "1.1")))
    assert text.index("First reply.") < text.index("Second reply.") < text.index("Third reply.")
    assert "Chair (Working group chair)" in text and "Other (KE)" in text


def test_empty_reply_is_refused(as_delegate, version, people):
    comment = add(version, "1.1", people.other)
    response = post(as_delegate, f"/comments/{comment.id}/replies", {"body": "  "},
                    csrf_from=clause_url(version, "1.1"))  # fmt: skip
    assert response.status_code == 422
    assert "Write the reply." in text_of(response.get_data(as_text=True))
    assert count(Reply) == 0


def test_reply_edit_keeps_history(as_delegate, version, people):
    comment = add(version, "1.1", people.other)
    reply = reply_to(comment, people.delegate, "We disagree.")
    url = f"/replies/{reply.id}/edit"
    sent = form_values(page(as_delegate, url), f'action="{url}"')
    assert sent["body"] == "We disagree." and sent["revision"] == "1"
    sent["body"] = "We disagree, for the reasons in FR-002."
    assert as_delegate.post(url, data=sent).status_code == 302
    assert fresh(reply).body == "We disagree, for the reasons in FR-002."
    assert count(Reply) == 1 and count(ReplyRevision) == 1
    history = text_of(page(as_delegate, f"/comments/{comment.id}/history"))
    assert "We disagree." in history and "for the reasons in FR-002" in history
    assert "edited" in text_of(page(as_delegate, clause_url(version, "1.1")))


def test_stale_reply_edit_is_refused(as_delegate, version, people):
    comment = add(version, "1.1", people.other)
    reply = reply_to(comment, people.delegate, "One.")
    url = f"/replies/{reply.id}/edit"
    old = form_values(page(as_delegate, url), f'action="{url}"')
    services.edit_reply(reply, people.delegate, 1, "Two, from another tab.")
    db.session.commit()
    old["body"] = "Three."
    response = as_delegate.post(url, data=old)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Two, from another tab." in html
    assert form_values(html, f'action="{url}"')["body"] == "Three."
    assert fresh(reply).body == "Two, from another tab."


# -- support -------------------------------------------------------------------------------
def test_support_and_taking_it_back(client, login, version, people):
    comment = add(version, "1.1", people.delegate)
    url = f"/comments/{comment.id}/support"
    login(people.other)
    html = page(client, clause_url(version, "1.1"))
    assert 'value="support"' in html
    assert post(client, url, {"action": "support"}, clause_url(version, "1.1")).status_code == 302
    login(people.observer)
    assert post(client, url, {"action": "support"}, clause_url(version, "1.1")).status_code == 302
    html = page(client, clause_url(version, "1.1"))
    assert "Supported by: KE, UPU" in text_of(html)
    assert 'value="withdraw"' in html  # the observer now sees "Withdraw support"

    login(people.other)
    response = post(client, url, {"action": "withdraw"}, clause_url(version, "1.1"))
    assert response.status_code == 302
    text = text_of(page(client, clause_url(version, "1.1")))
    assert "Your administration no longer supports FR-001." in text
    assert "Supported by: UPU" in text
    rows = db.session.scalars(sa.select(Support).order_by(Support.id)).all()
    assert [(r.administration_id, r.active) for r in rows] == [
        (people.ke.id, False), (people.upu.id, True),
    ]  # fmt: skip


def test_taking_back_support_never_given_says_so(client, login, version, people):
    comment = add(version, "1.1", people.delegate)
    login(people.other)
    response = post(client, f"/comments/{comment.id}/support", {"action": "withdraw"},
                    clause_url(version, "1.1"))  # fmt: skip
    assert response.status_code == 302
    text = text_of(page(client, clause_url(version, "1.1")))
    assert "no longer supports" not in text
    assert "did not support FR-001" in text
    assert count(Support) == 0


def test_own_administration_is_not_offered_support(as_delegate, version, people):
    add(version, "1.1", people.colleague)
    html = page(as_delegate, clause_url(version, "1.1"))
    assert 'value="support"' not in html
