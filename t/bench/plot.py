#!/usr/bin/env python3
"""plot.py - the picture of a `make bench` run, as SVG (standard library only).

    python3 t/bench/plot.py BENCH.csv OUT.svg [--title TEXT]

Reads the CSV that t/bench/bench.sh writes next to its text report, one row
per scenario:

    scenario,rps,p50_ms,p90_ms,p99_ms,non2xx,notok,sockerr

and draws two panels side by side, one row per scenario: throughput
(requests/s) and latency (p50, p90, p99 in ms; all 0 for a ceiling measured
without HTTP, drawn as "no HTTP"). The ceilings' bars are grey. Each
scenario of the pool shows its share of the report's headline ceiling, the
hello with one SELECT 1 (the least a call that asks the database once can
cost; of the static file for a CSV without that row), and authenticate its
share of bcrypt alone, as the report's summary lines read them. A scenario
that had failed requests is marked "FAILED", since its numbers do not count.
The label column and the gaps are as wide as the longest texts need.
Exit status 1 (and no file) on a malformed CSV.
"""

import argparse
import csv
import math
import sys
from xml.sax.saxutils import escape

# The ceilings' rows, as bench.sh names them: the static file (older
# reports: ceiling), the bare hello, the hello with one SELECT 1 (the
# reference of the shares), bcrypt alone (followed by its process count).
STATIC_NAMES = ('static file', 'ceiling')
REFERENCE_NAME = 'fcgi hello + SELECT 1'
HELLO_NAME = 'fcgi hello'
BCRYPT_PREFIX = 'bcrypt alone'
COLUMNS = ['scenario', 'rps', 'p50_ms', 'p90_ms', 'p99_ms', 'non2xx', 'notok', 'sockerr']
ROW_H = 34
MIN_LABEL_W = 220
PANEL_W = 330
MIN_GAP = 40
MIN_RIGHT = 40
TOP = 86
# A text's width in px, estimated for a sans-serif font (DejaVu Sans, the
# widest common one, averages about 0.62 em): generous rather than cut.
EM_SHARE = 0.62
LATENCY_COLORS = (('p50_ms', 'p50', '#4e79a7'), ('p90_ms', 'p90', '#f28e2b'),
                  ('p99_ms', 'p99', '#e15759'))


def read_rows(path):
    with open(path, newline='', encoding='utf-8') as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != COLUMNS:
            raise ValueError('%s: header %r, expected %r' % (path, reader.fieldnames, COLUMNS))
        rows = []
        for n, raw in enumerate(reader, 2):
            try:
                row = {'scenario': raw['scenario']}
                for key in COLUMNS[1:5]:
                    row[key] = float(raw[key])
                for key in COLUMNS[5:]:
                    row[key] = int(raw[key])
            except (TypeError, ValueError) as exc:
                raise ValueError('%s:%d: %s' % (path, n, exc)) from None
            if not row['scenario'] or any(row[k] < 0 for k in COLUMNS[1:]):
                raise ValueError('%s:%d: empty scenario or negative number' % (path, n))
            rows.append(row)
    if not rows:
        raise ValueError('%s: no scenario' % path)
    return rows


def nice_max(value):
    """A round axis end at or above value (1, 2, 5 x 10^n)."""
    if value <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * exp >= value:
            return float(step * exp)
    return float(10 * exp)


def is_ceiling(name):
    return name in STATIC_NAMES or name in (HELLO_NAME, REFERENCE_NAME) \
        or name.startswith(BCRYPT_PREFIX)


def text_width(body, size):
    return len(body) * size * EM_SHARE


def shares(rows):
    """{scenario: its share text}: each scenario of the pool against the
    hello with one SELECT 1 (else the static file), authenticate against
    bcrypt alone; the reference itself 100%; other ceilings none."""
    by_name = {r['scenario']: r['rps'] for r in rows}
    reference = by_name.get(REFERENCE_NAME) or next(
        (by_name[n] for n in STATIC_NAMES if by_name.get(n)), 0)
    bcrypt = next((r['rps'] for r in rows if r['scenario'].startswith(BCRYPT_PREFIX)), 0)
    out = {}
    for row in rows:
        name = row['scenario']
        if name == 'authenticate' and bcrypt:
            out[name] = ' (%.1f%% of bcrypt alone)' % (100 * row['rps'] / bcrypt)
        elif reference and (name == REFERENCE_NAME or not is_ceiling(name)):
            out[name] = ' (%.1f%%)' % (100 * row['rps'] / reference)
    return out


def text(x, y, body, size=12, anchor='start', weight='normal', color='#222'):
    return ('<text x="%.1f" y="%.1f" font-size="%d" text-anchor="%s" font-weight="%s" '
            'fill="%s">%s</text>' % (x, y, size, anchor, weight, color, escape(body)))


def axis(parts, x0, y0, height, top_value, unit):
    for i in range(5):
        frac = i / 4
        x = x0 + frac * PANEL_W
        parts.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/>'
                     % (x, y0, x, y0 + height))
        value = top_value * frac
        label = ('%.0f' % value) if top_value >= 10 else ('%.2g' % value)
        parts.append(text(x, y0 + height + 16, label + (unit if i == 4 else ''), 10, 'middle',
                          color='#555'))


