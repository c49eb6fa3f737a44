#!/usr/bin/env bash
# Check a backup: restore a pg_dump file (custom format, pg_dump -Fc) into a fresh database,
# bring it to the current schema with `flask db upgrade`, check that it reached the head
# revision and print how many rows the main tables hold. The database is dropped afterwards
# unless --keep is given. Exit status 0 only when every step worked.
#
#   scripts/check-restore.sh BACKUP.dump [--keep]
#
# Connection: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres), PGPASSWORD if needed.
set -euo pipefail

dump=${1:?usage: scripts/check-restore.sh BACKUP.dump [--keep]}
keep=${2:-}
cd "$(dirname "$0")/.."
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
db="restore_check_$(date +%Y%m%d%H%M%S)_$$"
flask=(.venv/bin/flask --app wsgi)

cleanup() {
  if [ "$keep" != "--keep" ]; then
    dropdb --if-exists "$db" || true
  else
    echo "Kept the restored database $db."
  fi
}
trap cleanup EXIT

echo "Restoring $dump into the fresh database $db..."
createdb "$db"
pg_restore --no-owner --no-privileges --exit-on-error --dbname "$db" "$dump"

export DATABASE_URL="postgresql+psycopg://$PGUSER@$PGHOST:$PGPORT/$db"
export FLASK_CONFIG=development FRAMEWORK_REVIEW_INSTANCE=${FRAMEWORK_REVIEW_INSTANCE:-$(mktemp -d)}
"${flask[@]}" db upgrade
current=$("${flask[@]}" db current 2>/dev/null | awk '{print $1}' | tail -n 1)
head=$("${flask[@]}" db heads 2>/dev/null | awk '{print $1}' | tail -n 1)
if [ -z "$current" ] || [ "$current" != "$head" ]; then
  echo "FAILED: the restored database is at revision '$current', the code's head is '$head'." >&2
  exit 1
fi
echo "Schema at the head revision ($head)."
counts=""
for table in administration user draft version clause comment reply audit_entry; do
  counts+="${counts:+ UNION ALL }SELECT '$table', count(*) FROM \"$table\""
done
psql -d "$db" -tA -F ' ' -c "$counts" | while read -r table rows; do
  printf '%-14s %s rows\n' "$table" "$rows"
done
echo "Restore check passed."
