"""The environment variables openness reads, named in one place."""

KB_ENV = "OPENNESS_KB"
"""Folders of extra knowledge-base records, separated by ``os.pathsep``."""
ONLINE_ENV = "OPENNESS_ONLINE"
"""``1`` lets commands and the web app ask the Hugging Face Hub."""
