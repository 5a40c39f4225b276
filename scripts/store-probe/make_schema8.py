#!/usr/bin/env python3
"""Writes a store as schema 8 left it (signals keyed by fingerprint), for timing the upgrade to schema 9 and the
reads on both layouts: N Alertmanager-like signals with scattered 16-hex fingerprints, spread over 200 incidents
(N/200 links each), every signal bound to its incident. Migrations 1-8 are read from the repository's
src/Correlator.Storage/Migrations.cs (a released migration never changes).

usage: make_schema8.py <data-directory> <signals>   (writes <data-directory>/correlator.db, prints one fingerprint)
"""
import os
import random
import re
import sqlite3
import sys

here = os.path.dirname(os.path.abspath(__file__))
source = open(os.path.join(here, "..", "..", "src", "Correlator.Storage", "Migrations.cs"), encoding="utf-8").read()
migrations = re.findall(r'"""\n(.*?)\n\s*"""', source, re.S)[:8]
directory, count, incidents = sys.argv[1], int(sys.argv[2]), 200
os.makedirs(directory, exist_ok=True)
path = os.path.join(directory, "correlator.db")
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(path + suffix):
        os.remove(path + suffix)

db = sqlite3.connect(path, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY)")
for version, sql in enumerate(migrations, start=1):
    db.executescript(f"BEGIN;{sql}\nINSERT INTO schema_version (version) VALUES ({version});COMMIT;")


def at(ms):
    seconds, ms = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    return "2026-11-%02dT%02d:%02d:%02d.%03d0000Z" % (1 + days, hours, minutes, seconds, ms)


db.execute("BEGIN")
for i in range(1, incidents + 1):
    db.execute(
        "INSERT INTO incidents (id, group_key, title, service, state, impact, urgency, priority, severity, opened_at,"
        " updated_at, last_signal_at) VALUES (?,?,?,?,'new','medium','medium','P3','warning',?,?,?)",
        (i, "service=svc-%d" % i, "svc-%d down" % i, "svc-%d" % i, at(i), at(count), at(count)))
labels = ('{"alertname":"HighLatency","env":"prod","instance":"host-1:9100","job":"node","region":"eu",'
          '"service":"svc-1","severity":"warning","team":"a"}')
annotations = ('{"description":"p99 above 2s for 5 minutes","runbook_url":"https://runbooks.example/x",'
               '"summary":"High latency on host-1"}')
rows, links, fingerprint = [], [], ""
for n in range(1, count + 1):
    fingerprint = "%016x" % random.getrandbits(64)
    incident, stamp = (n % incidents) + 1, at(1000 + n)
    rows.append((fingerprint, stamp, "alertmanager", "HighLatency", "alert", "firing", "warning", "host-%d:9100" % n,
                 "svc-%d" % incident, stamp, stamp, None, labels, annotations, "summary", None, None, stamp, 1, incident))
    links.append((incident, n // incidents, fingerprint, stamp, "group service=svc-%d" % incident))
    if len(rows) == 20000 or n == count:
        db.executemany("INSERT INTO signals VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        db.executemany("INSERT INTO incident_links VALUES (?,?,?,?,?)", links)
        rows, links = [], []
db.execute("COMMIT")
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
print(fingerprint)
