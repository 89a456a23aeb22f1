"""Preflight: a show checked against each destination's platform rules before it starts.

Rules come from ``resources/platforms.json`` (:mod:`studio.settings.platforms`); each problem
is one line a host can act on, with a one-click fix where one exists. The network checks (a
test connection, an upload probe) and relay mode live beside the rules, in their own modules.
"""
