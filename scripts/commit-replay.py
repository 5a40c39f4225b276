#!/usr/bin/env python3
# Stand-alone replay of the tables a new alert writes in the store (schema 8: signals with its primary-key index and
# ix_signals_incident, incident_links, the incident row), counting write-ahead-log frames per alert, for the whole
# schema and with one B-tree changed or left out at a time. Usage: commit-replay.py ALERTS BATCH INCIDENTS [DIR]
# (docs/benchmarks.md, 2026-12-06 "the commit path, tree by tree"). Only Python's sqlite3; not the service's code.
import sqlite3, os, sys, random, hashlib
def run(variant, alerts, batch, incidents, tmp):
    path=os.path.join(tmp, variant+'.db')
    for ext in ('','-wal','-shm'):
        if os.path.exists(path+ext): os.remove(path+ext)
    db=sqlite3.connect(path, isolation_level=None)
    db.execute('PRAGMA journal_mode=WAL'); db.execute('PRAGMA synchronous=NORMAL'); db.execute('PRAGMA wal_autocheckpoint=0'); db.execute('PRAGMA cache_size=-65536')
    db.executescript('''
    CREATE TABLE incidents (id INTEGER PRIMARY KEY, group_key TEXT NOT NULL, title TEXT NOT NULL, service TEXT, state TEXT NOT NULL, impact TEXT NOT NULL, urgency TEXT NOT NULL, priority TEXT NOT NULL, severity TEXT NOT NULL, opened_at TEXT NOT NULL, updated_at TEXT NOT NULL, last_signal_at TEXT NOT NULL, acknowledged_at TEXT, resolved_at TEXT, closed_at TEXT);
    CREATE INDEX ix_incidents_opened_at ON incidents (opened_at DESC, id DESC);
    CREATE TABLE incident_links (incident_id INTEGER NOT NULL, seq INTEGER NOT NULL, fingerprint TEXT NOT NULL, attached_at TEXT NOT NULL, rule TEXT NOT NULL, PRIMARY KEY (incident_id, seq)) WITHOUT ROWID;
    CREATE TABLE signals (fingerprint TEXT NOT NULL, first_seen_at TEXT NOT NULL, source TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL, severity TEXT NOT NULL, resource TEXT, service TEXT, event_time TEXT NOT NULL, starts_at TEXT NOT NULL, ends_at TEXT, labels TEXT NOT NULL, annotations TEXT NOT NULL, summary TEXT, score REAL, event_id TEXT, last_seen_at TEXT NOT NULL, occurrences INTEGER NOT NULL, incident_id INTEGER, PRIMARY KEY (fingerprint, first_seen_at));
    CREATE INDEX ix_signals_incident ON signals (incident_id, status);
    ''')
    if variant=='no_signals_incident_index': db.execute('DROP INDEX ix_signals_incident')
    if variant=='int_key':
        db.executescript('DROP TABLE signals; CREATE TABLE signals (fingerprint TEXT NOT NULL, first_seen_at TEXT NOT NULL, source TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL, severity TEXT NOT NULL, resource TEXT, service TEXT, event_time TEXT NOT NULL, starts_at TEXT NOT NULL, ends_at TEXT, labels TEXT NOT NULL, annotations TEXT NOT NULL, summary TEXT, score REAL, event_id TEXT, last_seen_at TEXT NOT NULL, occurrences INTEGER NOT NULL, incident_id INTEGER, fp_key INTEGER NOT NULL); CREATE UNIQUE INDEX ux_signals_key ON signals (fp_key, first_seen_at); CREATE INDEX ix_signals_incident ON signals (incident_id, status);')
    t='2026-12-06T10:00:00.0000000Z'
    for i in range(incidents):
        db.execute('INSERT INTO incidents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,NULL,NULL,NULL)',(i+1,'service=svc-%d'%i,'Alert on svc-%d'%i,'svc-%d'%i,'open','medium','medium','p3','warning',t,t,t))
    seqs=[0]*incidents
    walsize=lambda: os.path.getsize(path+'-wal') if os.path.exists(path+'-wal') else 0
    frames=0; last=None
    n=0
    while n<alerts:
        before=walsize()
        db.execute('BEGIN IMMEDIATE')
        touched=set()
        for k in range(batch):
            inc=n%incidents; n+=1
            fp='%016x'%((n*0x9E3779B97F4A7C15)&0xFFFFFFFFFFFFFFFF)
            inst='host-%d:9100'%n; name='Alert%d'%(n%6)
            labels='{"alertname":"%s","service":"svc-%d","instance":"%s","severity":"warning","job":"node"}'%(name,inc,inst)
            ann='{"summary":"%s on %s","runbook_url":"https://runbooks.example/%s"}'%(name,inst,name)
            if variant=='int_key':
                db.execute('INSERT INTO signals VALUES (?,?,?,?,?,?,?,?,?,?,?,NULL,?,?,?,NULL,NULL,?,1,?,?)',(fp,t,'alertmanager',name,'alert','firing','warning',inst,'svc-%d'%inc,t,t,labels,ann,name+' on '+inst,t,inc+1,int(fp,16)-(1<<63)))
            elif variant!='no_signal_rows':
                db.execute('INSERT INTO signals VALUES (?,?,?,?,?,?,?,?,?,?,?,NULL,?,?,?,NULL,NULL,?,1,?)',(fp,t,'alertmanager',name,'alert','firing','warning',inst,'svc-%d'%inc,t,t,labels,ann,name+' on '+inst,t,inc+1))
            if variant!='no_links':
                db.execute('INSERT INTO incident_links VALUES (?,?,?,?,?)',(inc+1,seqs[inc],fp,t,'group service=svc-%d'%inc)); seqs[inc]+=1
            touched.add(inc)
        for inc in touched:
            db.execute('UPDATE incidents SET state=?,impact=?,urgency=?,priority=?,severity=?,updated_at=?,last_signal_at=?,acknowledged_at=NULL,resolved_at=NULL,closed_at=NULL WHERE id=?',('open','medium','medium','p3','warning','2026-12-06T10:%02d:%02d.%07dZ'%((n//60000)%60,(n//1000)%60,n%1000),t,inc+1))
        db.execute('COMMIT')
        f=(walsize()-before)//(4096+24) if before else (walsize()-32)//(4096+24)
        frames+=f; last=f
    db.close()
    return frames/alerts, last/batch
alerts=int(sys.argv[1]); batch=int(sys.argv[2]); incidents=int(sys.argv[3])
for v in ['schema8','int_key','no_signals_incident_index','no_links','no_signal_rows']:
    avg,lastb=run(v,alerts,batch,incidents,(sys.argv[4] if len(sys.argv) > 4 else '.'))
    print(f'{v:28s} alerts {alerts} batch {batch} incidents {incidents}: WAL pages per alert, whole run {avg:.2f}, last batch {lastb:.2f}')
