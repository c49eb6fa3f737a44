"""Keyboard use: the skip link comes first, and logging in needs no mouse."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, release
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

ACTIVE = "document.activeElement"


def focused(page, expression: str = "el => el.id || el.className || el.tagName"):
    return page.evaluate(f"({expression})({ACTIVE})")


def outline_width(page) -> float:
    return page.evaluate(f"parseFloat(getComputedStyle({ACTIVE}).outlineWidth)")


def test_log_in_with_the_keyboard_alone(db, people, version, webpage):
    release(db)
    webpage.goto("/login")
    assert focused(webpage) == "username"  # the form is ready to type into
    webpage.keyboard.type(people.delegate.username)
    webpage.keyboard.press("Tab")
    assert focused(webpage) == "password"
    webpage.keyboard.type(PASSWORD)
    webpage.keyboard.press("Tab")
    assert focused(webpage) == "remember"
    webpage.keyboard.press("Space")
    assert webpage.locator("#remember").is_checked()
    webpage.keyboard.press("Tab")
    assert focused(webpage, "el => el.textContent.trim()") == "Log in"
    assert outline_width(webpage) >= 2, "a focused button shows a visible outline"
    webpage.keyboard.press("Enter")
    expect(webpage.get_by_role("heading", name="Drafts under review")).to_be_visible()
    expect(webpage.locator(".site-user")).to_contain_text("Delegate")


def test_skip_link_is_the_first_tab_stop(db, people, version, open_page):
    release(db)
    page = open_page(viewport={"width": 375, "height": 700})
    log_in(page, people.delegate)
    page.goto("/drafts/test-framework/draft-1/clauses/1.1")
    skip = page.locator(".skip-link")
    box = skip.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 0, "hidden above the page until focused"

    page.keyboard.press("Tab")
    assert focused(page, "el => el.textContent.trim()") == "Skip to content"
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["x"] >= 0, "visible once focused"
    assert outline_width(page) >= 2

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    assert focused(page) == "main"
    # The next Tab stop is inside the content (the breadcrumb), past the site header.
    page.keyboard.press("Tab")
    assert focused(page, "el => el.closest('main') !== null") is True
    assert focused(page, "el => el.textContent.trim()") == "Drafts"
    assert focused(page, "el => el.closest('.breadcrumb') !== null") is True
