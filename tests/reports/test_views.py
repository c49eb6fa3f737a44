"""The report page, downloads, print view, release and statistics: who may, and what they get."""

from __future__ import annotations

import csv
import io
import re

import pytest

from framework_review.core.models import AuditEntry
from framework_review.drafts.models import VersionStatus
from framework_review.extensions import db
from tests.comments.helpers import text_of, version_url
from tests.comments.test_comment_performance import bulk_comments
from tests.conftest import assert_secretariat_only, make_version

ROLES = ["anonymous", "delegate", "same_administration", "other_delegate", "observer", "chair",
         "secretariat"]  # fmt: skip
# What each role finds in the report before it is released (delegates: their own comments).
OWN = {
    "delegate": {"FR-001", "FR-002", "FR-003"},
    "same_administration": {"FR-001", "FR-002", "FR-003"},
    "other_delegate": {"KE-001", "KE-002"},
    "observer": {"UPU-001"},
    "chair": {"FR-001", "FR-002", "FR-003", "KE-001", "KE-002", "UPU-001"},
    "secretariat": {"FR-001", "FR-002", "FR-003", "KE-001", "KE-002", "UPU-001"},
}
CODES = re.compile(r"\b(?:FR|KE|UPU)-\d{3}\b")


def codes_in(text: str) -> set[str]:
    return set(CODES.findall(text))


def csv_codes(response) -> set[str]:
    table = csv.reader(io.StringIO(response.get_data().decode("utf-8-sig")))
    return {row[1] for row in list(table)[1:]}


@pytest.mark.parametrize("role", ROLES)
def test_report_page_shows_what_the_role_may_see(client, login, round_, role):
    login(round_.people.by_role(role))
    response = client.get(f"{version_url(round_.version)}/report")
    if role == "anonymous":
        assert response.status_code == 302 and "/login" in response.location
        return
    assert response.status_code == 200
    assert codes_in(text_of(response.get_data(as_text=True))) == OWN[role]


@pytest.mark.parametrize("role", ROLES)
def test_csv_download_holds_what_the_role_may_see(client, login, round_, role):
    login(round_.people.by_role(role))
    response = client.get(f"{version_url(round_.version)}/report.csv")
    if role == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == 200 and response.is_streamed
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert csv_codes(response) == OWN[role]


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_office_downloads_are_attachments_with_a_telling_name(client, login, round_, fmt):
    login(round_.people.delegate)
    response = client.get(f"{version_url(round_.version)}/report.{fmt}")
    assert response.status_code == 200 and response.data.startswith(b"PK")
    assert response.mimetype.startswith("application/vnd.openxmlformats-officedocument")
    disposition = response.headers["Content-Disposition"]
    assert (
        "attachment" in disposition and "test-framework-draft-1-comments-fr." + fmt in disposition
    )


def test_a_released_report_gives_every_delegation_everything(client, login, round_):
    round_.version.report_released = True
    db.session.commit()
    login(round_.people.observer)
    assert csv_codes(client.get(f"{version_url(round_.version)}/report.csv")) == OWN["chair"]


def test_a_version_in_preparation_has_no_report_for_delegates(client, login, people):
    version = make_version(status=VersionStatus.PREPARATION)
    login(people.delegate)
    for path in ("/report", "/report.csv", "/report/print", "/statistics"):
        assert client.get(f"{version_url(version)}{path}").status_code == 404


def test_filters_reach_the_page_the_downloads_and_the_pager(client, login, round_):
    login(round_.people.chair)
    url = f"{version_url(round_.version)}/report?clause=1.2&type=ed&replies=1"
    html = client.get(url).get_data(as_text=True)
    assert codes_in(text_of(html)) == {"KE-002", "FR-003"}
    assert "report.docx?clause=1.2&amp;type=ed&amp;replies=1" in html
    assert "Clauses 1.2 (with their sub-clauses); Types ed; replies included" in text_of(html)


@pytest.mark.parametrize("query", ["type=xx", "clause=9.9", "disposition=maybe"])
def test_a_bad_filter_is_shown_not_a_crash(client, login, round_, query):
    login(round_.people.chair)
    response = client.get(f"{version_url(round_.version)}/report?{query}")
    assert response.status_code == 422
    assert 'class="error"' in response.get_data(as_text=True)
    for path in ("report.csv", "report.docx", "report/print"):
        assert client.get(f"{version_url(round_.version)}/{path}?{query}").status_code == 422


def test_unknown_format_is_not_found(client, login, round_):
    login(round_.people.chair)
    assert client.get(f"{version_url(round_.version)}/report.pdf").status_code == 404


