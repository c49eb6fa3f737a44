"""OpenAPI: drafts, versions, clauses, comments, replies and support (and the shared errors)."""

from __future__ import annotations

from typing import Any

from ...comments.models import CommentStatus, CommentType, ProposalKind
from ...drafts.models import VersionStatus
from .common import (
    CLAUSE_ID,
    COMMENT_ID,
    ERROR_CODES,
    TIMESTAMP,
    VERSION_ID,
    body,
    error,
    errors,
    json_response,
    nullable,
    obj,
    ref,
)

# Enumerations come from the models, so a new value cannot be missing here.
COMMENT_STATUSES = [s.value for s in CommentStatus]
COMMENT_TYPES = [t.value for t in CommentType]
PROPOSAL_KINDS = [k.value for k in ProposalKind]
VERSION_STATUSES = [s.value for s in VersionStatus]

PROPOSAL_INPUT = nullable(
    obj({"kind": {"enum": PROPOSAL_KINDS}, "text": {"type": "string"}}, optional=("text",))
)

SCHEMAS: dict[str, Any] = {
    "Timestamp": {
        "description": "ISO 8601 in UTC with a Z, to the second.",
        "type": "string",
        "format": "date-time",
        "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$",
    },
    "Version": obj(
        {
            "id": {"type": "integer"},
            "label": {"type": "string", "examples": ["Draft 1"]},
            "status": {"enum": VERSION_STATUSES},
            "opens_at": nullable(TIMESTAMP),
            "closes_at": nullable(TIMESTAMP),
            "phase": {
                "description": "The period as readers see it now: an open version is "
                "'scheduled' before opens_at and 'closed' after closes_at.",
                "enum": ["preparation", "scheduled", "open", "closed", "superseded"],
            },
            "comments_visible_during_period": {
                "type": "boolean",
                "description": "False: delegates see only their own administration's comments "
                "until the period closes (blind collection).",
            },
            "observers_may_comment": {
                "type": "boolean",
                "description": "Whether delegates of observer administrations may comment, "
                "propose amendments and support comments on this version.",
            },
            "previous_version_id": {
                **nullable({"type": "integer"}),
                "description": "The version this one was generated from, if any.",
            },
            "dispositions_visible": {
                "type": "boolean",
                "description": "Whether the chair has published the decisions to the delegations.",
            },
            "secretariat_may_decide": {
                "type": "boolean",
                "description": "Whether the secretariat records decisions and settles clauses too.",
            },
            "report_released": {
                "type": "boolean",
                "description": "Whether delegates may download the full consolidated report "
                "(their own administration's comments they always may).",
            },
        }
    ),
    "Draft": obj(
        {
            "id": {"type": "integer"},
            "title": {"type": "string"},
            "versions": {"type": "array", "items": ref("Version")},
        }
    ),
    "Clause": obj(
        {
            "id": {"type": "integer"},
            "ref": {"type": "string", "examples": ["3.2(b)"]},
            "heading": nullable({"type": "string"}),
            "text": {"type": "string", "description": "Markdown."},
            "level": {"type": "integer", "minimum": 0},
            "parent_id": nullable({"type": "integer"}),
            "position": {"type": "integer", "minimum": 1},
            # Lineage (see openapi/versions.py): where the clause came from and why it changed.
            "source_clause_id": nullable({"type": "integer"}),
            "changed_by_comments": {"type": "array", "items": ref("CommentRef")},
            "status": {
                "enum": ["open", "settled"],
                "description": "A settled clause takes no new comments, amendments or support.",
            },
        }
    ),
    "Proposal": obj(
        {
            "kind": {"enum": PROPOSAL_KINDS},
            "text": {"type": "string", "description": "Empty for 'delete'."},
        }
    ),
    "Reply": obj(
        {
            "id": {"type": "integer"},
            "author": {"type": "string"},
            "administration": nullable({"type": "string"}),
            "body": {"type": "string"},
            "body_html": {"type": "string", "description": "Sanitised HTML of body."},
            "created_at": TIMESTAMP,
        }
    ),
    "Comment": obj(
        {
            "id": {"type": "integer"},
            "code": {"type": "string", "examples": ["FR-001"]},
            "clause_id": nullable({"type": "integer"}),
            "administration": {"type": "string", "examples": ["FR"]},
            "author": {"type": "string"},
            "type": {"enum": COMMENT_TYPES},
            "locator": {"type": "string"},
            "quote": {"type": "string"},
            "body": {"type": "string", "description": "Markdown."},
            "body_html": {"type": "string", "description": "Sanitised HTML of body."},
            "proposal": nullable(ref("Proposal")),
            "status": {"enum": COMMENT_STATUSES},
            "supporters": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Codes of the administrations that support the comment.",
            },
            "replies": {"type": "array", "items": ref("Reply")},
            "version": {
                "type": "integer",
                "minimum": 1,
                "description": "Edit counter: send it back with PATCH.",
            },
            "created_at": TIMESTAMP,
            "updated_at": TIMESTAMP,
            "disposition": {
                **nullable(ref("Disposition")),
                "description": "The decision in force; null while open, and for delegates "
                "until the chair publishes the decisions.",
            },
            "feedback": {
                **nullable(ref("Feedback")),
                "description": "The delegation's answer to that decision, for the delegation "
                "and the officers; null when none.",
            },
        }
    ),
    "Revision": obj(
        {
            "revision": {"type": "integer", "minimum": 1},
            "type": {"enum": COMMENT_TYPES},
            "locator": {"type": "string"},
            "quote": {"type": "string"},
            "body": {"type": "string"},
            "body_html": {"type": "string"},
            "proposal": nullable(ref("Proposal")),
            "written_at": TIMESTAMP,
            "written_by": {"type": "string"},
            "replaced_at": TIMESTAMP,
            "replaced_by": {"type": "string"},
        }
    ),
    "Error": {
        **obj(
            {
                "error": {
                    **obj(
                        {
                            "code": {"enum": ERROR_CODES},
                            "message": {"type": "string", "minLength": 1},
                            "field": {
                                "type": "string",
                                "description": "The request field at fault, when known.",
                            },
                            "current": {
                                **ref("Comment"),
                                "description": "With code 'stale': the comment as saved now.",
                            },
                        },
                        optional=("field", "current"),
                    ),
                    "if": {"properties": {"code": {"const": "stale"}}},
                    "then": {"required": ["current"]},
                }
            }
        ),
    },
    # -- request bodies --------------------------------------------------------------------
    "NewComment": {
        **obj(
            {
                "type": {"enum": COMMENT_TYPES},
                "body": {
                    "type": "string",
                    "minLength": 1,
                    "description": "Markdown, up to 20,000 characters.",
                },
                "locator": {"type": "string", "maxLength": 200},
                "quote": {"type": "string", "maxLength": 2000},
                "proposal": PROPOSAL_INPUT,
            },
            optional=("locator", "quote", "proposal"),
        ),
    },
    "CommentChanges": {
        "description": "The version last seen and the fields to change; others stay as they are.",
        **obj(
            {
                "version": {"type": "integer"},
                "type": {"enum": COMMENT_TYPES},
                "body": {"type": "string", "minLength": 1},
                "locator": {"type": "string", "maxLength": 200},
                "quote": {"type": "string", "maxLength": 2000},
                "proposal": PROPOSAL_INPUT,
            },
            optional=("type", "body", "locator", "quote", "proposal"),
        ),
    },
    "NewReply": obj({"body": {"type": "string", "minLength": 1}}),
    "PeriodChanges": obj(
        {
            "status": {"enum": ["preparation", "open", "closed"]},
            "opens_at": nullable({"type": "string", "format": "date-time"}),
            "closes_at": nullable({"type": "string", "format": "date-time"}),
            "comments_visible_during_period": {"type": "boolean"},
            "observers_may_comment": {"type": "boolean"},
            "dispositions_visible": {"type": "boolean"},
            "secretariat_may_decide": {"type": "boolean"},
            "report_released": {"type": "boolean"},
        },
        optional=(
            "status",
            "opens_at",
            "closes_at",
            "comments_visible_during_period",
            "observers_may_comment",
            "dispositions_visible",
            "secretariat_may_decide",
            "report_released",
        ),  # fmt: skip
    ),
}

