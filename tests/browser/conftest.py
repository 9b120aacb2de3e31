"""Browser fixtures: Debian's Chromium driven by Playwright against the live workbench.

No internet: requests to video providers are answered by local stand-ins, and any
other outside request is aborted, so a test can't pass by reaching the network.
"""
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import clear_app_tables

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

STUBS = Path(__file__).parent / "stubs"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    "--autoplay-policy=no-user-gesture-required",
]
REQUIRED = os.environ.get("MENTOR_REQUIRE_BROWSER") == "1"


def _unavailable(reason: str):
    if REQUIRED:
        pytest.fail(f"Browser tests are required (MENTOR_REQUIRE_BROWSER=1) but {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason} (apt-get install chromium; pip install playwright)")


@pytest.fixture(scope="session")
def browser():
    chromium = shutil.which("chromium")
    if not chromium:
        _unavailable("Debian's chromium is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _offline(route, requested: list):
    """Serve provider APIs from local stand-ins; refuse everything else that leaves the machine."""
    url = route.request.url
    requested.append(url)
    if url.startswith("https://www.youtube.com/iframe_api"):
        route.fulfill(path=str(STUBS / "youtube_iframe_api.js"), content_type="application/javascript")
    elif url.startswith("https://player.vimeo.com/api/player.js"):
        route.fulfill(path=str(STUBS / "vimeo_player.js"), content_type="application/javascript")
    else:
        route.abort()


@pytest.fixture
def site(live_server, transactional_db):
    """The live workbench with fresh scenarios; returns its base URL."""
    from workbench.runtime_util import reset_global_state

    reset_global_state()
    clear_app_tables()
    return live_server.url


def new_context(browser, site: str, stubs: bool = True, **options):
    """A browser context on the live workbench that never reaches the internet: outside requests
    get the local provider stand-ins (`stubs`), or are aborted (a provider that cannot load)."""
    ctx = browser.new_context(base_url=site, **options)
    ctx.external_requests = []
    ctx.route(
        lambda url: not url.startswith(site) and not url.startswith(("data:", "blob:", "about:")),
        (lambda route: _offline(route, ctx.external_requests)) if stubs else (lambda route: route.abort()),
    )
    ctx.set_default_timeout(15000)
    return ctx


def new_page(ctx):
    """A page that keeps its script errors in `page.errors`."""
    page = ctx.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


@pytest.fixture
def context(browser, site):
    ctx = new_context(browser, site, viewport={"width": 1100, "height": 900})
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    yield new_page(context)


def axe_violations(page, selector: str = ".xblock-v1") -> list:
    """axe-core on the block element (the workbench page around it is not ours)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=selector, options={"resultTypes": ["violations"]})
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in results.response["violations"]]
