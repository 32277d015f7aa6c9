"""SQLite group commit (`baton.store.writer`): commands queued behind a running one share its
transaction, each in its own savepoint; every command returns only once durable; one
command's failure takes back only what it did; processes take turns without SQLite's
sleeping busy wait. Real threads and processes."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event

from baton.store.db import Database


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'group.db'}")
    with database.write() as conn:
        conn.exec_driver_sql("CREATE TABLE t (name TEXT PRIMARY KEY)")
    yield database
    database.dispose()


def _names(db: Database) -> set[str]:
    with db.read() as conn:
        return {r[0] for r in conn.exec_driver_sql("SELECT name FROM t")}


def _queued(db: Database) -> int:
    writer = db._writer
    assert writer is not None
    return writer._queued


def _wait_until(condition: object) -> None:
    pause = threading.Event()
    while not condition():  # type: ignore[operator]
        pause.wait(0.001)


class Boom(Exception):
    pass


def _run_batch(db: Database, second_fails: bool) -> tuple[list[str], list[BaseException], int]:
    """One command holds the connection while two more queue behind it; returns the order
    they returned in, their errors and how many COMMITs ran."""
    commits = 0

    def count(_conn: object) -> None:
        nonlocal commits
        commits += 1

    event.listen(db.engine, "commit", count)
    holding, release = threading.Event(), threading.Event()
    returned: list[str] = []
    errors: list[BaseException] = []

    def first() -> None:
        with db.write() as conn:
            conn.exec_driver_sql("INSERT INTO t VALUES ('a')")
            holding.set()
            release.wait()
        returned.append("a")

    def later(name: str, fail: bool) -> None:
        try:
            with db.write() as conn:
                conn.exec_driver_sql(f"INSERT INTO t VALUES ('{name}')")
                if fail:
                    raise Boom(name)
            returned.append(name)
        except Boom as error:
            errors.append(error)

    threads = [threading.Thread(target=first)]
    threads[0].start()
    holding.wait()
    for name, fail in (("b", second_fails), ("c", False)):
        thread = threading.Thread(target=later, args=(name, fail))
        thread.start()
        threads.append(thread)
    _wait_until(lambda: _queued(db) == 2)
    release.set()
    for thread in threads:
        thread.join()
    event.remove(db.engine, "commit", count)
    return returned, errors, commits


def test_commands_queued_behind_one_share_its_commit(db: Database) -> None:
    returned, errors, commits = _run_batch(db, second_fails=False)
    assert sorted(returned) == ["a", "b", "c"] and not errors
    assert commits == 1
    assert _names(db) == {"a", "b", "c"}


def test_a_failed_command_takes_back_only_its_own_changes(db: Database) -> None:
    returned, errors, commits = _run_batch(db, second_fails=True)
    assert sorted(returned) == ["a", "c"]
    assert [str(e) for e in errors] == ["b"]
    assert commits == 1
    assert _names(db) == {"a", "c"}


def test_a_lone_failed_command_changes_nothing(db: Database) -> None:
    with pytest.raises(Boom), db.write() as conn:
        conn.exec_driver_sql("INSERT INTO t VALUES ('x')")
        raise Boom("x")
    with db.write() as conn:
        conn.exec_driver_sql("INSERT INTO t VALUES ('y')")
    assert _names(db) == {"y"}


def test_a_write_inside_a_write_is_part_of_it(db: Database) -> None:
    with db.write() as conn:
        conn.exec_driver_sql("INSERT INTO t VALUES ('outer')")
        with pytest.raises(Boom), db.write() as inner:
            inner.exec_driver_sql("INSERT INTO t VALUES ('inner')")
            raise Boom("inner")
        with db.write() as inner:
            inner.exec_driver_sql("INSERT INTO t VALUES ('kept')")
    assert _names(db) == {"outer", "kept"}


def test_a_failed_commit_fails_every_command_of_the_batch(db: Database) -> None:
    """A deferred foreign key is checked at COMMIT: its failure refuses the whole batch."""
    with db.write() as conn:
        conn.exec_driver_sql("CREATE TABLE parent (id TEXT PRIMARY KEY)")
        conn.exec_driver_sql(
            "CREATE TABLE child (id TEXT REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)"
        )
    with pytest.raises(Exception, match="FOREIGN KEY"), db.write() as conn:
        conn.exec_driver_sql("INSERT INTO child VALUES ('orphan')")
    with db.write() as conn:  # the writer goes on with a fresh transaction
        conn.exec_driver_sql("INSERT INTO t VALUES ('after')")
    assert _names(db) == {"after"}


def test_many_threads_all_commit(db: Database) -> None:
    def insert(i: int) -> None:
        for j in range(20):
            with db.write() as conn:
                conn.exec_driver_sql(f"INSERT INTO t VALUES ('{i}-{j}')")

    threads = [threading.Thread(target=insert, args=(i,)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(_names(db)) == 16 * 20


_COUNTER = """
import sys
from baton.store.db import Database
db = Database(sys.argv[1])
for _ in range(int(sys.argv[2])):
    with db.write() as conn:
        n = conn.exec_driver_sql("SELECT n FROM counter").scalar()
        conn.exec_driver_sql("UPDATE counter SET n = ?", (n + 1,))
db.dispose()
"""


def test_processes_take_turns_on_one_file(tmp_path: Path) -> None:
    """A read-then-write in each command: lost updates would show if two processes' writers
    ever overlapped."""
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    db = Database(url)
    with db.write() as conn:
        conn.exec_driver_sql("CREATE TABLE counter (n INTEGER)")
        conn.exec_driver_sql("INSERT INTO counter VALUES (0)")
    workers = [subprocess.Popen([sys.executable, "-c", _COUNTER, url, "150"]) for _ in range(3)]
    assert [w.wait() for w in workers] == [0, 0, 0]
    with db.read() as conn:
        assert conn.exec_driver_sql("SELECT n FROM counter").scalar() == 450
    db.dispose()
