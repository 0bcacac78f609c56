# MythCheck: `make run` serves the app, `make test` runs the whole suite.
# Both create .venv and install what they need on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := quizapp
# The W3C Nu HTML checker, for tests/web/test_valid_html.py (runs on the system's Java).
VNU_VERSION := 26.9.27
VNU_JAR := .tools/node_modules/vnu-jar/build/dist/vnu.jar
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint format db content demo install e2e-deps serve-prod clean e2e lighthouse bench-admin vnu

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

db: $(STAMP)
	$(BIN)/flask db upgrade

content: db
	$(BIN)/flask load-content

demo: content
	$(BIN)/flask seed-demo

run: demo
	$(BIN)/flask run --host $(HOST) --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: $(STAMP) lint vnu
	$(BIN)/python -m pytest

$(VNU_JAR):
	npm install --prefix .tools --no-audit --no-fund --ignore-scripts vnu-jar@$(VNU_VERSION)

# Without npm the HTML validity test skips, and this says so.
vnu:
	@if [ ! -f $(VNU_JAR) ] && command -v npm >/dev/null; then $(MAKE) --no-print-directory $(VNU_JAR); fi
	@test -f $(VNU_JAR) || echo "npm is missing, so vnu is not installed: tests/web/test_valid_html.py will skip"

# Production server: gunicorn with gunicorn.conf.py (GUNICORN_BIND, default 127.0.0.1:8000).
# Set SECRET_KEY and MYTHCHECK_ENV=production; see README, "Running in production".
serve-prod: content
	$(BIN)/gunicorn -c gunicorn.conf.py 'quizapp:create_app()'

# Browser tests only (Debian's Chromium; they skip without it).
e2e: $(STAMP)
	$(BIN)/python -m pytest tests/e2e -q

# Lighthouse (mobile) on a running app: `make run` first, or URL=http://host:port.
URL ?= http://$(HOST):$(PORT)
lighthouse: $(STAMP)
	$(BIN)/python bench/lighthouse.py --url $(URL)

# Admin pages at 100k and 1M synthetic answers, SQLite and PostgreSQL (seeds once, then reuses).
bench-admin: $(STAMP)
	$(BIN)/python bench/admin_pages.py

clean:
	rm -rf $(VENV) .tools instance/*.db *.egg-info .pytest_cache
