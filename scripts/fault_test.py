# ruff: noqa: S603, S607, SIM115 - a test driver: fixed commands, long-lived log files
"""Fault test: the live app (gunicorn + Celery worker + real PostgreSQL and Redis, all on
127.0.0.1) under a bounded load while PostgreSQL restarts, Redis stops and starts and the worker
is killed. Every note the load writes carries a unique marker; each acknowledged write (302 to
the case) must be found in the database afterwards, and the app must answer again by itself.

    .venv/bin/python scripts/fault_test.py

By default it runs on its own PostgreSQL 15 cluster ("15 fault", port 5433, created on first
use with pg_createcluster) and its own Redis (port 6390), so restarting them does not disturb
anyone else's work on this machine; --cluster "15 main" --pg-port 5432 uses the machine's main
cluster instead. Database: rheine_fault (dropped and created). Bounded: about 2 minutes.
Two-factor login is switched off for this run only (OTP_REQUIRED=0): the load logs in with
the password like a script would, and the second factor is not what is tested here.
"""

import argparse
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv/bin/python")
HOST = "127.0.0.1"
WEB_PORT = 8765
USERNAME, PASSWORD = "fault.fm", "Fault-Test-Rheine-2026!"


def sh(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)  # noqa: S603


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    """A browser-like session: cookies, CSRF token from the cookie, no redirect following."""

    def __init__(self, base: str):
        self.base = base
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, path: str, data: dict | None = None, timeout: float = 5) -> tuple[int, str]:
        body = None
        headers = {"Referer": self.base + path}
        if data is not None:
            body = urllib.parse.urlencode(data | {"csrfmiddlewaretoken": self.csrf()}).encode()
        request = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.headers.get("Location", "")
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", "")

    def log_in(self) -> None:
        self.request("/konto/anmelden/")
        status, _ = self.request(
            "/konto/anmelden/", {"username": USERNAME, "password": PASSWORD, "next": "/"}
        )
        if status != 302:
            raise RuntimeError(f"login failed: {status}")


class Load:
    """Bounded load: one writer thread (notes with markers) and one reader thread (case page)."""

    def __init__(self, base: str, case_id: int):
        self.base, self.case_id = base, case_id
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.requests, self.errors = 0, []  # errors: (time, kind, detail)
        self.acknowledged: list[str] = []
        self.outcome: dict[str, str] = {}  # marker -> what the client saw

    def _count(self, ok: bool, kind: str, detail: str) -> None:
        with self.lock:
            self.requests += 1
            if not ok:
                self.errors.append((time.monotonic(), kind, detail))

    def writer(self) -> None:
        client = Client(self.base)
        logged_in = False
        while not self.stop.is_set():
            try:
                if not logged_in:
                    client.log_in()
                    logged_in = True
                marker = f"FAULT-{uuid.uuid4().hex[:12]}"
                status, location = client.request(
                    f"/faelle/{self.case_id}/vermerke/neu/",
                    {"kind": "note", "occurred_on": time.strftime("%Y-%m-%d"), "text": marker},
                )
                ok = status == 302 and location.rstrip("/").endswith(f"/faelle/{self.case_id}")
                self.outcome[marker] = f"{status} {location}"
                if ok:
                    with self.lock:
                        self.acknowledged.append(marker)
                self._count(ok, "write", str(status))
            except Exception as error:  # noqa: BLE001 - every failure is counted, none stops the load
                self._count(False, "write", type(error).__name__)
                logged_in = False if "login" in str(error) else logged_in
            time.sleep(0.05)

    def reader(self) -> None:
        client = Client(self.base)
        logged_in = False
        while not self.stop.is_set():
            try:
                if not logged_in:
                    client.log_in()
                    logged_in = True
                status, _ = client.request(f"/faelle/{self.case_id}/")
                self._count(status == 200, "read", str(status))
            except Exception as error:  # noqa: BLE001
                self._count(False, "read", type(error).__name__)
            time.sleep(0.05)

    def errors_between(self, start: float, end: float) -> int:
        with self.lock:
            return sum(1 for at, _k, _d in self.errors if start <= at < end)


