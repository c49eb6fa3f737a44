"""`flask export-report`."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from docx import Document


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(args=[str(a) for a in args])


def test_export_csv_by_slugs_with_filters(cli, round_, tmp_path):
    path = tmp_path / "out.csv"
    result = cli("export-report", "test-framework/draft-1", "--format", "csv", "--output", path,
                 "--clause", "1.2", "--no-withdrawn", "--replies")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Wrote 2 comments of Test framework, Draft 1 to" in result.output
    table = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    assert [row[1] for row in table[1:]] == ["FR-001", "FR-001 reply 1", "FR-001 reply 2",
                                             "KE-002"]  # fmt: skip


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_export_office_files_by_id_into_the_current_folder(cli, round_, tmp_path, monkeypatch,
                                                           fmt):  # fmt: skip
    monkeypatch.chdir(tmp_path)
    result = cli("export-report", round_.version.id, "--format", fmt, "--type", "te",
                 "--administration", "fr")  # fmt: skip
    assert result.exit_code == 0, result.output
    path = tmp_path / f"test-framework-draft-1-comments.{fmt}"
    assert f"to {path.name}." in result.output
    if fmt == "docx":
        codes = [r.cells[0].text for r in Document(path).tables[0].rows[1:]]
    else:
        codes = [r[1] for r in openpyxl.load_workbook(path)["All"].iter_rows(min_row=4,
                                                                             values_only=True)]  # fmt: skip
    assert codes == ["FR-001"]


@pytest.mark.parametrize(
    ("args", "message"),
    [(["nope/none", "--format", "csv"], "There is no version 'nope/none'"),
     (["test-framework/draft-1", "--format", "csv", "--clause", "9.9"], "no clause '9.9'"),
     (["test-framework/draft-1", "--format", "pdf"], "Invalid value for '--format'")],
)  # fmt: skip
def test_bad_arguments_are_explained(cli, round_, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = cli("export-report", *args)
    assert result.exit_code != 0 and message in result.output
    assert list(tmp_path.iterdir()) == []
