"""Places that free up are filled (services/programme/waiting.py): in `auto` the learners who wait are
matched at once, longest-waiting first; in `learner_choice` they are told a mentor has room.

Every test fills the programme to capacity, leaves a learner waiting ("you will get a mentor as soon
as a place frees up"), frees a place the way staff (or a learner, or a retirement) would, and checks
the waiting learner has a mentor - and the mail rows of the new pairing - with no further action.
"""
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from mentor_xblock.dev.user_service import anonymous_id_for
from mentor_xblock.models import Assignment, ChangeRequest, LearnerProfile, MentorProfile, Notification
from mentor_xblock.services.notifications import send_due
from mentor_xblock.services.retirement import retire

TAGS = "leadership,careers"


def module(strategy: str) -> str:
    return f"""<mentorship display_name="Waiting {strategy}">
  <prompt id="p">Why?</prompt>
  <mentoring strategy="{strategy}" mentors_per_learner="1" allow_change="true" tags="{TAGS}"/>
</mentorship>"""


class Course:
    def __init__(self, workbench, strategy):
        self.workbench = workbench
        self.usage = workbench.add_scenario(f"waiting_{strategy}", module(strategy))

    def mentor(self, username, capacity=1, **extra):
        body = {"username": username, "display_name": username.replace("_", " ").title(), "capacity": capacity,
                **extra}
        response = self.workbench.post(self.usage, "save_mentor", body, student="staff_1")
        assert response.status_code == 200, response.content
        return response.json()["mentor"]["id"]

    def join(self, student):
        response = self.workbench.post(self.usage, "join_programme", {}, student=student)
        assert response.status_code == 200, response.content
        return response.json()["mentoring"]

    def staff(self, handler, body):
        response = self.workbench.post(self.usage, handler, body, student="staff_1")
        assert response.status_code == 200, response.content
        return response.json()


@pytest.fixture
def auto(workbench):
    return Course(workbench, "auto")


@pytest.fixture
def choice(workbench):
    return Course(workbench, "learner_choice")


def mentors_of(student):
    return list(Assignment.objects.filter(learner_id=anonymous_id_for(student), active=True)
                .values_list("mentor__username", flat=True))


def assignment_of(student):
    return Assignment.objects.get(learner_id=anonymous_id_for(student), active=True)


def mailed(student, kind="assigned"):
    return Notification.objects.filter(recipient_id=anonymous_id_for(student), kind=kind).exists()


def full_programme(course):
    """Ada and Grace (one place each) mentor student_1 and student_2; student_3 waits."""
    course.mentor("mentor_ada")
    assert course.join("student_1")["state"] == "assigned"
    course.mentor("mentor_grace")
    assert course.join("student_2")["state"] == "assigned"
    assert mentors_of("student_1") == ["mentor_ada"] and mentors_of("student_2") == ["mentor_grace"]
    assert course.join("student_3")["state"] == "no_capacity"
    assert mentors_of("student_3") == []


def raise_capacity(course):
    course.mentor(assignment_of("student_1").mentor.username, capacity=2)


def add_mentor(course):
    course.mentor("mentor_linus")


def reactivate(course):
    theirs = assignment_of("student_1")
    course.mentor(theirs.mentor.username, active=False)
    course.staff("end_assignment", {"assignment_id": theirs.pk})
    # Their mentor is out of the pool: the place is not given away, and student_1 waits as well now.
    assert mentors_of("student_3") == [] and mentors_of("student_1") == []
    course.mentor(theirs.mentor.username, active=True)
    assert mentors_of("student_1") == []  # never a mentor they had (student_3 got the place)


def end_pairing(course):
    course.staff("end_assignment", {"assignment_id": assignment_of("student_1").pk, "reason": "programme over"})


def reassign(course):
    course.mentor("mentor_linus", capacity=0)  # in the pool, no place yet
    linus = MentorProfile.objects.get(username="mentor_linus")
    MentorProfile.objects.filter(pk=linus.pk).update(capacity=1)  # a place no operation has freed
    course.staff("assign", {"username": "student_1", "mentor_id": linus.pk, "replace": assignment_of("student_1").pk})
    assert mentors_of("student_1") == ["mentor_linus"]


def approve_change(course):
    mine = assignment_of("student_1")
    asked = course.workbench.post(course.usage, "request_change", {"assignment_id": mine.pk, "reason": "hours"},
                                  student="student_1")
    assert asked.status_code == 200
    course.staff("resolve_change_request", {"request_id": asked.json()["request_id"], "approve": True})
    assert ChangeRequest.objects.get().status == "approved"


def retire_learner(course):
    retire([anonymous_id_for("student_1")])


@pytest.mark.parametrize("free_a_place", [raise_capacity, add_mentor, reactivate, end_pairing, reassign,
                                          approve_change, retire_learner])
