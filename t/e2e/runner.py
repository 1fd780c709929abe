#!/usr/bin/env python3
"""runner - finds and runs the end-to-end tests against a running stack.

    python3 t/e2e/runner.py --base-url http://127.0.0.1:PORT --stack-dir DIR [-k SUBSTRING] [-x]
                            [--front-end apache] [--only PATH]...

Discovers t/e2e/**/test_*.py, the API's end-to-end tests, and the tests of
the tooling kept beside it (TOOLING_FOLDERS: t/bench/test_*.py check the
bench's scripts), sorted by their path under t/e2e/ (bench/... for
t/bench/), imports each, and runs every function named test_* in the order
the file defines them. A test taking an
argument `enc` runs once per encoding: the ones its @encodings/@both_encodings
decorator names, else 'urlencoded' then 'multipart'. One line per test:

    ok   users/test_profile.py::test_own_profile[multipart]
    FAIL users/test_profile.py::test_own_profile[multipart]: message
         (then the traceback)

and a closing line `e2e: N passed, N failed`. A failing (or erroring)
test does not stop the others; a file that does not import counts as one
failure. Exit status 1 when anything failed or nothing ran.

A module may define setup_module() / teardown_module(); a failing
setup_module fails every test of that file.

Type settings: `make test` runs the suite once per php_types setting (8,
then 7.4; E2E_PHP_TYPES says which, harness.PHP_TYPES). A module whose
answers do not depend on the setting (the pool's fault tests, ...) sets
TYPE_INDEPENDENT = True and runs in the first pass only.
--front-end names the web server in front of the pool at --base-url (default
nginx; harness.FRONT_END). The tests of a folder named after a front end
(apache/) run only with that front end. --only PATH (repeatable) keeps the
files whose path under t/e2e/ starts with one of the PATHs: t/e2e/run.sh runs
a subset this way through Apache.

Only the standard library is used (python3.11).
"""

import argparse
import importlib.util
import inspect
import os
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))

# Folders whose tests are about one front end: they run only behind it.
FRONT_END_FOLDERS = ('apache',)

# Folders of t/ beside t/e2e/ whose test_*.py check the tooling they hold
# (scripts, not the API); they run with the end-to-end tests, on the same
# stack, labelled by their path under t/ (bench/test_plot.py).
TOOLING_FOLDERS = ('bench',)


def discover(root, tooling=()):
    """[(path, label path)] of the test_*.py under root (labelled by their path
    under root) and under each folder of `tooling` (labelled by their path
    under the folder's parent), sorted by label, skipping caches and dot
    folders."""
    found = []
    for top, base in [(root, root)] + [(folder, os.path.dirname(folder)) for folder in tooling]:
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(('.', '__')))
            for name in filenames:
                if name.startswith('test_') and name.endswith('.py'):
                    path = os.path.join(dirpath, name)
                    found.append((path, os.path.relpath(path, base)))
    return sorted(found, key=lambda pair: pair[1])


