"""Provocations of the report, statistics and comment table operations."""

from __future__ import annotations

import io

from tests.api.contract import Provoke, World
from tests.reports.tables import ISO_EN, xlsx_table

ROW = ["FR", "", "1.2", "", "te", "Name the postal operators.", ""]


def _v(w: World, tail: str) -> str:
    return f"/versions/{w.version.id}/{tail}"


def _table(rows=(ROW,)) -> dict:
    return {"file": (io.BytesIO(xlsx_table(ISO_EN[:7], list(rows))), "table.xlsx")}


def _downloads(operation: str, tail: str) -> dict[tuple[str, int], Provoke]:
    return {
        (operation, 200): lambda api, w: api.get(_v(w, f"{tail}?replies=1"), w.people.chair),
        (operation, 401): lambda api, w: api.get(_v(w, tail)),
        (operation, 404): lambda api, w: api.get(f"/versions/999/{tail}", w.people.chair),
        (operation, 422): lambda api, w: api.get(_v(w, f"{tail}?type=xx"), w.people.chair),
    }


def _blank(operation: str, tail: str) -> dict[tuple[str, int], Provoke]:
    return {
        (operation, 200): lambda api, w: api.get(_v(w, tail), w.people.delegate),
        (operation, 401): lambda api, w: api.get(_v(w, tail)),
        (operation, 403): lambda api, w: api.get(_v(w, tail), w.people.chair),
        (operation, 404): lambda api, w: api.get(f"/versions/999/{tail}", w.people.delegate),
        (operation, 422): lambda api, w: api.get(_v(w, f"{tail}?administration=ZZ"),
                                                 w.people.secretariat),
    }  # fmt: skip


PROVOKE: dict[tuple[str, int], Provoke] = {
    ("listReportRows", 200): lambda api, w: api.get(_v(w, "report?replies=1"), w.people.delegate),
    ("listReportRows", 401): lambda api, w: api.get(_v(w, "report")),
    ("listReportRows", 404): lambda api, w: api.get("/versions/999/report", w.people.delegate),
    ("listReportRows", 422): lambda api, w: api.get(_v(w, "report?limit=0"), w.people.delegate),
    **_downloads("getReportDocx", "report.docx"),
    **_downloads("getReportXlsx", "report.xlsx"),
    **_downloads("getReportCsv", "report.csv"),
    ("getStatistics", 200): lambda api, w: api.get(_v(w, "statistics"), w.people.chair),
    ("getStatistics", 401): lambda api, w: api.get(_v(w, "statistics")),
    ("getStatistics", 403): lambda api, w: api.get(_v(w, "statistics"), w.people.delegate),
    ("getStatistics", 404): lambda api, w: api.get("/versions/999/statistics", w.people.chair),
    ("getStatistics", 422): lambda api, w: api.get(_v(w, "statistics?disposition=maybe"),
                                                   w.people.chair),
    **_blank("getBlankTableDocx", "comment-table.docx"),
    **_blank("getBlankTableXlsx", "comment-table.xlsx"),
    ("uploadCommentTable", 200): lambda api, w: api.post(
        _v(w, "comment-table?dry_run=1"), w.people.delegate, data=_table()),
    ("uploadCommentTable", 201): lambda api, w: api.post(
        _v(w, "comment-table"), w.people.delegate, data=_table()),
    ("uploadCommentTable", 401): lambda api, w: api.post(_v(w, "comment-table"), data=_table()),
    ("uploadCommentTable", 403): lambda api, w: api.post(
        _v(w, "comment-table"), w.people.chair, data=_table()),
    ("uploadCommentTable", 404): lambda api, w: api.post(
        "/versions/999/comment-table", w.people.delegate, data=_table()),
    ("uploadCommentTable", 409): lambda api, w: api.post(
        f"/versions/{w.closed_clause.version_id}/comment-table", w.people.delegate,
        data=_table()),
    ("uploadCommentTable", 413): lambda api, w: api.post(
        _v(w, "comment-table"), w.people.delegate,
        data={"file": (io.BytesIO(b"PK" + b"\0" * (6 * 1024 * 1024)), "big.xlsx")}),
    ("uploadCommentTable", 422): lambda api, w: api.post(
        _v(w, "comment-table"), w.people.delegate,
        data={"file": (io.BytesIO(b"not a table"), "table.xlsx")}),
}  # fmt: skip
