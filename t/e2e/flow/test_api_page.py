"""The API reference page (`make docs`: `chamilo-fcgi --openapi` rendered into
one HTML file by @redocly/cli build-docs) opened in headless Chromium, as a
reader would open it: every action of the table has its section, with its
summary, each of its declared parameters, the answers the document lists and
a rendered response sample. A screenshot of the page's top goes to
$BUILD/docs/api.png, for a person to look at.
"""

# The page does not depend on php_types: the first pass runs it.
TYPE_INDEPENDENT = True

import html
import json
import os
import re
import shutil
import struct
import subprocess
import tempfile

import harness

BUILD = os.path.join(harness.REPO, os.environ.get('BUILD', 'build'))
PAGE = os.path.join(BUILD, 'docs', 'api.html')
SPEC = os.path.join(BUILD, 'docs', 'openapi.json')
SHOT = os.path.join(BUILD, 'docs', 'api.png')
PREFIX = '/main/webservices/api/v2.php?action='
SHOT_SIZE = (1400, 1800)

DOM = None


def _chromium(profile, *args):
    """Runs headless Chromium on the page with its own profile folder, letting
    the page's scripts run before it reads or draws anything."""
    binary = shutil.which('chromium') or shutil.which('chromium-browser')
    assert binary, 'chromium is missing (make deps installs it)'
    proc = subprocess.run([binary, '--headless=new', '--no-sandbox', '--disable-gpu',
                           '--disable-dev-shm-usage', '--hide-scrollbars', '--no-first-run',
                           '--user-data-dir=' + profile, '--virtual-time-budget=20000']
                          + list(args) + ['file://' + PAGE],
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def setup_module():
    global DOM
    proc = subprocess.run(['make', '--no-print-directory', '-C', harness.REPO, 'docs',
                           'BUILD=' + os.environ.get('BUILD', 'build')],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, 'make docs failed:\n%s%s' % (proc.stdout, proc.stderr)
    profile = tempfile.mkdtemp(prefix='chromium-')
    try:
        if os.path.exists(SHOT):
            os.unlink(SHOT)
        _chromium(profile, '--window-size=%d,%d' % SHOT_SIZE, '--screenshot=' + SHOT)
        DOM = _chromium(profile, '--dump-dom')
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def _spec():
    with open(SPEC, encoding='utf-8') as f:
        return json.load(f)


def _actions():
    """--list-actions: each action's name and declared parameters."""
    proc = subprocess.run([os.path.join(harness.STACK_DIR, 'bin', 'chamilo-fcgi'),
                           '--list-actions'], capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _sections():
    """{action: the page's HTML of its operation section}: the sections follow
    each other, each opened by data-section-id="tag/<tag>/operation/<name>"."""
    starts = [(m.start(), m.group(1)) for m in
              re.finditer(r'data-section-id="tag/[^"/]+/operation/([^"]+)"', DOM)]
    return {name: DOM[at:starts[i + 1][0] if i + 1 < len(starts) else len(DOM)]
            for i, (at, name) in enumerate(starts)}


def _text(fragment):
    return html.unescape(re.sub(r'\s+', ' ', re.sub(r'<[^>]+>', ' ', fragment)))


def test_the_screenshot_shows_a_drawn_page():
    with open(SHOT, 'rb') as f:
        png = f.read()
    assert png[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
    width, height = struct.unpack('>II', png[16:24])
    assert (width, height) == SHOT_SIZE, (width, height)
    # A page drawn before its scripts ran is white: it compresses to a few
    # KB; the drawn top of the page (menu, text, samples) to far more.
    assert len(png) > 50_000, len(png)


def test_every_action_has_its_section_summary_and_parameters():
    spec = _spec()
    sections = _sections()
    actions = _actions()
    assert sorted(sections) == sorted(a['name'] for a in actions)
    for action in actions:
        name = action['name']
        section = sections[name]
        op = spec['paths'][PREFIX + name]['post']
        heading = re.search(r'<h2[^>]*>(.*?)</h2>', section, re.S)
        assert heading and op['summary'] in _text(heading.group(1)), (name, heading)
        fields = set(html.unescape(t) for t in
                     re.findall(r'<td kind="field" title="([^"]*)"', section))
        declared = {p['name'] for p in action['params']}
        assert declared <= fields, (name, sorted(declared - fields))
        assert 'action' in fields, name
        assert 'Who may call it:' in _text(section), name


def test_every_action_lists_its_answers_with_a_response_sample():
    spec = _spec()
    sections = _sections()
    for name, section in sections.items():
        responses = spec['paths'][PREFIX + name]['post']['responses']
        text = _text(section)
        listed = text[text.index(' Responses '):]
        for status in responses:
            assert ' %s ' % status in listed, (name, status)
        with_json = [status for status, r in responses.items()
                     if 'application/json' in _resolved(spec, r).get('content', {})]
        samples = section.find('Response samples')
        if not with_json:
            continue
        assert samples >= 0, name
        tabs = re.findall(r'role="tab"[^>]*>(\d{3})</li>', section[samples:])
        assert set(with_json) <= set(tabs), (name, with_json, tabs)
        # The selected tab's sample is drawn: the first answer a reader sees,
        # the 200 when it is JSON.
        if '200' in with_json:
            assert tabs[0] == '200', (name, tabs)
        panel = re.search(r'react-tabs__tab-panel--selected"[^>]*>(.*?)</code>',
                          section[samples:], re.S)
        assert panel and 'redoc-json' in panel.group(1), name
        assert re.search(r'class="token [a-z]+"', panel.group(1)), name


def _resolved(spec, obj):
    """obj, or what its "$ref" (#/components/...) points at."""
    while '$ref' in obj:
        node = spec
        for part in obj['$ref'].lstrip('#/').split('/'):
            node = node[part]
        obj = node
    return obj
