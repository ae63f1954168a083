"""The command-line interface: parse input, call the core, render, exit.

The only code in openness that prints or exits. ``main`` is the console
script; commands live in ``openness.cli.app``.
"""

from __future__ import annotations


def main() -> None:
    """Run the ``openness`` command."""
    from openness.cli.app import run

    run()
