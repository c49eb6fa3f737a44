"""Browser fixtures: the session app served on a free port, and Debian's Chromium via Playwright.

The browser is the system's /usr/bin/chromium; Playwright never downloads one. Data is created
through the normal fixtures and committed before the browser reads it.
"""

from __future__ import annotations

import os
import threading

import pytest
from playwright.sync_api import Page, sync_playwright
from werkzeug.serving import make_server

from tests.conftest import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def live_server(app):
    """The test app served over HTTP in a background thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


# Named so as not to be taken for pytest-playwright's own fixtures (page, browser, context),
# which would download-and-launch its browser and parametrize every test by browser name.
@pytest.fixture(scope="session")
def chromium():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package to run these tests.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageProblems:
    """Collects JavaScript errors, console errors (CSP violations among them) and 5xx answers."""

    def __init__(self, page: Page):
        self.errors: list[str] = []
        page.on("pageerror", self.on_page_error)
        page.on("console", self.on_console)
        page.on("response", self.on_response)

    def on_page_error(self, error) -> None:
        self.errors.append(f"page error: {error}")

    def on_console(self, message) -> None:
        # A 4xx page logs "Failed to load resource"; tests check those statuses themselves.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(f"console: {message.text}")

    def on_response(self, response) -> None:
        if response.status >= 500:
            self.errors.append(f"{response.status} from {response.url}")


@pytest.fixture
def open_page(chromium, live_server, db):
    """open_page(**context_options) gives a page in a fresh browser context (own cookies).

    Any JavaScript error, console error or server error on such a page fails the test.
    """
    opened: list[tuple] = []

    def do(**options) -> Page:
        context = chromium.new_context(base_url=live_server, **options)
        context.set_default_timeout(10_000)
        page = context.new_page()
        opened.append((context, PageProblems(page)))
        return page

    yield do
    problems = [error for _, watcher in opened for error in watcher.errors]
    for context, _ in opened:
        context.close()
    assert not problems, problems


@pytest.fixture
def webpage(open_page) -> Page:
    """A desktop-sized page."""
    return open_page(viewport={"width": 1280, "height": 900})


def log_in(page: Page, user) -> None:
    """Log in through the login form, as a person would."""
    page.goto("/login")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login" not in url)


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login")


def release(db) -> None:
    """Commit and end the test's transaction, so the server sees the rows and never waits on it."""
    db.session.commit()
