"""JSON shapes of the versions API: the next version's request and conflicts, comparisons, and
clause edits. Input functions check types and unknown fields (422 with the field); the rules
stay in versions/services.py."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext

from ..comments.redline import redline_html
from ..versions.changes import Change, Conflict, Resolution
from ..versions.compare import Comparison, Row
from ..versions.services import ClauseEdit
from .serializers import InvalidInput, _object, _string, comment_ref_json, version_json


# -- in ------------------------------------------------------------------------------------
def successor_request(data: Any) -> tuple[str, dict[int, Resolution]]:
    """The label and the resolutions of `POST /versions/<id>/successor`.

    resolutions: {"<clause id>": {"comment_id": <id>} | {"text": "..."}}.
    """
    data = _object(data, ("label", "resolutions"))
    label = _string(data, "label")
    given = data.get("resolutions", {})
    if not isinstance(given, dict):
        raise InvalidInput(
            gettext('resolutions must be an object: {"<clause id>": {"comment_id": 12} or '
                    '{"text": "..."}}.'),
            "resolutions",
        )  # fmt: skip
    resolutions: dict[int, Resolution] = {}
    for key, value in given.items():
        where = f"resolutions.{key}"
        if not key.isdigit():
            raise InvalidInput(gettext("“%(key)s” is not a clause id.", key=key), where)
        choice = _object(value, ("comment_id", "text"), where)
        if len(choice) != 1:
            raise InvalidInput(gettext("Give either comment_id or text."), where)
        if "text" in choice:
            resolutions[int(key)] = Resolution(text=_string(choice, "text", where=where))
        elif isinstance(choice["comment_id"], int) and not isinstance(choice["comment_id"], bool):
            resolutions[int(key)] = Resolution(comment_id=choice["comment_id"])
        else:
            raise InvalidInput(gettext("comment_id must be an integer."), f"{where}.comment_id")
    return label, resolutions


def clause_changes(data: Any) -> ClauseEdit:
    """The fields of `PATCH /clauses/<id>` that change the text; absent ones stay as they are."""
    data = _object(data, ("text", "heading", "number"))
    edit = ClauseEdit()
    if "text" in data:
        edit.text = _string(data, "text")
    for key in ("heading", "number"):
        if key in data:
            if data[key] is not None and not isinstance(data[key], str):
                raise InvalidInput(gettext("%(field)s must be a string or null.", field=key), key)
            setattr(edit, key, data[key])
    return edit


# -- out -----------------------------------------------------------------------------------
def _change_json(change: Change, conflict: Conflict) -> dict[str, Any]:
    current = conflict.clause.text
    proposed = "" if change.kind == "delete" else change.text
    return {
        **comment_ref_json(change.comment),
        "kind": change.kind,
        "text": proposed,
        "redline_html": redline_html("" if change.kind == "insert" else current, proposed),
    }


def conflict_json(conflict: Conflict) -> dict[str, Any]:
    """A clause whose accepted changes collide, with the competing changes as redlines."""
    clause = conflict.clause
    return {
        "clause": {"id": clause.id, "ref": clause.ref, "text": clause.text},
        "reasons": conflict.reasons,
        "changes": [_change_json(c, conflict) for c in conflict.changes],
        "subclauses": [{"id": c.id, "ref": c.ref} for c in conflict.subclauses],
    }


def _row_json(row: Row) -> dict[str, Any]:
    return {
        "status": row.status,
        "old_clause_id": row.old.id if row.old else None,
        "new_clause_id": row.new.id if row.new else None,
        "old_ref": row.old.ref if row.old else None,
        "new_ref": row.new.ref if row.new else None,
        "moved": row.moved,
        "redline_html": row.redline,
        "heading_redline_html": row.heading_redline,
        "changed_by_comments": [comment_ref_json(c) for c in row.comments],
    }


def comparison_json(comparison: Comparison) -> dict[str, Any]:
    return {
        "from": version_json(comparison.old),
        "to": version_json(comparison.new),
        "counts": dict(comparison.counts),
        "clauses": [_row_json(row) for row in comparison.rows],
    }
