"""OpenAPI: the consolidated report (JSON rows and files), statistics, the offline table."""

from __future__ import annotations

from typing import Any

from ...comments.models import CommentType, ProposalKind
from ...reports import csv_export, docx_export, xlsx_export
from ...reports.rows import DISPOSITION_FILTERS
from ...reports.statistics import COUNT_KEYS, DECISION_KEYS, FEEDBACK_KEYS
from ...review.models import DECISIONS
from .common import (
    TIMESTAMP,
    VERSION_ID,
    binary_response,
    error,
    errors,
    json_response,
    nullable,
    obj,
    ref,
)

# The media types the API sends files with; the contract tests check each file against them.
DOCX, XLSX, CSV = docx_export.MEDIA_TYPE, xlsx_export.MEDIA_TYPE, csv_export.MEDIA_TYPE


def _query(name: str, description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema or {"type": "string"}}  # fmt: skip


FILTERS = [
    _query("clause", "Clause refs, comma-separated or repeated; each with its sub-clauses. "
           "'General' is the whole document."),
    _query("administration", "Member codes, comma-separated or repeated."),
    _query("type", "Comment types (ge, te, ed), comma-separated or repeated."),
    _query("disposition", f"Decisions ({', '.join(DISPOSITION_FILTERS)}), comma-separated or "
           "repeated. Decisions not yet published to the caller count as open."),
    _query("replies", "1: replies under their comment, in thread order.", {"enum": ["0", "1"]}),
    _query("withdrawn", "0: leave withdrawn comments out (shown as withdrawn by default).",
           {"enum": ["0", "1"]}),
]  # fmt: skip
COUNTS = {key: {"type": "integer", "minimum": 0} for key in COUNT_KEYS}

SCHEMAS: dict[str, Any] = {
    "ReportReply": obj(
        {
            "member": {"type": "string", "description": "Code, or Chair / Secretariat."},
            "comment": {"type": "string", "description": "Plain text."},
            "comment_html": {"type": "string"},
            "created_at": TIMESTAMP,
        }
    ),
    "ReportRow": obj(
        {
            "order": {"type": "integer", "minimum": 1, "description": "Place in the report."},
            "id": {"type": "string", "examples": ["FR-001"]},
            "comment_id": {"type": "integer"},
            "member": {"type": "string"},
            "clause": {"type": "string", "examples": ["3.2(b)", "General"]},
            "locator": {"type": "string"},
            "type": {"enum": [t.value for t in CommentType]},
            "comment": {
                "type": "string",
                "description": "Plain text: lists marked, links in brackets, no Markdown syntax.",
            },  # fmt: skip
            "comment_html": {"type": "string"},
            "proposal": nullable(
                obj(
                    {
                        "kind": {"enum": [k.value for k in ProposalKind]},
                        "text": {"type": "string"},
                        "html": {"type": "string", "description": "A redline for an amendment."},
                    }
                )
            ),  # fmt: skip
            "observations": nullable(
                obj(
                    {
                        "decision": {"enum": [d.value for d in DECISIONS]},
                        "title": {"type": "string"},
                        "observation": {"type": "string"},
                        "observation_html": {"type": "string"},
                        "adopted_text": {"type": "string"},
                    }
                )
            ),  # fmt: skip
            "status": {"enum": ["to decide", "decided", "withdrawn"]},
            "entered_by_secretariat": {"type": "boolean"},
            "replies": {"type": "array", "items": ref("ReportReply")},
        }
    ),
    "StatisticsLine": obj({"key": {"type": "string"}, "name": {"type": "string"}, **COUNTS}),
    "Statistics": obj(
        {
            "members": {"type": "array", "items": ref("StatisticsLine")},
            "types": {"type": "array", "items": ref("StatisticsLine")},
            "clauses": {
                "type": "array",
                "description": "Every clause in document order, General first.",
                "items": obj(
                    {
                        "key": {"type": "string"},
                        "name": {"type": "string"},
                        "total": {"type": "integer"},
                        "amendments": {"type": "integer"},
                        "open": {"type": "integer"},
                        "withdrawn": {"type": "integer"},
                        "level": {"type": "integer", "minimum": 0},
                    }
                ),  # fmt: skip
            },
            "decisions_over_time": {
                "type": "array",
                "items": obj(
                    {
                        "date": {"type": "string", "format": "date"},
                        **{k: {"type": "integer"} for k in DECISION_KEYS},
                    }
                ),  # fmt: skip
            },
            "feedback": obj({k: {"type": "integer"} for k in FEEDBACK_KEYS}),
            "totals": obj(COUNTS),
        }
    ),
    "TableUpload": obj(
        {
            "accepted": {
                "type": "array",
                "items": obj(
                    {
                        "row": {"type": "integer", "description": "The heading row is row 1."},
                        "clause": {"type": "string"},
                        "type": {"enum": [t.value for t in CommentType]},
                        "locator": {"type": "string"},
                        "comment": {"type": "string"},
                        "proposal": nullable({"type": "string"}),
                        "replace": {
                            "type": "boolean",
                            "description": "Read as the clause's whole "
                            "new text (a redline): asked for with 'replace'.",
                        },
                    }
                ),  # fmt: skip
            },
            "refused": {
                "type": "array",
                "items": obj({"row": {"type": "integer"}, "reason": {"type": "string"}}),
            },
            "ignored_columns": {"type": "array", "items": {"type": "string"}},
            "created": {
                "type": "array",
                "items": ref("Comment"),
                "description": "Empty on a dry run.",
            },  # fmt: skip
        }
    ),
}

