"""Measure the pages and commands that grow with the size of a review.

Builds a database (SQLite in a temporary folder, or PostgreSQL with BENCH_DATABASE_URL) through
the migrations, fills it with a large draft and many comments, then times:
- importing a generated 2,000-clause Markdown draft;
- the table of contents of that draft;
- a clause page with 500 comments (each with a reply and a supporter), first page of 100;
- the JSON list of the same 500 comments.
Query counts are reported beside the times. Results go to stdout as a Markdown table; paste
them into docs/performance.md with the date and machine.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from framework_review import create_app  # noqa: E402
from framework_review.accounts import services as accounts  # noqa: E402
from framework_review.accounts.models import Role  # noqa: E402
from framework_review.comments.models import Comment, CommentType, Reply, Support  # noqa: E402
from framework_review.core.markup import render_markdown  # noqa: E402
from framework_review.drafts import services as drafts  # noqa: E402
from framework_review.drafts.models import Clause, VersionStatus  # noqa: E402
from framework_review.extensions import db  # noqa: E402

PASSWORD = "bench-password-123"


def generated_draft(standards: int = 100) -> str:
    """A Markdown draft of about 20 clauses per standard."""
    lines = ["# Benchmark framework", "", "Generated text for timing.", ""]
    for s in range(1, standards + 1):
        lines += [f"## Standard {s}: Topic {s}", ""]
        for p in range(1, 5):
            lines += [f"{s}.{p} Members should apply measure {p} of standard {s} to goods.", ""]
            for letter in "abcd":
                lines += [f"({letter}) item {letter} of paragraph {s}.{p};", ""]
    return "\n".join(lines)


def timed(fn, repeat: int = 20) -> tuple[float, float]:
    """Median and 95th percentile in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, conn, cursor, statement, *args):
        if statement != "BEGIN":  # SQLite's explicit BEGIN is not a query of the page
            self.count += 1


def main() -> None:
    url = os.environ.get("BENCH_DATABASE_URL")
    tmp = tempfile.mkdtemp()
    url = url or f"sqlite:///{tmp}/bench.db"
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False})
    rows = []
    with app.app_context():
        if url.startswith("postgresql"):
            with db.engine.begin() as connection:
                connection.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()
        codes = ["FR", "KE", "JP", "BR", "CA", "DE", "IN", "MX"]
        admins = [accounts.create_administration(code, f"Admin {code}") for code in codes]
        users = [
            accounts.create_user(f"d{i}", PASSWORD, Role.DELEGATE, a) for i, a in enumerate(admins)
        ]
        db.session.commit()

        text = generated_draft()
        start = time.perf_counter()
        parsed = drafts.parse_upload("bench.md", text.encode(), 50 * 1024 * 1024, 10**7)
        version = drafts.import_draft(parsed, label="Draft 1", filename="bench.md")
        drafts.set_period(version, status=VersionStatus.OPEN)
        db.session.commit()
        import_ms = (time.perf_counter() - start) * 1000
        clause_count = len(parsed.clauses)

        target = db.session.scalar(
            sa.select(Clause).where(Clause.version_id == version.id, Clause.ref == "1.1")
        )
        comments = []
        for n in range(500):
            admin = admins[n % len(admins)]
            body = f"Comment number {n} with **some** emphasis."
            comments.append(Comment(
                version=version, clause=target, administration=admin, author=users[n % len(users)],
                sequence=n // len(admins) + 1, code=f"{admin.code}-{n // len(admins) + 1:03d}",
                type=CommentType.TECHNICAL, body=body, body_html=render_markdown(body),
            ))  # fmt: skip
        db.session.add_all(comments)
        db.session.flush()
        for n, comment in enumerate(comments):
            other = admins[(n + 1) % len(admins)]
            db.session.add(Reply(comment=comment, author=users[0], administration_id=admins[0].id,
                                 body="Noted.", body_html="<p>Noted.</p>"))  # fmt: skip
            db.session.add(
                Support(comment=comment, administration_id=other.id, user_id=users[1].id)
            )
        db.session.commit()
        token = accounts.create_token(users[0])
        db.session.commit()
        slug, vslug, clause_id = version.draft.slug, version.slug, target.id

    client = app.test_client()
    client.post("/login", data={"username": "d0", "password": PASSWORD})

    def measure(name, path, headers=None):
        counter = QueryCounter()
        with app.app_context():
            sa.event.listen(db.engine, "before_cursor_execute", counter)
            response = client.get(path, headers=headers or {})
            sa.event.remove(db.engine, "before_cursor_execute", counter)
        assert response.status_code == 200, (path, response.status_code)
        median, p95 = timed(lambda: client.get(path, headers=headers or {}))
        rows.append((name, f"{median:.1f}", f"{p95:.1f}", str(counter.count)))

    measure(f"Table of contents ({clause_count} clauses)", f"/drafts/{slug}/{vslug}/")
    measure("Clause page, 500 comments (page of 100)", f"/drafts/{slug}/{vslug}/clauses/1.1")
    measure(
        "API: 500 comments with replies",
        f"/api/v1/clauses/{clause_id}/comments",
        {"Authorization": f"Bearer {token}"},
    )
    backend = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    print(f"Backend: {backend}; import of {clause_count} clauses: {import_ms:.0f} ms\n")
    print("| request | median ms | p95 ms | SQL queries |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
