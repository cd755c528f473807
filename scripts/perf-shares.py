#!/usr/bin/env python3
"""Where a bench scenario's CPU time goes, by library, per kind of thread (or process).

Reads `perf script -F pid,tid,ip,sym,dso` (recorded with call chains) on stdin. Each thread (or, with
--by-process, each process) belongs to the first class whose marker occurs in any of its samples' call
chains; each sample counts for the library of its innermost frame. Prints, per class, the share of each
library: the kernel, SQLite, libcrypto and libc next to our own binary and the Swift runtime.

    perf-shares.py [--by-process] [--top N] NAME=MARKER ...

With --top N it also lists, per class, the N functions most often innermost outside the kernel, with their library:
where "our code" goes, so a missed goal's profile names what is left to cut.
"""
import collections
import re
import sys

args = sys.argv[1:]
by_process = '--by-process' in args
top = int(args[args.index('--top') + 1]) if '--top' in args else 0
classes = [a.split('=', 1) for a in args if '=' in a]
leaves = collections.defaultdict(collections.Counter)
functions = collections.defaultdict(collections.Counter)
markers = collections.defaultdict(set)
unit = None
leaf_seen = False
for line in sys.stdin:
    if not line.strip():
        unit = None
        continue
    if not line.startswith('\t'):
        fields = line.split()  # "pid/tid" or "pid tid"
        ids = fields[0].split('/') if '/' in fields[0] else fields[:2]
        unit = ids[0] if by_process else ids[-1]
        leaf_seen = False
        continue
    if unit is None:
        continue
    match = re.search(r'\(([^()]*)\)\s*$', line)
    library = match.group(1).split('/')[-1] if match else '?'
    if not leaf_seen:
        leaves[unit][library] += 1
        leaf_seen = True
        if top and library != '[kernel.kallsyms]':
            symbol = re.sub(r'^\s*[0-9a-f]+\s+', '', line[:match.start()] if match else line).strip()
            functions[unit][(symbol[:120], library)] += 1
    for name, marker in classes:
        if marker in line:
            markers[unit].add(name)


def class_of(unit):
    return next((name for name, _ in classes if name in markers[unit]), 'other')


totals = collections.defaultdict(collections.Counter)
members = collections.Counter()
top_functions = collections.defaultdict(collections.Counter)
for unit, counts in leaves.items():
    totals[class_of(unit)].update(counts)
    members[class_of(unit)] += 1
    top_functions[class_of(unit)].update(functions[unit])
everything = sum(sum(c.values()) for c in totals.values()) or 1
kind = 'processes' if by_process else 'threads'
for name, counts in sorted(totals.items(), key=lambda item: -sum(item[1].values())):
    count = sum(counts.values())
    print(f"{name}: {count} samples ({100 * count / everything:.1f} % of all), {members[name]} {kind}")
    for library, n in counts.most_common(8):
        print(f"    {library:34s} {100 * n / count:5.1f} %")
    for (symbol, library), n in top_functions[name].most_common(top):
        print(f"      {100 * n / count:5.1f} %  {symbol}  ({library})")
