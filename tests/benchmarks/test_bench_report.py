"""The report: targets judged from the measured sections, text and JSON, --check's exit code."""

from __future__ import annotations

import json

import pytest

from benchmarks import bench


def _spread(median: float) -> dict[str, float]:
    return {"min": median * 0.9, "median": median, "max": median * 1.1}


def _comparison(ratio: float) -> dict[str, object]:
    return {"subject_cpu_s": _spread(ratio), "baseline_cpu_s": _spread(1.0), "ratio": _spread(ratio), "pairs": 3,
            "subject_peak_rss_mib": 100.0, "baseline_peak_rss_mib": 80.0}


def _data(stack_ratio: float = 1.2, all_ratio: float = 1.05, flow_ratio: float = 1.1, pack_ratio: float = 1.5,
          extra: tuple[str, ...] = ()) -> dict[str, object]:
    sizes = {str(n): {"resources": 4 * n + 2, "us_per_resource": {p: _spread(100.0) for p in bench.phases.PHASES},
                      "rss_growth_kib_per_resource": _spread(48.0), "total_cpu_s": _spread(1.0), "peak_rss_mib": 100.0}
             for n in (200, 5000)}
    return {
        "stacks": {"stacks": {"k8s-events": {"resources": 18, **_comparison(stack_ratio)}}, "all_stacks": _comparison(all_ratio)},
        "phases": {"pair": "pair", "sizes": sizes, "rounds": 1, "ratio_of": "5000/200 pairs",
                   "ratio": {"register": 1.0, "flow": flow_ratio, "policies": 1.0, "artefacts": 1.0, "memory": 1.0}},
        "pack": {"pack_start_cpu_s": 0.7, "wide": {"resources": 1, "pack_cpu_s": _spread(2.0), "client_cpu_s": _spread(1.0),
                                                   "in_memory_cpu_s": _spread(1.0), "ratio": _spread(pack_ratio), "rounds": 1,
                                                   "transport_floor_cpu_s": _spread(0.5), "pack_work_ratio": _spread(1.5)}},
        "imports": {"commands": {"list": {"loaded": list(extra), "used": [], "extra": list(extra)},
                                 "plan k8s-events": {"loaded": ["pulumi_kubernetes"], "used": ["pulumi_kubernetes"], "extra": []}},
                    "cpu_s": {"bare": _spread(0.02)}, "import_cpu_s_over_bare": {"pulumi": _spread(0.3)}},
        "experiments": {"collector_off_in_the_process": _comparison(0.93)},
    }


@pytest.mark.parametrize(("changes", "missed"), [
    ({}, []),
    ({"stack_ratio": 1.3}, ["plan k8s-events / floor"]),
    ({"all_ratio": 1.2}, ["plan all stacks / floor"]),
    ({"flow_ratio": 8.8}, ["flow per resource, 5000/200 pairs"]),
    ({"pack_ratio": 10.0}, ["policy pack gRPC / in memory, wide"]),
    ({"extra": ("pulumi_alicloud",)}, ["list: cloud SDKs loaded"]),
])
def test_each_target_is_judged_against_its_limit(changes: dict[str, object], missed: list[str]) -> None:
    judged = bench.targets(_data(**changes))
    assert [t.name for t in judged if not t.met] == missed
    assert len(judged) == 2 + 5 + 1 + 2


@pytest.mark.parametrize(("flags", "ratio", "code"), [([], 1.3, 0), (["--check"], 1.2, 0), (["--check"], 1.3, 1)])
def test_check_exits_1_only_when_a_target_is_missed(monkeypatch, capsys, flags: list[str], ratio: float, code: int) -> None:
    def fake_run(settings: bench.Settings, sections: tuple[str, ...]) -> dict[str, object]:
        data = _data(stack_ratio=ratio)
        judged = bench.targets(data)
        return {**data, "targets": [t.as_json() for t in judged], "targets_met": all(t.met for t in judged),
                "about": {"mode": "quick", "bench_wall_s": 1.0, "python": "3", "pulumi": "3"}}

    monkeypatch.setattr(bench, "run", fake_run)
    assert bench.main(["--quick", *flags]) == code
    text = capsys.readouterr().out
    assert "plan vs floor" in text and "per-phase cost" in text and "gRPC" in text and "collector off" in text
    assert "transport floor" in text
    assert ("MISSED plan k8s-events / floor" in text) == (ratio > 1.25)


def test_json_output_is_one_object(monkeypatch, capsys) -> None:
    monkeypatch.setattr(bench, "run", lambda settings, sections: {**_data(), "targets": [], "targets_met": True, "about": {}})
    assert bench.main(["--json"]) == 0
    assert json.loads(capsys.readouterr().out)["targets_met"] is True


def test_unknown_sections_are_refused() -> None:
    with pytest.raises(SystemExit) as exit_info:
        bench.main(["--only", "stacks,nope"])
    assert exit_info.value.code == 2


def test_an_unmeasured_target_reads_n_a_not_missed_and_fails_check() -> None:
    data = _data()
    data["phases"]["ratio"]["memory"] = None  # type: ignore[index]  # no RSS growth to compare at small sizes
    judged = bench.targets(data)
    text = bench.text_report({**data, "targets": [t.as_json() for t in judged], "targets_met": all(t.met for t in judged),
                              "about": {"mode": "quick", "bench_wall_s": 1.0, "python": "3", "pulumi": "3"}})
    assert "n/a    memory per resource, 5000/200 pairs: n/a" in text
    assert "MISSED" not in text
    assert not all(t.met for t in judged)  # --check still refuses an unjudged target
