"""Who the API thinks the caller is: bearer tokens only, never the browser session."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from framework_review.accounts import services as accounts
from framework_review.accounts.models import ApiToken
from framework_review.api.openapi import OPENAPI
from framework_review.core.time import utcnow
from framework_review.extensions import db
from tests.conftest import clause_of


def _refused(response) -> None:
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_no_token(api, version):
    _refused(api.get("/drafts"))


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer ", "Bearer frt_not-a-real-token", "Basic ZGVsZWdhdGU6eA==", "{token}",
     "Token {token}", "Bearer {token}x"],
)  # fmt: skip
def test_malformed_or_unknown_tokens(api, people, token_for, header):
    token = token_for(people.delegate)
    _refused(api.get("/drafts", headers={"Authorization": header.format(token=token)}))


def test_scheme_is_case_insensitive(api, people, token_for):
    token = token_for(people.delegate)
    assert api.get("/drafts", headers={"Authorization": f"bearer {token}"}).status_code == 200


def test_revoked_token(api, people, token_for):
    token = token_for(people.delegate)
    assert api.get("/drafts", token=token).status_code == 200
    row = db.session.scalar(sa.select(ApiToken).where(ApiToken.user_id == people.delegate.id))
    row.revoked_at = utcnow()
    _refused(api.get("/drafts", token=token))


def test_inactive_user_and_inactive_administration(api, people, token_for):
    token = token_for(people.delegate)
    other = token_for(people.other)
    accounts.set_user_active(people.delegate, False, people.secretariat)
    _refused(api.get("/drafts", token=token))
    accounts.set_administration_active(people.ke, False, people.secretariat)
    _refused(api.get("/drafts", token=other))


def test_use_is_recorded(api, people, token_for):
    token = token_for(people.chair)
    assert db.session.scalar(sa.select(ApiToken.last_used_at)) is None
    api.get("/drafts", token=token)
    assert db.session.scalar(sa.select(ApiToken.last_used_at)) is not None


def test_session_cookie_alone_does_not_authenticate(api, client, version, people, login):
    login(people.delegate)
    assert client.get("/").status_code == 200  # the browser session works for pages
    clause = clause_of(version, "1.1")
    _refused(api.get("/drafts"))
    _refused(api.post(f"/clauses/{clause.id}/comments", json={"type": "te", "body": "Hi."}))


def test_token_wins_over_session_and_needs_no_csrf(api, client, version, people, login):
    login(people.chair)
    clause = clause_of(version, "1.1")
    response = api.post(f"/clauses/{clause.id}/comments", people.other,
                        json={"type": "te", "body": "From a script."})  # fmt: skip
    assert response.status_code == 201
    assert (response.json["author"], response.json["administration"]) == ("Other", "KE")


def test_api_sets_no_cookie(api, version, people):
    response = api.get("/drafts", people.delegate)
    assert "Set-Cookie" not in response.headers
    assert "Set-Cookie" not in api.get("/drafts").headers


def test_openapi_document_is_public(api, client):
    response = api.get("/openapi.json")
    assert response.status_code == 200
    assert response.json == OPENAPI
    assert response.json["paths"]["/openapi.json"]["get"]["security"] == []
