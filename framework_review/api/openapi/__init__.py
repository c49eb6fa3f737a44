"""The OpenAPI 3.1 description of API v1, served at /api/v1/openapi.json.

Assembled from one module per domain (each declares SCHEMAS, RESPONSES and PATHS with the
builders in `common.py`). Kept true by tests/api/test_openapi.py: every route is described and
every description is a route; every response a test receives, errors included, validates
against its schema here; every documented response status is provoked by a test.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from . import comments, notifications, reports, review, versions

# A new domain adds its module here.
DOMAINS: tuple[ModuleType, ...] = (comments, review, notifications, versions, reports)


def _merge(part: str) -> dict[str, Any]:
    """One part of every module merged; a path may gain methods from several modules."""
    merged: dict[str, Any] = {}
    for module in DOMAINS:
        for name, value in getattr(module, part, {}).items():
            if name in merged and part == "PATHS":
                merged[name] = _merge_path(name, merged[name], value, module.__name__)
            elif name in merged:
                raise ValueError(f"{part} {name!r} is declared twice ({module.__name__})")
            else:
                merged[name] = value
    return merged


def _merge_path(name: str, first: dict, second: dict, where: str) -> dict:
    """The operations of one path from two modules; the same method twice is an error."""
    for key, value in second.items():
        if key in first and (key != "parameters" or first[key] != value):
            raise ValueError(f"path {name!r}: {key!r} is declared twice ({where})")
    return {**first, **second}


OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "framework_review API",
        "version": "1.0.0",
        "description": "Clause-by-clause comments on a draft standard. Authenticate with "
        "'Authorization: Bearer <token>'; a browser session does not count. Errors are "
        '{"error": {"code", "message"}}, with \'field\' when a request field is at fault. '
        "Any call may answer 503 with code 'unavailable' and Retry-After (seconds) while the "
        "database cannot be reached; try again then.",
    },
    "servers": [{"url": "/api/v1"}],
    "security": [{"bearerToken": []}],
    "paths": _merge("PATHS"),
    "components": {
        "securitySchemes": {
            "bearerToken": {
                "type": "http",
                "scheme": "bearer",
                "description": "An API token, made with `flask create-token USERNAME`.",
            }
        },
        "schemas": _merge("SCHEMAS"),
        "responses": _merge("RESPONSES"),
    },
}
