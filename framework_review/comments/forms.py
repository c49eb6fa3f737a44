"""Forms for comments, replies and their edits."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional

from .models import CommentType, ProposalKind

TYPE_CHOICES = {t.value: f"{t.title} ({t.value})" for t in CommentType}
PROPOSAL_CHOICES = {"": "No proposed change"} | {k.value: k.title for k in ProposalKind}


class CommentForm(FlaskForm):
    # Length limits are enforced by the service so the form and the API give the same message.
    type = RadioField("Type of comment", choices=TYPE_CHOICES, default="te",
                      validators=[DataRequired("Choose the type of comment.")])  # fmt: skip
    locator = StringField(
        "Paragraph, sentence, figure or table",
        validators=[Optional()],
        description="Optional: where in the clause, e.g. “second sentence” or “Table 1, row 3”.",
    )
    quote = TextAreaField(
        "Quoted passage",
        validators=[Optional()],
        description="Optional: the words of the clause you comment on. Selecting text in the "
        "clause fills this in.",
        render_kw={"rows": 2},
    )
    body = TextAreaField(
        "Comment and justification",
        description="Markdown: **bold**, *italic*, lists, links.",
        render_kw={"rows": 6},
    )
    proposal_kind = RadioField("Proposed change", choices=PROPOSAL_CHOICES, default="",
                               validate_choice=True)  # fmt: skip
    proposal_text = TextAreaField(
        "Proposed text",
        description="For a replacement this starts as the current clause text: edit it. "
        "For a new clause, write its text; for a described change, say what should change.",
        render_kw={"rows": 6},
    )
    revision = HiddenField()

    def proposal_for_service(self, on_clause: bool) -> tuple[str | None, str]:
        """(kind, text) as the service takes them.

        On a clause the text counts only when a kind of change was chosen (the box starts with
        the clause text); on the whole document there is no choice, so any text is a described
        change and an empty box is no proposal at all.
        """
        text = self.proposal_text.data or ""
        if not on_clause:
            return (ProposalKind.TEXT.value if text.strip() else None), text
        kind = self.proposal_kind.data or None
        return kind, (text if kind else "")


class ReplyForm(FlaskForm):
    body = TextAreaField("Reply", description="Markdown.", render_kw={"rows": 3})
    revision = HiddenField()
