"""What a page view costs: templates compiled once per process whatever the language,
and a constant number of queries however many segments and prompts the block has.
Speed itself is measured in bench/, never asserted here."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.workbench_setup import module_olx, seed_learner
from mentor_xblock import rendering, view_cache
from mentor_xblock.dev.courses import DEV_COURSE_KEY
from mentor_xblock.dev.user_service import anonymous_id_for
from mentor_xblock.models import MentorProfile


class _PrefixI18n:
    """An i18n service that marks every string with its language (loaded by the workbench runtime)."""

    prefix = ""

    def gettext(self, message):
        return self.prefix + message

    def ngettext(self, singular, plural, count):
        return self.prefix + (singular if count == 1 else plural)


class FrenchI18n(_PrefixI18n):
    prefix = "[fr] "


class GermanI18n(_PrefixI18n):
    prefix = "[de] "


def use_language(settings, service: str):
    """Install the i18n service the workbench runtime gives blocks (settings.WORKBENCH["services"])."""
    services = dict(settings.WORKBENCH.get("services", {}), i18n=f"{__name__}.{service}")
    settings.WORKBENCH = {**settings.WORKBENCH, "services": services}


@pytest.fixture
def compiled(monkeypatch):
    """Template names in the order Jinja2 loads (compiles) them, from an empty template cache."""
    rendering._ENV.cache.clear()  # pylint: disable=protected-access
    loads = []
    loader = rendering._ENV.loader  # pylint: disable=protected-access
    original = loader.get_source

    def counting(environment, name):
        loads.append(name)
        return original(environment, name)

    monkeypatch.setattr(loader, "get_source", counting)
    return loads


def test_templates_compile_once_whatever_the_language(workbench, settings, compiled):
    workbench.add_scenario("langs", module_olx(3, 2))
    pages = {}
    for service in ("FrenchI18n", "GermanI18n", "FrenchI18n"):
        use_language(settings, service)
        for student in ("student_1", "mentor_ada", "staff_1"):
            response = workbench.view("langs", student=student)
            assert response.status_code == 200
            pages.setdefault(service, []).append(response.content.decode())
    # every template the three roles use was compiled exactly once, in the first language
    assert "student_view.html" in compiled and "prompt.html" in compiled
    assert len(compiled) == len(set(compiled)), compiled
    for page in pages["FrenchI18n"]:
        assert "[fr] Segments" in page
        assert "[de] " not in page
    for page in pages["GermanI18n"]:
        assert "[de] Segments" in page
        assert "[fr] " not in page
    # the later French pages translate as much as the first ones: nothing stuck in a compiled template
    assert [p.count("[fr] ") for p in pages["FrenchI18n"][:3]] == [p.count("[fr] ") for p in pages["FrenchI18n"][3:]]


def test_translation_is_per_render_and_restored(workbench, settings):
    """A render binds its own service only while it runs (no leak to the next render)."""
    usage = workbench.add_scenario("restore", module_olx(1, 1))
    use_language(settings, "GermanI18n")
    block = workbench.block(usage)
    html = rendering.render_template(block, "author_view.html", block=block, dom_id="x", items=[],
                                     content=block.authored, strategy=None)
    assert "[de] " in html
    assert rendering._gettext("Segments") == "Segments"  # pylint: disable=protected-access


@pytest.fixture
def pool(workbench):
    return MentorProfile.objects.create(
        course_key=DEV_COURSE_KEY, mentor_id=anonymous_id_for("mentor_ada"), username="mentor_ada",
        display_name="Ada", capacity=50,
    )


@pytest.mark.parametrize("student", ["learner", "mentor_ada", "staff_1"])
def test_learner_view_queries_do_not_grow_with_segments_or_prompts(workbench, pool, student):
    counts = {}
    for segments, prompts in ((1, 1), (12, 6)):
        name = f"size-{segments}-{prompts}"
        usage = workbench.add_scenario(name, module_olx(segments, prompts))
        learner = f"student_{segments}"
        seed_learner(workbench.client, usage, segments, prompts, student=learner)
        viewer = learner if student == "learner" else student
        view_cache.clear()  # the first view of a block in a process: nothing cached yet
        with CaptureQueriesContext(connection) as captured:
            response = workbench.view(name, student=viewer)
        assert response.status_code == 200
        page = response.content.decode()
        assert page.count('class="segment"') == segments
        counts[segments] = len(captured)
    assert counts[1] == counts[12], counts
    # the workbench page itself reads field state (about 10 queries; in the LMS those are preloaded);
    # the learner's conversation history adds its versions and their reviews (issue 21), the
    # programme's check-ins what the viewer is asked now (issue 22)
    assert counts[12] <= 27, counts


class CountingI18n(_PrefixI18n):
    """Counts how often each message is asked for (one object per process, like the workbench's)."""

    prefix = "[fr] "
    asked: dict = {}

    def gettext(self, message):
        self.asked[message] = self.asked.get(message, 0) + 1
        return super().gettext(message)


def test_a_render_translates_each_template_message_once(workbench, settings):
    """A message repeated in every segment is looked up once per render, not once per segment."""
    workbench.add_scenario("counting", module_olx(12, 0))
    use_language(settings, "CountingI18n")
    CountingI18n.asked.clear()
    page = workbench.view("counting", student="student_1").content.decode()
    assert page.count("[fr] Read the transcript instead") == 12
    assert page.count("[fr] (opens in a new tab)") == 24
    assert CountingI18n.asked["Read the transcript instead"] == 1
    assert CountingI18n.asked["(opens in a new tab)"] == 1


def _transcripts(page: str) -> list:
    return [part.split("</ol>")[0] for part in page.split('<ol class="transcript"')[1:]]


def test_the_plural_table_is_worked_out_once_per_rule():
    """The browser's plural table (200 evaluations of the language's rule) is kept per process."""
    from mentor_xblock.i18n import plural_table

    evaluations = []

    class Polish:  # three forms: 1, 2-4 (not 12-14), the rest
        @staticmethod
        def plural(n):
            evaluations.append(n)
            return 0 if n == 1 else 1 if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14) else 2

    first, second = plural_table(Polish()), plural_table(Polish())
    assert first == second and first[:6] == "201112" and first[12:15] == "222" and first[22] == "1"
    assert len(evaluations) == 200


