"""The chair makes the next version through one conflict, publishes it, and the old version is
read as superseded; a delegate compares the two."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, log_out, release
from tests.versions.helpers import KE_TEXT, amend, close, compete, decide

pytestmark = pytest.mark.browser


def test_chair_creates_the_next_version_through_a_conflict_and_opens_it(db, people, version,
                                                                          webpage):  # fmt: skip
    compete(version, people)
    decide(amend(version, "1.1", people.delegate, "insert", "Members should publish rules."))
    close(version)
    release(db)
    confirmations = []
    webpage.on("dialog", lambda dialog: (confirmations.append(dialog.message), dialog.accept()))

    log_in(webpage, people.chair)
    webpage.get_by_role("link", name="Draft 1").click()
    webpage.get_by_role("link", name="Create the next version").click()
    conflict = webpage.get_by_role("group", name="Clause 1.2")
    expect(conflict).to_contain_text("2 accepted changes to this clause differ.")
    expect(conflict.locator("ins.rl-ins").first).to_be_visible()
    # Sent without a choice: refused, nothing made, the conflict marked.
    webpage.get_by_role("button", name="Create the next version").click()
    expect(webpage.locator(".flash--error")).to_contain_text("Accepted changes collide")
    conflict = webpage.get_by_role("group", name="Clause 1.2")
    expect(conflict.locator(".error")).to_have_text("Choose one change or write the text.")
    conflict.get_by_role("radio", name=re.compile(r"KE-001")).check()
    webpage.get_by_role("button", name="Create the next version").click()

    expect(webpage).to_have_url(re.compile(r"/draft-2/preparation$"))
    expect(webpage.locator(".flash--success")).to_have_text(
        "Draft 2 was made from Draft 1; it is in preparation."
    )
    expect(webpage.get_by_role("region", name="To check before publishing")).to_contain_text(
        "Nothing to check"
    )
    webpage.get_by_role("link", name="Contents").click()
    webpage.locator(".toc").get_by_role("link", name=re.compile(r"^1\.3 ")).click()
    expect(webpage.locator(".clause__text")).to_have_text(KE_TEXT)
    expect(webpage.locator(".clause__lineage")).to_contain_text("changed by KE-001")

    webpage.goto("/drafts/test-framework/draft-2/preparation")
    webpage.get_by_role("button", name="Publish Draft 2").click()
    assert confirmations == ["Publish Draft 2 and supersede Draft 1?"]
    expect(webpage.locator(".flash--success")).to_contain_text("Draft 2 is published")
    expect(webpage.locator(".phase")).to_have_text("Open for comment")

    log_out(webpage)
    log_in(webpage, people.other)
    webpage.goto("/drafts/test-framework/draft-1/clauses/1.2")
    banner = webpage.locator(".notice--superseded")
    expect(banner).to_contain_text("This version has been superseded by Draft 2")
    expect(webpage.locator("#new-comment form")).to_have_count(0)
    webpage.get_by_role("link", name="This clause in Draft 2").click()
    expect(webpage).to_have_url(re.compile(r"/draft-2/clauses/1\.3$"))
    webpage.goto("/drafts/test-framework/draft-2/")
    webpage.get_by_role("link", name="Compare with Draft 1").click()
    webpage.get_by_label("Changed clauses only").check()
    webpage.get_by_role("button", name="Compare").click()
    expect(webpage.locator(".compare__row")).to_have_count(4)
    expect(webpage.locator(".compare__row--added")).to_contain_text("Members should publish rules.")
