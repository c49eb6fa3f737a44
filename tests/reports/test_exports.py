"""The report files, read back cell by cell and checked against the round in the database."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import pytest
from docx import Document

from framework_review.comments.models import Comment
from framework_review.reports import services
from framework_review.reports.csv_export import neutralise
from framework_review.reports.rows import ReportFilters, Scope
from tests.reports.round import REPLACEMENT

HEADINGS = ["Order", "ID", "Member", "Clause", "Paragraph/Figure/Table", "Type", "Comment",
            "Proposed change", "Observations", "Status"]  # fmt: skip
# The round as plain text, written out by hand: what a reader of the CSV or XLSX must see.
EXPECTED = [
    [1, "FR-002", "FR", "General", "", "ge",
     "The text is clear, see the guide [https://example.org/guide].", "Add a glossary of terms.",
     "", "to decide"],
    [2, "KE-001", "KE", "1.1", "", "te", '=HYPERLINK("http://evil.example","click")', "",
     "Not accepted.\nOut of scope.", "decided"],
    [3, "FR-001", "FR", "1.2", "", "te",
     "Add postal operators to the list.\n• first item\n• second item",
     f"Replace the clause text:\n{REPLACEMENT}",
     f"Accepted.\nTaken as proposed.\nAdopted text: {REPLACEMENT}", "decided"],
    [4, "FR-001 reply 1", "Chair", "1.2", "", "reply", "Thanks, we will look at it.", "", "", ""],
    [5, "FR-001 reply 2", "KE", "1.2", "", "reply", "Kenya agrees.", "", "", ""],
    [6, "KE-002", "KE", "1.2", "second sentence", "ed", "Missing comma.", "",
     "Accepted with modifications.\nReworded.\nAdopted text: Members collect the data.",
     "decided"],
    [7, "FR-003", "FR", "1.2(a)", "", "ed", "Typo in the address.", "",
     "Withdrawn by the member.", "withdrawn"],
    [8, "UPU-001", "UPU", "2.1", "", "te", "The postal view.", "", "Noted.", "decided"],
]  # fmt: skip
WITH_REPLIES = ReportFilters(replies=True)


def export(round_, fmt: str, filters: ReportFilters = WITH_REPLIES, scope=None) -> bytes:
    output = io.BytesIO()
    services.write_report(scope or Scope(round_.version), filters, fmt, output)
    return output.getvalue()


def check_against_database(round_, table: list[list]) -> None:
    """ID, member, clause, type and status of each comment row are the database's."""
    for row in table:
        if row[5] == "reply":
            continue
        comment: Comment = round_[row[1]]
        assert row[2:4] == [comment.administration.code, comment.clause_ref]
        assert (row[4], row[5]) == (comment.locator, comment.type.value)
        decided = comment.disposition is not None
        status = "withdrawn" if comment.is_withdrawn else "decided" if decided else "to decide"
        assert row[9] == status
        if decided:
            assert row[8].startswith(comment.disposition.decision.title + ".")


