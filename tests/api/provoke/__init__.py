"""Per-domain provocations for the contract test; add a module here and list it in ALL."""

from __future__ import annotations

from tests.api.contract import Provoke

from . import comments, reports, review, versions

ALL: tuple = (comments, review, versions, reports)


def merged() -> dict[tuple[str, int], Provoke]:
    """Every domain's provocations in one dict; a pair listed twice is an error."""
    result: dict[tuple[str, int], Provoke] = {}
    for module in ALL:
        for key, provoke in module.PROVOKE.items():
            assert key not in result, f"{key} is provoked in two modules"
            result[key] = provoke
    return result
