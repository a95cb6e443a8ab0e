# The two commands of the quick start: `make run` and `make test` (contracts.md §6).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app directory
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
CATALOGS := $(wildcard directory/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGS:.po=.mo)

.PHONY: run test install browser lint translations extract-messages bench clean

# The worker (search index upkeep, officers' imports) runs beside the web server; Ctrl-C or
# any exit of `flask run` stops it too.
run: install $(COMPILED)
	$(FLASK) db upgrade
	$(FLASK) setup-demo
	$(FLASK) worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(FLASK) run --host 127.0.0.1 --port 5000

# Both cores: pytest-xdist runs the tests in two worker processes. The suite also measures
# coverage and fails under the floor in pyproject.toml; mypy checks directory/ first.
PYTEST_ARGS ?= -n 2
COVERAGE_ARGS ?= --cov --cov-report=term
test: install $(COMPILED) browser
	$(BIN)/mypy
	$(BIN)/python -m pytest $(PYTEST_ARGS) $(COVERAGE_ARGS)

# The browser tests drive Debian's chromium; install it when the machine lacks it.
browser:
	@command -v chromium >/dev/null || test -n "$$CHROMIUM_PATH" || { \
	  test "$$(id -u)" = 0 || { echo "Browser tests need chromium: sudo apt-get install chromium"; exit 1; }; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

install: $(STAMP)

$(STAMP):
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	rm -f $(VENV)/.installed-*
	touch $@

%.mo: %.po | install
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@

translations: $(COMPILED)

# After adding strings: extract them, then translate the new English entries.
extract-messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -o directory/translations/messages.pot .
	$(BIN)/pybabel update -i directory/translations/messages.pot -d directory/translations

lint: install
	$(BIN)/ruff check directory tests bench
	$(BIN)/ruff format --check directory tests bench
	$(BIN)/mypy

bench: install $(COMPILED)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) instance
