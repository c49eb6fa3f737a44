"""A delegate's whole round: comment with an amendment, see the redline, reply; another
administration supports it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, log_out, release

pytestmark = pytest.mark.browser

ORIGINAL = "This framework applies to goods ordered online and sent across a border."


def test_comment_amend_reply_and_support(db, people, version, webpage):
    release(db)
    log_in(webpage, people.delegate)
    webpage.get_by_role("link", name="Draft 1").click()
    webpage.locator(".toc").get_by_role("link", name=re.compile(r"^1\.1 ")).click()
    expect(webpage.locator(".clause__text")).to_have_text(ORIGINAL)

    form = webpage.locator("#new-comment form")
    form.get_by_label("Editorial (ed)").check()
    form.get_by_label("Paragraph, sentence, figure or table").fill("first sentence")
    form.get_by_label("Comment and justification").fill(
        "Parcels are *shipped* by carriers; say so."
    )
    form.get_by_label("Replace the clause text").check()
    proposed = form.get_by_label("Proposed text")
    expect(proposed).to_have_value(ORIGINAL)  # prefilled: the delegate edits the clause text
    proposed.fill(ORIGINAL.replace("sent", "shipped"))
    form.get_by_role("button", name="Save comment").click()

    expect(webpage.locator(".flash--success")).to_have_text("Comment FR-001 saved.")
    expect(webpage).to_have_url(re.compile(r"/clauses/1\.1#FR-001$"))
    comment = webpage.locator("article#FR-001")
    expect(comment.locator(".type")).to_have_text("ed")
    expect(comment.locator(".tag--amendment")).to_have_text("Amendment")
    expect(comment.locator(".comment__locator")).to_contain_text("first sentence")
    expect(comment.locator(".comment__body em")).to_have_text("shipped")
    redline = comment.locator(".proposal .redline")
    expect(redline.locator("del.rl-del")).to_have_text(["sent"])
    expect(redline.locator("ins.rl-ins")).to_have_text(["shipped"])
    expect(redline).to_have_text(
        "This framework applies to goods ordered online and sentshipped across a border."
    )
    # Strike-through and underline carry the meaning without colour.
    decoration = "getComputedStyle(el).textDecorationLine"
    assert redline.locator("del.rl-del").evaluate(f"el => {decoration}") == "line-through"
    assert redline.locator("ins.rl-ins").evaluate(f"el => {decoration}") == "underline"

    # A reply in the comment's thread.
    comment.get_by_text("Reply to FR-001").click()
    comment.get_by_label("Your reply (Markdown)").fill("We can accept **carried** as well.")
    comment.get_by_role("button", name="Send reply").click()
    expect(webpage.locator(".flash--success")).to_have_text("Reply added to FR-001.")
    reply = webpage.locator("article#FR-001 .reply")
    expect(reply).to_have_count(1)
    expect(reply.locator(".reply__meta")).to_contain_text("Delegate (FR)")
    expect(reply.locator("strong", has_text="carried")).to_be_visible()
    # Nobody else supports it yet, and FR cannot support its own comment.
    expect(webpage.locator("article#FR-001 .comment__support")).to_have_count(0)
    expect(comment.get_by_role("button", name="Support")).to_have_count(0)

    log_out(webpage)
    expect(webpage.locator(".flash--info")).to_have_text("You have logged out.")

    log_in(webpage, people.other)
    webpage.goto("/drafts/test-framework/draft-1/clauses/1.1")
    comment = webpage.locator("article#FR-001")
    expect(comment.locator("del.rl-del")).to_have_text("sent")
    comment.get_by_role("button", name="Support", exact=True).click()
    expect(webpage.locator(".flash--success")).to_have_text("Your administration supports FR-001.")
    comment = webpage.locator("article#FR-001")
    expect(comment.locator(".comment__support")).to_have_text("Supported by: KE")
    expect(comment.get_by_role("button", name="Withdraw support")).to_be_visible()
