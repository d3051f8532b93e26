# The verbs: serve, test, site, check, bench. Each installs what it needs into .venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

SCN_HOST ?= 127.0.0.1
SCN_PORT ?= 8000
# The Library's own address (feeds, calendars, Material's instant navigation).
SCN_SITE_URL ?= http://$(SCN_HOST):$(SCN_PORT)/
export SCN_HOST SCN_PORT SCN_SITE_URL

.PHONY: install serve edit demo screenshots test js site check bench mutation lint clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

## site: validate content and build the static Library into build/site
site: install
	$(BIN)/sitegen build

## check: validate resources/ and webinars/ (reviews past due are warnings; add STRICT=1 to fail on them)
check: install
	$(BIN)/sitegen check $(if $(STRICT),--strict)

## serve: build the site and serve the Library and the Network on SCN_HOST:SCN_PORT
serve: site
	$(BIN)/scn serve

## edit: for editors, the Library alone with live reload (mkdocs serve) on EDIT_PORT
EDIT_PORT ?= 8001
edit: install
	$(BIN)/sitegen generate
	$(BIN)/python -m mkdocs serve -a $(SCN_HOST):$(EDIT_PORT)

## demo: a clearly fictional demo network (members, threads, replies) on a fresh database
## in var/demo, served like make serve; the sign-in addresses and password are printed
demo: site
	rm -rf var/demo
	env -u SCN_DATABASE_URL -u SCN_DATABASE SCN_DATA_DIR=var/demo $(BIN)/scn demo seed
	env -u SCN_DATABASE_URL -u SCN_DATABASE SCN_DATA_DIR=var/demo $(BIN)/scn serve

## screenshots: the README's pictures (Library and forum; desktop and mobile; light and
## dark) from the demo network, in Debian's Chromium, into docs/screenshots/
screenshots: site
	$(BIN)/python tools/screenshots.py

## test: lint, the widget's JavaScript checks, then the whole suite on both cores. Browser
## tests run in their own pass: Playwright's sync API keeps an event loop running in its
## worker process.
test: install js
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider -m "not browser"
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider -m browser

NODE_STAMP := node_modules/.installed-stamp
HAVE_NODE := $(shell command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 && echo yes)

$(NODE_STAMP): package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

## js: eslint (from npm, package-lock.json) over the browser code, and the unit tests of
## the widget's pure modules under node's own test runner. Without node and npm it is
## skipped with the reason, except under CI=true, where it fails.
js:
ifeq ($(HAVE_NODE),yes)
	$(MAKE) --no-print-directory $(NODE_STAMP)
	npx --no-install eslint discussion_api/static sitegen/assets tests/js
	node --test tests/js/*.test.js
else ifeq ($(CI),true)
	@echo "make js: node and npm are needed (Debian: apt-get install nodejs npm)." >&2; exit 1
else
	@echo "make js: SKIPPED: node and npm are not installed (Debian: apt-get install nodejs npm), so eslint and the widget's unit tests did not run."
endif

## bench: benchmarks with their targets
bench: install
	$(BIN)/python -m bench

## mutation: mutation testing of the modules named in pyproject's [tool.mutmut]; prints
## the score and every surviving mutant (slow: about N minutes on 2 cores; not in make test)
mutation: install
	rm -rf mutants
	$(BIN)/mutmut run --max-children 2 || true
	$(BIN)/python -m tests.mutation_score

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf build
