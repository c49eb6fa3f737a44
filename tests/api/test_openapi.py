"""The OpenAPI document stays true: routes and document agree, the document is well formed, and
every response it lists is one a test provokes (and validates, as every API call here does)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from framework_review.api.openapi import OPENAPI
from framework_review.comments.models import Comment
from framework_review.drafts.models import Clause, Version, VersionStatus
from framework_review.extensions import db
from tests.api.helpers import PREFIX, add_comment, doc_path
from tests.conftest import clause_of, make_version

METHODS = {"get", "put", "post", "patch", "delete"}


def _documented() -> set[tuple[str, str]]:
    return {
        (path, method)
        for path, item in OPENAPI["paths"].items()
        for method in item
        if method in METHODS
    }


def test_routes_and_document_agree(app):
    routes = {
        (doc_path(rule.rule), method.lower())
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(PREFIX + "/")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routes - _documented() == set(), "routes missing from the OpenAPI document"
    assert _documented() - routes == set(), "documented operations that no route serves"


def test_path_parameters_are_declared(app):
    for path, item in OPENAPI["paths"].items():
        in_template = set(re.findall(r"{([^}]+)}", path))
        declared = {p["name"] for p in item.get("parameters", []) if p["in"] == "path"}
        assert in_template == declared, path
    converters = {
        doc_path(rule.rule): dict(
            (name, kind) for kind, name in re.findall(r"<(\w+):(\w+)>", rule.rule)
        )
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(PREFIX + "/")
    }
    for path, item in OPENAPI["paths"].items():
        for parameter in item.get("parameters", []):
            assert converters[path][parameter["name"]] == "int", (path, parameter["name"])
            assert parameter["schema"] == {"type": "integer"}


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if "$ref" in node else []
        return own + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def test_document_is_well_formed(document):
    data = OPENAPI
    assert data["openapi"] == "3.1.0"
    assert {"title", "version"} <= set(data["info"])
    for name, schema in data["components"]["schemas"].items():
        Draft202012Validator.check_schema(schema)  # raises, naming the fault, if invalid
        assert schema, name
    for ref in _refs(data):
        assert ref.startswith("#/components/"), ref
        assert document.resolve(ref) is not None, ref
    operations = [data["paths"][p][m] for p, m in _documented()]
    ids = [op["operationId"] for op in operations]
    assert len(ids) == len(set(ids))
    for op in operations:
        assert op["summary"]
        assert any(code.startswith("2") for code in op["responses"]), op["operationId"]
        for code, response in op["responses"].items():
            response = document.resolve(response["$ref"]) if "$ref" in response else response
            assert response["description"]
            assert "application/json" in response["content"], (op["operationId"], code)
        if op.get("security") != []:
            assert "401" in op["responses"], op["operationId"]
    schemes = data["components"]["securitySchemes"]
    assert schemes["bearerToken"] == {**schemes["bearerToken"], "type": "http", "scheme": "bearer"}


# -- every documented response happens ------------------------------------------------------
@dataclass
class World:
    people: Any
    version: Version
    clause: Clause
    comment: Comment  # FR-001, open period
    closed_clause: Clause
    closed_comment: Comment
    superseded_comment: Comment
    superseded_version: Version


@pytest.fixture
def world(people) -> World:
    version = make_version()
    clause = clause_of(version, "1.1")
    comment = add_comment(version, clause, people.delegate)
    closed = make_version(label="Draft 2")
    closed_comment = add_comment(closed, clause_of(closed, "1.1"), people.delegate)
    superseded = make_version(label="Draft 3")
    superseded_comment = add_comment(superseded, clause_of(superseded, "1.1"), people.delegate)
    closed.status = VersionStatus.CLOSED
    superseded.status = VersionStatus.SUPERSEDED
    db.session.commit()
    return World(people, version, clause, comment, clause_of(closed, "1.1"), closed_comment,
                 superseded_comment, superseded)  # fmt: skip


NEW = {"type": "te", "body": "Name the carriers."}
HUGE = {"type": "te", "body": "x" * (1024 * 1024)}
Provoke = Callable[[Any, World], Any]


def _c(w: World) -> str:
    return f"/comments/{w.comment.id}"


PROVOKE: dict[tuple[str, int], Provoke] = {
    ("getOpenApi", 200): lambda api, w: api.get("/openapi.json"),
    ("listDrafts", 200): lambda api, w: api.get("/drafts", w.people.other),
    ("listDrafts", 401): lambda api, w: api.get("/drafts"),
    ("updateVersion", 200): lambda api, w: api.patch(
        f"/versions/{w.version.id}", w.people.secretariat, json={"status": "closed"}),
    ("updateVersion", 400): lambda api, w: api.patch(
        f"/versions/{w.version.id}", w.people.secretariat, data="status=closed"),
    ("updateVersion", 401): lambda api, w: api.patch(f"/versions/{w.version.id}", json={}),
    ("updateVersion", 403): lambda api, w: api.patch(
        f"/versions/{w.version.id}", w.people.chair, json={"status": "closed"}),
    ("updateVersion", 404): lambda api, w: api.patch("/versions/999", w.people.secretariat,
                                                     json={}),
    ("updateVersion", 409): lambda api, w: api.patch(
        f"/versions/{w.superseded_version.id}", w.people.secretariat, json={"status": "open"}),
    ("updateVersion", 413): lambda api, w: api.patch(
        f"/versions/{w.version.id}", w.people.secretariat, json=HUGE),
    ("updateVersion", 422): lambda api, w: api.patch(
        f"/versions/{w.version.id}", w.people.secretariat, json={"opens_at": "soon"}),
    ("listClauses", 200): lambda api, w: api.get(f"/versions/{w.version.id}/clauses",
                                                 w.people.other),
    ("listClauses", 401): lambda api, w: api.get(f"/versions/{w.version.id}/clauses"),
    ("listClauses", 404): lambda api, w: api.get("/versions/999/clauses", w.people.other),
    ("getClause", 200): lambda api, w: api.get(f"/clauses/{w.clause.id}", w.people.other),
    ("getClause", 401): lambda api, w: api.get(f"/clauses/{w.clause.id}"),
    ("getClause", 404): lambda api, w: api.get("/clauses/999", w.people.other),
    ("listComments", 200): lambda api, w: api.get(f"/clauses/{w.clause.id}/comments",
                                                  w.people.other),
    ("listComments", 401): lambda api, w: api.get(f"/clauses/{w.clause.id}/comments"),
    ("listComments", 404): lambda api, w: api.get("/clauses/999/comments", w.people.other),
    ("createComment", 201): lambda api, w: api.post(
        f"/clauses/{w.clause.id}/comments", w.people.other, json=NEW),
    ("createComment", 400): lambda api, w: api.post(
        f"/clauses/{w.clause.id}/comments", w.people.other, data="type=te"),
    ("createComment", 401): lambda api, w: api.post(f"/clauses/{w.clause.id}/comments", json=NEW),
    ("createComment", 403): lambda api, w: api.post(
        f"/clauses/{w.clause.id}/comments", w.people.chair, json=NEW),
    ("createComment", 404): lambda api, w: api.post("/clauses/999/comments", w.people.other,
                                                    json=NEW),
    ("createComment", 409): lambda api, w: api.post(
        f"/clauses/{w.closed_clause.id}/comments", w.people.other, json=NEW),
    ("createComment", 413): lambda api, w: api.post(
        f"/clauses/{w.clause.id}/comments", w.people.other, json=HUGE),
    ("createComment", 422): lambda api, w: api.post(
        f"/clauses/{w.clause.id}/comments", w.people.other, json={**NEW, "type": "zz"}),
    ("getComment", 200): lambda api, w: api.get(_c(w), w.people.other),
    ("getComment", 401): lambda api, w: api.get(_c(w)),
    ("getComment", 404): lambda api, w: api.get("/comments/999", w.people.other),
    ("updateComment", 200): lambda api, w: api.patch(
        _c(w), w.people.delegate, json={"version": 1, "body": "Better."}),
    ("updateComment", 400): lambda api, w: api.patch(_c(w), w.people.delegate, data="version=1"),
    ("updateComment", 401): lambda api, w: api.patch(_c(w), json={"version": 1}),
    ("updateComment", 403): lambda api, w: api.patch(
        _c(w), w.people.other, json={"version": 1, "body": "Mine now."}),
    ("updateComment", 404): lambda api, w: api.patch("/comments/999", w.people.delegate,
                                                     json={"version": 1}),
    ("updateComment", 409): lambda api, w: api.patch(
        _c(w), w.people.delegate, json={"version": 7, "body": "Better."}),
    ("updateComment", 413): lambda api, w: api.patch(_c(w), w.people.delegate,
                                                     json={"version": 1, **HUGE}),
    ("updateComment", 422): lambda api, w: api.patch(_c(w), w.people.delegate,
                                                     json={"body": "No version."}),
    ("withdrawComment", 200): lambda api, w: api.post(f"{_c(w)}/withdraw", w.people.delegate),
    ("withdrawComment", 401): lambda api, w: api.post(f"{_c(w)}/withdraw"),
    ("withdrawComment", 403): lambda api, w: api.post(f"{_c(w)}/withdraw", w.people.chair),
    ("withdrawComment", 404): lambda api, w: api.post("/comments/999/withdraw", w.people.chair),
    ("withdrawComment", 409): lambda api, w: api.post(
        f"/comments/{w.closed_comment.id}/withdraw", w.people.delegate),
    ("createReply", 201): lambda api, w: api.post(f"{_c(w)}/replies", w.people.chair,
                                                  json={"body": "Thanks."}),
    ("createReply", 400): lambda api, w: api.post(f"{_c(w)}/replies", w.people.chair,
                                                  data="body=Thanks"),
    ("createReply", 401): lambda api, w: api.post(f"{_c(w)}/replies", json={"body": "Hi."}),
    ("createReply", 403): lambda api, w: api.post(
        f"/comments/{w.superseded_comment.id}/replies", w.people.chair, json={"body": "Late."}),
    ("createReply", 404): lambda api, w: api.post("/comments/999/replies", w.people.chair,
                                                  json={"body": "Hi."}),
    ("createReply", 409): lambda api, w: api.post(
        f"/comments/{w.closed_comment.id}/replies", w.people.other, json={"body": "Late."}),
    ("createReply", 413): lambda api, w: api.post(f"{_c(w)}/replies", w.people.chair,
                                                  json={"body": HUGE["body"]}),
    ("createReply", 422): lambda api, w: api.post(f"{_c(w)}/replies", w.people.chair,
                                                  json={"body": ""}),
    ("supportComment", 200): lambda api, w: api.post(f"{_c(w)}/support", w.people.other),
    ("supportComment", 401): lambda api, w: api.post(f"{_c(w)}/support"),
    ("supportComment", 403): lambda api, w: api.post(f"{_c(w)}/support", w.people.colleague),
    ("supportComment", 404): lambda api, w: api.post("/comments/999/support", w.people.other),
    ("supportComment", 409): lambda api, w: api.post(
        f"/comments/{w.closed_comment.id}/support", w.people.other),
    ("withdrawSupport", 200): lambda api, w: api.delete(f"{_c(w)}/support", w.people.other),
    ("withdrawSupport", 401): lambda api, w: api.delete(f"{_c(w)}/support"),
    ("withdrawSupport", 403): lambda api, w: api.delete(f"{_c(w)}/support", w.people.chair),
    ("withdrawSupport", 404): lambda api, w: api.delete("/comments/999/support", w.people.other),
    ("withdrawSupport", 409): lambda api, w: api.delete(
        f"/comments/{w.closed_comment.id}/support", w.people.other),
    ("getCommentHistory", 200): lambda api, w: api.get(f"{_c(w)}/history", w.people.other),
    ("getCommentHistory", 401): lambda api, w: api.get(f"{_c(w)}/history"),
    ("getCommentHistory", 404): lambda api, w: api.get("/comments/999/history", w.people.other),
}  # fmt: skip

DOCUMENTED_RESPONSES = sorted(
    (OPENAPI["paths"][path][method]["operationId"], int(status))
    for path, method in _documented()
    for status in OPENAPI["paths"][path][method]["responses"]
)


def test_every_provoked_response_is_documented():
    assert set(PROVOKE) - set(DOCUMENTED_RESPONSES) == set()


@pytest.mark.parametrize(("operation", "status"), DOCUMENTED_RESPONSES)
def test_every_documented_response_happens(api, world, operation, status):
    """The API client validates each body against the document; here the status must match."""
    assert (operation, status) in PROVOKE, f"no test provokes {operation} {status}"
    response = PROVOKE[(operation, status)](api, world)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