def test_replies_are_read_only_when_a_response_has_some(workbench):
    """The learner's own responses cost one query, and one more for their replies once there are any."""
    from mentor_xblock.models import Response

    usage = workbench.add_scenario("replies", module_olx(2, 2))  # p1 is open to peers
    for student in ("student_1", "student_2"):
        for prompt in ("p0", "p1"):
            assert workbench.post(usage, "submit_response", {"prompt_id": prompt, "text": f"{student} on {prompt} here"},
                                  student=student).status_code == 200

    def view():
        with CaptureQueriesContext(connection) as captured:
            page = workbench.view("replies", student="student_1").content.decode()
        return page, len(captured)

    view()  # the first view of a block in a process warms what is cached per process
    quiet_page, quiet = view()
    mine = Response.objects.get(learner_id=anonymous_id_for("student_1"), prompt_id="p1").pk
    answer = workbench.post(usage, "post_reply", {"prompt_id": "p1", "response_id": mine, "text": "Nice point, Ann"},
                            student="student_2")
    assert answer.status_code == 200, answer.content
    page, busy = view()
    assert "Nice point, Ann" in page and "Nice point, Ann" not in quiet_page
    assert busy == quiet + 1


def test_each_viewer_sees_their_own_progress(workbench):
    from mentor_xblock.models import SegmentProgress

    usage = workbench.add_scenario("shared", module_olx(3, 0))
    assert workbench.post(usage, "record_progress", {"segment_id": "s0", "intervals": [[60, 90]]},
                          student="student_1").status_code == 200
    # the clock credits nothing on a first report (test_progress_cap): a quarter as if watched over time
    SegmentProgress.objects.filter(learner_id=anonymous_id_for("student_1")).update(coverage=0.25)
    first = workbench.view("shared", student="student_1").content.decode()
    second = workbench.view("shared", student="student_2").content.decode()
    assert "25% watched" in first and "25% watched" not in second
    assert first.count("Not watched yet") < second.count("Not watched yet")
    assert first.count('class="transcript__cue"') == second.count('class="transcript__cue"') == 36


def test_catalogues_are_built_once_per_service_and_language(workbench, settings):
    """The browser's strings are kept per i18n service class and request language, never mixed."""
    from django.utils import translation

    from mentor_xblock.views.prompts import prompts_catalogue

    usage = workbench.add_scenario("catalogues", module_olx(1, 1))
    kept = prompts_catalogue.kept
    kept.clear()
    with translation.override("es"):
        spanish = prompts_catalogue(workbench.block(usage))
    with translation.override("en"):
        english = prompts_catalogue(workbench.block(usage))
        use_language(settings, "FrenchI18n")
        french = prompts_catalogue(workbench.block(usage))
        built = kept[(FrenchI18n, "en")]
        use_language(settings, "GermanI18n")
        german = prompts_catalogue(workbench.block(usage))
        use_language(settings, "FrenchI18n")
        french["reply"] = "changed by a caller"
        again = prompts_catalogue(workbench.block(usage))
    assert (english["reply"], french["reply"] != again["reply"], german["reply"]) == ("Reply", True, "[de] Reply")
    assert again["reply"] == "[fr] Reply" and spanish["reply"] not in ("Reply", "[fr] Reply")
    assert len(kept) == 4  # es and en with the workbench's service, then French, German: French built once
    assert kept[(FrenchI18n, "en")] is built
