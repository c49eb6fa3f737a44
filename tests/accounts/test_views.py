"""Login, logout, passwords and the secretariat's pages for administrations and accounts."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from framework_review.accounts.models import Administration, Role, User
from framework_review.core.models import AuditEntry
from tests.conftest import PASSWORD, assert_secretariat_only, csrf_token

NEW_PASSWORD = "a brand new passphrase"
FAILED = "The username or password is not right, or the account is inactive."


def post_login(client, username, password=PASSWORD, **extra):
    data = {"username": username, "password": password, "csrf_token": csrf_token(client), **extra}
    return client.post("/login", data=data)


def logged_in_as(client) -> str | None:
    """The username shown in the page header, or None when the client is logged out."""
    response = client.get("/account/password")
    if response.status_code != 200:
        return None
    return response.get_data(as_text=True).split('site-user__name">', 1)[1].split("<", 1)[0].strip()


def audit_actions(db, object_type: str | None = None) -> list[str]:
    query = sa.select(AuditEntry.action).order_by(AuditEntry.id)
    if object_type:
        query = query.where(AuditEntry.object_type == object_type)
    return list(db.session.scalars(query))


# -- login and logout ----------------------------------------------------------------------
def test_login_page(client):
    html = client.get("/login").get_data(as_text=True)
    assert "<h1>Log in</h1>" in html
    assert 'name="csrf_token"' in html


def test_login_and_logout(client, people, db):
    response = post_login(client, "delegate")
    assert response.status_code == 302
    assert response.location == "/"
    assert logged_in_as(client) == "Delegate"
    assert "user.login" in audit_actions(db)
    assert db.session.get(User, people.delegate.id).last_login_at is not None

    response = client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 302
    assert response.location == "/login"
    assert "You have logged out." in client.get("/login").get_data(as_text=True)
    assert logged_in_as(client) is None


def test_username_is_not_case_sensitive(client, people):
    assert post_login(client, "  Delegate ").status_code == 302


def test_logout_needs_a_post(client, people, login):
    login(people.delegate)
    assert client.get("/logout").status_code == 405
    assert logged_in_as(client) == "Delegate"


def test_logged_in_user_visiting_login_goes_on(client, people, login):
    login(people.delegate)
    assert client.get("/login").location == "/"
    assert client.get("/login?next=/account/password").location == "/account/password"


def failed_login_page(client, username, password):
    response = post_login(client, username, password)
    assert response.status_code == 200
    assert logged_in_as(client) is None
    return response.get_data(as_text=True)


def test_failed_login_says_the_same_whatever_went_wrong(client, people, db):
    people.colleague.active = False
    db.session.commit()
    pages = {
        "unknown user": failed_login_page(client, "nobody", PASSWORD),
        "wrong password": failed_login_page(client, "delegate", "wrong password!"),
        "inactive account": failed_login_page(client, "colleague", PASSWORD),
    }
    for why, html in pages.items():
        assert FAILED in html, why
    # Apart from the CSRF token and the typed username the pages are identical.
    assert len({re.sub(r' value="[^"]*"', "", html) for html in pages.values()}) == 1
    assert "user.login" not in audit_actions(db)


def test_empty_login_form_is_refused(client, people):
    response = client.post("/login", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 200
    assert "This field is required." in response.get_data(as_text=True)


def test_deactivated_administration_cannot_log_in(client, people, db):
    people.fr.active = False
    db.session.commit()
    assert FAILED in failed_login_page(client, "delegate", PASSWORD)
    assert post_login(client, "other").status_code == 302  # KE is still active


# -- next= ---------------------------------------------------------------------------------
def test_anonymous_visitor_is_sent_to_login_and_back(client, people, version):
    response = client.get("/drafts/test-framework/draft-1/clauses/1.2(a)")
    assert response.status_code == 302
    target = urlsplit(response.location)
    assert target.path == "/login"
    wanted = parse_qs(target.query)["next"][0]
    assert wanted == "/drafts/test-framework/draft-1/clauses/1.2(a)"

    html = client.get(response.location).get_data(as_text=True)
    assert f'name="next" type="hidden" value="{wanted}"' in html
    assert post_login(client, "delegate", next=wanted).location == wanted


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "//evil.example/drafts",
        "https://evil.example",
        "http://evil.example/login",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "evil.example",
        "/drafts\r\nLocation: https://evil.example",
        "",
    ],
)
def test_unsafe_next_is_ignored(client, people, target):
    response = post_login(client, "delegate", next=target)
    assert response.status_code == 302
    assert response.location == "/"


def test_unsafe_next_is_not_put_in_the_login_form(client):
    html = client.get("/login?next=https://evil.example").get_data(as_text=True)
    assert "evil.example" not in html


def test_relative_next_with_query_is_followed(client, people):
    response = post_login(client, "delegate", next="/drafts/x/y/?page=2#c")
    assert response.location == "/drafts/x/y/?page=2#c"


# -- passwords -----------------------------------------------------------------------------
def test_passwords_are_hashed_with_scrypt(people, db):
    stored = db.session.scalar(sa.select(User.password_hash).where(User.username == "delegate"))
    assert stored.startswith("scrypt:")
    assert PASSWORD not in stored


def change_password(client, current, new, confirm=None):
    return client.post("/account/password", data={
        "current": current, "new": new, "confirm": new if confirm is None else confirm,
        "csrf_token": csrf_token(client, "/account/password"),
    })  # fmt: skip


def test_change_own_password(app, client, people, login, db):
    login(people.delegate)
    other_browser = app.test_client()
    assert post_login(other_browser, "delegate").status_code == 302
    assert logged_in_as(other_browser) == "Delegate"

    response = change_password(client, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302
    assert "Your password has been changed." in client.get("/").get_data(as_text=True)
    assert logged_in_as(client) == "Delegate"  # this session goes on
    assert logged_in_as(other_browser) is None  # the other one has ended
    assert "user.password" in audit_actions(db)

    login(None)
    assert FAILED in failed_login_page(client, "delegate", PASSWORD)
    assert post_login(client, "delegate", NEW_PASSWORD).status_code == 302


def test_change_password_needs_the_current_one(client, people, login, db):
    login(people.delegate)
    response = change_password(client, "not my password", NEW_PASSWORD)
    assert response.status_code == 200
    assert "The current password is not right." in response.get_data(as_text=True)
    assert db.session.get(User, people.delegate.id).check_password(PASSWORD)


@pytest.mark.parametrize(
    ("new", "confirm", "message"),
    [
        ("short", None, "The password must have 10 to 200 characters."),
        (NEW_PASSWORD, "something else entirely", "The passwords differ."),
        ("delegate-and-more", None, "must not contain the username"),
    ],
)
def test_change_password_validation(client, people, login, db, new, confirm, message):
    login(people.delegate)
    response = change_password(client, PASSWORD, new, confirm)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, people.delegate.id).check_password(PASSWORD)


def test_change_password_needs_login(client):
    response = client.get("/account/password")
    assert response.status_code == 302
    assert urlsplit(response.location).path == "/login"


# -- the secretariat's pages ---------------------------------------------------------------
def test_administrations_page_lists_members_and_observers(client, people, login):
    login(people.secretariat)
    html = client.get("/admin/administrations").get_data(as_text=True)
    for code in ("FR", "KE", "UPU"):
        assert f"<strong>{code}</strong>" in html
    assert "Observer" in html and "Member" in html


def post_form(client, path, **data):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, path)})


def test_create_administration(client, people, login, db):
    login(people.secretariat)
    response = post_form(client, "/admin/administrations", code="jp", name="Japan Customs")
    assert response.status_code == 302
    assert "Administration JP created." in client.get(response.location).get_data(as_text=True)
    japan = db.session.scalar(sa.select(Administration).where(Administration.code == "JP"))
    assert japan.name == "Japan Customs" and not japan.is_observer

    post_form(client, "/admin/administrations", code="OECD", name="OECD", observer="y")
    oecd = db.session.scalar(sa.select(Administration).where(Administration.code == "OECD"))
    assert oecd.is_observer
    entries = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "administration.create")
        .where(AuditEntry.actor_id == people.secretariat.id)
    ).all()  # fmt: skip
    assert {e.object_id for e in entries} == {japan.id, oecd.id}


@pytest.mark.parametrize(
    ("code", "name", "observer", "message"),
    [
        ("F", "France again", "", "The code must be an ISO 3166 alpha-2 code"),
        ("F-R", "Dash", "", "The code must be an ISO 3166 alpha-2 code"),
        ("FRA", "Three letters", "", "two-letter ISO 3166 code"),
        ("fr", "France again", "", "An administration with the code FR already exists."),
        ("JP", "", "", "This field is required."),
    ],
)
def test_create_administration_validation(client, people, login, db, code, name, observer, message):
    login(people.secretariat)
    before = db.session.scalar(sa.select(sa.func.count(Administration.id)))
    data = {"code": code, "name": name} | ({"observer": "y"} if observer else {})
    response = post_form(client, "/admin/administrations", **data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Administration.id))) == before


def test_deactivate_and_reactivate_administration(app, client, people, login, db):
    delegate_browser = app.test_client()
    assert post_login(delegate_browser, "delegate").status_code == 302
    login(people.secretariat)

    response = post_form(client, f"/admin/administrations/{people.fr.id}/active")
    assert response.status_code == 302
    assert "Administration FR deactivated." in client.get(response.location).get_data(as_text=True)
    db.session.expire_all()
    assert not db.session.get(Administration, people.fr.id).active
    # The delegates of FR can no longer log in, and their open sessions end.
    assert logged_in_as(delegate_browser) is None
    assert post_login(app.test_client(), "colleague").status_code == 200
    # New delegates cannot be attached to it.
    assert ">FR — France<" not in client.get("/admin/users").get_data(as_text=True)

    post_form(client, f"/admin/administrations/{people.fr.id}/active")
    db.session.expire_all()
    assert db.session.get(Administration, people.fr.id).active
    assert post_login(app.test_client(), "colleague").status_code == 302
    assert logged_in_as(delegate_browser) is None  # sessions from before do not come back
    assert audit_actions(db, "administration")[-2:] == [
        "administration.deactivate", "administration.activate",
    ]  # fmt: skip


def test_users_page_lists_accounts(client, people, login):
    login(people.secretariat)
    html = client.get("/admin/users").get_data(as_text=True)
    for name in ("delegate", "colleague", "other", "observer", "chair", "secretariat"):
        assert f"<strong>{name}</strong>" in html
    assert "Working group chair" in html
    # The secretariat cannot deactivate itself from the list.
    assert f"/admin/users/{people.secretariat.id}/active" not in html
    assert f"/admin/users/{people.chair.id}/active" in html


def test_create_user(client, people, login, db):
    login(people.secretariat)
    response = post_form(client, "/admin/users", username="delegate.jp2", display_name="Kenji",
                         email="k@example.org", role="delegate", administration="KE",
                         password=NEW_PASSWORD)  # fmt: skip
    assert response.status_code == 302
    assert "Account delegate.jp2 created." in client.get(response.location).get_data(as_text=True)
    user = db.session.scalar(sa.select(User).where(User.username == "delegate.jp2"))
    assert (user.role, user.administration.code, user.display_name) == (
        Role.DELEGATE,
        "KE",
        "Kenji",
    )
    assert user.password_hash.startswith("scrypt:")
    login(None)
    assert post_login(client, "delegate.jp2", NEW_PASSWORD).status_code == 302


def test_create_chair_ignores_an_administration(client, people, login, db):
    login(people.secretariat)
    post_form(client, "/admin/users", username="chair2", role="chair", administration="FR",
              password=NEW_PASSWORD)  # fmt: skip
    user = db.session.scalar(sa.select(User).where(User.username == "chair2"))
    assert user.role is Role.CHAIR and user.administration is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"username": "Bad Name!"}, "The username must be 2 to 80 lower-case letters"),
        ({"username": "delegate"}, "The username delegate is taken."),
        ({"administration": ""}, "A delegate must belong to an administration."),
        ({"password": "short"}, "The password must have 10 to 200 characters."),
        ({"password": "newperson-pw"}, "must not contain the username"),
        ({"role": "king"}, "Not a valid choice"),
    ],
)
def test_create_user_validation(client, people, login, db, fields, message):
    login(people.secretariat)
    before = db.session.scalar(sa.select(sa.func.count(User.id)))
    data = {"username": "newperson", "role": "delegate", "administration": "FR",
            "password": NEW_PASSWORD} | fields  # fmt: skip
    response = post_form(client, "/admin/users", **data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == before


def test_deactivate_user_ends_their_sessions(app, client, people, login, db):
    other_browser = app.test_client()
    post_login(other_browser, "other")
    assert logged_in_as(other_browser) == "Other"
    login(people.secretariat)

    response = post_form(client, f"/admin/users/{people.other.id}/active")
    assert "Account other deactivated." in client.get(response.location).get_data(as_text=True)
    assert logged_in_as(other_browser) is None
    assert FAILED in failed_login_page(app.test_client(), "other", PASSWORD)

    post_form(client, f"/admin/users/{people.other.id}/active")
    assert post_login(app.test_client(), "other").status_code == 302
    assert [a for a in audit_actions(db, "user") if a.endswith("activate")] == [
        "user.deactivate", "user.activate",
    ]  # fmt: skip


def test_secretariat_cannot_deactivate_itself(client, people, login, db):
    login(people.secretariat)
    response = post_form(client, f"/admin/users/{people.secretariat.id}/active")
    assert "You cannot deactivate your own account." in client.get(response.location).get_data(
        as_text=True
    )
    db.session.expire_all()
    assert db.session.get(User, people.secretariat.id).active


def test_reset_password_ends_the_users_sessions(app, client, people, login, db):
    chair_browser = app.test_client()
    post_login(chair_browser, "chair")
    assert logged_in_as(chair_browser) == "Chair"
    login(people.secretariat)

    page = client.get(f"/admin/users/{people.chair.id}/password").get_data(as_text=True)
    assert "Reset the password of Chair (chair)" in page
    response = post_form(client, f"/admin/users/{people.chair.id}/password", new=NEW_PASSWORD)
    assert response.status_code == 302
    assert "The password of chair has been reset." in client.get(response.location).get_data(
        as_text=True
    )
    assert logged_in_as(chair_browser) is None
    assert post_login(app.test_client(), "chair", PASSWORD).status_code == 200
    assert post_login(app.test_client(), "chair", NEW_PASSWORD).status_code == 302
    entry = db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "user.reset_password")
    )
    assert (entry.actor_id, entry.object_id) == (people.secretariat.id, people.chair.id)


def test_reset_password_validation(client, people, login, db):
    login(people.secretariat)
    response = post_form(client, f"/admin/users/{people.chair.id}/password", new="chair-12345")
    assert response.status_code == 200
    assert "must not contain the username" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, people.chair.id).check_password(PASSWORD)


def test_unknown_user_or_administration_is_404(client, people, login):
    login(people.secretariat)
    assert client.get("/admin/users/9999/password").status_code == 404
    assert post_form(client, "/admin/users/9999/active").status_code == 404
    assert post_form(client, "/admin/administrations/9999/active").status_code == 404


# -- who may use the secretariat's pages ---------------------------------------------------
ROLES = ["anonymous", "delegate", "observer", "chair", "secretariat"]


def admin_pages(people) -> list[str]:
    return [
        "/admin/administrations",
        "/admin/users",
        f"/admin/users/{people.delegate.id}/password",
    ]


def admin_posts(people) -> list[tuple[str, dict]]:
    return [
        ("/admin/administrations", {"code": "JP", "name": "Japan"}),
        (f"/admin/administrations/{people.ke.id}/active", {}),
        ("/admin/users", {"username": "intruder", "role": "secretariat", "password": NEW_PASSWORD}),
        (f"/admin/users/{people.other.id}/active", {}),
        (f"/admin/users/{people.other.id}/password", {"new": NEW_PASSWORD}),
    ]


def state(db) -> tuple:
    """What the admin POSTs could change."""
    db.session.expire_all()
    return (
        tuple(db.session.execute(sa.select(Administration.code, Administration.active)).all()),
        tuple(db.session.execute(
            sa.select(User.username, User.active, User.password_hash, User.session_version)
        ).all()),
    )  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_admin_pages_access(client, people, login, role):
    login(people.by_role(role))
    for path in admin_pages(people):
        response = client.get(path)
        assert_secretariat_only(response, path, role)


@pytest.mark.parametrize("role", ROLES)
def test_admin_posts_access(client, people, login, db, role):
    login(people.by_role(role))
    token = csrf_token(client, "/login" if role == "anonymous" else "/account/password")
    before = state(db)
    for path, data in admin_posts(people):
        response = client.post(path, data={**data, "csrf_token": token})
        if role == "anonymous":
            assert response.status_code == 302, path
            assert urlsplit(response.location).path == "/login"
        elif role == "secretariat":
            assert response.status_code == 302, (path, response.get_data(as_text=True))
        else:
            assert response.status_code == 403, path
    if role == "secretariat":
        assert state(db) != before
    else:
        assert state(db) == before
