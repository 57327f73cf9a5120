# Developer shortcuts. `just` is optional: every recipe is a plain command you can paste.

venv := ".venv/bin"

# Create the virtual environment and install chartgen with its test dependencies.
install:
    python3 -m venv .venv
    {{venv}}/pip install -e '.[test]'

# The full test suite (the README's command).
test:
    {{venv}}/python -m pytest -q

# Lint and type-check.
lint:
    {{venv}}/ruff check chartgen tests bench
    {{venv}}/mypy

# Cold-start and batch benchmarks against check-jsonschema.
bench:
    {{venv}}/python bench/run.py

# Everything CI runs, from a clean state.
ci:
    .ci/run

# Render the example values (the main job).
render:
    {{venv}}/chartgen render values.example.yaml
