"""The input rules of docs/api.md, each at its limit and just over, on the real workbench.

test_hostile_input.py proves no handler breaks; these prove each rule says what it means.
"""
import json

import pytest
from django.utils import timezone
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import etree

from mentor_xblock.handlers.decorator import MAX_AUTHORING_BYTES, MAX_BODY_BYTES, MAX_DEPTH
from mentor_xblock.dev.courses import DEV_COURSE_KEY
from mentor_xblock.dev.user_service import anonymous_id_for
from mentor_xblock.models import Assignment, LearnerProfile, MentorProfile, Response, SegmentProgress
from mentor_xblock.services.paging import MAX_PAGE
from mentor_xblock.services.reports import MAX_IMPORT_BYTES, MAX_IMPORT_ROWS
from tests.conftest import olx

STAFF = "staff_1"


@pytest.fixture
def block(workbench):
    usage = workbench.add_scenario("reflections", olx("reflections.xml"))
    workbench.view("reflections")
    return usage


def post_raw(workbench, usage, handler, body: bytes, student="student_1"):
    return workbench.client.generic(
        "POST", f"/handler/{usage}/{handler}/?student={student}", body, content_type="application/json"
    )


def draft(text):
    return {"prompt_id": "private", "text": text}


# --- depth, integers, numbers -------------------------------------------------------------


def test_nesting_is_refused_one_level_past_the_limit(workbench, block):
    def nested(depth):  # `depth` containers: the object itself and depth - 1 lists inside it
        return ('{"prompt_id": "private", "text": "t", "x": ' + "[" * (depth - 1) + "]" * (depth - 1) + "}").encode()

    assert post_raw(workbench, block, "save_draft", nested(MAX_DEPTH)).status_code == 200
    refused = post_raw(workbench, block, "save_draft", nested(MAX_DEPTH + 1))
    assert refused.status_code == 400 and f"more than {MAX_DEPTH} levels" in refused.json()["error"]
    deep = post_raw(workbench, block, "save_draft", b"[" * 100_000 + b"]" * 100_000)
    assert deep.status_code == 400 and "levels deep" in deep.json()["error"]


def test_integers_have_at_most_15_digits(workbench, block):
    at_limit = workbench.post(block, "post_reply", {"prompt_id": "private", "response_id": 10**15 - 1, "text": "Hi"})
    assert at_limit.status_code == 404  # read as a number, found nowhere
    for digits in (16, 400):
        body = b'{"prompt_id": "private", "response_id": ' + b"9" * digits + b', "text": "Hi"}'
        refused = post_raw(workbench, block, "post_reply", body)
        assert refused.status_code == 400 and "at most 15 digits" in refused.json()["error"]


@pytest.mark.parametrize("literal", [b"NaN", b"Infinity", b"-Infinity", b"1e999"])
def test_numbers_must_be_finite(workbench, block, literal):
    refused = post_raw(workbench, block, "save_draft", b'{"prompt_id": "private", "text": "t", "n": ' + literal + b"}")
    assert refused.status_code == 400 and "finite numbers" in refused.json()["error"]


# --- text ------------------------------------------------------------------------------------


@pytest.mark.parametrize("body", [
    draft("I will \ud800 delegate"),
    {"prompt_id": "private", "text": "ok", "extra": ["\udfff"]},
    {"prompt_id": "private", "text": "ok", "\ud800": 1},
])
def test_lone_surrogates_are_refused_before_anything_is_written(workbench, block, body):
    refused = workbench.post(block, "save_draft", body)
    assert refused.status_code == 400
    assert "contains characters that are not valid text" in refused.json()["error"]
    assert not Response.objects.exists()


def test_a_surrogate_pair_is_one_valid_character(workbench, block):
    response = post_raw(workbench, block, "save_draft", b'{"prompt_id": "private", "text": "Smile \\ud83d\\ude00"}')
    assert response.status_code == 200
    assert Response.objects.get().draft == "Smile \U0001f600"


