"""What a page view costs: templates compiled once per process whatever the language,
and a constant number of queries however many segments and prompts the block has.
Speed itself is measured in bench/, never asserted here."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.workbench_setup import module_olx, seed_learner
from mentor_xblock import rendering, view_cache
from mentor_xblock.block import DEV_COURSE_KEY
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
    # the workbench page itself reads field state (about 10 queries; in the LMS those are preloaded)
    assert counts[12] <= 24, counts
