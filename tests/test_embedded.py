"""The embedded PostgreSQL of a machine without DATABASE_URL (`make run`, `make test`)."""

import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


def _in_new_process(local_dir: Path, call: str) -> subprocess.CompletedProcess:
    """``call`` of rheine_integration.embedded in a process of its own, as web, worker, beat
    and ``make stop`` are, with its data under ``local_dir``."""
    code = (
        "from pathlib import Path; from rheine_integration import embedded; "
        f"embedded.LOCAL_DIR = Path({str(local_dir)!r}); print(embedded.{call})"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, timeout=120
    )


@pytest.mark.timeout(300)
def test_start_and_stop_work_after_processes_stopped_together_emptied_the_pid_list(tmp_path):
    """pgserver lists the processes using the server in a file that each rewrites at its exit,
    unlocked: web, worker and beat stopped by one Ctrl+C left it empty, and the next `make
    run`, `make test` or `make stop` failed with a JSONDecodeError."""
    handles = tmp_path / "pgdata" / ".handle_pids.json"
    try:
        started = _in_new_process(tmp_path, "ensure_postgres()")
        assert started.returncode == 0, started.stderr
        handles.write_text("")

        again = _in_new_process(tmp_path, "ensure_postgres()")
        assert again.returncode == 0, again.stderr
        assert "'NAME': 'rheine'" in again.stdout
        handles.write_text("")

        stopped = _in_new_process(tmp_path, "stop_all()")
        assert stopped.returncode == 0, stopped.stderr
        assert not (tmp_path / "pgdata" / "postmaster.pid").exists()
    finally:
        if (tmp_path / "pgdata" / "postmaster.pid").exists():
            handles.write_text("[]")
            _in_new_process(tmp_path, "stop_all()")
