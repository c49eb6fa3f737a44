"""A small round for the report tests: three administrations, replies, decisions, feedback.

| ID     | clause  | type | what                                            | decision (chair)            |
|--------|---------|------|-------------------------------------------------|-----------------------------|
| FR-001 | 1.2     | te   | Markdown (bold, list), replacement proposal     | accepted; FR not satisfied  |
| FR-002 | General | ge   | a link, described change                        | open                        |
| FR-003 | 1.2(a)  | ed   | withdrawn                                       | open                        |
| KE-001 | 1.1     | te   | starts with "=" (formula injection)             | not accepted; KE satisfied  |
| KE-002 | 1.2     | ed   | plain, with a locator ("second sentence")      | accepted with modifications |
| UPU-001| 2.1     | te   | an observer's comment                           | noted                       |
FR-001 has two replies (the chair's, then Kenya's). Decisions are not published yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from framework_review.comments import services as comment_services
from framework_review.comments.models import Comment
from framework_review.core.markup import render_markdown
from framework_review.extensions import db
from framework_review.review import services as review
from framework_review.review.models import Feedback
from tests.comments.helpers import add

REPLACEMENT = "Members must collect the data listed below before goods arrive."


@dataclass
class Round:
    people: Any
    version: Any
    comments: dict[str, Comment]

    def __getitem__(self, code: str) -> Comment:
        return self.comments[code]


def feedback(comment: Comment, user, satisfied: bool, note: str = "") -> Feedback:
    """A delegation's answer to the decision in force (the review issue adds the service)."""
    row = Feedback(
        comment_id=comment.id, disposition_id=comment.disposition_id, satisfied=satisfied,
        note=note, note_html=render_markdown(note), user_id=user.id,
        administration_id=user.administration_id,
    )  # fmt: skip
    db.session.add(row)
    db.session.flush()
    comment.feedback_id = row.id
    db.session.commit()
    return row


@pytest.fixture
def round_(people, version) -> Round:
    p = people
    made = [
        add(version, "1.2", p.delegate, "Add **postal operators** to the list.\n\n- first item\n"
            "- second item", proposal_kind="replace", proposal_text=REPLACEMENT),
        add(version, None, p.delegate, "The text is clear, [see the guide](https://example.org/guide).",
            type="ge", proposal_text="Add a glossary of *terms*.", proposal_kind="text"),
        add(version, "1.2(a)", p.colleague, "Typo in the address.", type="ed"),
        add(version, "1.1", p.other, '=HYPERLINK("http://evil.example","click")'),
        add(version, "1.2", p.other, "Missing comma.", type="ed", locator="second sentence"),
        add(version, "2.1", p.observer, "The postal view."),
    ]  # fmt: skip
    comments = {c.code: c for c in made}
    comment_services.withdraw_comment(comments["FR-003"], p.delegate)
    comment_services.add_reply(comments["FR-001"], p.chair, "Thanks, we will *look* at it.")
    comment_services.add_reply(comments["FR-001"], p.other, "Kenya agrees.")
    db.session.commit()
    for code, decision, observation, adopted in (
        ("FR-001", "accepted", "Taken as proposed.", None),
        ("KE-001", "not_accepted", "Out of **scope**.", None),
        ("KE-002", "accepted_with_modifications", "Reworded.", "Members collect the data."),
        ("UPU-001", "noted", "", None),
    ):
        comment = comments[code]
        review.decide(comment, p.chair, decision, observation, adopted, expected=None)
        db.session.commit()
        db.session.refresh(comment)
    feedback(comments["FR-001"], p.delegate, False, "We wanted more.")
    feedback(comments["KE-001"], p.other, True)
    return Round(p, version, comments)