def latency_text(row):
    # A ceiling measured without HTTP (bcrypt alone) has no latencies.
    return ('%.2f / %.2f / %.2f' % (row['p50_ms'], row['p90_ms'], row['p99_ms'])
            if row['p99_ms'] > 0 else 'no HTTP')


def label_of(row):
    failed = row['non2xx'] + row['notok'] + row['sockerr'] > 0
    return row['scenario'] + (' FAILED' if failed else ''), failed


def render(rows, title):
    height = ROW_H * len(rows)
    share = shares(rows)
    rps_top = nice_max(max(r['rps'] for r in rows))
    lat_top = nice_max(max(r['p99_ms'] for r in rows))
    rps_texts = {r['scenario']: '%.0f%s' % (r['rps'], share.get(r['scenario'], '')) for r in rows}
    # Room for the longest label, and for the texts right of the longest bars.
    label_w = max(MIN_LABEL_W, 18 + max(text_width(label_of(r)[0], 12) for r in rows))
    gap = max(MIN_GAP, 20 + max(PANEL_W * r['rps'] / rps_top + 4
                                + text_width(rps_texts[r['scenario']], 10) - PANEL_W
                                for r in rows))
    right = max(MIN_RIGHT, 20 + max(PANEL_W * r['p99_ms'] / lat_top + 4
                                    + text_width(latency_text(r), 10) - PANEL_W for r in rows))
    note = ('%% of %s: the least a call that asks the database once can cost; '
            'grey: the ceilings' % REFERENCE_NAME) if any(
                r['scenario'] == REFERENCE_NAME for r in rows) else (
            '%: of the static file; grey: the ceilings')
    width = label_w + 2 * PANEL_W + gap + right
    width = max(width, 20 + text_width(title, 14), 20 + text_width(note, 11))
    total_h = TOP + height + 60
    x_rps = label_w
    x_lat = label_w + PANEL_W + gap
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
             'viewBox="0 0 %d %d" font-family="sans-serif">' % (width, total_h, width, total_h),
             '<rect width="100%" height="100%" fill="white"/>',
             text(10, 22, title, 14, weight='bold'),
             text(10, 42, note, 11, color='#555'),
             text(x_rps, TOP - 14, 'throughput (requests/s)', 12, weight='bold'),
             text(x_lat, TOP - 14, 'latency (ms)', 12, weight='bold')]
    for i, (_, name, color) in enumerate(LATENCY_COLORS):
        lx = x_lat + 130 + i * 60
        parts.append('<rect x="%d" y="%d" width="10" height="10" fill="%s"/>'
                     % (lx, TOP - 23, color))
        parts.append(text(lx + 14, TOP - 14, name, 11))
    axis(parts, x_rps, TOP, height, rps_top, '/s')
    axis(parts, x_lat, TOP, height, lat_top, ' ms')
    for i, row in enumerate(rows):
        y = TOP + i * ROW_H
        label, failed = label_of(row)
        parts.append(text(label_w - 8, y + ROW_H / 2 + 4, label, 12, 'end',
                          color='#c00' if failed else '#222'))
        w = PANEL_W * row['rps'] / rps_top
        parts.append('<rect x="%.1f" y="%.1f" width="%.1f" height="%d" fill="%s">'
                     '<title>%s: %.0f requests/s</title></rect>'
                     % (x_rps, y + 6, w, ROW_H - 12, '#bbb' if is_ceiling(row['scenario'])
                        else '#59a14f', escape(row['scenario']), row['rps']))
        parts.append(text(x_rps + w + 4, y + ROW_H / 2 + 4, rps_texts[row['scenario']], 10))
        bar_h = (ROW_H - 10) / 3
        for j, (key, name, color) in enumerate(LATENCY_COLORS):
            lw = PANEL_W * row[key] / lat_top
            by = y + 5 + j * bar_h
            parts.append('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s">'
                         '<title>%s %s: %.2f ms</title></rect>'
                         % (x_lat, by, lw, bar_h - 1, color, escape(row['scenario']), name,
                            row[key]))
        parts.append(text(x_lat + PANEL_W * row['p99_ms'] / lat_top + 4, y + ROW_H / 2 + 4,
                          latency_text(row), 10))
    parts.append('</svg>')
    return '\n'.join(parts) + '\n'


def main(argv=None):
    ap = argparse.ArgumentParser(description='SVG plot of a make bench CSV.')
    ap.add_argument('csv')
    ap.add_argument('svg')
    ap.add_argument('--title', default='chamilo-fcgi bench')
    args = ap.parse_args(argv)
    try:
        rows = read_rows(args.csv)
    except (OSError, ValueError) as exc:
        print('plot.py: %s' % exc, file=sys.stderr)
        return 1
    with open(args.svg, 'w', encoding='utf-8') as f:
        f.write(render(rows, args.title))
    return 0


if __name__ == '__main__':
    sys.exit(main())
