"""Packaging hook: the wheel's package list, found from the ``components/`` tree.

``pyproject.toml`` maps ``components/`` to the import name ``eventing_platform``
(``package-dir``); setuptools cannot discover packages under a renamed directory by itself, so
every package below ``components/`` (any directory with an ``__init__.py``) is listed here as
``eventing_platform.<subpackage>``. A new domain is picked up without editing anything;
``tests/packaging/test_wheel_consumer.py`` checks the built wheel holds every module.
"""

from setuptools import find_packages, setup

SOURCE_DIR = "components"
IMPORT_NAME = "eventing_platform"

setup(packages=[IMPORT_NAME, *(f"{IMPORT_NAME}.{name}" for name in find_packages(SOURCE_DIR))])
