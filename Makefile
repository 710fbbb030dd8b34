# Two commands for a fresh machine (see README):
#   make run    install, build the index, serve the chat on http://127.0.0.1:7860
#   make test   install, lint, build the docs, run the tests and the eval gate
# make docs serves the documentation site (docs/, mkdocs.yml) on http://127.0.0.1:8000.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: install run test lint browser formats-tools servers evals bench docs docs-build

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

# MkDocs is pinned below 2 (pyproject.toml), so Material's notice about MkDocs 2 does not apply.
MKDOCS := NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs

# --strict: a broken link or anchor, or a page left out of the nav, fails the build.
docs-build: install
	$(MKDOCS) build --strict --clean --site-dir site

DOCS_ADDR ?= 127.0.0.1:8000
docs: install
	$(MKDOCS) serve --dev-addr $(DOCS_ADDR)

# The browser test drives Debian's Chromium (never a downloaded browser).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else echo "chromium is not installed: the browser tests will be skipped, and fail under CI=true (sudo apt-get install chromium)"; fi; }

# The database, cache and proxy tests run the real servers: Debian's redis-server and nginx,
# and PostgreSQL's initdb/postgres (the distribution's, when the machine has none).
# Installed without starting them: each test starts its own on a free loopback port.
servers:
	@missing=""; \
	command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || missing="$$missing redis-server"; \
	[ -x /usr/sbin/nginx ] || missing="$$missing nginx"; \
	[ -x /usr/local/bin/initdb ] || [ -x /usr/lib/postgresql/15/bin/initdb ] || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else echo "missing:$$missing: their tests will be skipped (sudo apt-get install$$missing)"; fi; fi

# Eval gates. Every gate requires citation validity 1.0, no unmarked claim and citation support
# 0.98; the other thresholds sit at or just under what each suite currently reaches (docs/evals.md,
# "Latest figures"), so a change that loses a case fails. When a suite gains, raise its gate to match.
# Main corpus, its held-out test split: decline precision and recall 1.0 as reached; hit@k, fact
# accuracy and keeps (answers keep what retrieval found) at 0.95, 0.92 and 0.95, below what it
# reaches: fact accuracy 0.92 and keeps 0.95 are the project's targets.
EVAL_GATE := --fail-under citation_validity=1.0 --fail-under unmarked=0 \
	--fail-under hit_at_k=0.95 --fail-under fact_accuracy=0.92 --fail-under citation_support=0.98 \
	--fail-under keeps_retrieved=0.95 \
	--fail-under decline_precision=1.0 --fail-under decline_recall=1.0
# Registered-nurse corpus, all its cases: pass rate, fact accuracy, keeps, decline precision and
# recall. A 0.90 pass rate is the project's target.
NURSE_GATE := --fail-under citation_validity=1.0 --fail-under unmarked=0 --fail-under citation_support=0.98 \
	--fail-under keeps_retrieved=0.99 \
	--fail-under pass_rate=0.99 --fail-under fact_accuracy=0.99 \
	--fail-under decline_precision=0.95 --fail-under decline_recall=0.94
