"""Real workbench servers for concurrency tests: HTTP helpers and two separate server processes.

The fixtures that use these (`fresh_workbench`, `two_servers`) are in conftest.py beside this file.
"""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from http.cookiejar import CookieJar


def call(url: str, data: dict | None = None, token: str = "") -> tuple[int, dict | None]:
    """GET (or POST JSON, with the CSRF token) and return (status, JSON body or None)."""
    headers = {"Accept": "application/json"}
    body = None
    if data is not None:
        body = json.dumps(data).encode()
        headers.update({"Content-Type": "application/json", "X-CSRFToken": token, "Cookie": f"csrftoken={token}",
                        "Referer": url})
    request = urllib.request.Request(url, data=body, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, _json(response.read())
    except urllib.error.HTTPError as error:
        return error.code, _json(error.read())


def _json(raw: bytes):
    try:
        return json.loads(raw)
    except ValueError:
        return None


def fetch(url: str, data: dict | None = None, token: str = "") -> int:
    return call(url, data, token)[0]


def csrf_token(base: str) -> str:
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{base}/scenario/mentorship.3/?student=student_token", timeout=60).read()
    return next(cookie.value for cookie in jar if cookie.name == "csrftoken")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(process, port: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the workbench server process exited"
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"the workbench server on port {port} did not start")


@contextmanager
def server_processes(settings_dict: dict, log_dir, count: int = 2):
    """`count` separate workbench server processes on the given database; yields their base URLs."""
    database = {key: settings_dict[key] for key in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT", "OPTIONS")}
    if database["ENGINE"].endswith("sqlite3"):
        database["NAME"] = os.path.abspath(database["NAME"])
        database["OPTIONS"] = {}  # dev settings add IMMEDIATE transactions and the timeout again
    env = dict(
        os.environ, DJANGO_SETTINGS_MODULE="mentor_xblock.dev.settings",
        WORKBENCH_DATABASES=json.dumps({"default": database}), WORKBENCH_RESET_STATE_ON_RESTART="false",
    )
    admin = os.path.join(os.path.dirname(sys.executable), "django-admin")
    processes, bases = [], []
    try:
        for n in range(count):
            port = free_port()
            log = open(os.path.join(log_dir, f"server{n}.log"), "w", encoding="utf-8")  # noqa: SIM115
            processes.append(subprocess.Popen(
                [admin, "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"],
                env=env, stdout=log, stderr=subprocess.STDOUT, cwd=os.getcwd(),
            ))
            wait_until_serving(processes[-1], port)
            bases.append(f"http://127.0.0.1:{port}")
            # Load the scenarios one server at a time before the rush.
            assert fetch(f"{bases[-1]}/scenario/mentorship.1/?student=warm_up") == 200
        yield bases
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
