# Set-up for a fresh Debian/Ubuntu machine with Python 3.11: `make run`, `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PYBABEL := $(VENV)/bin/pybabel
STAMP := $(VENV)/.installed

.PHONY: run test test-fast translations extract _extract compile e2e-deps clean

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

MO_FILES := $(foreach lang,vi en,$(foreach domain,messages fab,translations/$(lang)/LC_MESSAGES/$(domain).mo))

# Only what changed is compiled: two test runs side by side never rewrite a
# catalog the other is reading.
compile: $(STAMP) $(MO_FILES)

translations/%.mo: translations/%.po $(STAMP)
	$(PYBABEL) compile --use-fuzzy -l $(word 2,$(subst /, ,$@)) -i $< -o $@

run: compile
	$(PY) run.py

# PYTEST_ARGS narrows a run, e.g. make test PYTEST_ARGS="tests/unit -x".
test: compile
	$(PY) -m pytest -q $(PYTEST_ARGS)

# Refresh the catalog of our own strings after changing app/ (then translate
# the new entries in translations/vi/LC_MESSAGES/messages.po; English is filled).
# Holds translations/.lock like tools/po_set.py, so both can run at once.
extract: $(STAMP)
	flock translations/.lock $(MAKE) --no-print-directory _extract

_extract:
	$(PYBABEL) extract -F babel.cfg -k N_ -k _l -k lazy_gettext -k ngettext:1,2 \
	    --no-location --sort-output -o translations/messages.pot .
	$(PYBABEL) update -i translations/messages.pot -d translations -D messages --no-fuzzy-matching --ignore-obsolete
	$(PY) tools/po_fill_fab.py vi
	$(PY) tools/po_fill_en.py translations/en/LC_MESSAGES/messages.po

clean:
	rm -rf $(VENV) instance
