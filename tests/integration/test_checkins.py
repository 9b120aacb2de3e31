"""Check-ins and closing reflections (issue 22) on the real workbench runtime and database, with the
server's clock moved forward (django.utils.timezone.now, which every service and auto_now field reads)."""
import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import etree

from mentor_xblock.core.content import ContentError, validate_content
from mentor_xblock.core.olx import parse_block_element, write_content
from mentor_xblock.dev.user_service import anonymous_id_for
from mentor_xblock.models import Assignment, CheckIn, ClosingReflection
from mentor_xblock.services.programme import Settings, strictest
from mentor_xblock.services.retirement import retire


def module(checkin_days=30) -> str:
    return f"""<mentorship display_name="Check-ins">
  <prompt id="p" visibility="mentor">Why?</prompt>
  <mentoring strategy="auto" mentors_per_learner="1" allow_change="true" tags="leadership" checkin_days="{checkin_days}"/>
</mentorship>"""


@pytest.fixture
def clock(monkeypatch):
    """The server's clock, moved forward by `clock.forward(days=…)`."""
    real = timezone.now

    class Clock:
        offset = timedelta(0)

        @classmethod
        def forward(cls, **delta):
            cls.offset += timedelta(**delta)

    monkeypatch.setattr(timezone, "now", lambda: real() + Clock.offset)
    return Clock


@pytest.fixture
def paired(workbench, events):
    """student_1 paired with mentor_ada in an `auto` programme with check-ins every 30 days."""
    usage = workbench.add_scenario("checkins", module(30))
    response = workbench.post(usage, "save_mentor", {"username": "mentor_ada", "display_name": "Ada Okafor",
                                                     "capacity": 3}, student="staff_1")
    assert response.status_code == 200, response.content
    response = workbench.post(usage, "join_programme", {}, student="student_1")
    assert response.json()["mentoring"]["state"] == "assigned"
    return usage, Assignment.objects.get(learner_id=anonymous_id_for("student_1"))


def asked_checkin(workbench, student):
    return 'data-role="mw-checkin"' in workbench.view("checkins", student=student).content.decode()


def answer(workbench, usage, student, assignment, period, **body):
    return workbench.post(usage, "answer_checkin", {"assignment_id": assignment.pk, "period": period, **body},
                          student=student)


