"""Capacity under concurrency: many learners arrive at once, through threads and separate server processes.

Afterwards the database must show: no mentor above capacity, no learner with more mentors
than configured, and the `load` / `mentor_count` counters equal to the assignment rows.

Both tests run on whichever database the suite uses: the embedded SQLite file in the
first pass, and one shared MariaDB in the `python -m tests.mariadb` pass (MENTOR_DB=mariadb),
where the two workbench server processes really do race each other inside InnoDB.
"""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar

import pytest
from django.db import connection

from mentor_xblock.block import DEV_COURSE_KEY
from mentor_xblock.dev.user_service import anonymous_id_for
from mentor_xblock.models import Assignment, LearnerProfile, MentorProfile, ProgrammeBlock

AUTO_TWO = """<mentorship display_name="Two mentors each">
  <prompt id="p">Why?</prompt>
  <mentoring strategy="auto" mentors_per_learner="2" allow_change="true" tags="leadership,careers"/>
</mentorship>"""


def pool(capacities):
    return [
        MentorProfile.objects.create(
            course_key=DEV_COURSE_KEY, mentor_id=anonymous_id_for(f"mentor_{n}"), username=f"mentor_{n}",
            display_name=f"Mentor {n}", capacity=capacity, tags=["leadership"] if n % 2 else ["careers"],
        )
        for n, capacity in enumerate(capacities)
    ]


def check_invariants(per_learner: int) -> dict:
    """Counters match the rows, and no limit is broken; returns active assignments per mentor."""
    active = Counter(Assignment.objects.filter(active=True).values_list("mentor__username", flat=True))
    for mentor in MentorProfile.objects.all():
        assert active[mentor.username] <= mentor.capacity, (mentor.username, active[mentor.username], mentor.capacity)
        assert mentor.load == active[mentor.username], mentor.username
    per = dict(LearnerProfile.objects.values_list("learner_id", "mentor_count"))
    actual = Counter(Assignment.objects.filter(active=True).values_list("learner_id", flat=True))
    for learner_id, count in actual.items():
        assert count <= per_learner, (learner_id, count)
        assert per[learner_id] == count, learner_id
    pairs = Assignment.objects.filter(active=True).values_list("learner_id", "mentor_id")
    assert len(set(pairs)) == len(pairs)  # never the same pair twice
    return active


def fetch(url: str, data: dict | None = None, token: str = "") -> int:
    headers = {"Accept": "application/json"}
    body = None
    if data is not None:
        body = json.dumps(data).encode()
        headers.update({"Content-Type": "application/json", "X-CSRFToken": token, "Cookie": f"csrftoken={token}",
                        "Referer": url})
    request = urllib.request.Request(url, data=body, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def csrf_token(base: str) -> str:
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{base}/scenario/mentorship.3/?student=student_token", timeout=60).read()
    return next(cookie.value for cookie in jar if cookie.name == "csrftoken")


@pytest.fixture
def fresh_workbench(transactional_db):
    from workbench.runtime_util import reset_global_state

    reset_global_state()


def test_parallel_first_joins_through_threads(live_server, fresh_workbench):
    from workbench.scenarios import SCENARIOS, add_xml_scenario

    add_xml_scenario("two_each", "Two mentors each", AUTO_TWO)
    usage = SCENARIOS["two_each"].usage_id
    pool([3, 2, 2, 1])  # 8 places for 40 learners who want 2 each
    base = live_server.url
    token = csrf_token(base)
    calls = []
    for n in range(40):
        # Each learner joins twice at once (a double click, two tabs) while the page is viewed.
        calls.append((f"{base}/scenario/two_each/student_view/?student=learner_{n}", None))
        calls.append((f"{base}/handler/{usage}/join_programme/?student=learner_{n}", {}))
        calls.append((f"{base}/handler/{usage}/join_programme/?student=learner_{n}", {"interests": ["careers"]}))
    with ThreadPoolExecutor(max_workers=16) as threads:
        statuses = list(threads.map(lambda call: fetch(call[0], call[1], token), calls))
    assert set(statuses) == {200}, Counter(statuses)
    assert LearnerProfile.objects.count() == 40  # one profile each, however many joined at once
    active = check_invariants(per_learner=2)
    assert sum(active.values()) == 8  # every place was taken, none twice


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


@pytest.fixture
def two_servers(fresh_workbench, tmp_path):
    """Two separate workbench server processes on this test's database."""
    settings = connection.settings_dict
    database = {key: settings[key] for key in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT", "OPTIONS")}
    if database["ENGINE"].endswith("sqlite3"):
        assert not connection.is_in_memory_db(), "separate processes need the SQLite test database in a file"
        database["NAME"] = os.path.abspath(database["NAME"])
        database["OPTIONS"] = {}  # dev settings add IMMEDIATE transactions and the timeout again
    env = dict(
        os.environ, DJANGO_SETTINGS_MODULE="mentor_xblock.dev.settings",
        WORKBENCH_DATABASES=json.dumps({"default": database}), WORKBENCH_RESET_STATE_ON_RESTART="false",
    )
    admin = os.path.join(os.path.dirname(sys.executable), "django-admin")
    processes, bases = [], []
    try:
        for n in range(2):
            port = free_port()
            log = open(tmp_path / f"server{n}.log", "w", encoding="utf-8")  # noqa: SIM115
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


def test_two_server_processes_never_overfill(two_servers):
    from workbench.scenarios import get_scenarios

    scenarios = get_scenarios()
    auto_usage, choice_usage = scenarios["mentorship.0"].usage_id, scenarios["mentorship.3"].usage_id
    mentors = pool([3, 2, 1, 1])  # 7 places
    token = csrf_token(two_servers[0])
    calls = []
    for n in range(50):
        # The same learner joins on both servers at once (auto, one mentor each).
        for base in two_servers:
            calls.append((f"{base}/handler/{auto_usage}/join_programme/?student=learner_{n}", {}))
        calls.append((f"{two_servers[n % 2]}/scenario/mentorship.0/student_view/?student=learner_{n}", None))
    with ThreadPoolExecutor(max_workers=24) as threads:
        statuses = list(threads.map(lambda call: fetch(call[0], call[1], token), calls))
    assert set(statuses) == {200}, Counter(statuses)
    active = check_invariants(per_learner=1)
    assert sum(active.values()) == 7

    # learner_choice: every mentor frees up, then 20 learners each try to grab two mentors at once
    # on both servers; each learner gets at most one, and no mentor more than capacity.
    Assignment.objects.update(active=False, active_learner=None)
    MentorProfile.objects.update(load=0)
    LearnerProfile.objects.update(mentor_count=0)
    # The course now has only its learner_choice block (as if the author removed the auto one):
    # otherwise the course's rule would be the stricter `auto` and choosing would be refused.
    ProgrammeBlock.objects.all().delete()
    calls = []
    for n in range(20):
        student = f"chooser_{n}"
        for k, base in enumerate(two_servers):
            mentor = mentors[(n + k) % len(mentors)]
            calls.append((f"{base}/handler/{choice_usage}/choose_mentor/?student={student}", {"mentor_id": mentor.pk}))
    # Choosing joins: each chooser's profile is created by whichever of their two choices wins.
    with ThreadPoolExecutor(max_workers=24) as threads:
        statuses = list(threads.map(lambda call: fetch(call[0], call[1], token), calls))
    assert set(statuses) <= {200, 409}, Counter(statuses)
    active = check_invariants(per_learner=1)
    assert 0 < sum(active.values()) == statuses.count(200) <= 7
