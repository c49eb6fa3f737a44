"""Fixtures of the review tests."""

import pytest

from tests.comments.helpers import add


@pytest.fixture
def as_chair(client, login, people):
    login(people.chair)
    return client


@pytest.fixture
def three(version, people):
    """FR-001 (an amendment on 1.1), FR-002 (editorial, on 1.2(a)), KE-001 (general)."""
    return (
        add(version, "1.1", people.delegate, "Name the carriers.", proposal_kind="replace",
            proposal_text="Parcels carried across a border."),
        add(version, "1.2(a)", people.colleague, "A comma is missing.", type="ed"),
        add(version, None, people.other, "We support the draft.", type="ge"),
    )  # fmt: skip
