"""Mail links land on the item: `#mentor-response-<id>` is drawn by script after the browser
looked for the anchor, so the view scrolls to and focuses it once drawn (common.js revealLinked)."""
import pytest

from tests.browser.test_reflections import reflections, write_and_submit  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser


def test_a_mail_link_opens_the_learners_response(page, reflections):  # noqa: F811
    from mentor_xblock.dev.user_service import anonymous_id_for
    from mentor_xblock.models import Response

    page.goto(reflections("learner_mail"))
    write_and_submit(page, "private", "I will ask my team before I decide anything.")
    response_id = Response.objects.get(learner_id=anonymous_id_for("learner_mail"), prompt_id="private").pk
    page.goto("about:blank")  # a fresh load, as from a mail client (same URL + hash would not reload)
    page.goto(reflections("learner_mail") + f"#mentor-response-{response_id}")
    target = page.locator(f"[data-response-anchor='{response_id}']")
    target.wait_for()
    page.wait_for_function(
        "id => document.activeElement && document.activeElement.getAttribute('data-response-anchor') === id",
        arg=str(response_id),
    )
    assert "I will ask my team" in target.inner_text()
