"""Who may do what with comments: every action against every kind of user, through the pages.

A refused request must leave every comment, revision, reply and support row as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from framework_review.comments import services
from framework_review.core.time import utcnow
from framework_review.extensions import db
from tests.comments.helpers import add, clause_url, form, reply_to, snapshot, version_url
from tests.conftest import csrf_token, make_version

ROLES = ["anonymous", "delegate", "same_administration", "other_delegate", "observer", "chair",
         "secretariat"]  # fmt: skip
DELEGATES = {"delegate", "same_administration", "other_delegate", "observer"}
OWN = {"delegate", "same_administration"}  # the FR delegation that wrote the comment
OTHERS = {"other_delegate", "observer"}
EVERYONE = set(ROLES) - {"anonymous"}


@dataclass
class Action:
    method: str
    url: str  # formatted with version, comment, reply
    allowed: set[str]
    data: dict | None = None
    supported_by: tuple[str, ...] = ()  # administrations that already support the comment

    def path(self, scene) -> str:
        return self.url.format(v=version_url(scene.version), c=scene.comment.id,
                               r=scene.reply.id)  # fmt: skip


EDIT = dict(type="ed", body="Changed by someone.", locator="", quote="", proposal_kind="",
            proposal_text="", revision="1")  # fmt: skip

ACTIONS = {
    "view clause page": Action("GET", "{v}/clauses/1.1", EVERYONE),
    "view general page": Action("GET", "{v}/general", EVERYONE),
    "add comment": Action("POST", "{v}/clauses/1.1", DELEGATES, form(body="New one.")),
    "add general comment": Action("POST", "{v}/general", DELEGATES, form(body="New one.")),
    "open edit form": Action("GET", "/comments/{c}/edit", OWN),
    "edit": Action("POST", "/comments/{c}/edit", OWN, EDIT),
    "withdraw": Action("POST", "/comments/{c}/withdraw", OWN, {}),
    "reply": Action("POST", "/comments/{c}/replies", EVERYONE, {"body": "A reply."}),
    "open reply edit form": Action("GET", "/replies/{r}/edit", {"delegate"}),
    "edit reply": Action("POST", "/replies/{r}/edit", {"delegate"},
                         {"body": "Reworded.", "revision": "1"}),
    "support": Action("POST", "/comments/{c}/support", OTHERS, {"action": "support"}),
    "withdraw support": Action("POST", "/comments/{c}/support", OTHERS, {"action": "withdraw"},
                               supported_by=("ke", "upu")),
    "history": Action("GET", "/comments/{c}/history", EVERYONE),
    "show comment": Action("GET", "/comments/{c}", EVERYONE),
    "amendments page": Action("GET", "{v}/amendments/1.1", EVERYONE),
    "mine page": Action("GET", "{v}/mine", DELEGATES),
}  # fmt: skip


@dataclass
class Scene:
    version: object
    comment: object
    reply: object


def scene(people, version, supported_by=()) -> Scene:
    """FR-001 on 1.1 by the FR delegate, amended, with a reply by its author."""
    comment = add(version, "1.1", people.delegate, body="The original.",
                  proposal_kind="replace", proposal_text="A different scope.")  # fmt: skip
    reply = reply_to(comment, people.delegate, "Our own reply.")
    for code in supported_by:
        supporter = {"ke": people.other, "upu": people.observer}[code]
        services.support_comment(comment, supporter)
    db.session.commit()
    return Scene(version, comment, reply)


def send(client, action: Action, path: str, logged_in: bool):
    if action.method == "GET":
        return client.get(path)
    token = csrf_token(client, "/" if logged_in else "/login")
    return client.post(path, data={**action.data, "csrf_token": token})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(ACTIONS))
def test_access(client, login, people, version, name, role):
    action = ACTIONS[name]
    current = scene(people, version, action.supported_by)
    user = people.by_role(role)
    login(user)
    path = action.path(current)
    before = snapshot()

    response = send(client, action, path, logged_in=user is not None)

    if user is None:
        assert response.status_code == 302
        assert "/login?next=" in response.headers["Location"]
        assert snapshot() == before
    elif role not in action.allowed:
        assert response.status_code == 403, response.get_data(as_text=True)[:2000]
        assert snapshot() == before
    elif action.method == "GET":
        assert response.status_code in (200, 302)
        assert snapshot() == before
    else:
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        assert "/login" not in response.headers["Location"]
        assert snapshot() != before  # the allowed action really changed something


BLIND_ACTIONS = ["open edit form", "edit", "withdraw", "reply", "support", "history",
                 "show comment"]  # fmt: skip


@pytest.mark.parametrize("role", ["other_delegate", "observer"])
@pytest.mark.parametrize("name", BLIND_ACTIONS)
def test_blind_collection_hides_other_administrations_comments(client, login, people, name,
                                                               role):  # fmt: skip
    version = make_version(visible=False)
    current = scene(people, version)
    login(people.by_role(role))
    before = snapshot()
    response = send(client, ACTIONS[name], ACTIONS[name].path(current), logged_in=True)
    assert response.status_code == 404
    assert snapshot() == before


def test_blind_collection_lifts_when_the_period_closes(client, login, people):
    version = make_version(visible=False)
    current = scene(people, version)
    version.closes_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    login(people.other)
    assert client.get(f"/comments/{current.comment.id}/history").status_code == 200
    assert "The original." in client.get(clause_url(version, "1.1")).get_data(as_text=True)