RESPONSES: dict[str, Any] = {
    "NotJson": json_response(error("bad_request"), "The body is not JSON."),
    "Unauthorized": json_response(
        error("unauthorized"),
        "No token, or a token that is unknown, revoked, or whose account is inactive.",
        headers={"WWW-Authenticate": {"schema": {"type": "string"}}},
    ),
    "Forbidden": json_response(error("forbidden"), "The caller's role may not do this."),
    "NotFound": json_response(
        error("not_found"), "No such object, or one the caller may not see (blind collection)."
    ),
    "TooLarge": json_response(
        error("too_large"), "The body is larger than the API accepts (1 MiB)."
    ),
    "Invalid": json_response(
        error("invalid"), "JSON, but not what the endpoint takes; 'field' names the culprit."
    ),
    "TooManyRequests": json_response(
        error("too_many_requests"),
        "Too many writes with this token in a short time (API_WRITE_LIMIT, 300 a minute by "
        "default); Retry-After says how many seconds to wait.",
        headers={"Retry-After": {"schema": {"type": "integer", "minimum": 1}}},
    ),
    "PeriodClosed": json_response(
        error(["period_closed", "withdrawn"]),
        "'period_closed': the comment period is not open or the clause is settled (the message "
        "says which, with the dates); 'withdrawn': the comment was withdrawn.",
    ),
}


