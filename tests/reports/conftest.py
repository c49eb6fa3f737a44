"""Fixtures of the report tests: the small round of tests/reports/round.py."""

from tests.reports.round import round_  # noqa: F401 - the fixture
