"""Comparing two versions of a draft clause by clause, with word-level redlines.

Clauses are matched by lineage first (`source_clause_id`, followed through the versions in
between), then by ref for clauses without lineage. Each pair gets a status: added, removed,
changed (text or heading), moved (other parent, or out of order), renumbered (other ref or
number) or unchanged, and the comments whose decisions made the difference. A fixed number of
queries whatever the number of clauses: both versions' clauses, the lineage of the versions in
between, and the origins.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from html import escape

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from ..comments.models import Comment
from ..comments.redline import redline_html
from ..drafts.models import Clause, Version
from ..extensions import db
from .models import ClauseOrigin

STATUSES = ("added", "removed", "changed", "moved", "renumbered", "unchanged")


@dataclass
class Row:
    """One clause of the comparison: as it was in `old` and as it is in `new`."""

    old: Clause | None
    new: Clause | None
    status: str = "unchanged"
    moved: bool = False
    comments: list[Comment] = field(default_factory=list)
    redline: str = ""  # escaped HTML, made here from the plain texts
    heading_redline: str | None = None

    @property
    def renumbered(self) -> bool:
        return bool(
            self.old
            and self.new
            and (self.old.ref, self.old.number) != (self.new.ref, self.new.number)
        )

    @property
    def text_changed(self) -> bool:
        return bool(self.old and self.new and self.old.text != self.new.text)

    @property
    def heading_changed(self) -> bool:
        return bool(self.old and self.new and (self.old.heading or "") != (self.new.heading or ""))


@dataclass
class Comparison:
    old: Version
    new: Version
    rows: list[Row]
    counts: Counter


def _clauses(*versions: Version) -> dict[int, list[Clause]]:
    rows = db.session.scalars(
        sa.select(Clause)
        .where(Clause.version_id.in_([v.id for v in versions]))
        .order_by(Clause.version_id, Clause.position)
    )
    found: dict[int, list[Clause]] = {v.id: [] for v in versions}
    for clause in rows:
        found[clause.version_id].append(clause)
    return found


def _lineage(older: Version, newer: Version) -> dict[int, int | None]:
    """source_clause_id of every clause after `older` up to `newer` (one query)."""
    ids = [v.id for v in older.draft.versions if older.number < v.number <= newer.number]
    rows = db.session.execute(
        sa.select(Clause.id, Clause.source_clause_id).where(Clause.version_id.in_(ids))
    )
    return {row.id: row.source_clause_id for row in rows}


def _origins(older: Version, newer: Version) -> list[ClauseOrigin]:
    ids = [v.id for v in older.draft.versions if older.number < v.number <= newer.number]
    return list(
        db.session.scalars(
            sa.select(ClauseOrigin)
            .where(ClauseOrigin.version_id.in_(ids))
            .options(joinedload(ClauseOrigin.comment).joinedload(Comment.disposition))
            .order_by(ClauseOrigin.comment_id)
        )
    )


def _match(older: list[Clause], newer: list[Clause], sources: dict[int, int | None]):
    """Pairs (older clause, newer clause) by lineage, then by ref; each newer clause's chain."""
    old_by_id = {c.id: c for c in older}
    pairs: dict[int, Clause] = {}  # newer clause id -> older clause
    chains: dict[int, list[int]] = {}
    for clause in newer:
        chain, current = [clause.id], clause.source_clause_id
        while current is not None and current not in old_by_id:
            chain.append(current)
            current = sources.get(current)
        chains[clause.id] = chain
        if current is not None and current not in {c.id for c in pairs.values()}:
            pairs[clause.id] = old_by_id[current]
    matched = {c.id for c in pairs.values()}
    by_ref = {c.ref: c for c in older if c.id not in matched}
    for clause in newer:
        if clause.id not in pairs and clause.source_clause_id is None and clause.ref in by_ref:
            pairs[clause.id] = by_ref.pop(clause.ref)
    return pairs, chains


