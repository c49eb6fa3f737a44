"""Throttling: wrong passwords per username and per client address, password changes and API
writes get 429 with Retry-After once over their limit; successful logins never count.

The limiter is off in the test configuration (the suite logs in thousands of times); the
`throttled` fixture (tests/conftest.py) switches it on for one test with empty counters.
"""

from __future__ import annotations

import uuid

import pytest
import redis

from framework_review import create_app
from framework_review.extensions import limiter
from tests.accounts.test_views import FAILED, NEW_PASSWORD, logged_in_as, post_form
from tests.conftest import PASSWORD, csrf_token


@pytest.fixture
def other_app(app):
    """make(**settings): another app on the same database; the shared limiter is given back
    to the suite's app afterwards (Flask-Limiter keeps its storage on the extension)."""

    def make(**settings):
        config = {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                  "RATE_LIMITING": True, **settings}  # fmt: skip
        return create_app("testing", config)

    yield make
    limiter.init_app(app)
    limiter.reset()


def attempt(client, username, password="wrong password", **kwargs):
    data = {"username": username, "password": password, "csrf_token": csrf_token(client)}
    return client.post("/login", data=data, **kwargs)


def assert_throttled(response) -> None:
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) >= 1
    assert "Too many attempts" in response.get_data(as_text=True)


def test_wrong_passwords_for_one_username_are_throttled(throttled, people):
    client = throttled.test_client()
    for _ in range(10):
        response = attempt(client, "delegate")
        assert response.status_code == 200 and FAILED in response.get_data(as_text=True)
    assert_throttled(attempt(client, "delegate", PASSWORD))  # even the right password waits
    assert logged_in_as(client) is None
    assert_throttled(attempt(client, " DELEGATE "))  # the same username, however typed
    assert attempt(throttled.test_client(), "colleague", PASSWORD).status_code == 302


def test_unknown_usernames_are_throttled_the_same_way(throttled, people):
    client = throttled.test_client()
    for _ in range(10):
        assert FAILED in attempt(client, "nobody").get_data(as_text=True)
    assert_throttled(attempt(client, "nobody"))


def test_wrong_passwords_from_one_address_are_throttled(throttled, people):
    throttled.config["LOGIN_LIMIT_PER_ADDRESS"] = "5/hour"
    try:
        client = throttled.test_client()
        for n in range(5):
            assert attempt(client, f"guess{n}").status_code == 200
        assert_throttled(attempt(client, "delegate", PASSWORD))
        elsewhere = {"REMOTE_ADDR": "192.0.2.7"}
        assert attempt(client, "delegate", PASSWORD, environ_base=elsewhere).status_code == 302
    finally:
        throttled.config["LOGIN_LIMIT_PER_ADDRESS"] = "100/hour"


def test_successful_logins_do_not_count(throttled, people):
    for _ in range(15):
        client = throttled.test_client()
        assert attempt(client, "delegate", PASSWORD).status_code == 302


def test_password_changes_are_throttled(throttled, people):
    client = throttled.test_client()
    attempt(client, "delegate", PASSWORD)
    for _ in range(10):
        response = post_form(client, "/account/password", current="not it", new=NEW_PASSWORD,
                             confirm=NEW_PASSWORD)  # fmt: skip
        assert response.status_code == 200
    response = post_form(client, "/account/password", current=PASSWORD, new=NEW_PASSWORD,
                         confirm=NEW_PASSWORD)  # fmt: skip
    assert_throttled(response)


def test_client_address_comes_from_the_proxy_only_when_told_to_trust_it(throttled, other_app,
                                                                        people):  # fmt: skip
    throttled.config["LOGIN_LIMIT_PER_ADDRESS"] = "2/hour"
    proxied = other_app(TRUSTED_PROXIES=1, LOGIN_LIMIT_PER_ADDRESS="2/hour")
    try:
        for app, separate in ((proxied, True), (throttled, False)):
            limiter.init_app(app)
            limiter.reset()
            client = app.test_client()
            for n in range(2):
                headers = {"X-Forwarded-For": f"198.51.100.{n}"}
                attempt(client, f"guess{n}", headers=headers)
                attempt(client, f"again{n}", headers=headers)
            third = attempt(
                client, "delegate", PASSWORD, headers={"X-Forwarded-For": "203.0.113.9"}
            )
            assert third.status_code == (302 if separate else 429)
    finally:
        throttled.config["LOGIN_LIMIT_PER_ADDRESS"] = "100/hour"


def test_counters_can_live_in_redis(other_app, people):
    prefix = f"fr-test-{uuid.uuid4().hex}"
    app = other_app(RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/0", RATELIMIT_KEY_PREFIX=prefix)
    store = redis.Redis(host="127.0.0.1", port=6379, db=0)
    try:
        client = app.test_client()
        for _ in range(10):
            attempt(client, "delegate")
        assert store.keys(f"*{prefix}*"), "no counter was written to Redis"
        assert_throttled(attempt(client, "delegate", PASSWORD))
    finally:
        for key in store.keys(f"*{prefix}*"):
            store.delete(key)