def read_csv(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_checkin_days_round_trips_through_olx_and_is_validated():
    content, _settings = parse_block_element(etree.fromstring(module(14)))
    assert content.mentoring.checkin_days == 14
    node = etree.Element("mentorship")
    write_content(content, node)
    assert node.find("mentoring").get("checkin_days") == "14"
    assert validate_content({"mentoring": {"strategy": "auto"}}).mentoring.checkin_days == 30  # the default
    for bad in ("-1", "366", "monthly"):
        with pytest.raises(ContentError) as refused:
            validate_content({"mentoring": {"checkin_days": bad}})
        assert [error.path for error in refused.value.errors] == ["mentoring.checkin_days"]
    # The course's rule: the smallest non-zero; off only when every block has it off.
    assert strictest([Settings(checkin_days=30), Settings(checkin_days=0), Settings(checkin_days=14)]).checkin_days == 14
    assert strictest([Settings(checkin_days=0), Settings(checkin_days=0)]).checkin_days == 0
    assert Settings.from_dict({"strategy": "auto", "mentors_per_learner": 1, "allow_change": True}).checkin_days == 30


def test_a_checkin_falls_due_both_sides_answer_and_staff_read_the_figures(workbench, paired, clock, events):
    usage, pairing = paired
    assert not asked_checkin(workbench, "student_1") and not asked_checkin(workbench, "mentor_ada")
    assert answer(workbench, usage, "student_1", pairing, 1, rating=4).status_code == 400  # not open yet
    clock.forward(days=30, minutes=1)
    learner_page = workbench.view("checkins", student="student_1").content.decode()
    assert 'data-role="mw-checkin"' in learner_page and "How useful is this mentoring for you?" in learner_page
    assert "Ada Okafor" in learner_page
    assert asked_checkin(workbench, "mentor_ada")  # the mentor is asked in their part of the block too
    ok = answer(workbench, usage, "student_1", pairing, 1, rating=4, note="Helpful so far.", html=True)
    assert ok.status_code == 200, ok.content
    assert ok.json()["checkin"] == {**ok.json()["checkin"], "as": "learner", "period": 1, "rating": 4, "skipped": False}
    assert 'data-role="mw-checkin"' not in ok.json()["html"]  # answered: not asked again
    assert ("edx.mentorship.checkin.answered", {"assignment_id": pairing.pk, "as": "learner", "period": 1,
                                                "rating": 4, "skipped": False}) in events
    mentor = answer(workbench, usage, "mentor_ada", pairing, 1, rating=5)
    assert mentor.status_code == 200 and mentor.json()["checkin"]["as"] == "mentor"
    assert not asked_checkin(workbench, "student_1") and not asked_checkin(workbench, "mentor_ada")
    figures = workbench.get(usage, "programme_figures", student="staff_1")
    assert figures.status_code == 200
    assert figures.json()["checkins"] == {"answered": 2, "median_rating": 4.5, "low": 0}
    # The next check-in opens checkin_days later; the first is then closed.
    clock.forward(days=30)
    assert asked_checkin(workbench, "student_1")
    assert answer(workbench, usage, "student_1", pairing, 1, rating=3).status_code == 409
    assert answer(workbench, usage, "student_1", pairing, 2, rating=2).status_code == 200
    assert workbench.get(usage, "programme_figures", student="staff_1").json()["checkins"] == {
        "answered": 3, "median_rating": 4.0, "low": 1}
    # Learners and mentors do not read the figures.
    assert workbench.get(usage, "programme_figures", student="student_1").status_code == 403


def test_a_second_answer_is_refused_and_changes_nothing(workbench, paired, clock):
    usage, pairing = paired
    clock.forward(days=31)
    assert answer(workbench, usage, "student_1", pairing, 1, rating=2, note="first").status_code == 200
    again = answer(workbench, usage, "student_1", pairing, 1, rating=5, note="second device")
    assert again.status_code == 409 and "already answered" in again.json()["error"]
    skipped = answer(workbench, usage, "student_1", pairing, 1, skip=True)
    assert skipped.status_code == 409
    row = CheckIn.objects.get()
    assert (row.rating, row.note, row.who) == (2, "first", "learner")


@pytest.mark.parametrize("body", [
    {"rating": 0}, {"rating": 6}, {"rating": "5"}, {"rating": 4.5}, {"rating": True}, {},
    {"rating": 3, "note": 42}, {"rating": 3, "note": "x" * 2001}, {"skip": "yes"}, {"skip": True, "rating": 3},
    {"rating": 3, "period": "1"}, {"rating": 3, "assignment_id": "7"}, {"rating": 3, "assignment_id": None},
])
def test_bad_checkin_input_is_refused_with_400_and_nothing_written(workbench, paired, clock, body):
    usage, pairing = paired
    clock.forward(days=31)
    response = workbench.post(usage, "answer_checkin", {"assignment_id": pairing.pk, "period": 1, **body},
                              student="student_1")
    assert response.status_code == 400, response.content
    assert "error" in response.json() and not CheckIn.objects.exists()


def test_only_the_two_sides_answer_and_only_when_checkins_are_on(workbench, paired, clock):
    usage, pairing = paired
    clock.forward(days=31)
    assert answer(workbench, usage, "student_2", pairing, 1, rating=3).status_code == 404  # not theirs
    assert answer(workbench, usage, "staff_1", pairing, 1, rating=3).status_code == 404
    off = workbench.add_scenario("checkins_off", module(0))
    # This block alone has check-ins off, but the course's rule is the smallest non-zero of its blocks.
    assert workbench.post(off, "answer_checkin", {"assignment_id": pairing.pk, "period": 1, "rating": 3},
                          student="student_1").status_code == 200
    assert not CheckIn.objects.filter(who="mentor").exists()


def test_a_low_rating_is_flagged_for_staff_with_the_note_never_shown_to_the_other_side(workbench, paired, clock):
    usage, pairing = paired
    clock.forward(days=31)
    secret = "We have not met once; I would like another mentor."
    assert answer(workbench, usage, "student_1", pairing, 1, rating=1, note=secret).status_code == 200
    assert answer(workbench, usage, "mentor_ada", pairing, 1, rating=4, note="Going fine.").status_code == 200
    flags = workbench.get(usage, "checkin_flags", student="staff_1")
    assert flags.status_code == 200, flags.content
    [flag] = flags.json()["items"]
    assert flag["reasons"] == ["low_rating"] and flag["assignment_id"] == pairing.pk
    assert (flag["learner"], flag["mentor"]) == ("student_1", "Ada Okafor")
    # Both sides' answers, for staff only.
    body = flags.content.decode()
    assert secret in body and "Going fine." in body
    # Neither side reads the other's note, in any view or handler answer they get.
    for student, hidden in (("mentor_ada", secret), ("student_1", "Going fine.")):
        assert hidden not in workbench.view("checkins", student=student).content.decode()
        for handler in ("mentors", "mentor_dashboard", "student_view_user_state"):
            assert hidden not in workbench.get(usage, handler, student=student).content.decode()
    assert workbench.get(usage, "checkin_flags", student="student_1").status_code == 403
    assert workbench.get(usage, "checkin_flags", student="mentor_ada").status_code == 403
    # A better rating later takes the flag away.
    clock.forward(days=30)
    assert answer(workbench, usage, "student_1", pairing, 2, rating=4).status_code == 200
    assert workbench.get(usage, "checkin_flags", student="staff_1").json()["items"] == []


def test_two_missed_checkins_flag_the_pair(workbench, paired, clock):
    usage, pairing = paired
    clock.forward(days=31)
    assert answer(workbench, usage, "student_1", pairing, 1, skip=True).status_code == 200  # "Not now"
    assert not asked_checkin(workbench, "student_1")  # skipped: not asked again this period
    assert answer(workbench, usage, "mentor_ada", pairing, 1, rating=4).status_code == 200
    clock.forward(days=30)
    assert workbench.get(usage, "checkin_flags", student="staff_1").json()["items"] == []  # one missed
    assert answer(workbench, usage, "mentor_ada", pairing, 2, rating=4).status_code == 200
    clock.forward(days=30)
    [flag] = workbench.get(usage, "checkin_flags", student="staff_1").json()["items"]
    assert flag["reasons"] == ["missed"] and flag["period"] == 3
    page = workbench.get(usage, "checkin_flags", student="staff_1").json()
    assert page["total"] == 1 and page["checkin_days"] == 30


def test_an_ended_pairing_asks_both_sides_once_for_a_closing_reflection_and_exports_it(workbench, paired, clock, events):
    usage, pairing = paired
    assert workbench.post(usage, "answer_closing", {"assignment_id": pairing.pk, "text": "early"},
                          student="student_1").status_code == 409  # not ended
    ended = workbench.post(usage, "end_assignment", {"assignment_id": pairing.pk, "reason": "programme over"},
                           student="staff_1")
    assert ended.status_code == 200
    for student in ("student_1", "mentor_ada"):
        page = workbench.view("checkins", student=student).content.decode()
        assert 'data-role="mw-closing"' in page and "What do you take away from it?" in page
    taken = "How to give feedback kindly."
    ok = workbench.post(usage, "answer_closing", {"assignment_id": pairing.pk, "text": taken, "html": True},
                        student="student_1")
    assert ok.status_code == 200 and ok.json()["closing"]["text"] == taken
    assert 'data-role="mw-closing"' not in ok.json()["html"]
    assert ("edx.mentorship.closing.answered", {"assignment_id": pairing.pk, "as": "learner", "skipped": False}) in events
    again = workbench.post(usage, "answer_closing", {"assignment_id": pairing.pk, "text": "again"}, student="student_1")
    assert again.status_code == 409
    assert taken not in workbench.view("checkins", student="mentor_ada").content.decode()
    assert workbench.post(usage, "answer_closing", {"assignment_id": pairing.pk, "text": 5},
                          student="mentor_ada").status_code == 400
    assert workbench.post(usage, "answer_closing", {"assignment_id": pairing.pk, "skip": True},
                          student="mentor_ada").status_code == 200
    assert 'data-role="mw-closing"' not in workbench.view("checkins", student="mentor_ada").content.decode()
    [row] = read_csv(workbench.get(usage, "export", student="staff_1", suffix="assignments.csv"))
    assert row["learner_closing"] == taken and row["mentor_closing"] == "" and row["active"] == "False"
    # After the window, an unanswered reflection is no longer asked.
    ClosingReflection.objects.filter(who="mentor").delete()
    clock.forward(days=61)
    assert 'data-role="mw-closing"' not in workbench.view("checkins", student="mentor_ada").content.decode()


def test_a_switch_asks_for_a_closing_reflection_too(workbench, events, clock):
    usage = workbench.add_scenario("checkins", module(30).replace('strategy="auto"', 'strategy="learner_choice"'))
    ids = []
    for name in ("mentor_ada", "mentor_grace"):
        response = workbench.post(usage, "save_mentor", {"username": name, "display_name": name, "capacity": 2},
                                 student="staff_1")
        assert response.status_code == 200, response.content
        ids.append(response.json()["mentor"]["id"])
    first = workbench.post(usage, "choose_mentor", {"mentor_id": ids[0]}, student="student_1").json()["assignment"]
    switched = workbench.post(usage, "choose_mentor", {"mentor_id": ids[1], "replace": first["assignment_id"]},
                              student="student_1")
    assert switched.status_code == 200
    page = workbench.view("checkins", student="student_1").content.decode()
    assert page.count('data-role="mw-closing"') == 1 and f'data-assignment-id="{first["assignment_id"]}"' in page


def test_retiring_a_user_deletes_their_checkins_and_reflections(workbench, paired, clock):
    usage, pairing = paired
    clock.forward(days=31)
    answer(workbench, usage, "student_1", pairing, 1, rating=2, note="private note")
    answer(workbench, usage, "mentor_ada", pairing, 1, rating=3)
    counts = retire([anonymous_id_for("student_1")])
    assert counts["checkins"] == 2 and not CheckIn.objects.exists() and not ClosingReflection.objects.exists()


def test_retiring_the_mentor_deletes_the_pairings_checkins_and_reflections(workbench, paired, clock):
    usage, pairing = paired
    clock.forward(days=31)
    answer(workbench, usage, "mentor_ada", pairing, 1, rating=3, note="names the learner")
    workbench.post(usage, "end_assignment", {"assignment_id": pairing.pk}, student="staff_1")
    assert workbench.post(usage, "answer_closing", {"assignment_id": pairing.pk, "text": "taken away"},
                          student="mentor_ada").status_code == 200
    counts = retire([anonymous_id_for("mentor_ada")])
    assert (counts["checkins"], counts["closing_reflections"]) == (1, 1)
    assert not CheckIn.objects.exists() and not ClosingReflection.objects.exists()
