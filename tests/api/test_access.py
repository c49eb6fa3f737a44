"""Who may do what through the API, for every endpoint: 2xx, 401, 403, 404 or 409.

The comment acted upon is FR-001, written by the FR delegate ("author") on clause 1.1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa

from framework_review.accounts import services as accounts
from framework_review.accounts.models import ApiToken
from framework_review.comments import services as comment_services
from framework_review.comments.services import CommentFields
from framework_review.core.models import AuditEntry
from framework_review.core.time import utcnow
from framework_review.drafts.models import VersionStatus
from framework_review.extensions import db
from tests.conftest import clause_of, make_version

UNAUTHENTICATED = ("anonymous", "bad_token", "revoked_token", "inactive_user")
MEMBERS = ("author", "same_administration", "other_administration", "chair", "secretariat")
DELEGATES = ("author", "same_administration", "other_administration")
OFFICERS = ("chair", "secretariat")

# action: (method, path, JSON body)
ACTIONS: dict[str, tuple[str, str, Any]] = {
    "list_drafts": ("GET", "/drafts", None),
    "list_clauses": ("GET", "/versions/{version}/clauses", None),
    "get_clause": ("GET", "/clauses/{clause}", None),
    "update_version": ("PATCH", "/versions/{version}", {"comments_visible_during_period": True}),
    "list_comments": ("GET", "/clauses/{clause}/comments", None),
    "create_comment": ("POST", "/clauses/{clause}/comments", {"type": "ge", "body": "More."}),
    "get_comment": ("GET", "/comments/{comment}", None),
    "update_comment": ("PATCH", "/comments/{comment}", {"version": 1, "body": "Changed."}),
    "withdraw_comment": ("POST", "/comments/{comment}/withdraw", None),
    "create_reply": ("POST", "/comments/{comment}/replies", {"body": "A reply."}),
    "support": ("POST", "/comments/{comment}/support", None),
    "withdraw_support": ("DELETE", "/comments/{comment}/support", None),
    "history": ("GET", "/comments/{comment}/history", None),
}


def _all(status: int) -> dict[str, int]:
    return dict.fromkeys(MEMBERS, status)


OPEN = {
    "list_drafts": _all(200),
    "list_clauses": _all(200),
    "get_clause": _all(200),
    "update_version": {**_all(403), "secretariat": 200},
    "list_comments": _all(200),
    "create_comment": {**dict.fromkeys(DELEGATES, 201), **dict.fromkeys(OFFICERS, 403)},
    "get_comment": _all(200),
    "update_comment": {**_all(403), "author": 200, "same_administration": 200},
    "withdraw_comment": {**_all(403), "author": 200, "same_administration": 200},
    "create_reply": _all(201),
    "support": {**_all(403), "other_administration": 200},
    "withdraw_support": {**_all(403), "other_administration": 200},
    "history": _all(200),
}
# Blind collection: KE cannot see FR-001 at all, so everything about it is 404 for KE.
HIDDEN_FROM_KE = ("get_comment", "update_comment", "withdraw_comment", "create_reply",
                  "support", "withdraw_support", "history")  # fmt: skip
BLIND = {
    action: {**row, "other_administration": 404} if action in HIDDEN_FROM_KE else row
    for action, row in OPEN.items()
}
# Period closed: delegates are refused with 409, officers keep replying; roles still say 403.
CLOSED = {
    **OPEN,
    "create_comment": {**dict.fromkeys(DELEGATES, 409), **dict.fromkeys(OFFICERS, 403)},
    "update_comment": {**_all(403), "author": 409, "same_administration": 409},
    "withdraw_comment": {**_all(403), "author": 409, "same_administration": 409},
    "create_reply": {**dict.fromkeys(DELEGATES, 409), **dict.fromkeys(OFFICERS, 201)},
    "support": {**_all(403), "other_administration": 409},
    "withdraw_support": {**_all(403), "other_administration": 409},
}
SCENARIOS = {"open": OPEN, "blind": BLIND, "closed": CLOSED}


@dataclass
class World:
    ids: dict[str, int]
    callers: dict[str, dict[str, Any]]  # actor -> keyword arguments for api.call


def _world(scenario: str, people) -> World:
    """The scenario's version, clause 1.1 and FR-001, and a token per caller: one commit."""
    version = make_version(visible=scenario != "blind")
    clause = clause_of(version, "1.1")
    comment = comment_services.add_comment(
        version, clause, people.delegate, CommentFields(type="te", body="Name the carriers.")
    )
    if scenario == "closed":
        version.status = VersionStatus.CLOSED
    members = {"author": people.delegate, "same_administration": people.colleague,
               "other_administration": people.other, "chair": people.chair,
               "secretariat": people.secretariat}  # fmt: skip
    tokens = {actor: accounts.create_token(user) for actor, user in members.items()}
    tokens["bad_token"] = "frt_" + "x" * 43
    tokens["revoked_token"] = accounts.create_token(people.colleague)
    tokens["inactive_user"] = accounts.create_token(people.observer)
    db.session.flush()
    revoked = ApiToken.hash_token(tokens["revoked_token"])
    db.session.scalar(
        sa.select(ApiToken).where(ApiToken.token_hash == revoked)
    ).revoked_at = utcnow()
    accounts.set_user_active(people.observer, False, None)
    db.session.commit()
    return World(
        ids={"version": version.id, "clause": clause.id, "comment": comment.id},
        callers={"anonymous": {}, **{actor: {"token": t} for actor, t in tokens.items()}},
    )


def _act(api, world: World, action: str, actor: str):
    method, path, body = ACTIONS[action]
    kwargs = dict(world.callers[actor])
    if body is not None:
        kwargs["json"] = body
    return api.call(method, path.format(**world.ids), **kwargs)


def _audit_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))


@pytest.mark.parametrize("actor", UNAUTHENTICATED)
def test_unauthenticated_callers_get_401_everywhere(api, people, actor):
    world = _world("open", people)
    before = _audit_count()
    for action in ACTIONS:  # a 401 changes nothing, so one world serves every action
        response = _act(api, world, action, actor)
        assert response.status_code == 401, action
        assert response.json["error"]["code"] == "unauthorized"
    assert _audit_count() == before


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_access_rules(api, people, scenario, action):
    """Each caller acts on a fresh world of its own; all mismatches are reported together."""
    wrong = []
    for actor in MEMBERS:
        world = _world(scenario, people)
        expected = SCENARIOS[scenario][action][actor]
        before = _audit_count()
        response = _act(api, world, action, actor)
        if response.status_code != expected:
            wrong.append(f"{actor}: {response.status_code}, expected {expected}: {response.json}")
        elif expected >= 400:
            code = {403: "forbidden", 404: "not_found", 409: "period_closed"}[expected]
            if response.json["error"]["code"] != code or _audit_count() != before:
                wrong.append(f"{actor}: wrong code or the refused request changed something")
    assert not wrong, "\n".join(wrong)


def test_blind_list_is_empty_for_the_other_administration(api, people):
    world = _world("blind", people)
    response = _act(api, world, "list_comments", "other_administration")
    assert response.json == {"comments": []}
    assert len(_act(api, world, "list_comments", "chair").json["comments"]) == 1
