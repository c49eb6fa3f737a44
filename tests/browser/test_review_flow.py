"""The chair's round: filter the review list, open a thread, decide two comments (one in bulk),
come back to the same filtered place each time, publish; the delegation sees the decision and
answers that it is not satisfied, which the chair then sees flagged."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, log_out, release
from tests.comments.helpers import add

pytestmark = pytest.mark.browser


def test_chair_decides_and_the_delegation_answers(db, people, version, webpage):
    add(version, "1.1", people.delegate, "Name the carriers in the scope.",
        proposal_kind="replace", proposal_text="Parcels carried across a border.")  # fmt: skip
    add(version, "1.2(a)", people.delegate, "A comma is missing after seller.", type="ed")
    add(version, "1.2(b)", people.other, "Plain words, please.", type="ed")
    add(version, "2.1", people.other, "Risk engines differ.")
    release(db)

    log_in(webpage, people.chair)
    webpage.get_by_role("link", name="Draft 1").click()
    webpage.get_by_role("link", name="Review comments").click()
    expect(webpage.get_by_role("heading", level=1)).to_contain_text("Review of comments")

    # Filter: clause 1 with its sub-clauses, all comments, sorted by administration.
    webpage.get_by_role("link", name=re.compile(r"^All")).click()
    webpage.get_by_label("Clause (with its sub-clauses)").select_option(label="1 (3)")
    webpage.get_by_label("Sort by").select_option("administration")
    webpage.get_by_role("button", name="Apply filters").click()
    expect(webpage.locator("tbody tr")).to_have_count(3)
    listed = webpage.url
    query = parse_qs(urlsplit(listed).query)
    assert query["tab"] == ["all"] and query["sort"] == ["administration"] and query["clause"]
    expect(webpage.locator("#f-clause option:checked")).to_have_text(re.compile(r"1 \(3\)"))

    # Open FR-001's thread and decide it there.
    webpage.locator("tbody").get_by_role("link", name="FR-001").click()
    expect(webpage.get_by_role("heading", level=1)).to_contain_text("1.1")
    comment = webpage.locator("article#FR-001")
    adopted = comment.get_by_label("Adopted text")
    comment.get_by_label("Accepted with modifications").check()
    expect(adopted).to_be_visible()  # shown only for "accepted with modifications"
    comment.get_by_label("Not accepted").check()
    expect(adopted).to_be_hidden()
    comment.get_by_label("Observation").fill("Out of scope for this standard.")
    comment.get_by_role("button", name="Save decision").click()

    expect(webpage.locator(".flash--success")).to_have_text(
        "Decision on FR-001 saved: Not accepted."
    )
    assert webpage.url == f"{listed}#FR-001"  # the same filtered, sorted place, at the row
    expect(webpage.locator("#f-clause option:checked")).to_have_text(re.compile(r"1 \(3\)"))
    expect(webpage.locator("tr#FR-001")).to_contain_text("Not accepted")

    # Decide KE-001 in bulk from the list.
    webpage.get_by_label("Select KE-001").check()
    webpage.locator(".bulk-decision").get_by_label("Noted").check()
    webpage.locator(".bulk-decision").get_by_label("Observation").fill("For the drafting group.")
    webpage.get_by_role("button", name="Decide the selected comments").click()
    expect(webpage.locator(".flash--success")).to_have_text("Noted: KE-001.")
    assert webpage.url == listed
    expect(webpage.locator("tr#KE-001")).to_contain_text("Noted")
    expect(webpage.locator("tr#FR-002")).to_contain_text("Open")

    # Publish the decisions.
    webpage.get_by_text("Review settings", exact=True).click()
    webpage.get_by_label(re.compile("Publish the decisions")).check()
    webpage.get_by_role("button", name="Save review settings").click()
    expect(webpage.locator(".flash--success")).to_contain_text("the decisions are published")
    assert webpage.url == listed
    log_out(webpage)

    # The delegation sees the decision on the clause page and answers it.
    log_in(webpage, people.colleague)
    expect(webpage.locator(".site-user__notifications")).to_contain_text("1 unread")
    webpage.goto("/drafts/test-framework/draft-1/clauses/1.1")
    comment = webpage.locator("article#FR-001")
    expect(comment.locator(".disposition")).to_contain_text("Decision: Not accepted")
    expect(comment.locator(".disposition")).to_contain_text("Out of scope for this standard.")
    comment.get_by_text("Answer the decision on FR-001").click()
    comment.get_by_label("Not satisfied").check()
    comment.get_by_label("Note (optional, Markdown)").fill("Carriers **are** in scope.")
    comment.get_by_role("button", name="Send answer").click()
    expect(webpage.locator(".flash--success")).to_have_text("Your answer on FR-001 is saved.")
    answer = webpage.locator("article#FR-001 .answer-block")
    expect(answer).to_contain_text("FR's answer: ⚑ Not satisfied")
    expect(answer.locator("strong")).to_have_text("are")
    log_out(webpage)

    # The chair is told, and the list flags the objection.
    log_in(webpage, people.chair)
    expect(webpage.locator(".site-user__notifications")).to_contain_text("1 unread")
    webpage.goto(listed)
    expect(webpage.locator("tr#FR-001")).to_contain_text("Not satisfied")
    expect(webpage.locator("tr#FR-001")).to_have_class(re.compile("row--objection"))
