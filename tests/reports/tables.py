"""Filled-in comment tables as delegations send them, built with python-docx and openpyxl."""

from __future__ import annotations

import io
import zipfile

from docx import Document
from openpyxl import Workbook

# This site's layout (the blank table's headings).
OURS = ["ID", "Member", "Clause", "Paragraph/Figure/Table", "Type", "Comment", "Proposed change",
        "Observations"]  # fmt: skip
# The ISO/IEC-style table, in English and in French, with its footnote marks and examples.
ISO_EN = ["MB/NC¹", "Line number\n(e.g. 17)", "Clause/\nSubclause\n(e.g. 3.1)",
          "Paragraph/\nFigure/ Table/\nNote\n(e.g. Table 1)", "Type of comment²", "Comments",
          "Proposed change", "Observations of the secretariat"]  # fmt: skip
ISO_FR = ["OM/CN¹", "N° de ligne\n(ex. 17)", "Article/\nParagraphe\n(ex. 3.1)",
          "Paragraphe/\nFigure/ Tableau/\nNote\n(ex. Tableau 1)", "Type de commentaire²",
          "Commentaires", "Modification proposée", "Observations du secrétariat"]  # fmt: skip
ABOVE = ["Comments of France on the test framework", "Date: 2 March 2030"]
BELOW = ["¹ MB = Member body", "² Type of comment: ge = general, te = technical, ed = editorial"]


def docx_table(headings: list[str], rows: list[list[str]], above=ABOVE, below=BELOW) -> bytes:
    document = Document()
    for line in above:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=len(headings))
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell.text = heading
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=False):
            cell.text = value
    for line in below:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_table(headings: list[str], rows: list[list], above=ABOVE, below=BELOW,
               title: str = "Comments") -> bytes:  # fmt: skip
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for line in above:
        sheet.append([line])
    sheet.append(headings)
    for values in rows:
        sheet.append(values)
    sheet.append([])
    for line in below:
        sheet.append([line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ordered(layout: list[str], row: dict[str, str]) -> list[str]:
    """A row given by field name, in the column order of `layout` (OURS, ISO_EN or ISO_FR)."""
    fields = ["id", "member", "clause", "locator", "type", "comment", "proposal", "observations"]
    if layout is not OURS:
        fields = ["member", "line", "clause", "locator", "type", "comment", "proposal",
                  "observations"]  # fmt: skip
    return [row.get(name, "") for name in fields]


def rezip(data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None,
          stored: bool = False) -> bytes:  # fmt: skip
    """The same Office file with some parts replaced or added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buffer, "w", method) as target:
        for item in source.infolist():
            content = (replace or {}).get(item.filename, source.read(item.filename))
            target.writestr(item.filename, content)
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return buffer.getvalue()
