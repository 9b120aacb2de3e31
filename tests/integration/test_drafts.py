"""Drafts on two devices: a save carries the draft version it edits, and a stale one is refused
with the newer text (409) instead of overwriting it; a save without a version (older clients, the
mobile app) keeps the last-save-wins behaviour. On the real workbench (SQLite; MariaDB in its pass),
and raced between two server processes."""
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from mentor_xblock.dev.user_service import anonymous_id_for
from mentor_xblock.models import Response
from tests.conftest import olx
from tests.integration.servers import call, csrf_token
from tests.integration.test_reflections_concurrency import PROMPT, usage_id

LEARNER = "student_1"


@pytest.fixture
def block(workbench):
    usage = workbench.add_scenario("reflections", olx("reflections.xml"))
    workbench.view("reflections")
    return usage


def save(workbench, block, text, version=None, prompt="private"):
    body = {"prompt_id": prompt, "text": text}
    if version is not None:
        body["version"] = version
    return workbench.post(block, "save_draft", body, student=LEARNER)


def row():
    return Response.objects.get(learner_id=anonymous_id_for(LEARNER), prompt_id="private")


def opened_version(workbench, block) -> int:
    """The draft version a device gets when it opens the block (student_view_user_state, as the page)."""
    return workbench.get(block, "student_view_user_state", student=LEARNER).json()["responses"]["private"]["draft_version"]


def test_two_devices_the_stale_save_is_refused_with_the_newer_text(workbench, block):
    laptop = phone = opened_version(workbench, block)
    assert laptop == 0
    first = save(workbench, block, "Written on the laptop", laptop)
    assert first.status_code == 200 and first.json()["version"] == 1
    laptop = first.json()["version"]
    stale = save(workbench, block, "Written on the phone", phone)  # the phone never saw the laptop's draft
    assert stale.status_code == 409
    answer = stale.json()
    assert answer["draft"] == "Written on the laptop" and answer["version"] == 1 and answer["error"]
    assert (row().draft, row().draft_version) == ("Written on the laptop", 1)  # nothing overwritten
    # The phone keeps its own text, now knowing the newer version; then the laptop is the stale one.
    kept = save(workbench, block, "Written on the phone", answer["version"])
    assert kept.status_code == 200 and kept.json()["version"] == 2
    again = save(workbench, block, "The laptop goes on", laptop)
    assert again.status_code == 409 and again.json()["draft"] == "Written on the phone"
    assert (row().draft, row().draft_version) == ("Written on the phone", 2)
    assert opened_version(workbench, block) == 2


def test_saving_the_text_the_draft_has_is_no_conflict(workbench, block):
    save(workbench, block, "Same words", 0)
    same = save(workbench, block, "Same words", 0)
    assert same.status_code == 200 and same.json()["version"] == 1 and row().draft_version == 1


def test_without_a_version_the_last_save_wins_as_before(workbench, block):
    assert save(workbench, block, "From the app", 0).status_code == 200
    assert save(workbench, block, "From an older page", 0).status_code == 409
    older = save(workbench, block, "From the mobile app")  # no "version": today's behaviour
    assert older.status_code == 200 and older.json()["version"] == 2
    assert row().draft == "From the mobile app"


def test_a_submission_makes_other_devices_drafts_stale(workbench, block):
    phone = opened_version(workbench, block)
    submitted = workbench.post(block, "submit_response", {"prompt_id": "private", "text": "I will listen more."},
                               student=LEARNER).json()
    assert submitted["draft_version"] == 1
    stale = save(workbench, block, "an older half thought", phone)
    assert stale.status_code == 409 and stale.json()["draft"] == "I will listen more."
    assert row().text == row().draft == "I will listen more."


@pytest.mark.parametrize("version", ["3", -1, 1.5, True, [1], {"v": 1}])
def test_a_version_that_is_not_a_whole_number_is_a_400_that_changes_nothing(workbench, block, version):
    save(workbench, block, "Kept", 0)
    refused = save(workbench, block, "Lost", version)
    assert refused.status_code == 400 and refused.json()["error"]
    assert (row().draft, row().draft_version) == ("Kept", 1)


def test_parallel_saves_of_one_version_on_two_servers_write_once(two_servers):
    """Ten devices save over version 1 at once, through two server processes: one wins, the others
    get 409 with the winner's text; the draft is the winner's, at version 2."""
    token = csrf_token(two_servers[0])
    url = "{base}/handler/{usage}/save_draft/?student=drafter"
    status, first = call(url.format(base=two_servers[0], usage=usage_id()), {"prompt_id": PROMPT, "text": "v1"}, token)
    assert status == 200 and first["version"] == 1

    def send(n):
        return call(url.format(base=two_servers[n % 2], usage=usage_id()),
                    {"prompt_id": PROMPT, "text": f"device {n}", "version": 1}, token)

    with ThreadPoolExecutor(max_workers=10) as threads:
        answers = list(threads.map(send, range(10)))
    statuses = Counter(status for status, _ in answers)
    assert statuses == {200: 1, 409: 9}, statuses
    draft = Response.objects.get(learner_id=anonymous_id_for("drafter"))
    winner = next(n for n, (status, _) in enumerate(answers) if status == 200)
    assert (draft.draft, draft.draft_version) == (f"device {winner}", 2)
    assert {(body["draft"], body["version"]) for status, body in answers if status == 409} == {(f"device {winner}", 2)}