def test_print_view_streams_every_row(client, login, round_):
    login(round_.people.secretariat)
    response = client.get(f"{version_url(round_.version)}/report/print?replies=1")
    assert response.status_code == 200 and response.is_streamed
    text = text_of(response.get_data(as_text=True))
    assert codes_in(text) == OWN["secretariat"] and "FR-001 reply 2" in text
    assert "Consolidated comment report" in text


def test_report_page_is_paged_and_its_queries_do_not_grow(client, login, people, version,
                                                           count_queries):  # fmt: skip
    login(people.chair)
    url, version_id = f"{version_url(version)}/report?replies=1", version.id

    def queries() -> tuple[int, str]:
        db.session.remove()
        with count_queries() as counter:
            response = client.get(url)
        assert response.status_code == 200
        return counter.count, text_of(response.get_data(as_text=True))

    bulk_comments(version_id, "1.1", 1, 5)
    few, _ = queries()
    bulk_comments(version_id, "1.1", 6, 300)
    many, text = queries()
    assert few == many, f"{few} queries with 5 comments, {many} with 300"
    assert "300 comments, page 1 of 3" in text and "FR-100" in text and "FR-101" not in text
    page_3 = text_of(client.get(f"{url}&page=3").get_data(as_text=True))
    assert "FR-201" in page_3 and "FR-300" in page_3 and "FR-200" not in page_3


# -- release ----------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ROLES)
def test_only_the_secretariat_releases_the_report(client, login, csrf, round_, role):
    user = round_.people.by_role(role)
    login(user)
    token = csrf(f"{version_url(round_.version)}/report") if user else ""
    path = f"{version_url(round_.version)}/report/release"
    response = client.post(path, data={"csrf_token": token, "released": "1"})
    if role == "secretariat":
        assert response.status_code == 302
    elif role == "anonymous":
        assert response.status_code == 400  # no session, so no valid form token either
    else:
        assert_secretariat_only(response, path, role)
    db.session.refresh(round_.version)
    assert round_.version.report_released is (role == "secretariat")
    entries = db.session.query(AuditEntry).filter_by(action="version.report_released").count()
    assert entries == (1 if role == "secretariat" else 0)


def test_the_secretariat_takes_the_release_back(client, login, csrf, round_):
    round_.version.report_released = True
    db.session.commit()
    login(round_.people.secretariat)
    token = csrf(f"{version_url(round_.version)}/report")
    client.post(f"{version_url(round_.version)}/report/release",
                data={"csrf_token": token, "released": "0"})  # fmt: skip
    db.session.refresh(round_.version)
    assert round_.version.report_released is False


# -- statistics -------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ROLES)
def test_statistics_are_for_officers_until_released(client, login, round_, role):
    login(round_.people.by_role(role))
    response = client.get(f"{version_url(round_.version)}/statistics")
    expected = {"anonymous": 302, "chair": 200, "secretariat": 200}.get(role, 403)
    assert response.status_code == expected


def test_statistics_open_to_delegations_with_the_report_and_decisions(client, login, round_):
    round_.version.report_released = True
    round_.version.dispositions_visible = True
    db.session.commit()
    login(round_.people.other)
    assert client.get(f"{version_url(round_.version)}/statistics").status_code == 200


def test_statistics_page_has_charts_with_their_tables(client, login, round_):
    login(round_.people.chair)
    html = client.get(f"{version_url(round_.version)}/statistics").get_data(as_text=True)
    assert html.count("<svg") == 5 and html.count('role="img"') == 5
    assert "<caption>Comments per member</caption>" in html
    assert "<caption>Comments per clause, in document order</caption>" in html
    text = text_of(html)
    assert "6 comments from 3 administrations; 1 still open" in text
    assert "style=" not in html.split("<main", 1)[1]  # no inline styles (CSP)


# -- the version page -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("role", "links"),
    [("delegate", {"Comment report", "Offline comment table"}),
     ("chair", {"Comment report", "Statistics"}),
     ("secretariat", {"Comment report", "Statistics", "Offline comment table"})],
)  # fmt: skip
def test_version_page_links_to_what_the_role_may_use(client, login, round_, role, links):
    login(round_.people.by_role(role))
    html = client.get(f"{version_url(round_.version)}/").get_data(as_text=True)
    block = html.split('class="page-actions report-links"', 1)[1].split("</p>", 1)[0]
    found = set(re.findall(r">([^<>]+)</a>", block))
    assert found == links
