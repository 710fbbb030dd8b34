# Two commands for a fresh machine (see README):
#   make run    install, build the index, serve the chat on http://127.0.0.1:7860
#   make test   install, lint, run the tests and the eval gate
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: install run test lint browser evals bench

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

run: install
	$(PY) app.py

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# The browser test drives Debian's Chromium (never a downloaded browser).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else echo "chromium is not installed: the browser tests will be skipped, and fail under CI=true (sudo apt-get install chromium)"; fi; }

# Thresholds sit just under what the advisor reaches, so a regression fails.
# Shipped corpus, test split (hybrid, measured 2026-11-25): 70/75 passed, hit@k 1.0, fact 0.93,
# support 1.0, decline precision and recall 1.0. Fact accuracy 0.92 is the project's target.
EVAL_GATE := --fail-under citation_validity=1.0 --fail-under unmarked=0 \
	--fail-under hit_at_k=0.95 --fail-under fact_accuracy=0.92 --fail-under citation_support=0.98 \
	--fail-under decline_precision=1.0 --fail-under decline_recall=1.0
# Second corpus (registered nurse), all 56 cases (measured 2026-11-25): pass rate 0.964, fact 0.99,
# decline precision 1.0, recall 0.875. A 0.90 pass rate is the project's target.
NURSE_GATE := --fail-under citation_validity=1.0 --fail-under unmarked=0 --fail-under citation_support=0.98 \
	--fail-under pass_rate=0.90 --fail-under fact_accuracy=0.95 \
	--fail-under decline_precision=1.0 --fail-under decline_recall=0.85

evals: install
	$(PY) -m evals --suite main --split test --quiet $(EVAL_GATE)
	$(PY) -m evals --suite registered-nurse --quiet $(NURSE_GATE)

test: install browser lint
	$(PY) -m pytest
	$(PY) -m evals --suite main --split test --quiet $(EVAL_GATE)
	$(PY) -m evals --suite registered-nurse --quiet $(NURSE_GATE)

bench: install
	$(PY) -m advisor bench
