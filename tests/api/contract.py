"""The shared world in which the contract tests provoke every documented response.

Each domain lists its provocations in tests/api/provoke/<domain>.py as a dict
{(operationId, status): lambda api, world: response}; test_openapi.py merges them. A
provocation that needs more than the world holds builds it inside its lambda.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from framework_review.comments.models import Comment
from framework_review.drafts.models import Clause, Version, VersionStatus
from framework_review.extensions import db
from tests.api.helpers import add_comment
from tests.conftest import clause_of, make_version


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


Provoke = Callable[[Any, World], Any]
