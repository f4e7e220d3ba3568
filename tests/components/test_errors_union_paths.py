"""Field paths in ``ArgsError``: a value no member of a union accepts is one problem at the field,
with no member tag (``image``, not ``image.str``)."""

from __future__ import annotations

import pytest

from eventing_platform.errors import ArgsError
from eventing_platform.knative import KnativeServiceArgs


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"image": 123}, "KnativeServiceArgs.image"),
    ({"env": {"FOO": 1}}, "KnativeServiceArgs.env.FOO"),
    ({"env": {"str": 1}}, "KnativeServiceArgs.env.str"),
    ({"namespace": 5}, "KnativeServiceArgs.namespace"),
])
def test_a_union_field_is_reported_once_at_its_own_path(kwargs, field):
    with pytest.raises(ArgsError) as err:
        KnativeServiceArgs(**{"image": "registry.example.com/app:v1", "namespace": "apps", **kwargs})
    fields = [p.field for p in err.value.problems]
    assert fields == [field], fields
    assert not any(f.endswith((".str.str", ".FOO.str", "image.str")) for f in fields)
