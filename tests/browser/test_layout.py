"""The clause page's layout: it fits narrow screens and is captured for a visual check."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from framework_review.comments import services as comments
from framework_review.comments.services import CommentFields
from tests.browser.conftest import log_in, release
from tests.conftest import clause_of

pytestmark = pytest.mark.browser


def _discussed_clause(db, people, version):
    """Clause 1.1 with a plain comment, an amendment with a reply and support, a withdrawn one."""
    clause = clause_of(version, "1.1")
    plain = comments.add_comment(version, clause, people.other, CommentFields(
        type="ed", body="Say *online* or *electronic*, but use one word throughout.",
        locator="first sentence", quote="goods ordered online",
    ))  # fmt: skip
    amendment = comments.add_comment(version, clause, people.delegate, CommentFields(
        type="te", body="The scope should also cover goods **returned** by the buyer.",
        proposal_kind="replace",
        proposal_text="This framework applies to goods ordered online, sent across a border "
        "and returned by the buyer.",
    ))  # fmt: skip
    comments.add_reply(amendment, people.chair, "Noted; the group will discuss returns in May.")
    comments.add_reply(amendment, people.other, "Kenya agrees that returns belong in scope.")
    comments.support_comment(amendment, people.other)
    withdrawn = comments.add_comment(version, clause, people.colleague, CommentFields(
        type="ge", body="A general remark we no longer need.",
    ))  # fmt: skip
    comments.withdraw_comment(withdrawn, people.colleague)
    db.session.commit()
    url = f"/drafts/{version.draft.slug}/{version.slug}/clauses/1.1"
    release(db)
    return url, plain


@pytest.mark.parametrize("width", [320, 375, 1280])
def test_clause_page_fits_the_screen(db, people, version, open_page, width):
    url, _ = _discussed_clause(db, people, version)
    page = open_page(viewport={"width": width, "height": 900})
    log_in(page, people.delegate)
    page.goto(url)
    assert page.locator(".comment").count() == 3
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {width}px"
    if width != 320:  # kept outside the tree, for a person to look at
        shot = Path(tempfile.gettempdir()) / f"clause-page-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