def test_invalid_utf8_is_refused(workbench, block):
    refused = post_raw(workbench, block, "save_draft", b'{"prompt_id": "private", "text": "\xff"}')
    assert refused.status_code == 400 and "UTF-8" in refused.json()["error"]


# --- sizes count bytes ----------------------------------------------------------------------


def test_body_limit_counts_bytes_not_characters(workbench, block):
    emoji = json.dumps(draft("\U0001f600" * 70_000), ensure_ascii=False).encode()  # 70,000 characters, 280 KB
    assert len(emoji.decode()) < MAX_BODY_BYTES < len(emoji)
    refused = post_raw(workbench, block, "save_draft", emoji)
    assert refused.status_code == 400 and "larger than 256 KB" in refused.json()["error"]
    padded = json.dumps({**draft("t"), "pad": "x" * (MAX_BODY_BYTES - 100)}).encode()
    assert len(padded) <= MAX_BODY_BYTES
    assert post_raw(workbench, block, "save_draft", padded).status_code == 200


def test_one_body_limit_for_studio_at_and_over_it(workbench, block):
    from django.conf import settings

    assert MAX_AUTHORING_BYTES == settings.DATA_UPLOAD_MAX_MEMORY_SIZE  # docs/api.md states one limit
    head = b'{"olx": "<mentorship/>", "pad": "'
    exact = head + b"x" * (MAX_AUTHORING_BYTES - len(head) - 2) + b'"}'
    assert len(exact) == MAX_AUTHORING_BYTES
    assert post_raw(workbench, block, "studio_import_olx", exact, student=STAFF).status_code == 200
    over = post_raw(workbench, block, "studio_import_olx", exact[:-2] + b'x"}', student=STAFF)
    assert over.status_code == 400 and over.json()["error"] == "The request is larger than 2.5 MB."


# --- forms, query parameters, pages ------------------------------------------------------------


def test_beacon_payload_must_be_a_field_not_a_file(workbench):
    usage = workbench.add_scenario("one", olx("one_segment.xml"))
    workbench.view("one")
    url = f"/handler/{usage}/record_progress/?student=student_1"
    body = json.dumps({"segment_id": "clip", "intervals": []}).encode()
    refused = workbench.client.post(url, {"payload": SimpleUploadedFile("payload.json", body)})
    assert refused.status_code == 400 and "not as a file" in refused.json()["error"]
    assert not SegmentProgress.objects.exists()
    assert workbench.client.post(url, {"payload": body.decode()}).status_code == 200


def test_page_numbers_run_from_1_to_100000(workbench, block):
    ok = workbench.get(block, "list_responses", prompt_id="open", page=str(MAX_PAGE))
    assert ok.status_code == 403  # a valid page: the learner hasn't answered, so may not read others yet
    for page in (str(MAX_PAGE + 1), "9223372036854775807", "0", "-1", "1.5", "x", "\u0661"):
        refused = workbench.get(block, "list_responses", prompt_id="open", page=page)
        assert refused.status_code == 400, page
        assert refused.json()["error"] == "The page must be a whole number from 1 to 100,000."
    queue = workbench.get(block, "mentor_dashboard", student="mentor_ada", queue_page="9223372036854775807")
    assert queue.status_code == 400 and "The page must be" in queue.json()["error"]


def test_a_refused_page_assigns_no_mentor(workbench):
    usage = workbench.add_scenario("auto", olx("reflections.xml").replace('strategy="manual"', 'strategy="auto"'))
    MentorProfile.objects.create(course_key=DEV_COURSE_KEY, mentor_id=anonymous_id_for("mentor_ada"),
                                 username="mentor_ada", display_name="Ada", capacity=5)
    refused = workbench.get(usage, "mentors", student="student_new", page="9223372036854775807")
    assert refused.status_code == 400
    assert not Assignment.objects.exists() and not LearnerProfile.objects.exists()


def test_query_values_are_plain_strings_and_the_last_repeat_wins(workbench, block):
    response = workbench.client.get(f"/handler/{block}/list_responses/?student=student_1&prompt_id=x&prompt_id=open")
    assert response.status_code == 403  # prompt "open" was found (a missing prompt is 404)


