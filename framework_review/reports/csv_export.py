"""The report as CSV: UTF-8 with a byte order mark, formulas neutralised, written as a stream."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from .columns import sheet_cells, sheet_columns
from .rows import ReportItem

MEDIA_TYPE = "text/csv"
# A spreadsheet program runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_ROWS = 500


def neutralise(value):
    """Text a spreadsheet would take for a formula gets a leading apostrophe; numbers stay."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_chunks(items: Iterable[ReportItem]) -> Iterator[str]:
    """The CSV text in chunks of a few hundred rows; the first chunk starts with the BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(sheet_columns())
    pending = 0
    starts = frozenset(FORMULA_STARTS)
    for item in items:  # neutralise() inlined: this runs for every cell of 30,000 rows
        writer.writerow([
            "'" + cell if cell.__class__ is str and cell[:1] in starts else cell
            for cell in sheet_cells(item)
        ])  # fmt: skip
        pending += 1
        if pending >= CHUNK_ROWS:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    yield buffer.getvalue()


def csv_bytes(items: Iterable[ReportItem]) -> Iterator[bytes]:
    """The same chunks encoded as UTF-8, for a streamed HTTP response or a file."""
    for chunk in csv_chunks(items):
        yield chunk.encode("utf-8")


def write_csv(items: Iterable[ReportItem], output) -> None:
    """Write the CSV to a binary file object."""
    for chunk in csv_bytes(items):
        output.write(chunk)
