"""Forms for importing a draft and setting a version's comment period."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import Length, Optional

from ..core.forms import ZonedDateTimeField
from .models import VersionStatus


class ImportForm(FlaskForm):
    file = FileField(
        "Draft file",
        validators=[FileRequired("Choose a .docx, .md or .txt file.")],
        description="Word (.docx), Markdown (.md) or plain text (.txt).",
        render_kw={"accept": ".docx,.md,.markdown,.txt"},
    )
    title = StringField(
        "Draft title",
        validators=[Optional(), Length(max=300)],
        description="Leave empty to use the document's own title. An existing title adds a version.",
    )
    label = StringField(
        "Version label",
        validators=[Optional(), Length(max=100)],
        description='Such as "Draft 2". A version in preparation with this label is replaced.',
    )


class PeriodForm(FlaskForm):
    status = SelectField(
        "Status",
        choices={s.value: s.value.capitalize() for s in VersionStatus if s.value != "superseded"},
    )
    # Typed and shown in the secretariat's time zone; stored in UTC.
    opens_at = ZonedDateTimeField(
        "Opens", validators=[Optional()],
        description="Leave empty to open as soon as the status is Open.",
    )  # fmt: skip
    closes_at = ZonedDateTimeField(
        "Closes", validators=[Optional()],
        description="Comments sent after this time are refused.",
    )  # fmt: skip
    observers_may_comment = BooleanField(
        "Observers may comment, propose amendments and support comments on this version"
    )
    comments_visible_during_period = BooleanField(
        "Delegates see other administrations' comments while the period is open"
    )
