"""schemathesis against the API as a delegate and as the secretariat: generated requests,
valid and invalid, never get a 5xx and every answer conforms to the OpenAPI document.

A bounded number of examples per operation keeps the run within CI's time (about a minute);
the seed is random, so successive runs explore different inputs.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from framework_review.accounts.services import create_token
from framework_review.api.openapi import OPENAPI
from framework_review.extensions import db

# Checks that do not fit this API, and why:
EXCLUDED = [
    # Data valid by the schema is still refused by the rules (a closed period: 409; the chair
    # writing a comment: 403; an id that does not exist: 404). The rules are tested elsewhere.
    checks.positive_data_acceptance,
    # Timing is not a conformance property; the performance tests cover it.
    checks.max_response_time,
]
EXAMPLES = 25


@pytest.fixture
def bearers(world) -> dict[str, dict[str, str]]:
    """Authorization headers of a delegate and of the secretariat, in the contract world."""
    headers = {}
    for role in ("delegate", "secretariat"):
        headers[role] = {"Authorization": f"Bearer {create_token(world.people.by_role(role))}"}
    db.session.commit()
    return headers


class _App:
    """The WSGI target of the generated requests: the suite's app, set when a test starts."""

    app = None

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)


TARGET = _App()
# The document the API serves (tests/api/test_openapi.py checks it is this one).
schema = schemathesis.openapi.from_dict(OPENAPI)
schema.app = TARGET
schema.config.update(base_url="http://localhost/api/v1")
BOUNDED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much,
    ],
)  # fmt: skip


def _call_and_check(app, case, bearer: dict[str, str]) -> None:
    TARGET.app = app
    db.session.commit()
    with app.app_context():  # each request in its own context, as in production
        response = case.call(headers=bearer)
        case.validate_response(response, excluded_checks=EXCLUDED, headers=bearer)
    db.session.rollback()


@schema.parametrize()
@BOUNDED
def test_as_a_delegate(app, case, bearers):
    _call_and_check(app, case, bearers["delegate"])


@schema.parametrize()
@BOUNDED
def test_as_the_secretariat(app, case, bearers):
    _call_and_check(app, case, bearers["secretariat"])
