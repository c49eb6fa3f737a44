"""Rules for drafts and versions: importing text into clauses and the comment period."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from flask import current_app
from slugify import slugify
from sqlalchemy.orm import contains_eager

from ..accounts.models import User
from ..core import audit
from ..core.markup import render_markdown
from ..core.time import utcnow
from ..extensions import db
from .models import Clause, Draft, DraftUpload, Version, VersionStatus

if TYPE_CHECKING:
    from .importer import ParsedDraft

KEEP: Any = object()  # "leave this value unchanged" for optional service arguments


class DraftError(ValueError):
    """A request about drafts or versions that breaks a rule; the message is shown as is."""


def _unique_slug(text: str, taken: Iterable[str], fallback: str) -> str:
    base = slugify(text, max_length=80) or fallback
    taken = set(taken)
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def find_draft(title: str) -> Draft | None:
    return db.session.scalar(sa.select(Draft).where(Draft.title == title.strip()))


def create_draft(title: str, actor: User | None = None) -> Draft:
    title = title.strip()
    if not title:
        raise DraftError("The draft needs a title.")
    draft = Draft(
        title=title[:300],
        slug=_unique_slug(title, db.session.scalars(sa.select(Draft.slug)), "draft"),
    )
    db.session.add(draft)
    audit.record(actor, "draft.create", draft, f"Created draft {title}")
    return draft


def create_version(draft: Draft, label: str = "", actor: User | None = None) -> Version:
    number = (db.session.scalar(
        sa.select(sa.func.max(Version.number)).where(Version.draft_id == draft.id)
    ) or 0) + 1  # fmt: skip
    label = (label or f"Draft {number}").strip()[:100]
    taken = db.session.scalars(sa.select(Version.slug).where(Version.draft_id == draft.id))
    version = Version(
        draft=draft, number=number, label=label, slug=_unique_slug(label, taken, f"v{number}")
    )
    db.session.add(version)
    audit.record(actor, "version.create", version, f"Created {label} of {draft.title}")
    return version


def target_version(title: str, label: str = "") -> tuple[Draft | None, Version | None]:
    """Where an import goes: an existing version in preparation with that label (or the latest
    one in preparation when no label is given), else None for a new version."""
    draft = find_draft(title)
    if draft is None:
        return None, None
    candidates = [v for v in draft.versions if not label or v.label == label.strip()]
    if label and candidates and not candidates[-1].can_be_reimported():
        raise DraftError(
            f"{candidates[-1].label} of {draft.title} is {candidates[-1].status.value}: only a "
            "version in preparation can be imported again. Choose a new label."
        )
    preparing = [v for v in candidates if v.can_be_reimported()]
    return draft, (preparing[-1] if preparing else None)


def import_draft(
    parsed: ParsedDraft,
    *,
    title: str | None = None,
    label: str = "",
    version: Version | None = None,
    filename: str = "",
    actor: User | None = None,
    progress: Callable[[int], None] | None = None,
) -> Version:
    """Write a parsed document as the clauses of a version (new, or one in preparation).

    Everything is flushed in the caller's transaction: on any error nothing is written.
    """
    if version is None:
        title = (title or parsed.title or "").strip()
        if not title:
            raise DraftError("The document has no title: give one with the import.")
        draft, version = target_version(title, label)
        if version is None:
            version = create_version(draft or create_draft(title, actor), label, actor)
    elif not version.can_be_reimported():
        raise DraftError(
            f"{version.label} is {version.status.value}: only a version in preparation can be "
            "imported again."
        )
    replaced = _clear_clauses(version)

    version.introduction = parsed.introduction
    version.introduction_html = render_markdown(parsed.introduction)
    version.source_filename = filename[:255]
    version.imported_at = utcnow()
    created: list[Clause] = []
    for position, item in enumerate(parsed.clauses, start=1):
        clause = Clause(
            version=version,
            parent=created[item.parent] if item.parent is not None else None,
            position=position,
            level=item.level,
            ref=item.ref,
            number=item.number,
            heading=item.heading,
            text=item.text,
            text_html=render_markdown(item.text),
        )
        created.append(clause)
        if progress:
            progress(1)
    db.session.add_all(created)
    db.session.flush()
    audit.record(
        actor, "version.import", version,
        f"Imported {len(created)} clauses into {version.label} from {filename or 'text'}",
        clauses=len(created), replaced=replaced, filename=filename,
    )  # fmt: skip
    return version


def _clear_clauses(version: Version) -> int:
    """Remove the clauses of a version in preparation before a re-import (none have comments)."""
    from ..comments.models import Comment

    if version.id is None:
        return 0
    if version.previous_version is not None:
        raise DraftError(
            f"{version.label} was made from the decisions on {version.previous_version.label}: "
            "edit its clauses instead, or import the file under a new label."
        )
    has_comments = db.session.scalar(
        sa.select(sa.func.count(Comment.id)).where(Comment.version_id == version.id)
    )
    if has_comments:
        raise DraftError(f"{version.label} already has comments; it cannot be imported again.")
    clauses = db.session.scalars(sa.select(Clause).where(Clause.version_id == version.id)).all()
    if not clauses:
        return 0
    # Children first (document order reversed) so parent links never dangle.
    for clause in sorted(clauses, key=lambda c: c.position, reverse=True):
        db.session.delete(clause)
        db.session.flush()
    db.session.expire(version, ["clauses"])
    return len(clauses)


def set_period(
    version: Version,
    *,
    status: VersionStatus | str | None = None,
    opens_at: datetime | None = KEEP,
    closes_at: datetime | None = KEEP,
    comments_visible_during_period: bool | None = None,
    observers_may_comment: bool | None = None,
    actor: User | None = None,
) -> Version:
    """Change a version's status, period dates or visibility setting; KEEP leaves a date as is."""
    from ..comments.models import Comment

    new_status = VersionStatus(status) if status is not None else version.status
    new_opens = version.opens_at if opens_at is KEEP else opens_at
    new_closes = version.closes_at if closes_at is KEEP else closes_at
    if new_status is VersionStatus.SUPERSEDED and version.status is not VersionStatus.SUPERSEDED:
        raise DraftError("A version is superseded by publishing the next one, not by hand.")
    if version.status is VersionStatus.SUPERSEDED:
        raise DraftError("A superseded version is kept as it was: its period can no longer change.")
    if new_opens and new_closes and new_closes <= new_opens:
        raise DraftError("The comment period must close after it opens.")
    if new_status is VersionStatus.OPEN:
        has_clauses = db.session.scalar(
            sa.select(sa.func.count(Clause.id)).where(Clause.version_id == version.id)
        )
        if not has_clauses:
            raise DraftError("Import the text before opening the comment period.")
    if new_status is VersionStatus.PREPARATION and version.status is not VersionStatus.PREPARATION:
        has_comments = db.session.scalar(
            sa.select(sa.func.count(Comment.id)).where(Comment.version_id == version.id)
        )
        if has_comments:
            raise DraftError("This version has comments: it cannot go back to preparation.")
    superseding = _superseded_by_opening(version, new_status)
    before = _period_state(version)
    version.status = new_status
    version.opens_at = new_opens
    version.closes_at = new_closes
    if comments_visible_during_period is not None:
        version.comments_visible_during_period = comments_visible_during_period
    if observers_may_comment is not None:
        version.observers_may_comment = observers_may_comment
    if _period_state(version) != before:  # a save that changes nothing is not worth a line
        audit.record(
            actor, "version.period", version, f"{version.label}: {version.period_message()}",
            before=before,
        )  # fmt: skip
    if superseding is not None:
        superseding.status = VersionStatus.SUPERSEDED
        audit.record(
            actor, "version.supersede", superseding,
            f"{superseding.label} superseded by {version.label}", by=version.id,
        )  # fmt: skip
    return version


