"""The workbench's `?lang=` links: pick the page's language as the LMS lets a learner do.

Django's LocaleMiddleware reads the language cookie and Accept-Language; the LMS also lets
a learner choose their language. Here `?lang=es` (any language of settings.LANGUAGES) sets
Django's language cookie for the following pages and serves this one in it.
"""
from django.conf import settings


class QueryLanguageMiddleware:
    """Before LocaleMiddleware: `?lang=` sets the language cookie it reads."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.GET.get("lang", "")
        known = chosen if chosen in dict(settings.LANGUAGES) else ""
        if known:
            request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = known
        response = self.get_response(request)
        if known:
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, known, samesite="Lax")
        return response
