"""Helpers of the review tests: URLs, decisions in one line, snapshots of the review's tables."""

from __future__ import annotations

import sqlalchemy as sa

from framework_review.extensions import db
from framework_review.review import services
from tests.comments.helpers import version_url

# Every table a review action may change: a refused request must leave them all as they were.
REVIEW_TABLES = ("comment", "disposition", "feedback", "clause", "version", "notification",
                 "clause_follow", "reply")  # fmt: skip


def review_url(version) -> str:
    return f"{version_url(version)}/review"


def thread_url(version, ref: str | None) -> str:
    return (
        f"{review_url(version)}/general" if ref is None else f"{review_url(version)}/clauses/{ref}"
    )


def decide(comment, user, decision: str = "noted", observation: str = "Seen.", **kwargs):
    """A decision recorded through the service and committed."""
    kwargs.setdefault("expected", comment.disposition_id)
    disposition = services.decide(comment, user, decision, observation, **kwargs)
    db.session.commit()
    return disposition


def publish(version) -> None:
    version.dispositions_visible = True
    db.session.commit()


def snapshot() -> dict[str, list[tuple]]:
    db.session.expire_all()
    result = {}
    for name in REVIEW_TABLES:
        table = db.metadata.tables[name]
        result[name] = [
            tuple(row) for row in db.session.execute(sa.select(table).order_by(table.c.id))
        ]
    return result


def decision_data(comment, decision: str = "noted", observation: str = "Seen.", seen=None,
                  adopted: str = "", **extra) -> dict:  # fmt: skip
    """What the decision form of `comment` posts."""
    prefix = f"d{comment.id}-"
    seen = "" if seen is None else str(seen)
    return {f"{prefix}decision": decision, f"{prefix}observation": observation,
            f"{prefix}adopted_text": adopted, f"{prefix}seen": seen, **extra}  # fmt: skip
