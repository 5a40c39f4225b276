#!/usr/bin/env python3
# Stand-alone replay of the tables a new alert writes in the store (schema 8: signals with its primary-key index and
# ix_signals_incident, incident_links, the incident row), counting write-ahead-log frames per alert, for the whole
# schema and with one B-tree changed or left out at a time, and for candidate layouts that keep the fingerprint
# lookups some other way (helper "store": time-ordered key, generation index, a size-tiered LSM of sorted runs,
# its unmerged tail scanned or held in a small `recent` index emptied at each run).
# Usage: commit-replay.py ALERTS BATCH INCIDENTS [DIR] [VARIANT,VARIANT,...]
# Without VARIANTS it runs the five of docs/benchmarks.md 2026-12-06 "the commit path, tree by tree" (constant
# first_seen_at); `all` runs every variant. The *_clock and time_* variants give each alert first_seen_at = start +
# n ms (the Kafka bench's startsAt). After the load, each variant times its fingerprint lookup (the API's
# ?fingerprint= filter, IncidentsOfFingerprint) over 2,000 stored fingerprints and says how many B-trees it probes.
# Only Python's sqlite3; not the service's code.
import sqlite3, os, sys, time, datetime
FRAME = 4096 + 24
SIGNALS = '''CREATE TABLE signals (fingerprint TEXT NOT NULL, first_seen_at TEXT NOT NULL, source TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL, severity TEXT NOT NULL, resource TEXT, service TEXT, event_time TEXT NOT NULL, starts_at TEXT NOT NULL, ends_at TEXT, labels TEXT NOT NULL, annotations TEXT NOT NULL, summary TEXT, score REAL, event_id TEXT, last_seen_at TEXT NOT NULL, occurrences INTEGER NOT NULL, incident_id INTEGER, %s);'''
OLD = ['schema8', 'int_key', 'no_signals_incident_index', 'no_links', 'no_signal_rows']
NEW = ['schema8_clock', 'time_key', 'time_key_fp_index', 'time_key_fp_gen', 'time_key_lsm', 'time_key_lsm_recent', 'time_key_lsm_folded', 'time_key_lsm_no_links', 'time_key_no_links']
GEN_BITS = 12          # time_key_fp_gen: one generation per 4,096 alerts in arrival order
RUN = 16384            # time_key_lsm: the unindexed tail is sorted into a run every 16,384 alerts
FANOUT = 4             # time_key_lsm: four runs of one tier are merged into one run of the next
START = datetime.datetime(2026, 12, 6, 10, 0, 0)
def stamp(n): return (START + datetime.timedelta(milliseconds=n)).strftime('%Y-%m-%dT%H:%M:%S.%f') + '0Z'

class Lsm:
    """Size-tiered sorted runs of (fingerprint, first_seen_at, rid) over the signals' rowid order; the tail after
    `merged` is unindexed (a lookup scans it). Merges run in their own transaction after a commit, as a background
    step would, and their log frames are counted with the commits'."""
    def __init__(self, db, recent):
        self.db = db; self.runs = []; self.merged = 0; self.next = 0; self.recent = recent
        if recent: db.execute('CREATE TABLE recent (fingerprint TEXT NOT NULL, first_seen_at TEXT NOT NULL, PRIMARY KEY (fingerprint, first_seen_at)) WITHOUT ROWID')
    def table(self, rows):
        name = 'run_%d' % self.next; self.next += 1
        self.db.execute('CREATE TABLE %s (fingerprint TEXT NOT NULL, first_seen_at TEXT NOT NULL, rid INTEGER NOT NULL, PRIMARY KEY (fingerprint, first_seen_at)) WITHOUT ROWID' % name)
        return name
    def step(self, top):
        if top - self.merged < RUN: return
        self.db.execute('BEGIN IMMEDIATE')
        name = self.table(0)
        self.db.execute('INSERT INTO %s SELECT fingerprint, first_seen_at, rowid FROM signals WHERE rowid > ? AND rowid <= ? ORDER BY 1, 2' % name, (self.merged, top))
        self.runs.append((0, name)); self.merged = top
        if self.recent: self.db.execute('DELETE FROM recent')
        while True:
            tiers = {}
            for tier, n in self.runs: tiers.setdefault(tier, []).append(n)
            full = [t for t, ns in tiers.items() if len(ns) >= FANOUT]
            if not full: break
            tier = min(full); parts = tiers[tier][:FANOUT]
            name = self.table(0)
            self.db.execute('INSERT INTO %s SELECT * FROM (%s) ORDER BY 1, 2' % (name, ' UNION ALL '.join('SELECT * FROM %s' % p for p in parts)))
            for p in parts: self.db.execute('DROP TABLE %s' % p)
            self.runs = [(t, n) for t, n in self.runs if n not in parts] + [(tier + 1, name)]
        self.db.execute('COMMIT')
    def lookup(self, fp):
        if self.recent:
            found = [r[0] for r in self.db.execute('SELECT s.incident_id FROM recent x JOIN signals s ON s.first_seen_at = x.first_seen_at AND s.fingerprint = x.fingerprint WHERE x.fingerprint = ?', (fp,))]
        else:
            found = [r[0] for r in self.db.execute('SELECT incident_id FROM signals WHERE rowid > ? AND fingerprint = ?', (self.merged, fp))]
        for _, name in self.runs:
            found += [r[0] for r in self.db.execute('SELECT s.incident_id FROM %s x JOIN signals s ON s.rowid = x.rid WHERE x.fingerprint = ?' % name, (fp,))]
        return found

