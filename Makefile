# `make run` opens AcuViewer; `make test` runs the linters, the type checker and the whole test suite.
# Both set everything up first (scripts/setup.sh) when pyproject.toml changed or .venv is missing.
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench catalogue clean

$(STAMP): pyproject.toml setup.py scripts/setup.sh
	bash scripts/setup.sh

run: $(STAMP)
	$(BIN)/acuviewer gui

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest

catalogue: $(STAMP)
	$(BIN)/acuviewer build-db

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/run.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/render.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/viewer.py
	$(BIN)/python benchmarks/planner.py
	$(BIN)/python benchmarks/study.py

clean:
	rm -rf $(VENV) build dist *.egg-info acuviewer/data/catalogue.sqlite
