"""`kpitool score DATASET/ --engine dask --scheduler …` on a cluster one of whose workers dies
while it scores an agency (issue 15): run as a script, out of the pytest process, so that no
Dask thread lives on there.

    python tests/killed_worker.py FOLDER -- SCORE-ARGUMENTS...

starts a `LocalCluster` of two worker processes (each under a Nanny, which starts a new worker
process when one dies), registers `KillOnce` on the workers and runs `kpitool score
SCORE-ARGUMENTS --engine dask --scheduler ADDRESS` as a subprocess, printing its output and
exiting with its code. `KillOnce` ends its worker's process with `os._exit` shortly after the
first `score_agency` task starts executing there, once in the whole run (`FOLDER/killed`,
created with O_EXCL, records the task and its state at that moment). `FOLDER/workers` gets one
line per worker process started (its pid), so a test sees that the Nanny started a new one.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path

from dask.typing import Key
from dask.utils import key_split
from distributed import Client, LocalCluster, Worker, WorkerPlugin

DELAY = 0.2  # seconds into the task: the function is running when the process ends
TIMEOUT = 240


class KillOnce(WorkerPlugin):
    """Ends its worker's process while a `score_agency` task runs there, once per folder."""

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def setup(self, worker: Worker) -> None:
        self.worker = worker
        with open(os.path.join(self.folder, "workers"), "a", encoding="utf-8") as log:
            log.write(f"{os.getpid()}\n")

    def transition(self, key: Key, start: str, finish: str, **kwargs: object) -> None:
        if finish != "executing" or key_split(key) != "score_agency":
            return
        try:
            marker = os.open(os.path.join(self.folder, "killed"),
                             os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return
        threading.Thread(target=self._kill, args=(key, marker), daemon=True).start()

    def _kill(self, key: Key, marker: int) -> None:
        time.sleep(DELAY)
        task = self.worker.state.tasks.get(key)
        os.write(marker, f"{key}\n{task.state if task else 'gone'}\n".encode())
        os.close(marker)
        os._exit(1)


def main() -> int:
    folder = Path(sys.argv[1])
    arguments = sys.argv[sys.argv.index("--") + 1:]
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*scratch directory.*")
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                          dashboard_address=None, local_directory=folder / "scratch") as cluster, \
                Client(cluster) as client:
            client.register_plugin(KillOnce(str(folder)))
            done = subprocess.run(
                [sys.executable, "-m", "kpitool", "score", *arguments, "--engine", "dask",
                 "--scheduler", cluster.scheduler_address],
                capture_output=True, text=True, timeout=TIMEOUT)
    sys.stdout.write(done.stdout)
    sys.stderr.write(done.stderr)
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
