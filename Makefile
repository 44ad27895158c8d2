# LPT support chat. `make run` and `make test` set up everything they need on a fresh machine;
# a second run re-installs and re-trains nothing that has not changed.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_WEB ?= python3
# Rasa 3.6 needs Python 3.8–3.10: pyenv's 3.10 if it is there, else python3.10 on the PATH.
PYTHON_BOT ?= $(shell p=$$(pyenv prefix 3.10.13 2>/dev/null) && echo $$p/bin/python || command -v python3.10)
WEB := .venvs/web
BOT := .venvs/bot
STAMPS := .make
BUILD := webapp/static/build
PORT ?= 5000
# make run-scaled: the app's and Rasa's databases on the local PostgreSQL, and the local Redis.
SCALED_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/lpt_chat
SCALED_RASA_DATABASE ?= lpt_rasa
SCALED_REDIS_URL ?= redis://127.0.0.1:6379/0
# Install Debian packages (as root, or with sudo), refreshing the package lists if needed.
apt_install = { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
  $$SUDO apt-get install -y -q $(1) || { $$SUDO apt-get update -q && $$SUDO apt-get install -y -q $(1); }; }
export FLASK_APP := webapp

ASSET_SOURCES := $(wildcard webapp/static/src/*)
PO_FILES := $(wildcard translations/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: help setup browser fonts nginx run run-scaled bench-scaled test test-unit test-integration bot-validate bot-test train train-safety evaluate safety-eval bench \
        lint format types assets translations db clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*?## ' $(MAKEFILE_LIST) | sort | awk -F':.*?## ' '{printf "  %-18s %s\n", $$1, $$2}'

run: setup train db ## Set up, train if needed, and serve the chat at http://127.0.0.1:$(PORT)/
	@echo "Starting the assistant and the chat at http://127.0.0.1:$(PORT)/ (Ctrl-C stops both)."
	@echo "The assistant takes about 40 s to load; /healthz says when it is ready."
	exec $(WEB)/bin/honcho --procfile deploy/Procfile --app-root . start --port $(PORT)

test: setup browser nginx train ## Set up and run every test, including the real trained assistant
	$(MAKE) lint
	$(MAKE) types
	$(MAKE) bot-validate
	$(WEB)/bin/python -m pytest
	@echo "The database tests again, on PostgreSQL:"
	TEST_DATABASE=postgresql $(WEB)/bin/python -m pytest -m db -q
	$(MAKE) bot-test

# Two Rasa servers, two web processes and nginx, sharing the local PostgreSQL and Redis.
SCALED_ENV := DATABASE_URL=$(SCALED_DATABASE_URL) \
  RASA_URLS=http://127.0.0.1:5005,http://127.0.0.1:5006 \
  SOCKETIO_MESSAGE_QUEUE=$(SCALED_REDIS_URL) RATELIMIT_STORAGE_URI=$(SCALED_REDIS_URL) \
  TRUSTED_PROXIES=1 RASA_ENDPOINTS=deploy/rasa-endpoints.yml RASA_DB_NAME=$(SCALED_RASA_DATABASE) \
  RASA_TRACKER_STORE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/$(SCALED_RASA_DATABASE) \
  NGINX_PORT=$(PORT) NGINX_PREFIX=.run/nginx

run-scaled: setup train nginx ## Serve the chat from two web and two Rasa processes behind nginx (PostgreSQL, Redis)
	$(WEB)/bin/python -m scripts.stack prepare-scaled $(SCALED_DATABASE_URL) \
	  postgresql://postgres@127.0.0.1:5432/$(SCALED_RASA_DATABASE) $(SCALED_REDIS_URL)
	env $(SCALED_ENV) scripts/prepare-db
	@echo "Starting two assistants, two web processes and nginx at http://127.0.0.1:$(PORT)/ (Ctrl-C stops them)."
	@echo "The assistants take about a minute to load; /healthz says when they are ready."
	exec env $(SCALED_ENV) $(WEB)/bin/honcho --procfile deploy/Procfile.scaled --app-root . start

test-unit: setup train-safety ## Only the tests that need no Rasa server
	$(WEB)/bin/python -m pytest -m "not rasa"

setup: $(STAMPS)/web $(STAMPS)/bot $(STAMPS)/npm assets translations fonts ## Install what is missing

$(STAMPS)/web: pyproject.toml
	@mkdir -p $(STAMPS)
	@$(PYTHON_WEB) -c 'import sys; assert sys.version_info >= (3, 11), "the web app needs Python 3.11+"'
	test -x $(WEB)/bin/python || $(PYTHON_WEB) -m venv $(WEB)
	$(WEB)/bin/pip install --quiet --upgrade pip
	$(WEB)/bin/pip install --quiet -e '.[dev]'
	touch $@

$(STAMPS)/bot: bot/requirements.txt
	@mkdir -p $(STAMPS)
	@test -n "$(PYTHON_BOT)" || { echo "Rasa 3.6 needs Python 3.10: install it (pyenv install 3.10.13)"; exit 1; }
	test -x $(BOT)/bin/python || $(PYTHON_BOT) -m venv $(BOT)
	$(BOT)/bin/pip install --quiet --upgrade 'pip<24.1'
	$(BOT)/bin/pip install --quiet -r bot/requirements.txt
	touch $@

browser: ## Debian's Chromium for the browser tests (Playwright drives it; nothing is downloaded)
	@command -v chromium >/dev/null || $(call apt_install,chromium)

nginx: ## Debian's nginx (and envsubst, which fills in its configuration): the reverse proxy in front of several web processes
	@{ command -v nginx && command -v envsubst; } >/dev/null || $(call apt_install,nginx gettext-base)

fonts: ## Debian's Noto fonts: the PDF leaflets embed them for every script
	@fc-list | grep -q "Noto Sans Gujarati" || $(call apt_install,fonts-noto-core)

$(STAMPS)/npm: package.json package-lock.json
	@mkdir -p $(STAMPS)
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: $(BUILD)/.built ## Build the stylesheet and copy front-end packages into static/build

$(BUILD)/.built: $(STAMPS)/npm $(ASSET_SOURCES)
	mkdir -p $(BUILD)/assets
	npx --no-install sass --no-source-map --style=compressed --load-path=node_modules \
	  webapp/static/src/main.scss $(BUILD)/main.css
	cp webapp/static/src/*.js $(BUILD)/
	cp node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.js $(BUILD)/
	cp node_modules/socket.io-client/dist/socket.io.esm.min.js $(BUILD)/
	cp -r node_modules/nhsuk-frontend/dist/nhsuk/assets/. $(BUILD)/assets/
	touch $@

translations: $(MO_FILES) ## Compile the gettext catalogs

translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po $(STAMPS)/web
	$(WEB)/bin/pybabel compile -d translations -l $*

train: $(STAMPS)/bot train-safety ## Train the assistant if bot/ changed (models are named by a hash of bot/)
	@scripts/train-bot >/dev/null

train-safety: $(STAMPS)/web ## Train the safety net's risk classifier if its corpus, lexicons or code changed
	@scripts/train-safety >/dev/null

db: $(STAMPS)/web ## Bring the database up to the latest migration
	$(WEB)/bin/flask db upgrade -d webapp/migrations

bot-validate: $(STAMPS)/bot ## Check the Rasa training data, domain and stories
	cd bot && RASA_TELEMETRY_ENABLED=false ../$(BOT)/bin/rasa data validate \
	  --domain domain --data data --config config.yml --fail-on-warnings

bot-test: train ## Rasa's own test stories against the trained model
	cd bot && RASA_TELEMETRY_ENABLED=false ../$(BOT)/bin/rasa test core \
	  --model ../$$(cd .. && scripts/train-bot) --stories tests --fail-on-prediction-errors \
	  --out results --no-plot

safety-eval: setup train ## Score the safety net on the held-out safety corpus and the dev set, with the bot up and stopped
	$(WEB)/bin/python -m scripts.safety_eval

evaluate: setup train ## Start the stack and score it on ../shared/eval/dev_eval.jsonl
	$(WEB)/bin/python scripts/evaluate.py

bench: setup train nginx ## Benchmark the real stack, one process and scaled, and write docs/benchmarks.md
	$(WEB)/bin/python scripts/bench.py
	$(WEB)/bin/python -m scripts.bench_safety

bench-scaled: setup train nginx ## Only the scaled rows of the benchmark (two web processes against one)
	$(WEB)/bin/python scripts/bench.py --scaled-only

lint: $(STAMPS)/web ## ruff check and format check, and that imports point down the layers
	$(WEB)/bin/ruff check .
	$(WEB)/bin/ruff format --check .
	$(WEB)/bin/python -m scripts.check_imports

format: $(STAMPS)/web ## Format the code with ruff
	$(WEB)/bin/ruff check --fix .
	$(WEB)/bin/ruff format .

types: $(STAMPS)/web ## mypy on the web app
	$(WEB)/bin/mypy webapp

clean: ## Remove environments, builds and models (the model cache in ~/.cache stays)
	rm -rf .venvs $(STAMPS) node_modules $(BUILD) bot/models bot/results .run
