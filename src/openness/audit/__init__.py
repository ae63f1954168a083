"""Audit a Hub listing: how open the whole Hub is, and which derivatives drop their bases' terms.

Owns ``openness hub audit``: the embedded engine (DuckDB, the default) in
``openness.audit.embedded``, the license side shared by every engine in
``openness.audit.licenses``, and the result in ``openness.audit.result``.
Entry point: ``openness.audit.embedded.audit_embedded``.
"""
