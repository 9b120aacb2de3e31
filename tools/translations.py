"""Translation catalogues the Open edX way (docs/translations.md), with Babel.

    python tools/translations.py extract   # sources -> mentor_xblock/conf/locale/en/LC_MESSAGES/django.po,
                                           #   and merge into each language's django.po; rebuild the pseudo-locale
    python tools/translations.py compile   # each language's django.po -> mentor_xblock/translations/<lang>/LC_MESSAGES/text.mo
    python tools/translations.py check     # fails if the catalogues are not current (part of `make test`)

openedx-translations runs `make extract_translations` and reads conf/locale/en and
conf/locale/config.yaml; the LMS's XBlockI18nService reads the bundled
<package>/translations/<locale>/LC_MESSAGES/text.mo (the wheel ships it).
Sources: the package's Python (`_`, `gettext`, `ngettext`, `N_`, `Np_` and the refusals' constructors
with a literal message), the Jinja2 templates (`_()` with keyword arguments, `ngettext`, `trans` blocks)
and the JavaScript (`gettext`, `ngettext`, should a view ever translate in the browser).
"""
from __future__ import annotations

import contextlib
import io
import re
import sys
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

sys.path.insert(0, str(Path(__file__).resolve().parent))
from checks import verdict  # noqa: E402  (tools/ is a folder of scripts, not a package)

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "mentor_xblock"
LOCALE = PACKAGE / "conf" / "locale"
COMPILED = PACKAGE / "translations"
SOURCE_PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
PSEUDO = "eo"  # as edx-i18n-tools' dummy locale: every letter accented, so untranslated text stands out

KEYWORDS = {
    "_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "Np_": (1, 2), "plural": (1, 2), "plural_forms": (2, 3),
    # Refusals raised with a literal message are messages too (the API translates them).
    "BadRequest": None, "Forbidden": None, "NotFound": None, "Conflict": None, "TooManyRequests": None,
    "ApiError": None, "TranscriptError": None, "MediaError": None, "FieldError": (2,),
}
SOURCES = [
    (PACKAGE, [("**/dev/**", "ignore"), ("**/migrations/**", "ignore"), ("**.py", "python")]),
    (ROOT / "templates", [("mentor_xblock/**", "ignore"), ("**.html", "jinja2.ext:babel_extract")]),
    (ROOT / "static" / "js", [("**.js", "javascript")]),
]
JINJA_OPTIONS = {"**.html": {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true", "trimmed": "true"}}


def locales() -> list[str]:
    """The languages conf/locale/config.yaml lists (a flat YAML list; no YAML parser needed)."""
    text = (LOCALE / "config.yaml").read_text(encoding="utf-8")
    block = text.split("locales:", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"^\s*-\s*([A-Za-z_@]+)", block, re.M)


def extracted() -> Catalog:
    catalog = Catalog(project="mentor-xblock", msgid_bugs_address="", charset="utf-8", fuzzy=False)
    for directory, mapping in SOURCES:
        options = JINJA_OPTIONS if directory.name == "templates" else {}
        for filename, lineno, message, comments, context in extract_from_dir(
            str(directory), mapping, options, keywords=KEYWORDS, comment_tags=("Translators:",),
            strip_comment_tags=True,
        ):
            if not message or (isinstance(message, tuple) and not all(message)):
                continue
            where = str((directory / filename).relative_to(ROOT))
            catalog.add(message, None, [(where, lineno)], auto_comments=comments, context=context)
    return catalog


def po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, omit_header=False, sort_output=True, include_lineno=False)
    return _stable(out.getvalue())


def _stable(data: bytes) -> bytes:
    """Without the creation/revision dates, so an unchanged catalogue is byte-identical."""
    return re.sub(rb'"(POT-Creation-Date|PO-Revision-Date): [^"]*\\n"\n', b"", data)


def read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


_PSEUDO = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥîĵķłɱñøƥʠŕšŧûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶŁṀÑØƤɊŔŠŦÛṼŴẊÝŽ",
)
# Kept as they are: {placeholders}, %(name)s, HTML tags and entities.
_KEEP = re.compile(r"(\{[^{}]*\}|%\([^)]*\)[sd]|%[sd]|<[^>]*>|&[a-z]+;)")


def pseudo(text: str) -> str:
    return "".join(part if _KEEP.fullmatch(part) else part.translate(_PSEUDO) for part in _KEEP.split(text))


def merged(source: Catalog, locale: str) -> Catalog:
    path = LOCALE / locale / "LC_MESSAGES" / "django.po"
    catalog = read(path, locale) if path.exists() else Catalog(locale=locale, project="mentor-xblock")
    catalog.update(source, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    if locale == PSEUDO:
        for message in catalog:
            if not message.id:
                continue
            if isinstance(message.id, (list, tuple)):
                message.string = tuple(pseudo(message.id[0 if i == 0 else 1]) for i in range(catalog.num_plurals))
            else:
                message.string = pseudo(message.id)
    return catalog


def extract() -> None:
    source = extracted()
    SOURCE_PO.parent.mkdir(parents=True, exist_ok=True)
    SOURCE_PO.write_bytes(po_bytes(source))
    for locale in locales():
        if locale == "en":
            continue
        path = LOCALE / locale / "LC_MESSAGES" / "django.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(po_bytes(merged(source, locale)))


def mo_bytes(locale: str) -> bytes:
    catalog = read(LOCALE / locale / "LC_MESSAGES" / "django.po", locale)
    # The .po keeps no dates (see _stable); fixed ones keep the compiled file byte-identical.
    catalog.creation_date = catalog.revision_date = datetime(2000, 1, 1, tzinfo=timezone.utc)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def compile_all() -> None:
    for locale in locales():
        if locale == "en":
            continue
        target = COMPILED / locale / "LC_MESSAGES" / "text.mo"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(mo_bytes(locale))


def check() -> int:
    """Fast (about a second): re-extract in memory and compare with what is committed."""
    problems = []
    with contextlib.redirect_stderr(io.StringIO()):  # Babel's f-string notices are for `extract`
        source = extracted()
    if not SOURCE_PO.exists() or SOURCE_PO.read_bytes() != po_bytes(source):
        problems.append(f"{SOURCE_PO.relative_to(ROOT)} is not current")
    for locale in locales():
        if locale == "en":
            continue
        path = LOCALE / locale / "LC_MESSAGES" / "django.po"
        if not path.exists() or path.read_bytes() != po_bytes(merged(source, locale)):
            problems.append(f"{path.relative_to(ROOT)} is not current")
            continue
        target = COMPILED / locale / "LC_MESSAGES" / "text.mo"
        if not target.exists() or target.read_bytes() != mo_bytes(locale):
            problems.append(f"{target.relative_to(ROOT)} is not compiled from its django.po")
    return verdict(problems, "Run `make extract_translations compile_translations` and commit the catalogues.",
                   f"translations: {len(source)} messages, catalogues current for {', '.join(locales())}")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "extract":
        extract()
    elif command == "compile":
        compile_all()
    elif command == "check":
        sys.exit(check())
    else:
        sys.exit(__doc__)
