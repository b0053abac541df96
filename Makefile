# The two commands in README.md: `make run` and `make test`. Both prepare everything first.
.PHONY: run test bench lint

run:
	scripts/bootstrap.sh run
	scripts/run-app.sh

test:
	scripts/bootstrap.sh test
	.venv/bin/ruff check softphone tests bench
	.venv/bin/mypy
	.venv/bin/python -m pytest

bench:
	scripts/bootstrap.sh test
	.venv/bin/python -m bench

lint:
	.venv/bin/ruff check softphone tests bench
	.venv/bin/mypy
