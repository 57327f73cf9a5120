"""Running one function over many items in forked worker processes, results in input order.

`validate --each` validates each file on its own, so the files can be spread over the
machine's cores (`--jobs`). What the user sees must not change: the reports come out in the
order of the files, through the same reporter, with the same exit code, as if one process had
validated them one after the other. `ordered_map` keeps that promise:

- the workers are forked from the warm parent (everything validation imports is loaded), so
  they start in about a millisecond and share the parent's memory until they write to it;
- each worker takes chunks of item indexes from its own pipe and sends each result back,
  pickled, on another; the parent yields the results strictly in input order, handing out
  the next chunk to whichever worker finishes first;
- whatever a worker cannot answer, the parent computes itself, in order, as the sequential
  run would: an item whose function raised (so the same exception reaches the caller at the
  same place in the output), an item that reads standard input (stdin is consumed in input
  order, by one process), and the items of a worker that died;
- workers never write to the parent's standard output or error, and end with `os._exit`, so
  nothing buffered in the parent is written twice; when the caller stops early (an
  exception, a closed pipe, Ctrl-C) the generator's cleanup stops and reaps every worker.

Forking is used only where it is the platform's safe default (Linux). Elsewhere — Windows has
no fork, and on macOS system libraries are not fork-safe, so Python itself spawns instead —
the items are computed in this process, one after the other: the same output, without the
speed-up (a spawned worker would re-import chartgen, costing more than a typical batch).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Generator, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Items a worker takes at once: enough that pipes and pickling cost little per item, few
# enough that the workers finish together and the first reports print early.
MAX_CHUNK = 16
# Fewer items than this per worker do not pay for the fork: a worker's first item costs a few
# milliseconds more than the others (it copies the pages it touches), about the time of 8 values
# files; measured, 30 files take as long in two processes as in one, 100 files two thirds.
MIN_ITEMS_PER_WORKER = 16

_HEADER = 4  # bytes of a result message's length prefix
_TASK = 8  # bytes of a task: the chunk's first and end index


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask where the platform has one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    """Whether workers can be forked safely here (see the module documentation)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def worker_count(jobs: int, items: int) -> int:
    """How many workers `jobs` and `items` call for (0: compute in this process)."""
    if jobs < 2 or not can_fork():
        return 0
    workers = min(jobs, items // MIN_ITEMS_PER_WORKER)
    return workers if workers >= 2 else 0


def ordered_map(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    jobs: int,
    *,
    prepare: Callable[[], bool] | None = None,
) -> Generator[Result, None, None]:
    """`function(item)` for every item, in order, computed by up to `jobs` forked workers.

    The first item is computed here, before any fork, and then `prepare` runs: the workers
    start with everything those imported. `prepare` also says whether the other items may be
    computed apart from each other (False: what one item leaves behind may change the next
    one's result, so they are computed here, in order). `function` and `items` reach the
    workers by fork (never pickled); each result is pickled once, back to the parent.
    """
    workers = worker_count(jobs, len(items) - 1)
    if workers == 0:
        for item in items:
            yield function(item)
        return
    yield function(items[0])
    if prepare is not None and not prepare():
        for item in items[1:]:
            yield function(item)
        return
    pool = _Pool(function, items, range(1, len(items)), workers)
    try:
        for index in range(1, len(items)):
            found, result = pool.result(index)
            # Computed here when no worker answered: the sequential run's behaviour exactly.
            yield result if found else function(items[index])
    finally:
        pool.close()


class _ComputeHere(BaseException):
    """Raised in a worker by what only the parent may do (read standard input). A
    BaseException, so that no `except Exception` (or `except OSError`) on the way hides it."""


class _NoStdin:
    """A worker's standard input: reading it hands the item back to the parent."""

    @property
    def buffer(self) -> _NoStdin:
        return self

    def read(self, *_: Any) -> bytes:
        raise _ComputeHere

    def __getattr__(self, name: str) -> Any:
        raise _ComputeHere


class _Worker:
    def __init__(self, pid: int, tasks: int, results: int) -> None:
        self.pid = pid
        self.tasks = tasks  # write end: chunks for the worker
        self.results = results  # read end: results from the worker
        self.buffer = bytearray()
        self.outstanding: list[range] = []  # chunks given and not yet answered in full
        self.answered = -1  # the last index answered (a worker answers in order)
        self.alive = True


class _Pool:
    """The parent's side: the workers, the chunks still to hand out, the results so far."""

    def __init__(
        self, function: Callable[[Any], Any], items: Sequence[Any], indexes: range, workers: int
    ) -> None:
        import gc
        import pickle  # noqa: F401 - imported here once, not by each worker after the fork
        import selectors

        size = max(1, min(MAX_CHUNK, len(indexes) // (workers * 4)))
        self.chunks = [
            range(start, min(start + size, indexes.stop))
            for start in range(indexes.start, indexes.stop, size)
        ]
        self.next_chunk = 0
        self.results: dict[int, tuple[bool, Any]] = {}
        self.workers: list[_Worker] = []
        self.selector = selectors.DefaultSelector()
        # What the parent holds, the workers share unchanged: moving it out of the collector's
        # reach keeps a collection in a worker from touching (and so copying) those pages.
        gc.freeze()
        # Nothing the parent buffered may be written again by a worker.
        sys.stdout.flush()
        sys.stderr.flush()
        for _ in range(workers):
            self._start(function, items)
        gc.unfreeze()
        for worker in self.workers:
            self._give(worker)
            self._give(worker)  # one chunk in hand, one waiting: no pause between chunks

    def _start(self, function: Callable[[Any], Any], items: Sequence[Any]) -> None:
        import selectors

        task_read, task_write = os.pipe()
        result_read, result_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker
            code = 0
            try:
                os.close(task_write)
                os.close(result_read)
                for other in self.workers:
                    os.close(other.tasks)
                    os.close(other.results)
                _work(function, items, task_read, result_write)
            except BaseException:  # the parent computes whatever is missing
                code = 1
            finally:
                os._exit(code)
        os.close(task_read)
        os.close(result_write)
        worker = _Worker(pid, task_write, result_read)
        self.workers.append(worker)
        self.selector.register(result_read, selectors.EVENT_READ, worker)

    def _give(self, worker: _Worker) -> None:
        if self.next_chunk >= len(self.chunks) or not worker.alive:
            return
        chunk = self.chunks[self.next_chunk]
        try:
            os.write(worker.tasks, chunk.start.to_bytes(4, "big") + chunk.stop.to_bytes(4, "big"))
        except OSError:
            self._lost(worker)
            return
        self.next_chunk += 1
        worker.outstanding.append(chunk)

    def result(self, index: int) -> tuple[bool, Any]:
        """(True, result) once a worker answered `index`; (False, None) when the parent must
        compute it."""
        while index not in self.results:
            if not self._owned(index):
                return False, None
            self._receive()
        return self.results.pop(index)

    def _owned(self, index: int) -> bool:
        """Whether a live worker has `index` in hand, or will get it (chunks are handed out in
        order, so every index from the next chunk's start on is still to be handed out)."""
        for worker in self.workers:
            if worker.alive and any(index in chunk for chunk in worker.outstanding):
                return True
        waiting = self.next_chunk < len(self.chunks) and index >= self.chunks[self.next_chunk].start
        return waiting and any(worker.alive for worker in self.workers)

    def _receive(self) -> None:
        import pickle

        for key, _ in self.selector.select():
            worker: _Worker = key.data
            data = b""
            with contextlib.suppress(OSError):
                data = os.read(worker.results, 1 << 16)
            if not data:
                self._lost(worker)
                continue
            worker.buffer += data
            while len(worker.buffer) >= _HEADER:
                size = int.from_bytes(worker.buffer[:_HEADER], "big")
                if len(worker.buffer) < _HEADER + size:
                    break
                message = bytes(worker.buffer[_HEADER : _HEADER + size])
                del worker.buffer[: _HEADER + size]
                index, found, result = pickle.loads(message)
                self.results[index] = (found, result)
                worker.answered = index
                chunk = worker.outstanding[0]
                if index == chunk[-1]:
                    worker.outstanding.pop(0)
                    self._give(worker)

    def _lost(self, worker: _Worker) -> None:
        """A worker ended or broke its pipe: what it had in hand is computed by the parent,
        what it would have got goes to the others (or to the parent)."""
        if not worker.alive:
            return
        worker.alive = False
        self.selector.unregister(worker.results)
        for chunk in worker.outstanding:
            for index in chunk:
                if index > worker.answered:
                    self.results[index] = (False, None)
        worker.outstanding = []

    def close(self) -> None:
        import signal

        for worker in self.workers:
            if worker.alive:
                self.selector.unregister(worker.results)
            for descriptor in (worker.tasks, worker.results):
                with contextlib.suppress(OSError):
                    os.close(descriptor)
        for worker in self.workers:
            with contextlib.suppress(OSError):
                os.kill(worker.pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(worker.pid, 0)
        self.selector.close()


def _work(function: Callable[[Any], Any], items: Sequence[Any], tasks: int, results: int) -> None:
    """A worker's loop: chunks in, one pickled (index, found, result) per item out, sent
    together when the chunk is done (one wake-up of the parent per chunk, not per item)."""
    import pickle

    sys.stdin = _NoStdin()
    while True:
        task = _read_exactly(tasks, _TASK)
        if task is None:
            return  # the parent closed the pipe: no more work
        start, stop = int.from_bytes(task[:4], "big"), int.from_bytes(task[4:], "big")
        answers = bytearray()
        for index in range(start, stop):
            try:
                message = pickle.dumps((index, True, function(items[index])))
            except _ComputeHere:
                message = pickle.dumps((index, False, None))
            except Exception:  # the parent reproduces it, in order
                message = pickle.dumps((index, False, None))
            answers += len(message).to_bytes(_HEADER, "big") + message
        _write_all(results, bytes(answers))


def _read_exactly(descriptor: int, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        chunk = os.read(descriptor, size - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(descriptor, view)
        view = view[written:]
