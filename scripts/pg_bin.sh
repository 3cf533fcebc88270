# Sourced by backup.sh and restore.sh: PG_BIN = client binaries matching the server's major
# version (pg_dump refuses a newer server). The machine's own (Debian's PostgreSQL 15 client)
# when they match, else the binaries bundled with the embedded pgserver (PostgreSQL 16).
# Override with PG_BIN=/path/to/bin.
PY=${PYTHON:-.venv/bin/python}

server_major() {
  "$PY" - "$1" <<'PYEOF'
import sys, psycopg
with psycopg.connect(sys.argv[1]) as connection:
    print(connection.info.server_version // 10000)
PYEOF
}

pick_pg_bin() {
  local url=$1 major local_major candidate
  if [ -n "${PG_BIN:-}" ]; then return; fi
  major=$(server_major "$url")
  for candidate in "/usr/lib/postgresql/$major/bin" "$(dirname "$(command -v pg_dump 2>/dev/null || echo /nonexistent/pg_dump)")"; do
    if [ -x "$candidate/pg_dump" ]; then
      local_major=$("$candidate/pg_dump" --version | sed -E 's/.* ([0-9]+)(\.[0-9]+)?.*/\1/')
      if [ "$local_major" = "$major" ]; then PG_BIN=$candidate; return; fi
    fi
  done
  candidate=$("$PY" -c 'import pathlib, pgserver; print(pathlib.Path(pgserver.__file__).parent / "pginstall" / "bin")' 2>/dev/null || true)
  if [ -n "$candidate" ] && [ -x "$candidate/pg_dump" ]; then PG_BIN=$candidate; return; fi
  echo "No pg_dump for PostgreSQL $major found; set PG_BIN." >&2
  exit 1
}
