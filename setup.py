"""Packaging for Mentor XBlock.

`static/` and `templates/` live at the top of the repository (one room each)
but ship inside the wheel as `mentor_xblock/static` and `mentor_xblock/templates`,
so an installed block serves its own resources.
"""
import os

from setuptools import find_packages, setup

HERE = os.path.dirname(os.path.abspath(__file__))


def package_files(top):
    """Every file below `top`, relative to it (setuptools wants explicit data files)."""
    found = []
    for root, _dirs, files in os.walk(os.path.join(HERE, top)):
        for name in files:
            found.append(os.path.relpath(os.path.join(root, name), os.path.join(HERE, top)))
    return found


def long_description():
    with open(os.path.join(HERE, "README.md"), encoding="utf-8") as readme:
        return readme.read()


setup(
    name="mentor-xblock",
    version="0.1.0",
    description="Curated expert video segments, reflections and mentor assignment for Open edX courses",
    long_description=long_description(),
    long_description_content_type="text/markdown",
    license="AGPL-3.0",
    python_requires=">=3.11",
    packages=find_packages(include=["mentor_xblock", "mentor_xblock.*"])
    + ["mentor_xblock.static", "mentor_xblock.templates"],
    package_dir={"mentor_xblock.static": "static", "mentor_xblock.templates": "templates"},
    package_data={
        # Compiled catalogues where the LMS's XBlockI18nService looks (translations/<locale>/LC_MESSAGES/text.mo),
        # and their sources (conf/locale, as openedx-translations reads them).
        "mentor_xblock": ["dev/olx/*.xml", "translations/*/LC_MESSAGES/text.mo", "conf/locale/config.yaml",
                          "conf/locale/*/LC_MESSAGES/django.po"],
        "mentor_xblock.static": package_files("static"),
        "mentor_xblock.templates": package_files("templates"),
    },
    include_package_data=False,
    install_requires=[
        "XBlock>=5.0",
        "Django>=4.2",
        "Jinja2>=3.1",
        "lxml>=4.9",
        "WebOb>=1.8",
        "webvtt-py>=0.5",
        # Legacy-encoded caption files (core/transcripts.decode_transcript); Open edX ships it via requests.
        "charset-normalizer>=3.0",
        # Large exports are Celery tasks (mentor_xblock/tasks.py); Open edX already ships it.
        "celery>=5.2",
        # Mail (notifications) goes through the platform's messaging framework; the LMS ships it.
        "edx-ace>=1.11",
        # Mentor-assessed scores go through the submissions API (services/grading.py), as ORA2's do;
        # edx-platform pins it in its base requirements, so this adds nothing to an Open edX site.
        "edx-submissions>=3.7",
    ],
    extras_require={
        "dev": [
            "xblock-sdk>=0.14",
            "django-crum>=0.7",  # edx-platform has it; the workbench settings load its middleware
            "XBlock[django]",
            "pytest>=8",
            "pytest-django>=4.8",
            "hypothesis>=6",
            "playwright>=1.40",
            "axe-playwright-python>=0.1.4",
            "build",
            "import-linter>=2.1",  # `make check_imports`: the layers in .importlinter (grimp, which it brings, counts circles)
            "babel>=2.14",  # tools/translations.py: extract and compile the catalogues
            "rjsmin>=1.2", "rcssmin>=1.1",  # tools/build_static.py: the minified bundles in static/dist
        ],
        "mysql": ["mysqlclient>=2.1"],
        # xAPI statements of our events for Aspects (mentor_xblock/analytics; docs/platform.md "xAPI").
        # The LMS of an Aspects site already has it; 9.3 on Python 3.11, 10.x on 3.12 (Django 5.2 and 6).
        "aspects": ["edx-event-routing-backends>=9.0"],
    },
    entry_points={
        "xblock.v1": ["mentorship = mentor_xblock.block:MentorXBlock"],
        "lms.djangoapp": ["mentor_xblock = mentor_xblock.apps:MentorXBlockConfig"],
        "cms.djangoapp": ["mentor_xblock = mentor_xblock.apps:MentorXBlockConfig"],
    },
    classifiers=[
        "Framework :: Django",
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.12",
    ],
)
