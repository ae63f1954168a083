"""Scan a code base, a model folder or a file: which models it uses, their risks, the gate.

This package combines sources (code references, local folders, the Hub),
the assessment and the policy; it renders nothing. Entry point: ``scan_path``
in ``openness.scan.run``; the result types are in ``openness.scan.result``.
"""
