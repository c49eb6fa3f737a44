"""Forms for login, passwords, administrations and users."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, EqualTo, Length, NumberRange, Optional

from ..core.i18n import LANGUAGE_NAMES, zone_names
from .models import MIN_PASSWORD_LENGTH, Role

PASSWORD_LENGTH = Length(
    min=MIN_PASSWORD_LENGTH,
    max=200,
    message=_l("The password must have %(min)d to %(max)d characters.", min=MIN_PASSWORD_LENGTH,
               max=200),
)  # fmt: skip


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=80)],
                           render_kw={"autocomplete": "username", "autofocus": True})  # fmt: skip
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)],
                             render_kw={"autocomplete": "current-password"})  # fmt: skip
    remember = BooleanField(_l("Keep me logged in on this computer"))
    next = HiddenField()
    # The browser's zone (app.js fills it in), kept for users who have chosen none.
    timezone = HiddenField()


class ChangePasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired()],
                            render_kw={"autocomplete": "current-password"})  # fmt: skip
    new = PasswordField(
        _l("New password"),
        validators=[DataRequired(), PASSWORD_LENGTH],
        description=_l("At least %(count)d characters.", count=MIN_PASSWORD_LENGTH),
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("new", _l("The passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )
    revoke_tokens = BooleanField(
        _l("Also revoke my API tokens"),
        description=_l("Scripts using them stop working until you make new ones."),
    )


def _zone_choices() -> dict[str, str]:
    return {name: name.replace("_", " ") for name in zone_names()}


class SettingsForm(FlaskForm):
    """Language, time zone and e-mail of notifications: the user's own settings."""

    language = SelectField(
        _l("Language"),
        choices=lambda: (
            {"": _("Automatic: the language switch, else your browser's languages")}
            | LANGUAGE_NAMES
        ),
        validate_choice=False,
    )
    timezone = SelectField(
        _l("Time zone"),
        choices=_zone_choices,
        validate_choice=False,
        description=_l("Dates and times are shown in this zone; deadlines are the same moment "
                       "for everyone."),
    )  # fmt: skip
    email_notifications = BooleanField(
        _l("Also send my notifications by e-mail"),
        description=_l(
            "Replies, decisions and settled clauses concerning your comments (and, for the "
            "chair, members' objections). They are always listed on your notifications page."
        ),
    )


class ResetPasswordForm(FlaskForm):
    new = PasswordField(
        _l("New password"),
        validators=[DataRequired(), PASSWORD_LENGTH],
        description=_l("Tell the user by a separate channel; they can change it after logging in."),
        render_kw={"autocomplete": "new-password"},
    )


class AdministrationForm(FlaskForm):
    code = StringField(
        _l("Code"), validators=[DataRequired(), Length(max=12)],
        description=_l("ISO 3166 alpha-2 code (FR, KE) or an observer's acronym."),
    )  # fmt: skip
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    observer = BooleanField(_l("Observer (not a member administration)"))


class UserForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=80)])
    display_name = StringField(_l("Full name"), validators=[Optional(), Length(max=200)])
    email = EmailField(_l("Email"), validators=[Optional(), Length(max=254)])
    role = SelectField(_l("Role"), choices=lambda: {r.value: r.title for r in Role})
    administration = SelectField(_l("Administration (delegates)"), choices=[],
                                 validate_choice=False)  # fmt: skip
    password = PasswordField(
        _l("Initial password"),
        validators=[DataRequired(), PASSWORD_LENGTH],
        render_kw={"autocomplete": "new-password"},
    )


class TokenForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Name the token: what is it for?")), Length(max=100)],
        description=_l("What the token is for, e.g. 'reporting script'."),
    )


class ConfirmForm(FlaskForm):
    """An empty form: a button that posts with a CSRF token."""


class AuditFilterForm(FlaskForm):
    """The audit log's filters, read from the query string (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    user = StringField(_l("User"), validators=[Optional(), Length(max=80)],
                       description=_l("Username of whoever did it."))  # fmt: skip
    administration = StringField(
        _l("Administration"), validators=[Optional(), Length(max=12)],
        description=_l("Code, e.g. FR."),
    )  # fmt: skip
    action = StringField(
        _l("Action"), validators=[Optional(), Length(max=60)],
        description=_l("An action, or its start: comment. lists them all."),
    )  # fmt: skip
    object_type = StringField(_l("Object type"), validators=[Optional(), Length(max=40)],
                              description=_l("comment, reply, user, version…"))  # fmt: skip
    object_id = IntegerField(_l("Object id"), validators=[Optional(), NumberRange(1, 2**31 - 1)])
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To (inclusive)"), validators=[Optional()])
