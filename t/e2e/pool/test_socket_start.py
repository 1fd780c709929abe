"""The pool's unix socket appears only once it listens: a web server that
connects while the pool starts is never refused by a path that exists but
does not accept yet, nor finds it owner-only (fcgi/main.c binds under a
staging name and renames the listening socket into place).
"""

# Answers here do not depend on php_types: the first pass runs it.
TYPE_INDEPENDENT = True

import os
import socket
import stat
import time

import harness


class _WatchedStart(harness.Pool):
    """A pool whose start is watched from the first instant: the path is
    polled without sleeping, and the first time it exists it is stat'ed and
    connected to at once. strace holds every listen(2) of the pool for half a
    second, so a path that appears before its socket listens is seen doing
    so every time, not by luck. With -D strace is not the parent: the pool
    is the process the harness stops."""

    command_prefix = ('strace', '-D', '-f', '-qq', '-o', '/dev/null', '-e', 'trace=listen',
                      '-e', 'inject=listen:delay_enter=500000')
    first_sight = None

    def _listening(self):
        if self.first_sight is None:
            deadline = time.monotonic() + 10
            while not os.path.exists(self.socket):
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    return False
            try:
                mode = stat.S_IMODE(os.stat(self.socket).st_mode)
            except FileNotFoundError:
                mode = None
            probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                probe.connect(self.socket)
                connected = 'accepted'
            except OSError as e:
                connected = 'refused: %s' % e
            finally:
                probe.close()
            self.first_sight = (mode, connected)
        return super()._listening()


def test_the_socket_listens_with_its_mode_from_the_moment_it_exists():
    for _ in range(2):
        pool = _WatchedStart({})
        with pool:
            assert pool.first_sight == (0o666, 'accepted'), pool.first_sight
            assert not os.path.exists(pool.socket + '.new')
            status, _, body = pool.request({'REQUEST_METHOD': 'GET', 'QUERY_STRING': 'action=x',
                                            'SCRIPT_NAME': '/main/webservices/api/v2.php'})
            assert status == 200 and body.startswith(b'{"error":true'), (status, body)
