# OfficeBill: `make run` starts the program, `make test` checks the layers and lint, then runs the whole suite headless.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test lint screenshots bench dist tarball lock clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/officebill

# The layer contracts and ruff's rules are in pyproject.toml ([tool.importlinter], [tool.ruff]).
lint: $(STAMP)
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check .

test: lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m officebill.gui.screenshots screenshots

bench: $(STAMP)
	$(PY) bench/code_search.py

# The bundle is built apart from .venv: with Python 3.12+ (installer/dist_python.sh finds one) and exactly
# the releases in the hashed lock file, so two builds a week apart ship the same libraries.
DIST_VENV := build/dist-venv
DIST_PY   := $(DIST_VENV)/bin/python
DIST_LOCK := installer/requirements-dist.lock

$(DIST_VENV)/.lock-stamp: $(DIST_LOCK) installer/dist_python.sh
	rm -rf $(DIST_VENV)
	"$$(installer/dist_python.sh)" -m venv $(DIST_VENV)
	$(DIST_PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r $(DIST_LOCK)
	touch $@

# dist/OfficeBill/: build (nice: the build machine is shared), fail on a library the build machine lacks
# (the spec checks), then the bundle's own self-test offscreen.
dist: $(DIST_VENV)/.lock-stamp
	nice $(DIST_PY) -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller installer/officebill.spec
	QT_QPA_PLATFORM=offscreen dist/OfficeBill/officebill --self-test
	du -sh dist/OfficeBill

# dist/OfficeBill-VERSION-linux-x86_64.tar.zst: the bundle, desktop entry, icons, install.sh and uninstall.sh.
tarball: dist
	installer/make_tarball.sh dist/OfficeBill dist

# Re-pin the lock from pyproject.toml's ranges (needs uv: `pip install uv`); then `make dist` and read the self-test.
UV ?= uv
lock:
	$(UV) pip compile pyproject.toml --extra dist --generate-hashes --universal --python-version 3.12 \
	  --no-header --quiet -o $(DIST_LOCK).new
	{ sed -n '/^# /p' $(DIST_LOCK) | sed -n '1,3p'; cat $(DIST_LOCK).new; } > $(DIST_LOCK) && rm $(DIST_LOCK).new

clean:
	rm -rf $(VENV) build dist screenshots .pytest_cache .ruff_cache .import_linter_cache
