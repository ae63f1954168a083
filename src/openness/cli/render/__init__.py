"""Renderers: pure functions from core results to text, one module per format."""
