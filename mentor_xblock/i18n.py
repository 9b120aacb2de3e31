"""Translation in the adapter: messages, plurals for the browser, durations, the page's language.

Python and the templates translate through the runtime's `i18n` service (in the LMS,
xmodule's XBlockI18nService, which loads this package's catalogue: docs/translations.md).
The browser has no gettext: each view's catalogue is translated on the server, and a
plural message travels as all of its forms in the language's order, with one table
(`plural_table`) that says which form a count takes, so the JS picks the right one
without evaluating a plural expression (no eval under a strict CSP).
"""
from __future__ import annotations

import functools
import gettext

from django.conf import settings
from django.utils import translation
from django.utils.translation import trans_real

from . import platform

# Every gettext plural rule in use depends on n below 200, or on n % 100 (and so n % 10)
# above: the form of n >= 200 is the form of 100 + n % 100.
PLURAL_TABLE_SIZE = 200


def _plural_rule(i18n):
    for candidate in (i18n, getattr(i18n, "translator", None), getattr(i18n, "_translations", None)):
        rule = getattr(candidate, "plural", None)
        if callable(rule):
            return rule
    try:  # Django's translation module as the service (the LMS's fallback, the xblock-sdk's default)
        rule = getattr(trans_real.catalog(), "plural", None)
        return rule if callable(rule) else None
    except Exception:  # pylint: disable=broad-except  # no Django settings: English rule
        return None


def plural_table(i18n) -> str:
    """The form index of 0..199, one digit each (see PLURAL_TABLE_SIZE)."""
    return _table_of(_plural_rule(i18n))


@functools.lru_cache(maxsize=64)
def _table_of(rule) -> str:
    # Per process, per rule: catalogues (and so their rules) live as long as the process,
    # one per language, so the 200 evaluations happen once, not on every render.
    return "".join(str(int(rule(n)) if rule else int(n != 1)) for n in range(PLURAL_TABLE_SIZE))


def plural_forms(i18n, singular: str, plural: str, table: str | None = None) -> list[str]:
    """Every form of a plural message in the reader's language, in the language's order:
    form i is what ngettext gives for the first count whose form is i."""
    table = table or plural_table(i18n)
    forms = []
    for index in range(int(max(table)) + 1):
        count = table.index(str(index)) if str(index) in table else 2
        forms.append(i18n.ngettext(singular, plural, count))
    return forms


def duration_catalogue(i18n, table: str) -> dict:
    """The plural forms static/js/common.js `duration` needs (minutes under an hour, hours under two
    days, days after that)."""
    return {
        # Translators: a duration, e.g. "1 minute", "5 minutes".
        "minutes": plural_forms(i18n, "{n} minute", "{n} minutes", table),
        # Translators: a duration, e.g. "1 hour", "3 hours".
        "hours": plural_forms(i18n, "{n} hour", "{n} hours", table),
        # Translators: a duration, e.g. "1 day", "2 days".
        "days": plural_forms(i18n, "{n} day", "{n} days", table),
    }


def language() -> tuple[str, str]:
    """(language code, "ltr" | "rtl") of the request being served, for lang/dir on the block root."""
    code = translation.get_language() or "en"
    return code, "rtl" if translation.get_language_bidi() else "ltr"


def locale_args(i18n) -> dict:
    """What static/js/common.js `useLocale` needs: the language for Intl formats, the plural
    table and the duration forms."""
    code, direction = language()
    table = plural_table(i18n)
    return {"lang": code, "dir": direction, "plural": table, "durations": duration_catalogue(i18n, table)}


@functools.lru_cache(maxsize=32)
def mail_translation(language: str) -> gettext.NullTranslations:
    """The block's catalogue for `language` outside a request (mail), where the LMS's
    XBlockI18nService would find it; the source text when there is none."""
    locale = translation.to_locale(language or settings.LANGUAGE_CODE)
    for directory, domain in platform.catalogue_dirs():
        try:
            return gettext.translation(domain, str(directory), [locale])
        except OSError:
            continue
    return gettext.NullTranslations()