# The other careers' corpora, development and check-only suites alike (see docs/evals.md): each is
# gated on its own pass rate and keeps, so a change that helps one suite and hurts another fails.
# The project's targets are a 0.90 pass rate (0.85 check-only) and keeps 0.95.
# (park-ranger's keeps fell from 0.904 to 0.893 on 2026-12-06 while its fact accuracy rose from 0.892 to
# 0.905: a general question now also reads the list nearest it in meaning, so more facts count as retrieved.
# interior-designer's, a check-only suite, fell from 0.897 to 0.867 the same way later that day: its answers
# keep the same facts (fact accuracy 0.803 before and after) while retrieval holds more (0.879 to 0.909).)
# (surgical-technologist's fell from 0.871 to 0.844 on 2026-12-07 the same way: fact accuracy 0.804 before
# and after, while retrieval holds more (0.912 to 0.941).)
CAREERS := electrician,dental-hygienist,chef,accountant,truck-driver,paralegal,career-hub,real-estate-agent,firefighter,graphic-designer,elementary-teacher,cosmetologist,librarian,air-traffic-controller,pharmacy-technician,park-ranger,dietitian,social-worker,sign-language-interpreter,veterinary-technician,actuary,urban-planner,wind-turbine-technician,environmental-scientist,radiologic-technologist,police-officer,interior-designer,welder,occupational-therapy-assistant,human-resources-specialist,paramedic,logistics-analyst,audio-engineer,heavy-equipment-operator,speech-language-pathologist,flight-attendant,court-reporter,funeral-director,video-game-designer,insurance-underwriter,museum-curator,carpenter,land-surveyor,respiratory-therapist,public-relations-specialist,hvac-technician,medical-laboratory-scientist,financial-planner,physician-assistant,event-planner,merchant-mariner,emergency-dispatcher,optician,landscape-architect,forensic-science-technician,massage-therapist,loan-officer,aircraft-mechanic,athletic-trainer,probation-officer,plumber,surgical-technologist,zookeeper,locksmith,audiologist,copywriter,elevator-mechanic,translator,commercial-pilot,phlebotomist,ironworker,customs-broker,sonographer,lineworker,meteorologist,machinist,school-counselor,web-developer,tax-preparer,solar-installer,medical-coder,arborist,claims-adjuster,biomedical-equipment-technician
CAREERS_GATE := --fail-under citation_validity=1.0 --fail-under unmarked=0 --fail-under citation_support=0.98 \
	--fail-under electrician:pass_rate=0.99 --fail-under dental-hygienist:pass_rate=0.97 \
	--fail-under chef:pass_rate=0.98 --fail-under accountant:pass_rate=0.97 \
	--fail-under truck-driver:pass_rate=0.975 --fail-under paralegal:pass_rate=0.98 \
	--fail-under career-hub:pass_rate=0.95 --fail-under career-hub:keeps_retrieved=0.97 \
	--fail-under real-estate-agent:pass_rate=0.89 --fail-under real-estate-agent:keeps_retrieved=0.94 \
	--fail-under firefighter:pass_rate=0.97 --fail-under graphic-designer:pass_rate=0.97 \
	--fail-under elementary-teacher:pass_rate=0.87 --fail-under cosmetologist:pass_rate=0.82 \
	--fail-under librarian:pass_rate=0.75 \
	--fail-under electrician:keeps_retrieved=0.98 --fail-under dental-hygienist:keeps_retrieved=0.97 \
	--fail-under chef:keeps_retrieved=0.98 --fail-under accountant:keeps_retrieved=0.96 \
	--fail-under truck-driver:keeps_retrieved=0.98 --fail-under paralegal:keeps_retrieved=1.00 \
	--fail-under firefighter:keeps_retrieved=0.97 --fail-under graphic-designer:keeps_retrieved=0.97 \
	--fail-under elementary-teacher:keeps_retrieved=0.90 --fail-under cosmetologist:keeps_retrieved=0.87 \
	--fail-under librarian:keeps_retrieved=0.84 \
	--fail-under air-traffic-controller:pass_rate=0.72 --fail-under air-traffic-controller:keeps_retrieved=0.78 \
	--fail-under pharmacy-technician:pass_rate=0.80 --fail-under pharmacy-technician:keeps_retrieved=0.86 \
	--fail-under dietitian:pass_rate=0.75 --fail-under dietitian:keeps_retrieved=0.83 \
	--fail-under social-worker:pass_rate=0.82 --fail-under social-worker:keeps_retrieved=0.93 \
	--fail-under sign-language-interpreter:pass_rate=0.80 \
	--fail-under sign-language-interpreter:keeps_retrieved=0.84 \
	--fail-under park-ranger:pass_rate=0.84 --fail-under park-ranger:keeps_retrieved=0.92 \
	--fail-under veterinary-technician:pass_rate=0.85 --fail-under veterinary-technician:keeps_retrieved=0.88 \
	--fail-under actuary:pass_rate=0.89 --fail-under actuary:keeps_retrieved=0.90 \
	--fail-under urban-planner:pass_rate=0.92 --fail-under urban-planner:keeps_retrieved=0.93 \
	--fail-under wind-turbine-technician:pass_rate=0.80 \
	--fail-under wind-turbine-technician:keeps_retrieved=0.84 \
	--fail-under environmental-scientist:pass_rate=0.87 --fail-under environmental-scientist:keeps_retrieved=0.89 \
	--fail-under radiologic-technologist:pass_rate=0.86 --fail-under radiologic-technologist:keeps_retrieved=0.92 \
	--fail-under police-officer:pass_rate=0.67 --fail-under police-officer:keeps_retrieved=0.78 \
	--fail-under interior-designer:pass_rate=0.77 --fail-under interior-designer:keeps_retrieved=0.86 \
	--fail-under welder:pass_rate=0.87 --fail-under welder:keeps_retrieved=0.90 \
	--fail-under occupational-therapy-assistant:pass_rate=0.84 \
	--fail-under occupational-therapy-assistant:keeps_retrieved=0.93 \
	--fail-under human-resources-specialist:pass_rate=0.78 \
	--fail-under human-resources-specialist:keeps_retrieved=0.82 \
	--fail-under paramedic:pass_rate=0.95 --fail-under paramedic:keeps_retrieved=1.00 \
	--fail-under logistics-analyst:pass_rate=0.95 --fail-under logistics-analyst:keeps_retrieved=0.93 \
	--fail-under audio-engineer:pass_rate=0.90 --fail-under audio-engineer:keeps_retrieved=0.88 \
	--fail-under heavy-equipment-operator:pass_rate=0.87 \
	--fail-under heavy-equipment-operator:keeps_retrieved=0.93 \
	--fail-under speech-language-pathologist:pass_rate=0.72 \
	--fail-under speech-language-pathologist:keeps_retrieved=0.76 \
	--fail-under flight-attendant:pass_rate=0.80 --fail-under flight-attendant:keeps_retrieved=0.81 \
	--fail-under court-reporter:pass_rate=0.82 --fail-under court-reporter:keeps_retrieved=0.90 \
	--fail-under funeral-director:pass_rate=0.82 --fail-under funeral-director:keeps_retrieved=0.83 \
	--fail-under video-game-designer:pass_rate=0.87 --fail-under video-game-designer:keeps_retrieved=0.93 \
	--fail-under insurance-underwriter:pass_rate=0.80 --fail-under insurance-underwriter:keeps_retrieved=0.81 \
	--fail-under museum-curator:pass_rate=0.75 --fail-under museum-curator:keeps_retrieved=0.88 \
	--fail-under carpenter:pass_rate=0.75 --fail-under carpenter:keeps_retrieved=0.85 \
	--fail-under land-surveyor:pass_rate=0.82 --fail-under land-surveyor:keeps_retrieved=0.90 \
	--fail-under respiratory-therapist:pass_rate=0.77 --fail-under respiratory-therapist:keeps_retrieved=0.89 \
	--fail-under public-relations-specialist:pass_rate=0.87 \
	--fail-under public-relations-specialist:keeps_retrieved=0.90 \
	--fail-under hvac-technician:pass_rate=0.87 --fail-under hvac-technician:keeps_retrieved=0.90 \
	--fail-under medical-laboratory-scientist:pass_rate=0.70 \
	--fail-under medical-laboratory-scientist:keeps_retrieved=0.75 \
	--fail-under financial-planner:pass_rate=0.77 --fail-under financial-planner:keeps_retrieved=0.78 \
	--fail-under physician-assistant:pass_rate=0.85 --fail-under physician-assistant:keeps_retrieved=0.93 \
	--fail-under event-planner:pass_rate=0.90 --fail-under event-planner:keeps_retrieved=0.96 \
	--fail-under merchant-mariner:pass_rate=0.77 --fail-under merchant-mariner:keeps_retrieved=0.88 \
	--fail-under emergency-dispatcher:pass_rate=0.82 --fail-under emergency-dispatcher:keeps_retrieved=0.81 \
	--fail-under optician:pass_rate=0.85 --fail-under optician:keeps_retrieved=0.84 \
	--fail-under landscape-architect:pass_rate=0.82 --fail-under landscape-architect:keeps_retrieved=0.87 \
	--fail-under forensic-science-technician:pass_rate=0.85 --fail-under forensic-science-technician:keeps_retrieved=0.87 \
	--fail-under massage-therapist:pass_rate=0.67 --fail-under massage-therapist:keeps_retrieved=0.76 \
	--fail-under loan-officer:pass_rate=0.85 --fail-under loan-officer:keeps_retrieved=0.84 \
	--fail-under aircraft-mechanic:pass_rate=0.72 --fail-under aircraft-mechanic:keeps_retrieved=0.76 \
	--fail-under athletic-trainer:pass_rate=0.82 --fail-under athletic-trainer:keeps_retrieved=0.84 \
	--fail-under probation-officer:pass_rate=0.72 --fail-under probation-officer:keeps_retrieved=0.83 \
	--fail-under plumber:pass_rate=0.75 --fail-under plumber:keeps_retrieved=0.80 \
	--fail-under surgical-technologist:pass_rate=0.85 --fail-under surgical-technologist:keeps_retrieved=0.87 \
	--fail-under zookeeper:pass_rate=0.80 --fail-under zookeeper:keeps_retrieved=0.80 \
	--fail-under locksmith:pass_rate=0.67 --fail-under locksmith:keeps_retrieved=0.70 \
	--fail-under audiologist:pass_rate=0.70 --fail-under audiologist:keeps_retrieved=0.85 \
	--fail-under copywriter:pass_rate=0.75 --fail-under copywriter:keeps_retrieved=0.86 \
	--fail-under elevator-mechanic:pass_rate=0.82 --fail-under elevator-mechanic:keeps_retrieved=0.84 \
	--fail-under translator:pass_rate=0.72 --fail-under translator:keeps_retrieved=0.75 \
	--fail-under commercial-pilot:pass_rate=0.87 --fail-under commercial-pilot:keeps_retrieved=0.87 \
	--fail-under phlebotomist:pass_rate=0.75 --fail-under phlebotomist:keeps_retrieved=0.87 \
	--fail-under ironworker:pass_rate=0.85 --fail-under ironworker:keeps_retrieved=0.87 \
	--fail-under customs-broker:pass_rate=0.70 --fail-under customs-broker:keeps_retrieved=0.76 \
	--fail-under sonographer:pass_rate=0.82 --fail-under sonographer:keeps_retrieved=0.81 \
	--fail-under lineworker:pass_rate=0.77 --fail-under lineworker:keeps_retrieved=0.87 \
	--fail-under meteorologist:pass_rate=0.85 --fail-under meteorologist:keeps_retrieved=0.84 \
	--fail-under machinist:pass_rate=0.87 --fail-under machinist:keeps_retrieved=0.84 \
	--fail-under school-counselor:pass_rate=0.90 --fail-under school-counselor:keeps_retrieved=0.93 \
	--fail-under web-developer:pass_rate=0.72 --fail-under web-developer:keeps_retrieved=0.71 \
	--fail-under tax-preparer:pass_rate=0.70 --fail-under tax-preparer:keeps_retrieved=0.74 \
	--fail-under solar-installer:pass_rate=0.72 --fail-under solar-installer:keeps_retrieved=0.89 \
	--fail-under medical-coder:pass_rate=0.77 --fail-under medical-coder:keeps_retrieved=0.80 \
	--fail-under arborist:pass_rate=0.72 --fail-under arborist:keeps_retrieved=0.78 \
	--fail-under claims-adjuster:pass_rate=0.72 --fail-under claims-adjuster:keeps_retrieved=0.77 \
	--fail-under biomedical-equipment-technician:pass_rate=0.55 --fail-under biomedical-equipment-technician:keeps_retrieved=0.56

