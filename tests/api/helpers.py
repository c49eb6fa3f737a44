"""Helpers for the API tests: the OpenAPI document as a validator, and test data."""

from __future__ import annotations

import re
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012
from werkzeug.exceptions import MethodNotAllowed, NotFound

from framework_review.comments import services as comment_services
from framework_review.comments.services import CommentFields
from framework_review.extensions import db as _db

PREFIX = "/api/v1"
DOC_URI = "urn:framework-review:openapi"
MISSING: Any = object()


def pointer(*parts: str) -> str:
    """A JSON pointer to a place in the document (RFC 6901 escaping)."""
    return "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in parts)


class Document:
    """The served OpenAPI document, with lookups from a URL to its operation and schemas."""

    def __init__(self, app, data: dict[str, Any]):
        self.app = app
        self.data = data
        self.registry = Registry().with_resource(DOC_URI, DRAFT202012.create_resource(data))

    def validate(self, instance: Any, at: str) -> None:
        """Validate `instance` against the schema at JSON pointer `at`; fail with every error."""
        validator = Draft202012Validator({"$ref": f"{DOC_URI}#{at}"}, registry=self.registry)
        errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
        assert not errors, (
            "\n".join(
                f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in errors
            )
            + f"\nin {instance!r}\nagainst {at}"
        )

    def operation_for(self, method: str, path: str) -> tuple[str, str] | None:
        """(document path, method) of the route that serves `path`, or None if none does."""
        adapter = self.app.url_map.bind("localhost")
        try:
            rule, _args = adapter.match(path.split("?")[0], method=method, return_rule=True)
        except (NotFound, MethodNotAllowed):
            return None
        return doc_path(rule.rule), method.lower()

    def response_spec(self, doc_path_: str, method: str, status: int) -> tuple[dict, str]:
        """The response object for a status and its JSON pointer (following a $ref)."""
        responses = self.data["paths"][doc_path_][method]["responses"]
        assert str(status) in responses, (
            f"{method.upper()} {doc_path_} answered {status}, which the document does not list "
            f"(it lists {', '.join(responses)})"
        )
        spec = responses[str(status)]
        at = pointer("paths", doc_path_, method, "responses", str(status))
        if "$ref" in spec:
            at = spec["$ref"][1:]
            spec = self.resolve(spec["$ref"])
        return spec, at

    def resolve(self, ref: str) -> Any:
        node: Any = self.data
        for part in ref.lstrip("#/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def check(self, method: str, path: str, response, sent: Any = MISSING) -> None:
        """The response has a documented status and media type and matches the document:
        JSON against its schema, a file (DOCX, XLSX, CSV) by its first bytes; a 2xx request's
        JSON body matches too."""
        found = self.operation_for(method, path)
        if found is None:  # no route: the app-level handler must still answer in the API's shape
            assert response.mimetype == "application/json", (
                f"{method} {path} answered {response.status_code} with {response.mimetype}"
            )
            self.validate(response.get_json(), pointer("components", "schemas", "Error"))
            return
        spec, at = self.response_spec(*found, response.status_code)
        assert response.mimetype in spec["content"], (
            f"{method} {path} answered {response.status_code} with {response.mimetype}; the "
            f"document lists {', '.join(spec['content'])}"
        )
        if response.mimetype == "application/json":
            schema_at = at + pointer("content", "application/json", "schema")
            self.validate(response.get_json(), schema_at)
        else:
            check_file(response.mimetype, response.get_data())
        for header in spec.get("headers", {}):
            assert header in response.headers, f"documented header {header} missing"
        operation = self.data["paths"][found[0]][found[1]]
        request_body = operation.get("requestBody", {}).get("content", {})
        if 200 <= response.status_code < 300 and "application/json" in request_body:
            body_at = pointer("paths", *found, "requestBody", "content", "application/json")
            self.validate(sent, body_at + "/schema")


# Files the API sends, and how each starts: Office files are zips, CSV has a byte order mark.
FILE_STARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": b"PK\x03\x04",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": b"PK\x03\x04",
    "text/csv": b"\xef\xbb\xbf",
}


def check_file(media_type: str, data: bytes) -> None:
    assert media_type in FILE_STARTS, f"{media_type} is not a file type the API sends"
    assert data.startswith(FILE_STARTS[media_type]), f"not a {media_type} file: {data[:20]!r}"


def doc_path(rule: str) -> str:
    """/api/v1/comments/<int:comment_id> -> /comments/{comment_id}"""
    assert rule.startswith(PREFIX), rule
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule[len(PREFIX) :])


def add_comment(version, clause, author, body="The scope should name postal operators.", **fields):
    """A comment written through the service and committed, as a delegate would write it."""
    values = {"type": "te", "body": body, **fields}
    comment = comment_services.add_comment(version, clause, author, CommentFields(**values))
    _db.session.commit()
    return comment