def load(path, rel):
    """Imports a test file under a unique module name derived from its label
    path."""
    modname = 'e2e_' + rel[:-3].replace(os.sep, '_').replace('.', '_')
    spec = importlib.util.spec_from_file_location(modname, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[modname] = module
    spec.loader.exec_module(module)
    return module


def tests_of(module):
    """[(name, function)] of the module's own test_* functions, in file order."""
    found = []
    for name, obj in vars(module).items():
        if name.startswith('test_') and inspect.isfunction(obj) and obj.__module__ == module.__name__:
            found.append((obj.__code__.co_firstlineno, name, obj))
    return [(name, obj) for _, name, obj in sorted(found, key=lambda t: t[0])]


def cases_of(func, default_encodings):
    """[(label suffix, kwargs)]: one per encoding for tests taking `enc`."""
    params = inspect.signature(func).parameters
    if 'enc' in params:
        encs = getattr(func, 'e2e_encodings', None) or default_encodings
        return [('[%s]' % enc, {'enc': enc}) for enc in encs]
    return [('', {})]


def short_error(exc):
    text = str(exc).strip().splitlines()
    first = text[0] if text else ''
    name = type(exc).__name__
    if isinstance(exc, AssertionError):
        return first or 'assertion failed'
    return '%s: %s' % (name, first) if first else name


def matches(keyword, label):
    """True when -k selects label: no -k, or one of its "|"-separated
    substrings is in it."""
    return not keyword or any(k and k in label for k in keyword.split('|'))


def main(argv=None):
    ap = argparse.ArgumentParser(description='Runs the end-to-end tests.')
    ap.add_argument('--base-url', required=True, help='http://127.0.0.1:PORT of the stack')
    ap.add_argument('--stack-dir', required=True, help="the stack's state folder (stack.env)")
    ap.add_argument('-k', dest='keyword', default=None,
                    help='run only tests whose "file::name[enc]" contains this substring'
                         ' (several, separated by "|": any of them)')
    ap.add_argument('-x', dest='exitfirst', action='store_true', help='stop at the first failure')
    ap.add_argument('--front-end', default='nginx', help='the web server at --base-url')
    ap.add_argument('--only', action='append', default=[], metavar='PATH',
                    help='run only the files whose path starts with PATH (repeatable)')
    ap.add_argument('--root', default=HERE, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    # Test files import the harness by name.
    sys.path.insert(0, HERE)
    import harness
    harness.configure(args.base_url, os.path.abspath(args.stack_dir))
    harness.FRONT_END = args.front_end

    passed = failed = 0
    started = time.monotonic()
    stop = False
    # The tooling's tests run with t/e2e/'s own, not with another --root's.
    tooling = ()
    if os.path.abspath(args.root) == HERE:
        tooling = [os.path.join(os.path.dirname(HERE), name) for name in TOOLING_FOLDERS]
    for path, rel in discover(args.root, tooling):
        if stop:
            break
        top = rel.split(os.sep)[0]
        if top in FRONT_END_FOLDERS and top != args.front_end:
            continue
        if args.only and not any(rel.startswith(prefix) for prefix in args.only):
            continue
        try:
            module = load(path, rel)
        except BaseException as exc:  # a syntax error must not end the run
            if isinstance(exc, KeyboardInterrupt):
                raise
            if not matches(args.keyword, rel):
                continue
            failed += 1
            print('FAIL %s::<import>: %s' % (rel, short_error(exc)))
            print(indent(traceback.format_exc()))
            continue
        if harness.PHP_TYPES != '8' and getattr(module, 'TYPE_INDEPENDENT', False):
            continue
        selected = []
        for name, func in tests_of(module):
            for suffix, kwargs in cases_of(func, harness.DEFAULT_ENCODINGS):
                label = '%s::%s%s' % (rel, name, suffix)
                if not matches(args.keyword, label):
                    continue
                selected.append((label, func, kwargs))
        if not selected:
            continue
        setup_error = None
        setup = getattr(module, 'setup_module', None)
        if callable(setup):
            try:
                setup()
            except Exception:
                setup_error = traceback.format_exc()
        for label, func, kwargs in selected:
            if setup_error is not None:
                failed += 1
                print('FAIL %s: setup_module failed' % label)
                continue
            t0 = time.monotonic()
            try:
                func(**kwargs)
            except KeyboardInterrupt:
                raise
            except BaseException as exc:
                failed += 1
                print('FAIL %s: %s' % (label, short_error(exc)))
                print(indent(traceback.format_exc()))
                if args.exitfirst:
                    stop = True
                    break
            else:
                passed += 1
                slow = time.monotonic() - t0
                print('ok   %s%s' % (label, '  (%.1fs)' % slow if slow >= 1 else ''))
            sys.stdout.flush()
        if setup_error is not None:
            print(indent(setup_error))
        teardown = getattr(module, 'teardown_module', None)
        if callable(teardown):
            try:
                teardown()
            except Exception:
                failed += 1
                print('FAIL %s::teardown_module' % rel)
                print(indent(traceback.format_exc()))

    if passed + failed == 0:
        print('no test ran%s' % (' (nothing matches -k %r)' % args.keyword if args.keyword else ''))
    print('(%.1fs)' % (time.monotonic() - started))
    print('e2e: %d passed, %d failed' % (passed, failed))
    sys.stdout.flush()
    return 0 if failed == 0 and passed > 0 else 1


def indent(text):
    return '\n'.join('     ' + line for line in text.rstrip().splitlines())


if __name__ == '__main__':
    sys.exit(main())
