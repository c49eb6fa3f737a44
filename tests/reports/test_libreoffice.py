"""The exports open in LibreOffice without repair: converted to PDF, their text is there.

LibreOffice and pdftotext come from Debian (scripts/test-services.sh installs them); a missing
converter fails these tests, it never skips them.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from framework_review.reports import services
from framework_review.reports.rows import ReportFilters, Scope
from framework_review.reports.table_views import blank_table


def converted_text(path: Path, tmp_path: Path) -> str:
    """Convert `path` to PDF with LibreOffice headless, then read the PDF's text."""
    soffice, pdftotext = shutil.which("soffice"), shutil.which("pdftotext")
    if not soffice or not pdftotext:
        pytest.fail("LibreOffice (soffice) and pdftotext are needed: run scripts/test-services.sh")
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{home}/profile", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        env={**os.environ, "HOME": str(home)}, capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    pdf = tmp_path / f"{path.stem}.pdf"
    assert result.returncode == 0 and pdf.exists(), result.stdout + result.stderr
    return subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip


def report_file(round_, fmt: str, tmp_path: Path) -> Path:
    output = io.BytesIO()
    services.write_report(Scope(round_.version), ReportFilters(replies=True), fmt, output)
    path = tmp_path / f"report.{fmt}"
    path.write_bytes(output.getvalue())
    return path


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_the_report_converts_to_pdf_with_its_comments(round_, tmp_path, fmt):
    text = converted_text(report_file(round_, fmt, tmp_path), tmp_path)
    for expected in ("FR-001", "UPU-001", "Add postal operators to the list", "Kenya agrees",
                     "Out of scope", "Test framework"):  # fmt: skip
        assert expected in text, f"{expected!r} missing from the {fmt} converted to PDF"


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_the_blank_table_converts_to_pdf(round_, tmp_path, fmt):
    path = tmp_path / f"blank.{fmt}"
    path.write_bytes(blank_table(round_.version, fmt, round_.people.fr))
    text = converted_text(path, tmp_path)
    assert "Comment table: Test framework, Draft 1" in text
    assert "Administration: FR (France)" in text
