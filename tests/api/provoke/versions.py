"""Provocations of the next-version, compare and clause-edit operations."""

from __future__ import annotations

from tests.api.contract import Provoke, World

HUGE = {"label": "x" * (1024 * 1024)}


def _closed(w: World) -> str:
    return f"/versions/{w.closed_clause.version_id}/successor"


def _compare(w: World) -> str:
    return f"/versions/{w.version.id}/compare/{w.closed_clause.version_id}"


PROVOKE: dict[tuple[str, int], Provoke] = {
    ("createSuccessor", 201): lambda api, w: api.post(_closed(w), w.people.chair,
                                                      json={"label": "Draft 5"}),
    ("createSuccessor", 400): lambda api, w: api.post(_closed(w), w.people.chair, data="label=x"),
    ("createSuccessor", 401): lambda api, w: api.post(_closed(w), json={}),
    ("createSuccessor", 403): lambda api, w: api.post(_closed(w), w.people.delegate, json={}),
    ("createSuccessor", 404): lambda api, w: api.post("/versions/999/successor", w.people.chair,
                                                      json={}),
    ("createSuccessor", 409): lambda api, w: api.post(
        f"/versions/{w.version.id}/successor", w.people.chair, json={}),
    ("createSuccessor", 413): lambda api, w: api.post(_closed(w), w.people.chair, json=HUGE),
    ("createSuccessor", 422): lambda api, w: api.post(_closed(w), w.people.chair,
                                                      json={"resolutions": []}),
    ("compareVersions", 200): lambda api, w: api.get(_compare(w), w.people.other),
    ("compareVersions", 401): lambda api, w: api.get(_compare(w)),
    ("compareVersions", 404): lambda api, w: api.get(f"/versions/{w.version.id}/compare/999",
                                                     w.people.other),
    ("compareVersions", 422): lambda api, w: api.get(f"{_compare(w)}?changed_only=yes",
                                                     w.people.other),
}  # fmt: skip
