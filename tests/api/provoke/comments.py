"""Provocations of the drafts, versions, clauses, comments, replies and support operations."""

from __future__ import annotations

from framework_review.extensions import limiter
from tests.api.contract import Provoke, World

NEW = {"type": "te", "body": "Name the carriers."}
HUGE = {"type": "te", "body": "x" * (1024 * 1024)}


def _c(w: World) -> str:
    return f"/comments/{w.comment.id}"


def _throttled(api, call):
    """`call` made twice with a limit of one write per hour: the second answers 429."""
    config = api.app.config
    saved = config["RATE_LIMITING"], config["API_WRITE_LIMIT"]
    config["RATE_LIMITING"], config["API_WRITE_LIMIT"] = True, "1/hour"
    limiter.reset()
    try:
        call()
        return call()
    finally:
        config["RATE_LIMITING"], config["API_WRITE_LIMIT"] = saved
        limiter.reset()


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
    # Too many writes with one token.
    ("updateVersion", 429): lambda api, w: _throttled(api, lambda: api.patch(
        f"/versions/{w.version.id}", w.people.secretariat, json={})),
    ("createComment", 429): lambda api, w: _throttled(api, lambda: api.post(
        f"/clauses/{w.clause.id}/comments", w.people.other, json=NEW)),
    ("updateComment", 429): lambda api, w: _throttled(api, lambda: api.patch(
        _c(w), w.people.delegate, json={"version": 1})),
    ("withdrawComment", 429): lambda api, w: _throttled(api, lambda: api.post(
        f"{_c(w)}/withdraw", w.people.chair)),
    ("createReply", 429): lambda api, w: _throttled(api, lambda: api.post(
        f"{_c(w)}/replies", w.people.chair, json={"body": "Thanks."})),
    ("supportComment", 429): lambda api, w: _throttled(api, lambda: api.post(
        f"{_c(w)}/support", w.people.other)),
    ("withdrawSupport", 429): lambda api, w: _throttled(api, lambda: api.delete(
        f"{_c(w)}/support", w.people.other)),
}  # fmt: skip
