"""API tokens end when asked: revoked by their owner on the "API tokens" page, by the
secretariat for anyone, by `flask revoke-token`, and with a password reset."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from framework_review.accounts import services
from framework_review.accounts.models import ApiToken
from framework_review.core.models import AuditEntry
from tests.accounts.test_views import NEW_PASSWORD, post_form
from tests.conftest import PASSWORD, assert_secretariat_only, csrf_token


def make_token(db, user, name: str = "") -> str:
    token = services.create_token(user, name)
    db.session.commit()
    return token


def api_status(client, token: str) -> int:
    return client.get("/api/v1/drafts", headers={"Authorization": f"Bearer {token}"}).status_code


def active_names(db, user) -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(
        sa.select(ApiToken.name)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .order_by(ApiToken.id)
    ))  # fmt: skip


# -- the services --------------------------------------------------------------------------
def test_a_revoked_token_no_longer_opens_the_api(app, db, people):
    token = make_token(db, people.delegate, "laptop")
    assert api_status(app.test_client(), token) == 200
    row = db.session.scalar(sa.select(ApiToken))
    services.revoke_token(row, actor=people.delegate)
    db.session.commit()
    assert row.revoked_at is not None
    assert api_status(app.test_client(), token) == 401
    assert db.session.scalar(sa.select(AuditEntry.action).order_by(AuditEntry.id.desc())) == (
        "token.revoke"
    )


def test_revoke_tokens_by_name_or_all(db, people):
    for name in ("laptop", "script", "laptop"):
        make_token(db, people.delegate, name)
    make_token(db, people.other, "laptop")
    assert services.revoke_tokens(people.delegate, actor=None, name="laptop") == 2
    assert active_names(db, people.delegate) == ["script"]
    assert services.revoke_tokens(people.delegate, actor=None) == 1
    assert active_names(db, people.delegate) == []
    assert active_names(db, people.other) == ["laptop"]


def test_a_password_reset_by_the_secretariat_revokes_the_users_tokens(app, db, people):
    token = make_token(db, people.chair)
    services.reset_password(people.chair, NEW_PASSWORD, actor=people.secretariat)
    db.session.commit()
    assert api_status(app.test_client(), token) == 401


@pytest.mark.parametrize("revoke", [True, False])
def test_a_password_change_revokes_tokens_when_asked(app, client, login, db, people, revoke):
    token = make_token(db, people.delegate)
    login(people.delegate)
    data = {"current": PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    if revoke:
        data["revoke_tokens"] = "y"
    page = client.get("/account/password").get_data(as_text=True)
    assert "Also revoke my API tokens" in page
    assert post_form(client, "/account/password", **data).status_code == 302
    assert api_status(app.test_client(), token) == (401 if revoke else 200)


# -- the command line ----------------------------------------------------------------------
@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(args=list(args))


def test_revoke_token_command(cli, db, people):
    make_token(db, people.delegate, "laptop")
    make_token(db, people.delegate, "script")
    result = cli("revoke-token", "delegate", "--name", "laptop")
    assert (result.exit_code, result.output) == (0, "Revoked 1 API token of delegate.\n")
    assert active_names(db, people.delegate) == ["script"]
    result = cli("revoke-token", "Delegate")
    assert (result.exit_code, result.output) == (0, "Revoked 1 API token of delegate.\n")
    result = cli("revoke-token", "delegate")
    assert (result.exit_code, result.output) == (0, "delegate has no API token to revoke.\n")
    result = cli("revoke-token", "nobody")
    assert result.exit_code == 1 and "No user nobody." in result.output


# -- the page for everyone -----------------------------------------------------------------
TOKEN_IN_PAGE = re.compile(r"frt_[A-Za-z0-9_-]{20,}")


@pytest.mark.parametrize("role", ["delegate", "observer", "chair", "secretariat"])
def test_everyone_manages_their_own_tokens(app, client, login, db, people, role):
    user = people.by_role(role)
    login(user)
    page = client.get("/account/tokens")
    assert page.status_code == 200
    created = post_form(client, "/account/tokens", name="Reporting script")
    assert created.status_code == 200
    html = created.get_data(as_text=True)
    (token,) = set(TOKEN_IN_PAGE.findall(html))
    assert "copy it now" in html.lower()
    assert api_status(app.test_client(), token) == 200
    listed = client.get("/account/tokens").get_data(as_text=True)
    assert "Reporting script" in listed and token[:10] in listed
    assert token not in listed  # shown once, never again

    row = db.session.scalar(sa.select(ApiToken).where(ApiToken.user_id == user.id))
    revoked = post_form(client, f"/account/tokens/{row.id}/revoke")
    assert revoked.status_code == 302
    assert api_status(app.test_client(), token) == 401
    assert "<td>Reporting script</td>" not in client.get("/account/tokens").get_data(as_text=True)


def test_the_token_page_needs_a_login(client):
    response = client.get("/account/tokens")
    assert response.status_code == 302 and response.location.startswith("/login")


def test_nobody_revokes_someone_elses_token_from_their_own_page(app, client, login, db, people):
    token = make_token(db, people.other, "theirs")
    row = db.session.scalar(sa.select(ApiToken))
    for user in (people.delegate, people.secretariat):
        login(user)
        assert post_form(client, f"/account/tokens/{row.id}/revoke").status_code == 404
        assert "theirs" not in client.get("/account/tokens").get_data(as_text=True)
    assert api_status(app.test_client(), token) == 200


def test_a_token_needs_a_name(client, login, db, people):
    login(people.delegate)
    response = post_form(client, "/account/tokens", name="  ")
    assert response.status_code == 422
    assert "Name the token" in response.get_data(as_text=True)
    assert active_names(db, people.delegate) == []


# -- the secretariat's page for any account ------------------------------------------------
def test_the_secretariat_revokes_anyones_tokens(app, client, login, db, people):
    laptop = make_token(db, people.other, "laptop")
    script = make_token(db, people.other, "script")
    login(people.secretariat)
    users = client.get("/admin/users").get_data(as_text=True)
    assert f"/admin/users/{people.other.id}/tokens" in users
    page = client.get(f"/admin/users/{people.other.id}/tokens").get_data(as_text=True)
    assert "laptop" in page and "script" in page
    row = db.session.scalar(sa.select(ApiToken).where(ApiToken.name == "laptop"))
    response = post_form(client, f"/admin/users/{people.other.id}/tokens/{row.id}/revoke")
    assert response.status_code == 302
    assert (api_status(app.test_client(), laptop), api_status(app.test_client(), script)) == (
        401, 200,
    )  # fmt: skip
    response = post_form(client, f"/admin/users/{people.other.id}/tokens/revoke")
    assert response.status_code == 302
    assert api_status(app.test_client(), script) == 401
    entry = db.session.scalar(sa.select(AuditEntry).order_by(AuditEntry.id.desc()))
    assert (entry.action, entry.actor_id) == ("token.revoke", people.secretariat.id)


@pytest.mark.parametrize("role", ["anonymous", "delegate", "observer", "chair", "secretariat"])
def test_only_the_secretariat_sees_and_revokes_others_tokens(app, client, login, db, people,
                                                              role):  # fmt: skip
    token = make_token(db, people.other, "laptop")
    row = db.session.scalar(sa.select(ApiToken))
    login(people.by_role(role))
    path = f"/admin/users/{people.other.id}/tokens"
    assert_secretariat_only(client.get(path), path, role)
    form_token = csrf_token(client, "/login" if role == "anonymous" else "/account/password")
    for action in (f"{path}/{row.id}/revoke", f"{path}/revoke"):
        response = client.post(action, data={"csrf_token": form_token})
        expected = {"anonymous": 302, "secretariat": 302}.get(role, 403)
        assert response.status_code == expected, action
    assert api_status(app.test_client(), token) == (401 if role == "secretariat" else 200)


def test_a_token_of_another_user_is_not_revoked_through_the_wrong_account(client, login, db,
                                                                          people):  # fmt: skip
    make_token(db, people.other, "laptop")
    row = db.session.scalar(sa.select(ApiToken))
    login(people.secretariat)
    path = f"/admin/users/{people.delegate.id}/tokens/{row.id}/revoke"
    assert post_form(client, path).status_code == 404
    assert active_names(db, people.other) == ["laptop"]
