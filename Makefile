# Developer shortcuts. `make check` is what CI runs; `make fix` repairs what it can.
.PHONY: check fix test update-data bench

check:
	./scripts/test

test:
	python3 -m pytest

fix:
	python3 -m ruff format src tests scripts benchmarks
	python3 -m ruff check --fix src tests scripts benchmarks
	python3 scripts/build_index.py

update-data:
	python3 scripts/build_index.py

bench:
	python3 benchmarks/cli_startup.py
