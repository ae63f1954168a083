"""One module per ``openness`` command; ``openness.cli.app`` imports only the one that runs."""
