"""A real (loopback) fake of the Lambda Runtime API for tests.

It serves queued invocations on GET /next (blocking while the queue is empty,
as Lambda does), records every request (method, path, headers, body, chunks
with their arrival times, trailers, and which TCP connection carried it), and
answers POSTs with 202 unless a test overrides the status.

http.server does not decode chunked request bodies, so the handler parses the
chunked framing and trailers by hand.
"""

import itertools
import json
import select
import socket
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

API = "/2018-06-01"
NEXT_PATH = API + "/runtime/invocation/next"
INIT_ERROR_PATH = API + "/runtime/init/error"


def _peer_gone(sock):
    try:
        readable, _, _ = select.select([sock], [], [], 0)
        return bool(readable) and sock.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


class RecordedRequest:
    def __init__(self, method, path, headers, conn_id):
        self.method = method
        self.path = path
        self.headers = headers  # email.message.Message: case-insensitive get()
        self.conn_id = conn_id
        self.body = b""
        self.chunks = []
        self.chunk_times = []
        self.trailers = {}
        self.chunked = False
        self.complete = False
        self.received_at = time.monotonic()
        self.status = None

    @property
    def kind(self):
        if self.path == NEXT_PATH:
            return "next"
        if self.path == INIT_ERROR_PATH:
            return "init_error"
        if self.path.endswith("/response"):
            return "response"
        if self.path.endswith("/error"):
            return "error"
        return "other"

    @property
    def request_id(self):
        parts = self.path.split("/")
        return parts[-2] if self.kind in ("response", "error") else None

    def json(self):
        return json.loads(self.body)

    def __repr__(self):
        return "<{} {} conn={} status={} body={!r:.200}>".format(
            self.method, self.path, self.conn_id, self.status, self.body
        )


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    _conn_ids = itertools.count(1)

    def setup(self):
        super().setup()
        self.conn_id = next(self._conn_ids)
        self.api = self.server.api

    def log_message(self, format, *args):
        pass

    def _record(self):
        rec = RecordedRequest(self.command, self.path, self.headers, self.conn_id)
        with self.api.cond:
            self.api.requests.append(rec)
            self.api.cond.notify_all()
        return rec

    def _reply(self, rec, status, body=b"", headers=None):
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()
        with self.api.cond:
            rec.status = status
            rec.complete = True
            self.api.cond.notify_all()

    def do_GET(self):
        rec = self._record()
        if self.path != NEXT_PATH:
            self._reply(rec, 404, b'{"errorMessage":"not found","errorType":"NotFound"}')
            return
        override = self.api.status_for(rec)
        if override is not None:
            status, body = override
            self._reply(rec, status, body)
            return
        invocation = self.api._take_invocation(self.connection)
        if invocation is None:  # shutting down
            self.close_connection = True
            return
        headers = {
            "Lambda-Runtime-Aws-Request-Id": invocation["id"],
            "Lambda-Runtime-Deadline-Ms": str(int(time.time() * 1000) + 30000),
            "Lambda-Runtime-Invoked-Function-Arn": "arn:aws:lambda:us-east-1:123456789012:function:test-fn",
            "Content-Type": "application/json",
        }
        headers.update(invocation["headers"])
        headers = {k: v for k, v in headers.items() if v is not None}
        self._reply(rec, 200, invocation["body"], headers)

    def _read_chunked(self, rec):
        rec.chunked = True
        while True:
            line = self.rfile.readline(65537)
            if not line:
                raise ConnectionError("EOF inside a chunked body")
            size = int(line.split(b";", 1)[0].strip(), 16)
            if size == 0:
                break
            data = self.rfile.read(size)
            crlf = self.rfile.read(2)
            if len(data) != size or crlf != b"\r\n":
                raise ConnectionError("malformed chunk")
            with self.api.cond:
                rec.chunks.append(data)
                rec.chunk_times.append(time.monotonic())
                self.api.cond.notify_all()
        while True:
            line = self.rfile.readline(65537)
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            rec.trailers[name.strip()] = value.strip()
        rec.body = b"".join(rec.chunks)

    def do_POST(self):
        rec = self._record()
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            try:
                self._read_chunked(rec)
            except (ConnectionError, ValueError):
                self.close_connection = True
                with self.api.cond:
                    rec.complete = True
                    rec.status = "aborted"
                    self.api.cond.notify_all()
                return
        else:
            length = int(self.headers.get("Content-Length") or 0)
            rec.body = self.rfile.read(length) if length else b""
        override = self.api.status_for(rec)
        if override is not None:
            status, body = override
        else:
            status, body = 202, b'{"status":"OK"}'
        self._reply(rec, status, body, {"Content-Type": "application/json"})
        if self.api.close_after_post:
            # Close the kept-alive connection without telling the client, as an
            # idle timeout on the server side would.
            self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A runtime killed at the end of a test resets its connection: not news.
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class FakeRuntimeApi:
    def __init__(self):
        self.requests = []
        self.cond = threading.Condition()
        self._queue = []
        self._closed = False
        self.close_after_post = False
        self.status_override = None  # callable(RecordedRequest) -> (status, body) | None
        self.server = _Server(("127.0.0.1", 0), _Handler)
        self.server.api = self
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)

    def start(self):
        self.thread.start()
        return self

    @property
    def address(self):
        host, port = self.server.server_address[:2]
        return "{}:{}".format(host, port)

    def status_for(self, rec):
        if self.status_override is None:
            return None
        return self.status_override(rec)

    def add_invocation(self, event=None, request_id=None, headers=None, raw=None):
        request_id = request_id or str(uuid.uuid4())
        body = raw if raw is not None else json.dumps(event).encode("utf-8")
        with self.cond:
            self._queue.append({"id": request_id, "body": body, "headers": headers or {}})
            self.cond.notify_all()
        return request_id

    def _take_invocation(self, sock):
        # Like Lambda, block until there is an event; but give up if the client
        # went away meanwhile, so that a stopped runtime's pending /next does not
        # swallow an event meant for the next runtime a test starts.
        with self.cond:
            while not self._queue and not self._closed:
                self.cond.wait(0.05)
                if _peer_gone(sock):
                    return None
            if self._closed:
                return None
            return self._queue.pop(0)

    def wait_until(self, predicate, timeout=10.0):
        deadline = time.monotonic() + timeout
        with self.cond:
            while not predicate():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        "timed out waiting; requests so far: {!r}".format(self.requests)
                    )
                self.cond.wait(remaining)

    def finished(self, kinds=("response", "error", "init_error")):
        with self.cond:
            return [r for r in self.requests if r.kind in kinds and r.complete]

    def wait_finished(self, count, timeout=10.0):
        self.wait_until(lambda: len(self.finished()) >= count, timeout)
        return self.finished()

    def has_result(self, request_id):
        return any(r.request_id == request_id for r in self.finished())

    def result_for(self, request_id):
        for r in self.finished():
            if r.request_id == request_id:
                return r
        raise AssertionError("no result for {}: {!r}".format(request_id, self.requests))

    def close(self):
        with self.cond:
            self._closed = True
            self.cond.notify_all()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)
