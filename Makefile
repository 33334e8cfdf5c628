# The two commands of the README. Both create .venv when it is missing and
# (re)install the project into it whenever pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
IMPL ?= stdlib
PROFILE ?= default
WORKERS ?= 2

.PHONY: conformance test other-python matrix report bench clean

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
# The two quick runs come first, so that tests/test_report_schema.py validates their reports.
test: $(STAMP)
	$(BIN)/socketserver-conformance run --impl=stdlib --conformance-profile=quick -n $(WORKERS) \
		--conformance-report=reports/stdlib-quick.json
	$(BIN)/socketserver-conformance run --impl=reference --conformance-profile=quick -n $(WORKERS) \
		--conformance-report=reports/reference-quick.json
	$(BIN)/python -m pytest tests -n $(WORKERS)

## make other-python: the quick suite under one more interpreter (CI's second), in its own venv
## made by nox; an interpreter that is missing is reported as skipped
OTHER ?= 3.12
other-python: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[matrix]'
	$(BIN)/nox -f noxfile.py -s "stdlib($(OTHER))"

## make matrix: every interpreter on the machine against its own stdlib and contract, the
## 3.6-3.8 module files, and one table (nox; reports in reports/matrix/)
matrix: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[matrix]'
	$(BIN)/nox -f noxfile.py

## make report: one HTML page over every report present (reports/matrix/*.json, written by
## make matrix, and reports/*.json), in reports/index.html
report: $(STAMP)
	mkdir -p reports/matrix
	$(BIN)/socketserver-conformance matrix reports/matrix reports -o reports/index.html

bench: $(STAMP)
	$(BIN)/python bench/wall_time.py

clean:
	rm -rf $(VENV) reports .hypothesis .nox *.egg-info
