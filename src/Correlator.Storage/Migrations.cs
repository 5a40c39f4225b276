namespace Correlator.Storage;

/// <summary>
/// The schema, as an ordered list of migrations: migration N brings the database to version N. Each is
/// idempotent (IF NOT EXISTS) so a half-recorded run can be replayed; a released migration never changes.
/// Times are UTC ISO-8601 text of fixed width (<see cref="StoredValues"/>), so they compare as text.
/// </summary>
internal static class Migrations
{
    public static IReadOnlyList<string> All { get; } =
    [
        """
        CREATE TABLE IF NOT EXISTS incidents (
            id INTEGER PRIMARY KEY,
            group_key TEXT NOT NULL,
            title TEXT NOT NULL,
            service TEXT,
            state TEXT NOT NULL,
            impact TEXT NOT NULL,
            urgency TEXT NOT NULL,
            priority TEXT NOT NULL,
            severity TEXT NOT NULL,
            opened_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            last_signal_at TEXT NOT NULL,
            acknowledged_at TEXT,
            resolved_at TEXT,
            closed_at TEXT
        );
        -- One index only: every commit rewrites the rows of the incidents it touched, and each index on a
        -- changing column would be rewritten with them; lists walk opened_at and filter the rest.
        CREATE INDEX IF NOT EXISTS ix_incidents_opened_at ON incidents (opened_at DESC, id DESC);

        CREATE TABLE IF NOT EXISTS incident_links (
            incident_id INTEGER NOT NULL REFERENCES incidents (id),
            seq INTEGER NOT NULL,
            fingerprint TEXT NOT NULL,
            attached_at TEXT NOT NULL,
            rule TEXT NOT NULL,
            PRIMARY KEY (incident_id, seq)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_incident_links_fingerprint ON incident_links (fingerprint);

        CREATE TABLE IF NOT EXISTS incident_timeline (
            incident_id INTEGER NOT NULL REFERENCES incidents (id),
            seq INTEGER NOT NULL,
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            fingerprint TEXT,
            PRIMARY KEY (incident_id, seq)
        ) WITHOUT ROWID;

        -- One row per episode of a fingerprint; the primary key also serves lookups by fingerprint.
        CREATE TABLE IF NOT EXISTS signals (
            fingerprint TEXT NOT NULL,
            first_seen_at TEXT NOT NULL,
            source TEXT NOT NULL,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            status TEXT NOT NULL,
            severity TEXT NOT NULL,
            resource TEXT,
            service TEXT,
            event_time TEXT NOT NULL,
            starts_at TEXT NOT NULL,
            ends_at TEXT,
            labels TEXT NOT NULL,
            annotations TEXT NOT NULL,
            summary TEXT,
            score REAL,
            event_id TEXT,
            last_seen_at TEXT NOT NULL,
            occurrences INTEGER NOT NULL,
            incident_id INTEGER REFERENCES incidents (id),
            PRIMARY KEY (fingerprint, first_seen_at)
        );
        CREATE INDEX IF NOT EXISTS ix_signals_incident ON signals (incident_id, status);

        CREATE TABLE IF NOT EXISTS positions (
            input TEXT PRIMARY KEY,
            position TEXT NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;
        """,
        """
        -- Access control: local accounts, API keys (only their SHA-256 is kept) and the audit log of actions.
        CREATE TABLE IF NOT EXISTS accounts (
            name TEXT PRIMARY KEY COLLATE NOCASE,
            password_hash TEXT NOT NULL,
            role TEXT NOT NULL,
            created_at TEXT NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS api_keys (
            id TEXT PRIMARY KEY,
            key_hash TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            created_at TEXT NOT NULL,
            revoked_at TEXT
        ) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS audit_log (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            outcome TEXT NOT NULL
        );
        """,
        """
        -- Publishing (issue 7): the transactional outbox. One row per effect and target, written in the commit
        -- of the change that caused it; (target, key) makes a second enqueue a no-op. Only undelivered rows are
        -- indexed, by stream, so the claim of each stream's head stays cheap however many rows were delivered.
        CREATE TABLE IF NOT EXISTS outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            target TEXT NOT NULL,
            stream TEXT NOT NULL,
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            payload TEXT NOT NULL,
            created_at TEXT NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            next_attempt_at TEXT NOT NULL,
            error TEXT,
            finished_at TEXT,
            UNIQUE (target, key)
        );
        CREATE INDEX IF NOT EXISTS ix_outbox_open ON outbox (target, stream, id) WHERE status <> 'done';
        CREATE INDEX IF NOT EXISTS ix_outbox_status ON outbox (status, target);

        CREATE TABLE IF NOT EXISTS outbox_refs (
            target TEXT NOT NULL,
            stream TEXT NOT NULL,
            external_ref TEXT NOT NULL,
            PRIMARY KEY (target, stream)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_outbox_refs_external ON outbox_refs (target, external_ref);

        CREATE TABLE IF NOT EXISTS outbox_cursors (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;

        -- Lines written from outside the correlation loop (a person's change in the ITSM tool), kept apart from
        -- incident_timeline, which the loop numbers itself; reads merge them in by time.
        CREATE TABLE IF NOT EXISTS incident_external_timeline (
            incident_id INTEGER NOT NULL,
            key TEXT NOT NULL,
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (incident_id, key)
        );
        """,
        """
        -- Incident management (issue 8): the managed view of each incident beside the correlation's row (no foreign
        -- key: it is written by its own stage after the incident's commit), its own timeline of every change with its
        -- reason, and the crisis record of major incidents. Holds and the keys of notices sent are JSON arrays;
        -- held_seconds (finished holds), on_hold_since and escalation_level are kept beside them for queries;
        -- known_error links the incident to the known-error library entry whose signature it matched.
        CREATE TABLE IF NOT EXISTS incident_management (
            incident_id INTEGER PRIMARY KEY,
            service TEXT,
            opened_at TEXT NOT NULL,
            category TEXT NOT NULL,
            subcategory TEXT,
            impact TEXT NOT NULL,
            urgency TEXT NOT NULL,
            priority TEXT NOT NULL,
            worst_severity TEXT NOT NULL,
            components INTEGER NOT NULL,
            assigned_group TEXT NOT NULL,
            assignee TEXT,
            acknowledged_at TEXT,
            resolved_at TEXT,
            closed_at TEXT,
            on_hold_since TEXT,
            held_seconds REAL NOT NULL,
            holds TEXT NOT NULL,
            sent TEXT NOT NULL,
            escalation_level INTEGER NOT NULL,
            reopens INTEGER NOT NULL,
            major INTEGER NOT NULL,
            known_error TEXT
        );
        CREATE INDEX IF NOT EXISTS ix_incident_management_opened_at ON incident_management (opened_at);
        CREATE INDEX IF NOT EXISTS ix_incident_management_open ON incident_management (incident_id) WHERE closed_at IS NULL;

        CREATE TABLE IF NOT EXISTS incident_management_timeline (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            incident_id INTEGER NOT NULL,
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            text TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_incident_management_timeline ON incident_management_timeline (incident_id, seq);

        CREATE TABLE IF NOT EXISTS incident_crisis (
            incident_id INTEGER PRIMARY KEY,
            declared_at TEXT NOT NULL,
            declared_by TEXT NOT NULL,
            reason TEXT NOT NULL,
            mobilised TEXT NOT NULL,
            update_every_seconds REAL NOT NULL,
            next_update_at TEXT NOT NULL,
            reminders INTEGER NOT NULL,
            ended_at TEXT
        );
        """,
        """
        -- Problem suggestions (issue 8): recurring signatures mined from the incident history. incident_ids is a
        -- comma-separated list; frequency is the most incidents of the signature within one mining window. The
        -- latest row of a signature is its current state: a rejected row keeps the pattern from being proposed
        -- again until it changes (a later row is then added).
        CREATE TABLE IF NOT EXISTS problem_suggestions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            signature TEXT NOT NULL,
            description TEXT NOT NULL,
            status TEXT NOT NULL,
            service TEXT,
            incident_ids TEXT NOT NULL,
            frequency INTEGER NOT NULL,
            total_downtime_seconds REAL NOT NULL,
            first_seen_at TEXT NOT NULL,
            last_seen_at TEXT NOT NULL,
            proposed_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            decided_at TEXT,
            decided_by TEXT,
            reason TEXT
        );
        CREATE INDEX IF NOT EXISTS ix_problem_suggestions_signature ON problem_suggestions (signature, id);
        """,
        """
        -- Anticipation (issue 10): the score that opened a Predicted incident (probability, threshold, method, the
        -- features at that moment and the strongest contributions, JSON), and people's confirm / dismiss feedback,
        -- read back by `correlator train` as labels that override the history's own.
        CREATE TABLE IF NOT EXISTS incident_predictions (
            incident_id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            probability REAL NOT NULL,
            threshold REAL NOT NULL,
            method TEXT NOT NULL,
            horizon_minutes REAL NOT NULL,
            features TEXT NOT NULL,
            explanation TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS prediction_feedback (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            incident_id INTEGER NOT NULL,
            label INTEGER NOT NULL,
            actor TEXT NOT NULL,
            reason TEXT,
            at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_prediction_feedback_incident ON prediction_feedback (incident_id, id);
        """,
        """
        -- Root causes confirmed by people (incident managers, through the resolve / root-cause actions): the fact the
        -- root-cause ranking's history share learns from. Beside incident_management (written in the same
        -- transaction, from ManagedIncident.RootCause), one row per incident, the latest confirmation.
        CREATE TABLE IF NOT EXISTS incident_root_causes (
            incident_id INTEGER PRIMARY KEY,
            component TEXT NOT NULL,
            confirmed_by TEXT NOT NULL,
            confirmed_at TEXT NOT NULL
        );
        """,
        """
        -- Fewer B-trees per new alert: the fingerprint index of incident_links (a random key, so about one page
        -- written per new link once the table is large) goes. The incidents a fingerprint is linked to are read
        -- instead from the signal rows (their primary key starts with the fingerprint and each row names its
        -- incident, which always holds a link to it) plus signal_relinks: the links a signal row does not tell,
        -- because the signal was bound to another incident since or was never stored bound to that incident.
        -- The trigger keeps it on every rebinding of a stored row; the commit adds a new link whose signal
        -- it does not write bound to that incident. Rows already stored are carried over here.
        CREATE TABLE IF NOT EXISTS signal_relinks (
            fingerprint TEXT NOT NULL,
            incident_id INTEGER NOT NULL,
            PRIMARY KEY (fingerprint, incident_id)
        ) WITHOUT ROWID;
        INSERT OR IGNORE INTO signal_relinks (fingerprint, incident_id)
            SELECT DISTINCT l.fingerprint, l.incident_id FROM incident_links l
            WHERE NOT EXISTS (SELECT 1 FROM signals s WHERE s.fingerprint = l.fingerprint AND s.incident_id = l.incident_id);
        CREATE TRIGGER IF NOT EXISTS tr_signals_relink AFTER UPDATE OF incident_id ON signals
            WHEN old.incident_id IS NOT NULL AND old.incident_id IS NOT new.incident_id
        BEGIN
            INSERT OR IGNORE INTO signal_relinks (fingerprint, incident_id) VALUES (old.fingerprint, old.incident_id);
        END;
        DROP INDEX IF EXISTS ix_incident_links_fingerprint;
        """,
        """
        -- Signals keyed by time (issue 3): the unique key turns round to (first_seen_at, fingerprint), so a new
        -- episode's entry lands near the end of its index instead of at a random leaf of a tree as large as the
        -- table (about one log page per new alert). The lookups by fingerprint alone go through
        -- signal_fingerprints: sorted runs of (fingerprint, first_seen_at). A commit files its new episodes in the
        -- run of the newest block of 4,096 rowids (a small tree takes the random inserts); the store merges four
        -- sealed runs of one level into one of the next, a bounded step per commit (FingerprintRuns). A lookup
        -- probes every run. SQLite cannot alter a table's key, so the table is rebuilt (rowids renumbered in key
        -- order); no other table refers to a signal's rowid. The rows carried over are filed by their own block.
        CREATE TABLE signals_by_time (
            fingerprint TEXT NOT NULL,
            first_seen_at TEXT NOT NULL,
            source TEXT NOT NULL,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            status TEXT NOT NULL,
            severity TEXT NOT NULL,
            resource TEXT,
            service TEXT,
            event_time TEXT NOT NULL,
            starts_at TEXT NOT NULL,
            ends_at TEXT,
            labels TEXT NOT NULL,
            annotations TEXT NOT NULL,
            summary TEXT,
            score REAL,
            event_id TEXT,
            last_seen_at TEXT NOT NULL,
            occurrences INTEGER NOT NULL,
            incident_id INTEGER REFERENCES incidents (id),
            UNIQUE (first_seen_at, fingerprint)
        );
        INSERT INTO signals_by_time
            SELECT fingerprint, first_seen_at, source, name, kind, status, severity, resource, service, event_time, starts_at,
                   ends_at, labels, annotations, summary, score, event_id, last_seen_at, occurrences, incident_id
            FROM signals ORDER BY first_seen_at, fingerprint;
        DROP TRIGGER IF EXISTS tr_signals_relink;
        DROP TABLE signals;
        ALTER TABLE signals_by_time RENAME TO signals;
        CREATE INDEX ix_signals_incident ON signals (incident_id, status);
        CREATE TRIGGER tr_signals_relink AFTER UPDATE OF incident_id ON signals
            WHEN old.incident_id IS NOT NULL AND old.incident_id IS NOT new.incident_id
        BEGIN
            INSERT OR IGNORE INTO signal_relinks (fingerprint, incident_id) VALUES (old.fingerprint, old.incident_id);
        END;
        CREATE TABLE signal_fingerprints (
            run INTEGER NOT NULL,
            fingerprint TEXT NOT NULL,
            first_seen_at TEXT NOT NULL,
            PRIMARY KEY (run, fingerprint, first_seen_at)
        ) WITHOUT ROWID;
        INSERT INTO signal_fingerprints (run, fingerprint, first_seen_at)
            SELECT rowid >> 12, fingerprint, first_seen_at FROM signals ORDER BY 1, 2, 3;
        """,
    ];
}
