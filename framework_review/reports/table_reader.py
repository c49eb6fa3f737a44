"""Reading a comment table a delegation filled in offline (DOCX or XLSX), refusing hostile files.

Pure: bytes in, rows out, nothing written. The file is checked before any Office library
parses it: a zip (not an encrypted or old binary Office file), no macros, no DTDs, and no more
inflated bytes than a limit (counted while inflating; the sizes a zip declares are not
trusted). Columns are found by their headings, in this app's layout or the ISO/IEC-style
table, in English or French, whatever their order, case, spacing or footnote marks.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from flask_babel import gettext

from ..core.templating import format_number

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MACRO_EXTENSIONS = (".xlsm", ".docm", ".xltm", ".dotm", ".xlsb")
MAX_ROWS = 5000
MAX_INFLATED_BYTES = 64 * 1024 * 1024
MAX_ENTRIES = 2000
HEADER_SEARCH_ROWS = 30
CHUNK = 64 * 1024

# Headings as they read after normalise_heading(), per field of a comment.
HEADINGS: dict[str, set[str]] = {
    "id": {"id", "comment id", "comment no", "no", "n", "identifiant", "numero"},
    "member": {"member", "members", "mb/nc", "mb", "nc", "nb", "member body", "administration",
               "member administration", "country", "membre", "cn", "om/cn", "pays", "code",
               "administration membre"},
    "line": {"line number", "line", "line no", "lines", "numero de ligne", "n de ligne",
             "no de ligne", "ligne", "ligne n"},
    "clause": {"clause", "clause/subclause", "clause/sub clause", "clause/sub-clause",
               "subclause", "clause ref", "clause no", "clause number", "article",
               "article/paragraphe", "paragraphe/article", "section", "article/alinea"},
    "locator": {"paragraph/figure/table", "paragraph/figure/table/note", "paragraph",
                "paragraph/table/figure", "paragraphe/figure/tableau",
                "paragraphe/figure/tableau/note", "alinea/figure/tableau/note",
                "figure/tableau/note", "location", "where"},
    "type": {"type", "type of comment", "comment type", "types", "type de commentaire",
             "type d observation", "nature"},
    "comment": {"comment", "comments", "commentaire", "commentaires", "comment and justification",
                "comments/justification", "comment/justification", "justification",
                "comments and justification", "observations du membre"},
    "proposal": {"proposed change", "proposed changes", "proposal", "proposed text",
                 "proposed amendment", "modification proposee", "modifications proposees",
                 "changement propose", "changements proposes", "proposition"},
    "observations": {"observations", "observation", "observations of the secretariat",
                     "secretariat observations", "observations du secretariat",
                     "observations of the chair", "disposition", "decision"},
}  # fmt: skip
# Read but not imported: the IDs are given by the app, observations by the chair.
NOT_IMPORTED = ("id", "observations")
REQUIRED = ("clause", "comment")
_BY_HEADING = {heading: name for name, headings in HEADINGS.items() for heading in headings}
_FOOTNOTE_MARKS = re.compile("[\u00b9\u00b2\u00b3\u2070-\u209f*\u2020\u2021]")


class TableFileError(ValueError):
    """A file that cannot be read as a comment table; the message says why and what to do."""

    status = 422
    code = "invalid"
    field = "file"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class TableRow:
    """One filled-in row; `row` counts the heading row as row 1."""

    row: int
    values: dict[str, str]

    def get(self, name: str) -> str:
        return self.values.get(name, "")


@dataclass
class ReadTable:
    kind: str  # "docx" or "xlsx"
    rows: list[TableRow] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # field -> heading as written
    ignored: list[str] = field(default_factory=list)  # headings of columns not read
    sheet: str | None = None
    first_row: int = 1  # the sheet row (XLSX) or table row (DOCX) of the headings


def normalise_heading(text: str) -> str:
    """'Clause/ Subclause¹ (e.g. 3.1)' -> 'clause/subclause'; accents and case dropped."""
    text = _FOOTNOTE_MARKS.sub("", text or "")
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[\u2019'`]", " ", text)
    text = re.sub(r"[^\w/ ]+", " ", text)
    text = re.sub(r"\s*/\s*", "/", " ".join(text.split()))
    return re.sub(r"(?<=[a-z])\d+$", "", text).strip()  # a footnote digit typed plainly


def _recognise(cells: list[str]) -> tuple[dict[int, str], list[str]] | None:
    """Column index -> field for a heading row, and the headings not recognised; None when
    the row is not a comment table's heading (no clause or no comment column)."""
    found: dict[int, str] = {}
    extra: list[str] = []
    for index, cell in enumerate(cells):
        name = _BY_HEADING.get(normalise_heading(cell))
        if name and name not in found.values():
            found[index] = name
        elif cell.strip():
            extra.append(" ".join(cell.split()))
    if not all(name in found.values() for name in REQUIRED):
        return None
    return found, extra