# -- CSV --------------------------------------------------------------------------------------
def test_csv_has_a_bom_the_headings_and_every_cell(round_):
    data = export(round_, "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0] == HEADINGS
    expected = [[str(c) for c in row] for row in EXPECTED]
    expected[1][6] = "'" + expected[1][6]  # the formula is neutralised
    assert table[1:] == expected
    check_against_database(round_, [[int(r[0]), *r[1:]] for r in table[1:]])


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_cells_a_spreadsheet_would_run_are_neutralised(start):
    assert neutralise(f"{start}1+2") == f"'{start}1+2"


@pytest.mark.parametrize("value", ["Plain text", "1-2", "", 7, "'quoted"])
def test_other_cells_are_left_alone(value):
    assert neutralise(value) == value


def test_csv_respects_the_filters(round_):
    data = export(round_, "csv", ReportFilters(types=("ed",), withdrawn=False))
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert [row[1] for row in table[1:]] == ["KE-002"]


# -- XLSX -------------------------------------------------------------------------------------
def sheet_rows(sheet, first: int = 4) -> list[list]:
    return [[cell if cell is not None else "" for cell in row]
            for row in sheet.iter_rows(min_row=first, values_only=True)]  # fmt: skip


def test_xlsx_sheets_cells_and_layout(round_):
    workbook = openpyxl.load_workbook(io.BytesIO(export(round_, "xlsx")))
    assert workbook.sheetnames == ["All", "To decide", "Decided", "Statistics"]
    sheet = workbook["All"]
    assert "Test framework, Draft 1" in sheet["A1"].value
    assert "replies included" in sheet["A2"].value and "Comment period:" in sheet["A2"].value
    assert [c.value for c in sheet[3]] == HEADINGS
    assert sheet_rows(sheet) == EXPECTED
    check_against_database(round_, sheet_rows(sheet))
    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == f"A3:J{3 + len(EXPECTED)}"
    assert sheet["G6"].alignment.wrap_text and sheet.column_dimensions["G"].width == 60
    formula = sheet["G5"]
    assert (formula.value, formula.data_type) == (EXPECTED[1][6], "s")  # text, not a formula
    assert sheet.page_setup.orientation == "landscape"


def test_xlsx_splits_what_is_to_decide_from_what_is_decided(round_):
    data = export(round_, "xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert [r[1] for r in sheet_rows(workbook["To decide"])] == ["FR-002"]
    decided = sheet_rows(workbook["Decided"])
    assert [(r[0], r[1]) for r in decided] == [
        (2, "KE-001"), (3, "FR-001"), (4, "FR-001 reply 1"), (5, "FR-001 reply 2"),
        (6, "KE-002"), (8, "UPU-001"),
    ]  # fmt: skip
    assert workbook["Decided"].auto_filter.ref == "A3:J9"
    names = zipfile.ZipFile(io.BytesIO(data)).read("xl/workbook.xml").decode()
    for title, last in (("All", 11), ("To decide", 4), ("Decided", 9)):
        assert f"'{title}'!$A$3:$J${last}<" in names  # the filters' hidden names agree


def test_xlsx_statistics_sheet_holds_the_counts(round_):
    sheet = openpyxl.load_workbook(io.BytesIO(export(round_, "xlsx")))["Statistics"]
    table = sheet_rows(sheet, first=1)
    assert table[1][:4] == ["Member", "Name", "Total", "ge"]
    by_member = {row[0]: row[2:] for row in table[2:6]}
    # Total, ge, te, ed, accepted, w/ mod., noted, not accepted, open, withdrawn, not satisfied
    assert by_member == {
        "FR": [3, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1],
        "KE": [2, 0, 1, 1, 0, 1, 0, 1, 0, 0, 0],
        "UPU": [1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0],
        "All": [6, 1, 3, 2, 1, 1, 1, 1, 1, 1, 1],
    }
    titles = [row[0] for row in table if sum(cell != "" for cell in row) == 1]
    assert titles == ["Comments per member", "Comments per type", "Comments per clause",
                      "Decisions over time", "Member feedback on decisions"]  # fmt: skip
    feedback = table[-3:]
    assert [row[:2] for row in feedback] == [["Satisfied", 1], ["Not satisfied", 1],
                                             ["No answer yet", 2]]  # fmt: skip


# -- DOCX -------------------------------------------------------------------------------------
DOCX_EXPECTED = [
    ["FR-002", "FR", "General", "", "ge", "The text is clear, see the guide.",
     "Add a glossary of terms.", ""],
    ["KE-001", "KE", "1.1", "", "te", '=HYPERLINK("http://evil.example","click")', "",
     "Not accepted.\nOut of scope."],
    ["FR-001", "FR", "1.2", "", "te", "Add postal operators to the list.\n•\tfirst item\n"
     "•\tsecond item", "Replace the clause text:\nMembers shouldmust collect the data listed "
     "below before goods arrive.", f"Accepted.\nTaken as proposed.\nAdopted text: {REPLACEMENT}"],
    ["FR-001 reply 1", "Chair", "1.2", "", "reply", "Thanks, we will look at it.", "", ""],
    ["FR-001 reply 2", "KE", "1.2", "", "reply", "Kenya agrees.", "", ""],
    ["KE-002", "KE", "1.2", "second sentence", "ed", "Missing comma.", "",
     "Accepted with modifications.\nReworded.\nAdopted text: Members collect the data."],
    ["FR-003\nwithdrawn", "FR", "1.2(a)", "", "ed", "Typo in the address.", "",
     "Withdrawn by the member."],
    ["UPU-001", "UPU", "2.1", "", "te", "The postal view.", "", "Noted."],
]  # fmt: skip


def test_docx_table_cells_header_block_and_page(round_):
    document = Document(io.BytesIO(export(round_, "docx")))
    table = document.tables[0]
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    assert cells[0] == ["ID", "Member", "Clause", "Paragraph/Figure/Table", "Type", "Comment",
                        "Proposed change", "Observations"]  # fmt: skip
    assert cells[1:] == DOCX_EXPECTED
    check_against_database(round_, [
        [None, row[0].split("\n")[0], *row[1:5], "", "", EXPECTED[i][8], EXPECTED[i][9]]
        for i, row in enumerate(cells[1:])
    ])  # fmt: skip
    text = "\n".join(p.text for p in document.paragraphs)
    for line in ("Document: Test framework", "Version: Draft 1", "Comment period: ",
                 "Date of the report: ", "Comments: All comments",
                 "Shown: replies included; withdrawn comments shown"):  # fmt: skip
        assert line in text
    section = document.sections[0]
    assert section.orientation == 1 and round(section.page_width.cm, 1) == 29.7
    assert round(section.page_height.cm, 1) == 21.0
    first_row = table.rows[0]._tr
    assert first_row.trPr is not None and first_row.trPr.xpath("./w:tblHeader")


def test_docx_keeps_formatting_links_and_a_redline(round_):
    document = Document(io.BytesIO(export(round_, "docx")))
    row = document.tables[0].rows[3]  # FR-001
    comment_xml = row.cells[5]._tc.xml
    assert "<w:b/>" in comment_xml and "postal operators" in comment_xml
    proposal = row.cells[6]._tc
    deleted = proposal.xpath(".//w:r[w:rPr/w:strike]/w:t")
    inserted = proposal.xpath(".//w:r[w:rPr/w:u]/w:t")
    assert [t.text for t in deleted] == ["should"] and [t.text for t in inserted] == ["must"]
    assert 'w:val="C00000"' in proposal.xml and 'w:val="00703C"' in proposal.xml
    link_cell = document.tables[0].rows[1].cells[5]._tc
    (link,) = link_cell.xpath(".//w:hyperlink")
    target = document.part.rels[
        link.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    ]
    assert target.target_ref == "https://example.org/guide" and target.is_external


def test_a_delegation_downloads_its_own_rows_without_unpublished_decisions(round_):
    scope = Scope.for_user(round_.version, round_.people.delegate)
    document = Document(io.BytesIO(export(round_, "docx", scope=scope)))
    cells = [[cell.text for cell in row.cells] for row in document.tables[0].rows[1:]]
    assert [row[0].split("\n")[0] for row in cells] == ["FR-002", "FR-001", "FR-001 reply 1",
                                                        "FR-001 reply 2", "FR-003"]  # fmt: skip
    assert cells[1][7] == ""  # FR-001's decision is not published
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Comments of France (FR); decisions not yet published" in text
