"""Pages with many comments: a fixed number of SQL queries, and pages of COMMENTS_PER_PAGE."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from framework_review.accounts.models import Administration, Role, User
from framework_review.comments.models import Comment, ProposalKind, Reply, Support
from framework_review.comments.services import proposal_html
from framework_review.core.markup import render_markdown
from framework_review.drafts.models import Version
from framework_review.extensions import db
from framework_review.review.models import Decision, Disposition, Feedback
from tests.comments.helpers import clause_url, page_queries, text_of, version_url
from tests.conftest import clause_of


def bulk_comments(version_id: int, ref: str | None, first: int, last: int) -> None:
    """FR comments numbered first..last on `ref`, each replied to and supported.

    Each comment gets its own supporting administration (X001, X002, ...) whose delegate
    replies, so a reply author or supporter loaded one by one would show up as extra queries.
    Written with add_all, not through the service, so hundreds take a moment; every other
    comment is an amendment so the side-by-side page has work to do too. Objects are looked
    up here because the query-count test empties the session between requests.
    """
    version = db.session.get(Version, version_id)
    clause = clause_of(version, ref) if ref else None
    fr = db.session.scalar(sa.select(Administration).where(Administration.code == "FR"))
    author = db.session.scalar(sa.select(User).where(User.username == "delegate"))
    rows = []
    for n in range(first, last + 1):
        kind = ProposalKind.REPLACE if clause is not None and n % 2 else None
        text = f"Members should collect item {n} before goods arrive." if kind else ""
        body = f"Comment number {n}, with *emphasis*."
        comment = Comment(
            version=version, clause=clause, administration=fr, author=author,
            sequence=n, code=f"FR-{n:03d}", type="te", body=body, body_html=render_markdown(body),
            proposal_kind=kind, proposal_text=text, proposal_html=proposal_html(clause, kind, text),
            updated_by_id=author.id,
        )  # fmt: skip
        supporter = Administration(code=f"X{n:03d}", name=f"Member {n}")
        reader = User(username=f"reader{n}", display_name=f"Reader {n}", password_hash="-",
                      role=Role.DELEGATE, administration=supporter)  # fmt: skip
        reply = Reply(comment=comment, author=reader, administration=supporter,
                      body=f"Reply {n}.", body_html=f"<p>Reply {n}.</p>")  # fmt: skip
        support = Support(comment=comment, administration=supporter, user=reader)
        rows += [comment, supporter, reader, reply, support]
    db.session.add_all(rows)
    db.session.flush()
    decide_in_bulk(version, [c for c in rows if isinstance(c, Comment)], author)
    db.session.commit()


def decide_in_bulk(version: Version, comments: list[Comment], answerer: User) -> None:
    """Comments of odd number decided (by a decider of their own) and answered; published.

    Each decision has its own officer, so a decider or an answer loaded one by one would show
    up as extra queries on the pages that show them.
    """
    version.dispositions_visible = True
    for comment in (c for c in comments if c.sequence % 2):
        decider = User(username=f"officer{comment.id}", display_name=f"Officer {comment.id}",
                       password_hash="-", role=Role.CHAIR)  # fmt: skip
        disposition = Disposition(comment_id=comment.id, decision=Decision.NOTED, observation="Seen.",
                                  observation_html="<p>Seen.</p>", decided_by=decider)  # fmt: skip
        db.session.add(disposition)
        db.session.flush()
        feedback = Feedback(comment_id=comment.id, disposition=disposition, satisfied=False,
                            note="No.", note_html="<p>No.</p>", user=answerer,
                            administration_id=comment.administration_id)  # fmt: skip
        db.session.add(feedback)
        db.session.flush()
        comment.disposition_id, comment.feedback_id = disposition.id, feedback.id


# page: (url, clause the comments are on, what shows with 5 comments, what shows with 500)
PAGES = {
    "clause page": (lambda v: clause_url(v, "1.1"), "1.1", "Reply 5.", "Reply 100."),
    "general page": (lambda v: clause_url(v, None), None, "Reply 5.", "Reply 100."),
    "amendments page": (lambda v: f"{version_url(v)}/amendments/1.1", "1.1", "FR-005",
                        "FR-499"),
    "my administration's comments": (lambda v: f"{version_url(v)}/mine", "1.1", "FR-005",
                                     "FR-500"),
    "table of contents": (lambda v: f"{version_url(v)}/", "1.1", "5 comments", "500 comments"),
}  # fmt: skip
CASES = [(viewer, name) for viewer in ("delegate", "other", "chair") for name in PAGES
         if name != "my administration's comments" or viewer == "delegate"]  # fmt: skip


@pytest.mark.parametrize(("viewer", "name"), CASES)
def test_query_count_does_not_grow_with_comments(client, login, people, version, count_queries,
                                                 name, viewer):  # fmt: skip
    login(getattr(people, viewer))
    path, ref, few_marker, many_marker = PAGES[name]
    url, version_id = path(version), version.id

    def queries_for_page(marker: str) -> int:
        def check(shown: str) -> None:
            assert marker in shown
            if name in ("clause page", "general page"):  # decisions and answers are shown too
                assert "Decision: Noted" in shown and "Officer" in shown
                assert viewer != "delegate" or "FR's answer: ⚑ Not satisfied" in shown

        return page_queries(client, count_queries, url, check)

    bulk_comments(version_id, ref, 1, 5)
    few = queries_for_page(few_marker)
    bulk_comments(version_id, ref, 6, 500)
    many = queries_for_page(many_marker)
    assert many == few, f"{few} queries with 5 comments, {many} with 500"
    assert few <= 12, f"{few} queries for one page"


def test_clause_page_shows_one_page_of_comments_with_links(app, client, login, people, version):
    per_page = app.config["COMMENTS_PER_PAGE"]
    assert per_page == 100
    bulk_comments(version.id, "1.1", 1, 500)
    login(people.other)
    url = clause_url(version, "1.1")

    html = client.get(url).get_data(as_text=True)
    codes = re.findall(r'<article class="comment[^"]*" id="([^"]+)"', html)
    assert codes == [f"FR-{n:03d}" for n in range(1, per_page + 1)]
    assert re.search(r'<span class="count">500</span>', html)  # the total, not the page
    links = re.findall(r'href="\?page=(\d+)#comments-heading"', html)
    assert links == ["2", "3", "4", "5"]
    assert '<span aria-current="page">1</span>' in html
    assert "Supported by: X001" in text_of(html) and "Reply 100." in html

    last = client.get(f"{url}?page=5").get_data(as_text=True)
    codes = re.findall(r'<article class="comment[^"]*" id="([^"]+)"', last)
    assert codes == [f"FR-{n:03d}" for n in range(401, 501)]
    assert re.findall(r'href="\?page=(\d+)#comments-heading"', last) == ["1", "2", "3", "4"]


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99"])
def test_odd_page_numbers_do_not_fail(client, login, people, version, page):
    bulk_comments(version.id, "1.1", 1, 3)
    login(people.delegate)
    response = client.get(f"{clause_url(version, '1.1')}?page={page}")
    assert response.status_code == 200


def test_few_comments_have_no_pagination(client, login, people, version):
    bulk_comments(version.id, "1.1", 1, 5)
    login(people.delegate)
    html = client.get(clause_url(version, "1.1")).get_data(as_text=True)
    assert 'class="pagination"' not in html
