"""The blank comment table a delegation downloads to work offline, as DOCX or XLSX.

It has the report's columns (so table_reader reads it back), the administration's code filled
in, and the list of clause refs (an appendix in Word, a second sheet in Excel) so that rows
cite clauses as the app knows them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from flask_babel import gettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from .columns import table_columns
from .docx_export import landscape_a4
from .richtext import xml_safe

BLANK_ROWS_DOCX = 15
BLANK_ROWS_XLSX = 200
WIDTHS_CM = (2.0, 1.7, 1.9, 2.4, 1.3, 6.5, 6.5, 4.4)
XLSX_WIDTHS = (10, 10, 12, 18, 7, 60, 60, 40)


def instructions() -> str:
    return gettext(
        "One row per comment. Clause: a reference from the list of clauses (or General for the "
        "whole document). Type: ge (general), te (technical) or ed (editorial). Proposed "
        "change: your wording; when it is the whole new text of the clause you can have it "
        "shown as a redline when you upload the table. Leave ID and Observations empty: the "
        "app numbers the comments and the chair fills in the observations."
    )


@dataclass(frozen=True)
class ClauseRef:
    ref: str
    title: str


def _title(draft_title: str, version_label: str) -> str:
    return xml_safe(gettext("Comment table: %(draft)s, %(version)s", draft=draft_title,
                            version=version_label))  # fmt: skip


def _administration(member: str, member_name: str) -> str:
    if member:
        return gettext("Administration: %(code)s (%(name)s)", code=member, name=member_name)
    return gettext("Administration: (the administration's code)")


def _clause_list(clauses: list[ClauseRef]) -> list[ClauseRef]:
    """The clause references a row may cite, General (the whole document) first."""
    return [ClauseRef(gettext("General"), gettext("The whole document")), *clauses]


def blank_docx(draft_title: str, version_label: str, member: str, member_name: str,
               clauses: list[ClauseRef]) -> bytes:  # fmt: skip
    """The table in Word: landscape A4, heading row repeated, the clause list as an appendix."""
    document = Document()
    landscape_a4(document)
    document.styles["Normal"].font.size = Pt(10)
    document.add_heading(_title(draft_title, version_label), level=1)
    document.add_paragraph().add_run(xml_safe(_administration(member, member_name))).bold = True
    document.add_paragraph(instructions())
    headings = table_columns()
    table = document.add_table(rows=1 + BLANK_ROWS_DOCX, cols=len(headings))
    table.style = "Table Grid"
    for column, (heading, width) in enumerate(zip(headings, WIDTHS_CM, strict=True)):
        for index, row in enumerate(table.rows):
            cell = row.cells[column]
            cell.width = Cm(width)
            if index == 0:
                cell.paragraphs[0].add_run(heading).bold = True
            elif column == 1:  # Member
                cell.text = member
    heading_row = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    heading_row.append(repeat)
    document.add_page_break()
    document.add_heading(gettext("Clauses of this version"), level=2)
    appendix = document.add_table(rows=1, cols=2)
    appendix.style = "Table Grid"
    appendix.rows[0].cells[0].paragraphs[0].add_run(gettext("Clause")).bold = True
    appendix.rows[0].cells[1].paragraphs[0].add_run(
        gettext("Heading or beginning of the text")
    ).bold = True
    for clause in _clause_list(clauses):
        cells = appendix.add_row().cells
        cells[0].text = xml_safe(clause.ref)
        cells[1].text = xml_safe(clause.title)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def blank_xlsx(draft_title: str, version_label: str, member: str, member_name: str,
               clauses: list[ClauseRef]) -> bytes:  # fmt: skip
    """The table in Excel: sheet Comments with lists for Type and Clause, sheet Clauses."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = gettext("Comments")
    sheet.append([_title(draft_title, version_label)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([xml_safe(_administration(member, member_name))])
    sheet.append([instructions()])
    headings = table_columns()
    sheet.append(list(headings))
    heading_row = 4
    for cell in sheet[heading_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for offset in range(1, BLANK_ROWS_XLSX + 1):
        sheet.cell(heading_row + offset, 2, member or None)
        for column in range(1, len(headings) + 1):
            sheet.cell(heading_row + offset, column).alignment = Alignment(wrap_text=True,
                                                                         vertical="top")  # fmt: skip
    for index, width in enumerate(XLSX_WIDTHS, start=1):
        sheet.column_dimensions[chr(64 + index)].width = width
    sheet.freeze_panes = f"A{heading_row + 1}"
    last = heading_row + BLANK_ROWS_XLSX
    types = DataValidation(type="list", formula1='"ge,te,ed"', allow_blank=True)
    types.error = gettext("Type: ge, te or ed.")
    types.add(f"E{heading_row + 1}:E{last}")
    listing_title = gettext("Clauses")  # one word: a sheet name the formula needs no quotes for
    refs = DataValidation(type="list", formula1=f"={listing_title}!$A$2:$A${len(clauses) + 2}",
                          allow_blank=True, errorStyle="warning")  # fmt: skip
    refs.error = gettext("Not a clause of this version: see the sheet %(sheet)s.",
                         sheet=listing_title)  # fmt: skip
    refs.add(f"C{heading_row + 1}:C{last}")
    sheet.add_data_validation(types)
    sheet.add_data_validation(refs)
    listing = workbook.create_sheet(listing_title)
    listing.append([gettext("Clause"), gettext("Heading or beginning of the text")])
    for cell in listing[1]:
        cell.font = Font(bold=True)
    general = _clause_list([])[0]
    listing.append([general.ref, general.title])
    for clause in clauses:
        listing.append([xml_safe(clause.ref), xml_safe(clause.title)])
    for row in listing.iter_rows(min_row=3):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # the draft's text, never a formula
    listing.column_dimensions["A"].width = 14
    listing.column_dimensions["B"].width = 90
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
