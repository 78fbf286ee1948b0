"""The frame store on disk: its schema, its bounds, the run directory's lock and list of files, and
the rows one run writes.

The store is written as Flipbook's own writer writes it: WAL journal with synchronous=NORMAL, one
transaction per logged epoch (the transaction itself is the recorder's), so a process killed at any
moment leaves a store that `flipbook render` draws up to its last logged epoch.
"""

import datetime
import errno
import fcntl
import json
import os
import shutil
import sqlite3

import numpy as np

#: The frame store schema version this package writes (Flipbook reads 1…4).
SCHEMA_VERSION = 4
#: The bounds of Flipbook's store (`FrameStoreLimits`).
MAX_SAMPLES = 1 << 24
MAX_CLASSES = 1000
MAX_EPOCHS = 1 << 24
MAX_WIDTH = 1 << 20
MAX_PARAMETERS = 1 << 28
MAX_LAYERS = 256

STORE_NAME = "frames.sqlite"
LOCK_NAME = ".flipbook.lock"
#: The run directory's list of the files Flipbook wrote there besides the store, one name a line.
#: The recorder writes no other file: it creates the list, empty, before the store.
MANIFEST_NAME = ".flipbook-files"
#: The names whose presence means the directory holds a run already.
RUN_MARKERS = (STORE_NAME, STORE_NAME + "-wal", MANIFEST_NAME)

SCHEMA_SQL = [
    """CREATE TABLE run (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        created_at  TEXT NOT NULL,
        config_json TEXT NOT NULL,
        layer_sizes TEXT NOT NULL,
        activations TEXT NOT NULL,
        loss        TEXT NOT NULL,
        status      TEXT NOT NULL,
        diverged_at INTEGER,
        initial_parameters BLOB,
        model       TEXT NOT NULL,
        field_extent TEXT,
        field_size  INTEGER,
        recorded_by TEXT NOT NULL,
        steps_per_epoch INTEGER,
        plane       TEXT
    )""",
    """CREATE TABLE dataset (
        id            INTEGER PRIMARY KEY CHECK (id = 1),
        name          TEXT NOT NULL,
        kind          TEXT NOT NULL,
        sample_count  INTEGER NOT NULL,
        feature_count INTEGER NOT NULL,
        image_width   INTEGER,
        image_height  INTEGER,
        class_names   TEXT NOT NULL,
        features      BLOB NOT NULL,
        labels        BLOB,
        targets       BLOB,
        is_test       BLOB NOT NULL,
        mean          BLOB NOT NULL,
        deviation     BLOB NOT NULL,
        training_count INTEGER,
        feature_names TEXT,
        target_name   TEXT
    )""",
    """CREATE TABLE epoch (
        epoch       INTEGER NOT NULL,
        step        INTEGER,
        train_loss  REAL,
        test_loss   REAL,
        train_score REAL,
        test_score  REAL,
        seconds     REAL NOT NULL,
        parameters  BLOB,
        confusion   BLOB,
        field       BLOB,
        predicted   BLOB
    )""",
    "CREATE UNIQUE INDEX epoch_order ON epoch (epoch, ifnull(step, -1))",
]


def f32(values):
    """Little-endian float32 bytes."""
    return np.ascontiguousarray(values, dtype="<f4").tobytes()


def os_error(code, message):
    """An OSError whose text is `message` (which names the argument) and whose errno is `code`."""
    error = OSError(message)
    error.errno = code
    return error


def _writable_ancestor(path):
    """The nearest existing directory at or above `path`."""
    current = os.path.abspath(path)
    while not os.path.exists(current):
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    return current


def check_path(path):
    """The path is a directory, or can be created; whether it holds a run is checked under the lock."""
    if os.path.exists(path) and not os.path.isdir(path):
        raise os_error(errno.ENOTDIR, f"path: {path} is a file, not a run directory")
    ancestor = _writable_ancestor(path)
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise os_error(errno.EACCES, f"path: {path} cannot be written ({ancestor} is not writable)")


def listed_outputs(path):
    """The plain file and folder names in the directory's list of Flipbook's files (none without one)."""
    try:
        with open(os.path.join(path, MANIFEST_NAME), encoding="utf-8", errors="replace") as listed:
            names = listed.read().split("\n")
    except FileNotFoundError:
        return []
    return [name for name in dict.fromkeys(names) if name not in ("", ".", "..") and "/" not in name and "\0" not in name]


