"""The pack benchmark's transport floor: pulumi-policy's server for the same policies, answering nothing."""

from __future__ import annotations

from benchmarks.pack_grpc import floor_pack
from eventing_platform.rules.registry import RULES
from tests.policies.pack_client import PackProcess
from tests.rules.cases import SEED_CASES


def test_the_floor_pack_declares_the_packs_policies_and_reports_nothing(tmp_path):
    pack = PackProcess({"eventing-platform:stage": "prod"}, pack_dir=floor_pack(tmp_path / "floor"))
    try:
        assert [p.name for p in pack.info.policies] == [r.id for r in RULES]
        assert pack.analyze_all([r for seed in SEED_CASES for r in seed.resources]) == []
    finally:
        errors = pack.stderr_text()
        pack.close()
    assert "Traceback" not in errors, errors
