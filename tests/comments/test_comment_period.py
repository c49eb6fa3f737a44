"""The comment period and blind collection, as the pages enforce and explain them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from framework_review.comments import services
from framework_review.comments.models import (
    Comment,
    Reply,
)
from framework_review.core.time import utcnow
from framework_review.drafts.models import VersionStatus
from framework_review.extensions import db
from tests.comments.helpers import (
    add,
    clause_url,
    count,
    edit_form,
    form,
    page,
    post,
    reply_to,
    settle,
    snapshot,
    text_of,
)
from tests.conftest import make_version


# -- period rules --------------------------------------------------------------------------
def _states():
    now = utcnow()
    return {
        "before opening": (dict(opens_at=now + timedelta(days=3), closes_at=now +
                                timedelta(days=9)), "opens_at"),
        "after closing": (dict(opens_at=now - timedelta(days=9), closes_at=now -
                               timedelta(days=1)), "closes_at"),
        "status closed": (dict(status=VersionStatus.CLOSED, closes_at=now - timedelta(days=1)),
                          "closes_at"),
    }  # fmt: skip


@pytest.mark.parametrize("state", ["before opening", "after closing", "status closed",
                                   "settled clause"])  # fmt: skip
def test_no_comment_form_and_direct_posts_refused(client, login, people, state):
    if state == "settled clause":
        version = make_version()
        clause = settle(version, "1.1", utcnow().replace(microsecond=0) - timedelta(hours=5))
        when, why = clause.settled_at, "Clause 1.1 was settled on"
    else:
        period, date_field = _states()[state]
        version = make_version(**period)
        when = getattr(version, date_field)
        why = {"before opening": "has not opened yet", "after closing": "closed on",
               "status closed": "closed on"}[state]  # fmt: skip
    login(people.delegate)
    url = clause_url(version, "1.1")
    html = page(client, url)
    assert 'action="#new-comment"' not in html  # no form offered
    assert why in text_of(html)
    assert when.strftime("%d %B %Y %H:%M UTC") in text_of(html)

    response = post(client, url, form(body="Sent anyway."))
    assert response.status_code == 409
    text = text_of(response.get_data(as_text=True))
    assert why in text
    assert when.strftime("%d %B %Y %H:%M UTC") in text
    assert count(Comment) == 0


def test_a_version_in_preparation_is_not_open_to_delegates(client, login, people):
    version = make_version(status=VersionStatus.PREPARATION)
    login(people.delegate)
    url = clause_url(version, "1.1")
    assert client.get(url).status_code == 404
    assert post(client, url, form(body="Sent anyway."), csrf_from="/").status_code == 404
    assert count(Comment) == 0


def test_after_closing_delegates_get_no_buttons_but_officers_reply(client, login, version,
                                                                   people):  # fmt: skip
    comment = add(version, "1.1", people.delegate)
    reply_to(comment, people.delegate, "Our reply.")
    version.closes_at = utcnow() - timedelta(minutes=5)
    db.session.commit()
    login(people.delegate)
    html = page(client, clause_url(version, "1.1"))
    for action in ("/edit", "/withdraw", "/replies"):
        assert f"/comments/{comment.id}{action}" not in html
    assert "/replies/" not in html  # no reply edit link either
    login(people.other)
    assert 'value="support"' not in page(client, clause_url(version, "1.1"))
    login(people.chair)
    assert f"/comments/{comment.id}/replies" in page(client, clause_url(version, "1.1"))
    response = post(client, f"/comments/{comment.id}/replies", {"body": "Thank you all."},
                    clause_url(version, "1.1"))  # fmt: skip
    assert response.status_code == 302
    assert count(Reply) == 2


def test_after_closing_direct_actions_are_refused_with_the_date(client, login, version, people):
    comment = add(version, "1.1", people.delegate)
    reply = reply_to(comment, people.delegate, "Our reply.")
    services.support_comment(comment, people.other)
    db.session.commit()
    version.closes_at = (utcnow() - timedelta(minutes=5)).replace(microsecond=0)
    db.session.commit()
    closed_on = version.closes_at.strftime("%d %B %Y %H:%M UTC")
    before = snapshot()
    where = clause_url(version, "1.1")

    login(people.delegate)
    edit = post(client, f"/comments/{comment.id}/edit", edit_form(comment, body="Late."), where)
    assert edit.status_code == 409 and closed_on in text_of(edit.get_data(as_text=True))
    withdraw = post(client, f"/comments/{comment.id}/withdraw", {}, where)
    assert withdraw.status_code == 302
    assert closed_on in text_of(page(client, where))
    late_reply = post(client, f"/comments/{comment.id}/replies", {"body": "Late."}, where)
    assert late_reply.status_code == 409 and closed_on in text_of(late_reply.get_data(as_text=True))
    reply_edit = post(client, f"/replies/{reply.id}/edit", {"body": "Late.", "revision": "1"},
                      where)  # fmt: skip
    assert reply_edit.status_code == 409
    assert closed_on in text_of(reply_edit.get_data(as_text=True))

    login(people.other)
    unsupport = post(client, f"/comments/{comment.id}/support", {"action": "withdraw"}, where)
    assert unsupport.status_code == 302 and closed_on in text_of(page(client, where))
    assert snapshot() == before


def test_edit_page_explains_why_the_form_is_gone(as_delegate, version, people):
    comment = add(version, "1.1", people.delegate)
    settle(version, "1.1", utcnow())
    html = page(as_delegate, f"/comments/{comment.id}/edit")
    assert 'method="post" novalidate' not in html
    assert "Clause 1.1 was settled on" in text_of(html)


# -- visibility ----------------------------------------------------------------------------
def test_blind_collection_during_the_period(client, login, people):
    version = make_version(visible=False)
    ours = add(version, "1.1", people.delegate, body="French view.")
    add(version, "1.1", people.other, body="Kenyan view.")
    url = clause_url(version, "1.1")

    login(people.colleague)
    text = text_of(page(client, url))
    assert "French view." in text and "Kenyan view." not in text
    assert "collected blind" in text
    login(people.other)
    text = text_of(page(client, url))
    assert "Kenyan view." in text and "French view." not in text
    assert client.get(f"/comments/{ours.id}/history").status_code == 404
    for officer in (people.chair, people.secretariat):
        login(officer)
        text = text_of(page(client, url))
        assert "French view." in text and "Kenyan view." in text and "blind" not in text

    version.closes_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    login(people.observer)
    text = text_of(page(client, url))
    assert "French view." in text and "Kenyan view." in text
