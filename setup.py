"""Packaging hook: the wheel's package list and where each part of ``eventing_platform`` lives.

The installed package ``eventing_platform`` is assembled from top-level folders of this
repository, each holding one part of it (the README's "Layout" says what each does):

    components/ -> eventing_platform            (its domains .knative, .kubernetes, .alicloud, .gcp; .provider)
    kinds/      -> eventing_platform.kinds
    events/     -> eventing_platform.events
    engine/     -> eventing_platform.engine
    analysis/   -> eventing_platform.analysis
    rules/      -> eventing_platform.rules
    cli/        -> eventing_platform.cli

setuptools cannot discover packages under renamed directories by itself, so every package below
each folder (any directory with an ``__init__.py``) is listed here; a new module or subpackage
is picked up without editing anything. ``tests/packaging/test_wheel_consumer.py`` checks the
built wheel holds every module.
"""

from setuptools import find_packages, setup

PARTS = {
    "eventing_platform": "components",
    "eventing_platform.kinds": "kinds",
    "eventing_platform.events": "events",
    "eventing_platform.engine": "engine",
    "eventing_platform.analysis": "analysis",
    "eventing_platform.rules": "rules",
    "eventing_platform.cli": "cli",
}
"""Import name of each part -> the folder it lives in (a literal: tests read it with ``ast``)."""

packages = [name for name in PARTS]
for name, folder in PARTS.items():
    packages += [f"{name}.{sub}" for sub in find_packages(folder)]

setup(packages=packages, package_dir=PARTS)
