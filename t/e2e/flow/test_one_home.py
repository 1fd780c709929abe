"""Each primitive has one home, and the handlers call it instead of
writing it again: a width of a stored column is a named constant
(lib/model/), a date is read by lib/core/chamilo_date.c, a hexadecimal
digit by lib/core/hex.h, PHP's own behaviours live in lib/php/, the
availability of a language is one statement (lib/model/language.c), and
lib/request/'s parse context is a leaf its parsers share.
"""

# Reads the sources only: the first pass runs it.
TYPE_INDEPENDENT = True

import os
import re

LIB = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..',
                                    'lib'))


def sources(*folders):
    for folder in folders:
        for dirpath, _, files in os.walk(os.path.join(LIB, folder)):
            for name in sorted(files):
                if name.endswith(('.c', '.h')):
                    path = os.path.join(dirpath, name)
                    with open(path, encoding='utf-8') as f:
                        yield os.path.relpath(path, LIB), f.read()


def code(text):
    """The text without comments and string literals' contents."""
    text = re.sub(r'/\*.*?\*/', '', text, flags=re.S)
    return re.sub(r'"(?:[^"\\\n]|\\.)*"', '""', text)


def offenders(pattern, folders, allowed=(), strip=True):
    found = []
    for rel, text in sources(*folders):
        if rel in allowed:
            continue
        for m in re.finditer(pattern, code(text) if strip else text):
            found.append('%s: %s' % (rel, m.group(0)))
    return found


def test_widths_are_named():
    # param_string_acceptable(s, len, N): N is 0 (any) or a named width.
    literal_width = r'param_string_acceptable\([^;]*?,\s*[1-9]\d*\s*\)'
    found = offenders(literal_width, ['actions', 'model'])
    assert not found, 'literal widths: %s' % found


def test_dates_are_read_in_one_place():
    assert offenders(r'\b(?:timegm|strptime|mktime)\s*\(|dddd-dd', ['.'],
                     allowed={'core/chamilo_date.c', 'core/chamilo_date.h'}, strip=False) == []


def test_hex_digits_are_read_in_one_place():
    assert offenders(r"'[aA]'\s*\+\s*10", ['.'], allowed={'core/hex.h'}) == []


def test_php_behaviours_live_in_lib_php():
    # print_r's "Array\n", serialize's "a:N:{", hand-written case loops.
    assert offenders(r'"Array\\n"|"a:"', ['actions', 'api', 'model', 'json', 'request'],
                     strip=False) == []
    assert offenders(r'\b(?:tolower|toupper)\s*\(', ['actions', 'api']) == []


def test_one_language_statement():
    found = offenders(r'dokeos_folder\s*=\s*(?:lower\()?\$1', ['.'], strip=False)
    assert found == ['model/language.c: dokeos_folder = $1'], found


def test_parse_context_is_a_leaf():
    for name in ('parse_context.h', 'parse_context.c'):
        with open(os.path.join(LIB, 'request', name), encoding='utf-8') as f:
            includes = re.findall(r'^#include "([^"]+)"', f.read(), re.M)
        assert [i for i in includes if i.startswith('request/') and
                not i.startswith('request/parse_context')] == [], (name, includes)
    # The context's functions are defined there only, and the parsers call
    # nothing of request.c, which calls them.
    text = {rel: code(t) for rel, t in sources('request')}
    for fn in ('parse_ctx_init', 'parse_fail', 'parse_count_leaf', 'parse_status_sentence'):
        definition = re.compile(r'^\w[\w \*]*\b%s\([^;{]*\)\s*\{' % fn, re.M)
        defined = [rel for rel, t in text.items() if rel.endswith('.c') and definition.search(t)]
        assert defined == ['request/parse_context.c'], (fn, defined)
    for rel in ('request/urlencoded.c', 'request/multipart.c', 'request/json_input.c'):
        assert not re.search(r'\b(?:request_parse|param_get)\(', text[rel]), rel
