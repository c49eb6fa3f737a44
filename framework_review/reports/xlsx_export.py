"""The report as an XLSX workbook: sheets All, To decide, Decided and Statistics.

openpyxl builds the workbook around the rows: styles, the header block of each sheet, frozen
heading row, filters, column widths, print set-up and the whole Statistics sheet. The rows of
the three data sheets are then written as SpreadsheetML text straight into the zip, each sheet
gathered in a temporary file while the report is read once. openpyxl's own write-only mode
needs about 0.3 ms a cell, which is over 30 s for a round of 30,000 comments with replies;
this takes a fraction of that, with flat memory (see docs/performance.md).
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from xml.sax.saxutils import escape

from flask_babel import gettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from ..core.templating import format_datetime
from .columns import sheet_cells, sheet_columns, status
from .richtext import xml_safe
from .rows import Header, ReportItem
from .statistics import COUNT_KEYS, COUNT_TITLES, DECISION_KEYS, FEEDBACK_KEYS, Statistics

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WIDTHS = (7, 16, 9, 11, 16, 6, 60, 55, 50, 11)
HEADER_ROWS = 3  # title, details, then the column headings
SHEETS = ("All", "To decide", "Decided")  # the sheets' keys; their titles are translated
SAMPLE = "@@report-rows@@"  # marks the row the streamed rows replace
MAX_CELL = 32_767  # the most characters a spreadsheet cell holds
LETTERS = [get_column_letter(n) for n in range(1, len(WIDTHS) + 1)]


def sheet_titles() -> dict[str, str]:
    """The data sheets' titles in the request's language, by key."""
    return {"All": gettext("All"), "To decide": gettext("To decide"),
            "Decided": gettext("Decided")}  # fmt: skip


def _styles(workbook: Workbook) -> None:
    top = Alignment(wrap_text=True, vertical="top")
    workbook.add_named_style(NamedStyle("report-cell", alignment=top))
    workbook.add_named_style(
        NamedStyle("report-heading", font=Font(bold=True), alignment=top,
                   fill=PatternFill("solid", fgColor="D9D9D9"))
    )  # fmt: skip
    workbook.add_named_style(NamedStyle("report-title", font=Font(bold=True, size=14)))


def _text_cell(sheet, row: int, column: int, value, style: str = "Normal"):
    cell = sheet.cell(row, column, value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text, never a formula, whatever it starts with
    cell.style = style
    return cell


def _data_sheet(workbook: Workbook, title: str, header: Header) -> None:
    sheet = workbook.create_sheet(title)
    for letter, width in zip(LETTERS, WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = f"A{HEADER_ROWS + 1}"
    sheet.print_title_rows = f"{HEADER_ROWS}:{HEADER_ROWS}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    heading = gettext("%(draft)s, %(version)s: comments (%(sheet)s)", draft=header.draft_title,
                      version=header.version_label, sheet=title.lower())  # fmt: skip
    _text_cell(sheet, 1, 1, xml_safe(heading), "report-title")
    details = gettext(
        "Comment period: %(period)s. Report of %(date)s. %(scope)s. Shown: %(filters)s.",
        period=header.period, date=format_datetime(header.generated_at), scope=header.scope,
        filters="; ".join(header.filters),
    )  # fmt: skip
    _text_cell(sheet, 2, 1, xml_safe(details))
    for column, name in enumerate(sheet_columns(), start=1):
        _text_cell(sheet, HEADER_ROWS, column, name, "report-heading")
    for column in range(1, len(LETTERS) + 1):  # the style every streamed cell takes
        _text_cell(sheet, HEADER_ROWS + 1, column, SAMPLE if column == 1 else None, "report-cell")
    sheet.auto_filter.ref = f"A{HEADER_ROWS}:{LETTERS[-1]}{HEADER_ROWS + 1}"


def _skeleton(header: Header, stats: Statistics | None) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    _styles(workbook)
    titles = sheet_titles()
    for key in SHEETS:
        _data_sheet(workbook, titles[key], header)
    if stats is not None:
        _statistics_sheet(workbook, stats)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell_xml(reference: str, value, style: str) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, int):
        return f'<c r="{reference}" s="{style}"><v>{value}</v></c>'
    text = xml_safe(str(value))
    if len(text) > MAX_CELL:
        text = text[: MAX_CELL - 1] + "…"
    return (f'<c r="{reference}" s="{style}" t="inlineStr"><is><t xml:space="preserve">'
            f"{escape(text)}</t></is></c>")  # fmt: skip


def _row_xml(values: list, number: int, style: str) -> str:
    cells = "".join(
        _cell_xml(f"{letter}{number}", value, style)
        for letter, value in zip(LETTERS, values, strict=True)
    )
    return f'<row r="{number}">{cells}</row>'


def write_xlsx(
    header: Header,
    items: Iterable[ReportItem],
    stats: Statistics | None,
    output,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Write the workbook to `output` (a path or a seekable binary file object)."""
    skeleton = zipfile.ZipFile(io.BytesIO(_skeleton(header, stats)))
    parts = {title: f"xl/worksheets/sheet{n}.xml" for n, title in enumerate(SHEETS, start=1)}
    templates = {title: skeleton.read(part).decode("utf-8") for title, part in parts.items()}
    style = re.search(rf'<c r="A{HEADER_ROWS + 1}" s="(\d+)"', templates["All"]).group(1)
    spools = {title: tempfile.TemporaryFile() for title in SHEETS}  # noqa: SIM115 - closed below
    last = dict.fromkeys(SHEETS, HEADER_ROWS)
    target = ""
    try:
        for item in items:
            if not item.reply_of:  # a reply goes where its comment goes
                target = {"to decide": "To decide", "decided": "Decided"}.get(status(item), "")
                if progress:
                    progress(1)
            values = sheet_cells(item)
            for title in ("All", target) if target else ("All",):
                last[title] += 1
                spools[title].write(_row_xml(values, last[title], style).encode("utf-8"))
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as workbook:
            for info in skeleton.infolist():
                title = next((t for t, part in parts.items() if part == info.filename), None)
                if title is None:
                    content = skeleton.read(info.filename)
                    if info.filename == "xl/workbook.xml":
                        rows = {sheet_titles()[key]: row for key, row in last.items()}
                        content = _filter_ranges(content.decode("utf-8"), rows).encode("utf-8")
                    workbook.writestr(info, content)
                    continue
                head, tail = _split(templates[title], last[title])
                with workbook.open(info, "w", force_zip64=True) as stream:
                    stream.write(head.encode("utf-8"))
                    spools[title].seek(0)
                    shutil.copyfileobj(spools[title], stream)
                    stream.write(tail.encode("utf-8"))
    finally:
        for spool in spools.values():
            spool.close()


