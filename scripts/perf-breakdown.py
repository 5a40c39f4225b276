#!/usr/bin/env python3
"""Where a process's CPU samples went, by stage: reads `perf script` text on stdin.

Record a running `correlator bench kafka` (JIT frames get names through the perf map):

    DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 dotnet .../correlator.dll bench kafka --messages 1000000 --sink full &
    perf record -F 499 -g -p <pid> -o /tmp/k.perf -- sleep 20
    perf script -i /tmp/k.perf | python3 scripts/perf-breakdown.py

Each sample goes to the first stage whose test matches its thread name or any frame of its stack, in the order of
STAGES. perf cannot unwind through SQLite and libc, so a native SQLite frame or a pwrite/pread/fsync has no managed
caller: those count as the store (nothing else in the process writes files). Prints a Markdown table.
"""

import collections
import sys

STAGES = [
    ("garbage collection", lambda comm, stack: comm.startswith((".NET Server GC", ".NET BGC", ".NET Background GC"))
        or "gc_heap::" in stack or "WKS::" in stack or "SVR::" in stack),
    ("the bench's producer (not the service)", lambda comm, stack: "KafkaBenchProducer" in stack),
    ("librdkafka's own threads (mock broker, client I/O)", lambda comm, stack: comm.startswith("rdk:")),
    ("JIT", lambda comm, stack: "libclrjit.so" in stack or comm.startswith(".NET Tiered Com")),
    ("parsing (payload decoders)", lambda comm, stack: "Correlator.Ingestion" in stack or "PayloadDecoders" in stack),
    ("store: SQLite and the commit code", lambda comm, stack: "libe_sqlite3.so" in stack or "Correlator.Storage" in stack
        or "SQLitePCL" in stack or "__libc_pwrite" in stack or "__libc_pread" in stack or "fdatasync" in stack or "__libc_fsync" in stack),
    ("correlation (engine, incidents, prediction)", lambda comm, stack: "Correlator.Correlation" in stack or "Correlator.Domain" in stack
        or "Correlator.Prediction" in stack),
    ("Kafka consumer (poll, hand-off, offsets)", lambda comm, stack: "Correlator.Kafka" in stack or "Confluent.Kafka" in stack or "librdkafka" in stack
        or comm.startswith("kafka-consumer")),
    ("pipeline loop and hand-offs", lambda comm, stack: "Correlator.Service.Pipeline" in stack),
    # No managed frame and no named library caller: libc's mutex, malloc, memmove and memcmp and ext4 writeback on the
    # pool threads that run the commit. By their functions most are SQLite's (its serialized-mode mutex, page
    # allocations, row copies), but perf cannot show the caller, so they are not counted as the store.
    ("native frames without a caller on pool threads", lambda comm, stack: comm.startswith(".NET TP Worker")
        and "/tmp/perf-" not in stack and ".dll" not in stack),
]
OTHER = "other (runtime, kernel, unattributed)"


def samples(lines):
    comm, frames = None, []
    for line in lines:
        if not line.strip():
            if comm is not None:
                yield comm, "\n".join(frames)
            comm, frames = None, []
            continue
        if not line.startswith((" ", "\t")):
            # "comm tid time: period event:" — the thread name may hold spaces; the tid is the first all-digit field.
            parts = line.split()
            cut = next((i for i, p in enumerate(parts) if p.isdigit()), 1)
            comm = " ".join(parts[:cut])
        else:
            frames.append(line.strip())
    if comm is not None:
        yield comm, "\n".join(frames)


def main():
    counts = collections.Counter()
    threads = collections.Counter()
    total = 0
    for comm, stack in samples(sys.stdin):
        total += 1
        threads[comm] += 1
        stage = next((name for name, test in STAGES if test(comm, stack)), OTHER)
        counts[stage] += 1
    if total == 0:
        print("no samples on stdin", file=sys.stderr)
        return 1
    print(f"| stage | share of the process's CPU samples ({total:,}) |")
    print("|---|---|")
    for name, _ in STAGES + [(OTHER, None)]:
        print(f"| {name} | {100.0 * counts[name] / total:.1f} % |")
    print()
    print("| thread name | share |")
    print("|---|---|")
    for comm, n in threads.most_common():
        print(f"| {comm} | {100.0 * n / total:.1f} % |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
