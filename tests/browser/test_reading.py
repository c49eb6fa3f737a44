"""Logging in through the form and reading the draft clause by clause."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, release

pytestmark = pytest.mark.browser


def test_log_in_and_read_a_clause(db, people, version, webpage):
    release(db)
    webpage.goto("/")
    expect(webpage).to_have_url(re.compile(r"/login\?next="))
    log_in(webpage, people.delegate)
    expect(webpage.locator(".site-user")).to_contain_text("FR")
    main_nav = webpage.get_by_role("navigation", name="Main")
    expect(main_nav.locator("[aria-current=page]")).to_have_text("Drafts")

    # The drafts list leads to the version's table of contents.
    webpage.get_by_role("link", name="Draft 1").click()
    expect(webpage.get_by_role("heading", name="Contents")).to_be_visible()
    toc = webpage.locator(".toc")
    expect(toc.locator(".toc__item")).to_have_count(9)  # General + eight clauses

    toc.get_by_role("link", name="1.2 Members should collect").click()
    clause = webpage.locator("article.clause")
    expect(clause.locator(".clause__ref")).to_have_text("Clause 1.2")
    expect(clause.locator(".clause__text")).to_have_text(
        "Members should collect the data listed below before goods arrive."
    )
    expect(webpage).to_have_title("1.2 — Draft 1 · Framework Review")

    breadcrumb = webpage.get_by_role("navigation", name="Breadcrumb")
    expect(breadcrumb.get_by_role("listitem")).to_have_text(
        ["Drafts", "Test framework, Draft 1", "1", "1.2"]
    )
    expect(breadcrumb.locator("[aria-current=page]")).to_have_text("1.2")

    # The parts of the clause and its neighbours.
    parts = webpage.get_by_role("navigation", name="Parts of this clause")
    expect(parts.get_by_role("link")).to_have_text(["1.2(a)", "1.2(b)"])
    pager = webpage.get_by_role("navigation", name="Previous and next clause")
    expect(pager.locator("a[rel=prev]")).to_have_text("← 1.1")
    expect(pager.locator("a[rel=next]")).to_have_text("1.2(a) →")

    pager.locator("a[rel=next]").click()
    expect(clause.locator(".clause__ref")).to_have_text("Clause 1.2(a)")
    expect(clause.locator(".clause__text")).to_have_text("the name and address of the seller;")
    expect(breadcrumb.get_by_role("link", name="1.2", exact=True)).to_be_visible()

    # Back up the breadcrumb to the parent clause.
    breadcrumb.get_by_role("link", name="1.2", exact=True).click()
    expect(clause.locator(".clause__ref")).to_have_text("Clause 1.2")
    pager.get_by_role("link", name="Contents").click()
    expect(webpage).to_have_url(re.compile(r"/drafts/test-framework/draft-1/#contents$"))
