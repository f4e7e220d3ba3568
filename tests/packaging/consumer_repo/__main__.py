"""The consumer's Pulumi program (project ``shop``): everything is in :mod:`shop`."""

from shop import build

build()
