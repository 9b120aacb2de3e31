"""Our plugin settings against event-routing-backends' own, in either order edx-platform may run them:
the router and its xAPI backend let our events through, and ERB's events stay allowed."""
from types import SimpleNamespace

import pytest

from mentor_xblock.analytics import settings as ours
from mentor_xblock.analytics.catalogue import EVENTS


def whitelists(settings):
    options = settings.EVENT_TRACKING_BACKENDS["event_transformer"]["OPTIONS"]
    router = options["processors"][0]["OPTIONS"]["whitelist"]
    xapi = options["backends"]["xapi"]["OPTIONS"]["processors"][0]["OPTIONS"]["whitelist"]
    return settings.EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS, router, xapi, settings.EVENT_BUS_TRACKING_LOGS


@pytest.mark.parametrize("ours_first", [True, False])
def test_both_orders_let_our_events_through(ours_first):
    from event_routing_backends.settings import common, production

    settings = SimpleNamespace(LMS_ROOT_URL="https://lms.example.org", ENV_TOKENS={})
    hooks = [ours.plugin_settings, common.plugin_settings]
    for hook in (hooks if ours_first else hooks[::-1]):
        hook(settings)
    for hook in (ours.plugin_settings, production.plugin_settings):  # production: after the YAML is read
        hook(settings)
    for allowed in whitelists(settings):
        assert set(EVENTS) <= set(allowed) and "problem_check" in allowed


def test_the_workbench_runs_them_as_the_lms_does(settings):
    """dev/settings.py applies ERB's plugin settings and ours when the extra is installed."""
    for allowed in whitelists(settings):
        assert set(EVENTS) <= set(allowed)