# The tests make PDFs and Word files with Debian's Chromium and pandoc, as
# corpora/registered-nurse-mixed/build.py does; without them those tests are skipped.
formats-tools: browser
	@command -v pandoc >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq pandoc >/dev/null; \
	  else echo "pandoc is not installed: the Word-file tests will be skipped (sudo apt-get install pandoc)"; fi; }

# The mixed-format copy of the registered-nurse corpus (PDF, Word, web pages, Markdown, text)
# must pass the same golden set within 0.02 of the Markdown corpus's pass rate.
MIXED_GATE := --within registered-nurse-mixed=registered-nurse:0.02

# The machine has two cores (CI's too): the tests run in two processes, whole test files to
# each (pytest-xdist; tests/conftest.py says what they share), and the evals two suites at once.
JOBS ?= 2

evals: install
	$(PY) -m evals --suite main --split test --quiet $(EVAL_GATE)
	$(PY) -m evals --suite registered-nurse,registered-nurse-mixed --quiet --jobs $(JOBS) $(NURSE_GATE) $(MIXED_GATE)
	$(PY) -m evals --suite $(CAREERS) --quiet --jobs $(JOBS) $(CAREERS_GATE)

test: install formats-tools servers lint docs-build
	$(PY) -m pytest -n $(JOBS) --dist loadfile
	$(PY) -m evals --suite main --split test --quiet $(EVAL_GATE)
	$(PY) -m evals --suite registered-nurse,registered-nurse-mixed --quiet --jobs $(JOBS) $(NURSE_GATE) $(MIXED_GATE)
	$(PY) -m evals --suite $(CAREERS) --quiet --jobs $(JOBS) $(CAREERS_GATE)

bench: install
	$(PY) -m advisor bench
