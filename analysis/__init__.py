"""Checks on a planned stack: findings, the event flow (graph, routes, loops, diagram) and the check registry."""
