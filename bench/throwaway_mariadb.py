"""A throwaway MariaDB server on loopback for a benchmark run (the approach of tests/mariadb.py).

    with throwaway_server(port) as database:   # a Django DATABASES entry, or None if unavailable
        ...
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager


def why_unavailable() -> str | None:
    if not (shutil.which("mariadbd") or shutil.which("mysqld")) or not shutil.which("mariadb-install-db"):
        return "mariadbd / mariadb-install-db are not installed"
    try:
        import MySQLdb  # noqa: F401  pylint: disable=import-outside-toplevel,unused-import
    except ImportError:
        return "the mysqlclient package is not installed in this venv (make venv EXTRAS=dev,mysql)"
    return None


def _wait(process, port: int, timeout: float = 30.0) -> bool:
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
def throwaway_server(port: int, name: str = "mentor_bench"):
    server = shutil.which("mariadbd") or shutil.which("mysqld")
    datadir = tempfile.mkdtemp(prefix="mentor-bench-mariadb-")
    subprocess.run(
        ["mariadb-install-db", "--no-defaults", "--user=root", f"--datadir={datadir}",
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
        if not _wait(process, port):
            raise RuntimeError(f"the throwaway MariaDB server did not start on port {port}")
        import MySQLdb  # pylint: disable=import-outside-toplevel

        connection = MySQLdb.connect(host="127.0.0.1", port=port, user="root", passwd="")
        connection.cursor().execute(f"CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
        connection.close()
        yield {"ENGINE": "django.db.backends.mysql", "NAME": name, "USER": "root", "PASSWORD": "",
               "HOST": "127.0.0.1", "PORT": str(port), "OPTIONS": {"charset": "utf8mb4"}}
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(datadir, ignore_errors=True)
