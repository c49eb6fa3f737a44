"""Provocations of the review (decisions, history, feedback, settling) and notifications."""

from __future__ import annotations

from framework_review.extensions import db
from framework_review.review import services as review
from tests.api.contract import Provoke, World

HUGE = "x" * (1024 * 1024)
NOTED = {"decision": "noted", "observation": "Taken into account.", "expected": None}


def _c(w: World) -> str:
    return f"/comments/{w.comment.id}"


def _decided_and_published(w: World) -> None:
    """FR-001 noted by the chair, with the decisions published: FR may answer."""
    review.decide(w.comment, w.people.chair, "noted", "Seen.", expected=None)
    w.version.dispositions_visible = True
    db.session.commit()


def _feedback(api, w: World):
    _decided_and_published(w)
    return api.post(f"{_c(w)}/feedback", w.people.delegate, json={"satisfied": False})


PROVOKE: dict[tuple[str, int], Provoke] = {
    ("getReviewList", 200): lambda api, w: api.get(f"/versions/{w.version.id}/review",
                                                   w.people.chair),
    ("getReviewList", 401): lambda api, w: api.get(f"/versions/{w.version.id}/review"),
    ("getReviewList", 403): lambda api, w: api.get(f"/versions/{w.version.id}/review",
                                                   w.people.delegate),
    ("getReviewList", 404): lambda api, w: api.get("/versions/999/review", w.people.chair),
    ("getReviewList", 422): lambda api, w: api.get(f"/versions/{w.version.id}/review?tab=x",
                                                   w.people.chair),
    ("decideComment", 200): lambda api, w: api.call("PUT", f"{_c(w)}/disposition",
                                                    w.people.chair, json=NOTED),
    ("decideComment", 400): lambda api, w: api.call("PUT", f"{_c(w)}/disposition",
                                                    w.people.chair, data="decision=noted"),
    ("decideComment", 401): lambda api, w: api.call("PUT", f"{_c(w)}/disposition", json=NOTED),
    ("decideComment", 403): lambda api, w: api.call("PUT", f"{_c(w)}/disposition",
                                                    w.people.delegate, json=NOTED),
    ("decideComment", 404): lambda api, w: api.call("PUT", "/comments/999/disposition",
                                                    w.people.chair, json=NOTED),
    ("decideComment", 409): lambda api, w: api.call(
        "PUT", f"/comments/{w.superseded_comment.id}/disposition", w.people.chair, json=NOTED),
    ("decideComment", 413): lambda api, w: api.call(
        "PUT", f"{_c(w)}/disposition", w.people.chair, json={**NOTED, "observation": HUGE}),
    ("decideComment", 422): lambda api, w: api.call(
        "PUT", f"{_c(w)}/disposition", w.people.chair, json={**NOTED, "decision": "maybe"}),
    ("revertDecision", 200): lambda api, w: api.delete(f"{_c(w)}/disposition?expected=null",
                                                       w.people.chair),
    ("revertDecision", 401): lambda api, w: api.delete(f"{_c(w)}/disposition?expected=null"),
    ("revertDecision", 403): lambda api, w: api.delete(f"{_c(w)}/disposition?expected=null",
                                                       w.people.delegate),
    ("revertDecision", 404): lambda api, w: api.delete("/comments/999/disposition?expected=1",
                                                       w.people.chair),
    ("revertDecision", 409): lambda api, w: api.delete(
        f"/comments/{w.superseded_comment.id}/disposition?expected=null", w.people.chair),
    ("revertDecision", 422): lambda api, w: api.delete(f"{_c(w)}/disposition", w.people.chair),
    ("listDispositions", 200): lambda api, w: api.get(f"{_c(w)}/dispositions", w.people.chair),
    ("listDispositions", 401): lambda api, w: api.get(f"{_c(w)}/dispositions"),
    ("listDispositions", 403): lambda api, w: api.get(f"{_c(w)}/dispositions",
                                                      w.people.delegate),
    ("listDispositions", 404): lambda api, w: api.get("/comments/999/dispositions",
                                                      w.people.chair),
    ("giveFeedback", 201): _feedback,
    ("giveFeedback", 400): lambda api, w: api.post(f"{_c(w)}/feedback", w.people.delegate,
                                                   data="satisfied=yes"),
    ("giveFeedback", 401): lambda api, w: api.post(f"{_c(w)}/feedback", json={"satisfied": True}),
    ("giveFeedback", 403): lambda api, w: api.post(f"{_c(w)}/feedback", w.people.other,
                                                   json={"satisfied": True}),
    ("giveFeedback", 404): lambda api, w: api.post("/comments/999/feedback", w.people.delegate,
                                                   json={"satisfied": True}),
    ("giveFeedback", 409): lambda api, w: api.post(f"{_c(w)}/feedback", w.people.delegate,
                                                   json={"satisfied": True}),
    ("giveFeedback", 413): lambda api, w: api.post(f"{_c(w)}/feedback", w.people.delegate,
                                                   json={"satisfied": True, "note": HUGE}),
    ("giveFeedback", 422): lambda api, w: api.post(f"{_c(w)}/feedback", w.people.delegate,
                                                   json={"satisfied": "yes"}),
    ("updateClause", 200): lambda api, w: api.patch(f"/clauses/{w.clause.id}", w.people.chair,
                                                    json={"status": "settled"}),
    ("updateClause", 400): lambda api, w: api.patch(f"/clauses/{w.clause.id}", w.people.chair,
                                                    data="status=settled"),
    ("updateClause", 401): lambda api, w: api.patch(f"/clauses/{w.clause.id}",
                                                    json={"status": "settled"}),
    ("updateClause", 403): lambda api, w: api.patch(f"/clauses/{w.clause.id}", w.people.delegate,
                                                    json={"status": "settled"}),
    ("updateClause", 404): lambda api, w: api.patch("/clauses/999", w.people.chair,
                                                    json={"status": "settled"}),
    ("updateClause", 409): lambda api, w: api.patch(
        f"/clauses/{w.superseded_comment.clause_id}", w.people.chair, json={"status": "settled"}),
    ("updateClause", 413): lambda api, w: api.patch(
        f"/clauses/{w.clause.id}", w.people.chair, json={"status": "settled", "x": HUGE}),
    ("updateClause", 422): lambda api, w: api.patch(f"/clauses/{w.clause.id}", w.people.chair,
                                                    json={"status": "closed"}),
    ("listNotifications", 200): lambda api, w: api.get("/notifications", w.people.delegate),
    ("listNotifications", 401): lambda api, w: api.get("/notifications"),
    ("listNotifications", 422): lambda api, w: api.get("/notifications?limit=0",
                                                       w.people.delegate),
    ("markNotificationsRead", 200): lambda api, w: api.post(
        "/notifications/read", w.people.delegate, json={"all": True}),
    ("markNotificationsRead", 400): lambda api, w: api.post(
        "/notifications/read", w.people.delegate, data="all=1"),
    ("markNotificationsRead", 401): lambda api, w: api.post("/notifications/read",
                                                           json={"all": True}),
    ("markNotificationsRead", 413): lambda api, w: api.post(
        "/notifications/read", w.people.delegate, json={"ids": [1], "x": HUGE}),
    ("markNotificationsRead", 422): lambda api, w: api.post(
        "/notifications/read", w.people.delegate, json={"ids": []}),
}  # fmt: skip