class RunDirectory:
    """A run directory held with Flipbook's writer's lock, and the store the recorder creates in it.

    `db` is None until `create`, then the open store. `before_lock`, when given, is called with the
    path after the lock file is opened, just before the lock is taken (a test hook).
    """

    def __init__(self, path, before_lock=None, overwrite=False):
        """Creates the directory and takes the lock on it (held until `release`), then refuses a
        directory that holds a run unless `overwrite` (the run is then replaced at the first log).
        A refusal removes nothing: the directory and its lock file are then another writer's too."""
        self.path = path
        self.overwrite = overwrite
        self.db = None
        self._made = []          # the files created here (all but the lock file), to remove on a failed first log
        try:
            os.makedirs(path, exist_ok=True)
            self._lock = os.open(os.path.join(path, LOCK_NAME), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as error:
            raise os_error(error.errno, f"path: {path} cannot be written ({error.strerror})") from None
        if before_lock is not None:
            before_lock(path)
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self.release()
            raise ValueError(f"path: {path} is being written by another process") from None
        try:
            if not overwrite:
                self.check_no_run()
        except ValueError:
            self.release()
            raise

    @property
    def locked(self):
        return self._lock is not None

    def check_no_run(self):
        """ValueError when the directory holds a run (its store, its journal or its list of files)."""
        held = [name for name in RUN_MARKERS if os.path.lexists(os.path.join(self.path, name))]
        if held:
            raise ValueError(f"path: {self.path} already holds a Flipbook run ({held[0]}); record into another "
                             "directory, or pass overwrite=True to replace it")

    def release(self):
        """Releases the directory's lock (closing the lock file releases it)."""
        os.close(self._lock)
        self._lock = None

    def create(self):
        """Creates the list of Flipbook's files (empty: the store goes without saying), then the
        store, each as a new file: a file that is already there (put by a process that ignores the
        lock) is never opened, nor removed. Returns the open store. With `overwrite`, the run there
        is removed first."""
        if self.overwrite:
            self.remove_run()
        self.check_no_run()
        store = os.path.join(self.path, STORE_NAME)
        try:
            self._make_file(MANIFEST_NAME)
            self._make_file(STORE_NAME)
            self.db = sqlite3.connect(store, isolation_level=None)
            self._made += [STORE_NAME + "-wal", STORE_NAME + "-shm"]     # the store's, so this recorder's
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
        except FileExistsError:
            self.remove_store()
            raise ValueError(f"path: {self.path} already holds a Flipbook run; record into another directory") from None
        except (OSError, sqlite3.Error) as error:
            self.remove_store()
            raise os_error(getattr(error, "errno", None) or errno.EIO, f"path: cannot create {store} ({error})") from None
        return self.db

    def remove_run(self):
        """Removes the run here: the files its list names (Flipbook's pictures and tables, a
        comparison's variant folders), its store and journal, and the list. A user's file, not in
        the list, is never removed."""
        for name in listed_outputs(self.path) + list(RUN_MARKERS) + [STORE_NAME + "-shm"]:
            target = os.path.join(self.path, name)
            if os.path.isdir(target) and not os.path.islink(target):
                shutil.rmtree(target)
            elif os.path.lexists(target):
                os.unlink(target)

    def _make_file(self, name):
        """Creates the empty file `name` in the run directory; FileExistsError when it is there."""
        os.close(os.open(os.path.join(self.path, name), os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644))
        self._made.append(name)

    def remove_store(self):
        """Closes the store and removes the files created here (the store, its journal, the list)."""
        if self.db:
            self.db.close()
        self.db = None
        for name in reversed(self._made):
            try:
                os.unlink(os.path.join(self.path, name))
            except FileNotFoundError:
                pass
        self._made = []


def insert_run(db, schema, layer_sizes, activations, loss, model, extent, grid, recorded_by, plane=None):
    """Creates the tables (`schema`: SQL statements) and writes the `run` row, status "running";
    `plane`: the {"kind", "origin", "axes"} a field of more than two features lies on."""
    for statement in schema:
        db.execute(statement)
    extent = json.dumps(list(extent)) if extent is not None else None
    db.execute("INSERT INTO run (id, created_at, config_json, layer_sizes, activations, loss, status, diverged_at, "
               "initial_parameters, model, field_extent, field_size, recorded_by, steps_per_epoch, plane) "
               "VALUES (1, ?, '{}', ?, ?, ?, 'running', NULL, NULL, ?, ?, ?, ?, NULL, ?)",
               (datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), json.dumps(layer_sizes),
                json.dumps(activations), loss, model, extent, grid if extent else None, recorded_by,
                json.dumps(plane) if plane is not None else None))


def insert_dataset(db, name, kind, X, class_names, labels, targets, test, mean, deviation):
    """Writes the `dataset` row (labels for classes, targets for a regression), then the schema version."""
    labels = None if labels is None else np.ascontiguousarray(labels, dtype="<i4").tobytes()
    targets = None if targets is None else f32(targets)
    db.execute("INSERT INTO dataset VALUES (1, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL)",
               (name, kind, X.shape[0], X.shape[1], json.dumps(class_names), f32(X), labels, targets,
                test.astype(np.uint8).tobytes(), f32(mean), f32(deviation)))
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def insert_epoch(db, epoch, scores, seconds, parameters, field, predicted, first_missing):
    """Writes epochs `first_missing`…`epoch - 1` as skipped (no metrics, 0 seconds), then `epoch`."""
    for skipped in range(first_missing, epoch):
        db.execute("INSERT INTO epoch (epoch, seconds) VALUES (?, 0)", (skipped,))
    db.execute("INSERT INTO epoch (epoch, step, train_loss, test_loss, train_score, test_score, seconds, parameters, "
               "field, predicted) VALUES (?, NULL, ?, ?, ?, ?, ?, ?, ?, ?)", (epoch, *scores, seconds, parameters, field, predicted))
