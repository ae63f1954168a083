"""Run the command-line interface: ``python -m openness``."""

from __future__ import annotations

from openness.cli import main

main()
