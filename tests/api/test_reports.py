"""The report, statistics and comment table through the API (the contract tests provoke every
documented status; these check what the answers hold)."""

from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa

from framework_review.comments.models import Comment
from framework_review.core.models import AuditEntry
from framework_review.extensions import db
from framework_review.reports import statistics
from framework_review.reports.rows import Scope
from tests.reports.round import REPLACEMENT
from tests.reports.tables import ISO_EN, xlsx_table

ALL = ["FR-002", "KE-001", "FR-001", "KE-002", "FR-003", "UPU-001"]


def test_rows_are_cursor_paged(api, round_):
    first = api.get(f"/versions/{round_.version.id}/report?limit=4", round_.people.chair).json
    assert [r["id"] for r in first["rows"]] == ALL[:4]
    assert [r["order"] for r in first["rows"]] == [1, 2, 3, 4]
    second = api.get(f"/versions/{round_.version.id}/report?limit=4&cursor={first['next_cursor']}",
                     round_.people.chair).json  # fmt: skip
    assert [r["id"] for r in second["rows"]] == ALL[4:] and second["next_cursor"] is None
    assert [r["order"] for r in second["rows"]] == [5, 6]


def test_a_row_holds_the_table_columns_as_text_and_html(api, round_):
    data = api.get(f"/versions/{round_.version.id}/report?clause=1.2&replies=1",
                   round_.people.chair).json  # fmt: skip
    row = data["rows"][0]
    assert (row["id"], row["member"], row["clause"], row["type"], row["status"]) == (
        "FR-001", "FR", "1.2", "te", "decided")  # fmt: skip
    assert row["comment"] == "Add postal operators to the list.\n• first item\n• second item"
    assert row["proposal"]["kind"] == "replace" and row["proposal"]["text"] == REPLACEMENT
    assert '<del class="rl-del">' in row["proposal"]["html"]
    assert row["observations"] == {
        "decision": "accepted", "title": "Accepted", "observation": "Taken as proposed.",
        "observation_html": "<p>Taken as proposed.</p>", "adopted_text": REPLACEMENT,
    }  # fmt: skip
    assert [(r["member"], r["comment"]) for r in row["replies"]] == [
        ("Chair", "Thanks, we will look at it."), ("KE", "Kenya agrees.")]  # fmt: skip


def test_a_delegation_sees_its_own_rows_without_unpublished_decisions(api, round_):
    rows = api.get(f"/versions/{round_.version.id}/report", round_.people.other).json["rows"]
    assert [r["id"] for r in rows] == ["KE-001", "KE-002"]
    assert {r["observations"] is None for r in rows} == {True}


def test_the_secretariat_releases_the_report_through_patch(api, round_):
    response = api.patch(f"/versions/{round_.version.id}", round_.people.secretariat,
                         json={"report_released": True})  # fmt: skip
    assert response.json["report_released"] is True
    rows = api.get(f"/versions/{round_.version.id}/report", round_.people.other).json["rows"]
    assert [r["id"] for r in rows] == ALL
    assert db.session.scalar(sa.select(AuditEntry.action).where(
        AuditEntry.action == "version.report_released")) is not None  # fmt: skip


def test_csv_through_the_api(api, round_):
    response = api.get(f"/versions/{round_.version.id}/report.csv?withdrawn=0",
                       round_.people.chair)  # fmt: skip
    table = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert [r[1] for r in table[1:]] == [c for c in ALL if c != "FR-003"]


def test_statistics_are_the_pages_numbers(api, round_):
    data = api.get(f"/versions/{round_.version.id}/statistics", round_.people.chair).json
    assert data == statistics.as_json(statistics.compute(Scope(round_.version)))
    assert data["totals"]["total"] == 6 and data["feedback"]["not_satisfied"] == 1


def test_rows_cost_a_fixed_number_of_queries(api, round_, count_queries):
    url = f"/versions/{round_.version.id}/report?replies=1"
    api.get(url, round_.people.chair)  # the token's first use is recorded once
    with count_queries() as few:
        api.get(url + "&limit=2", round_.people.chair)
    with count_queries() as many:
        api.get(url + "&limit=6", round_.people.chair)
    assert few.count == many.count


# -- the comment table ------------------------------------------------------------------------
ROWS = [["FR", "", "1.2", "", "te", "Name the operators.", REPLACEMENT.replace("must", "shall")],
        ["FR", "", "2.1", "", "xx", "Odd type.", ""]]  # fmt: skip


def post_table(api, version, user, query="", rows=ROWS, **form):
    data = {"file": (io.BytesIO(xlsx_table(ISO_EN[:7], rows)), "t.xlsx"), **form}
    return api.post(f"/versions/{version.id}/comment-table{query}", user, data=data)


def test_a_dry_run_reads_every_row_and_writes_nothing(api, people, version):
    body = post_table(api, version, people.delegate, "?dry_run=1").json
    assert body["accepted"] == [{"row": 2, "clause": "1.2", "type": "te", "locator": "",
                                 "comment": "Name the operators.",
                                 "proposal": REPLACEMENT.replace("must", "shall"),
                                 "replace": False}]  # fmt: skip
    assert body["refused"] == [{"row": 3, "reason": "Unknown type “xx”: write ge, te or ed."}]
    assert body["created"] == [] and body["ignored_columns"] == []
    assert db.session.scalar(sa.select(sa.func.count(Comment.id))) == 0


def test_uploading_creates_the_comments_once(api, people, version):
    response = post_table(api, version, people.delegate, replace="2")
    assert response.status_code == 201
    (created,) = response.json["created"]
    assert (created["code"], created["proposal"]["kind"]) == ("FR-001", "replace")
    again = post_table(api, version, people.delegate)
    assert again.status_code == 200 and again.json["created"] == []
    assert again.json["refused"][0] == {
        "row": 2, "reason": "Already uploaded: FR-001 has the same clause and text."}  # fmt: skip


def test_the_secretariat_uploads_for_an_administration(api, people, version):
    rows = [["KE", "", "1.1", "", "ed", "By e-mail.", ""]]
    missing = post_table(api, version, people.secretariat, rows=rows)
    assert missing.status_code == 422 and missing.json["error"]["field"] == "administration"
    response = post_table(api, version, people.secretariat, rows=rows, administration="KE")
    assert response.json["created"][0]["code"] == "KE-001"
    assert db.session.scalar(sa.select(Comment.entered_by_id)) == people.secretariat.id


def test_a_bad_file_names_the_field(api, people, version):
    response = api.post(f"/versions/{version.id}/comment-table", people.delegate,
                        data={"file": (io.BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 99),
                                       "t.xlsx")})  # fmt: skip
    assert response.status_code == 422 and response.json["error"]["field"] == "file"
    assert "encrypted" in response.json["error"]["message"]
    no_file = api.post(f"/versions/{version.id}/comment-table", people.delegate, data={"x": "1"})
    assert no_file.status_code == 422 and no_file.json["error"]["field"] == "file"


def test_cursors_are_ours_only():
    from framework_review.api.reports import decode_cursor, encode_cursor
    from framework_review.reports.rows import FilterError

    assert decode_cursor(encode_cursor(1234)) == 1234 and decode_cursor(None) == 0
    for bad in ("xyz", "eDEyMw", "!!"):
        with pytest.raises(FilterError):
            decode_cursor(bad)
