"""Fixtures of the comment tests."""

import pytest


@pytest.fixture
def as_delegate(client, login, people):
    """The test client, logged in as the FR delegate."""
    login(people.delegate)
    return client
