"""Scale-out with Dask: the annotating half of the pipeline on a cluster's workers.

Reading and cleaning are cheap (hundreds of articles a second on one core), annotation is not (a few
articles a second). So this process reads and cleans as usual, groups the clean articles into batches and
sends each batch to a Dask worker, which runs ``dateline.enrich.enrich_batch`` (each worker process loads
the spaCy model once and keeps it). Results come back **in input order**, so a store filled this way is
identical to one filled by a single process.

``cluster(workers=N)`` starts a ``LocalCluster`` of N single-threaded worker processes on this machine;
``cluster(scheduler="tcp://host:8786")`` connects to a running scheduler whose workers have the same
dateline version installed. At most ``2 × workers`` batches are in flight, so memory stays bounded
whatever the input size.
"""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Iterator, Mapping
from typing import Any

from .errors import DatelineError, UsageError
from .records import Article


@contextlib.contextmanager
def cluster(workers: int | None = None, scheduler: str | None = None, timeout: str = "20s") -> Iterator[Any]:
    """A ``distributed.Client``: on a new local cluster of ``workers`` processes, or on ``scheduler``."""
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout=timeout)
        except (OSError, TimeoutError) as exc:
            raise UsageError(f"cannot reach the Dask scheduler {scheduler!r}: {exc}",
                             hint="start one with `dask scheduler` and workers with `dask worker ADDRESS`") from exc
        with client:
            yield client
        return
    if workers is None or workers < 1:
        raise UsageError(f"--workers must be at least 1, not {workers}")
    local = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    with local, Client(local) as client:
        yield client


def _enrich(batch: list[Article], coder: str) -> list[Article]:
    from .enrich import enrich_batch

    return enrich_batch(batch, coder=coder)


def run_distributed(
    inputs: list[str],
    client: Any,
    *,
    input_format: str = "auto",
    fields: Mapping[str, str] | None = None,
    stats: Any = None,
    coder: str | None = None,
    batch: int | None = None,
) -> Iterator[Article | DatelineError]:
    """Like ``pipeline.run(..., enrich=True)``, with annotation on the client's workers; same order, same records.

    Errors for skipped inputs or records are yielded as soon as the reader meets them (before the
    articles of the batch in flight), which only changes when they are reported.
    """
    from .enrich import BATCH_ARTICLES, DEFAULT_CODER
    from .pipeline import run

    coder = coder or DEFAULT_CODER
    size = batch or BATCH_ARTICLES
    window = max(2, 2 * len(client.scheduler_info().get("workers", {})))
    in_flight: deque[Any] = deque()
    pending: list[Article] = []

    def submit() -> None:
        in_flight.append(client.submit(_enrich, list(pending), coder, pure=False))
        pending.clear()

    for item in run(inputs, input_format=input_format, fields=fields, stats=stats, enrich=False):
        if isinstance(item, DatelineError):
            yield item
            continue
        pending.append(item)
        if len(pending) >= size:
            submit()
            while len(in_flight) >= window:
                yield from in_flight.popleft().result()
    if pending:
        submit()
    while in_flight:
        yield from in_flight.popleft().result()
