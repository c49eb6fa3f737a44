"""Rules for the report: writing it in a format, releasing it to delegations, finding versions.

Views, the API and the CLI call these with a `Scope` (whose comments, whether decisions show)
and `ReportFilters`; the builders below them know nothing about users or requests.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext
from slugify import slugify

from ..accounts.models import Administration, User
from ..comments import services as comment_services
from ..comments.models import Comment
from ..comments.services import CommentError, CommentFields, NotAllowed
from ..core import audit
from ..drafts.models import Clause, Draft, Version
from ..extensions import db
from . import csv_export, docx_export, rows, statistics, xlsx_export
from .models import CommentTableUpload
from .rows import ReportFilters, Scope
from .table_reader import ReadTable, TableRow, normalise_heading, read_table

FORMATS = {
    "docx": docx_export.MEDIA_TYPE,
    "xlsx": xlsx_export.MEDIA_TYPE,
    "csv": csv_export.MEDIA_TYPE,
}


def items(scope: Scope, filters: ReportFilters, batch_size: int = rows.BATCH_SIZE):
    """The report's rows in order, replies under their comments, read in batches."""
    return rows.table_items(rows.batches(scope, filters, batch_size))


def write_report(
    scope: Scope,
    filters: ReportFilters,
    fmt: str,
    output,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Write the report in `fmt` (docx, xlsx, csv) to a binary file object or a path."""
    header = rows.header(scope, filters)
    if fmt == "docx":
        docx_export.write_docx(header, items(scope, filters), output, progress)
    elif fmt == "xlsx":
        stats = statistics.compute(scope, filters)
        xlsx_export.write_xlsx(header, items(scope, filters), stats, output, progress)
    elif fmt == "csv":
        counted = _counting(items(scope, filters), progress)
        if isinstance(output, str):
            with open(output, "wb") as file:
                csv_export.write_csv(counted, file)
        else:
            csv_export.write_csv(counted, output)
    else:
        raise ValueError(f"Unknown report format {fmt!r}")


def _counting(report_items, progress):
    for item in report_items:
        if progress and not item.reply_of:
            progress(1)
        yield item


def filename(scope: Scope, fmt: str, stem: str = "comments") -> str:
    """A download name that says what the file holds: draft, version, whose comments."""
    version = scope.version
    parts = [version.draft.slug, version.slug, stem]
    if scope.administration is not None:
        parts.append(scope.administration.code.lower())
    return slugify("-".join(parts)) + f".{fmt}"


def set_report_released(version: Version, released: bool, actor: User) -> Version:
    """Let delegations download the full report (their own comments they always may)."""
    if version.report_released == released:
        return version
    version.report_released = released
    db.session.flush()
    summary = "released to delegations" if released else "withdrawn from delegations"
    audit.record(actor, "version.report_released", version, f"{version.label}: full report "
                 f"{summary}", released=released)  # fmt: skip
    return version


def find_version(spec: str) -> Version | None:
    """A version named as '<draft slug>/<version slug>' or by its id (for the command line)."""
    spec = spec.strip().strip("/")
    if spec.isdigit():
        return db.session.get(Version, int(spec))
    draft_slug, _, version_slug = spec.partition("/")
    return db.session.scalar(
        sa.select(Version).join(Draft).where(Draft.slug == draft_slug, Version.slug == version_slug)
    )


# -- the offline comment table -------------------------------------------------------------
TYPE_WORDS = {
    "ge": "ge", "general": "ge", "g": "ge",
    "te": "te", "technical": "te", "technique": "te", "t": "te",
    "ed": "ed", "editorial": "ed", "redactionnel": "ed", "e": "ed",
}  # fmt: skip
GENERAL_WORDS = {"general", "whole document", "document", "tout le document"}


class UploadRefused(CommentError):
    """The table as a whole cannot be taken (who, when, or a row that failed at confirming)."""


@dataclass
class AcceptedRow:
    """A row that will become a comment, as the delegate typed it."""

    row: int
    clause: Clause | None
    type: str
    locator: str
    body: str
    proposal: str
    fingerprint: str

    @property
    def clause_ref(self) -> str:
        return self.clause.ref if self.clause is not None else "General"

    @property
    def may_replace(self) -> bool:
        """A proposal on a clause can be ticked as the clause's whole new text (a redline)."""
        return bool(self.proposal and self.clause is not None)


@dataclass
class RefusedRow:
    row: int
    reason: str


@dataclass
class Evaluation:
    """What confirming would create, and each row that cannot be read, with its reason."""

    table: ReadTable
    accepted: list[AcceptedRow] = field(default_factory=list)
    refused: list[RefusedRow] = field(default_factory=list)


def table_administration(version: Version, user: User, code: str | None) -> Administration:
    """Whose comments an uploaded table holds: the delegate's administration, or the one the
    secretariat names (comments received by e-mail)."""
    if user.is_secretariat:
        administration = db.session.scalar(
            sa.select(Administration).where(Administration.code == (code or "").strip().upper())
        )
        if administration is None:
            raise CommentError(gettext("Choose the administration the comments are from."),
                               "administration")  # fmt: skip
        if administration.is_observer and not version.observers_may_comment:
            raise NotAllowed(comment_services.OBSERVERS_NOT_ADMITTED)
        return administration
    if not user.is_delegate or not version.can_use_comment_table(user):
        raise NotAllowed(gettext("Delegates of an administration upload comment tables (the "
                                 "secretariat too, for an administration)."))  # fmt: skip
    return user.administration


def read_upload(filename: str, data: bytes) -> ReadTable:
    """Read an uploaded table within the configured limits (rows, unpacked bytes)."""
    config = current_app.config
    return read_table(filename, data, config["COMMENT_TABLE_MAX_ROWS"],
                      config["COMMENT_TABLE_MAX_UNPACKED_BYTES"])  # fmt: skip


def ensure_accepting(version: Version) -> None:
    """Tables are taken only while the comment period is open."""
    message = comment_services.refusal(version, None)
    if message:
        raise comment_services.PeriodClosed(message)


def _norm(text: str) -> str:
    return " ".join((text or "").split()).casefold()


def fingerprint(clause_ref: str, body: str, proposal: str) -> str:
    """The same clause and text give the same fingerprint, whatever the spacing or case."""
    key = "\x1f".join((clause_ref.casefold(), _norm(body), _norm(proposal)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _ref_key(ref: str) -> str:
    """'Clause 3.2 (b).' and '3.2(b)' name the same clause."""
    key = ref.casefold().replace("§", " ")
    key = re.sub(r"^(clause|article|paragraph|para)\b\.?", "", key.strip())
    return re.sub(r"\s+", "", key).rstrip(".")


def _present(version: Version, administration: Administration) -> dict[str, str]:
    """Fingerprints of the administration's comments on the version -> their IDs."""
    rows = db.session.execute(
        sa.select(Comment.code, Comment.fingerprint, Comment.body, Comment.proposal_text, Clause.ref)
        .outerjoin(Clause, Clause.id == Comment.clause_id)
        .where(Comment.version_id == version.id, Comment.administration_id == administration.id)
    )  # fmt: skip
    present: dict[str, str] = {}
    for row in rows:
        present[fingerprint(row.ref or "General", row.body, row.proposal_text)] = row.code
        if row.fingerprint:
            present[row.fingerprint] = row.code
    return present


def evaluate(version: Version, administration: Administration, table: ReadTable) -> Evaluation:
    """Check every row against the version (clauses, types, the administration, rows already
    uploaded); writes nothing."""
    clauses = db.session.scalars(
        sa.select(Clause).where(Clause.version_id == version.id).order_by(Clause.position)
    )
    by_key = {_ref_key(c.ref): c for c in clauses}
    present = _present(version, administration)
    seen: dict[str, int] = {}
    result = Evaluation(table)
    for row in table.rows:
        try:
            accepted = _read_row(row, version, administration, by_key)
        except CommentError as error:
            result.refused.append(RefusedRow(row.row, error.message))
            continue
        if accepted.fingerprint in present:
            reason = gettext(
                "Already uploaded: %(code)s has the same clause and text.",
                code=present[accepted.fingerprint],
            )
            result.refused.append(RefusedRow(row.row, reason))
        elif accepted.fingerprint in seen:
            reason = gettext(
                "The same clause and text as row %(row)d.", row=seen[accepted.fingerprint]
            )
            result.refused.append(RefusedRow(row.row, reason))
        else:
            seen[accepted.fingerprint] = row.row
            result.accepted.append(accepted)
    return result


def _read_row(row: TableRow, version: Version, administration: Administration,
              by_key: dict[str, Clause]) -> AcceptedRow:  # fmt: skip
    member = row.get("member").strip()
    if member and member.casefold() != administration.code.casefold():
        raise CommentError(gettext("This row is for another administration (%(member)s): only "
                                   "%(code)s's comments are read from this table.",
                                   member=member, code=administration.code))  # fmt: skip
    body = row.get("comment").strip()
    if not body:
        raise CommentError(gettext("The comment is empty."))
    ref = row.get("clause").strip()
    if not ref:
        raise CommentError(
            gettext("The clause is empty: write a clause ref (e.g. 1.2), or General.")
        )
    clause = None
    if _norm(ref) not in GENERAL_WORDS and _ref_key(ref) != "general":
        clause = by_key.get(_ref_key(ref))
        if clause is None:
            near = difflib.get_close_matches(_ref_key(ref), list(by_key), n=3, cutoff=0.6)
            refs = [c.ref for c in sorted((by_key[k] for k in near), key=lambda c: c.position)]
            if refs:
                raise CommentError(gettext("Unknown clause ref “%(ref)s”. Did you mean %(refs)s?",
                                           ref=ref, refs=", ".join(refs)))  # fmt: skip
            raise CommentError(gettext("Unknown clause ref “%(ref)s”.", ref=ref))
    kind = TYPE_WORDS.get(normalise_heading(row.get("type")))
    if kind is None:
        raise CommentError(
            gettext("Unknown type “%(type)s”: write ge, te or ed.", type=row.get("type"))
        )
    if clause is not None and clause.is_settled:
        raise CommentError(comment_services.refusal(version, clause))
    locator = "; ".join(p for p in (_line(row.get("line")), row.get("locator").strip()) if p)
    proposal = row.get("proposal").strip()
    fields = CommentFields(type=kind, body=body, locator=locator,
                           proposal_kind="text" if proposal else None, proposal_text=proposal)  # fmt: skip
    comment_services.check_fields(clause, fields)
    return AcceptedRow(row.row, clause, kind, locator, body, proposal,
                       fingerprint(clause.ref if clause else "General", body, proposal))  # fmt: skip


def _line(value: str) -> str:
    value = value.strip()
    return f"line {value}" if value and value[0].isdigit() else value


def create_comments(version: Version, user: User, administration: Administration,
                    evaluation: Evaluation, replace_rows: set[int], filename: str,
                    upload: CommentTableUpload | None = None) -> list[Comment]:  # fmt: skip
    """Create the accepted rows' comments exactly as if typed, in the caller's transaction;
    the first failure is raised with its row and nothing is kept (the caller rolls back)."""
    ensure_accepting(version)
    on_behalf = administration if user.is_secretariat else None
    summary = f"Comment table {filename} for {administration.code}"
    if on_behalf is not None:
        summary += ", entered by the secretariat"
    entry = audit.record(user, "comment_table.upload", upload or version, summary)
    # Written first: the transaction is then open before add_comment's savepoints, which
    # SQLite's driver would otherwise commit one by one (it begins only at the first write).
    db.session.flush()
    created = []
    for row in evaluation.accepted:
        replace = row.row in replace_rows and row.may_replace
        kind = "replace" if replace else ("text" if row.proposal else None)
        fields = CommentFields(type=row.type, body=row.body, locator=row.locator,
                               proposal_kind=kind, proposal_text=row.proposal)  # fmt: skip
        try:
            created.append(comment_services.add_comment(
                version, row.clause, user, fields, on_behalf_of=on_behalf,
                fingerprint=row.fingerprint,
            ))  # fmt: skip
        except CommentError as error:
            raise UploadRefused(gettext("Row %(row)d: %(reason)s Nothing was created.",
                                        row=row.row, reason=error.message),
                                error.field) from None  # fmt: skip
    entry.summary = f"{summary}: {len(created)} comments created"[:500]
    entry.data = {"administration": administration.code, "created": [c.code for c in created],
                  "refused": len(evaluation.refused), "on_behalf": on_behalf is not None}  # fmt: skip
    if upload is not None:
        upload.state = "imported"
    return created
