"""Run pytest against a throwaway MariaDB server on loopback, then remove it.

    python -m tests.mariadb [pytest args]
    MENTOR_MYSQL_ISOLATION="repeatable read" python -m tests.mariadb [pytest args]

Without `mariadbd` on the machine this prints why it skips and exits 0, unless
MENTOR_REQUIRE_MYSQL=1 (CI), which makes a missing server an error.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager

PORT = int(os.environ.get("MENTOR_MYSQL_PORT", "3307"))


def missing(reason: str) -> int:
    if os.environ.get("MENTOR_REQUIRE_MYSQL") == "1":
        print(f"MariaDB tests required (MENTOR_REQUIRE_MYSQL=1) but {reason}", file=sys.stderr)
        return 1
    print(f"Skipping the MariaDB run: {reason} (install mariadb-server and mysqlclient to run it)")
    return 0


def why_unavailable() -> str | None:
    """Why no throwaway server can run here, or None."""
    if not (shutil.which("mariadbd") or shutil.which("mysqld")) or not shutil.which("mariadb-install-db"):
        return "mariadbd / mariadb-install-db are not installed"
    try:
        import MySQLdb  # noqa: F401  pylint: disable=import-outside-toplevel,unused-import
    except ImportError:
        return "the mysqlclient package is not installed in this venv (make venv EXTRAS=dev,mysql)"
    return None


def wait_for_port(process, port: int, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.1)
    return False


@contextmanager
def throwaway_server(port: int, database: str = "mentor"):
    """A fresh MariaDB server on loopback for as long as the block runs, then removed.

    Yields a Django DATABASES entry for `database` (created by Django's test runner, or
    by the caller), or raises RuntimeError if the server does not start. Used by the
    MariaDB test pass below and by the benchmarks (bench/bench_handlers.py)."""
    server = shutil.which("mariadbd") or shutil.which("mysqld")
    datadir = tempfile.mkdtemp(prefix="mentor-mariadb-")
    subprocess.run(
        [shutil.which("mariadb-install-db"), "--no-defaults", "--user=root", f"--datadir={datadir}",
         "--auth-root-authentication-method=normal", "--skip-test-db"],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    process = subprocess.Popen(
        [server, "--no-defaults", "--user=root", f"--datadir={datadir}", f"--socket={datadir}.sock",
         f"--port={port}", "--bind-address=127.0.0.1", "--skip-name-resolve",
         "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        if not wait_for_port(process, port):
            raise RuntimeError(f"the throwaway MariaDB server did not start on port {port}")
        yield {
            "ENGINE": "django.db.backends.mysql", "NAME": database, "USER": "root", "PASSWORD": "",
            "HOST": "127.0.0.1", "PORT": str(port),
            "OPTIONS": {"charset": "utf8mb4"}, "TEST": {"NAME": f"test_{database}", "CHARSET": "utf8mb4"},
        }
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(datadir, ignore_errors=True)
        if os.path.exists(f"{datadir}.sock"):
            os.remove(f"{datadir}.sock")


def main(args: list[str]) -> int:
    reason = why_unavailable()
    if reason:
        return missing(reason)
    try:
        with throwaway_server(PORT) as database:
            if os.environ.get("MENTOR_MYSQL_ISOLATION"):
                # Django uses READ COMMITTED; MySQL's own default (REPEATABLE READ) is the harsher test.
                database["OPTIONS"]["isolation_level"] = os.environ["MENTOR_MYSQL_ISOLATION"]
            env = dict(os.environ, WORKBENCH_DATABASES=json.dumps({"default": database}), MENTOR_DB="mariadb")
            print(f"MariaDB {PORT} on loopback: running pytest {' '.join(args)}", flush=True)
            return subprocess.call([sys.executable, "-m", "pytest", *args], env=env)
    except RuntimeError as exc:
        return missing(str(exc)) or 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["tests/integration"]))
