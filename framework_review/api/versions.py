"""API routes for the life of versions: the next version, comparing two, editing a clause."""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext
from flask_login import current_user

from ..versions import services
from ..versions.compare import compare_versions
from . import serializers as out
from . import serializers_versions as vout
from .serializers import InvalidInput
from .views import _body, _version_or_404, bp


@bp.errorhandler(services.Unresolved)
def conflicts_unresolved(error: services.Unresolved):
    """409 "conflicts", with each conflicting clause and its competing changes."""
    body = {
        "error": {"code": error.code, "message": error.message},
        "conflicts": [vout.conflict_json(c) for c in error.conflicts],
    }
    return jsonify(body), 409


@bp.post("/versions/<int:version_id>/successor")
def create_successor(version_id: int):
    version = _version_or_404(version_id)
    label, resolutions = vout.successor_request(_body())
    new = services.create_successor(version, current_user, label, resolutions)
    return out.version_json(new), 201


@bp.get("/versions/<int:version_id>/compare/<int:other_id>")
def compare(version_id: int, other_id: int):
    first, second = _version_or_404(version_id), _version_or_404(other_id)
    if first.draft_id != second.draft_id:
        raise InvalidInput(gettext("The two versions belong to different drafts."), "other_id")
    changed_only = request.args.get("changed_only", "false")
    if changed_only not in ("true", "false"):
        raise InvalidInput(gettext("changed_only must be true or false."), "changed_only")
    return vout.comparison_json(compare_versions(first, second, changed_only == "true"))
