"""The benchmark of ``python -m stacks plan`` against an honest floor (see ``bench.py``)."""
