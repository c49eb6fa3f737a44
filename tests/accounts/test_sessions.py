"""Logging out ends the session on the server: a cookie captured before logout is worth nothing
after it, and neither is the "keep me logged in" cookie, on this device or any other."""

from __future__ import annotations

import sqlalchemy as sa

from framework_review.core.models import AuditEntry
from tests.accounts.test_views import logged_in_as, post_login
from tests.conftest import csrf_token


def _cookie(client, name: str) -> str:
    cookie = client.get_cookie(name)
    assert cookie is not None, f"no {name} cookie"
    return cookie.value


def _log_out(client):
    response = client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 302


def test_a_session_cookie_captured_before_logout_is_refused_after_it(app, client, people, db):
    assert post_login(client, "delegate").status_code == 302
    captured = _cookie(client, "session")
    _log_out(client)
    assert logged_in_as(client) is None

    attacker = app.test_client()
    attacker.set_cookie("session", captured)
    assert logged_in_as(attacker) is None
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "user.logout"))
    assert (entry.actor_id, entry.object_id) == (people.delegate.id, people.delegate.id)


def test_the_remember_cookie_alone_no_longer_logs_in_after_logout(app, client, people):
    assert post_login(client, "delegate", remember="y").status_code == 302
    remember = _cookie(client, "remember_token")
    fresh = app.test_client()
    fresh.set_cookie("remember_token", remember)
    assert logged_in_as(fresh) == "Delegate"  # the cookie works before logout...

    _log_out(client)
    replay = app.test_client()
    replay.set_cookie("remember_token", remember)
    assert logged_in_as(replay) is None  # ...and not after it


def test_logout_ends_the_users_sessions_on_every_device(app, client, people, db):
    laptop, phone = app.test_client(), app.test_client()
    post_login(laptop, "delegate")
    post_login(phone, "delegate")
    _log_out(laptop)
    assert logged_in_as(phone) is None
    assert post_login(phone, "delegate").status_code == 302  # logging in again works
    assert logged_in_as(phone) == "Delegate"
    assert logged_in_as(laptop) is None


def test_the_session_is_emptied_at_logout(client, people):
    post_login(client, "delegate")
    with client.session_transaction() as session:
        session["draft"] = "kept between pages"
    _log_out(client)
    with client.session_transaction() as session:
        assert "draft" not in session and "_user_id" not in session