def test_a_freed_place_goes_to_the_waiting_learner_at_once(workbench, auto, free_a_place,
                                                           django_capture_on_commit_callbacks):
    full_programme(auto)
    with django_capture_on_commit_callbacks(execute=True):
        free_a_place(auto)
    assert len(mentors_of("student_3")) == 1, free_a_place.__name__
    made = assignment_of("student_3")
    assert made.method == "auto" and made.reason == "a place freed up"
    mentor = made.mentor
    assert mentor.load <= mentor.capacity
    # Both sides are mailed like any assignment.
    assert mailed("student_3")
    assert Notification.objects.filter(recipient_id=mentor.mentor_id, kind="assigned",
                                       item_key=f"assignment:{made.pk}").exists()
    assert workbench.get(auto.usage, "mentors", student="student_3").json()["state"] == "assigned"
    for row in MentorProfile.objects.all():
        assert row.load == Assignment.objects.filter(mentor=row, active=True).count() <= row.capacity


def test_a_retired_mentors_mentees_are_matched_again(workbench, auto, django_capture_on_commit_callbacks):
    full_programme(auto)
    auto.mentor("mentor_grace", capacity=3)  # student_3 takes one of Grace's new places; one stays free
    assert mentors_of("student_3") == ["mentor_grace"]
    with django_capture_on_commit_callbacks(execute=True):
        retire([anonymous_id_for("mentor_ada")])
    assert mentors_of("student_1") == ["mentor_grace"] and mailed("student_1")
    assert not MentorProfile.objects.filter(username="mentor_ada").exists()


def test_longest_waiting_first_and_never_above_capacity(workbench, auto):
    full_programme(auto)
    for student in ("student_4", "student_5"):
        assert auto.join(student)["state"] == "no_capacity"
    # student_5 has waited longest (joined first), then student_3, then student_4.
    now = timezone.now()
    for student, days in (("student_5", 3), ("student_3", 2), ("student_4", 1)):
        LearnerProfile.objects.filter(learner_id=anonymous_id_for(student)).update(joined_at=now - timedelta(days=days))
    auto.mentor("mentor_ada", capacity=3)  # two places free up at once
    assert mentors_of("student_5") == ["mentor_ada"] and mentors_of("student_3") == ["mentor_ada"]
    assert mentors_of("student_4") == []
    assert MentorProfile.objects.get(username="mentor_ada").load == 3
    # Lowering a capacity frees nothing and takes no one's mentor away.
    auto.mentor("mentor_ada", capacity=1)
    assert mentors_of("student_4") == [] and MentorProfile.objects.get(username="mentor_ada").load == 3


def test_manual_programmes_wait_for_staff(workbench):
    manual = Course(workbench, "manual")
    manual.mentor("mentor_ada", capacity=0)
    manual.join("student_3")
    manual.mentor("mentor_ada", capacity=2)
    assert mentors_of("student_3") == [] and not mailed("student_3")


def test_learner_choice_tells_the_waiting_learners_once(workbench, choice):
    ada = choice.mentor("mentor_ada")
    linus = choice.mentor("mentor_linus")
    picked = workbench.post(choice.usage, "choose_mentor", {"mentor_id": ada}, student="student_1")
    assert picked.status_code == 200
    workbench.post(choice.usage, "choose_mentor", {"mentor_id": linus}, student="student_2")
    for student in ("student_3", "student_4"):
        assert choice.join(student)["state"] == "no_capacity"
    # A new mentor has room: those waiting to choose are told.
    grace = choice.mentor("mentor_grace")
    assert mailed("student_3", "place_free") and mailed("student_4", "place_free")
    Notification.objects.filter(kind="place_free").delete()  # as if that was long ago
    # student_1 switches to Grace: Ada's place frees, and those waiting to choose are told again.
    switched = workbench.post(choice.usage, "choose_mentor", {"mentor_id": grace, "replace": picked.json()["assignment"]
                                                              ["assignment_id"]}, student="student_1")
    assert switched.status_code == 200, switched.content
    for student in ("student_3", "student_4"):
        assert mailed(student, "place_free") and mentors_of(student) == []  # told, not assigned: they choose
    assert not mailed("student_1", "place_free") and not mailed("student_2", "place_free")
    state = workbench.get(choice.usage, "mentors", student="student_3").json()
    assert state["state"] == "choose" and [m["id"] for m in state["available"]] == [ada]
    # Another place frees the same day: nobody is told twice; student_2, waiting now, is told once.
    choice.staff("end_assignment", {"assignment_id": assignment_of("student_2").pk})
    told = list(Notification.objects.filter(kind="place_free").values_list("recipient_id", flat=True))
    assert sorted(told) == sorted(anonymous_id_for(s) for s in ("student_2", "student_3", "student_4"))
    row = Notification.objects.filter(kind="place_free").first()
    assert row.context["course_name"] == "Waiting learner_choice" and row.context["link"]
    # The mail itself is sent like any other.
    Notification.objects.filter(kind="place_free").update(due_at=timezone.now())
    send_due()
    assert set(Notification.objects.filter(kind="place_free").values_list("state", flat=True)) == {"sent"}
    assert any(m.to == ["student_3@example.com"] for m in mail.outbox)