def _in_order(pairs: list[tuple[Clause, Clause]]) -> set[int]:
    """Ids of the newer clauses of the longest run kept in the older order (the rest moved)."""
    tails: list[int] = []  # smallest older position ending a run of each length
    tail_index: list[int] = []
    previous: list[int] = []
    for index, (old, _new) in enumerate(pairs):
        k = bisect_left(tails, old.position)
        if k == len(tails):
            tails.append(old.position)
            tail_index.append(index)
        else:
            tails[k], tail_index[k] = old.position, index
        previous.append(tail_index[k - 1] if k else -1)
    kept, index = set(), tail_index[-1] if tail_index else -1
    while index >= 0:
        kept.add(pairs[index][1].id)
        index = previous[index]
    return kept


def compare_versions(first: Version, second: Version, changed_only: bool = False) -> Comparison:
    """`first` to `second`, in `second`'s order, with `first`'s deleted clauses in place."""
    older, newer = sorted((first, second), key=lambda v: v.number)
    clauses = _clauses(older, newer)
    sources = _lineage(older, newer) if older.id != newer.id else {}
    pairs, chains = _match(clauses[older.id], clauses[newer.id], sources)
    origins = _origins(older, newer) if older.id != newer.id else []
    by_clause: dict[int, list[Comment]] = {}
    by_removed: dict[int, list[Comment]] = {}
    for origin in origins:
        if origin.clause_id is not None:
            by_clause.setdefault(origin.clause_id, []).append(origin.comment)
        elif origin.source_clause_id is not None:
            by_removed.setdefault(origin.source_clause_id, []).append(origin.comment)
    following = {source: clause_id for clause_id, source in sources.items() if source}

    def comments_for(old: Clause | None, new: Clause | None) -> list[Comment]:
        if new is not None:
            return [c for link in chains[new.id] for c in by_clause.get(link, [])]
        found, current = [], old.id
        while current is not None:
            found += by_removed.get(current, [])
            current = following.get(current)
        return found

    forward = first is older
    matched = [(old, new) for new in clauses[newer.id] if (old := pairs.get(new.id))]
    if not forward:
        matched = sorted(((new, old) for old, new in matched), key=lambda p: p[1].position)
    target = {a.id: b.id for a, b in matched}
    in_order = _in_order(matched)
    pair_of = {b.id: a for a, b in matched}
    pending = [c for c in clauses[first.id] if c.id not in target]  # not in `second`
    rows: list[Row] = []
    for clause in clauses[second.id]:
        old = pair_of.get(clause.id)
        while old is not None and pending and pending[0].position < old.position:
            rows.append(Row(pending.pop(0), None))
        rows.append(Row(old, clause))
    rows += [Row(c, None) for c in pending]
    for row in rows:
        older_side, newer_side = (row.old, row.new) if forward else (row.new, row.old)
        row.comments = comments_for(older_side, newer_side)
        if row.new is None:
            row.status = "removed"
        elif row.old is None:
            row.status = "added"
        else:
            parent = target.get(row.old.parent_id) if row.old.parent_id else None
            row.moved = row.new.id not in in_order or parent != row.new.parent_id
            row.status = (
                "changed" if row.text_changed or row.heading_changed
                else "moved" if row.moved
                else "renumbered" if row.renumbered
                else "unchanged"
            )  # fmt: skip
    counts = Counter(row.status for row in rows)
    if changed_only:
        rows = [row for row in rows if row.status != "unchanged"]
    for row in rows:
        _redline(row)
    return Comparison(first, second, rows, counts)


def _redline(row: Row) -> None:
    """The word-level redline of the row's text (and heading, when it changed)."""
    old_text = row.old.text if row.old else ""
    new_text = row.new.text if row.new else ""
    if row.status == "unchanged" or old_text == new_text:
        row.redline = f'<div class="redline">{escape(new_text)}</div>'
    else:
        row.redline = redline_html(old_text, new_text)
    if row.heading_changed:
        row.heading_redline = redline_html(row.old.heading or "", row.new.heading or "")
