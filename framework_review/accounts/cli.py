"""`flask create-administration`, `create-user`, `create-token` and `revoke-token`."""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask_babel import gettext as _
from flask_babel import ngettext

from ..extensions import db
from . import services
from .models import Role


def register(app: Flask) -> None:
    @app.cli.command("create-administration")
    @click.argument("code")
    @click.argument("name")
    @click.option("--observer", is_flag=True, help="An observer (acronym) rather than a member.")
    def create_administration(code: str, name: str, observer: bool) -> None:
        """Add a member administration (ISO code) or an observer."""
        try:
            administration = services.create_administration(code, name, observer)
        except services.AccountError as error:
            raise click.ClickException(str(error)) from None
        db.session.commit()
        if administration.is_observer:
            done = _("Created observer %(code)s: %(name)s", code=administration.code,
                     name=administration.name)  # fmt: skip
        else:
            done = _("Created member %(code)s: %(name)s", code=administration.code,
                     name=administration.name)  # fmt: skip
        click.echo(done)

    @app.cli.command("create-user")
    @click.argument("username")
    @click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
    @click.option("--administration", "code", help="Administration code (required for delegates).")
    @click.option("--name", "display_name", default="", help="Full name shown on comments.")
    @click.option("--email", default="")
    @click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
    def create_user(username, role, code, display_name, email, password_stdin) -> None:
        """Add an account; the password is asked for, or read from stdin."""
        administration = None
        if code:
            administration = services.find_administration(code)
            if administration is None:
                raise click.ClickException(
                    _("No administration with the code %(code)s.", code=code.upper())
                )
        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = click.prompt(_("Password"), hide_input=True, confirmation_prompt=True)
        try:
            user = services.create_user(
                username, password, role, administration, display_name=display_name, email=email
            )
        except services.AccountError as error:
            raise click.ClickException(str(error)) from None
        db.session.commit()
        click.echo(_("Created %(role)s %(username)s", role=user.role.title.lower(),
                     username=user.username))  # fmt: skip

    @app.cli.command("create-token")
    @click.argument("username")
    @click.option("--name", default="", help="What the token is for.")
    def create_token(username: str, name: str) -> None:
        """Print a new API token for USERNAME (only its hash is kept: copy it now)."""
        user = services.find_user(username)
        if user is None:
            raise click.ClickException(_("No user %(username)s.", username=username))
        try:
            token = services.create_token(user, name)
        except services.AccountError as error:
            raise click.ClickException(str(error)) from None
        db.session.commit()
        click.echo(token)

    @app.cli.command("revoke-token")
    @click.argument("username")
    @click.option("--name", default=None, help="Only the tokens with this name (default: all).")
    def revoke_token(username: str, name: str | None) -> None:
        """Revoke USERNAME's API tokens: all of them, or those called NAME."""
        user = services.find_user(username)
        if user is None:
            raise click.ClickException(_("No user %(username)s.", username=username))
        revoked = services.revoke_tokens(user, actor=None, name=name)
        db.session.commit()
        if revoked:
            click.echo(ngettext("Revoked %(num)d API token of %(username)s.",
                                "Revoked %(num)d API tokens of %(username)s.", revoked,
                                username=user.username))  # fmt: skip
        else:
            click.echo(_("%(username)s has no API token to revoke.", username=user.username))
