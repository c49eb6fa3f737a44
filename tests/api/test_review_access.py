"""Who may do what with the review through the API: every endpoint against every caller.

FR-001 is written by the FR delegate ("author") on clause 1.1. The secretariat is tried on a
version where only the chair decides, and with `secretariat_may_decide` on.
"""

from __future__ import annotations

from typing import Any

import pytest

from framework_review.extensions import db
from framework_review.review import services as review
from tests.api.helpers import add_comment
from tests.conftest import clause_of
from tests.review.helpers import snapshot

CALLERS = ("author", "same_administration", "other_administration", "observer", "chair",
           "secretariat", "secretariat_allowed")  # fmt: skip
DELEGATES = ("author", "same_administration", "other_administration", "observer")


def _row(default: int, **overrides: int) -> dict[str, int]:
    return {**dict.fromkeys(CALLERS, default), **overrides}


OFFICERS_ONLY = _row(403, chair=200, secretariat=200, secretariat_allowed=200)
REVIEWERS_ONLY = _row(403, chair=200, secretariat_allowed=200)

# action: (method, path, body, the comment is decided and published first, expected statuses)
ACTIONS: dict[str, tuple[str, str, Any, bool, dict[str, int]]] = {
    "review list": ("GET", "/versions/{version}/review", None, False, OFFICERS_ONLY),
    "decide": ("PUT", "/comments/{comment}/disposition",
               {"decision": "noted", "observation": "Seen.", "expected": None}, False,
               REVIEWERS_ONLY),
    "revert": ("DELETE", "/comments/{comment}/disposition?expected={disposition}", None, True,
               REVIEWERS_ONLY),
    "history before publishing": ("GET", "/comments/{comment}/dispositions", None, False,
                                  OFFICERS_ONLY),
    "history once published": ("GET", "/comments/{comment}/dispositions", None, True,
                               _row(200)),
    "feedback": ("POST", "/comments/{comment}/feedback", {"satisfied": False}, True,
                 _row(403, author=201, same_administration=201)),
    "settle": ("PATCH", "/clauses/{clause}", {"status": "settled"}, False, REVIEWERS_ONLY),
    "review settings": ("PATCH", "/versions/{version}", {"dispositions_visible": True}, False,
                        OFFICERS_ONLY),
    "notifications": ("GET", "/notifications", None, False, _row(200)),
    "read notifications": ("POST", "/notifications/read", {"all": True}, False, _row(200)),
}  # fmt: skip


def _user(people, caller: str):
    return {
        "author": people.delegate, "same_administration": people.colleague,
        "other_administration": people.other, "observer": people.observer,
        "chair": people.chair, "secretariat": people.secretariat,
        "secretariat_allowed": people.secretariat,
    }[caller]  # fmt: skip


@pytest.mark.parametrize("action", ACTIONS)
def test_review_access(api, people, version, action):
    method, path, body, decided, expected = ACTIONS[action]
    wrong = []
    for caller in CALLERS:
        db.session.rollback()  # each caller starts from a fresh FR-001
        tables = db.metadata.tables
        db.session.execute(tables["comment"].update().values(feedback_id=None, disposition_id=None))
        for table in ("feedback", "notification", "disposition", "comment"):
            db.session.execute(tables[table].delete())
        clause = clause_of(version, "1.1")
        clause.settled_at = None
        version.dispositions_visible = False
        version.secretariat_may_decide = caller == "secretariat_allowed"
        db.session.commit()
        comment = add_comment(version, clause, people.delegate)
        disposition = None
        if decided:
            disposition = review.decide(comment, people.chair, "noted", "Seen.", expected=None)
            version.dispositions_visible = True
            db.session.commit()
        ids = {"version": version.id, "comment": comment.id, "clause": clause.id,
               "disposition": disposition.id if disposition else "null"}  # fmt: skip
        before = snapshot()
        kwargs = {} if body is None else {"json": body}
        response = api.call(method, path.format(**ids), _user(people, caller), **kwargs)
        if response.status_code != expected[caller]:
            wrong.append(f"{caller}: {response.status_code}, expected {expected[caller]}: "
                         f"{response.get_data(as_text=True)[:300]}")  # fmt: skip
        elif expected[caller] >= 400 and snapshot() != before:
            wrong.append(f"{caller}: the refused request changed something")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("action", ACTIONS)
def test_review_actions_need_a_token(api, people, version, action):
    method, path, body, _decided, _expected = ACTIONS[action]
    comment = add_comment(version, clause_of(version, "1.1"), people.delegate)
    ids = {"version": version.id, "comment": comment.id, "clause": comment.clause_id,
           "disposition": "null"}  # fmt: skip
    before = snapshot()
    response = api.call(method, path.format(**ids), **({} if body is None else {"json": body}))
    assert response.status_code == 401 and snapshot() == before
