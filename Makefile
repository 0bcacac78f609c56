# MythCheck: `make run` serves the app, `make test` runs the whole suite.
# Both create .venv and install what they need on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements/dev.lock
export FLASK_APP := quizapp
# The W3C Nu HTML checker, for tests/web/test_valid_html.py (runs on the system's Java).
VNU_VERSION := 26.9.27
VNU_JAR := .tools/node_modules/vnu-jar/build/dist/vnu.jar
# The interface's gettext catalogs: the template (messages.pot) and one .po per language,
# under version control; the compiled .mo files are built from them, never committed.
I18N := translations
POT := $(I18N)/messages.pot
MO_FILES := $(patsubst %.po,%.mo,$(wildcard $(I18N)/*/LC_MESSAGES/messages.po))
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint format db content demo install e2e-deps serve-prod clean e2e lighthouse bench-admin lock audit vnu i18n

# Exactly the locked versions, each checked against its hash; then the project itself.
$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP) $(MO_FILES)

# A catalog compiled for the app to read; fuzzy (unreviewed) entries stay English.
%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile --input-file $< --output-file $@

# After changing the words of a page, a form or a message: the template of every string,
# each language's catalog brought up to date with it (new strings empty, changed ones
# fuzzy), then compiled. Translate what is empty or fuzzy in translations/*/LC_MESSAGES/
# messages.po; tests/web/test_translations.py fails until every one is done.
i18n: $(STAMP)
	$(BIN)/pybabel extract --mapping-file babel.cfg --keywords _l --keywords lazy_gettext \
		--keywords lazy_pgettext:1c,2 --keywords count_of:2,3 --add-location file --sort-by-file \
		--project MythCheck --no-wrap --output-file $(POT) .
	$(BIN)/pybabel update --input-file $(POT) --output-dir $(I18N) --no-wrap --ignore-obsolete
	$(MAKE) --no-print-directory $(MO_FILES)

# After changing the dependencies in pyproject.toml: the lock, with hashes, keeping
# the other pins. `make lock UPGRADE=1` moves every pin to the newest allowed version.
lock: $(STAMP)
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade) \
		--extra dev --output-file $(LOCK) pyproject.toml
	$(MAKE) install

# pip-audit over the lock; exit 2, saying so, when its vulnerability database is unreachable.
audit: $(STAMP)
	$(BIN)/python -m deploy.audit

db: install
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

# On every core (pytest-xdist): each worker has its own database and live server.
test: install lint vnu
	$(BIN)/python -m pytest -n auto

$(VNU_JAR):
	npm install --prefix .tools --no-audit --no-fund --ignore-scripts vnu-jar@$(VNU_VERSION)

# Without npm the HTML validity test skips, and this says so.
vnu:
	@if [ ! -f $(VNU_JAR) ] && command -v npm >/dev/null; then $(MAKE) --no-print-directory $(VNU_JAR); fi
	@test -f $(VNU_JAR) || echo "npm is missing, so vnu is not installed: tests/web/test_valid_html.py will skip"

# Production: nginx (NGINX_LISTEN, default 127.0.0.1:8080) in front of gunicorn
# (GUNICORN_BIND, default 127.0.0.1:8000) and the live sessions' waiter (WAITER_BIND,
# default 127.0.0.1:8001), deploy/serve_prod.py. Set SECRET_KEY, MYTHCHECK_ENV=production,
# MYTHCHECK_PUBLIC_URL, RATELIMIT_STORAGE_URI and LIVE_REDIS_URL (Redis);
# see README, "Running in production".
serve-prod: content
	$(BIN)/python -m deploy.serve_prod

# Browser tests only (Debian's Chromium; they skip without it).
e2e: install
	$(BIN)/python -m pytest -n auto tests/e2e -q

# Lighthouse (mobile) on a running app: `make run` first, or URL=http://host:port.
URL ?= http://$(HOST):$(PORT)
lighthouse: install
	$(BIN)/python bench/lighthouse.py --url $(URL)

# Admin pages at 100k and 1M synthetic answers, SQLite and PostgreSQL (seeds once, then reuses).
bench-admin: install
	$(BIN)/python bench/admin_pages.py

clean:
	rm -rf $(VENV) .tools instance/*.db *.egg-info .pytest_cache