# --- who is asking ---------------------------------------------------------------------------


@pytest.mark.parametrize("student", ["anonymous", "none"])
def test_the_dev_user_service_has_an_anonymous_visitor(workbench, block, student):
    refused = workbench.get(block, "student_view_user_state", student=student)
    assert refused.status_code == 403 and "Sign in" in refused.json()["error"]
    assert workbench.post(block, "save_draft", draft("x"), student=student).status_code == 403
    assert workbench.view("reflections", student=student).status_code == 200
    assert not Response.objects.exists()


# --- Studio settings ------------------------------------------------------------------------------


@pytest.mark.parametrize("settings_, path", [
    ({"display_name": None}, "display_name"),
    ({"display_name": "  "}, "display_name"),
    ({"display_name": ["x"]}, "display_name"),
    ({"display_name": "x" * 100_000}, "display_name"),
    ({"weight": "1" * 400}, "weight"),
    ({"weight": "1e300"}, "weight"),
    ({"weight": -50}, "weight"),
    ({"weight": "NaN"}, "weight"),
    ({"weight": True}, "weight"),
    ({"content": {"watched_threshold": "1" * 400}}, "watched_threshold"),
    ({"content": {"watched_threshold": "nan"}}, "watched_threshold"),
    ({"content": {"watched_threshold": False}}, "watched_threshold"),
])
@pytest.mark.parametrize("handler", ["studio_submit", "studio_export_olx"])
def test_studio_settings_are_validated(workbench, block, handler, settings_, path):
    state = {"display_name": "Fine", "weight": 1, "content": {}, **settings_}
    before = workbench.block(block).content
    refused = workbench.post(block, handler, state, student=STAFF)
    assert refused.status_code == 400, refused.content
    assert [e["path"] for e in refused.json()["errors"]] == [path]
    assert workbench.block(block).content == before


# --- OLX import validates like the editor ------------------------------------------------------------


@pytest.mark.parametrize("attrs, attribute", [
    ('weight="-50"', "weight"), ('weight="1e300"', "weight"), ('weight="nan"', "weight"),
    ('display_name=""', "display_name"), (f'display_name="{"x" * 100_000}"', "display_name"),
    ('watched_threshold="1e300"', "watched_threshold"),
])
def test_olx_import_refuses_what_the_editor_refuses(workbench, block, attrs, attribute):
    text = f'<mentorship {attrs}><prompt id="p">Why?</prompt></mentorship>'
    with pytest.raises(ValueError, match=f'attribute "{attribute}"'):
        workbench.add_scenario("bad", text)
    pasted = workbench.post(block, "studio_import_olx", {"olx": text}, student=STAFF)
    assert pasted.status_code == 400
    assert [e["location"] for e in pasted.json()["errors"]] == [f'<mentorship> attribute "{attribute}"']


def test_olx_text_with_a_lone_surrogate_is_refused(workbench, block):
    refused = workbench.post(block, "studio_import_olx", {"olx": "<mentorship display_name='\ud800'/>"}, student=STAFF)
    assert refused.status_code == 400 and "field olx contains characters that are not valid text" in refused.json()["error"]


def test_export_import_save_is_lossless(workbench):
    usage = workbench.add_scenario("full", olx("three_segments.xml"))
    exported = workbench.post(usage, "studio_export_olx", {}, student=STAFF)
    assert exported.status_code == 200
    imported = workbench.post(usage, "studio_import_olx", {"olx": exported.json()["olx"]}, student=STAFF)
    assert imported.status_code == 200, imported.content
    before = workbench.block(usage)
    saved = workbench.post(usage, "studio_submit", imported.json(), student=STAFF)
    assert saved.status_code == 200, saved.content
    after = workbench.block(usage)
    assert (after.display_name, after.weight, after.content) == (before.display_name, before.weight, before.content)
    # And the runtime's own export → import (course export, parse_xml) of the saved block.
    node = etree.Element("mentorship")
    after.add_xml_to_node(node)
    copy = workbench.block(workbench.add_scenario("copy", etree.tostring(node, encoding="unicode")))
    assert (copy.display_name, copy.weight, copy.content) == (after.display_name, after.weight, after.content)


