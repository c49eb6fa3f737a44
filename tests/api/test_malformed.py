"""Malformed API input gets a 4xx naming the problem, never a 500 (see also tests/core/test_input.py)."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from framework_review.comments.models import Comment
from framework_review.extensions import db
from tests.conftest import clause_of

HUGE_IDS = ["2147483648", "9223372036854775808", "99999999999999999999999999"]


def count_comments() -> int:
    return db.session.scalar(sa.select(sa.func.count(Comment.id)))


@pytest.mark.parametrize("number", HUGE_IDS)
def test_ids_beyond_the_column_range_are_not_found(api, version, people, number):
    response = api.get(f"/comments/{number}", people.delegate)
    assert (response.status_code, response.json["error"]["code"]) == (404, "not_found")
    assert api.post(f"/clauses/{number}/comments", people.delegate,
                    json={"type": "te", "body": "x"}).status_code == 404  # fmt: skip


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"type": "te", "body": "before\x00after"}, "body"),
        ({"type": "te", "body": "fine", "locator": "\x00"}, "locator"),
        ({"type": "te", "body": "fine", "proposal": {"kind": "text", "text": "a\x00"}},
         "proposal.text"),
        ({"type": "te", "body": "half a pair: \ud800"}, "body"),
        ({"type": "te\x00", "body": "fine"}, "type"),
    ],
)  # fmt: skip
def test_nul_bytes_and_lone_surrogates_in_json_are_refused_by_name(api, version, people, body,
                                                                   field):  # fmt: skip
    clause = clause_of(version, "1.1")
    raw = json.dumps(body)  # \u0000 and \ud800 escapes, as a client would send them
    response = api.post(f"/clauses/{clause.id}/comments", people.delegate, data=raw,
                        headers={"Content-Type": "application/json"})  # fmt: skip
    assert response.status_code == 422
    assert response.json["error"]["field"] == field
    assert count_comments() == 0


@pytest.mark.parametrize("when", ["9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00"])
def test_dates_beyond_the_calendar_are_refused(api, version, people, when):
    response = api.patch(f"/versions/{version.id}", people.secretariat, json={"opens_at": when})
    assert response.status_code == 422
    assert response.json["error"]["field"] == "opens_at"
