"""Per-phase figures: every phase of plan timed on the generated stack, per resource, and scaled."""

from __future__ import annotations

import pytest

from benchmarks import phases


def test_every_phase_is_measured_on_the_generated_stack() -> None:
    figures = phases.measure(2)
    assert figures["resources"] == 4 * 2 + 2
    assert all(figures[p] > 0 for p in phases.PHASES)
    assert figures["rss_growth_kib"] >= 0


def test_scaling_is_the_median_per_resource_at_the_largest_size_over_the_smallest(monkeypatch: pytest.MonkeyPatch) -> None:
    order: list[int] = []
    # Per resource: register flat; flow doubles; memory flat.
    cpu = {10: [42.0, 42.0, 420.0], 100: [402.0, 402.0, 402.0]}

    def fake(pairs: int) -> phases.PhaseSample:
        order.append(pairs)
        resources = 4 * pairs + 2
        scale = cpu[pairs][order.count(pairs) - 1] / resources
        return phases.PhaseSample(pairs, resources, {"register": scale * resources * 1e-6 * 100,
                                                     "flow": scale * resources * 1e-6 * (100 if pairs == 10 else 200),
                                                     "policies": 1e-3 * resources, "artefacts": 1e-3 * resources},
                                  resources * 48, 1024)

    monkeypatch.setattr(phases, "sample", fake)
    result = phases.scaling([10, 100], 3)
    assert order == [10, 100, 100, 10, 10, 100]
    assert result["ratio"] == {"register": 1.0, "flow": 2.0, "policies": 1.0, "artefacts": 1.0, "memory": 1.0}
    assert result["sizes"]["10"]["resources"] == 42 and result["ratio_of"] == "100/10 pairs"