# --- CSV import: 2 MB and 20,000 rows, at the limit and over ---------------------------------------


@pytest.fixture
def pool(block):
    mentor = MentorProfile.objects.create(course_key=DEV_COURSE_KEY, mentor_id=anonymous_id_for("mentor_ada"),
                                          username="mentor_ada", display_name="Ada", capacity=MAX_IMPORT_ROWS)
    # The imported learner has joined the programme (the import only assigns known learners).
    LearnerProfile.objects.create(course_key=DEV_COURSE_KEY, learner_id=anonymous_id_for("student_1"),
                                  username="student_1", joined_at=timezone.now())
    return mentor


def _csv_of_size(size: int) -> str:
    """One real row, then lines of blank cells (skipped like empty lines) up to `size` bytes."""
    text = "learner,mentor\nstudent_1,mentor_ada\n"
    blank = " " * 998 + ",\n"
    text += blank * ((size - len(text)) // len(blank))
    return text + " " * (size - len(text) - 1) + "\n"


def test_import_takes_a_csv_of_exactly_2_mb(workbench, block, pool):
    text = _csv_of_size(MAX_IMPORT_BYTES)
    assert len(text.encode()) == MAX_IMPORT_BYTES
    response = workbench.post(block, "import_assignments", {"csv": text}, student=STAFF)
    assert response.status_code == 200, response.content[:300]
    assert response.json() == {"assigned": 1}
    assert Assignment.objects.get().learner_id == anonymous_id_for("student_1")


def test_import_refuses_one_byte_over_2_mb(workbench, block, pool):
    refused = workbench.post(block, "import_assignments", {"csv": _csv_of_size(MAX_IMPORT_BYTES + 1)}, student=STAFF)
    assert refused.status_code == 400 and refused.json()["error"] == "The file is larger than 2 MB."
    assert not Assignment.objects.exists()


def test_import_checks_20000_rows_and_refuses_one_more(workbench, block, pool):
    LearnerProfile.objects.bulk_create([
        LearnerProfile(course_key=DEV_COURSE_KEY, learner_id=f"l{n}", username=f"u{n}") for n in range(MAX_IMPORT_ROWS)
    ])
    rows = [f"u{n},mentor_ada" for n in range(MAX_IMPORT_ROWS - 1)] + ["u_last,mentor_ada"]
    text = "learner,mentor\n" + "\n".join(rows) + "\n"
    checked = workbench.post(block, "import_assignments", {"csv": text}, student=STAFF)
    # Every row was read and checked: the one problem is the last row's unknown learner.
    assert checked.status_code == 400
    assert checked.json()["errors"] == [
        {"line": MAX_IMPORT_ROWS + 1, "message": "The learner u_last has not visited the programme in this course."}
    ]
    refused = workbench.post(block, "import_assignments", {"csv": text + "u1,mentor_ada\n"}, student=STAFF)
    assert refused.status_code == 400
    assert refused.json()["errors"] == [{"line": MAX_IMPORT_ROWS + 2, "message": "At most 20,000 rows can be imported at once."}]
    assert not Assignment.objects.exists()


def test_csv_text_with_a_lone_surrogate_is_refused(workbench, block, pool):
    refused = workbench.post(block, "import_assignments", {"csv": "learner,mentor\nstudent_\ud800,mentor_ada\n"},
                             student=STAFF)
    assert refused.status_code == 400 and "field csv contains characters that are not valid text" in refused.json()["error"]


def test_a_very_long_username_is_stored_cut_to_the_platforms_limit(workbench, block):
    """Usernames are at most 150 characters on Open edX; a longer one (possible in the workbench)
    must not break a strict MySQL column."""
    student = "student_" + "x" * 300
    answer = workbench.post(block, "submit_response", {"prompt_id": "open", "text": "Listen first, then decide."},
                            student=student)
    assert answer.status_code == 200, answer.content
    assert Response.objects.get(learner_id=anonymous_id_for(student)).author_name == student[:150]
