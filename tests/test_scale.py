"""Scale-out with Dask: a real LocalCluster of worker processes gives the same records and the same store."""

from __future__ import annotations

import pytest

from conftest import REPO, run_cli, shared_path
from dateline import pipeline, scale, store
from dateline.errors import DatelineError, UsageError


@pytest.fixture(scope="module")
def client():
    with scale.cluster(workers=2) as c:
        yield c


def _inputs() -> list[str]:
    bbc = sorted(shared_path("corpus", "bbc_news_2225", "bbc", "politics").glob("*.txt"))[:14]
    return [str(REPO / "samples" / "news_sample.txt"), str(shared_path("seed", "news_dump.txt")), *map(str, bbc)]


def test_records_come_back_complete_and_in_input_order(client):
    inputs = [*_inputs(), str(REPO / "no-such-file.txt")]
    local = [a.to_dict() if not isinstance(a, DatelineError) else a.render()
             for a in pipeline.run(inputs, enrich=True)]
    spread = [a.to_dict() if not isinstance(a, DatelineError) else a.render()
              for a in scale.run_distributed(inputs, client, batch=3)]  # 7 batches, several in flight
    assert len(local) == len(spread) >= 20
    assert [r for r in spread if isinstance(r, str)] == [r for r in local if isinstance(r, str)]
    assert [r for r in spread if not isinstance(r, str)] == [r for r in local if not isinstance(r, str)]
    assert len(client.scheduler_info()["workers"]) == 2


def test_a_store_filled_by_workers_equals_one_filled_by_one_process(client, tmp_path):
    inputs = _inputs()
    with store.open_store(tmp_path / "one.db") as one, store.open_store(tmp_path / "many.db") as many:
        one.ingest(inputs, batch_size=4)
        stats = many.ingest(inputs, batch_size=4, client=client)
        assert stats.articles_new == stats.articles_seen >= 19
        assert one.dump() == many.dump()


def test_cli_workers_and_bad_scheduler(tmp_path):
    db = tmp_path / "news.db"
    ok = run_cli("ingest", str(REPO / "samples" / "news_sample.txt"), "--db", str(db), "--workers", "2")
    assert ok.returncode == 0, ok.stderr
    assert "3 new of 3 articles" in ok.stderr
    with pytest.raises(UsageError, match="cannot reach the Dask scheduler"):
        with scale.cluster(scheduler="tcp://127.0.0.1:9", timeout="2s"):
            pass
    bad = run_cli("ingest", str(REPO / "samples" / "news_sample.txt"), "--db", str(db), "--workers", "0")
    assert bad.returncode == 2 and "--workers must be at least 1" in bad.stderr
