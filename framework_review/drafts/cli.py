"""`flask import-draft` and `flask demo`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app

from ..extensions import db
from . import services


def register(app: Flask) -> None:
    @app.cli.command("import-draft")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--title", default="", help="Draft title (default: the document's title).")
    @click.option("--label", default="", help='Version label, e.g. "Draft 2".')
    def import_draft(path: Path, title: str, label: str) -> None:
        """Split a .docx, .md or .txt file into clauses and store it as a draft version.

        A version in preparation with the same label (or the latest one in preparation) is
        replaced; otherwise a new version is added.
        """
        max_bytes = current_app.config["MAX_DRAFT_BYTES"]
        if path.stat().st_size > max_bytes:
            raise click.ClickException(
                f"{path.name} is {path.stat().st_size:,} bytes; the limit is {max_bytes:,}."
            )
        try:
            parsed = services.parse_upload(path.name, path.read_bytes(), max_bytes)
            click.echo(f"Read {path.name}: {len(parsed.clauses)} clauses.")
            with click.progressbar(length=len(parsed.clauses), label="Storing clauses") as bar:
                version = services.import_draft(
                    parsed, title=title or None, label=label, filename=path.name,
                    progress=bar.update,
                )  # fmt: skip
        except services.DraftError as error:
            db.session.rollback()
            raise click.ClickException(f"Nothing was imported: {error}") from None
        db.session.commit()
        click.echo(
            f"Imported {len(parsed.clauses)} clauses into {version.draft.title}, {version.label} "
            f"(/drafts/{version.draft.slug}/{version.slug}/)."
        )

    @app.cli.command("demo")
    def demo() -> None:
        """Load the demo draft, administrations, accounts and a few comments; print the logins."""
        from ..demo import load_demo

        for line in load_demo(echo=click.echo):
            click.echo(line)