PERIOD_CLOSED = {"409": {"$ref": "#/components/responses/PeriodClosed"}}


def _comment_action(operation_id: str, summary: str) -> dict[str, Any]:
    return {
        "operationId": operation_id,
        "summary": summary,
        "responses": {
            "200": json_response(ref("Comment"), "The comment after the change."),
            **errors(401, 403, 404, 429), **PERIOD_CLOSED,
        },
    }  # fmt: skip


PATHS: dict[str, Any] = {
    "/openapi.json": {
        "get": {
            "operationId": "getOpenApi",
            "summary": "This document. Public: no token needed.",
            "security": [],
            "responses": {"200": json_response({"type": "object"}, "The OpenAPI document.")},
        }
    },
    "/drafts": {
        "get": {
            "operationId": "listDrafts",
            "summary": "Drafts with their versions.",
            "responses": {
                "200": json_response(
                    obj({"drafts": {"type": "array", "items": ref("Draft")}}),
                    "Drafts by title, versions by number.",
                ),
                **errors(401),
            },
        }
    },
    "/versions/{version_id}": {
        "parameters": [VERSION_ID],
        "patch": {
            "operationId": "updateVersion",
            "summary": "Change the comment period and release the report (secretariat), or "
            "the review settings (chair and secretariat).",
            "description": "The period fields (status, opens_at, closes_at, "
            "comments_visible_during_period, observers_may_comment) and report_released are the "
            "secretariat's: a chair sending any of them gets 403 and nothing changes. "
            "dispositions_visible publishes the decisions; secretariat_may_decide lets the "
            "secretariat decide.",
            "requestBody": body("PeriodChanges"),
            "responses": {
                "200": json_response(ref("Version"), "The version after the change."),
                **errors(400, 401, 403, 404, 413, 422, 429),
                "409": json_response(
                    error(["conflict", "superseded"]),
                    "The version's state forbids it: superseded, no text to open, or comments "
                    "already written.",
                ),
            },
        },
    },
    "/versions/{version_id}/clauses": {
        "parameters": [VERSION_ID],
        "get": {
            "operationId": "listClauses",
            "summary": "The clauses of a version in document order.",
            "responses": {
                "200": json_response(
                    obj({"clauses": {"type": "array", "items": ref("Clause")}}),
                    "Clauses by position; parent_id gives the tree.",
                ),
                **errors(401, 404),
            },
        },
    },
    "/clauses/{clause_id}": {
        "parameters": [CLAUSE_ID],
        "get": {
            "operationId": "getClause",
            "summary": "One clause.",
            "responses": {"200": json_response(ref("Clause"), "The clause."), **errors(401, 404)},
        },
    },
    "/clauses/{clause_id}/comments": {
        "parameters": [CLAUSE_ID],
        "get": {
            "operationId": "listComments",
            "summary": "The comments on a clause that the caller may read.",
            "description": "Ordered by administration code, then comment number. During a blind "
            "collection a delegate sees only their own administration's comments.",
            "responses": {
                "200": json_response(
                    obj({"comments": {"type": "array", "items": ref("Comment")}}),
                    "Comments with their supporters and replies.",
                ),
                **errors(401, 404),
            },
        },
        "post": {
            "operationId": "createComment",
            "summary": "Comment on the clause, optionally proposing an amendment (delegates).",
            "requestBody": body("NewComment"),
            "responses": {
                "201": json_response(
                    ref("Comment"),
                    "The new comment; Location is its address.",
                    headers={"Location": {"schema": {"type": "string"}}},
                ),
                **errors(400, 401, 403, 404, 413, 422, 429),
                **PERIOD_CLOSED,
            },  # fmt: skip
        },
    },
    "/comments/{comment_id}": {
        "parameters": [COMMENT_ID],
        "get": {
            "operationId": "getComment",
            "summary": "One comment with its thread.",
            "responses": {"200": json_response(ref("Comment"), "The comment."), **errors(401, 404)},
        },
        "patch": {
            "operationId": "updateComment",
            "summary": "Change a comment of the caller's administration.",
            "description": "Send the 'version' you last saw. If someone saved since, nothing is "
            "changed and 409 'stale' carries the comment as it is now.",
            "requestBody": body("CommentChanges"),
            "responses": {
                "200": json_response(ref("Comment"), "The comment after the change."),
                **errors(400, 401, 403, 404, 413, 422, 429),
                "409": json_response(
                    error(["stale", "period_closed", "withdrawn"]),
                    "'stale' (with 'current'), 'period_closed', or 'withdrawn'.",
                ),
            },
        },
    },
    "/comments/{comment_id}/withdraw": {
        "parameters": [COMMENT_ID],
        "post": _comment_action(
            "withdrawComment", "Withdraw a comment of the caller's administration; it stays listed."
        ),
    },
    "/comments/{comment_id}/replies": {
        "parameters": [COMMENT_ID],
        "post": {
            "operationId": "createReply",
            "summary": "Reply in the comment's thread.",
            "description": "Delegates reply while the period is open (observers only on "
            "versions open to them, as for comments); the chair and the secretariat also after "
            "it closes.",
            "requestBody": body("NewReply"),
            "responses": {
                "201": json_response(ref("Reply"), "The new reply."),
                **errors(400, 401, 403, 404, 413, 422, 429),
                **PERIOD_CLOSED,
            },  # fmt: skip
        },
    },
    "/comments/{comment_id}/support": {
        "parameters": [COMMENT_ID],
        "post": _comment_action(
            "supportComment", "Support another administration's comment (delegates)."
        ),
        "delete": _comment_action(
            "withdrawSupport", "Take back the caller's administration's support (delegates)."
        ),
    },
    "/comments/{comment_id}/history": {
        "parameters": [COMMENT_ID],
        "get": {
            "operationId": "getCommentHistory",
            "summary": "Earlier texts of a comment, oldest first, and the current one.",
            "responses": {
                "200": json_response(
                    obj(
                        {
                            "history": {"type": "array", "items": ref("Revision")},
                            "current": ref("Comment"),
                        }
                    ),
                    "The comment's earlier texts and the current comment.",
                ),
                **errors(401, 404),
            },
        },
    },
}
