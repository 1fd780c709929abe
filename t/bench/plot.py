#!/usr/bin/env python3
"""plot.py - the picture of a `make bench` run, as SVG (standard library only).

    python3 t/bench/plot.py BENCH.csv OUT.svg [--title TEXT]

Reads the CSV that t/bench/bench.sh writes next to its text report, one row
per scenario:

    scenario,rps,p50_ms,p90_ms,p99_ms,non2xx,notok,sockerr

and draws two panels side by side, one row per scenario: throughput
(requests/s, with the share of the static-file ceiling when a row is named
"static file") and latency (p50, p90, p99 in ms; all 0 for a ceiling measured
without HTTP, drawn as "no HTTP"). A scenario that had failed
requests is marked "FAILED", since its numbers do not count.
Exit status 1 (and no file) on a malformed CSV.
"""

import argparse
import csv
import math
import sys
from xml.sax.saxutils import escape

# The static-file ceiling's row, as bench.sh names it (older reports: ceiling).
CEILING_NAMES = ('static file', 'ceiling')
COLUMNS = ['scenario', 'rps', 'p50_ms', 'p90_ms', 'p99_ms', 'non2xx', 'notok', 'sockerr']
ROW_H = 34
LABEL_W = 220
PANEL_W = 330
GAP = 40
TOP = 70
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


def render(rows, title):
    height = ROW_H * len(rows)
    width = LABEL_W + 2 * PANEL_W + GAP + 40
    total_h = TOP + height + 60
    ceiling = next((r['rps'] for r in rows if r['scenario'] in CEILING_NAMES), 0)
    rps_top = nice_max(max(r['rps'] for r in rows))
    lat_top = nice_max(max(r['p99_ms'] for r in rows))
    x_rps = LABEL_W
    x_lat = LABEL_W + PANEL_W + GAP
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
             'viewBox="0 0 %d %d" font-family="sans-serif">' % (width, total_h, width, total_h),
             '<rect width="100%" height="100%" fill="white"/>',
             text(10, 22, title, 14, weight='bold'),
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
        failed = row['non2xx'] + row['notok'] + row['sockerr'] > 0
        label = row['scenario'] + (' FAILED' if failed else '')
        parts.append(text(LABEL_W - 8, y + ROW_H / 2 + 4, label, 12, 'end',
                          color='#c00' if failed else '#222'))
        w = PANEL_W * row['rps'] / rps_top
        parts.append('<rect x="%d" y="%.1f" width="%.1f" height="%d" fill="%s">'
                     '<title>%s: %.0f requests/s</title></rect>'
                     % (x_rps, y + 6, w, ROW_H - 12, '#bbb' if row['scenario'] in CEILING_NAMES
                        else '#59a14f', escape(row['scenario']), row['rps']))
        share = (' (%.1f%%)' % (100 * row['rps'] / ceiling)
                 if ceiling and row['scenario'] not in CEILING_NAMES else '')
        parts.append(text(x_rps + w + 4, y + ROW_H / 2 + 4, '%.0f%s' % (row['rps'], share), 10))
        bar_h = (ROW_H - 10) / 3
        for j, (key, name, color) in enumerate(LATENCY_COLORS):
            lw = PANEL_W * row[key] / lat_top
            by = y + 5 + j * bar_h
            parts.append('<rect x="%d" y="%.1f" width="%.1f" height="%.1f" fill="%s">'
                         '<title>%s %s: %.2f ms</title></rect>'
                         % (x_lat, by, lw, bar_h - 1, color, escape(row['scenario']), name,
                            row[key]))
        # A ceiling measured without HTTP (bcrypt alone) has no latencies.
        latencies = ('%.2f / %.2f / %.2f' % (row['p50_ms'], row['p90_ms'], row['p99_ms'])
                     if row['p99_ms'] > 0 else 'no HTTP')
        parts.append(text(x_lat + PANEL_W * row['p99_ms'] / lat_top + 4, y + ROW_H / 2 + 4,
                          latencies, 10))
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
