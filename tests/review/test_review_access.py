"""Who may use the review's pages and actions: every one against every kind of user.

The secretariat is tried twice: on a version where only the chair decides (the default), and
with `secretariat_may_decide` on. A refused request must leave every review table as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

from framework_review.extensions import db
from tests.comments.helpers import add, reply_to, version_url
from tests.conftest import clause_of, csrf_token
from tests.review.helpers import decide, decision_data, publish, snapshot

ROLES = ["anonymous", "delegate", "same_administration", "other_delegate", "observer", "chair",
         "secretariat", "secretariat_allowed"]  # fmt: skip
OFFICERS = {"chair", "secretariat", "secretariat_allowed"}
REVIEWERS = {"chair", "secretariat_allowed"}
OWN = {"delegate", "same_administration"}
EVERYONE = set(ROLES) - {"anonymous"}


@dataclass
class Action:
    method: str
    url: str  # formatted with v (version URL), c (comment id), cl (clause id)
    allowed: set[str]
    data: object = None  # a dict, or a function of the scene giving one
    decided: bool = False  # FR-001 noted by the chair and the decisions published


def _bulk(scene) -> dict:
    return {"decision": "noted", "observation": "All seen.", "comment": str(scene.comment.id),
            f"seen-{scene.comment.id}": str(scene.comment.disposition_id or "")}  # fmt: skip


ACTIONS = {
    "review screen": Action("GET", "{v}/review", OFFICERS),
    "review screen, filtered": Action("GET", "{v}/review?tab=all&type=te&q=scope", OFFICERS),
    "thread view": Action("GET", "{v}/review/clauses/1.1", OFFICERS),
    "general thread view": Action("GET", "{v}/review/general", OFFICERS),
    "decision form": Action("GET", "/comments/{c}/disposition", REVIEWERS),
    "decide": Action("POST", "/comments/{c}/disposition", REVIEWERS,
                     lambda s: decision_data(s.comment, "not_accepted", "Out of scope.")),
    "change a decision": Action("POST", "/comments/{c}/disposition", REVIEWERS,
                                lambda s: decision_data(s.comment, "accepted", "",
                                                        seen=s.comment.disposition_id),
                                decided=True),
    "revert a decision": Action("POST", "/comments/{c}/disposition/revert", REVIEWERS,
                                lambda s: {"seen": str(s.comment.disposition_id)}, decided=True),
    "bulk decision": Action("POST", "{v}/review/decide", REVIEWERS, _bulk),
    "review settings": Action("POST", "{v}/review/settings", OFFICERS,
                              {"dispositions_visible": "y"}),
    "settle a clause": Action("POST", "/clauses/{cl}/settle", REVIEWERS,
                              {"action": "settle", "with_subclauses": "y"}),
    "follow a clause": Action("POST", "/clauses/{cl}/follow", OFFICERS, {"action": "follow"}),
    "feedback page": Action("GET", "/comments/{c}/feedback", OWN, decided=True),
    "give feedback": Action("POST", "/comments/{c}/feedback", OWN,
                            lambda s: {"satisfied": "no", "note": "We disagree.",
                                       "answering": str(s.comment.disposition_id)},
                            decided=True),
    "notification settings": Action("POST", "/account/settings", EVERYONE, {}),
}  # fmt: skip


@dataclass
class Scene:
    version: object
    comment: object
    clause: object


def scene(people, version, role: str, decided: bool) -> Scene:
    """FR-001 on 1.1 (an amendment) with a reply; decided and published if asked."""
    comment = add(version, "1.1", people.delegate, "Name the carriers in the scope.",
                  proposal_kind="replace", proposal_text="Parcels carried across a border.")  # fmt: skip
    reply_to(comment, people.other, "We agree.")
    if decided:
        decide(comment, people.chair, "noted", "Seen.")
        publish(version)
    if role == "secretariat_allowed":
        version.secretariat_may_decide = True
        db.session.commit()
    return Scene(version, comment, clause_of(version, "1.1"))


def user_for(people, role: str):
    return people.secretariat if role == "secretariat_allowed" else people.by_role(role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(ACTIONS))
def test_access(client, login, people, version, name, role):
    action = ACTIONS[name]
    current = scene(people, version, role, action.decided)
    user = user_for(people, role)
    login(user)
    path = action.url.format(v=version_url(version), c=current.comment.id, cl=current.clause.id)
    before = snapshot()

    if action.method == "GET":
        response = client.get(path)
    else:
        data = action.data(current) if callable(action.data) else dict(action.data)
        token = csrf_token(client, "/" if user else "/login")
        response = client.post(path, data={**data, "csrf_token": token})

    if user is None:
        assert response.status_code == 302
        assert urlsplit(response.location).path == "/login"
        assert snapshot() == before
    elif role not in action.allowed:
        assert response.status_code == 403, response.get_data(as_text=True)[:2000]
        assert snapshot() == before
    elif action.method == "GET":
        assert response.status_code == 200, response.get_data(as_text=True)[:2000]
        assert snapshot() == before
    else:
        assert response.status_code == 302, response.get_data(as_text=True)[:3000]
        if name != "notification settings":  # on by default: saving it on changes no row
            assert snapshot() != before


def test_a_version_in_preparation_has_no_review_for_delegates(client, login, people):
    from framework_review.drafts.models import VersionStatus
    from tests.conftest import make_version

    preparing = make_version(status=VersionStatus.PREPARATION)
    login(people.delegate)
    assert client.get(f"{version_url(preparing)}/review").status_code == 404
    login(people.chair)
    assert client.get(f"{version_url(preparing)}/review").status_code == 200


def test_blind_collection_does_not_hide_comments_from_officers(client, login, people):
    from tests.conftest import make_version

    blind = make_version(visible=False)
    add(blind, "1.1", people.delegate, "Hidden from KE.")
    login(people.chair)
    assert "FR-001" in client.get(f"{version_url(blind)}/review").get_data(as_text=True)
