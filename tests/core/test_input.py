"""Malformed input gets a 4xx that names the problem, never a 500: ids beyond the database's
integer range, NUL bytes and lone surrogates in any text, dates beyond the calendar."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from framework_review.comments.models import Comment
from framework_review.extensions import db
from tests.comments.helpers import add, clause_url, form
from tests.conftest import csrf_token

HUGE_IDS = ["2147483648", "9223372036854775808", "99999999999999999999999999"]


def count_comments() -> int:
    return db.session.scalar(sa.select(sa.func.count(Comment.id)))


@pytest.mark.parametrize("number", HUGE_IDS)
def test_ids_beyond_the_column_range_are_not_found(client, login, people, number):
    login(people.secretariat)
    for path in (f"/comments/{number}", f"/admin/users/{number}/password",
                 f"/admin/import/{number}"):  # fmt: skip
        assert client.get(path).status_code == 404, path


def test_a_page_number_beyond_any_range_shows_an_empty_page(client, login, version, people):
    login(people.delegate)
    response = client.get(clause_url(version, "1.1") + "?page=99999999999999999999999")
    assert response.status_code == 200


def test_nul_bytes_in_a_form_are_refused_by_name(client, login, version, people):
    login(people.delegate)
    url = clause_url(version, "1.1")
    data = {**form(body="before\x00after"), "csrf_token": csrf_token(client, url)}
    response = client.post(url, data=data)
    assert response.status_code == 422
    assert "body" in response.get_data(as_text=True)
    assert count_comments() == 0


def test_nul_bytes_in_a_reply_and_in_the_address(client, login, version, people):
    comment = add(version, "1.1", people.delegate)
    login(people.other)
    token = csrf_token(client, clause_url(version, "1.1"))
    response = client.post(f"/comments/{comment.id}/replies",
                           data={"body": "\x00", "csrf_token": token})  # fmt: skip
    assert response.status_code == 422
    assert client.get(clause_url(version, "1.1") + "%00").status_code == 404
    assert client.get(clause_url(version, "1.1") + "?page=%00").status_code in (200, 422)
    assert client.get(f"/drafts/{version.draft.slug}%00/").status_code == 404


def test_the_secretariat_period_form_refuses_nul_bytes(client, login, version, people):
    login(people.secretariat)
    url = f"/drafts/{version.draft.slug}/{version.slug}/period"
    response = client.post(url, data={"status": "open\x00", "csrf_token": csrf_token(client, url)})
    assert response.status_code == 422
