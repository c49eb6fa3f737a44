"""Observers (international organisations) comment only on versions the secretariat opens to them."""

from __future__ import annotations

import pytest

from framework_review.comments import services
from framework_review.comments.models import Comment, Reply, Support
from framework_review.extensions import db
from tests.comments.helpers import add, clause_url, count, form, page, post
from tests.conftest import make_version


@pytest.fixture
def closed_to_observers(people):
    return make_version(observers=False)


def test_service_refuses_observers_unless_allowed(closed_to_observers, people):
    version = closed_to_observers
    with pytest.raises(services.NotAllowed, match="Observers may not comment"):
        add(version, "1.1", people.observer)
    db.session.rollback()
    member_comment = add(version, "1.1", people.delegate)
    assert not member_comment.can_support(people.observer)
    with pytest.raises(services.NotAllowed, match="Observers may not comment"):
        services.support_comment(member_comment, people.observer)
    db.session.rollback()
    # One rule for the whole discussion: observers reply only where they may comment.
    assert not member_comment.can_reply(people.observer)
    with pytest.raises(services.NotAllowed, match="Observers may not comment"):
        services.add_reply(member_comment, people.observer, "We can share our data model.")
    db.session.rollback()
    assert (count(Comment), count(Support), count(Reply)) == (1, 0, 0)
    # Members are not affected.
    services.support_comment(member_comment, people.other)
    services.add_reply(member_comment, people.other, "We agree.")
    db.session.commit()
    assert member_comment.supporter_codes == ["KE"]

    version.observers_may_comment = True
    db.session.commit()
    assert add(version, "1.1", people.observer).code == "UPU-001"
    assert people.observer.can_comment_on(version)
    assert member_comment.can_reply(people.observer)
    services.add_reply(member_comment, people.observer, "We can share our data model.")
    db.session.commit()
    assert count(Reply) == 2


def test_page_explains_and_direct_post_is_refused(client, login, closed_to_observers, people):
    version = closed_to_observers
    login(people.observer)
    html = page(client, clause_url(version, "1.1"))
    assert "Observers may not comment on this version" in html
    assert 'name="body"' not in html
    response = post(client, clause_url(version, "1.1"), form(body="Let us in."))
    assert response.status_code == 403
    assert count(Comment) == 0


def test_secretariat_opens_the_version_to_observers(client, login, closed_to_observers, people):
    version = closed_to_observers
    login(people.secretariat)
    url = f"/drafts/{version.draft.slug}/{version.slug}/period"
    response = post(client, url, {
        "status": "open", "opens_at": "", "closes_at": "",
        "comments_visible_during_period": "y", "observers_may_comment": "y",
    })  # fmt: skip
    assert response.status_code == 302
    db.session.refresh(version)
    assert version.observers_may_comment is True
    login(people.observer)
    assert post(client, clause_url(version, "1.1"), form(body="Thanks.")).status_code == 302
    assert db.session.query(Comment).one().code == "UPU-001"


def test_observers_reply_only_where_they_may_comment(client, login, closed_to_observers, people):
    version = closed_to_observers
    comment = add(version, "1.1", people.delegate)
    login(people.observer)
    html = page(client, clause_url(version, "1.1"))
    assert f'action="/comments/{comment.id}/replies"' not in html
    response = post(client, f"/comments/{comment.id}/replies", {"body": "Let us in."},
                    csrf_from=clause_url(version, "1.1"))  # fmt: skip
    assert response.status_code == 403
    assert "Observers may not comment" in response.get_data(as_text=True)
    assert count(Reply) == 0

    version.observers_may_comment = True
    db.session.commit()
    assert f'action="/comments/{comment.id}/replies"' in page(client, clause_url(version, "1.1"))
    response = post(client, f"/comments/{comment.id}/replies", {"body": "Thanks."},
                    csrf_from=clause_url(version, "1.1"))  # fmt: skip
    assert response.status_code == 302
    assert count(Reply) == 1
