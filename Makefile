# 성능개선 기법 — commands. `make test` is what CI runs.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# nbval: smoke mode, a cell timeout, kernel from this venv; IPYKERNEL_CELL_NAME keeps temp paths out of warnings
NBVAL  := COURSE_SMOKE=1 IPYKERNEL_CELL_NAME='<IPY-INPUT>' $(PY) -m pytest --nbval-lax --nbval-current-env --nbval-cell-timeout=600

.PHONY: setup test unit notebooks course lab bench clean

setup: $(STAMP)

$(STAMP): requirements-lock.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements-lock.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

test: $(STAMP)
	$(PY) -m pytest tests
	@if ls notebooks/*.ipynb >/dev/null 2>&1; then $(NBVAL) notebooks; fi

unit: $(STAMP)
	$(PY) -m pytest tests

notebooks: $(STAMP)
	$(NBVAL) notebooks

course: $(STAMP)
	env -u COURSE_SMOKE $(PY) -m course_lib.course

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks

# BENCH_ARGS="--models small bn --epochs 2" for a quick run; the default is all four models, 1 epoch
bench: $(STAMP)
	env -u COURSE_SMOKE $(PY) benchmarks/bench_fit.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache
