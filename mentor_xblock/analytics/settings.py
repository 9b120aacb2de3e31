"""edx-platform plugin settings: allow the block's events through event-routing-backends' xAPI backend.

edx-platform calls `plugin_settings` for the LMS and Studio (apps.py `settings_config`), in no fixed
order with event-routing-backends' own hook, and again for production after the YAML is read. We add
our event names where they are missing: EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS, the whitelists
of the `event_transformer` backend built from it, and EVENT_BUS_TRACKING_LOGS. Nothing happens where
event-routing-backends is not installed or when MENTOR_XAPI_EVENTS is False (docs/platform.md "xAPI").
"""
import importlib.util

from .catalogue import EVENTS


def plugin_settings(settings, installed=None) -> None:
    if installed is None:
        installed = importlib.util.find_spec("event_routing_backends") is not None
    if not installed or not getattr(settings, "MENTOR_XAPI_EVENTS", True):
        return
    names = list(EVENTS)
    allowed = getattr(settings, "EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS", None)
    if allowed is None:
        settings.EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS = allowed = []
    _add(allowed, names)
    transformer = (getattr(settings, "EVENT_TRACKING_BACKENDS", None) or {}).get("event_transformer") or {}
    options = transformer.get("OPTIONS", {})
    for whitelist in _whitelists(options.get("processors", [])):  # every event the router takes
        _add(whitelist, names)
    xapi = options.get("backends", {}).get("xapi", {}).get("OPTIONS", {})
    for whitelist in _whitelists(xapi.get("processors", [])):  # the xAPI backend's own filter
        _add(whitelist, names)
    bus = getattr(settings, "EVENT_BUS_TRACKING_LOGS", None)
    if bus is not None:
        _add(bus, names)


def _whitelists(processors) -> list:
    return [p["OPTIONS"]["whitelist"] for p in processors
            if p.get("ENGINE", "").endswith("NameWhitelistProcessor") and "whitelist" in p.get("OPTIONS", {})]


def _add(collection, names) -> None:
    """Add in place (the xAPI whitelist may be the very list object of the ALLOWED setting)."""
    missing = [name for name in names if name not in collection]
    if isinstance(collection, set):
        collection.update(missing)
    else:
        collection.extend(missing)
