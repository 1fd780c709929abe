"""t/bench/plot.py, the picture `make bench` writes next to its report, on a
canned bench.csv (the bench itself is too heavy for the test suite)."""

# Answers here do not depend on php_types: the first pass runs it.
TYPE_INDEPENDENT = True


import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import harness

PLOT = os.path.join(harness.REPO, 't', 'bench', 'plot.py')
BENCH_SH = os.path.join(harness.REPO, 't', 'bench', 'bench.sh')
HEADER = 'scenario,rps,p50_ms,p90_ms,p99_ms,non2xx,notok,sockerr'
CANNED = HEADER + '''
"ceiling",67777.0,0.450,1.100,2.600,0,0,0
"user_profile",6328.0,5.000,5.800,6.600,0,0,0
"authenticate",1848.0,17.200,18.100,19.500,0,0,0
"user_profile (no tracking)",10782.0,2.800,3.600,4.500,0,3,0
'''
# The scenarios as bench.sh names them now, with the figures of README's table.
CURRENT = HEADER + '''
"static file",64033.0,1.000,2.100,3.000,0,0,0
"fcgi hello",19680.0,3.200,3.900,4.600,0,0,0
"fcgi hello + SELECT 1",14944.0,4.100,5.300,7.100,0,0,0
"user_profile, 1000 users",7748.0,7.700,10.400,15.400,0,0,0
"authenticate",1179.0,53.300,58.000,65.100,0,0,0
"bcrypt alone, 2 processes",1749.0,0,0,0,0,0,0
"gcm_id (write), 1000 users",2507.0,24.700,30.100,37.800,0,0,0
"user_profile, 1000 users, no bookkeeping",9104.0,6.700,8.600,11.000,0,0,0
'''
SVG = '{http://www.w3.org/2000/svg}'


def _plot(csv_text):
    folder = tempfile.mkdtemp(dir=harness.STACK_DIR or None)
    csv_path, svg_path = os.path.join(folder, 'bench.csv'), os.path.join(folder, 'bench.svg')
    with open(csv_path, 'w', encoding='utf-8') as f:
        f.write(csv_text)
    proc = subprocess.run([sys.executable, PLOT, csv_path, svg_path, '--title', 'canned'],
                          capture_output=True, text=True, timeout=30)
    return proc, svg_path


def test_bench_writes_the_csv_the_plot_reads():
    with open(BENCH_SH, encoding='utf-8') as f:
        script = f.read()
    assert 'echo "%s"' % HEADER in script, 'bench.sh writes another CSV header'
    assert 't/bench/plot.py "$REPORT_DIR/bench.csv" "$REPORT_DIR/bench.svg"' in script


def test_one_row_per_scenario_with_throughput_and_latency():
    proc, svg_path = _plot(CANNED)
    assert proc.returncode == 0, proc.stderr
    root = ET.parse(svg_path).getroot()  # well-formed SVG
    assert root.tag == SVG + 'svg', root.tag
    texts = [t.text for t in root.iter(SVG + 'text')]
    for label in ('ceiling', 'user_profile', 'authenticate', 'throughput (requests/s)',
                  'latency (ms)', 'canned'):
        assert label in texts, (label, texts)
    # A scenario with failed requests says so.
    assert 'user_profile (no tracking) FAILED' in texts, texts
    # Throughput bars are proportional to req/s; the shares of the ceiling shown.
    bars = {r.find(SVG + 'title').text: float(r.get('width'))
            for r in root.iter(SVG + 'rect') if r.find(SVG + 'title') is not None}
    ceiling = bars['ceiling: 67777 requests/s']
    profile = bars['user_profile: 6328 requests/s']
    assert abs(profile / ceiling - 6328 / 67777) < 1e-3, (profile, ceiling)
    assert '6328 (9.3%)' in texts, texts
    # Three latency bars per scenario, p99 longest.
    p50 = bars['authenticate p50: 17.20 ms']
    p99 = bars['authenticate p99: 19.50 ms']
    assert 0 < p50 < p99, (p50, p99)


def test_a_ceiling_without_http_has_no_latencies():
    proc, svg_path = _plot(CANNED + '"bcrypt alone, 2 processes",1761.0,0,0,0,0,0,0\n')
    assert proc.returncode == 0, proc.stderr
    texts = [t.text for t in ET.parse(svg_path).getroot().iter(SVG + 'text')]
    assert 'bcrypt alone, 2 processes' in texts, texts
    assert texts.count('no HTTP') == 1, texts


