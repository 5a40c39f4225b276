#!/usr/bin/env python3
"""What one step of the fingerprint runs' merge costs per entry, statement by statement (helper "commit3").

Four sorted runs of 16,384 random 16-hex fingerprints in a table shaped like signal_fingerprints (migration 9), then
each variant of the copy in a fresh file, CPU time per entry moved. Python's sqlite3 module (its own SQLite build),
WAL, synchronous=NORMAL, temp_store=MEMORY, a 64 MiB page cache, as the store's write connection.

    python3 scripts/merge-copy-cost.py
"""
import os
import random
import sqlite3
import tempfile
import time

N = 16384
PATH = os.path.join(tempfile.gettempdir(), "merge-copy-cost.db")
DDL = ("(run INTEGER NOT NULL, fingerprint TEXT NOT NULL, first_seen_at TEXT NOT NULL, "
       "PRIMARY KEY (run, fingerprint, first_seen_at)) WITHOUT ROWID")


def setup():
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(PATH + suffix):
            os.remove(PATH + suffix)
    c = sqlite3.connect(PATH, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "temp_store=MEMORY", "cache_size=-65536"):
        c.execute("PRAGMA " + pragma)
    c.execute("CREATE TABLE signal_fingerprints " + DDL)
    c.execute("CREATE TABLE other " + DDL)
    random.seed(1)
    c.execute("BEGIN")
    for run in range(1, 5):
        rows = sorted((run, "%016x" % random.getrandbits(64), "2026-12-07T01:02:03.0000000Z") for _ in range(N))
        c.executemany("INSERT INTO signal_fingerprints VALUES (?, ?, ?)", rows)
    c.execute("COMMIT")
    return c


def measure(name, sql, params, entries):
    c = setup()
    c.execute("BEGIN")
    started = time.process_time()
    c.execute(sql, params)
    spent = time.process_time() - started
    c.execute("COMMIT")
    print("%-58s %.3f us/entry" % (name, spent / entries * 1e6))


ARMS = " UNION ALL ".join(
    "SELECT :target, fingerprint, first_seen_at FROM signal_fingerprints "
    "WHERE run = :s%d AND (fingerprint, first_seen_at) > (:fp, :at)" % i for i in range(4))
P = dict(target=100, fp="", at="", n=10 ** 9, s0=1, s1=2, s2=3, s3=4)
measure("the merge's copy (INSERT OR IGNORE ... 4 arms ORDER BY)",
        "INSERT OR IGNORE INTO signal_fingerprints (run, fingerprint, first_seen_at) %s ORDER BY 2, 3 LIMIT :n" % ARMS, P, 4 * N)
measure("the same merged SELECT alone", "SELECT count(*) FROM (%s ORDER BY 2, 3 LIMIT :n)" % ARMS, P, 4 * N)
measure("the same copy into another table (no temporary table)",
        "INSERT INTO other (run, fingerprint, first_seen_at) %s ORDER BY 2, 3 LIMIT :n" % ARMS, P, 4 * N)
measure("deleting the four source runs", "DELETE FROM signal_fingerprints WHERE run BETWEEN 1 AND 4", {}, 4 * N)
