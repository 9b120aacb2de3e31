"""Freed places are filled under concurrency: staff free places on two server processes at once while
learners wait, and every place is taken, none twice, no mentor above capacity (services/programme/waiting.py).

Like test_capacity_concurrency.py this runs on the embedded SQLite file in the first pass and on one
shared MariaDB in the `python -m tests.mariadb` pass, where the two workbench server processes race
each other inside InnoDB.
"""
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from mentor_xblock.dev.user_service import anonymous_id_for
from mentor_xblock.models import Assignment, LearnerProfile, Notification
from tests.integration.servers import call, csrf_token, fetch
from tests.integration.test_capacity_concurrency import check_invariants, pool

WAITING = 12


def test_places_freed_on_two_servers_at_once_go_to_the_waiting_learners(two_servers):
    from workbench.scenarios import get_scenarios

    auto_usage = get_scenarios()["mentorship.0"].usage_id  # auto, one mentor each
    mentors = pool([1, 1, 1, 1])
    token = csrf_token(two_servers[0])
    first = two_servers[0]

    def join(student):
        status, body = call(f"{first}/handler/{auto_usage}/join_programme/?student={student}", {}, token)
        assert status == 200, body
        return body["mentoring"]["state"]

    assert [join(f"paired_{n}") for n in range(4)] == ["assigned"] * 4
    assert [join(f"waiting_{n}") for n in range(WAITING)] == ["no_capacity"] * WAITING  # one after the other
    paired = list(Assignment.objects.filter(active=True).values_list("pk", flat=True))

    calls = []
    for assignment_id in paired:  # every pairing ends, each asked on both servers at once
        for base in two_servers:
            calls.append((f"{base}/handler/{auto_usage}/end_assignment/?student=staff_1", {"assignment_id": assignment_id}))
    for n, mentor in enumerate(mentors):  # and every mentor gets a second place
        body = {"username": mentor.username, "display_name": mentor.display_name, "tags": mentor.tags, "capacity": 2}
        calls.append((f"{two_servers[n % 2]}/handler/{auto_usage}/save_mentor/?student=staff_1", body))
    with ThreadPoolExecutor(max_workers=16) as threads:
        statuses = list(threads.map(lambda request: fetch(request[0], request[1], token), calls))
    assert sorted(statuses) == sorted([200] * (len(paired) + len(mentors)) + [409] * len(paired)), Counter(statuses)

    active = check_invariants(per_learner=1)
    assert sum(active.values()) == 8  # 8 places, 16 learners who want one: every place taken, none twice
    refilled = Assignment.objects.filter(active=True)
    assert not refilled.filter(pk__in=paired).exists()
    for assignment in refilled:  # each pairing made by filling is mailed to both sides, once
        assert Notification.objects.filter(recipient_id=assignment.learner_id, kind="assigned",
                                           item_key=f"assignment:{assignment.pk}").count() == 1
        assert Notification.objects.filter(recipient_id=assignment.mentor.mentor_id, kind="assigned",
                                           item_key=f"assignment:{assignment.pk}").count() == 1
    # Nobody was paired again with a mentor they had.
    for learner_id, mentor_id in refilled.values_list("learner_id", "mentor_id"):
        assert Assignment.objects.filter(learner_id=learner_id, mentor_id=mentor_id).count() == 1
    still_waiting = LearnerProfile.objects.filter(mentor_count=0).count()
    assert still_waiting == 4 + WAITING - 8
    assert all(LearnerProfile.objects.get(learner_id=anonymous_id_for(f"waiting_{n}")).joined_at for n in range(WAITING))
