"""API fixtures: tokens per user, and a client whose every response is checked against the
OpenAPI document the API serves (status documented, body valid, documented headers present).

Each call runs in its own application context, as in production: the request gets its own
database session and its own `g`, so nothing the test loaded leaks into it. The test's session
is committed before each call (the request must see the test's rows) and after it (the test
then reads what the request wrote).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from framework_review.accounts.models import User
from framework_review.accounts.services import create_token
from framework_review.extensions import db as _db
from tests.api.contract import world  # noqa: F401 - the contract tests' fixture
from tests.api.helpers import MISSING, PREFIX, Document
from tests.reports.round import round_  # noqa: F401 - the report tests' round


@pytest.fixture(scope="session")
def document(app) -> Document:
    """The document as served at /api/v1/openapi.json (fetched without a token)."""
    with app.app_context():
        response = app.test_client().get(f"{PREFIX}/openapi.json")
    assert response.status_code == 200
    return Document(app, response.get_json())


@pytest.fixture
def token_for(db):
    """token_for(user) makes (once per user and test) an API token and commits it."""
    made: dict[int, str] = {}

    def make(user: User) -> str:
        if user.id not in made:
            made[user.id] = create_token(user)
            db.session.commit()
        return made[user.id]

    return make


@dataclass
class Api:
    """Calls /api/v1 as a user (or with a raw token, or none) and checks every answer."""

    app: Any
    client: Any
    document: Document
    token_for: Any

    def call(self, method: str, path: str, user: User | None = None, *, token: str | None = None,
             json: Any = MISSING, data: Any = None, headers: dict | None = None):  # fmt: skip
        url = path if path.startswith("/api/") else PREFIX + path
        headers = dict(headers or {})
        if user is not None:
            token = self.token_for(user)
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        kwargs: dict[str, Any] = {"headers": headers}
        if json is not MISSING:
            kwargs["json"] = json
        elif data is not None:
            kwargs["data"] = data
        _db.session.commit()
        with self.app.app_context():
            response = self.client.open(url, method=method, **kwargs)
        _db.session.commit()
        self.document.check(method, url, response, json)
        return response

    def get(self, path, user=None, **kw):
        return self.call("GET", path, user, **kw)

    def post(self, path, user=None, **kw):
        return self.call("POST", path, user, **kw)

    def patch(self, path, user=None, **kw):
        return self.call("PATCH", path, user, **kw)

    def delete(self, path, user=None, **kw):
        return self.call("DELETE", path, user, **kw)


@pytest.fixture
def api(app, client, document, token_for) -> Api:
    return Api(app, client, document, token_for)
