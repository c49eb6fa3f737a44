"""OpenAPI: the caller's notifications."""

from __future__ import annotations

from typing import Any

from ...notifications.models import NotificationKind
from .common import TIMESTAMP, body, errors, json_response, nullable, obj, ref

SCHEMAS: dict[str, Any] = {
    "Notification": obj(
        {
            "id": {"type": "integer"},
            "kind": {"enum": [k.value for k in NotificationKind]},
            "message": {"type": "string"},
            "version_id": {"type": "integer"},
            "comment_id": nullable({"type": "integer"}),
            "clause_id": nullable({"type": "integer"}),
            "url": {"type": "string", "description": "The page of the site it is about."},
            "created_at": TIMESTAMP,
            "read_at": nullable(TIMESTAMP),
        }
    ),
    "ReadInput": {
        "description": "Either the ids to mark read, or all: true.",
        "oneOf": [
            obj(
                {
                    "ids": {
                        "type": "array",
                        "items": {"type": "integer"},
                        "minItems": 1,
                        "maxItems": 500,
                    }
                }
            ),  # fmt: skip
            obj({"all": {"const": True}}),
        ],
    },
}

PATHS: dict[str, Any] = {
    "/notifications": {
        "get": {
            "operationId": "listNotifications",
            "summary": "The caller's notifications, newest first.",
            "parameters": [
                {
                    "name": "cursor",
                    "in": "query",
                    "required": False,
                    "description": "next_cursor of the previous page.",
                    "schema": {"type": "string"},
                },
                {
                    "name": "limit",
                    "in": "query",
                    "required": False,
                    "description": "1 to 200 (50).",
                    "schema": {"type": "integer", "minimum": 1, "maximum": 200},
                },
            ],  # fmt: skip
            "responses": {
                "200": json_response(
                    obj(
                        {
                            "notifications": {"type": "array", "items": ref("Notification")},
                            "unread": {"type": "integer", "minimum": 0},
                            "next_cursor": nullable({"type": "string"}),
                        }
                    ),
                    "One page of notifications and the number unread.",
                ),
                **errors(401, 422),
            },
        }
    },
    "/notifications/read": {
        "post": {
            "operationId": "markNotificationsRead",
            "summary": "Mark some or all of the caller's notifications read.",
            "requestBody": body("ReadInput"),
            "responses": {
                "200": json_response(
                    obj(
                        {
                            "marked": {"type": "integer", "minimum": 0},
                            "unread": {"type": "integer", "minimum": 0},
                        }
                    ),  # fmt: skip
                    "How many were marked now, and how many stay unread.",
                ),
                **errors(400, 401, 413, 422),
            },
        }
    },
}
