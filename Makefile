# 성능개선 기법 — commands. `make test` is what CI runs.
# Every target runs `python3 tasks.py <target>`: the same steps as `python tasks.py <target>` without make
# (Windows: `py tasks.py <target>`). tasks.py says what each one does; `python3 tasks.py --dry-run test` lists them.
PYTHON ?= python3
TASKS  := $(PYTHON) tasks.py

.PHONY: setup test unit lint notebooks course lab bench book lock clean

setup test unit lint notebooks course lab book clean:
	$(TASKS) $@

# BENCH_ARGS="--models small bn --epochs 2" for a quick run; the default is all four models, 1 epoch
bench:
	$(TASKS) bench $(BENCH_ARGS)

# LOCK_ARGS="--upgrade" for the newest versions (other arguments also go to `uv pip compile`), "--check" to verify
# the lock against pyproject.toml, "--check-wheels" to ask the package index for every platform and Python (minutes)
lock:
	$(TASKS) lock $(LOCK_ARGS)
