"""The secretariat's audit log page: filters, pages of 50, a streamed CSV export."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from framework_review.core.models import AuditEntry
from framework_review.core.time import utcnow
from tests.conftest import assert_secretariat_only


def add_entries(db, n: int, actor=None, action="comment.create", **fields) -> None:
    db.session.add_all(
        AuditEntry(actor_id=actor.id if actor else None, action=action, object_type="comment",
                   object_id=i, summary=f"entry {i}", data={}, **fields)
        for i in range(1, n + 1)
    )  # fmt: skip
    db.session.commit()


def rows(html: str) -> list[str]:
    """The summaries listed in the log's table, in order."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [cell.split("</td>")[0].strip() for cell in body.split('<td class="summary">')[1:]]


@pytest.mark.parametrize("role", ["anonymous", "delegate", "observer", "chair", "secretariat"])
@pytest.mark.parametrize("path", ["/admin/audit", "/admin/audit.csv"])
def test_only_the_secretariat_reads_the_log(client, login, people, role, path):
    login(people.by_role(role))
    assert_secretariat_only(client.get(path), path, role)


def test_the_log_lists_the_latest_first_by_pages_of_fifty(client, login, db, people):
    add_entries(db, 120, people.delegate)
    login(people.secretariat)
    first = client.get("/admin/audit?action=comment.")
    assert first.status_code == 200
    assert rows(first.get_data(as_text=True))[:2] == ["entry 120", "entry 119"]
    assert len(rows(first.get_data(as_text=True))) == 50
    third = client.get("/admin/audit?action=comment.&page=3").get_data(as_text=True)
    assert len(rows(third)) == 20
    assert 'href="/admin/audit?page=2&amp;action=comment."' in third  # filters kept


def test_filters(client, login, db, people):
    add_entries(db, 3, people.delegate, "comment.create")
    add_entries(db, 2, people.other, "comment.support")
    add_entries(db, 1, people.colleague, "reply.create")
    old = utcnow() - timedelta(days=40)
    add_entries(db, 1, people.other, "comment.edit", at=old)
    login(people.secretariat)

    def listed(query: str) -> list[str]:
        response = client.get(f"/admin/audit?{query}")
        assert response.status_code == 200, response.get_data(as_text=True)
        return rows(response.get_data(as_text=True))

    assert len(listed("user=delegate")) == 3
    assert len(listed("user=Delegate ")) == 3
    assert len(listed("administration=fr")) == 4  # delegate and colleague
    assert len(listed("administration=KE&action=comment.support")) == 2
    assert len(listed("action=comment.")) == 6
    assert listed("object_type=comment&object_id=2&user=other") == ["entry 2"]
    day = old.strftime("%Y-%m-%d")
    assert listed(f"date_from={day}&date_to={day}") == ["entry 1"]
    assert len(listed(f"date_to={(old + timedelta(days=1)).date()}")) == 1
    assert listed("user=nobody") == []


def test_invalid_filters_are_explained(client, login, people):
    login(people.secretariat)
    response = client.get("/admin/audit?object_id=abc&date_from=yesterday")
    assert response.status_code == 422
    assert "Not a valid integer value." in response.get_data(as_text=True)


def test_the_page_runs_a_fixed_number_of_queries(client, login, db, people, count_queries):
    login(people.secretariat)
    counts = []
    for n in (5, 500):
        add_entries(db, n, people.delegate)
        db.session.expire_all()
        with count_queries() as counter:
            assert client.get("/admin/audit").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]


def test_the_csv_export_is_streamed_with_filters_and_neutralised_cells(client, login, db,
                                                                       people):  # fmt: skip
    add_entries(db, 2, people.delegate)
    db.session.add(AuditEntry(actor_id=people.other.id, action="comment.create",
                              object_type="comment", object_id=9,
                              summary='=HYPERLINK("http://evil.example","Café")', data={}))  # fmt: skip
    db.session.commit()
    login(people.secretariat)
    response = client.get("/admin/audit.csv?action=comment.create")
    assert response.status_code == 200
    assert response.is_streamed
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")  # utf-8-sig: spreadsheets read the accents
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[0] == ["time (UTC)", "user", "administration", "action", "object type",
                        "object id", "summary"]  # fmt: skip
    assert len(table) == 4
    assert table[1][1:6] == ["other", "KE", "comment.create", "comment", "9"]
    assert table[1][6] == '\'=HYPERLINK("http://evil.example","Café")'
    datetime.strptime(table[1][0], "%Y-%m-%d %H:%M:%S")
    only_fr = client.get("/admin/audit.csv?administration=FR").get_data().decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(only_fr)))) == 3


def test_the_log_records_who_did_what(client, login, db, people):
    """Entries written by the services appear (the people fixture audits each creation)."""
    login(people.secretariat)
    html = client.get("/admin/audit?action=user.create").get_data(as_text=True)
    assert "Created delegate delegate for FR" in html
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id))) > 0
