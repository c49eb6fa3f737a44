"""The OpenAPI 3.1 description of API v1, served at /api/v1/openapi.json.

Assembled from one module per domain (each declares SCHEMAS, RESPONSES and PATHS with the
builders in `common.py`). Kept true by tests/api/test_openapi.py: every route is described and
every description is a route; every response a test receives, errors included, validates
against its schema here; every documented response status is provoked by a test.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from . import comments, reports

# A new domain adds its module here.
DOMAINS: tuple[ModuleType, ...] = (comments, reports)


def _merge(part: str) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for module in DOMAINS:
        for name, value in getattr(module, part, {}).items():
            if name in merged:
                raise ValueError(f"{part} {name!r} is declared twice ({module.__name__})")
            merged[name] = value
    return merged


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
