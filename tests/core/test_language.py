"""Which language a page is in: the saved preference, else the header's switch, else the
browser's Accept-Language, else English; the API answers in the language of Accept-Language."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from framework_review.accounts.models import User
from framework_review.core.models import AuditEntry
from framework_review.extensions import db
from tests.conftest import csrf_token

FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}


def lang(html: str) -> str:
    return re.search(r'<html lang="([a-z]+)">', html).group(1)


def switch(client, language: str, next_url: str = "/login"):
    return client.post("/language", data={"language": language, "next": next_url,
                                          "csrf_token": csrf_token(client, "/login")})  # fmt: skip


def set_preference(user: User, language: str | None) -> None:
    db.session.get(User, user.id).language = language
    db.session.commit()


def test_english_by_default(client):
    html = client.get("/login").get_data(as_text=True)
    assert lang(html) == "en" and "<h1>Log in</h1>" in html
    assert "Accept-Language" in client.get("/login").headers["Vary"]


@pytest.mark.parametrize(
    ("header", "expected"),
    [("fr-CA, en;q=0.8", "fr"), ("en-GB,fr;q=0.5", "en"), ("de-DE, fr;q=0.3", "fr"),
     ("de-DE", "en"), ("*", "en")],
)  # fmt: skip
def test_anonymous_pages_follow_accept_language(client, header, expected):
    html = client.get("/login", headers={"Accept-Language": header}).get_data(as_text=True)
    assert lang(html) == expected
    assert ("<h1>Se connecter</h1>" in html) == (expected == "fr")


def test_error_pages_follow_the_browser_too(client):
    response = client.get("/no-such-page", headers=FRENCH)
    html = response.get_data(as_text=True)
    assert response.status_code == 404 and lang(html) == "fr"
    assert "Il n’y a pas de page à cette adresse." in html and "Erreur 404" in html


def test_the_switch_beats_accept_language_without_javascript(client):
    response = switch(client, "en", "/login?next=/drafts/")
    assert response.status_code == 302 and response.location == "/login?next=/drafts/"
    assert lang(client.get("/login", headers=FRENCH).get_data(as_text=True)) == "en"
    switch(client, "fr")
    html = client.get("/login").get_data(as_text=True)
    assert lang(html) == "fr"
    # The switch offers the other language, named in itself, as a plain form button.
    assert re.search(r'<button type="submit" form="language-switch"[^>]*value="en" lang="en">'
                     r"English</button>", html)  # fmt: skip
    assert '<form method="post" action="/language" id="language-switch"' in html


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/\\evil"])
def test_the_switch_returns_only_to_this_site(client, target):
    response = switch(client, "fr", target)
    assert response.status_code == 302 and response.location == "/"


def test_the_switch_refuses_other_languages_and_forged_forms(client):
    assert switch(client, "de").status_code == 400
    forged = client.post("/language", data={"language": "fr", "next": "/login"})
    assert forged.status_code == 400
    assert lang(client.get("/login").get_data(as_text=True)) == "en"


def test_the_switch_survives_logging_in_and_out(client, login, people):
    switch(client, "fr")
    login(people.delegate)
    assert lang(client.get("/notifications").get_data(as_text=True)) == "fr"
    login(None)
    html = client.get("/login").get_data(as_text=True)
    assert lang(html) == "fr" and "Vous êtes déconnecté." in html


def test_the_saved_preference_beats_the_switch_and_the_browser(client, login, people):
    set_preference(people.delegate, "en")
    switch(client, "fr")  # before logging in: kept in the session
    login(people.delegate)
    html = client.get("/notifications", headers=FRENCH).get_data(as_text=True)
    assert lang(html) == "en" and "<h1>Notifications</h1>" in html


def test_without_preference_the_switch_then_the_browser_decide(client, login, people):
    login(people.delegate)
    assert lang(client.get("/notifications", headers=FRENCH).get_data(as_text=True)) == "fr"
    switch(client, "en", "/notifications")
    assert lang(client.get("/notifications", headers=FRENCH).get_data(as_text=True)) == "en"
    assert db.session.get(User, people.delegate.id).language is None  # automatic still


def test_the_switch_changes_a_saved_preference(client, login, people):
    set_preference(people.delegate, "en")
    login(people.delegate)
    switch(client, "fr", "/notifications")
    db.session.expire_all()
    assert db.session.get(User, people.delegate.id).language == "fr"
    assert lang(client.get("/notifications").get_data(as_text=True)) == "fr"


def test_the_settings_page_saves_language_and_zone(client, login, people):
    login(people.delegate)
    html = client.get("/account/password").get_data(as_text=True)
    assert '<option selected value="">Automatic' in html
    assert '<option value="Europe/Paris">Europe/Paris</option>' in html
    response = client.post("/account/settings", data={
        "language": "fr", "timezone": "Europe/Paris", "email_notifications": "y",
        "csrf_token": csrf_token(client, "/account/password")})  # fmt: skip
    assert response.status_code == 302
    user = db.session.get(User, people.delegate.id)
    db.session.refresh(user)
    assert (user.language, user.timezone) == ("fr", "Europe/Paris")
    html = client.get(response.location).get_data(as_text=True)
    assert (
        "Paramètres enregistrés\u202f: vous recevez aussi vos notifications par courriel." in html
    )
    actions = db.session.scalars(sa.select(AuditEntry.action)).all()
    assert "user.language" in actions and "user.timezone" in actions


@pytest.mark.parametrize(("field", "value"), [("timezone", "Mars/Olympus"), ("language", "de")])
def test_the_settings_refuse_unknown_values_and_change_nothing(client, login, people, field,
                                                               value):  # fmt: skip
    login(people.delegate)
    data = {"language": "", "timezone": "UTC", field: value,
            "csrf_token": csrf_token(client, "/account/password")}  # fmt: skip
    response = client.post("/account/settings", data=data)
    assert response.status_code == 422
    user = db.session.get(User, people.delegate.id)
    db.session.refresh(user)
    assert (user.language, user.timezone) == (None, None)


# -- the API ---------------------------------------------------------------------------------
def test_api_messages_follow_accept_language(client):
    response = client.get("/api/v1/drafts", headers=FRENCH)
    assert response.status_code == 401
    assert response.get_json()["error"]["message"] == (
        "Envoyez un jeton d’API valide sous la forme «\u202fAuthorization: Bearer <jeton>\u202f»."
    )
    english = client.get("/api/v1/drafts").get_json()["error"]["message"]
    assert english == "Send a valid API token as “Authorization: Bearer <token>”."


def test_api_refusals_in_french(client, people, version):
    from framework_review.accounts import services as accounts

    token = accounts.create_token(people.delegate, "test")
    db.session.commit()
    headers = {**FRENCH, "Authorization": f"Bearer {token}"}
    missing = client.get("/api/v1/comments/999999", headers=headers)
    assert missing.status_code == 404
    assert missing.get_json()["error"] == {
        "code": "not_found", "message": "Il n’y a pas de commentaire 999999."}  # fmt: skip
    unknown = client.get("/api/v1/notifications?colour=red", headers=headers)
    assert unknown.status_code == 422
    assert unknown.get_json()["error"]["message"].startswith(
        "Paramètre de requête inconnu «\u202fcolour\u202f»"
    )
    # The API ignores the user's saved preference: a program says what it wants each time.
    set_preference(people.delegate, "fr")
    plain = client.get("/api/v1/comments/999999", headers={"Authorization": f"Bearer {token}"})
    assert plain.get_json()["error"]["message"] == "There is no comment 999999."
