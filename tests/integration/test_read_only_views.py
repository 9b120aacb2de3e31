"""Read-only views look read-only (issue 23): Studio preview and both "View as" modes showed live
textareas and Submit, and submitting answered "Sign in to take part."."""
import pytest

from tests.conftest import olx


@pytest.fixture
def block(workbench):
    return workbench.add_scenario("readonly", olx("reflections.xml"))


@pytest.mark.parametrize("student", ["preview", "masq:staff_1", "as:student_2"])
def test_read_only_viewers_get_a_labelled_preview_without_forms(workbench, block, student):
    page = workbench.view("readonly", student=student).content.decode()
    assert 'data-role="answer"' not in page and 'data-role="submit"' not in page
    assert "Learners answer this reflection here." in page
    assert 'data-role="learner-preview"' in page


def test_a_learner_still_gets_the_form(workbench, block):
    page = workbench.view("readonly", student="student_1").content.decode()
    assert 'data-role="answer"' in page and 'data-role="submit"' in page
    assert 'data-role="learner-preview"' not in page
