"""Jinja2 rendering with autoescape and translations bound to the runtime i18n service."""
from __future__ import annotations

from jinja2 import Environment, FileSystemLoader, select_autoescape
from jinja2.utils import htmlsafe_json_dumps
from web_fragments.fragment import Fragment

from .resources import resource_dir

_ENV = Environment(
    loader=FileSystemLoader(str(resource_dir("templates"))),
    autoescape=select_autoescape(default=True, default_for_string=True),
    extensions=["jinja2.ext.i18n"],
    trim_blocks=True,
    lstrip_blocks=True,
)


class _NullI18n:
    @staticmethod
    def gettext(message):
        return message

    @staticmethod
    def ngettext(singular, plural, count):
        return singular if count == 1 else plural


def i18n_service(block):
    return block.runtime.service(block, "i18n") or _NullI18n()


def render_template(xblock, name: str, /, **context) -> str:
    i18n = i18n_service(xblock)
    env = _ENV.overlay()
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)
    return env.get_template(name).render(**context)


def fragment(block, template: str, context: dict, *, js, css, init: str, init_args: dict) -> Fragment:
    """A fragment with one template, its scripts and stylesheets; config travels as JSON args.

    `js` and `css` are a file name or a list of them (a view may be built from parts,
    each in a file of its own); the `init` function is the view's entry point.
    """
    frag = Fragment(render_template(block, template, **context))
    for name in [css] if isinstance(css, str) else css:
        frag.add_css_url(block.runtime.local_resource_url(block, f"static/css/{name}"))
    for name in [js] if isinstance(js, str) else js:
        frag.add_javascript_url(block.runtime.local_resource_url(block, f"static/js/{name}"))
    frag.initialize_js(init, safe_init_args(init_args))
    return frag


def safe_init_args(init_args: dict) -> dict:
    """Wrap the view's arguments so no runtime can let them break out of the page.

    Runtimes write init args with a plain json.dumps inside a <script> element, so a
    "</script>" in learner or author text would end it. The arguments travel as one
    string of HTML-safe JSON (<, >, & and ' as \\u escapes); the view's JS parses it.
    """
    return {"json": str(htmlsafe_json_dumps(init_args))}
