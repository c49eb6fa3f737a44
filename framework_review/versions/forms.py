"""Forms for creating the next version (with its conflict choices), editing and publishing it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from ..core.forms import ZonedDateTimeField
from .changes import Conflict, Resolution


class SuccessorForm(FlaskForm):
    label = StringField(
        _l("Label of the next version"),
        validators=[Optional(), Length(max=100)],
        description=_l("Leave empty for the next number."),
    )


def choice_name(conflict: Conflict) -> str:
    return f"choice-{conflict.clause.id}"


def text_name(conflict: Conflict) -> str:
    return f"text-{conflict.clause.id}"


def resolutions_from(form: MultiDict, conflicts: list[Conflict]) -> dict[int, Resolution]:
    """The chair's choice per conflicting clause as posted: `comment-<id>` or `text`.

    A clause without a choice stays unresolved (the service then lists it again); a choice
    that names no competing comment is passed on, for the service to refuse with its message.
    """
    found: dict[int, Resolution] = {}
    for conflict in conflicts:
        choice = form.get(choice_name(conflict), "")
        if choice == "text":
            found[conflict.clause.id] = Resolution(text=form.get(text_name(conflict), ""))
        elif choice.startswith("comment-") and choice[8:].isdigit():
            found[conflict.clause.id] = Resolution(comment_id=int(choice[8:]))
    return found


class ClauseForm(FlaskForm):
    # The service checks lengths too, so the page and the API refuse with the same words.
    number = StringField(
        _l("Number"),
        validators=[Optional(), Length(max=60)],
        description=_l("As printed, e.g. 3.2, (b), Standard 4. The clause's reference follows it."),
    )
    heading = StringField(_l("Heading"), validators=[Optional(), Length(max=500)])
    text = TextAreaField(
        _l("Text"),
        description=_l("Markdown: **bold**, *italic*, lists, tables. Cleaned as on import."),
        render_kw={"rows": 12},
    )
    seen = HiddenField()


class PublishForm(FlaskForm):
    # Typed in the officer's time zone; stored in UTC.
    closes_at = ZonedDateTimeField(
        _l("Comments close"),
        validators=[Optional()],
        description=_l("Optional; the secretariat can change it later on the period page."),
    )
