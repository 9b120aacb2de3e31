"""Jinja2 rendering with autoescape and translations bound to the runtime i18n service.

One Environment per process compiles each template once, whatever the request's
language: the gettext callables installed in it look the translation up at render
time (a context variable set around each render), so nothing language-specific is
compiled in. A per-render `Environment.overlay()` would start with an empty template
cache and recompile every template on every view (issue 10).
"""
from __future__ import annotations

import functools
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils.translation import get_language
from jinja2 import Environment, FileSystemLoader, select_autoescape
from jinja2.utils import htmlsafe_json_dumps
from web_fragments.fragment import Fragment

from .i18n import language
from .resources import resource_dir


class _NullI18n:
    @staticmethod
    def gettext(message):
        return message

    @staticmethod
    def ngettext(singular, plural, count):
        return singular if count == 1 else plural


# The i18n service of the render in progress (per thread / task, so concurrent requests
# in other languages never see it).
_CURRENT_I18N: ContextVar = ContextVar("mentor_xblock_i18n", default=_NullI18n())


def _gettext(message: str) -> str:
    return _CURRENT_I18N.get().gettext(message)


def _ngettext(singular: str, plural: str, count: int) -> str:
    return _CURRENT_I18N.get().ngettext(singular, plural, count)


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(resource_dir("templates"))),
        autoescape=select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        # Templates ship with the package and do not change under a running process;
        # not stat-ing them on every get_template keeps the cache lookup a dict hit.
        auto_reload=False,
    )
    # newstyle: `_("{n} x", n=…)` formats after translating, with autoescape (Jinja2 docs)
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)
    return env


_ENV = _environment()


def i18n_service(block):
    return block.runtime.service(block, "i18n") or _NullI18n()


def per_language(build):
    """For a method that builds a view's strings for the browser (a catalogue): keep what it builds
    per process, for each i18n service class and request language, and give callers a copy.

    That pair decides every string: the platform's XBlockI18nService picks the block's catalogue
    by the request's language (get_language()) when the block gets the service, as the
    workbench's does; the tests' services are classes of their own. A view used to rebuild its
    catalogues (about 100 messages) on every render."""
    kept: dict = {}

    @functools.wraps(build)
    def catalogue(block) -> dict:
        key = (type(i18n_service(block)), get_language())
        found = kept.get(key)
        if found is None:
            found = kept[key] = build(block)
        return dict(found)

    catalogue.kept = kept  # tests
    return catalogue


class _RenderI18n:
    """One render's translations: the service's callables looked up once (a service may
    resolve the request's catalogue on every attribute access) and each message translated
    once, however many segments repeat it."""

    def __init__(self, i18n):
        self._gettext, self._ngettext = i18n.gettext, i18n.ngettext
        self._seen: dict = {}

    def gettext(self, message):
        try:
            return self._seen[message]
        except KeyError:
            translated = self._seen[message] = self._gettext(message)
            return translated

    def ngettext(self, singular, plural, count):
        key = (singular, plural, count)
        try:
            return self._seen[key]
        except KeyError:
            translated = self._seen[key] = self._ngettext(singular, plural, count)
            return translated


@contextmanager
def translating(i18n):
    """Make `i18n` the service the templates' gettext callables use while inside."""
    token = _CURRENT_I18N.set(_RenderI18n(i18n))
    try:
        yield
    finally:
        _CURRENT_I18N.reset(token)


def render_template(xblock, name: str, /, **context) -> str:
    # lang and dir on each view's root element: the block reads right to left in Arabic even
    # inside a page that does not (docs/translations.md).
    code, direction = language()
    context.setdefault("language", code)
    context.setdefault("direction", direction)
    with translating(i18n_service(xblock)):
        return _ENV.get_template(name).render(**context)


def fragment(block, template: str, context: dict, *, js, css, init: str, init_args: dict) -> Fragment:
    """A fragment with one template, its scripts and stylesheets; config travels as JSON args.

    `js` and `css` are a bundle name or a list of them (static/dist, built from static/js and
    static/css by tools/build_static.py); the `init` function is the view's entry point.
    """
    frag = Fragment(render_template(block, template, **context))
    for name in [css] if isinstance(css, str) else css:
        frag.add_css_url(block.runtime.local_resource_url(block, f"static/dist/{name}"))
    for name in [js] if isinstance(js, str) else js:
        frag.add_javascript_url(block.runtime.local_resource_url(block, f"static/dist/{name}"))
    frag.initialize_js(init, safe_init_args(init_args))
    return frag


def safe_init_args(init_args: dict) -> dict:
    """Wrap the view's arguments so no runtime can let them break out of the page.

    Runtimes write init args with a plain json.dumps inside a <script> element, so a
    "</script>" in learner or author text would end it. The arguments travel as one
    string of HTML-safe JSON (<, >, & and ' as \\u escapes); the view's JS parses it.
    """
    return {"json": str(htmlsafe_json_dumps(init_args))}
