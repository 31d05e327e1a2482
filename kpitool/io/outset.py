"""A command's outputs as one transaction: written into a staging folder beside `--out`, then
swapped in whole, under a lock on `--out`.

The output folder may hold other files (another command's outputs, the user's own): those are
carried over into the new folder (hard links, or copies where links are refused); only the
previous set of the same command, recorded in `.kpitool-outputs.json`, is dropped. On Linux the
swap is one `renameat2(RENAME_EXCHANGE)`; elsewhere two renames. Until the swap, the previous
folder is untouched; any failure (an exception, Ctrl+C, SIGTERM, a full disk) removes the
staging folder.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import hashlib
import json
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from kpitool.errors import OutputError, UsageError

MANIFEST = ".kpitool-outputs.json"
MAX_CARRIED = 10_000  # other files an output folder may hold (carried into each new set)
DEFAULT_LOCK_WAIT = 10  # seconds a second run into the same --out waits before it refuses
ENV_LOCK_WAIT = "KPITOOL_LOCK_WAIT"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _short(folder: Path) -> str:
    """The folder's name, shortened (with a digest) so that the names made from it stay
    within 255 bytes."""
    name = folder.name
    if len(name.encode()) <= 200:
        return name
    return name[:60] + "-" + hashlib.sha256(name.encode()).hexdigest()[:16]


def lock_path(folder: Path) -> Path:
    return folder.parent / f".{_short(folder)}.kpitool-lock"


def _staging_prefix(folder: Path) -> str:
    return f".{_short(folder)}.kpitool-tmp-"


def _error(path: Path, exc: OSError) -> OutputError:
    return OutputError("cannot_write", file=str(path), error=exc.strerror or str(exc))


@contextlib.contextmanager
def output_lock(folder: Path) -> Iterator[None]:
    """Hold the lock on `folder`; a second run waits KPITOOL_LOCK_WAIT seconds, then refuses."""
    from filelock import FileLock, Timeout

    from kpitool.io.safety import env_number

    wait = env_number(ENV_LOCK_WAIT, DEFAULT_LOCK_WAIT)
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(lock_path(folder), timeout=wait)
        lock.acquire()
    except Timeout:
        raise OutputError("output_busy", file=str(folder), seconds=wait) from None
    except OSError as exc:
        raise _error(folder, exc) from exc
    try:
        yield
    finally:
        lock.release()


def _remove_stale(folder: Path) -> None:
    """Staging folders of runs killed outright (kill -9, power cut); called under the lock."""
    prefix = _staging_prefix(folder)
    with contextlib.suppress(OSError):
        for entry in folder.parent.iterdir():
            if entry.name.startswith(prefix) and entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)


def _read_manifest(folder: Path) -> dict[str, list[str]]:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): [str(n) for n in v] for k, v in data.items() if isinstance(v, list)}


def _link_copy(source: str, target: str) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


def _others(folder: Path, command: str, manifest: dict[str, list[str]]) -> list[Path]:
    """The entries of `folder` that are not `command`'s previous set (nor the manifest)."""
    if (folder / MANIFEST).exists():
        previous = set(manifest.get(command, []))
    else:  # a folder written before manifests: score's units/ is the set to drop
        previous = {"units"} if command == "score" else set()
    return [entry for entry in folder.iterdir()
            if entry.name != MANIFEST and entry.name not in previous]


def _refuse_busy_folder(folder: Path, command: str) -> None:
    """`--out` must be a folder for outputs: one holding more than MAX_CARRIED other files, or
    another file system, is refused before anything is written (they would all be linked into
    the new folder)."""
    if not folder.is_dir():
        return
    count = 0
    for entry in _others(folder, command, _read_manifest(folder)):
        if entry.is_dir() and not entry.is_symlink():
            for root, dirs, files in os.walk(entry):
                count += len(files) + len(dirs)
                if os.path.ismount(root) or count > MAX_CARRIED:
                    raise UsageError("out_not_dedicated", file=str(folder), count=MAX_CARRIED)
        count += 1
        if count > MAX_CARRIED:
            raise UsageError("out_not_dedicated", file=str(folder), count=MAX_CARRIED)


def _carry_over(folder: Path, staging: Path, command: str, new: set[str]) -> dict[str, list[str]]:
    """Bring the entries of the previous folder that are not this command's previous set into
    `staging`; the manifest for the new folder."""
    manifest = _read_manifest(folder)
    for entry in _others(folder, command, manifest):
        name = entry.name
        if name in new:
            continue
        target = staging / name
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, target, symlinks=True, copy_function=_link_copy)
        else:
            _link_copy(str(entry), str(target))
    kept = {k: [n for n in v if (staging / n).exists() or (staging / n).is_symlink()]
            for k, v in manifest.items() if k != command}
    return {**{k: v for k, v in kept.items() if v}, command: sorted(new)}


def _exchange(staging: Path, folder: Path) -> bool:
    """Swap the two folders in one step (Linux); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(staging), _AT_FDCWD, os.fsencode(folder),
                       _RENAME_EXCHANGE)
    if result == 0:
        return True
    errno = ctypes.get_errno()
    if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: a file system without exchange
        return False
    raise OSError(errno, os.strerror(errno), str(folder))


def _commit(staging: Path, folder: Path, command: str) -> None:
    """Replace `folder` by `staging` (plus the carried-over entries) with signals held off."""
    new = {entry.name for entry in staging.iterdir()}
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM}) \
        if hasattr(signal, "pthread_sigmask") else None
    try:
        if folder.is_dir():
            manifest = _carry_over(folder, staging, command, new)
            (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1),
                                            encoding="utf-8")
            shutil.copymode(folder, staging)
            if not _exchange(staging, folder):
                old = staging.with_name(staging.name + "-old")
                os.rename(folder, old)
                os.rename(staging, folder)
                staging = old
            shutil.rmtree(staging, ignore_errors=True)
        else:
            (staging / MANIFEST).write_text(json.dumps({command: sorted(new)}), encoding="utf-8")
            os.rename(staging, folder)
    finally:
        if held is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)


@contextlib.contextmanager
def output_transaction(folder: Path, command: str) -> Iterator[Path]:
    """A staging folder to write `command`'s whole output set into; when the block ends
    normally it replaces the previous set in `folder`, otherwise it is removed."""
    with output_lock(folder):
        _remove_stale(folder)
        _refuse_busy_folder(folder, command)
        try:
            staging = Path(tempfile.mkdtemp(prefix=_staging_prefix(folder), dir=folder.parent))
        except OSError as exc:
            raise _error(folder, exc) from exc
        umask = os.umask(0)
        os.umask(umask)
        try:
            os.chmod(staging, 0o777 & ~umask)
            yield staging
            _commit(staging, folder, command)
        except OSError as exc:
            raise _error(folder, exc) from exc
        finally:
            shutil.rmtree(staging, ignore_errors=True)
