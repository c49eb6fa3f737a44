"""The review screen, the thread view, the notifications page and the API's review list run a
fixed number of SQL queries whatever the number of comments (5, then 500)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from framework_review.comments.models import Comment
from framework_review.extensions import db
from framework_review.notifications.models import Notification, NotificationKind
from tests.comments.helpers import page_queries
from tests.comments.test_comment_performance import bulk_comments
from tests.review.helpers import review_url, thread_url

# page: (url, clause of the comments, what shows with 5 comments, what shows with 500)
PAGES = {
    "review screen": (lambda v: f"{review_url(v)}?tab=all", "1.1", "FR-005", "FR-050"),
    "review screen, filtered": (lambda v: f"{review_url(v)}?tab=decided&amendment=yes&q=number",
                                "1.1", "FR-005", "FR-099"),
    "thread view": (lambda v: thread_url(v, "1.1"), "1.1", "Reply 5.", "Reply 50."),
    "general thread view": (lambda v: thread_url(v, None), None, "Reply 5.", "Reply 50."),
}  # fmt: skip


@pytest.mark.parametrize("viewer", ["chair", "secretariat"])
@pytest.mark.parametrize("name", list(PAGES))
def test_query_count_does_not_grow_with_comments(client, login, people, version, count_queries,
                                                 name, viewer):  # fmt: skip
    login(getattr(people, viewer))
    path, ref, few_marker, many_marker = PAGES[name]
    url, version_id = path(version), version.id

    def queries_for_page(marker: str) -> int:
        def check(shown: str) -> None:
            assert marker in shown and "Not satisfied" in shown and "Noted" in shown

        return page_queries(client, count_queries, url, check)

    bulk_comments(version_id, ref, 1, 5)
    few = queries_for_page(few_marker)
    bulk_comments(version_id, ref, 6, 500)
    many = queries_for_page(many_marker)
    assert many == few, f"{few} queries with 5 comments, {many} with 500"
    assert few <= 20, f"{few} queries for one page"


def test_the_notifications_page_and_the_header_count(client, login, people, version,
                                                     count_queries):  # fmt: skip
    login(people.chair)
    chair_id, version_id = people.chair.id, version.id

    def notify(first: int, last: int) -> None:
        bulk_comments(version_id, "1.1", first, last)
        comments = db.session.scalars(
            sa.select(Comment).where(Comment.sequence.between(first, last)).order_by(Comment.id)
        ).all()
        db.session.add_all(
            Notification(user_id=chair_id, kind=NotificationKind.FEEDBACK, version_id=version_id,
                         comment_id=c.id, actor_id=c.author_id,
                         message=f"FR is not satisfied with {c.code}.")
            for c in comments
        )  # fmt: skip
        db.session.commit()

    def queries(marker: str) -> int:
        db.session.remove()
        with count_queries() as counter:
            html = client.get("/notifications").get_data(as_text=True)
        assert marker in html
        return counter.count

    notify(1, 5)
    few = queries("FR is not satisfied with FR-005.")
    notify(6, 500)
    many = queries("FR is not satisfied with FR-500.")
    assert many == few
    # The header's count is one query on every page.
    db.session.remove()
    with count_queries() as counter:
        client.get("/")
    counts = [s for s in counter.statements if "FROM notification" in s]
    assert len(counts) == 1 and "count(" in counts[0].lower()
