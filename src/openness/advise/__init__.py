"""Closed API or self-hosted open model: the advisor and its cost model.

``estimate`` computes what self-hosting a model takes (memory, throughput,
latency, cost); ``prices`` wraps API prices; ``advisor`` turns a requirements
profile into a recommendation with reasons, a license-safe shortlist and the
break-even volume.
"""
