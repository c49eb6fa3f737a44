"""Forms of the review: decisions (one or many), members' feedback, settling, settings."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, TextAreaField

from .models import DECISIONS, Decision


def decision_choices() -> dict[str, str]:
    """The decisions the chair may record, named in the reader's language."""
    return {d.value: d.title for d in DECISIONS}


def seen_value(raw: str | None) -> int | None:
    """The decision id a form was loaded with: '' is open; anything unreadable counts as stale."""
    raw = (raw or "").strip()
    if not raw:
        return None
    return int(raw) if raw.isdigit() else -1


class DecisionForm(FlaskForm):
    """The decision on one comment; shown once per comment, so made with a prefix per comment."""

    decision = RadioField(_l("Decision"), choices=decision_choices,
                          validators=[], validate_choice=False)  # fmt: skip
    observation = TextAreaField(
        _l("Observation"),
        description=_l("Markdown. Required for “not accepted” and “accepted with modifications”."),
        render_kw={"rows": 3},
    )
    adopted_text = TextAreaField(
        _l("Adopted text"),
        description=_l(
            "For “accepted with modifications”: the wording the next version takes. "
            "An accepted amendment is taken as proposed."
        ),
        render_kw={"rows": 3},
    )
    # The decision in force when the form was loaded ('' while open): a stale save is refused.
    seen = HiddenField()

    @classmethod
    def for_comment(cls, comment, formdata=None) -> DecisionForm:
        """The form of one comment: prefilled with the decision in force, or its proposal."""
        form = cls(formdata=formdata, prefix=f"d{comment.id}")
        if formdata is None:
            current = comment.disposition
            form.seen.data = str(current.id) if current else ""
            if current is not None and not current.is_open:
                form.decision.data = current.decision.value
                form.observation.data = current.observation
                form.adopted_text.data = current.adopted_text
            elif comment.is_amendment:
                form.adopted_text.data = comment.proposal_text
        return form

    def adopted_for_service(self) -> str | None:
        """Adopted text counts only with "accepted with modifications" (the box may be prefilled)."""
        if self.decision.data == Decision.ACCEPTED_WITH_MODIFICATIONS.value:
            return self.adopted_text.data or ""
        return None


class BulkDecisionForm(FlaskForm):
    """One decision for the comments ticked on the review screen."""

    decision = RadioField(_l("Decision"), choices=decision_choices,
                          validate_choice=False)  # fmt: skip
    observation = TextAreaField(
        _l("Observation"),
        description=_l("Markdown; recorded on each selected comment."),
        render_kw={"rows": 2},
    )


class FeedbackForm(FlaskForm):
    satisfied = RadioField(
        _l("Does the decision satisfy your administration?"),
        choices=lambda: {"yes": _("Satisfied"), "no": _("Not satisfied")},
        validate_choice=False,
    )
    note = TextAreaField(_l("Note"), description=_l("Optional. Markdown."), render_kw={"rows": 3})
    # The decision answered: if the chair changed it since, the answer is not given to the new one.
    answering = HiddenField()


class ReviewSettingsForm(FlaskForm):
    dispositions_visible = BooleanField(
        _l("Publish the decisions: delegations see them and can say whether they are satisfied")
    )
    secretariat_may_decide = BooleanField(
        _l("The secretariat also records decisions and settles clauses on this version")
    )


class SettleForm(FlaskForm):
    with_subclauses = BooleanField(_l("With all its sub-clauses"))
