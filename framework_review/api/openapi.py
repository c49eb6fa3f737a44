"""The OpenAPI 3.1 description of API v1, served at /api/v1/openapi.json.

Kept true by tests/api/test_openapi.py: every route is described and every description is a
route; every response a test receives, errors included, validates against its schema here;
every documented response status is provoked by a test.
"""

from __future__ import annotations

from typing import Any

from ..comments.models import CommentStatus, CommentType, ProposalKind
from ..drafts.models import VersionStatus


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _object(properties: dict[str, Any], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    """A closed object: every property listed, all required unless named in `optional`."""
    return {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }


def _json(schema: dict[str, Any], description: str, **extra: Any) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": schema}},
        **extra,
    }


def _error(code: str | list[str]) -> dict[str, Any]:
    """The error shape with its code pinned to the one(s) this response uses."""
    codes = [code] if isinstance(code, str) else code
    return {
        "allOf": [
            _ref("Error"),
            {"properties": {"error": {"properties": {"code": {"enum": codes}}}}},
        ]
    }


def _errors(*statuses: int) -> dict[str, Any]:
    return {
        str(status): {"$ref": f"#/components/responses/{ERRORS[status]}"} for status in statuses
    }


ERRORS = {
    400: "NotJson",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    413: "TooLarge",
    422: "Invalid",
}

TIMESTAMP = _ref("Timestamp")
# Enumerations come from the models, so a new value cannot be missing here.
COMMENT_STATUSES = [s.value for s in CommentStatus]
COMMENT_TYPES = [t.value for t in CommentType]
PROPOSAL_KINDS = [k.value for k in ProposalKind]
VERSION_STATUSES = [s.value for s in VersionStatus]
ERROR_CODES = [
    "bad_request", "unauthorized", "forbidden", "not_found", "method_not_allowed", "conflict",
    "too_large", "invalid", "stale", "period_closed", "withdrawn", "server_error",
]  # fmt: skip

PROPOSAL_INPUT = _nullable(
    _object({"kind": {"enum": PROPOSAL_KINDS}, "text": {"type": "string"}}, optional=("text",))
)