# -- the container -------------------------------------------------------------------------
def check_file(filename: str, data: bytes, max_inflated: int = MAX_INFLATED_BYTES) -> str:
    """'docx' or 'xlsx' for a file that is safe to hand to python-docx / openpyxl."""
    name = (filename or "").lower()
    if name.endswith(MACRO_EXTENSIONS):
        raise TableFileError(
            gettext(
                "Files with macros (.xlsm, .docm) are refused. Save the table as a plain Word "
                "(.docx) or Excel (.xlsx) file and upload that."
            )
        )
    if data.startswith(OLE_SIGNATURE):
        raise TableFileError(
            gettext(
                "This file is encrypted (protected by a password) or in the old Word/Excel "
                "format (.doc, .xls). Save it without a password as .docx or .xlsx and upload "
                "it again."
            )
        )
    if not data.startswith(b"PK"):
        raise TableFileError(gettext("This is not a Word (.docx) or Excel (.xlsx) file."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise TableFileError(
                gettext("This file holds more than %(count)s parts; it is refused.",
                        count=format_number(MAX_ENTRIES))
            )  # fmt: skip
        _inflate_all(archive, entries, max_inflated)
        names = {entry.filename for entry in entries}
        content_types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    except TableFileError:
        raise
    except (zipfile.BadZipFile, KeyError, RuntimeError, NotImplementedError, OSError, EOFError,
            ValueError):  # fmt: skip
        raise TableFileError(
            gettext("This file is damaged or not a Word (.docx) or Excel (.xlsx) file.")
        ) from None
    if "macroenabled" in content_types.lower() or any(n.endswith("vbaProject.bin") for n in names):
        raise TableFileError(
            gettext(
                "This file contains macros, which are refused. Save it as a plain .docx or "
                ".xlsx file (without macros) and upload it again."
            )
        )
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise TableFileError(gettext("This is not a Word (.docx) or Excel (.xlsx) file."))


def _inflate_all(archive: zipfile.ZipFile, entries, limit: int) -> None:
    """Inflate every part, counting the real bytes; refuse past `limit` and XML with a DTD."""
    total = 0
    for entry in entries:
        with archive.open(entry) as stream:
            first = True
            while chunk := stream.read(CHUNK):
                total += len(chunk)
                if total > limit:
                    raise TableFileError(
                        gettext("This file unpacks to more than %(size)d MB; it is refused (a "
                                "comment table is far smaller).", size=limit // (1024 * 1024))
                    )  # fmt: skip
                if first and entry.filename.endswith((".xml", ".rels")) and b"<!DOCTYPE" in chunk:
                    raise TableFileError(
                        gettext("This file contains a document type definition; it is refused.")
                    )
                first = False


# -- the table -----------------------------------------------------------------------------
def read_table(
    filename: str,
    data: bytes,
    max_rows: int = MAX_ROWS,
    max_inflated: int = MAX_INFLATED_BYTES,
) -> ReadTable:
    """The comment rows of the first table (DOCX) or sheet (XLSX) with a recognised heading."""
    kind = check_file(filename, data, max_inflated)
    try:
        grids = _docx_grids(data) if kind == "docx" else _xlsx_grids(data)
        table = _find_table(kind, grids, max_rows)
    except TableFileError:
        raise
    except Exception:  # noqa: BLE001 - whatever a malformed file makes a library raise
        raise TableFileError(
            gettext(
                "This file could not be read; it may be damaged. Open it in Word or Excel, save "
                "it again and upload it."
            )
        ) from None
    if table is None:
        raise TableFileError(
            gettext(
                "No comment table was found: the file needs a table whose heading row has at "
                "least a Clause column and a Comment column (e.g. “Clause/Subclause” and "
                "“Comments”)."
            )
        )
    return table


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _docx_grids(data: bytes):
    """Each table of the document as (None, rows of cell texts), in document order."""
    from docx import Document

    document = Document(io.BytesIO(data))
    for table in document.tables:
        yield (
            None,
            (
                [_text("\n".join(p.text for p in cell.paragraphs)) for cell in _unique_cells(row)]
                for row in table.rows
            ),
        )


def _unique_cells(row):
    """A row's cells once each (python-docx repeats a horizontally merged cell)."""
    seen, cells = set(), []
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            cells.append(cell)
    return cells


def _xlsx_grids(data: bytes):
    """Each worksheet as (its title, rows of cell texts)."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            yield (
                sheet.title,
                ([_text(v) for v in row] for row in sheet.iter_rows(values_only=True)),
            )
    finally:
        workbook.close()


def _find_table(kind: str, grids, max_rows: int) -> ReadTable | None:
    for sheet, rows in grids:
        columns: dict[int, str] | None = None
        table = ReadTable(kind, sheet=sheet)
        for number, cells in enumerate(rows, start=1):
            if columns is None:
                if number > HEADER_SEARCH_ROWS:
                    break
                recognised = _recognise(cells)
                if recognised:
                    columns, table.ignored = recognised
                    table.columns = {name: cells[i].strip() for i, name in columns.items()}
                    table.first_row = number
                continue
            values = {name: cells[i] for i, name in columns.items() if i < len(cells) and cells[i]}
            if not any(values.get(n) for n in ("clause", "type", "comment", "proposal")):
                continue  # a blank row, or a row with only the member code (blank table)
            if len(values) == 1 and not ({"comment", "proposal"} & values.keys()):
                continue  # a note below the table, or a stray cell: nothing to comment with
            if len(table.rows) >= max_rows:
                raise TableFileError(
                    gettext("The table has more than %(count)s rows; split it into several files.",
                            count=format_number(max_rows))
                )  # fmt: skip
            table.rows.append(TableRow(number - table.first_row + 1, values))
        if columns is not None:
            return table
    return None
