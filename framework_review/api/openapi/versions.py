"""OpenAPI: the next version from the decisions, comparing two versions, editing a clause."""

from __future__ import annotations

from typing import Any

from ...versions.compare import STATUSES
from .common import (
    VERSION_ID,
    body,
    error,
    errors,
    json_response,
    nullable,
    obj,
    path_param,
    ref,
)

OTHER_ID = path_param("other_id", "The id of the version to compare with, of the same draft.")

SCHEMAS: dict[str, Any] = {
    "CommentRef": {
        "description": "In a clause's changed_by_comments: a comment of the previous version "
        "whose accepted change made the clause (the clause's source_clause_id is the clause it "
        "came from; null in an imported version and for a clause inserted by an amendment).",
        **obj(
            {
                "id": {"type": "integer", "description": "For GET /comments/{comment_id}."},
                "code": {"type": "string", "examples": ["FR-001"]},
            }
        ),
    },
    "SuccessorRequest": {
        "description": "The label (empty: the next number, 'Draft 3') and a resolution for each "
        "clause whose accepted changes collide (see the 409 'conflicts' answer).",
        **obj(
            {
                "label": {"type": "string", "maxLength": 100},
                "resolutions": {
                    "type": "object",
                    "propertyNames": {"pattern": r"^\d+$"},
                    "additionalProperties": ref("Resolution"),
                    "description": "Keyed by the conflicting clause's id.",
                },
            },
            optional=("label", "resolutions"),
        ),
    },
    "Resolution": {
        "description": "Apply one competing comment's change (the others are not applied), or "
        "keep the clause with this text (none of them is applied).",
        "oneOf": [obj({"comment_id": {"type": "integer"}}), obj({"text": {"type": "string"}})],
    },
    "CompetingChange": obj(
        {
            "id": {"type": "integer", "description": "The comment's id."},
            "code": {"type": "string", "examples": ["FR-001"]},
            "kind": {"enum": ["replace", "delete", "insert"]},
            "text": {"type": "string", "description": "The adopted text; empty for 'delete'."},
            "redline_html": {
                "type": "string",
                "description": "The change against the current text (an insert: on its own).",
            },
        }
    ),
    "Conflict": obj(
        {
            "clause": obj(
                {"id": {"type": "integer"}, "ref": {"type": "string"}, "text": {"type": "string"}}
            ),
            "reasons": {"type": "array", "items": {"type": "string"}},
            "changes": {"type": "array", "items": ref("CompetingChange")},
            "subclauses": {
                "type": "array",
                "items": obj({"id": {"type": "integer"}, "ref": {"type": "string"}}),
                "description": "Sub-clauses a delete would take with it that are not deleted.",
            },
        }
    ),
    "ConflictsError": obj(
        {
            "error": obj(
                {"code": {"const": "conflicts"}, "message": {"type": "string", "minLength": 1}}
            ),
            "conflicts": {"type": "array", "items": ref("Conflict"), "minItems": 1},
        }
    ),
    "ComparedClause": obj(
        {
            "status": {"enum": list(STATUSES)},
            "old_clause_id": nullable({"type": "integer"}),
            "new_clause_id": nullable({"type": "integer"}),
            "old_ref": nullable({"type": "string"}),
            "new_ref": nullable({"type": "string"}),
            "moved": {
                "type": "boolean",
                "description": "Under another parent, or out of its former order.",
            },
            "redline_html": {
                "type": "string",
                "description": "Word-level redline of the text, escaped, with <ins>/<del>.",
            },
            "heading_redline_html": nullable({"type": "string"}),
            "changed_by_comments": {"type": "array", "items": ref("CommentRef")},
        }
    ),
    "Comparison": obj(
        {
            "from": ref("Version"),
            "to": ref("Version"),
            "counts": {
                "type": "object",
                "propertyNames": {"enum": list(STATUSES)},
                "additionalProperties": {"type": "integer", "minimum": 1},
            },
            "clauses": {"type": "array", "items": ref("ComparedClause")},
        }
    ),
    "ClauseEdit": {
        "description": "While the version is in preparation: the fields to change; others stay "
        "as they are. The ref follows the number (and items' refs follow their parent's).",
        **obj(
            {
                "text": {"type": "string", "description": "Markdown."},
                "heading": nullable({"type": "string", "maxLength": 500}),
                "number": nullable({"type": "string", "maxLength": 60}),
            },
            optional=("text", "heading", "number"),
        ),
    },
}

RESPONSES: dict[str, Any] = {}

PATHS: dict[str, Any] = {
    "/versions/{version_id}/successor": {
        "parameters": [VERSION_ID],
        "post": {
            "operationId": "createSuccessor",
            "summary": "Create the next version with every accepted change applied (officers).",
            "description": "From a version whose comment period has closed. Accepted changes "
            "that collide are refused with 409 'conflicts' listing them; send a resolution for "
            "each. The new version is in preparation; its clauses carry source_clause_id and "
            "changed_by_comments.",
            "requestBody": body("SuccessorRequest"),
            "responses": {
                "201": json_response(ref("Version"), "The new version, in preparation."),
                **errors(400, 401, 403, 404, 413, 422),
                "409": json_response(
                    {"anyOf": [ref("ConflictsError"), error("conflict")]},
                    "'conflicts': accepted changes collide (listed); 'conflict': the period "
                    "has not closed, or the next version was already made.",
                ),
            },
        },
    },
    "/versions/{version_id}/compare/{other_id}": {
        "parameters": [VERSION_ID, OTHER_ID],
        "get": {
            "operationId": "compareVersions",
            "summary": "Compare two versions of a draft clause by clause.",
            "description": "From version_id to other_id, in other_id's order. Clauses are "
            "matched by lineage, then by ref. ?changed_only=true leaves unchanged ones out.",
            "parameters": [
                {
                    "name": "changed_only",
                    "in": "query",
                    "required": False,
                    "schema": {"enum": ["true", "false"]},
                },
            ],  # fmt: skip
            "responses": {
                "200": json_response(ref("Comparison"), "The comparison."),
                **errors(401, 404, 422),
            },
        },
    },
}
