"""The API answers in JSON whatever goes wrong, never with an HTML page."""

from __future__ import annotations

import sqlalchemy as sa

from framework_review.accounts.models import ApiToken
from framework_review.extensions import db
from tests.api.helpers import pointer
from tests.conftest import clause_of


def test_unknown_addresses_answer_in_json(api, people, token_for):
    for path in ("/api/v1/nothing", "/api/v1/comments/abc", "/api/v1/comments/1/secret",
                 "/api/v2/drafts"):  # fmt: skip
        for token in (None, token_for(people.delegate)):
            response = api.get(path, token=token)
            assert response.status_code == 404, path
            assert response.json["error"]["code"] == "not_found"


def test_wrong_method_answers_in_json_with_allow(api, people):
    response = api.call("PUT", "/comments/1", people.delegate, json={})
    assert response.status_code == 405
    assert response.json["error"]["code"] == "method_not_allowed"
    assert {"GET", "PATCH"} <= {m.strip() for m in response.headers["Allow"].split(",")}
    assert api.delete("/drafts").status_code == 405


def test_deeply_nested_json_is_400(api, version, people):
    clause = clause_of(version, "1.1")
    response = api.post(f"/clauses/{clause.id}/comments", people.delegate,
                        data="[" * 200_000, headers={"Content-Type": "application/json"})  # fmt: skip
    assert (response.status_code, response.json["error"]["code"]) == (400, "bad_request")


def test_unexpected_failure_is_a_json_500_and_writes_nothing(
    app, client, document, version, people, token_for, monkeypatch
):
    from framework_review.api import serializers

    def broken(draft):
        raise RuntimeError("boom")

    token = token_for(people.delegate)
    monkeypatch.setattr(serializers, "draft_json", broken)
    with app.app_context():
        response = client.get("/api/v1/drafts", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 500
    assert response.mimetype == "application/json"
    assert response.json["error"]["code"] == "server_error"
    assert "boom" not in response.get_data(as_text=True)
    document.validate(response.json, pointer("components", "schemas", "Error"))
    db.session.rollback()
    # the failed request was rolled back: not even the token's last use was saved
    assert db.session.scalar(sa.select(ApiToken.last_used_at)) is None


def test_api_answers_are_never_stored(api, people):
    assert "no-store" in api.get("/drafts", people.delegate).headers["Cache-Control"]
    assert "no-store" in api.get("/drafts").headers["Cache-Control"]  # the 401 too


def test_unknown_query_parameters_are_refused(api, version, people):
    """A misspelt filter must not silently give the unfiltered list."""
    response = api.get(f"/versions/{version.id}/review?adminstration=FR", people.chair)
    assert response.status_code == 422
    assert response.json["error"]["field"] == "adminstration"
    assert "administration" in response.json["error"]["message"]
    assert (
        api.get(f"/versions/{version.id}/review?administration=FR", people.chair).status_code == 200
    )