def wait_for(check, timeout: float, what: str) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            if check():
                return time.monotonic() - started
        except Exception:  # noqa: BLE001, S110 - not up yet
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not come back within {timeout} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cluster", default="15 fault")
    parser.add_argument("--pg-port", type=int, default=5433)
    parser.add_argument("--redis-port", type=int, default=6390)
    parser.add_argument("--window", type=float, default=12.0, help="seconds per fault window")
    args = parser.parse_args()
    version, cluster = args.cluster.split()
    started_at = time.monotonic()

    # --- PostgreSQL and Redis of our own ----------------------------------------------------
    clusters = sh(["pg_lsclusters", "--no-header"]).stdout
    if not re.search(rf"^{version}\s+{cluster}\s", clusters, re.M):
        sh(
            [
                "pg_createcluster",
                version,
                cluster,
                "--port",
                str(args.pg_port),
                "--",
                "--auth-local=trust",
                "--auth-host=trust",
            ]
        )
    pg_ctl = ["pg_ctlcluster", "--skip-systemctl-redirect", version, cluster]
    subprocess.run([*pg_ctl, "start"], capture_output=True)  # noqa: S603 - may be running already
    database_url = f"postgres://postgres@{HOST}:{args.pg_port}/rheine_fault"
    psql = ["psql", "-h", HOST, "-p", str(args.pg_port), "-U", "postgres", "-q"]
    sh([*psql, "-c", "DROP DATABASE IF EXISTS rheine_fault WITH (FORCE)"])
    sh([*psql, "-c", "CREATE DATABASE rheine_fault"])

    redis_dir = ROOT / ".local" / "fault-redis"
    redis_dir.mkdir(parents=True, exist_ok=True)
    redis_start = [
        "redis-server",
        "--port",
        str(args.redis_port),
        "--bind",
        HOST,
        "--daemonize",
        "yes",
        "--dir",
        str(redis_dir),
        "--appendonly",
        "yes",
        "--save",
        "",
    ]
    redis_cli = ["redis-cli", "-h", HOST, "-p", str(args.redis_port)]
    if (
        subprocess.run([*redis_cli, "ping"], capture_output=True, text=True).stdout.strip()
        != "PONG"
    ):  # noqa: S603
        sh(redis_start)

    env = os.environ | {
        "DATABASE_URL": database_url,
        "REDIS_URL": f"redis://{HOST}:{args.redis_port}/0",
        "DEBUG": "1",
        "OTP_REQUIRED": "0",
        "CONN_MAX_AGE": "60",
    }
    env.pop("TEST_DATABASE_NAME", None)
    sh([PY, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env)
    case_id = int(
        sh(
            [PY, "manage.py", "shell", "-c", SETUP.format(user=USERNAME, password=PASSWORD)],
            cwd=ROOT,
            env=env,
        )
        .stdout.strip()
        .splitlines()[-1]
    )

    # --- The live app -----------------------------------------------------------------------
    logs = ROOT / ".local" / "fault-logs"
    logs.mkdir(parents=True, exist_ok=True)
    web = subprocess.Popen(  # noqa: S603
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "rheine_integration.wsgi",
            "-b",
            f"{HOST}:{WEB_PORT}",
            "-w",
            "2",
            "--timeout",
            "30",
        ],
        cwd=ROOT,
        env=env,
        stdout=open(logs / "web.log", "w"),
        stderr=subprocess.STDOUT,
    )
    worker_command = [
        str(ROOT / ".venv/bin/celery"),
        "-A",
        "rheine_integration",
        "worker",
        "--concurrency",
        "1",
        "--loglevel",
        "WARNING",
    ]
    worker = subprocess.Popen(
        worker_command,
        cwd=ROOT,
        env=env,  # noqa: S603
        stdout=open(logs / "worker.log", "w"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://{HOST}:{WEB_PORT}"
    try:
        wait_for(lambda: Client(base).request("/health/")[0] == 200, 30, "the web app")
        load = Load(base, case_id)
        threads = [threading.Thread(target=load.writer), threading.Thread(target=load.reader)]
        for thread in threads:
            thread.start()

        windows = []

        def window(name, action):
            time.sleep(args.window / 2)  # quiet phase before
            start = time.monotonic()
            action()
            time.sleep(args.window)
            end = time.monotonic()
            recovered = wait_for(lambda: Client(base).request("/health/")[0] == 200, 30, name)
            windows.append((name, load.errors_between(start, end), recovered))

        def restart_postgres():
            sh([*pg_ctl, "restart", "-m", "fast"])

        def stop_start_redis():
            subprocess.run([*redis_cli, "shutdown", "nosave"], capture_output=True)  # noqa: S603
            time.sleep(3)
            sh(redis_start)

        def kill_worker():
            nonlocal worker
            worker.send_signal(signal.SIGKILL)
            worker.wait()
            time.sleep(2)
            worker = subprocess.Popen(
                worker_command,
                cwd=ROOT,
                env=env,  # noqa: S603
                stdout=open(logs / "worker.log", "a"),
                stderr=subprocess.STDOUT,
            )

        window("PostgreSQL restart", restart_postgres)
        window("Redis stop/start", stop_start_redis)
        window("Celery worker killed", kill_worker)
        time.sleep(args.window / 2)  # requests after the last fault must succeed again
        after_start = time.monotonic()
        time.sleep(5)
        load.stop.set()
        for thread in threads:
            thread.join(10)
        errors_after = load.errors_between(after_start, time.monotonic())
    finally:
        web.terminate()
        worker.terminate()
        for process in (web, worker):
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()

    found = set(
        sh(
            [PY, "manage.py", "shell", "-c", COUNT.format(case_id=case_id)], cwd=ROOT, env=env
        ).stdout.split()
    )
    found = {token for token in found if token.startswith("FAULT-")}
    acknowledged = set(load.acknowledged)
    lost = acknowledged - found
    unacknowledged = found - acknowledged

    print(
        f"Fault test against {base} (gunicorn 2 workers, Celery worker, PostgreSQL "
        f"{args.cluster} on port {args.pg_port}, Redis on port {args.redis_port})"
    )
    print(f"requests made:                 {load.requests}")
    for name, errors, recovered in windows:
        print(
            f"errors during {name + ':':24} {errors:4d}   (app answered again after {recovered:.1f} s)"
        )
    print(f"errors after the last fault:   {errors_after}")
    print(f"notes written (acknowledged):  {len(acknowledged)}")
    print(f"notes found afterwards:        {len(found)}")
    print(f"acknowledged but lost:         {len(lost)}")
    print(
        f"written without acknowledgement (request failed, commit went through): {len(unacknowledged)}"
    )
    seen = Counter(load.outcome.get(m, "never sent") for m in unacknowledged)
    print(
        "what the client saw for those: " + (", ".join(f"{k}: {n}" for k, n in seen.items()) or "-")
    )
    kinds = Counter(f"{kind} {detail}" for _at, kind, detail in load.errors)
    print(
        "errors by kind:                "
        + (", ".join(f"{k}: {n}" for k, n in kinds.most_common()) or "none")
    )
    print(f"duration:                      {time.monotonic() - started_at:.0f} s")
    ok = not lost and errors_after == 0 and len(found) == len(acknowledged)
    print("RESULT:", "OK - nothing lost, the app recovered by itself" if ok else "PROBLEM")
    return 0 if ok else 1


SETUP = """
from networks.models import Institution, LegalDomain, Membership, Role, User
from cases import services
from cases.models import Person
institution, _ = Institution.objects.get_or_create(short_name="Fault", defaults=dict(
    name="Fault-Test-Institution", kind=Institution.Kind.SOCIAL_WELFARE_OFFICE,
    legal_domain=LegalDomain.ASYLBLG))
user, _ = User.objects.get_or_create(username="{user}")
user.set_password("{password}"); user.save()
Membership.objects.update_or_create(user=user, defaults=dict(institution=institution, roles=[Role.CASE_MANAGER]))
case = services.register_person(person=Person(given_names="Test", family_name="Fault", birth_year=1990),
    fields_of_action=["language"], by=user)
print(case.pk)
"""

COUNT = """
from cases.models import Note
for text in Note.objects.filter(case_id={case_id}).values_list("text", flat=True):
    if text.startswith("FAULT-"):
        print(text)
"""

if __name__ == "__main__":
    sys.exit(main())
