"""PATCH /versions/<id>: the secretariat opens, closes and schedules the comment period."""

from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa

from framework_review.core.models import AuditEntry
from framework_review.drafts import services as drafts
from framework_review.drafts.models import Version, VersionStatus
from framework_review.extensions import db
from tests.api.helpers import add_comment
from tests.conftest import clause_of, make_version


def test_close_the_period(api, version, people):
    response = api.patch(f"/versions/{version.id}", people.secretariat, json={"status": "closed"})
    assert response.status_code == 200
    assert response.json["status"] == response.json["phase"] == "closed"
    assert db.session.get(Version, version.id).status is VersionStatus.CLOSED
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "version.period"))
    assert entry.actor_id == people.secretariat.id
    assert entry.data["before"]["status"] == "open"


def test_schedule_with_offsets_stored_in_utc(api, version, people):
    response = api.patch(f"/versions/{version.id}", people.secretariat, json={
        "opens_at": "2031-01-01T09:00:00+02:00", "closes_at": "2031-02-01T17:00:00Z",
        "comments_visible_during_period": False, "observers_may_comment": False,
    })  # fmt: skip
    assert response.json == {
        "id": version.id, "label": "Draft 1", "status": "open",
        "opens_at": "2031-01-01T07:00:00Z", "closes_at": "2031-02-01T17:00:00Z",
        "phase": "scheduled", "comments_visible_during_period": False,
        "observers_may_comment": False, "previous_version_id": None,
        "dispositions_visible": False, "secretariat_may_decide": False, "report_released": False,
    }  # fmt: skip
    stored = db.session.get(Version, version.id)
    assert stored.opens_at == datetime(2031, 1, 1, 7, 0)
    assert stored.comments_visible_during_period is False
    cleared = api.patch(f"/versions/{version.id}", people.secretariat,
                        json={"opens_at": None, "closes_at": None})  # fmt: skip
    assert (cleared.json["opens_at"], cleared.json["closes_at"], cleared.json["phase"]) == (
        None, None, "open"
    )  # fmt: skip


def test_open_a_version_in_preparation(api, people):
    preparing = make_version(status=VersionStatus.PREPARATION, opens_at=None, closes_at=None)
    response = api.patch(f"/versions/{preparing.id}", people.secretariat, json={"status": "open"})
    assert (response.status_code, response.json["phase"]) == (200, "open")


@pytest.mark.parametrize(
    ("body", "field"),
    [({"status": "superseded"}, "status"), ({"status": "OPEN"}, "status"),
     ({"status": None}, "status"), ({"opens_at": "tomorrow"}, "opens_at"),
     ({"closes_at": "2031-02-30T00:00:00Z"}, "closes_at"), ({"closes_at": 1767225600}, "closes_at"),
     ({"comments_visible_during_period": "no"}, "comments_visible_during_period"),
     ({"comments_visible_during_period": 0}, "comments_visible_during_period"),
     ({"observers_may_comment": "yes"}, "observers_may_comment"),
     ({"report_released": 1}, "report_released"),
     ({"opens_at": "2031-03-01T00:00:00Z", "closes_at": "2031-02-01T00:00:00Z"}, "closes_at"),
     ({"closes_at": "2001-01-01T00:00:00Z"}, "closes_at"),  # before the current opening
     ({"label": "Draft 9"}, "label"), (["closed"], None)],
)  # fmt: skip
def test_invalid_changes_are_422(api, version, people, body, field):
    response = api.patch(f"/versions/{version.id}", people.secretariat, json=body)
    assert response.status_code == 422
    assert response.json["error"].get("field") == field
    assert db.session.get(Version, version.id).status is VersionStatus.OPEN


def test_state_conflicts_are_409(api, version, people):
    add_comment(version, clause_of(version, "1.1"), people.delegate)
    back = api.patch(f"/versions/{version.id}", people.secretariat,
                     json={"status": "preparation"})  # fmt: skip
    assert (back.status_code, back.json["error"]["code"]) == (409, "conflict")
    assert "has comments" in back.json["error"]["message"]

    empty = drafts.create_version(drafts.create_draft("Empty framework"))
    db.session.commit()
    response = api.patch(f"/versions/{empty.id}", people.secretariat, json={"status": "open"})
    assert (response.status_code, response.json["error"]["code"]) == (409, "conflict")
    assert "Import the text" in response.json["error"]["message"]


@pytest.mark.parametrize(
    "body", [{"status": "open"}, {"closes_at": "2040-01-01T00:00:00Z"},
             {"comments_visible_during_period": False}]
)  # fmt: skip
def test_a_superseded_version_no_longer_changes(api, people, body):
    old = make_version(status=VersionStatus.SUPERSEDED)
    response = api.patch(f"/versions/{old.id}", people.secretariat, json=body)
    assert (response.status_code, response.json["error"]["code"]) == (409, "conflict")
    assert "superseded" in response.json["error"]["message"]
    stored = db.session.get(Version, old.id)
    assert stored.status is VersionStatus.SUPERSEDED
    assert stored.comments_visible_during_period is True


def test_only_the_secretariat(api, version, people):
    for user in (people.delegate, people.other, people.chair):
        response = api.patch(f"/versions/{version.id}", user, json={"status": "closed"})
        assert (response.status_code, response.json["error"]["code"]) == (403, "forbidden")
    assert db.session.get(Version, version.id).status is VersionStatus.OPEN
    assert api.patch("/versions/999", people.secretariat, json={}).status_code == 404
    not_json = api.patch(f"/versions/{version.id}", people.secretariat, data="status=closed")
    assert not_json.status_code == 400
