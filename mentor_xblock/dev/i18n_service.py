"""A development `i18n` service that loads this block's catalogue as the LMS does.

edx-platform's XBlockI18nService (xmodule/modulestore/django.py) looks for a pip-installed
block's catalogue in the site's conf/plugins-locale/xblock.v1/<module> (domain "django",
from openedx-translations) and then in <package>/translations/<locale>/LC_MESSAGES/text.mo
(domain "text"), for the request's language (Django's get_language), and falls back to
Django's own translation. The xblock-sdk's service is Django's translation only, which
never sees our catalogue; this one reads the bundled catalogue the same way, so the
workbench and the tests show the block in the learner's language.
"""
import gettext
from pathlib import Path

from django.utils import translation

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


class DevI18nService:
    """Per call, the catalogue of the current request's language (the service object is shared)."""

    _cache: dict = {}

    def _translator(self):
        code = translation.get_language() or "en"
        if code not in self._cache:
            try:
                self._cache[code] = gettext.translation("text", str(TRANSLATIONS), [translation.to_locale(code)])
            except OSError:  # no catalogue for this language: Django's, as the LMS falls back
                self._cache[code] = translation
        return self._cache[code]

    @property
    def translator(self):
        return self._translator()

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self._translator(), "gettext" if name == "ugettext" else name)

    def strftime(self, dtime, fmt):  # the platform's is locale-aware; the workbench's is not
        return dtime.strftime(fmt)
