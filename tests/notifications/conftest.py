"""The notifications tests also call the API: its fixtures, shared."""

from tests.api.conftest import api, document, token_for  # noqa: F401
