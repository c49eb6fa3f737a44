"""JSON shapes of the report's rows (the rest of the API's shapes are in serializers.py)."""

from __future__ import annotations

from ..core.time import isoformat
from ..reports import columns
from ..reports.richtext import plain_text
from ..reports.rows import ReportItem
from ..reports.services import Evaluation
from .serializers import comment_json


def _reply_json(reply: ReportItem) -> dict:
    return {"member": reply.member, "comment": plain_text(reply.body_html),
            "comment_html": reply.body_html, "created_at": isoformat(reply.created_at)}  # fmt: skip


def report_row_json(item: ReportItem, order: int) -> dict:
    """A comment as the report gives it: the table's columns, text and HTML, its replies."""
    proposal = None
    if item.proposal_kind:
        proposal = {"kind": item.proposal_kind, "text": item.proposal_text,
                    "html": item.proposal_html}  # fmt: skip
    observations = None
    if item.decision:
        observations = {
            "decision": item.decision, "title": item.decision_title,
            "observation": plain_text(item.observation_html),
            "observation_html": item.observation_html, "adopted_text": item.adopted_text,
        }  # fmt: skip
    return {
        "order": order, "id": item.code, "comment_id": item.comment_id, "member": item.member,
        "clause": item.clause, "locator": item.locator, "type": item.type,
        "comment": plain_text(item.body_html), "comment_html": item.body_html,
        "proposal": proposal, "observations": observations, "status": columns.status(item),
        "entered_by_secretariat": item.entered_by_secretariat,
        "replies": [_reply_json(r) for r in item.replies],
    }  # fmt: skip


def table_upload_json(evaluation: Evaluation, replace: set[int], created: list) -> dict:
    """What reading an uploaded comment table gave: each row accepted or refused, the columns
    not read, and the comments created (none on a dry run)."""
    return {
        "accepted": [
            {"row": r.row, "clause": r.clause_ref, "type": r.type, "locator": r.locator,
             "comment": r.body, "proposal": r.proposal or None,
             "replace": r.row in replace and r.may_replace}
            for r in evaluation.accepted
        ],
        "refused": [{"row": r.row, "reason": r.reason} for r in evaluation.refused],
        "ignored_columns": evaluation.table.ignored,
        "created": [comment_json(c) for c in created],
    }  # fmt: skip
