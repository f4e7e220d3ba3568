"""``python -m eventing_platform``: the ``eventing-platform`` command (see :mod:`eventing_platform.cli.console`)."""

from eventing_platform.cli.entry import main

if __name__ == "__main__":  # importing the module (e.g. walking the package) runs nothing
    main()
