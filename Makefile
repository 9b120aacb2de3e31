# Mentor XBlock developer commands. Quick start: `make run`, then `make test`.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
EXTRAS ?= dev
BIN := $(VENV)/bin
export DJANGO_SETTINGS_MODULE := mentor_xblock.dev.settings

.PHONY: venv migrate demo run reset test test-unit test-xapi screenshots bench wheel-check migrations clean extract_translations compile_translations check_translations static check_static check_imports

# The stamp names the extras it was installed with, so `make test EXTRAS=dev,mysql` after a
# plain `make run` installs the mysql extra instead of finding the venv "up to date".
comma := ,
STAMP := $(VENV)/.installed-$(subst $(comma),-,$(EXTRAS))

$(STAMP): setup.py Makefile
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[$(EXTRAS)]'
	touch $@

venv: $(STAMP)

migrate: venv
	mkdir -p var
	$(BIN)/django-admin migrate --run-syncdb -v 0

demo: migrate
	$(BIN)/django-admin mentor_demo_data

## Serve the workbench with the demo scenarios on http://127.0.0.1:$(PORT)
run: static demo
	@echo "Mentor XBlock workbench: http://127.0.0.1:$(PORT)/  (?student=staff_1 | mentor_ada | student_1)"
	MENTOR_LMS_ROOT_URL=http://127.0.0.1:$(PORT) $(BIN)/django-admin runserver 127.0.0.1:$(PORT)

## The whole suite: unit, integration and browser tests on SQLite, then integration on a throwaway MariaDB
## A clean demo: forget every learner, answer, assignment and mail, then load the demo data again
reset: venv
	rm -rf var/workbench.db var/mail var/media var/exports
	$(MAKE) demo

test: venv check_translations check_static check_imports
	mkdir -p var
	$(BIN)/python -m pytest
	$(BIN)/python -m tests.mariadb tests/integration

test-unit: venv
	$(BIN)/python -m pytest tests/unit

## The xAPI statements of our events (tests/xapi, docs/platform.md "xAPI for Aspects"): installs the
## `aspects` extra (event-routing-backends) into the venv, and fails rather than skip without it.
## `make test EXTRAS=dev,aspects` runs them with everything else (CI: dev,mysql,aspects).
test-xapi:
	$(MAKE) venv EXTRAS=$(if $(findstring aspects,$(EXTRAS)),$(EXTRAS),$(EXTRAS)$(comma)aspects)
	mkdir -p var
	MENTOR_REQUIRE_XAPI=1 $(BIN)/python -m pytest tests/xapi

## Refresh the README's pictures (docs/screenshots/*.png) from the browser suite: the same
## scenarios the tests walk, so the pictures show the block as it is
screenshots: venv
	mkdir -p var docs/screenshots
	MENTOR_SCREENSHOTS=$(CURDIR)/docs/screenshots MENTOR_REQUIRE_BROWSER=1 \
		$(BIN)/python -m pytest -q tests/browser/test_story.py tests/browser/test_conversation.py

## Benchmarks (results go to docs/benchmarks.md): side by side with xblock-poll and drag-and-drop-v2
## (installed into the venv here, never project dependencies), handlers on SQLite and MariaDB,
## bulk matching, dashboards and exports at scale. About 6 minutes on 2 cores; not part of `make test`.
PEERS ?= xblock-poll==1.16.1 xblock-drag-and-drop-v2==5.0.3
bench: venv
	$(BIN)/python -m pip install -q $(PEERS) || echo "peers could not be installed: measuring without them"
	$(BIN)/python bench/bench_render.py
	$(BIN)/python bench/bench_handlers.py
	$(BIN)/python bench/bench_matching.py --interests 3
	$(BIN)/python bench/bench_matching.py --interests 5
	$(BIN)/python bench/bench_dashboards.py

## Build the wheel, install it (not editable) in a fresh venv and render the block from there
wheel-check: venv
	rm -rf dist build $(VENV)-wheel
	$(BIN)/python -m build --wheel --outdir dist . > /dev/null
	$(PYTHON) -m venv $(VENV)-wheel
	$(VENV)-wheel/bin/python -m pip install -q dist/*.whl xblock-sdk 'XBlock[django]'
	cd /tmp && $(CURDIR)/$(VENV)-wheel/bin/python $(CURDIR)/tests/wheel_check.py

## Translations (docs/translations.md). openedx-translations runs `make extract_translations`.
extract_translations: venv
	$(BIN)/python tools/translations.py extract

compile_translations: venv
	$(BIN)/python tools/translations.py compile

## Fails when a source string changed without re-extracting, or a catalogue without compiling (about 1 s)
check_translations: venv
	$(BIN)/python tools/translations.py check

## The JS and CSS bundles the views load (static/dist, checked in), built from static/js and static/css
static: venv
	$(BIN)/python tools/build_static.py build

## The house's layers (.importlinter; docs/architecture.md), part of `make test`
check_imports: venv
	$(BIN)/lint-imports --no-cache

## Fails when a source in static/js or static/css changed without `make static` (part of `make test`)
check_static: venv
	$(BIN)/python tools/build_static.py check

migrations: venv
	$(BIN)/django-admin makemigrations mentor_xblock

clean:
	rm -rf $(VENV) $(VENV)-wheel dist build var *.egg-info
