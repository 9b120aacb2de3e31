"""Capacity under concurrency: many learners arrive at once, through threads and separate server processes.

Afterwards the database must show: no mentor above capacity, no learner with more mentors
than configured, and the `load` / `mentor_count` counters equal to the assignment rows.

Both tests run on whichever database the suite uses: the embedded SQLite file in the
first pass, and one shared MariaDB in the `python -m tests.mariadb` pass (MENTOR_DB=mariadb),
where the two workbench server processes really do race each other inside InnoDB.
The servers and HTTP helpers are in servers.py, the fixtures in conftest.py.
"""
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings

from mentor_xblock.dev.courses import DEV_COURSE_KEY
from mentor_xblock.dev.user_service import anonymous_id_for
from mentor_xblock.models import Assignment, LearnerProfile, MentorProfile, ProgrammeBlock
from tests.integration.servers import csrf_token, fetch

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
    # The demo's learner_choice module is a course of its own (dev settings MENTOR_WORKBENCH_COURSES):
    # the pool moves there, and only that block is known to it.
    ProgrammeBlock.objects.all().delete()
    MentorProfile.objects.update(course_key=settings.MENTOR_WORKBENCH_COURSES[choice_usage.split(".", 1)[0]])
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