def run(variant, alerts, batch, incidents, tmp):
    path = os.path.join(tmp, variant + '.db')
    for ext in ('', '-wal', '-shm'):
        if os.path.exists(path + ext): os.remove(path + ext)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute('PRAGMA journal_mode=WAL'); db.execute('PRAGMA synchronous=NORMAL'); db.execute('PRAGMA wal_autocheckpoint=0'); db.execute('PRAGMA cache_size=-65536')
    db.executescript('''
    CREATE TABLE incidents (id INTEGER PRIMARY KEY, group_key TEXT NOT NULL, title TEXT NOT NULL, service TEXT, state TEXT NOT NULL, impact TEXT NOT NULL, urgency TEXT NOT NULL, priority TEXT NOT NULL, severity TEXT NOT NULL, opened_at TEXT NOT NULL, updated_at TEXT NOT NULL, last_signal_at TEXT NOT NULL, acknowledged_at TEXT, resolved_at TEXT, closed_at TEXT);
    CREATE INDEX ix_incidents_opened_at ON incidents (opened_at DESC, id DESC);
    CREATE TABLE incident_links (incident_id INTEGER NOT NULL, seq INTEGER NOT NULL, fingerprint TEXT NOT NULL, attached_at TEXT NOT NULL, rule TEXT NOT NULL, PRIMARY KEY (incident_id, seq)) WITHOUT ROWID;''')
    clock = variant in NEW
    timekey = variant.startswith('time_key')
    if variant == 'int_key':
        db.execute(SIGNALS % 'fp_key INTEGER NOT NULL'); db.execute('CREATE UNIQUE INDEX ux_signals_key ON signals (fp_key, first_seen_at)')
    elif variant == 'time_key_fp_gen':
        db.execute(SIGNALS % 'gen INTEGER NOT NULL, UNIQUE (first_seen_at, fingerprint)'); db.execute('CREATE INDEX ix_signals_gen ON signals (gen, fingerprint)')
    else:
        db.execute(SIGNALS % ('UNIQUE (first_seen_at, fingerprint)' if timekey else 'PRIMARY KEY (fingerprint, first_seen_at)'))
    folded = variant == 'time_key_lsm_folded'
    if folded:   # the link folded into its signal row: one index (incident_id, link_seq) gives both the links in order and the membership
        db.execute('ALTER TABLE signals ADD COLUMN link_seq INTEGER'); db.execute('ALTER TABLE signals ADD COLUMN rule TEXT')
        db.execute('CREATE INDEX ix_signals_links ON signals (incident_id, link_seq)')
    elif variant != 'no_signals_incident_index': db.execute('CREATE INDEX ix_signals_incident ON signals (incident_id, status)')
    if variant == 'time_key_fp_index': db.execute('CREATE INDEX ix_signals_fingerprint ON signals (fingerprint)')
    lsm = Lsm(db, variant in ('time_key_lsm_recent', 'time_key_lsm_folded')) if 'lsm' in variant else None
    links = variant not in ('no_links', 'time_key_no_links', 'time_key_lsm_no_links', 'time_key_lsm_folded')
    t = '2026-12-06T10:00:00.0000000Z'
    for i in range(incidents):
        db.execute('INSERT INTO incidents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,NULL,NULL,NULL)', (i + 1, 'service=svc-%d' % i, 'Alert on svc-%d' % i, 'svc-%d' % i, 'open', 'medium', 'medium', 'p3', 'warning', t, t, t))
    seqs = [0] * incidents
    walsize = lambda: os.path.getsize(path + '-wal') if os.path.exists(path + '-wal') else 0
    frames = 0; last = None; n = 0; fps = []
    while n < alerts:
        before = walsize()
        db.execute('BEGIN IMMEDIATE')
        touched = set()
        for k in range(batch):
            inc = n % incidents; n += 1
            fp = '%016x' % ((n * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF)
            if n % (alerts // 2000 or 1) == 0: fps.append(fp)
            first = stamp(n) if clock else t
            inst = 'host-%d:9100' % n; name = 'Alert%d' % (n % 6)
            labels = '{"alertname":"%s","service":"svc-%d","instance":"%s","severity":"warning","job":"node"}' % (name, inc, inst)
            ann = '{"summary":"%s on %s","runbook_url":"https://runbooks.example/%s"}' % (name, inst, name)
            row = (fp, first, 'alertmanager', name, 'alert', 'firing', 'warning', inst, 'svc-%d' % inc, first, first, labels, ann, name + ' on ' + inst, first, inc + 1)
            if variant == 'int_key':
                db.execute('INSERT INTO signals VALUES (?,?,?,?,?,?,?,?,?,?,?,NULL,?,?,?,NULL,NULL,?,1,?,?)', row + (int(fp, 16) - (1 << 63),))
            elif variant == 'time_key_fp_gen':
                db.execute('INSERT INTO signals VALUES (?,?,?,?,?,?,?,?,?,?,?,NULL,?,?,?,NULL,NULL,?,1,?,?)', row + (n >> GEN_BITS,))
            elif folded:
                db.execute('INSERT INTO signals VALUES (?,?,?,?,?,?,?,?,?,?,?,NULL,?,?,?,NULL,NULL,?,1,?,?,?)', row + (seqs[inc], 'group service=svc-%d' % inc)); seqs[inc] += 1
            elif variant != 'no_signal_rows':
                db.execute('INSERT INTO signals VALUES (?,?,?,?,?,?,?,?,?,?,?,NULL,?,?,?,NULL,NULL,?,1,?)', row)
            if lsm and lsm.recent: db.execute('INSERT INTO recent VALUES (?,?)', (fp, first))
            if links:
                db.execute('INSERT INTO incident_links VALUES (?,?,?,?,?)', (inc + 1, seqs[inc], fp, first, 'group service=svc-%d' % inc)); seqs[inc] += 1
            touched.add(inc)
        for inc in touched:
            db.execute('UPDATE incidents SET state=?,impact=?,urgency=?,priority=?,severity=?,updated_at=?,last_signal_at=?,acknowledged_at=NULL,resolved_at=NULL,closed_at=NULL WHERE id=?', ('open', 'medium', 'medium', 'p3', 'warning', '2026-12-06T10:%02d:%02d.%07dZ' % ((n // 60000) % 60, (n // 1000) % 60, n % 1000), t, inc + 1))
        db.execute('COMMIT')
        if lsm: lsm.step(n)
        f = (walsize() - before) // FRAME if before else (walsize() - 32) // FRAME
        frames += f; last = f
    probes, us = lookups(variant, db, fps, lsm)
    db.close()
    return frames / alerts, last / batch, probes, us

def lookups(variant, db, fps, lsm):
    """The fingerprint lookup each layout would serve ?fingerprint= with: B-trees probed and µs per lookup (2,000 stored fingerprints)."""
    if variant == 'no_signal_rows': return '-', 0.0
    gens = [r[0] for r in db.execute('SELECT DISTINCT gen FROM signals')] if variant == 'time_key_fp_gen' else []
    begin = time.perf_counter(); hits = 0
    for fp in fps:
        if lsm: hits += len(lsm.lookup(fp))
        elif variant == 'time_key_fp_gen':
            hits += sum(1 for _ in db.execute('SELECT incident_id FROM signals WHERE gen IN (%s) AND fingerprint = ?' % ','.join(map(str, gens)), (fp,)))
        elif variant == 'int_key':
            hits += sum(1 for _ in db.execute('SELECT incident_id FROM signals WHERE fp_key = ?', (int(fp, 16) - (1 << 63),)))
        else:
            hits += sum(1 for _ in db.execute('SELECT incident_id FROM signals WHERE fingerprint = ?', (fp,)))
            if variant in ('time_key', 'time_key_no_links') and fp is fps[0]: break   # a full scan: one is enough to time it
    took = (time.perf_counter() - begin) * 1e6 / (1 if variant in ('time_key', 'time_key_no_links') else len(fps))
    probes = {'time_key': 'full scan', 'time_key_no_links': 'full scan', 'time_key_fp_gen': '%d generations' % len(gens)}.get(variant, '%d runs + %s' % (len(lsm.runs), 'recent index' if lsm.recent else 'tail scan') if lsm else '1 index')
    assert hits >= (1 if variant in ('time_key', 'time_key_no_links') else len(fps)), (variant, hits)
    return probes, took

alerts = int(sys.argv[1]); batch = int(sys.argv[2]); incidents = int(sys.argv[3])
tmp = sys.argv[4] if len(sys.argv) > 4 else '.'
chosen = OLD if len(sys.argv) <= 5 else (OLD + NEW if sys.argv[5] == 'all' else sys.argv[5].split(','))
for v in chosen:
    avg, lastb, probes, us = run(v, alerts, batch, incidents, tmp)
    print(f'{v:28s} alerts {alerts} batch {batch} incidents {incidents}: WAL pages per alert, whole run {avg:.2f}, last batch {lastb:.2f}; fingerprint lookup: {probes}, {us:.1f} us', flush=True)
