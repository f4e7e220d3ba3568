"""``python -m eventing_platform``: the ``eventing-platform`` command (see :mod:`eventing_platform.cli.console`)."""

from eventing_platform.cli.entry import main

main()
