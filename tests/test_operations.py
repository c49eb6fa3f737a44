"""The backup procedure of docs/operations.md works: a pg_dump of a database restores into a
fresh one with scripts/check-restore.sh, which upgrades it and finds it at the head revision."""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PG = {"PGHOST": "127.0.0.1", "PGPORT": "5432", "PGUSER": "postgres"}


def run(*args, env=None, check=True) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, env={**os.environ, **PG, **(env or {})},
                          capture_output=True, text=True, timeout=300, check=check)  # fmt: skip


@pytest.fixture
def source_database(tmp_path):
    """A PostgreSQL database migrated by `flask db upgrade` with one administration in it."""
    name = f"fr_backup_source_{uuid.uuid4().hex[:8]}"
    run("createdb", name)
    env = {"DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}",
           "FLASK_CONFIG": "development", "FRAMEWORK_REVIEW_INSTANCE": str(tmp_path)}  # fmt: skip
    flask = [str(ROOT / ".venv/bin/flask"), "--app", "wsgi"]
    run(*flask, "db", "upgrade", env=env)
    run(*flask, "create-administration", "FR", "France", env=env)
    yield name
    run("dropdb", "--if-exists", name)


def test_a_backup_restores_into_a_fresh_database_at_the_head(source_database, tmp_path):
    dump = tmp_path / "backup.dump"
    run("pg_dump", "--format=custom", "--file", str(dump), source_database)
    result = run("scripts/check-restore.sh", str(dump), env={"FRAMEWORK_REVIEW_INSTANCE":
                                                              str(tmp_path)})  # fmt: skip
    assert "Schema at the head revision" in result.stdout
    assert "administration 1 rows" in " ".join(result.stdout.split())
    assert result.stdout.rstrip().endswith("Restore check passed.")
    databases = run("psql", "-tAc", "SELECT datname FROM pg_database").stdout
    assert "restore_check_" not in databases  # dropped afterwards


def test_a_damaged_backup_fails_the_check(tmp_path):
    dump = tmp_path / "broken.dump"
    dump.write_bytes(b"PGDMP this is not a dump")
    result = run("scripts/check-restore.sh", str(dump), check=False)
    assert result.returncode != 0
    assert "Restore check passed." not in result.stdout
