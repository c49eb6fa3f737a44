"""Measure the report exports on a real round (bench/round.py), on PostgreSQL.

Each measurement runs in a fresh process, so its peak memory (max RSS) is its own:
- the reference: a bare SELECT of the same columns, joins and order, written with csv.writer;
- the CSV, DOCX and XLSX exports through reports.services.write_report, without and with
  replies; their time as a ratio to the reference measured in the same run;
- python-docx building the table cell by cell, against the streamed table, for the first 2,000
  and 8,000 rows (why the DOCX rows are written as XML: python-docx's time per row grows);
- the SQL queries each export runs.
Results go to stdout as Markdown for docs/performance.md. Nothing here is ever asserted.

    .venv/bin/python bench/exports.py [--database URL] [--comments 30000] [--reuse]
"""

from __future__ import annotations

import argparse
import csv
import io
import itertools
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402

from bench.round import DEFAULT_URL, RoundSize, build_round, fresh_app  # noqa: E402
from framework_review import create_app  # noqa: E402
from framework_review.drafts.models import Version  # noqa: E402
from framework_review.extensions import db  # noqa: E402
from framework_review.reports import services  # noqa: E402
from framework_review.reports.rows import ReportFilters, Scope  # noqa: E402

REFERENCE_SQL = """
SELECT c.code, a.code, COALESCE(cl.ref, 'General'), c.locator, c.type, c.body, c.proposal_text,
       d.decision, d.observation, d.adopted_text, c.status
FROM comment c
JOIN administration a ON a.id = c.administration_id
LEFT JOIN clause cl ON cl.id = c.clause_id
LEFT JOIN disposition d ON d.id = c.disposition_id
WHERE c.version_id = :version
ORDER BY COALESCE(cl.position, 0), a.code, c.sequence
"""
MEASUREMENTS = ("select", "csv", "csv+replies", "docx", "docx+replies", "xlsx", "xlsx+replies",
                "python-docx-2000", "streamed-docx-2000", "python-docx-8000",
                "streamed-docx-8000")  # fmt: skip


def _version_id() -> int:
    return db.session.scalar(sa.select(sa.func.min(Version.id)))


def _reference(output) -> None:
    """The bare SELECT, streamed, written as it comes with csv.writer."""
    text = io.TextIOWrapper(output, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    result = db.session.execute(sa.text(REFERENCE_SQL).execution_options(yield_per=1000),
                                {"version": _version_id()})  # fmt: skip
    for row in result:
        writer.writerow(row)
    text.flush()
    text.detach()


def _python_docx(rows: int, output) -> None:
    """The table built with python-docx's objects, as python-docx's documentation shows."""
    from docx import Document

    from framework_review.reports.columns import TABLE_COLUMNS
    from framework_review.reports.richtext import plain_text

    document = Document()
    table = document.add_table(rows=1, cols=len(TABLE_COLUMNS))
    for cell, name in zip(table.rows[0].cells, TABLE_COLUMNS, strict=True):
        cell.text = name
    version = db.session.get(Version, _version_id())
    for item in itertools.islice(services.items(Scope(version), ReportFilters()), rows):
        cells = table.add_row().cells
        values = [item.code, item.member, item.clause, item.locator, item.type,
                  plain_text(item.body_html), item.proposal_text, plain_text(item.observation_html)]  # fmt: skip
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    document.save(output)


def _streamed_docx(rows: int, output) -> None:
    from framework_review.reports import docx_export
    from framework_review.reports import rows as report_rows

    version = db.session.get(Version, _version_id())
    scope, filters = Scope(version), ReportFilters()
    items = itertools.islice(services.items(scope, filters), rows)
    docx_export.write_docx(report_rows.header(scope, filters), items, output)


def _run(name: str, output) -> None:
    if name == "select":
        return _reference(output)
    if name.endswith("00"):  # the first rows only, built with python-docx or streamed
        rows = int(name.rsplit("-", 1)[1])
        return (_python_docx if name.startswith("python") else _streamed_docx)(rows, output)
    fmt, _, replies = name.partition("+")
    version = db.session.get(Version, _version_id())
    services.write_report(Scope(version), ReportFilters(replies=bool(replies)), fmt, output)


def measure(url: str, name: str, repeat: int, trace: bool) -> dict:
    """One measurement in this process: median seconds, peak memory, queries, file size."""
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    result: dict = {"name": name}
    with app.app_context():
        db.session.execute(sa.text("SELECT 1"))
        queries = []
        times = []
        for attempt in range(repeat):
            db.session.expire_all()
            listener = (lambda *args: queries.append(1)) if attempt == 0 else None
            if listener:
                sa.event.listen(db.engine, "before_cursor_execute", listener)
            if trace:
                tracemalloc.start()
            with tempfile.TemporaryFile() as output:
                started = time.perf_counter()
                _run(name, output)
                times.append(time.perf_counter() - started)
                result["bytes"] = output.tell()
            if trace:
                result["python_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
                tracemalloc.stop()
            if listener:
                sa.event.remove(db.engine, "before_cursor_execute", listener)
                result["queries"] = len(queries)
        result["seconds"] = statistics.median(times)
        result["max_rss_mb"] = _peak_rss_mb()
    return result


def _peak_rss_mb() -> float:
    """This process's peak resident memory. Linux's VmHWM, not ru_maxrss: ru_maxrss survives
    exec, so a child started by a large parent would report the parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _in_process(url: str, name: str, repeat: int, trace: bool = False) -> dict:
    command = [sys.executable, __file__, "--database", url, "--measure", name,
               "--repeat", str(repeat)] + (["--trace"] if trace else [])  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def report(url: str, repeat: int) -> None:
    baseline = _in_process(url, "select", 1)  # warms the database's caches too
    results = {name: _in_process(url, name, repeat) for name in MEASUREMENTS}
    for name in ("csv", "docx", "xlsx", "docx+replies", "xlsx+replies"):
        results[name]["python_peak_mb"] = _in_process(url, name, 1, trace=True)["python_peak_mb"]
    reference = results["select"]["seconds"]
    print(
        f"Reference (bare SELECT to csv.writer): {reference:.2f} s; a process that only "
        f"connects and selects peaks at {baseline['max_rss_mb']:.0f} MB.\n"
    )
    print(
        f"| export | seconds (median of {repeat}) | × reference | max RSS MB | Python peak MB "
        "| SQL queries | file MB |"
    )
    print("|---|---|---|---|---|---|---|")
    for name in MEASUREMENTS:
        r = results[name]
        peak = f"{r['python_peak_mb']:.0f}" if "python_peak_mb" in r else "–"
        print(
            f"| {name} | {r['seconds']:.2f} | {r['seconds'] / reference:.1f} | "
            f"{r['max_rss_mb']:.0f} | {peak} | {r['queries']} | {r['bytes'] / 2**20:.1f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--comments", type=int, default=RoundSize.comments)
    parser.add_argument("--reuse", action="store_true", help="keep the round already there")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--measure", choices=MEASUREMENTS, help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.database, args.measure, args.repeat, args.trace)))
        return
    if not args.reuse:
        app = fresh_app(args.database)
        with app.app_context():
            build_round(
                RoundSize(comments=args.comments), echo=lambda line: print(line, file=sys.stderr)
            )
    report(args.database, args.repeat)


if __name__ == "__main__":
    main()
