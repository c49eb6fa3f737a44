"""A delegate works offline: downloads the blank table, fills it in Excel (here openpyxl),
uploads it, reads the preview and confirms."""

from __future__ import annotations

import re

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, release

pytestmark = pytest.mark.browser


def test_blank_table_filled_offline_uploaded_previewed_and_confirmed(db, people, version,
                                                                      webpage, tmp_path):  # fmt: skip
    release(db)
    log_in(webpage, people.delegate)
    webpage.get_by_role("link", name="Draft 1").click()
    webpage.get_by_role("link", name="Offline comment table").click()
    expect(webpage.get_by_role("heading", level=1)).to_contain_text("Offline comment table")

    with webpage.expect_download() as download_info:
        webpage.get_by_role("link", name="Blank table for Excel (XLSX)").click()
    download = download_info.value
    assert download.suggested_filename == "test-framework-draft-1-comment-table-fr.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Comments"]
    assert sheet["B5"].value == "FR"  # the administration's code is filled in
    sheet["C5"], sheet["D5"], sheet["E5"] = "1.2", "second sentence", "te"
    sheet["F5"] = "Name the **postal operators** among the data sources."
    sheet["G5"] = "Members should collect the data listed below before goods are dispatched."
    sheet["C6"], sheet["E6"], sheet["F6"] = "9.9", "ed", "A clause that does not exist."
    workbook.save(path)

    webpage.get_by_label("Filled-in comment table").set_input_files(str(path))
    webpage.get_by_role("button", name="Upload and preview").click()
    expect(webpage.get_by_role("heading", level=1)).to_have_text(f"Preview: {path.name}")
    expect(webpage.locator(".page-head")).to_contain_text(
        "1 row will become comments; 1 cannot be read"
    )
    refused = webpage.get_by_role("table", name="Refused rows and why")
    expect(refused).to_contain_text("Unknown clause ref “9.9”")
    accepted = webpage.get_by_role("table", name="Rows that will become comments")
    expect(accepted).to_contain_text("Name the **postal operators** among the data sources.")
    webpage.get_by_label("The whole new text of clause 1.2 (shown as a redline)").check()
    webpage.get_by_role("button", name="Create 1 comment").click()

    expect(webpage.locator(".flash--success")).to_have_text("1 comment created: FR-001.")
    expect(webpage).to_have_url(re.compile(r"/mine$"))
    webpage.get_by_role("link", name="FR-001").click()
    comment = webpage.locator("article#FR-001")
    expect(comment.locator(".comment__body strong")).to_have_text("postal operators")
    expect(comment.locator(".comment__locator")).to_contain_text("second sentence")
    expect(comment.locator(".redline del.rl-del")).to_have_text(["arrive"])
    expect(comment.locator(".redline ins.rl-ins")).to_have_text(["are dispatched"])