RESPONSES: dict[str, Any] = {}


def _download(operation_id: str, media_type: str, what: str) -> dict[str, Any]:
    return {
        "get": {
            "operationId": operation_id,
            "summary": f"The consolidated comment report as {what}.",
            "description": "Chair and secretariat: every comment. Delegates: their "
            "administration's comments, and every comment once the secretariat has released "
            "the report (blind collection still applies). Decisions show once published.",
            "parameters": FILTERS,
            "responses": {
                "200": binary_response(media_type, f"The report ({what})."),
                **errors(401, 404, 422),
            },
        }
    }


def _blank(operation_id: str, media_type: str, what: str) -> dict[str, Any]:
    return {
        "get": {
            "operationId": operation_id,
            "summary": f"A blank comment table as {what}, with the caller's administration "
            "code and the version's clause refs.",
            "parameters": [
                _query(
                    "administration",
                    "Secretariat only: the administration whose code is filled in.",
                )
            ],  # fmt: skip
            "responses": {
                "200": binary_response(media_type, f"The blank table ({what})."),
                **errors(401, 403, 404, 422),
            },
        }
    }


PATHS: dict[str, Any] = {
    "/versions/{version_id}/report": {
        "parameters": [VERSION_ID],
        "get": {
            "operationId": "listReportRows",
            "summary": "The consolidated report's comments as JSON, a page at a time.",
            "description": "In clause order (General first), then member, then ID. Pass "
            "next_cursor back as 'cursor' for the next page; null on the last page.",
            "parameters": [
                *FILTERS,
                _query(
                    "limit",
                    "Comments per page, 1 to 500 (default 100).",
                    {"type": "string", "pattern": "^[0-9]+$"},
                ),
                _query("cursor", "next_cursor of the previous page."),
            ],  # fmt: skip
            "responses": {
                "200": json_response(
                    obj(
                        {
                            "rows": {"type": "array", "items": ref("ReportRow")},
                            "next_cursor": nullable({"type": "string"}),
                        }
                    ),
                    "One page of the report.",
                ),  # fmt: skip
                **errors(401, 404, 422),
            },
        },
    },
    "/versions/{version_id}/report.docx": {
        "parameters": [VERSION_ID],
        **_download("getReportDocx", DOCX, "Word (DOCX)"),
    },
    "/versions/{version_id}/report.xlsx": {
        "parameters": [VERSION_ID],
        **_download("getReportXlsx", XLSX, "Excel (XLSX)"),
    },
    "/versions/{version_id}/report.csv": {
        "parameters": [VERSION_ID],
        **_download("getReportCsv", CSV, "CSV (UTF-8 with BOM)"),
    },
    "/versions/{version_id}/statistics": {
        "parameters": [VERSION_ID],
        "get": {
            "operationId": "getStatistics",
            "summary": "Counts per member, type and clause, decisions over time, feedback.",
            "description": "The numbers of the statistics page and the XLSX Statistics sheet. "
            "Chair and secretariat; delegates once the report and the decisions are released.",
            "parameters": FILTERS,
            "responses": {
                "200": json_response(ref("Statistics"), "The statistics."),
                **errors(401, 403, 404, 422),
            },
        },
    },
    "/versions/{version_id}/comment-table.docx": {
        "parameters": [VERSION_ID],
        **_blank("getBlankTableDocx", DOCX, "Word (DOCX)"),
    },
    "/versions/{version_id}/comment-table.xlsx": {
        "parameters": [VERSION_ID],
        **_blank("getBlankTableXlsx", XLSX, "Excel (XLSX)"),
    },
    "/versions/{version_id}/comment-table": {
        "parameters": [VERSION_ID],
        "post": {
            "operationId": "uploadCommentTable",
            "summary": "Read a filled-in comment table (DOCX or XLSX) into comments.",
            "description": "Every row is accepted or refused with its reason. With dry_run=1 "
            "nothing is written; otherwise the accepted rows become comments exactly as if "
            "typed, in one transaction. Rows already uploaded (same clause and text) are "
            "refused, so sending a file twice creates no duplicates.",
            "parameters": [_query("dry_run", "1: read and check only.", {"enum": ["0", "1"]})],
            "requestBody": {
                "required": True,
                "content": {
                    "multipart/form-data": {
                        "schema": obj(
                            {
                                "file": {"type": "string", "format": "binary"},
                                "administration": {
                                    "type": "string",
                                    "description": "Secretariat only: "
                                    "whose comments (received by e-mail).",
                                },
                                "replace": {
                                    "type": "string",
                                    "description": "Rows whose proposed change "
                                    "is the clause's whole new text, comma-separated.",
                                },
                            },
                            optional=("administration", "replace"),
                        )
                    }
                },
            },  # fmt: skip
            "responses": {
                "200": json_response(
                    ref("TableUpload"), "Read (a dry run, or no row could become a comment)."
                ),  # fmt: skip
                "201": json_response(ref("TableUpload"), "Read; 'created' holds the comments."),
                **errors(401, 403, 404, 422),
                "409": json_response(error("period_closed"), "The comment period is not open."),
                "413": json_response(
                    error("too_large"),
                    "The file is larger than the site accepts (MAX_CONTENT_LENGTH).",
                ),  # fmt: skip
            },
        },
    },
}
