"""In a real browser: the language switch works without JavaScript, and the browser's time zone
is taken at login and offered on the settings page."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from framework_review.accounts.models import User
from framework_review.extensions import db as _db
from tests.browser.conftest import log_in, release

pytestmark = pytest.mark.browser


def test_the_switch_works_without_javascript(open_page, people, db):
    release(db)
    page = open_page(java_script_enabled=False, locale="en-GB")
    page.goto("/login")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("button", name="Français").click()
    page.wait_for_url("**/login")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", level=1).inner_text() == "Se connecter"
    page.get_by_role("button", name="English").click()
    page.wait_for_url("**/login")
    assert page.get_by_role("heading", level=1).inner_text() == "Log in"


def test_a_french_browser_gets_french_pages(open_page, people, db):
    release(db)
    page = open_page(locale="fr-FR")
    page.goto("/login")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("button", name="English").is_visible()


def test_the_browsers_zone_is_kept_at_login_and_offered(open_page, people, db):
    release(db)
    page = open_page(timezone_id="Asia/Tokyo", locale="en-GB")
    log_in(page, people.delegate)
    zone = _db.session.scalar(sa.select(User.timezone).where(User.id == people.delegate.id))
    assert zone == "Asia/Tokyo"
    page.goto("/account/password")
    assert page.get_by_label("Time zone", exact=True).input_value() == "Asia/Tokyo"
    assert page.get_by_text("Your browser is in the zone Asia/Tokyo.").is_visible()
    assert "Times: Tokyo time." in page.locator("footer").inner_text()
