"""`flask export-report`: the consolidated report as a file, for the secretariat's scripts."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask_babel import force_locale, gettext, ngettext

from ..comments.models import CommentType
from ..core.i18n import DEFAULT_LANGUAGE, LANGUAGES
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
    @click.option("--language", type=click.Choice(LANGUAGES), default=DEFAULT_LANGUAGE,
                  show_default=True,
                  help="Language of the headings, column names and decisions (comment texts "
                  "stay as written).")  # fmt: skip
    def export_report(version: str, fmt: str, output: Path | None, clauses, administrations,
                      types, dispositions, replies: bool, withdrawn: bool, language: str) -> None:  # fmt: skip
        """Write the consolidated comment report of VERSION ('<draft>/<version>' or its id).

        Every comment, with the decisions, as the secretariat sees it.
        """
        with force_locale(language):
            _export(version, fmt, output, clauses, administrations, types, dispositions,
                    replies, withdrawn)  # fmt: skip

    def _export(version, fmt, output, clauses, administrations, types, dispositions, replies,
                withdrawn) -> None:  # fmt: skip
        found = services.find_version(version)
        if found is None:
            raise click.ClickException(
                gettext(
                    "There is no version '%(version)s': give '<draft slug>/<version slug>' (as "
                    "in the address of the version's page) or the version's id.",
                    version=version,
                )
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
        label = gettext("Writing %(name)s", name=path.name)
        with click.progressbar(length=total, label=label) as bar:
            services.write_report(scope, filters, fmt, str(path), progress=bar.update)
        click.echo(ngettext("Wrote %(num)d comment of %(draft)s, %(version)s to %(path)s.",
                            "Wrote %(num)d comments of %(draft)s, %(version)s to %(path)s.",
                            total, draft=found.draft.title, version=found.label,
                            path=str(path)))  # fmt: skip
