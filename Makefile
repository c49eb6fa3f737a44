# framework_review: `make demo` installs, migrates, loads the demo and serves it on SQLite;
# `make test` runs the whole suite (SQLite, then PostgreSQL, browser tests included).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/framework_review_test
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: install demo serve migrate test test-sqlite test-postgres services lint format bench bench-exports clean \
	i18n-extract i18n-update i18n-compile

# The compiled catalogues (.mo) are built here, never committed.
TRANSLATIONS := framework_review/translations
CATALOGUES := $(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGUES:.po=.mo)
PYBABEL := $(BIN)/pybabel
# Keywords of the strings to extract, besides pybabel's own (_, gettext, ngettext, pgettext, N_).
I18N_KEYWORDS := -k _l -k lazy_gettext -k lazy_ngettext:1,2 -k lazy_pgettext:1c,2

install: $(VENV)/.installed $(COMPILED)

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

$(TRANSLATIONS)/%/LC_MESSAGES/messages.mo: $(TRANSLATIONS)/%/LC_MESSAGES/messages.po $(VENV)/.installed
	$(PYBABEL) compile --statistics -d $(TRANSLATIONS) -l $*

# Gather the marked strings of the code and templates into the template catalogue.
i18n-extract: $(VENV)/.installed
	$(PYBABEL) extract -F babel.cfg $(I18N_KEYWORDS) --no-location --sort-output \
		--project framework_review --copyright-holder "framework_review" \
		-o $(TRANSLATIONS)/messages.pot .

# Merge new strings into each language's catalogue (new ones come untranslated, changed ones fuzzy).
i18n-update: i18n-extract
	$(PYBABEL) update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-wrap --ignore-obsolete

i18n-compile: $(COMPILED)

migrate: install
	$(FLASK) db upgrade

demo: migrate
	$(FLASK) demo
	$(FLASK) run --host $(HOST) --port $(PORT)

serve: migrate
	$(FLASK) run --host $(HOST) --port $(PORT)

services:
	scripts/test-services.sh

test: install services
	$(MAKE) test-sqlite
	$(MAKE) test-postgres

test-sqlite: install
	$(BIN)/python -m pytest -q -p no:cacheprovider

test-postgres: install
	TEST_DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest -q -p no:cacheprovider

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install services
	$(BIN)/python bench/run.py

# The report exports on a real round (186 administrations, 30,000 comments) on PostgreSQL.
BENCH_PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/fr_bench
bench-exports: install
	TEST_DB_NAME=fr_bench scripts/test-services.sh
	$(BIN)/python bench/exports.py --database $(BENCH_PG_URL)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache $(COMPILED)