def _superseded_by_opening(version: Version, new_status: VersionStatus) -> Version | None:
    """The version a generated one supersedes when its period opens (None: nothing to do).

    Publishing the next version closes the record of the previous one, in the same change.
    """
    previous = version.previous_version
    if previous is None:
        return None
    if previous.status is VersionStatus.SUPERSEDED and version.status is not new_status:
        if new_status is VersionStatus.PREPARATION:
            raise DraftError(
                f"{version.label} superseded {previous.label} when it opened: it cannot go back "
                "to preparation."
            )
        return None
    if new_status is not VersionStatus.OPEN or previous.status is VersionStatus.SUPERSEDED:
        return None
    if previous.is_open_for_comment():
        raise DraftError(
            f"{previous.label} is still open for comment: close it before opening {version.label}."
        )
    return previous


def _period_state(version: Version) -> dict:
    """What set_period can change, as plain values for the audit log."""
    return {
        "status": version.status.value,
        "opens_at": version.opens_at.isoformat() if version.opens_at else None,
        "closes_at": version.closes_at.isoformat() if version.closes_at else None,
        "visible": version.comments_visible_during_period,
        "observers": version.observers_may_comment,
    }


def parse_upload(
    filename: str, data: bytes, max_bytes: int, max_chars: int | None = None
) -> ParsedDraft:
    """Parse an uploaded file; errors come back as DraftError with the importer's message."""
    from .importer import DraftImportError, parse_document

    if max_chars is None:
        max_chars = current_app.config["MAX_DRAFT_CHARS"]
    try:
        return parse_document(filename, data, max_bytes=max_bytes, max_chars=max_chars)
    except DraftImportError as error:
        raise DraftError(str(error)) from None


def parsed_upload(upload: DraftUpload) -> ParsedDraft:
    """The clause tree of a pending upload, as parsed when it was uploaded (parsed once)."""
    from .importer import ParsedDraft

    if upload.parsed is None:  # uploaded before the tree was kept
        parsed = parse_upload(upload.filename, upload.data, len(upload.data) + 1)
        upload.parsed = parsed.to_json()
        return parsed
    return ParsedDraft.from_json(upload.parsed)


def clause_tree(version: Version, *options) -> list[Clause]:
    """All clauses of a version in document order (one query, plus any eager `options`)."""
    return list(
        db.session.scalars(
            sa.select(Clause)
            .where(Clause.version_id == version.id)
            .order_by(Clause.position)
            .options(*options)
        )
    )


def get_version(draft_slug: str, version_slug: str) -> Version | None:
    return db.session.scalar(
        sa.select(Version)
        .join(Draft)
        .where(Draft.slug == draft_slug, Version.slug == version_slug)
        .options(contains_eager(Version.draft))
    )
