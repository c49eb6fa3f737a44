"""OpenAPI: the review list, decisions and their history, members' feedback, settling clauses."""

from __future__ import annotations

from typing import Any

from ...review import listing
from ...review.models import DECISIONS, Decision
from .common import (  # fmt: skip
    CLAUSE_ID,
    COMMENT_ID,
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

RECORDED = [d.value for d in DECISIONS]


def _query(name: str, what: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": what,
            "schema": schema}  # fmt: skip


def _counts(values: dict[str, str] | None = None) -> dict[str, Any]:
    if values is None:
        return {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}
    return {
        "type": "object",
        "propertyNames": {"enum": list(values)},
        "additionalProperties": {"type": "integer", "minimum": 0},
    }


SCHEMAS: dict[str, Any] = {
    "Disposition": obj(
        {
            "id": {"type": "integer", "description": "Send it back as 'expected' to change it."},
            "decision": {"enum": RECORDED},
            "observation": {"type": "string", "description": "Markdown."},
            "observation_html": {"type": "string", "description": "Sanitised HTML."},
            "adopted_text": {
                "type": "string",
                "description": "The wording the next version takes; empty when none.",
            },
            "decided_by": {"type": "string"},
            "decided_at": TIMESTAMP,
        }
    ),
    "DispositionRecord": obj(
        {
            "id": {"type": "integer"},
            "decision": {
                "enum": [d.value for d in Decision],
                "description": "'open' records that a decision was withdrawn.",
            },
            "observation": {"type": "string"},
            "observation_html": {"type": "string"},
            "adopted_text": {"type": "string"},
            "decided_by": {"type": "string"},
            "decided_at": TIMESTAMP,
            "previous_id": nullable({"type": "integer"}),
        }
    ),
    "Feedback": obj(
        {
            "id": {"type": "integer"},
            "disposition_id": {"type": "integer", "description": "The decision answered."},
            "satisfied": {"type": "boolean"},
            "note": {"type": "string", "description": "Markdown."},
            "note_html": {"type": "string", "description": "Sanitised HTML."},
            "by": {"type": "string"},
            "created_at": TIMESTAMP,
        }
    ),
    "ReviewCounts": {
        "description": "For each filter, how many comments the list holds with that value "
        "chosen and the other filters kept. Clause counts include sub-clauses; keys are "
        "clause ids and 'general'.",
        **obj(
            {
                "clause": _counts(),
                "administration": _counts(),
                "type": _counts(listing.TYPES),
                "disposition": _counts(listing.DISPOSITIONS),
                "amendment": _counts(listing.YES_NO),
                "replies": _counts(listing.YES_NO),
                "feedback": _counts(listing.FEEDBACK),
                "tab": obj({key: {"type": "integer", "minimum": 0} for key in listing.TABS}),
            }
        ),
    },
    "ReviewList": obj(
        {
            "comments": {"type": "array", "items": ref("Comment")},
            "total": {"type": "integer", "minimum": 0},
            "counts": ref("ReviewCounts"),
            "next_cursor": {
                **nullable({"type": "string"}),
                "description": "Send as ?cursor= for the next page; null on the last one.",
            },
        }
    ),
    # -- request bodies --------------------------------------------------------------------
    "DecisionInput": obj(
        {
            "decision": {"enum": RECORDED},
            "observation": {
                "type": "string",
                "description": "Markdown; required for not_accepted and "
                "accepted_with_modifications.",
            },
            "adopted_text": {
                "type": "string",
                "description": "Only with accepted_with_modifications: the wording adopted. An "
                "accepted replace/insert amendment adopts its proposal.",
            },
            "expected": {
                **nullable({"type": "integer"}),
                "description": "disposition.id as you last saw it, or null if the comment was "
                "open; a decision recorded since makes the request fail with 409 'stale'.",
            },
        },
        optional=("observation", "adopted_text"),
    ),
    "FeedbackInput": obj(
        {"satisfied": {"type": "boolean"}, "note": {"type": "string"}}, optional=("note",)
    ),
    "ClauseChanges": {
        "description": "One kind of change per call: settle or open the clause (ClauseStatus), "
        "or edit it while its version is in preparation (ClauseEdit).",
        "anyOf": [ref("ClauseStatus"), ref("ClauseEdit")],
    },
    "ClauseStatus": obj(
        {
            "status": {"enum": ["open", "settled"]},
            "with_subclauses": {
                "type": "boolean",
                "description": "Settle (or open) every clause below this one as well.",
            },
        },
        optional=("with_subclauses",),
    ),
}

RESPONSES: dict[str, Any] = {}

FILTERS = [
    _query("clause", "A clause id (its sub-clauses included) or 'general'.", {"type": "string"}),
    _query("administration", "An administration code.", {"type": "string"}),
    _query("type", "Comment type.", {"enum": list(listing.TYPES)}),
    _query(
        "disposition",
        "The decision in force, 'open' or 'withdrawn'.",
        {"enum": list(listing.DISPOSITIONS)},
    ),  # fmt: skip
    _query("amendment", "Whether the comment proposes an amendment.", {"enum": ["yes", "no"]}),
    _query("replies", "Whether the comment has replies.", {"enum": ["yes", "no"]}),
    _query("feedback", "The delegation's answer.", {"enum": list(listing.FEEDBACK)}),
    _query("q", "Words of the comment (or its ID), all of them.", {"type": "string"}),
    _query("tab", "todo (open), decided or all (the default).", {"enum": list(listing.TABS)}),
    _query(
        "sort",
        "clause (the default), administration or date (newest first).",
        {"enum": list(listing.SORTS)},
    ),  # fmt: skip
    _query("cursor", "next_cursor of the previous page.", {"type": "string"}),
    _query(
        "limit",
        "Comments per page, 1 to 200 (50).",
        {"type": "integer", "minimum": 1, "maximum": 200},
    ),  # fmt: skip
]

DECISION_CONFLICT = json_response(
    error(["stale", "withdrawn", "superseded"]),
    "'stale': the decision changed since you saw it ('current' is the comment now); "
    "'withdrawn': the comment was withdrawn; 'superseded': the version's record is closed.",
)

PATHS: dict[str, Any] = {
    "/versions/{version_id}/review": {
        "parameters": [VERSION_ID],
        "get": {
            "operationId": "getReviewList",
            "summary": "Every comment of a version, filtered and counted (chair, secretariat).",
            "parameters": FILTERS,
            "responses": {
                "200": json_response(ref("ReviewList"), "One page of the list, with the counts."),
                **errors(401, 403, 404, 422),
            },
        },
    },
    "/comments/{comment_id}/disposition": {
        "parameters": [COMMENT_ID],
        "put": {
            "operationId": "decideComment",
            "summary": "Record a decision on a comment (the chair; the secretariat if allowed).",
            "description": "Each decision is a new record: the earlier ones stay in "
            "GET /comments/{comment_id}/dispositions.",
            "requestBody": body("DecisionInput"),
            "responses": {
                "200": json_response(ref("Comment"), "The comment with its decision."),
                **errors(400, 401, 403, 404, 413, 422),
                "409": DECISION_CONFLICT,
            },
        },
        "delete": {
            "operationId": "revertDecision",
            "summary": "Put a comment back to open; the decision stays in its history.",
            "parameters": [
                {
                    "name": "expected",
                    "in": "query",
                    "required": True,
                    "description": "disposition.id as you last saw it ('null' if open).",
                    "schema": {"type": "string"},
                }
            ],  # fmt: skip
            "responses": {
                "200": json_response(ref("Comment"), "The comment, open again."),
                **errors(401, 403, 404, 422),
                "409": DECISION_CONFLICT,
            },
        },
    },
    "/comments/{comment_id}/dispositions": {
        "parameters": [COMMENT_ID],
        "get": {
            "operationId": "listDispositions",
            "summary": "Every decision recorded on a comment, oldest first.",
            "description": "Delegates read it once the chair has published the decisions.",
            "responses": {
                "200": json_response(
                    obj({"dispositions": {"type": "array", "items": ref("DispositionRecord")}}),
                    "The history of decisions.",
                ),
                **errors(401, 403, 404),
            },
        },
    },
    "/comments/{comment_id}/feedback": {
        "parameters": [COMMENT_ID],
        "post": {
            "operationId": "giveFeedback",
            "summary": "The delegation says whether the decision on its comment satisfies it.",
            "description": "Each answer is kept; the latest is the comment's 'feedback'. A new "
            "decision asks for a new answer.",
            "requestBody": body("FeedbackInput"),
            "responses": {
                "201": json_response(ref("Feedback"), "The answer recorded."),
                **errors(400, 401, 403, 404, 413, 422),
                "409": json_response(
                    error(["not_decided", "withdrawn", "superseded", "stale"]),
                    "'not_decided': no published decision to answer; 'withdrawn'; "
                    "'superseded'; 'stale': the decision changed while answering.",
                ),
            },
        },
    },
    "/clauses/{clause_id}": {
        "parameters": [CLAUSE_ID],
        "patch": {
            "operationId": "updateClause",
            "summary": "Settle a clause or open it again (the chair; the secretariat if "
            "allowed), or edit its text, heading or number (officers, version in preparation).",
            "requestBody": body("ClauseChanges"),
            "responses": {
                "200": json_response(ref("Clause"), "The clause after the change."),
                **errors(400, 401, 403, 404, 413, 422),
                "409": json_response(
                    error(["superseded", "conflict"]),
                    "'superseded': the version was superseded (settling); 'conflict': the "
                    "version is no longer in preparation, or the ref is taken (editing).",
                ),
            },
        },
    },
}
