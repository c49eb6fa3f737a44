"""`flask export-report`: the consolidated report as a file, for the secretariat's scripts."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask

from ..comments.models import CommentType
from . import rows, services
from .rows import DISPOSITION_FILTERS, FilterError, ReportFilters, Scope


def register(app: Flask) -> None:
    @app.cli.command("export-report")
    @click.argument("version")
    @click.option("--format", "fmt", type=click.Choice(sorted(services.FORMATS)), required=True,
                  help="docx, xlsx or csv.")  # fmt: skip
    @click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
                  help="File to write (default: a name telling the draft and version, here).")  # fmt: skip
    @click.option("--clause", "clauses", multiple=True,
                  help="Only this clause and its sub-clauses; 'General' for the whole document. "
                  "Repeat for more.")  # fmt: skip
    @click.option("--administration", "administrations", multiple=True,
                  help="Only this member's comments (its code). Repeat for more.")  # fmt: skip
    @click.option("--type", "types", multiple=True,
                  type=click.Choice([t.value for t in CommentType]), help="ge, te or ed.")  # fmt: skip
    @click.option("--disposition", "dispositions", multiple=True,
                  type=click.Choice(DISPOSITION_FILTERS), help="Only comments with this decision.")  # fmt: skip
    @click.option("--replies/--no-replies", default=False, help="Replies under their comment.")
    @click.option("--withdrawn/--no-withdrawn", default=True,
                  help="Show withdrawn comments as withdrawn (default) or leave them out.")  # fmt: skip
    def export_report(version: str, fmt: str, output: Path | None, clauses, administrations,
                      types, dispositions, replies: bool, withdrawn: bool) -> None:  # fmt: skip
        """Write the consolidated comment report of VERSION ('<draft>/<version>' or its id).

        Every comment, with the decisions, as the secretariat sees it.
        """
        found = services.find_version(version)
        if found is None:
            raise click.ClickException(
                f"There is no version {version!r}: give '<draft slug>/<version slug>' "
                "(as in the address of the version's page) or the version's id."
            )
        scope = Scope(found)
        filters = ReportFilters(
            clauses=tuple(clauses), administrations=tuple(a.upper() for a in administrations),
            types=tuple(types), dispositions=tuple(dispositions), replies=replies,
            withdrawn=withdrawn,
        )  # fmt: skip
        try:
            total = rows.count(scope, filters)
        except FilterError as error:
            raise click.ClickException(error.message) from None
        path = output or Path(services.filename(scope, fmt))
        with click.progressbar(length=total, label=f"Writing {path.name}") as bar:
            services.write_report(scope, filters, fmt, str(path), progress=bar.update)
        click.echo(f"Wrote {total} comment{'s' if total != 1 else ''} of "
                   f"{found.draft.title}, {found.label} to {path}.")  # fmt: skip
