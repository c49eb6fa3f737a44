"""The offline comment table through the site: blank table, upload, preview, confirm."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
import sqlalchemy as sa
from docx import Document

from framework_review.comments.models import Comment
from framework_review.core.models import AuditEntry
from framework_review.core.time import utcnow
from framework_review.extensions import db
from framework_review.reports.models import CommentTableUpload
from tests.comments.helpers import add, text_of, version_url
from tests.conftest import clause_of
from tests.reports.tables import ISO_EN, ISO_FR, OURS, docx_table, xlsx_table

GOOD = [
    ["FR", "17", "1.2", "Table 1", "te", "Add the **postal** operators.",
     "Members must collect the data before goods arrive."],
    ["FR", "", "General", "", "ge", "Define cross-border e-commerce.", ""],
]  # fmt: skip
ISO_HEADINGS = ISO_EN[:7]


def comment_count() -> int:
    return db.session.scalar(sa.select(sa.func.count(Comment.id)))


def upload(client, csrf, version, data: bytes, filename="table.xlsx", **fields):
    url = f"{version_url(version)}/comment-table"
    form = {"csrf_token": csrf(url), "file": (io.BytesIO(data), filename), **fields}
    return client.post(url, data=form, content_type="multipart/form-data")


def preview_url(response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response.location


def confirm(client, csrf, url: str, replace=(), action="confirm"):
    data = {"csrf_token": csrf(url), "action": action, "replace": [str(r) for r in replace]}
    return client.post(url, data=data)


@pytest.fixture
def as_delegate(client, login, people, version):
    login(people.delegate)
    return client


def test_preview_shows_each_row_and_writes_nothing(as_delegate, csrf, version):
    rows = [*GOOD, ["KE", "", "1.1", "", "te", "Not ours.", ""],
            ["FR", "", "1.3", "", "te", "Unknown clause.", ""],
            ["FR", "", "1.1", "", "xx", "Odd type.", ""],
            ["FR", "", "1.1", "", "te", "", "Only a proposal."],
            ["FR", "", "", "", "te", "No clause.", ""],
            ["FR", "", "general", "", "GE", "Define cross-border  E-commerce.", ""]]  # fmt: skip
    url = preview_url(upload(as_delegate, csrf, version, xlsx_table(ISO_HEADINGS, rows)))
    response = as_delegate.get(url)
    assert response.status_code == 200
    text = text_of(response.get_data(as_text=True))
    assert "2 rows will become comments; 6 cannot be read" in text
    for reason in (
        "4 This row is for another administration (KE): only FR's comments are read",
        "5 Unknown clause ref “1.3”. Did you mean 1.1, 1.2?",
        "6 Unknown type “xx”: write ge, te or ed.",
        "7 The comment is empty.",
        "8 The clause is empty: write a clause ref (e.g. 1.2), or General.",
        "9 The same clause and text as row 3",
    ):  # fmt: skip
        assert reason in text, reason
    assert "The whole new text of clause 1.2" in text  # the proposal may be ticked as such
    assert comment_count() == 0


def test_confirming_creates_the_comments_as_if_typed(as_delegate, csrf, version, people):
    add(version, "1.1", people.delegate, "Typed online first.")  # FR-001
    url = preview_url(upload(as_delegate, csrf, version, xlsx_table(ISO_HEADINGS, GOOD)))
    response = confirm(as_delegate, csrf, url, replace=[2])
    assert response.status_code == 302 and response.location.endswith("/mine")
    created = db.session.scalars(sa.select(Comment).order_by(Comment.id)).all()[1:]
    first, second = created
    assert [c.code for c in created] == ["FR-002", "FR-003"]
    assert (first.clause.ref, first.type.value, first.locator) == ("1.2", "te", "line 17; Table 1")
    assert first.body_html == "<p>Add the <strong>postal</strong> operators.</p>"
    assert first.proposal_kind.value == "replace"
    assert (
        '<del class="rl-del">' in first.proposal_html
        and '<ins class="rl-ins">' in first.proposal_html
    )
    assert first.author_id == people.delegate.id and first.entered_by_id is None
    assert second.clause is None and second.proposal_kind is None and first.fingerprint
    actions = db.session.scalars(sa.select(AuditEntry.action)).all()
    assert actions.count("comment.create") == 3 and actions.count("comment_table.upload") == 1
    stored = db.session.scalar(sa.select(CommentTableUpload))
    assert stored.state == "imported"
    flashed = text_of(as_delegate.get(response.location).get_data(as_text=True))
    assert "2 comments created: FR-002, FR-003." in flashed


def test_an_unticked_proposal_is_a_described_change(as_delegate, csrf, version):
    url = preview_url(upload(as_delegate, csrf, version, docx_table(OURS, [
        ["", "FR", "1.2", "", "te", "Reword.", "Say *collect* earlier."]])))  # fmt: skip
    confirm(as_delegate, csrf, url)
    comment = db.session.scalar(sa.select(Comment))
    assert comment.proposal_kind.value == "text"
    assert comment.proposal_html == "<p>Say <em>collect</em> earlier.</p>"


@pytest.mark.parametrize(("build", "headings", "name"), [
    (docx_table, ISO_EN, "iso.docx"), (xlsx_table, ISO_FR, "iso-fr.xlsx"),
    (docx_table, ISO_FR, "iso-fr.docx"), (xlsx_table, OURS, "ours.xlsx"),
])  # fmt: skip
def test_both_layouts_in_both_languages_upload(as_delegate, csrf, version, build, headings, name):
    row = ["FR", "17", "1.1", "", "ed", "Missing article.", "", ""]
    if headings is OURS:
        row = ["", "FR", "1.1", "", "ed", "Missing article.", "", ""]
    url = preview_url(upload(as_delegate, csrf, version, build(headings, [row]), filename=name))
    assert confirm(as_delegate, csrf, url).status_code == 302
    assert db.session.scalar(sa.select(Comment.body)) == "Missing article."


def test_uploading_the_same_file_again_creates_no_duplicates(as_delegate, csrf, version):
    data = xlsx_table(ISO_HEADINGS, GOOD)
    confirm(as_delegate, csrf, preview_url(upload(as_delegate, csrf, version, data)))
    first = db.session.scalar(sa.select(Comment).where(Comment.clause_id.is_not(None)))
    first.body = "Edited online after the upload."  # the fingerprint still finds it
    db.session.commit()
    again = preview_url(upload(as_delegate, csrf, version, data))
    text = text_of(as_delegate.get(again).get_data(as_text=True))
    assert "0 rows will become comments; 2 cannot be read" in text
    assert "Already uploaded: FR-001 has the same clause and text." in text
    assert "Already uploaded: FR-002 has the same clause and text." in text
    confirm(as_delegate, csrf, again)
    assert comment_count() == 2


def test_a_comment_typed_online_is_not_uploaded_twice(as_delegate, csrf, version, people):
    add(version, "1.1", people.colleague, "Same   text, typed online.")
    data = xlsx_table(ISO_HEADINGS, [["FR", "", "1.1", "", "te", "same text, typed online.", ""]])
    text = text_of(as_delegate.get(preview_url(upload(as_delegate, csrf, version, data)))
                   .get_data(as_text=True))  # fmt: skip
    assert "Already uploaded: FR-001" in text


def test_rows_on_a_settled_clause_are_refused(as_delegate, csrf, version, people):
    clause = clause_of(version, "1.1")
    clause.settled_at, clause.settled_by_id = utcnow(), people.chair.id
    db.session.commit()
    data = xlsx_table(ISO_HEADINGS, [["FR", "", "1.1", "", "te", "Late.", ""]])
    text = text_of(as_delegate.get(preview_url(upload(as_delegate, csrf, version, data)))
                   .get_data(as_text=True))  # fmt: skip
    assert "Clause 1.1 was settled on" in text


def test_after_the_closing_date_the_upload_is_refused(as_delegate, csrf, version):
    data = xlsx_table(ISO_HEADINGS, GOOD)
    url = preview_url(upload(as_delegate, csrf, version, data))
    version.closes_at = utcnow()
    db.session.commit()
    response = confirm(as_delegate, csrf, url)
    assert response.status_code == 409 and "comment period closed" in response.get_data(
        as_text=True
    )
    assert comment_count() == 0
    refused = upload(as_delegate, csrf, version, data)
    assert refused.status_code == 409 and db.session.scalar(
        sa.select(sa.func.count(CommentTableUpload.id))) == 1  # fmt: skip
    page = as_delegate.get(f"{version_url(version)}/comment-table").get_data(as_text=True)
    assert "Tables are read only while the comment period is open" in page


def test_a_row_failing_at_confirmation_creates_nothing(as_delegate, csrf, version):
    same = clause_of(version, "1.1").text
    rows = [["FR", "", "2.1", "", "te", "Fine.", ""], ["FR", "", "1.1", "", "te", "Same.", same]]
    url = preview_url(upload(as_delegate, csrf, version, xlsx_table(ISO_HEADINGS, rows)))
    response = confirm(as_delegate, csrf, url, replace=[3])
    assert response.status_code == 422
    assert "Row 3: The proposed text is the same as the clause text" in text_of(
        response.get_data(as_text=True))  # fmt: skip
    assert comment_count() == 0


def test_cancelling_creates_nothing(as_delegate, csrf, version):
    url = preview_url(upload(as_delegate, csrf, version, xlsx_table(ISO_HEADINGS, GOOD)))
    assert confirm(as_delegate, csrf, url, action="cancel").status_code == 302
    assert comment_count() == 0
    assert db.session.scalar(sa.select(CommentTableUpload.state)) == "cancelled"
    assert as_delegate.get(url).status_code == 302  # no longer pending


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"%PDF-1.7", "table.pdf", "not a Word (.docx) or Excel (.xlsx) file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "table.xlsx", "encrypted"),
    (xlsx_table(OURS, []), "table.xlsm", "macros"),
])  # fmt: skip
def test_hostile_files_get_a_clear_error_and_write_nothing(as_delegate, csrf, version, data,
                                                           name, message):  # fmt: skip
    response = upload(as_delegate, csrf, version, data, filename=name)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(CommentTableUpload.id))) == 0


def test_the_unpacked_size_limit_comes_from_the_configuration(app, as_delegate, csrf, version):
    from tests.reports.tables import rezip

    data = rezip(xlsx_table(OURS, []), add={"xl/media/zeros.bin": b"\0" * (2 * 1024 * 1024)})
    app.config["COMMENT_TABLE_MAX_UNPACKED_BYTES"] = 1024 * 1024
    try:
        response = upload(as_delegate, csrf, version, data)
    finally:
        app.config["COMMENT_TABLE_MAX_UNPACKED_BYTES"] = 64 * 1024 * 1024
    assert response.status_code == 422 and "unpacks to more than 1 MB" in response.get_data(
        as_text=True
    )


# -- who may ----------------------------------------------------------------------------------
def test_the_secretariat_enters_a_table_for_an_administration(client, login, csrf, people,
                                                              version):  # fmt: skip
    login(people.secretariat)
    data = xlsx_table(ISO_HEADINGS, [["KE", "", "1.1", "", "te", "Sent by e-mail.", ""]])
    missing = upload(client, csrf, version, data)
    assert missing.status_code == 422 and "Choose the administration" in missing.get_data(
        as_text=True
    )
    url = preview_url(upload(client, csrf, version, data, administration="KE"))
    assert "entered by the secretariat" in text_of(client.get(url).get_data(as_text=True))
    confirm(client, csrf, url)
    comment = db.session.scalar(sa.select(Comment))
    assert (comment.code, comment.entered_by_id) == ("KE-001", people.secretariat.id)
    entry = db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.action == "comment_table.upload")
    )
    assert entry.data["on_behalf"] is True and entry.data["administration"] == "KE"
    assert "entered by the secretariat" in entry.summary
    page = client.get(f"{version_url(version)}/clauses/1.1").get_data(as_text=True)
    assert "submitted by the secretariat for KE" in text_of(page)


@pytest.mark.parametrize("role", ["anonymous", "chair"])
def test_others_may_not_use_the_comment_table(client, login, people, version, role):
    login(people.by_role(role))
    for path in ("/comment-table", "/comment-table.xlsx"):
        response = client.get(f"{version_url(version)}{path}")
        assert response.status_code == (302 if role == "anonymous" else 403)


def test_observers_use_it_only_where_admitted(client, login, people, version):
    version.observers_may_comment = False
    db.session.commit()
    login(people.observer)
    assert client.get(f"{version_url(version)}/comment-table").status_code == 403


def test_an_upload_is_only_its_uploaders(client, login, csrf, people, version):
    login(people.delegate)
    url = preview_url(upload(client, csrf, version, xlsx_table(ISO_HEADINGS, GOOD)))
    login(people.colleague)
    assert client.get(url).status_code == 404
    assert confirm(client, csrf, url).status_code == 404
    assert comment_count() == 0


# -- the blank table --------------------------------------------------------------------------
def test_blank_xlsx_has_the_code_the_clause_list_and_reads_back(as_delegate, csrf, version):
    response = as_delegate.get(f"{version_url(version)}/comment-table.xlsx")
    assert response.status_code == 200
    assert "test-framework-draft-1-comment-table-fr.xlsx" in response.headers["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.data))
    sheet = workbook["Comments"]
    assert [c.value for c in sheet[4]] == OURS and sheet["B5"].value == "FR"
    refs = [row[0] for row in workbook["Clauses"].iter_rows(min_row=2, values_only=True)]
    assert refs == ["General", "Preamble", "1", "1.1", "1.2", "1.2(a)", "1.2(b)", "Standard 2",
                    "2.1"]  # fmt: skip
    sheet["C5"], sheet["E5"], sheet["F5"] = "1.2(b)", "ed", "A plain description, please."
    filled = io.BytesIO()
    workbook.save(filled)
    url = preview_url(upload(as_delegate, csrf, version, filled.getvalue()))
    assert "1 row will become comments; 0 cannot be read" in text_of(
        as_delegate.get(url).get_data(as_text=True))  # fmt: skip


def test_blank_docx_has_the_code_the_clause_appendix_and_reads_back(as_delegate, csrf, version):
    response = as_delegate.get(f"{version_url(version)}/comment-table.docx")
    document = Document(io.BytesIO(response.data))
    table, appendix = document.tables
    assert [c.text for c in table.rows[0].cells] == OURS and table.rows[1].cells[1].text == "FR"
    assert [row.cells[0].text for row in appendix.rows][:4] == [
        "Clause",
        "General",
        "Preamble",
        "1",
    ]
    cells = table.rows[1].cells
    cells[2].text, cells[4].text, cells[5].text = "2.1", "te", "Name the risk criteria."
    filled = io.BytesIO()
    document.save(filled)
    url = preview_url(upload(as_delegate, csrf, version, filled.getvalue(), filename="t.docx"))
    assert confirm(as_delegate, csrf, url).status_code == 302
    assert db.session.scalar(sa.select(Comment.code)) == "FR-001"


def test_the_secretariat_downloads_a_blank_table_for_an_administration(client, login, people,
                                                                        version):  # fmt: skip
    login(people.secretariat)
    response = client.get(f"{version_url(version)}/comment-table.xlsx?administration=ke")
    assert openpyxl.load_workbook(io.BytesIO(response.data))["Comments"]["B5"].value == "KE"
    assert (
        client.get(f"{version_url(version)}/comment-table.xlsx?administration=ZZ").status_code
        == 404
    )
    assert re.search(r"comment-table\.xlsx", client.get(
        f"{version_url(version)}/comment-table").get_data(as_text=True))  # fmt: skip


def test_the_secretariat_enters_no_table_for_an_observer_not_admitted(client, login, csrf,
                                                                      people, version):  # fmt: skip
    version.observers_may_comment = False
    db.session.commit()
    login(people.secretariat)
    data = xlsx_table(ISO_HEADINGS, [["UPU", "", "1.1", "", "te", "Postal view.", ""]])
    response = upload(client, csrf, version, data, administration="UPU")
    assert response.status_code == 403 and "Observers may not comment" in response.get_data(
        as_text=True
    )
    assert db.session.scalar(sa.select(sa.func.count(CommentTableUpload.id))) == 0
