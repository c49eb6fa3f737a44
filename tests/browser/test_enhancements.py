"""The small JavaScript helpers: quoting a selection, the proposal kinds, confirmations.

Each page also works without JavaScript; the last tests check that it does.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from framework_review.comments import services as comments
from framework_review.comments.services import CommentFields
from tests.browser.conftest import log_in, release
from tests.conftest import clause_of

pytestmark = pytest.mark.browser

CLAUSE_URL = "/drafts/test-framework/draft-1/clauses/1.1"
ORIGINAL = "This framework applies to goods ordered online and sent across a border."

SELECT_WORDS = """([selector, words]) => {
  const node = document.querySelector(selector).querySelector("p").firstChild;
  const start = node.data.indexOf(words);
  const range = document.createRange();
  range.setStart(node, start);
  range.setEnd(node, start + words.length);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}"""

SELECTED_BOX = """() => {
  const rect = window.getSelection().getRangeAt(0).getBoundingClientRect();
  return {top: rect.top, left: rect.left, right: rect.right};
}"""


def test_selected_clause_text_fills_the_quote(db, people, version, webpage):
    comments.add_comment(version, clause_of(version, "1.1"), people.other,
                         CommentFields(type="ge", body="Kenya's remark on the scope."))  # fmt: skip
    release(db)
    log_in(webpage, people.delegate)
    webpage.goto(CLAUSE_URL)
    button = webpage.get_by_role("button", name="Quote selection")
    quote = webpage.get_by_label("Quoted passage")
    expect(button).to_be_hidden()

    # Select part of the clause with the mouse: the whole text by triple click.
    webpage.locator(".clause__text p").click(click_count=3)
    expect(button).to_be_visible()
    button.click()
    expect(quote).to_have_value(ORIGINAL)
    expect(quote).to_be_focused()
    expect(button).to_be_hidden()

    # A few words, selected anywhere in the clause, replace the quote.
    webpage.evaluate(SELECT_WORDS, [".js-quotable", "goods ordered online"])
    expect(button).to_be_visible()
    words = webpage.evaluate(SELECTED_BOX)
    box = button.bounding_box()
    assert words["top"] - 20 < box["y"] + box["height"] <= words["top"], "just above the words"
    assert box["x"] < words["right"] and box["x"] + box["width"] > words["left"]
    button.click()
    expect(quote).to_have_value("goods ordered online")

    # Text selected outside the clause (another comment) is not offered for quoting.
    webpage.evaluate(SELECT_WORDS, [".js-quotable", "sent across"])
    expect(button).to_be_visible()
    webpage.locator("#KE-001 .comment__body p").click(click_count=3)
    assert "Kenya's remark" in webpage.evaluate("window.getSelection().toString()")
    webpage.wait_for_timeout(100)
    expect(button).to_be_hidden()
    expect(quote).to_have_value("goods ordered online")

    # The quote is saved with the comment.
    webpage.get_by_label("Comment and justification").fill("Which goods are meant?")
    webpage.get_by_role("button", name="Save comment").click()
    expect(webpage.locator("#FR-001 .comment__quote")).to_have_text("goods ordered online")


def test_proposal_kind_shows_and_prefills_the_text(db, people, version, webpage):
    release(db)
    log_in(webpage, people.delegate)
    webpage.goto(CLAUSE_URL)
    form = webpage.locator("#new-comment form")
    box = form.locator(".js-proposal-text")
    text = form.get_by_label("Proposed text")

    def choose(kind: str) -> None:
        form.get_by_label(kind, exact=True).check()

    expect(form.get_by_label("No proposed change")).to_be_checked()
    expect(box).to_be_hidden()

    choose("Replace the clause text")
    expect(box).to_be_visible()
    expect(text).to_have_value(ORIGINAL)

    # The untouched clause text is no start for a new clause or a described change.
    choose("Insert a new clause after this one")
    expect(text).to_have_value("")
    choose("Replace the clause text")
    expect(text).to_have_value(ORIGINAL)  # refilled because the field was empty
    choose("Proposed change (described)")
    expect(text).to_have_value("")

    # What the delegate wrote is never overwritten.
    text.fill("Add a sentence on returned goods.")
    choose("Replace the clause text")
    expect(text).to_have_value("Add a sentence on returned goods.")
    choose("Insert a new clause after this one")
    expect(text).to_have_value("Add a sentence on returned goods.")

    choose("Delete the clause")
    expect(box).to_be_hidden()
    choose("No proposed change")
    expect(box).to_be_hidden()

    # Edited replacement text is kept when switching back and forth.
    choose("Replace the clause text")
    text.fill(ORIGINAL.replace("online", "on the internet"))
    choose("Delete the clause")
    choose("Replace the clause text")
    expect(text).to_have_value(ORIGINAL.replace("online", "on the internet"))

    form.get_by_label("Comment and justification").fill("Plainer words.")
    form.get_by_role("button", name="Save comment").click()
    expect(webpage.locator("#FR-001 ins.rl-ins")).to_have_text("on the internet")
    expect(webpage.locator("#FR-001 del.rl-del")).to_have_text("online")


def test_withdraw_asks_for_confirmation(db, people, version, webpage):
    comments.add_comment(version, clause_of(version, "1.1"), people.delegate,
                         CommentFields(type="ed", body="A typo in the scope."))  # fmt: skip
    release(db)
    answers = iter([False, True])
    messages: list[str] = []

    def on_dialog(dialog):
        messages.append(dialog.message)
        dialog.accept() if next(answers) else dialog.dismiss()

    webpage.on("dialog", on_dialog)
    log_in(webpage, people.delegate)
    webpage.goto(CLAUSE_URL)
    withdraw = webpage.locator("#FR-001").get_by_role("button", name="Withdraw")

    withdraw.click()  # dismissed: nothing is sent
    webpage.wait_for_timeout(200)
    expect(webpage.locator(".flash")).to_have_count(0)
    expect(webpage.locator("#FR-001 .tag--withdrawn")).to_have_count(0)

    withdraw.click()  # accepted
    expect(webpage.locator(".flash--success")).to_contain_text("Comment FR-001 withdrawn.")
    expect(webpage.locator("#FR-001 .tag--withdrawn")).to_have_text("Withdrawn")
    assert messages == ["Withdraw FR-001? It stays visible as withdrawn."] * 2


def test_comment_form_works_without_javascript(db, people, version, open_page):
    release(db)
    page = open_page(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    log_in(page, people.delegate)
    page.goto(CLAUSE_URL)
    form = page.locator("#new-comment form")
    expect(page.get_by_role("button", name="Quote selection")).to_have_count(0)
    text = form.get_by_label("Proposed text")
    expect(text).to_be_visible()
    expect(text).to_have_value(ORIGINAL)  # the server fills in the clause text to edit

    form.get_by_label("Quoted passage").fill("sent across a border")
    form.get_by_label("Comment and justification").fill("Carriers ship parcels.")
    form.get_by_label("Replace the clause text").check()
    text.fill(ORIGINAL.replace("sent", "shipped"))
    form.get_by_role("button", name="Save comment").click()
    comment = page.locator("#FR-001")
    expect(comment.locator(".comment__quote")).to_have_text("sent across a border")
    expect(comment.locator("ins.rl-ins")).to_have_text("shipped")

    # Without the confirmation dialog the withdraw button simply works.
    comment.get_by_role("button", name="Withdraw").click()
    expect(page.locator("#FR-001 .tag--withdrawn")).to_have_text("Withdrawn")
