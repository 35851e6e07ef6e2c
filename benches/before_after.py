#!/usr/bin/env python3
"""The two speed ratios of issue 23 in one command, as whole processes interleaved round by round
(the order reversed every other round), medians:

  1. `plan-eval report --out` of the bundled 2024 report against a bare `typst compile` of the
     `.typ` it wrote, with the same options (target: at most 1.15x);
  2. `pandoc -f gfm -t typst` of that report's Markdown repeated to 5 MB against
     `plan-eval typeset big.md --typst out.typ` (target: at least 50x).

Usage (from the repository, after `cargo build --release`):

  python3 benches/before_after.py [--rounds 15] [--typeset-rounds 5] [--old OTHER_BINARY]

The binary is target/release/plan-eval (`--new` to name another); `--old` adds an earlier build
to both figures, in the same rounds. pandoc 3 is `$PANDOC`, `pandoc` on the PATH, or the one
`pip install pypandoc-binary` ships; without it the second figure is skipped. typst is `typst`
on the PATH. The host should be quiet: every figure is a ratio of medians of the same rounds."""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATE, TIMESTAMP = '2025-03-04', '1741046400'


def run(cmd):
    """Wall time of one process, its output discarded; a failure stops the script."""
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def interleaved(rounds, jobs):
    """Medians of `jobs` (name -> thunk), run round by round, the order reversed every other."""
    times = {name: [] for name in jobs}
    names = list(jobs)
    for r in range(rounds):
        for name in names if r % 2 == 0 else names[::-1]:
            times[name].append(jobs[name]())
    return {name: statistics.median(t) for name, t in times.items()}


def pandoc():
    found = os.environ.get('PANDOC') or shutil.which('pandoc')
    if found:
        return found
    try:
        import pypandoc  # noqa: PLC0415 (optional)
        return pypandoc.get_pandoc_path()
    except Exception:  # noqa: BLE001 (any failure: skipped)
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--rounds', type=int, default=15)
    ap.add_argument('--typeset-rounds', type=int, default=5)
    ap.add_argument('--new', default=os.path.join(REPO, 'target/release/plan-eval'))
    ap.add_argument('--old')
    args = ap.parse_args()
    bins = {'new': args.new}
    if args.old:
        bins['old'] = args.old
    work = tempfile.mkdtemp(prefix='plan-eval-bench-')

    def report(binary, out):
        return [binary, 'report', '--year', '2024', '--date', DATE,
                '--data', os.path.join(REPO, 'data'), '--out', out]

    run(report(args.new, os.path.join(work, 'new')))
    bare = ['typst', 'compile', '--root', os.path.join(work, 'new'), '--creation-timestamp',
            TIMESTAMP, '--pdf-standard', 'a-2a', '--diagnostic-format', 'short',
            os.path.join(work, 'new', 'report.typ'), os.path.join(work, 'bare.pdf')]
    jobs = {name: (lambda b=b, n=name: run(report(b, os.path.join(work, n)))) for name, b in bins.items()}
    jobs['typst compile'] = lambda: run(bare)
    med = interleaved(args.rounds, jobs)
    print(f'1. report --out / bare typst compile ({args.rounds} rounds, medians, load {os.getloadavg()[0]:.1f}):')
    for name in bins:
        ratio = med[name] / med['typst compile']
        print(f'   {name}: {med[name]:.3f} s / {med["typst compile"]:.3f} s = {ratio:.3f}x'
              f'  (target <= 1.15x: {"met" if ratio <= 1.15 else "NOT met"})')

    found = pandoc()
    if not found:
        print('2. skipped: no pandoc 3 ($PANDOC, pandoc on the PATH, or pip install pypandoc-binary)')
        return
    markdown = open(os.path.join(work, 'new', 'report.md'), encoding='utf-8').read()
    big = os.path.join(work, 'big.md')
    with open(big, 'w', encoding='utf-8') as f:
        f.write(markdown * (5_250_000 // len(markdown.encode()) + 1))
    tjobs = {name: (lambda b=b, n=name: run([b, 'typeset', big, '--typst', os.path.join(work, n + '.typ')]))
             for name, b in bins.items()}
    tjobs['pandoc'] = lambda: run([found, '-f', 'gfm', '-t', 'typst', big, '-o', os.path.join(work, 'pandoc.typ')])
    med = interleaved(args.typeset_rounds, tjobs)
    size = os.path.getsize(big) / 1e6
    print(f'2. pandoc / typeset of {size:.2f} MB ({args.typeset_rounds} rounds, medians, load {os.getloadavg()[0]:.1f}):')
    for name in bins:
        ratio = med['pandoc'] / med[name]
        print(f'   {name}: {med["pandoc"]:.3f} s / {med[name]:.3f} s = {ratio:.1f}x'
              f'  (target >= 50x: {"met" if ratio >= 50 else "NOT met"})')
    shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