SCHEMAS: dict[str, Any] = {
    "Timestamp": {
        "description": "ISO 8601 in UTC with a Z, to the second.",
        "type": "string",
        "format": "date-time",
        "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$",
    },
    "Version": _object(
        {
            "id": {"type": "integer"},
            "label": {"type": "string", "examples": ["Draft 1"]},
            "status": {"enum": VERSION_STATUSES},
            "opens_at": _nullable(TIMESTAMP),
            "closes_at": _nullable(TIMESTAMP),
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
        }
    ),
    "Draft": _object(
        {
            "id": {"type": "integer"},
            "title": {"type": "string"},
            "versions": {"type": "array", "items": _ref("Version")},
        }
    ),
    "Clause": _object(
        {
            "id": {"type": "integer"},
            "ref": {"type": "string", "examples": ["3.2(b)"]},
            "heading": _nullable({"type": "string"}),
            "text": {"type": "string", "description": "Markdown."},
            "level": {"type": "integer", "minimum": 0},
            "parent_id": _nullable({"type": "integer"}),
            "position": {"type": "integer", "minimum": 1},
        }
    ),
    "Proposal": _object(
        {
            "kind": {"enum": PROPOSAL_KINDS},
            "text": {"type": "string", "description": "Empty for 'delete'."},
        }
    ),
    "Reply": _object(
        {
            "id": {"type": "integer"},
            "author": {"type": "string"},
            "administration": _nullable({"type": "string"}),
            "body": {"type": "string"},
            "body_html": {"type": "string", "description": "Sanitised HTML of body."},
            "created_at": TIMESTAMP,
        }
    ),
    "Comment": _object(
        {
            "id": {"type": "integer"},
            "code": {"type": "string", "examples": ["FR-001"]},
            "clause_id": _nullable({"type": "integer"}),
            "administration": {"type": "string", "examples": ["FR"]},
            "author": {"type": "string"},
            "type": {"enum": COMMENT_TYPES},
            "locator": {"type": "string"},
            "quote": {"type": "string"},
            "body": {"type": "string", "description": "Markdown."},
            "body_html": {"type": "string", "description": "Sanitised HTML of body."},
            "proposal": _nullable(_ref("Proposal")),
            "status": {"enum": COMMENT_STATUSES},
            "supporters": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Codes of the administrations that support the comment.",
            },
            "replies": {"type": "array", "items": _ref("Reply")},
            "version": {
                "type": "integer",
                "minimum": 1,
                "description": "Edit counter: send it back with PATCH.",
            },
            "created_at": TIMESTAMP,
            "updated_at": TIMESTAMP,
        }
    ),
    "Revision": _object(
        {
            "revision": {"type": "integer", "minimum": 1},
            "type": {"enum": COMMENT_TYPES},
            "locator": {"type": "string"},
            "quote": {"type": "string"},
            "body": {"type": "string"},
            "body_html": {"type": "string"},
            "proposal": _nullable(_ref("Proposal")),
            "written_at": TIMESTAMP,
            "written_by": {"type": "string"},
            "replaced_at": TIMESTAMP,
            "replaced_by": {"type": "string"},
        }
    ),
    "Error": {
        **_object(
            {
                "error": {
                    **_object(
                        {
                            "code": {"enum": ERROR_CODES},
                            "message": {"type": "string", "minLength": 1},
                            "field": {
                                "type": "string",
                                "description": "The request field at fault, when known.",
                            },
                            "current": {
                                **_ref("Comment"),
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
        **_object(
            {
                "type": {"enum": COMMENT_TYPES},
                "body": {"type": "string", "description": "Markdown, up to 20,000 characters."},
                "locator": {"type": "string", "maxLength": 200},
                "quote": {"type": "string", "maxLength": 2000},
                "proposal": PROPOSAL_INPUT,
            },
            optional=("locator", "quote", "proposal"),
        ),
    },
    "CommentChanges": {
        "description": "The version last seen and the fields to change; others stay as they are.",
        **_object(
            {
                "version": {"type": "integer"},
                "type": {"enum": COMMENT_TYPES},
                "body": {"type": "string"},
                "locator": {"type": "string", "maxLength": 200},
                "quote": {"type": "string", "maxLength": 2000},
                "proposal": PROPOSAL_INPUT,
            },
            optional=("type", "body", "locator", "quote", "proposal"),
        ),
    },
    "NewReply": _object({"body": {"type": "string"}}),
    "PeriodChanges": _object(
        {
            "status": {"enum": ["preparation", "open", "closed"]},
            "opens_at": _nullable({"type": "string", "format": "date-time"}),
            "closes_at": _nullable({"type": "string", "format": "date-time"}),
            "comments_visible_during_period": {"type": "boolean"},
            "observers_may_comment": {"type": "boolean"},
        },
        optional=(
            "status",
            "opens_at",
            "closes_at",
            "comments_visible_during_period",
            "observers_may_comment",
        ),  # fmt: skip
    ),
}

RESPONSES: dict[str, Any] = {
    "NotJson": _json(_error("bad_request"), "The body is not JSON."),
    "Unauthorized": _json(
        _error("unauthorized"),
        "No token, or a token that is unknown, revoked, or whose account is inactive.",
        headers={"WWW-Authenticate": {"schema": {"type": "string"}}},
    ),
    "Forbidden": _json(_error("forbidden"), "The caller's role may not do this."),
    "NotFound": _json(
        _error("not_found"), "No such object, or one the caller may not see (blind collection)."
    ),
    "TooLarge": _json(_error("too_large"), "The body is larger than the API accepts (1 MiB)."),
    "Invalid": _json(
        _error("invalid"), "JSON, but not what the endpoint takes; 'field' names the culprit."
    ),
    "PeriodClosed": _json(
        _error(["period_closed", "withdrawn"]),
        "'period_closed': the comment period is not open or the clause is settled (the message "
        "says which, with the dates); 'withdrawn': the comment was withdrawn.",
    ),
}


def _param(name: str, what: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "description": what,
            "schema": {"type": "integer"}}  # fmt: skip


VERSION_ID = _param("version_id", "A version's id.")
CLAUSE_ID = _param("clause_id", "A clause's id.")
COMMENT_ID = _param("comment_id", "A comment's id.")
PERIOD_CLOSED = {"409": {"$ref": "#/components/responses/PeriodClosed"}}


def _body(schema: str) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": _ref(schema)}}}


def _comment_action(operation_id: str, summary: str) -> dict[str, Any]:
    return {
        "operationId": operation_id,
        "summary": summary,
        "responses": {
            "200": _json(_ref("Comment"), "The comment after the change."),
            **_errors(401, 403, 404), **PERIOD_CLOSED,
        },
    }  # fmt: skip


PATHS: dict[str, Any] = {
    "/openapi.json": {
        "get": {
            "operationId": "getOpenApi",
            "summary": "This document. Public: no token needed.",
            "security": [],
            "responses": {"200": _json({"type": "object"}, "The OpenAPI document.")},
        }
    },
    "/drafts": {
        "get": {
            "operationId": "listDrafts",
            "summary": "Drafts with their versions.",
            "responses": {
                "200": _json(
                    _object({"drafts": {"type": "array", "items": _ref("Draft")}}),
                    "Drafts by title, versions by number.",
                ),
                **_errors(401),
            },
        }
    },
    "/versions/{version_id}": {
        "parameters": [VERSION_ID],
        "patch": {
            "operationId": "updateVersion",
            "summary": "Open, close or schedule the comment period (secretariat only).",
            "requestBody": _body("PeriodChanges"),
            "responses": {
                "200": _json(_ref("Version"), "The version after the change."),
                **_errors(400, 401, 403, 404, 413, 422),
                "409": _json(
                    _error("conflict"),
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
                "200": _json(
                    _object({"clauses": {"type": "array", "items": _ref("Clause")}}),
                    "Clauses by position; parent_id gives the tree.",
                ),
                **_errors(401, 404),
            },
        },
    },
    "/clauses/{clause_id}": {
        "parameters": [CLAUSE_ID],
        "get": {
            "operationId": "getClause",
            "summary": "One clause.",
            "responses": {"200": _json(_ref("Clause"), "The clause."), **_errors(401, 404)},
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
                "200": _json(
                    _object({"comments": {"type": "array", "items": _ref("Comment")}}),
                    "Comments with their supporters and replies.",
                ),
                **_errors(401, 404),
            },
        },
        "post": {
            "operationId": "createComment",
            "summary": "Comment on the clause, optionally proposing an amendment (delegates).",
            "requestBody": _body("NewComment"),
            "responses": {
                "201": _json(
                    _ref("Comment"),
                    "The new comment; Location is its address.",
                    headers={"Location": {"schema": {"type": "string"}}},
                ),
                **_errors(400, 401, 403, 404, 413, 422),
                **PERIOD_CLOSED,
            },  # fmt: skip
        },
    },
    "/comments/{comment_id}": {
        "parameters": [COMMENT_ID],
        "get": {
            "operationId": "getComment",
            "summary": "One comment with its thread.",
            "responses": {"200": _json(_ref("Comment"), "The comment."), **_errors(401, 404)},
        },
        "patch": {
            "operationId": "updateComment",
            "summary": "Change a comment of the caller's administration.",
            "description": "Send the 'version' you last saw. If someone saved since, nothing is "
            "changed and 409 'stale' carries the comment as it is now.",
            "requestBody": _body("CommentChanges"),
            "responses": {
                "200": _json(_ref("Comment"), "The comment after the change."),
                **_errors(400, 401, 403, 404, 413, 422),
                "409": _json(
                    _error(["stale", "period_closed", "withdrawn"]),
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
            "description": "Delegates reply while the period is open; the chair and the "
            "secretariat also after it closes.",
            "requestBody": _body("NewReply"),
            "responses": {
                "201": _json(_ref("Reply"), "The new reply."),
                **_errors(400, 401, 403, 404, 413, 422),
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
                "200": _json(
                    _object(
                        {
                            "history": {"type": "array", "items": _ref("Revision")},
                            "current": _ref("Comment"),
                        }
                    ),
                    "The comment's earlier texts and the current comment.",
                ),
                **_errors(401, 404),
            },
        },
    },
}

OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "framework_review API",
        "version": "1.0.0",
        "description": "Clause-by-clause comments on a draft standard. Authenticate with "
        "'Authorization: Bearer <token>'; a browser session does not count. Errors are "
        '{"error": {"code", "message"}}, with \'field\' when a request field is at fault.',
    },
    "servers": [{"url": "/api/v1"}],
    "security": [{"bearerToken": []}],
    "paths": PATHS,
    "components": {
        "securitySchemes": {
            "bearerToken": {
                "type": "http",
                "scheme": "bearer",
                "description": "An API token, made with `flask create-token USERNAME`.",
            }
        },
        "schemas": SCHEMAS,
        "responses": RESPONSES,
    },
}
