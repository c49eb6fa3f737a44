"""Markdown from users is shown, never run: scripts, event handlers and javascript: links."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, release

pytestmark = pytest.mark.browser

HOSTILE = (
    "Look: <script>window.__pwned=1</script>\n\n"
    '<img src=x onerror="window.__pwned=1">\n\n'
    "[x](javascript:window.__pwned=1)\n"
)


def test_hostile_markdown_stays_text(db, people, version, webpage):
    release(db)
    dialogs: list[str] = []

    def on_dialog(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    webpage.on("dialog", on_dialog)
    log_in(webpage, people.delegate)
    webpage.goto("/drafts/test-framework/draft-1/clauses/1.1")
    form = webpage.locator("#new-comment form")
    form.get_by_label("Comment and justification").fill(HOSTILE)
    form.get_by_role("button", name="Save comment").click()
    expect(webpage.locator(".flash--success")).to_have_text("Comment FR-001 saved.")

    comment = webpage.locator("article#FR-001")
    body = comment.locator(".comment__body")
    # The markup is shown as the characters the delegate typed.
    expect(body).to_contain_text("<script>window.__pwned=1</script>")
    expect(body).to_contain_text('<img src=x onerror="window.__pwned=1">')
    expect(body.locator("script, img")).to_have_count(0)
    expect(webpage.locator("[onerror], a[href^='javascript' i]")).to_have_count(0)

    link = body.get_by_text("x", exact=True)
    expect(link).to_be_visible()
    link.click()
    webpage.wait_for_timeout(300)  # give a (wrongly) running handler the time to fire

    # The reply form takes the same text and renders it the same way.
    comment.get_by_text("Reply to FR-001").click()
    comment.get_by_label("Your reply (Markdown)").fill(HOSTILE)
    comment.get_by_role("button", name="Send reply").click()
    expect(webpage.locator("article#FR-001 .reply")).to_contain_text("<script>")
    webpage.locator("article#FR-001 .reply").get_by_text("x", exact=True).click()
    webpage.wait_for_timeout(300)

    assert webpage.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == []
    expect(webpage).to_have_url("/drafts/test-framework/draft-1/clauses/1.1#FR-001")
