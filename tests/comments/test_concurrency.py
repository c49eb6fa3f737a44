"""Requests racing each other: simultaneous supports from one administration and simultaneous
comments of one administration's delegates all succeed, each counted once."""

from __future__ import annotations

import threading

import sqlalchemy as sa

from framework_review.accounts import services as accounts
from framework_review.accounts.models import Role, User
from framework_review.comments import services
from framework_review.comments.models import Comment, Support
from framework_review.extensions import db
from tests.comments.helpers import add, count
from tests.conftest import PASSWORD, clause_of


def delegates(administration, n: int, prefix: str) -> list[User]:
    made = [
        accounts.create_user(f"{prefix}{i}", PASSWORD, Role.DELEGATE, administration)
        for i in range(n)
    ]
    db.session.commit()
    return made


def test_a_support_that_loses_the_race_answers_as_if_it_had_won(app, version, people):
    """Request B reads the comment, then request A's support commits, then B writes its own."""
    comment = add(version, "1.1", people.delegate)
    (second_ke,) = delegates(people.ke, 1, "ke")
    ids = comment.id, people.other.id, second_ke.id
    with app.app_context():  # request B
        comment_b = db.session.get(Comment, ids[0])
        assert comment_b.supporter_codes == []
        with app.app_context():  # request A, a colleague's, done in the meantime
            services.support_comment(db.session.get(Comment, ids[0]), db.session.get(User, ids[1]))
            db.session.commit()
        support = services.support_comment(comment_b, db.session.get(User, ids[2]))
        assert (support.active, support.administration_id) == (True, people.ke.id)
        db.session.commit()
        assert comment_b.supporter_codes == ["KE"]
    assert count(Support) == 1


def _race(app, n: int, request) -> list[int]:
    """Run request(client, i) in n threads released at once; the HTTP statuses, in order."""
    barrier = threading.Barrier(n)
    statuses = [0] * n

    def run(i: int) -> None:
        client = app.test_client()
        barrier.wait()
        statuses[i] = request(client, i).status_code

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return statuses


def test_simultaneous_supports_through_the_api(app, version, people):
    comment = add(version, "1.1", people.delegate)
    supporters = [people.other, *delegates(people.ke, 7, "ke")]
    tokens = [accounts.create_token(user) for user in supporters]
    db.session.commit()
    url = f"/api/v1/comments/{comment.id}/support"
    statuses = _race(app, len(tokens), lambda client, i: client.post(
        url,
        headers={"Authorization": f"Bearer {tokens[i]}"}))  # fmt: skip
    assert statuses == [200] * len(tokens)
    rows = db.session.scalars(sa.select(Support).where(Support.comment_id == comment.id)).all()
    assert [(s.administration_id, s.active) for s in rows] == [(people.ke.id, True)]


def test_twenty_delegates_of_one_administration_comment_at_once(app, version, people):
    posters = delegates(people.fr, 20, "fr")
    tokens = [accounts.create_token(user) for user in posters]
    db.session.commit()
    url = f"/api/v1/clauses/{clause_of(version, '1.1').id}/comments"
    statuses = _race(app, len(tokens), lambda client, i: client.post(
        url, json={"type": "te", "body": f"Point {i}."},
        headers={"Authorization": f"Bearer {tokens[i]}"}))  # fmt: skip
    assert statuses == [201] * len(tokens)
    codes = db.session.scalars(sa.select(Comment.code).order_by(Comment.sequence)).all()
    assert codes == [f"FR-{n:03d}" for n in range(1, 21)]
