"""The report as an XLSX workbook: sheets All, To decide, Decided and Statistics.

openpyxl's write-only mode streams each row to disk, so memory stays flat with the number of
comments. Every data sheet has the header block, a frozen header row with filters, wrapped
text, set column widths and an Order column that puts a re-sorted sheet back in order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from .columns import SHEET_COLUMNS, sheet_cells, status
from .richtext import xml_safe
from .rows import Header, ReportItem
from .statistics import COUNT_KEYS, COUNT_TITLES, DECISION_KEYS, FEEDBACK_KEYS, Statistics

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WIDTHS = (7, 16, 9, 11, 16, 6, 60, 55, 50, 11)
HEADER_ROWS = 3  # title, details, then the column headings
SHEETS = ("All", "To decide", "Decided")


def _styles(workbook: Workbook) -> None:
    """Named styles: one lookup per cell instead of a new style object per cell."""
    top = Alignment(wrap_text=True, vertical="top")
    workbook.add_named_style(NamedStyle("report-cell", alignment=top))
    workbook.add_named_style(
        NamedStyle("report-heading", font=Font(bold=True), alignment=top,
                   fill=PatternFill("solid", fgColor="D9D9D9"))
    )  # fmt: skip
    workbook.add_named_style(NamedStyle("report-title", font=Font(bold=True, size=14)))


def _cell(sheet, value, style: str = "report-cell") -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text, never a formula, whatever a comment starts with
    cell.style = style
    return cell


def _data_sheet(workbook: Workbook, title: str, header: Header):
    sheet = workbook.create_sheet(title)
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"A{HEADER_ROWS + 1}"
    sheet.print_title_rows = f"{HEADER_ROWS}:{HEADER_ROWS}"
    _print_setup(sheet)
    sheet.append([_cell(sheet, f"{header.draft_title}, {header.version_label}: comments "
                              f"({title.lower()})", "report-title")])  # fmt: skip
    details = (
        f"Comment period: {header.period}. Report of {header.generated_at:%d %B %Y %H:%M} UTC. "
        f"{header.scope}. Shown: {'; '.join(header.filters)}."
    )
    sheet.append([_cell(sheet, xml_safe(details), "Normal")])
    sheet.append([_cell(sheet, name, "report-heading") for name in SHEET_COLUMNS])
    return sheet


def _print_setup(sheet) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def write_xlsx(
    header: Header,
    items: Iterable[ReportItem],
    stats: Statistics | None,
    output,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Write the workbook to `output` (a path or a binary file object)."""
    workbook = Workbook(write_only=True)
    _styles(workbook)
    sheets = {title: _data_sheet(workbook, title, header) for title in SHEETS}
    rows = dict.fromkeys(SHEETS, HEADER_ROWS)
    target = "To decide"
    for item in items:
        if not item.reply_of:  # a reply goes where its comment goes
            state = status(item)
            target = {"to decide": "To decide", "decided": "Decided"}.get(state, "")
            if progress:
                progress(1)
        values = sheet_cells(item)
        for title in ("All", target) if target else ("All",):
            sheet = sheets[title]
            sheet.append([_cell(sheet, value) for value in values])
            rows[title] += 1
    last = get_column_letter(len(SHEET_COLUMNS))
    for title, sheet in sheets.items():
        sheet.auto_filter.ref = f"A{HEADER_ROWS}:{last}{rows[title]}"
    if stats is not None:
        _statistics_sheet(workbook, stats)
    workbook.save(output)


def _statistics_sheet(workbook: Workbook, stats: Statistics) -> None:
    """The statistics page's tables, one under the other."""
    sheet = workbook.create_sheet("Statistics")
    for index, width in enumerate((14, 40, *([12] * len(COUNT_KEYS))), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width

    def table(title: str, headings: list[str], lines: list[list]) -> None:
        sheet.append([_cell(sheet, title, "report-title")])
        sheet.append([_cell(sheet, h, "report-heading") for h in headings])
        for line in lines:
            sheet.append([_cell(sheet, v, "Normal") if isinstance(v, str) else v for v in line])
        sheet.append([])

    titles = [COUNT_TITLES[k] for k in COUNT_KEYS]
    table("Comments per member", ["Member", "Name", *titles],
          [[m.key, m.name, *(m.counts[k] for k in COUNT_KEYS)] for m in stats.members]
          + [["All", "", *(stats.totals.get(k, 0) for k in COUNT_KEYS)]])  # fmt: skip
    table("Comments per type", ["Type", "Name", *titles],
          [[t.key, t.name, *(t.counts[k] for k in COUNT_KEYS)] for t in stats.types])  # fmt: skip
    clause_keys = ("total", "amendments", "open", "withdrawn")
    table("Comments per clause", ["Clause", "Title", *(COUNT_TITLES[k] for k in clause_keys)],
          [[c.key, ("  " * c.level) + c.name, *(c.counts[k] for k in clause_keys)]
           for c in stats.clauses])  # fmt: skip
    table("Decisions over time", ["Date", "", *(COUNT_TITLES[k] for k in DECISION_KEYS)],
          [[day, "", *(counts[k] for k in DECISION_KEYS)] for day, counts in stats.over_time])  # fmt: skip
    table("Member feedback on decisions", ["Answer", "Comments"],
          [[COUNT_TITLES[k], stats.feedback[k]] for k in FEEDBACK_KEYS])  # fmt: skip
