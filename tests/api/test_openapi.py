"""The OpenAPI document stays true: routes and document agree, the document is well formed, and
every response it lists is one a test provokes (and validates, as every API call here does)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from framework_review.api.openapi import OPENAPI
from tests.api.helpers import FILE_STARTS, PREFIX, doc_path
from tests.api.provoke import merged

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
            for media_type, content in response["content"].items():
                # JSON, or a file the contract helper knows how to check (DOCX, XLSX, CSV)
                assert media_type == "application/json" or media_type in FILE_STARTS, (
                    op["operationId"], code, media_type)  # fmt: skip
                if media_type != "application/json":
                    assert content["schema"] == {"type": "string", "format": "binary"}
                    assert code.startswith("2"), "errors are always JSON"
        if op.get("security") != []:
            assert "401" in op["responses"], op["operationId"]
    schemes = data["components"]["securitySchemes"]
    assert schemes["bearerToken"] == {**schemes["bearerToken"], "type": "http", "scheme": "bearer"}


# -- every documented response happens ------------------------------------------------------
PROVOKE = merged()

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
