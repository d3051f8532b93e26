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

.PHONY: install serve edit demo screenshots test site check bench mutation lint clean

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

## test: lint, then the whole suite on both cores. Browser tests run in their own
## pass: Playwright's sync API keeps an event loop running in its worker process.
test: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider -m "not browser"
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider -m browser

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
