"""Reading filled-in comment tables: both layouts in both languages, and hostile files."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from framework_review.reports.table_reader import (
    OLE_SIGNATURE,
    TableFileError,
    normalise_heading,
    read_table,
)
from tests.reports.tables import ISO_EN, ISO_FR, OURS, docx_table, ordered, rezip, xlsx_table

ROW = {"member": "FR", "line": "17", "id": "FR-01", "clause": "1.2", "locator": "Table 1",
       "type": "te", "comment": "Add the postal operators.", "proposal": "Members must act.",
       "observations": "(left empty)"}  # fmt: skip
LAYOUTS = {"ours": OURS, "ISO English": ISO_EN, "ISO French": ISO_FR}
BUILDERS = {"docx": docx_table, "xlsx": xlsx_table}


@pytest.mark.parametrize("fmt", BUILDERS)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_both_layouts_in_both_languages_and_formats(fmt, layout):
    headings = LAYOUTS[layout]
    data = BUILDERS[fmt](headings, [ordered(headings, ROW), ordered(headings, {})])
    table = read_table(f"table.{fmt}", data)
    assert table.kind == fmt
    assert len(table.rows) == 1  # the empty row is skipped, and so are the notes below
    row = table.rows[0]
    assert row.row == 2  # the heading row is row 1
    assert row.get("clause") == "1.2" and row.get("type") == "te"
    assert row.get("comment") == "Add the postal operators."
    assert row.get("proposal") == "Members must act."
    assert row.get("member") == "FR" and row.get("locator") == "Table 1"
    assert row.get("line") == ("" if layout == "ours" else "17")
    assert table.ignored == []
    assert table.first_row == (3 if fmt == "xlsx" else 1)  # two lines of text above, in Excel


@pytest.mark.parametrize(
    ("heading", "normalised"),
    [
        ("Clause/ Subclause¹ (e.g. 3.1)", "clause/subclause"),
        ("  TYPE   OF\nCOMMENT* ", "type of comment"),
        ("Type of comment2", "type of comment"),
        ("Modification proposée", "modification proposee"),
        ("N° de ligne (ex. 17)", "n de ligne"),
        ("Comments [justification]", "comments"),
        ("MB/NC\u00b9", "mb/nc"),
    ],
)  # fmt: skip
def test_headings_are_normalised(heading, normalised):
    assert normalise_heading(heading) == normalised


def test_columns_in_any_order_and_extra_columns_are_named():
    headings = ["Comments", "Date", "clause", "TYPE", "Reviewer's notes"]
    data = xlsx_table(headings, [["Too long.", "2030-03-02", "2.1", "ed", "check"]], above=[])
    table = read_table("t.xlsx", data)
    assert table.ignored == ["Date", "Reviewer's notes"]
    assert table.rows[0].values == {"comment": "Too long.", "clause": "2.1", "type": "ed"}


def test_numbers_typed_in_excel_read_as_refs():
    table = read_table("t.xlsx", xlsx_table(["Clause", "Type", "Comment"], [[2, "te", "x"],
                                                                            [2.1, "te", "y"]]))  # fmt: skip
    assert [r.get("clause") for r in table.rows] == ["2", "2.1"]


def test_line_breaks_inside_a_word_cell_are_kept():
    data = docx_table(OURS, [["", "FR", "1.1", "", "te", "First line.\nSecond line.", ""]])
    assert read_table("t.docx", data).rows[0].get("comment") == "First line.\nSecond line."


def test_a_table_without_clause_and_comment_columns_is_not_a_comment_table():
    with pytest.raises(TableFileError, match="No comment table was found"):
        read_table("t.docx", docx_table(["Name", "Date"], [["a", "b"]]))


# -- hostile files ---------------------------------------------------------------------------
def refused(filename: str, data: bytes, **limits) -> str:
    with pytest.raises(TableFileError) as error:
        read_table(filename, data, **limits)
    return error.value.message


def test_not_an_office_file():
    assert "not a Word (.docx) or Excel (.xlsx) file" in refused("t.docx", b"%PDF-1.7 ...")
    assert "not a Word" in refused("t.xlsx", b"")
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("readme.txt", "hello")
    assert "not a Word" in refused("t.docx", plain_zip.getvalue())


def test_encrypted_or_old_binary_files():
    message = refused("t.xlsx", OLE_SIGNATURE + b"\0" * 2048)
    assert "encrypted" in message and "without a password" in message


@pytest.mark.parametrize("name", ["t.xlsm", "t.docm", "T.XLSM"])
def test_macro_files_are_refused_by_name(name):
    assert "macros" in refused(name, xlsx_table(OURS, []))


def test_macro_content_is_refused_whatever_the_name():
    data = xlsx_table(OURS, [])
    types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml").replace(
        b"sheet.main+xml", b"sheet.macroEnabled.main+xml")  # fmt: skip
    assert "macros" in refused("t.xlsx", rezip(data, replace={"[Content_Types].xml": types}))
    assert "macros" in refused("t.xlsx", rezip(data, add={"xl/vbaProject.bin": b"\0" * 64}))


def test_a_zip_bomb_is_refused_by_the_inflated_bytes():
    data = rezip(docx_table(OURS, []), add={"word/media/zeros.bin": b"\0" * (3 * 1024 * 1024)})
    assert len(data) < 200 * 1024  # small on the wire
    assert "unpacks to more than 1 MB" in refused("t.docx", data, max_inflated=1024 * 1024)
    assert read_table("t.docx", data).kind == "docx"  # under the default limit it is fine


def test_xml_with_a_document_type_definition_is_refused():
    data = docx_table(OURS, [])
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    bomb = xml.replace(b"?>", b'?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]>', 1)
    assert "document type definition" in refused("t.docx", rezip(data, replace={
        "word/document.xml": bomb}))  # fmt: skip


def test_damaged_parts_are_refused_cleanly():
    data = rezip(docx_table(OURS, []), replace={"word/document.xml": b"<w:document"})
    assert "could not be read" in refused("t.docx", data)
    truncated = docx_table(OURS, [])[:-200]
    assert "damaged" in refused("t.docx", truncated) or "not a Word" in refused("t.docx", truncated)


def test_more_than_5000_rows_are_refused():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Comments")
    sheet.append(["Clause", "Type", "Comment"])
    for n in range(5001):
        sheet.append(["1.1", "te", f"Comment {n}"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert "more than 5,000 rows" in refused("t.xlsx", buffer.getvalue())
    assert len(read_table("t.xlsx", buffer.getvalue(), max_rows=6000).rows) == 5001