def _split(sheet_xml: str, last_row: int) -> tuple[str, str]:
    """The sheet's XML before and after its sample row, with the used range and the filter
    range extended to the last row written."""
    match = re.search(rf'<row r="{HEADER_ROWS + 1}"[^>]*>.*?</row>', sheet_xml, re.DOTALL)
    if match is None or SAMPLE in sheet_xml[match.end() :]:
        raise RuntimeError("The workbook skeleton has no sample row to replace.")
    last = LETTERS[-1]
    head = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{last}{last_row}"/>',
                  sheet_xml[: match.start()])  # fmt: skip
    tail = re.sub(r'<autoFilter ref="[^"]*"', f'<autoFilter ref="A{HEADER_ROWS}:{last}{last_row}"',
                  sheet_xml[match.end() :])  # fmt: skip
    return head, tail


def _filter_ranges(workbook_xml: str, last: dict[str, int]) -> str:
    """The hidden names of the sheets' filters cover the rows written, like the filters
    (`last`: the last row of each sheet, by title)."""
    for title, row in last.items():
        workbook_xml = workbook_xml.replace(
            f"'{title}'!$A${HEADER_ROWS}:${LETTERS[-1]}${HEADER_ROWS + 1}<",
            f"'{title}'!$A${HEADER_ROWS}:${LETTERS[-1]}${row}<",
        )
    return workbook_xml


def _statistics_sheet(workbook: Workbook, stats: Statistics) -> None:
    """The statistics page's tables, one under the other."""
    sheet = workbook.create_sheet(gettext("Statistics"))
    for index, width in enumerate((14, 40, *([12] * len(COUNT_KEYS))), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    row = 1

    def table(title: str, headings: list[str], lines: list[list]) -> None:
        nonlocal row
        _text_cell(sheet, row, 1, title, "report-title")
        for column, heading in enumerate(headings, start=1):
            _text_cell(sheet, row + 1, column, heading, "report-heading")
        for offset, line in enumerate(lines, start=2):
            for column, value in enumerate(line, start=1):
                if isinstance(value, str):
                    _text_cell(sheet, row + offset, column, xml_safe(value))
                else:
                    sheet.cell(row + offset, column, value)
        row += len(lines) + 3

    count = {key: str(title) for key, title in COUNT_TITLES.items()}
    titles = [count[k] for k in COUNT_KEYS]
    table(gettext("Comments per member"), [gettext("Member"), gettext("Name"), *titles],
          [[m.key, m.name, *(m.counts[k] for k in COUNT_KEYS)] for m in stats.members]
          + [[gettext("All"), "", *(stats.totals.get(k, 0) for k in COUNT_KEYS)]])  # fmt: skip
    table(gettext("Comments per type"), [gettext("Type"), gettext("Name"), *titles],
          [[t.key, str(t.name), *(t.counts[k] for k in COUNT_KEYS)] for t in stats.types])  # fmt: skip
    clause_keys = ("total", "amendments", "open", "withdrawn")
    table(gettext("Comments per clause"),
          [gettext("Clause"), gettext("Title"), *(count[k] for k in clause_keys)],
          [[c.key, ("  " * c.level) + c.name, *(c.counts[k] for k in clause_keys)]
           for c in stats.clauses])  # fmt: skip
    table(gettext("Decisions over time"), [gettext("Date"), "", *(count[k] for k in DECISION_KEYS)],
          [[day, "", *(counts[k] for k in DECISION_KEYS)] for day, counts in stats.over_time])  # fmt: skip
    table(gettext("Member feedback on decisions"), [gettext("Answer"), gettext("Comments")],
          [[count[k], stats.feedback[k]] for k in FEEDBACK_KEYS])  # fmt: skip