def test_bcrypt_ceiling_checks_the_hash_it_is_given():
    """t/bench/bcrypt_rate.c, built by `make test` and `make bench`."""
    tool = os.path.join(harness.REPO, os.environ.get('BUILD', 'build'), 'bench', 'bcrypt_rate')
    assert os.path.exists(tool), '%s is missing: make test builds it' % tool
    # bcrypt cost 4 of "admin" (the demo admin's password, as the bench uses).
    good = '$2y$04$dxv7lW1ID0pKenfsq1P3v.a61.13PeQHV.OideuGS3q1fTZcSn1Te'
    proc = subprocess.run([tool, good, '0.2', '1'], capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    m = re.match(r'BCRYPT checks=(\d+) seconds=[0-9.]+ rate=([0-9.]+)$', proc.stdout.strip())
    assert m and int(m.group(1)) > 0 and float(m.group(2)) > 0, proc.stdout
    # Not bcrypt, or bcrypt of another password: refused, never counted as fast.
    for bad in ('not-a-hash', good[:-1] + ('A' if good[-1] != 'A' else 'B')):
        proc = subprocess.run([tool, bad, '0.2', '1'], capture_output=True, text=True,
                              timeout=30)
        assert proc.returncode == 1 and 'refused' in proc.stderr, (bad, proc.stdout,
                                                                    proc.stderr)


def test_a_malformed_csv_writes_nothing():
    for bad in ('not,a,bench\n1,2,3\n', HEADER + '\n"x",fast,1,2,3,0,0,0\n', HEADER + '\n'):
        proc, svg_path = _plot(bad)
        assert proc.returncode == 1, (bad, proc.stdout)
        assert re.match(r'plot\.py: ', proc.stderr), proc.stderr
        assert not os.path.exists(svg_path), bad


def test_shares_are_of_the_hello_with_one_select_as_the_report_reads_them():
    with open(BENCH_SH, encoding='utf-8') as f:
        script = f.read()
    # The rows the plot reads its references from, as bench.sh names them.
    for run in ('run "static file"', 'run "fcgi hello" ', 'run "fcgi hello + SELECT 1"',
                'RESULTS+=("bcrypt alone, $(nproc) processes|', 'run "authenticate"'):
        assert run in script, run
    proc, svg_path = _plot(CURRENT)
    assert proc.returncode == 0, proc.stderr
    texts = [t.text for t in ET.parse(svg_path).getroot().iter(SVG + 'text')]
    assert '7748 (51.8%)' in texts, texts            # 7748 / 14944
    assert '9104 (60.9%)' in texts, texts
    assert '2507 (16.8%)' in texts, texts
    assert '14944 (100.0%)' in texts, texts          # the reference itself
    assert '64033' in texts and '19680' in texts and '1749' in texts, texts  # other ceilings
    assert '1179 (67.4% of bcrypt alone)' in texts, texts
    assert any(t.startswith('% of fcgi hello + SELECT 1') for t in texts), texts


def test_the_longest_scenario_name_and_every_text_fit():
    proc, svg_path = _plot(CURRENT)
    assert proc.returncode == 0, proc.stderr
    root = ET.parse(svg_path).getroot()
    width = float(root.get('width'))
    bars_x = min(float(r.get('x')) for r in root.iter(SVG + 'rect') if r.get('x'))
    labels = [t for t in root.iter(SVG + 'text') if t.get('text-anchor') == 'end']
    assert 'user_profile, 1000 users, no bookkeeping' in [t.text for t in labels]
    # A sans-serif glyph is at most about 0.62 em wide on average (DejaVu
    # Sans, the widest common one): each label ends before the bars and
    # starts right of the picture's edge; every other text ends inside it.
    for t in root.iter(SVG + 'text'):
        size, x = float(t.get('font-size')), float(t.get('x'))
        extent = len(t.text) * size * 0.62
        if t.get('text-anchor') == 'end':
            assert x - extent >= 0 and x < bars_x, (t.text, x, extent)
        elif t.get('text-anchor') == 'start':
            assert x + extent <= width, (t.text, x, extent, width)
