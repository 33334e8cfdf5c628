# The two commands of the README. Both create .venv when it is missing and
# (re)install the project into it whenever pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
IMPL ?= stdlib
PROFILE ?= default
WORKERS ?= 2

.PHONY: conformance test bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## make conformance: the suite against the stdlib, report in reports/$(IMPL).json
conformance: $(STAMP)
	mkdir -p reports
	$(BIN)/socketserver-conformance run --impl=$(IMPL) --conformance-profile=$(PROFILE) \
		-n $(WORKERS) --conformance-report=reports/$(IMPL).json

## make test: the project's own tests (mutants included), then quick conformance passes against
## the stdlib and our clean-room reference (two independent implementations of one contract)
test: $(STAMP)
	$(BIN)/python -m pytest tests -n $(WORKERS)
	$(BIN)/socketserver-conformance run --impl=stdlib --conformance-profile=quick -n $(WORKERS) \
		--conformance-report=reports/stdlib-quick.json
	$(BIN)/socketserver-conformance run --impl=reference --conformance-profile=quick -n $(WORKERS) \
		--conformance-report=reports/reference-quick.json

bench: $(STAMP)
	$(BIN)/python bench/wall_time.py

clean:
	rm -rf $(VENV) reports .hypothesis *.egg-info
