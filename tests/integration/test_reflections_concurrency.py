"""Reflections under concurrency: many threads on two separate workbench server processes,
one database (the SQLite file, or one MariaDB in the `python -m tests.mariadb` pass).

Each test races real HTTP requests, then counts rows: every request gets its expected
status (never a 500), counters equal the rows, first rows exist once, limits hold exactly.
"""
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from django.utils import timezone

from mentor_xblock.dev.courses import DEV_COURSE_KEY
from mentor_xblock.dev.user_service import anonymous_id_for
from mentor_xblock.models import Assignment, Flag, MentorProfile, PostLog, Reply, Response
from mentor_xblock.services.posting import POSTS_PER_MINUTE
from tests.integration.servers import call, csrf_token

SCENARIO = "mentorship.0"  # leadership.xml: "moment" is a peers prompt of at least 20 words
PROMPT = "moment"
TEXT = "When I was new, a colleague asked me what I thought before she spoke in a meeting, " \
       "and everyone listened to me because she did."


def usage_id() -> str:
    from workbench.scenarios import get_scenarios

    return get_scenarios()[SCENARIO].usage_id


def submitted(usage: str, student: str) -> Response:
    return Response.objects.create(
        course_key=DEV_COURSE_KEY, block_key=usage, prompt_id=PROMPT, learner_id=anonymous_id_for(student),
        author_name=student, text=TEXT, submitted_at=timezone.now(),
    )


def race(calls, token: str, workers: int = 24):
    """Send every (base, handler, student, body) at once; returns the statuses in order."""

    def send(item):
        base, handler, student, body = item
        return call(f"{base}/handler/{usage_id()}/{handler}/?student={student}", body, token)[0]

    with ThreadPoolExecutor(max_workers=workers) as threads:
        return list(threads.map(send, calls))


def test_twenty_learners_reply_and_flag_at_once(two_servers):
    usage = usage_id()
    target = submitted(usage, "author")
    repliers = [f"peer_{n:02d}" for n in range(20)]
    for student in repliers:
        submitted(usage, student)  # a peers prompt: only learners who answered may reply
    profile = MentorProfile.objects.create(
        course_key=DEV_COURSE_KEY, mentor_id=anonymous_id_for("mentor_ada"), username="mentor_ada",
        display_name="Ada", capacity=5,
    )
    Assignment.objects.create(
        course_key=DEV_COURSE_KEY, learner_id=target.learner_id, mentor=profile, active_learner=target.learner_id,
    )
    token = csrf_token(two_servers[0])
    people = [*repliers, "mentor_ada", "staff_1"]  # the mentor's and staff's replies also record feedback
    body = {"prompt_id": PROMPT, "response_id": target.pk, "text": "Thank you for this."}
    statuses = race([(two_servers[n % 2], "post_reply", who, body) for n, who in enumerate(people)], token)
    assert statuses == [200] * len(people), Counter(statuses)
    target.refresh_from_db()
    assert target.reply_count == len(people) == Reply.objects.filter(response=target).count()
    assert target.first_feedback_by in {anonymous_id_for("mentor_ada"), anonymous_id_for("staff_1")}
    assert target.awaiting_feedback is False

    flag = {"kind": "response", "id": target.pk}
    statuses = race([(two_servers[n % 2], "flag", who, flag) for n, who in enumerate(repliers)], token)
    assert statuses == [200] * len(repliers), Counter(statuses)
    target.refresh_from_db()
    assert target.flag_count == len(repliers) == Flag.objects.filter(kind="response", target_id=target.pk).count()


def test_twenty_parallel_first_drafts_make_one_row(two_servers):
    token = csrf_token(two_servers[0])
    calls = [(two_servers[n % 2], "save_draft", "drafter", {"prompt_id": PROMPT, "text": f"draft {n}"})
             for n in range(20)]
    statuses = race(calls, token)
    assert statuses == [200] * 20, Counter(statuses)
    rows = Response.objects.filter(learner_id=anonymous_id_for("drafter"))
    assert rows.count() == 1
    assert rows.get().draft in {f"draft {n}" for n in range(20)} and rows.get().submitted_at is None


def test_thirty_parallel_submissions_hit_the_limit_exactly(two_servers):
    token = csrf_token(two_servers[0])
    calls = [(two_servers[n % 2], "submit_response", "eager", {"prompt_id": PROMPT, "text": f"{TEXT} ({n})"})
             for n in range(30)]
    statuses = race(calls, token)
    assert Counter(statuses) == {200: POSTS_PER_MINUTE, 429: 30 - POSTS_PER_MINUTE}, Counter(statuses)
    learner = anonymous_id_for("eager")
    assert PostLog.objects.filter(author_id=learner).count() == POSTS_PER_MINUTE
    response = Response.objects.get(learner_id=learner)
    assert response.submitted_at is not None and response.author_role == "learner"
