"""The command line of the offline engine: ``list``, ``plan``, ``route`` and ``schema`` on a project's stacks."""
