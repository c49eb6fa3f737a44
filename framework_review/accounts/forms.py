"""Forms for login, passwords, administrations and users."""

from __future__ import annotations

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

from .models import MIN_PASSWORD_LENGTH, Role

PASSWORD_LENGTH = Length(
    min=MIN_PASSWORD_LENGTH,
    max=200,
    message=f"The password must have {MIN_PASSWORD_LENGTH} to 200 characters.",
)


class LoginForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(max=80)],
                           render_kw={"autocomplete": "username", "autofocus": True})  # fmt: skip
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)],
                             render_kw={"autocomplete": "current-password"})  # fmt: skip
    remember = BooleanField("Keep me logged in on this computer")
    next = HiddenField()


class ChangePasswordForm(FlaskForm):
    current = PasswordField("Current password", validators=[DataRequired()],
                            render_kw={"autocomplete": "current-password"})  # fmt: skip
    new = PasswordField(
        "New password",
        validators=[DataRequired(), PASSWORD_LENGTH],
        description=f"At least {MIN_PASSWORD_LENGTH} characters.",
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField("Repeat the new password",
                            validators=[DataRequired(), EqualTo("new", "The passwords differ.")],
                            render_kw={"autocomplete": "new-password"})  # fmt: skip
    revoke_tokens = BooleanField(
        "Also revoke my API tokens",
        description="Scripts using them stop working until you make new ones.",
    )


class NotificationSettingsForm(FlaskForm):
    email_notifications = BooleanField(
        "Also send my notifications by e-mail",
        description="Replies, decisions and settled clauses concerning your comments (and, for "
        "the chair, members' objections). They are always listed on your notifications page.",
    )


class ResetPasswordForm(FlaskForm):
    new = PasswordField(
        "New password",
        validators=[DataRequired(), PASSWORD_LENGTH],
        description="Tell the user by a separate channel; they can change it after logging in.",
        render_kw={"autocomplete": "new-password"},
    )


class AdministrationForm(FlaskForm):
    code = StringField("Code", validators=[DataRequired(), Length(max=12)],
                       description="ISO 3166 alpha-2 code (FR, KE) or an observer's acronym.")  # fmt: skip
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    observer = BooleanField("Observer (not a member administration)")


class UserForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(max=80)])
    display_name = StringField("Full name", validators=[Optional(), Length(max=200)])
    email = EmailField("Email", validators=[Optional(), Length(max=254)])
    role = SelectField("Role", choices={r.value: r.title for r in Role})
    administration = SelectField("Administration (delegates)", choices=[], validate_choice=False)
    password = PasswordField(
        "Initial password",
        validators=[DataRequired(), PASSWORD_LENGTH],
        render_kw={"autocomplete": "new-password"},
    )


class TokenForm(FlaskForm):
    name = StringField(
        "Name",
        validators=[DataRequired("Name the token: what is it for?"), Length(max=100)],
        description="What the token is for, e.g. 'reporting script'.",
    )


class ConfirmForm(FlaskForm):
    """An empty form: a button that posts with a CSRF token."""


class AuditFilterForm(FlaskForm):
    """The audit log's filters, read from the query string (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    user = StringField("User", validators=[Optional(), Length(max=80)],
                       description="Username of whoever did it.")  # fmt: skip
    administration = StringField("Administration", validators=[Optional(), Length(max=12)],
                                 description="Code, e.g. FR.")  # fmt: skip
    action = StringField("Action", validators=[Optional(), Length(max=60)],
                         description="An action, or its start: comment. lists them all.")  # fmt: skip
    object_type = StringField("Object type", validators=[Optional(), Length(max=40)],
                              description="comment, reply, user, version…")  # fmt: skip
    object_id = IntegerField("Object id", validators=[Optional(), NumberRange(1, 2**31 - 1)])
    date_from = DateField("From", validators=[Optional()])
    date_to = DateField("To (inclusive)", validators=[Optional()])
