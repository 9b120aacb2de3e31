"""The xAPI catalogue (mentor_xblock/analytics) without event-routing-backends: every event the block
publishes has a statement, the docs list them all, and the plugin settings allow exactly our names.
tests/xapi turns each into a statement with event-routing-backends installed."""
import ast
import re
from pathlib import Path
from types import SimpleNamespace

from mentor_xblock.analytics import settings as xapi_settings
from mentor_xblock.analytics.catalogue import EVENTS, NAMESPACE, verbs_of
from mentor_xblock.apps import MentorXBlockConfig

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "edx.mentorship."


def published_names() -> set:
    """Every `edx.mentorship.*` string in the package outside analytics/: what handlers publish."""
    found = set()
    for path in (ROOT / "mentor_xblock").rglob("*.py"):
        if "analytics" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith(PREFIX):
                found.add(node.value)
    return found


def test_every_published_event_has_a_statement_and_no_other():
    """A new event needs its line in analytics/catalogue.py (and docs/platform.md) to reach Aspects."""
    assert published_names() == set(EVENTS)


def test_the_docs_list_every_event_with_its_verb():
    api = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    assert set(re.findall(r"edx\.mentorship\.[a-z_]+\.[a-z_]+", api)) <= set(EVENTS)
    platform = (ROOT / "docs" / "platform.md").read_text(encoding="utf-8")
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| `(edx\.mentorship\.[a-z_.]+)` \|([^\n]*)$", platform, re.M)}
    assert set(rows) == set(EVENTS)
    for name, mapping in EVENTS.items():
        for verb in verbs_of(mapping):
            assert verb.iri in rows[name], name
    assert NAMESPACE in platform


def test_verbs_and_types_are_registry_iris_or_ours():
    for mapping in EVENTS.values():
        for verb in verbs_of(mapping):
            assert verb.iri.startswith(("http://adlnet.gov/expapi/verbs/", "http://activitystrea.ms/schema/1.0/",
                                        "https://w3id.org/xapi/", NAMESPACE)) and verb.display
        assert mapping.kind == "" or mapping.kind.startswith(("http://", "https://"))


def erb_settings():
    """Settings as event-routing-backends' plugin settings leave them (utils/settings.py's shape)."""
    allowed = ["edx.course.enrollment.activated", "problem_check"]
    return SimpleNamespace(
        EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS=allowed,
        EVENT_BUS_TRACKING_LOGS=set(allowed),
        EVENT_TRACKING_BACKENDS={"event_transformer": {"OPTIONS": {
            "processors": [{"ENGINE": "eventtracking.processors.whitelist.NameWhitelistProcessor",
                            "OPTIONS": {"whitelist": set(allowed)}}],
            "backends": {"xapi": {"OPTIONS": {"processors": [
                {"ENGINE": "eventtracking.processors.whitelist.NameWhitelistProcessor", "OPTIONS": {"whitelist": allowed}},
                {"ENGINE": "event_routing_backends.processors.xapi.transformer_processor.XApiProcessor", "OPTIONS": {}},
            ]}}},
        }}},
    )


def test_plugin_settings_allow_our_events_after_event_routing_backends():
    settings = erb_settings()
    xapi_settings.plugin_settings(settings, installed=True)
    xapi_settings.plugin_settings(settings, installed=True)  # production runs it again: nothing twice
    options = settings.EVENT_TRACKING_BACKENDS["event_transformer"]["OPTIONS"]
    router = options["processors"][0]["OPTIONS"]["whitelist"]
    xapi = options["backends"]["xapi"]["OPTIONS"]["processors"][0]["OPTIONS"]["whitelist"]
    for allowed in (settings.EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS, router, xapi, settings.EVENT_BUS_TRACKING_LOGS):
        assert set(EVENTS) <= set(allowed) and "problem_check" in allowed
    assert len(settings.EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS) == len(set(settings.EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS))


def test_plugin_settings_before_event_routing_backends_leave_the_list_it_extends():
    settings = SimpleNamespace()
    xapi_settings.plugin_settings(settings, installed=True)
    assert settings.EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS == list(EVENTS)


def test_plugin_settings_do_nothing_without_event_routing_backends_or_when_turned_off():
    untouched = SimpleNamespace()
    xapi_settings.plugin_settings(untouched, installed=False)
    assert vars(untouched) == {}
    off = erb_settings()
    off.MENTOR_XAPI_EVENTS = False
    xapi_settings.plugin_settings(off, installed=True)
    assert off.EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS == ["edx.course.enrollment.activated", "problem_check"]


def test_the_plugin_names_the_settings_hook_for_lms_and_studio():
    config = MentorXBlockConfig.plugin_app["settings_config"]
    for service in ("lms.djangoapp", "cms.djangoapp"):
        for kind in ("common", "production"):
            assert config[service][kind]["relative_path"] == "analytics.settings"
    assert callable(xapi_settings.plugin_settings)
