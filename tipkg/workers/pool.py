"""A pool of worker processes, and the deadline that ends a runaway request.

Query workers (:mod:`tipkg.workers.query_worker`) run SPARQL; validation workers
(:mod:`tipkg.workers.validation_worker`) run ``POST /validate``. Both speak the same
protocol, so one pool serves either (``module``). Each server process (each gunicorn
worker) has its own pools, started lazily after the fork, never in the gunicorn master.
A request past its deadline gets its worker killed with SIGKILL (the CPU is freed at
once), a fresh worker is started in the background, and the caller gets the pool's
timeout error (:class:`~tipkg.errors.QueryTimeout` by default). Other requests keep
running on the other workers meanwhile.
"""

from __future__ import annotations

import logging
import os
import pickle
import queue
import select
import subprocess
import sys
import threading
import time

from tipkg import metrics
from tipkg.deadlines import WORKER_STARTUP_SECONDS, queue_wait
from tipkg.errors import QueryTimeout, ServiceUnavailable, TipkgError
from tipkg.workers.protocol import HEADER, send

log = logging.getLogger("tipkg.workers.pool")

QUERY_WORKER = "tipkg.workers.query_worker"


class WorkerDied(Exception):
    pass


class Worker:
    """One ``python -m MODULE`` child (by default the query worker)."""

    def __init__(self, source: dict, module: str = QUERY_WORKER, label: str = "query"):
        self.label = label
        self.proc = subprocess.Popen(
            [sys.executable, "-m", module],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            close_fds=True,
        )
        self.pid = self.proc.pid
        send(self.proc.stdin, {"source": source})

    def wait_ready(self, seconds: float) -> None:
        reply = self._read(time.monotonic() + seconds)
        if not reply.get("ready"):
            self.kill()
            raise ServiceUnavailable(f"{self.label} worker could not start: {reply.get('error')}")

    def call(self, request: dict, deadline: float) -> dict:
        try:
            send(self.proc.stdin, request)
        except (BrokenPipeError, OSError) as error:
            raise WorkerDied(str(error)) from error
        return self._read(deadline)

    def _read(self, deadline: float) -> dict:
        fd = self.proc.stdout.fileno()
        header = self._read_exactly(fd, HEADER.size, deadline)
        (size,) = HEADER.unpack(header)
        return pickle.loads(self._read_exactly(fd, size, deadline))

    def _read_exactly(self, fd: int, size: int, deadline: float) -> bytes:
        chunks, have = [], 0
        while have < size:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                raise TimeoutError
            chunk = os.read(fd, min(size - have, 1 << 20))
            if not chunk:
                raise WorkerDied(f"{self.label} worker {self.pid} exited with {self.proc.poll()}")
            chunks.append(chunk)
            have += len(chunk)
        return b"".join(chunks)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass

    def stop(self) -> None:
        """Polite end: close stdin (the worker exits on EOF), then make sure."""
        try:
            self.proc.stdin.close()
            self.proc.wait(2)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.kill()


class WorkerPool:
    """``size`` workers of ``module``, each started with ``source``; safe to share between threads.

    ``label`` names the workers in messages and logs; ``timeout_error`` is the
    :class:`~tipkg.errors.TipkgError` raised when a request passes its deadline.
    """

    def __init__(self, source: dict, size: int, *, module: str = QUERY_WORKER, label: str = "query",
                 timeout_error: type[TipkgError] = QueryTimeout):
        self.source = source
        self.size = max(1, size)
        self.module = module
        self.label = label
        self.timeout_error = timeout_error
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._all: set[Worker] = set()
        self._lock = threading.Lock()
        self._owner: int | None = None
        self._closed = False
        self._failure: str | None = None
        self._ready_once = False

    def start(self) -> None:
        """Start the workers (in the background) unless this process already did."""
        with self._lock:
            if self._owner == os.getpid() or self._closed:
                return
            # A pool inherited through fork belongs to the parent: start our own.
            self._idle = queue.Queue()
            self._all = set()
            self._owner = os.getpid()
        for _ in range(self.size):
            self._spawn_in_background()

    def _spawn_in_background(self) -> None:
        threading.Thread(target=self._spawn, daemon=True, name=f"tipkg-{self.label}-worker-start").start()

    def _spawn(self) -> None:
        if self._closed:
            return
        try:
            worker = Worker(self.source, self.module, self.label)
            with self._lock:
                self._all.add(worker)
            worker.wait_ready(WORKER_STARTUP_SECONDS)
        except (TipkgError, TimeoutError, WorkerDied, OSError, EOFError) as error:
            if self._closed:  # stopped while starting (the server is shutting down): not a failure
                log.info("%s worker start cancelled: the pool is closing", self.label)
                return
            self._failure = str(error) or type(error).__name__
            log.error("%s worker failed to start: %s", self.label, self._failure)
            return
        log.info("%s worker %s ready", self.label, worker.pid)
        self._ready_once = True
        self._failure = None
        if self._closed:
            self._retire(worker)
        else:
            self._idle.put(worker)

    def run(self, request: dict, timeout: float) -> dict:
        """Run ``request`` on an idle worker within ``timeout`` seconds of evaluation.

        :raises QueryTimeout: (or the pool's ``timeout_error``) the request passed its
            deadline (its worker was killed).
        :raises ServiceUnavailable: no worker became free in time, or none can start.
        """
        self.start()
        worker = self._acquire(timeout)
        try:
            reply = worker.call(request, time.monotonic() + timeout)
        except TimeoutError:
            log.warning("%s passed its %.1fs deadline; killing %s worker %s", self.label, timeout, self.label, worker.pid)
            self._retire(worker)
            metrics.deadline_killed(self.label)
            self._respawn()
            raise self.timeout_error(
                f"The {self.label} did not finish within {timeout:g} s and was stopped.",
                limit_seconds=timeout,
                retry_after=max(1, round(timeout)),
            ) from None
        except (WorkerDied, EOFError, OSError) as error:
            log.error("%s worker %s died: %s", self.label, worker.pid, error)
            self._retire(worker)
            self._respawn()
            raise ServiceUnavailable(f"The {self.label} worker stopped unexpectedly; try again.", retry_after=1) from None
        self._idle.put(worker)
        return reply

    def _respawn(self) -> None:
        metrics.worker_respawned(self.label)
        self._spawn_in_background()

    def _acquire(self, timeout: float) -> Worker:
        limit = time.monotonic() + queue_wait(timeout, self._ready_once)
        while True:
            try:
                return self._idle.get(timeout=0.2)
            except queue.Empty:
                pass
            if self._failure and not self.pids():
                raise ServiceUnavailable(f"No {self.label} worker can start: {self._failure}", retry_after=5)
            if time.monotonic() > limit:
                raise ServiceUnavailable(f"All {self.label} workers are busy; try again.", retry_after=2)

    def _retire(self, worker: Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)

    def pids(self) -> list[int]:
        with self._lock:
            return sorted(w.pid for w in self._all if w.proc.poll() is None)

    def close(self) -> None:
        """Stop every worker this process started (no orphans)."""
        self._closed = True
        with self._lock:
            workers = list(self._all) if self._owner == os.getpid() else []
            self._all = set()
        for worker in workers:
            worker.stop()
