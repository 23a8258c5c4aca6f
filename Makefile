# OfficeBill: `make run` starts the program, `make test` checks the layers and lint, then runs the whole suite headless.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test lint screenshots bench dist clean

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

dist: $(STAMP)
	$(PY) -m pip install --quiet -e '.[dist]'
	$(PY) -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller installer/officebill.spec
	QT_QPA_PLATFORM=offscreen dist/OfficeBill/officebill --self-test
	du -sh dist/OfficeBill

clean:
	rm -rf $(VENV) build dist screenshots .pytest_cache .ruff_cache .import_linter_cache
