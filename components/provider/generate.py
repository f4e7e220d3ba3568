"""Write the component provider's adapters from the components' args models.

    python -m eventing_platform.provider.generate           # rewrite eventing_platform/provider/adapters/
    python -m eventing_platform.provider.generate --check   # exit 1 when they are out of date

For every public component of ``eventing_platform.kubernetes``, ``.knative``, ``.alicloud`` and
``.gcp`` (a class its ``__all__`` exports that subclasses ``Component`` and has a ``TYPE``), the
adapter modules (``adapters/``) get:

- ``<Component>Args``: a ``TypedDict`` of the args model's fields, each ``pulumi.Input[X]`` where
  the model takes an Input, ``NotRequired`` where it has a default, its docstring after it;
- per nested args model a ``TypedDict`` of the same name (:data:`.naming.TYPE_NAMES` renames the ones
  whose names clash); per ``Literal`` field an ``Enum`` named ``<Owner><Field>``; per union of
  models one ``TypedDict`` holding the fields of all of them; a model in
  :data:`~.model_types.JSON_FORMS` is ``Any`` (its JSON form);
- ``<Component>``: a ``pulumi.ComponentResource`` with the component's docstring, a class-level
  ``pulumi.Output[T]`` per output the component registers (:mod:`.outputs`) and an ``__init__``
  that builds the component (:func:`.adapter.build`).

The adapter modules mirror the package's: a type is written into the module mirroring its
model's (``eventing_platform.knative.destination.Destination`` ->
``eventing_platform.provider.adapters.knative.destination.Destination``), an adapter into the one
mirroring its component's, an enum or merged type beside the type holding the field. Everything
is plain source the SDK's analyzer reads (no ``from __future__ import annotations``, no unions,
``Literal`` or ``Annotated``), so the schema's descriptions are these docstrings.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .writer import AdapterWriter

ADAPTERS_DIR = Path(__file__).resolve().parent / "adapters"


def stale_files(files: dict[str, str], folder: Path = ADAPTERS_DIR) -> list[str]:
    """The files under ``folder`` that differ from ``files`` (or are missing or extra)."""
    present = {str(p.relative_to(folder)) for p in folder.rglob("*.py")}
    differ = [n for n, text in files.items() if not (folder / n).is_file() or (folder / n).read_text() != text]
    return sorted(set(differ) | (present - set(files)))


def main(argv: Sequence[str] | None = None) -> int:
    """Write (or with ``--check``, compare) the adapter modules; 1 when ``--check`` finds them stale."""
    parser = argparse.ArgumentParser(prog="python -m eventing_platform.provider.generate", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 when the adapters differ from the args models")
    options = parser.parse_args(argv)
    files = AdapterWriter().write_all()
    stale = stale_files(files)
    if options.check:
        for name in stale:
            print(f"error: {ADAPTERS_DIR / name} is out of date; run python -m eventing_platform.provider.generate", file=sys.stderr)
        return 1 if stale else 0
    for name in stale:
        path = ADAPTERS_DIR / name
        if name in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(files[name])
        else:
            path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
