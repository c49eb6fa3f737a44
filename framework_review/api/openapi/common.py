"""Builders and shared parts of the OpenAPI document: every domain module uses these.

Each domain module (comments.py, review.py, ...) declares `SCHEMAS`, `RESPONSES` and `PATHS`;
`__init__.py` merges them into the one document and refuses a name declared twice.
"""

from __future__ import annotations

from typing import Any


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def obj(properties: dict[str, Any], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    """A closed object: every property listed, all required unless named in `optional`."""
    return {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }


def json_response(schema: dict[str, Any], description: str, **extra: Any) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": schema}},
        **extra,
    }


def binary_response(media_type: str, description: str, **extra: Any) -> dict[str, Any]:
    """A file in the body (DOCX, XLSX, CSV), sent as an attachment."""
    return {
        "description": description,
        "content": {media_type: {"schema": {"type": "string", "format": "binary"}}},
        "headers": {"Content-Disposition": {"schema": {"type": "string"}}},
        **extra,
    }


def error(code: str | list[str]) -> dict[str, Any]:
    """The error shape with its code pinned to the one(s) this response uses."""
    codes = [code] if isinstance(code, str) else code
    return {
        "allOf": [
            ref("Error"),
            {"properties": {"error": {"properties": {"code": {"enum": codes}}}}},
        ]
    }


def errors(*statuses: int) -> dict[str, Any]:
    """The shared error responses for these statuses, by reference."""
    return {
        str(status): {"$ref": f"#/components/responses/{ERRORS[status]}"} for status in statuses
    }


def path_param(name: str, what: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "description": what,
            "schema": {"type": "integer"}}  # fmt: skip


def body(schema: str) -> dict[str, Any]:
    """A required JSON request body described by the named schema."""
    return {"required": True, "content": {"application/json": {"schema": ref(schema)}}}


ERRORS = {
    400: "NotJson",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    413: "TooLarge",
    422: "Invalid",
    429: "TooManyRequests",
}

TIMESTAMP = ref("Timestamp")
# Every error code any endpoint answers with; a domain module adds its own codes here.
ERROR_CODES = [
    "bad_request", "unauthorized", "forbidden", "not_found", "method_not_allowed", "conflict",
    "too_large", "invalid", "stale", "period_closed", "withdrawn", "server_error",
    "conflicts",
    "too_many_requests", "unavailable",
    "superseded", "not_decided",
]  # fmt: skip

VERSION_ID = path_param("version_id", "A version's id.")
CLAUSE_ID = path_param("clause_id", "A clause's id.")
COMMENT_ID = path_param("comment_id", "A comment's id.")
