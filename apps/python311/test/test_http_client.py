"""The raw-socket HTTP/1.1 client the runtime talks to the Runtime API with: answer
parsing (in-process) and whole exchanges against a real loopback server that writes
exactly the bytes a test gives it (split reads, chunked bodies, early closes)."""

import socket
import subprocess
import sys
import threading
import time
import unittest
import urllib.parse

from helpers import DIST_DIR, RuntimeTestCase, clean_env

sys.path.insert(0, DIST_DIR)
import lambda_engines_runtime as rt  # noqa: E402

NEXT_HEAD = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
    b"Lambda-Runtime-Aws-Request-Id: %s\r\nLambda-Runtime-Deadline-Ms: 1790000000000\r\n"
    b"Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:1:function:f\r\n"
    b"Lambda-Runtime-Trace-Id: Root=1-a;Sampled=1\r\nContent-Length: 2"
)


class ParseHeadTest(unittest.TestCase):
    def parse(self, head):
        """_read_answer_head() with the headers always as a dict: a head in the remembered
        layout comes back as its invocation values; its dict is rebuilt from the layout."""
        status, headers, keep_alive, length = rt._read_answer_head(head)
        if type(headers) is not dict:
            headers = dict(zip(rt._NEXT_SHAPE[1], rt._NEXT_SHAPE[0](head.decode("latin-1")).groups()))
        return status, headers, keep_alive, length

    def test_usual_next_answer(self):
        status, headers, keep_alive, length = self.parse(NEXT_HEAD % b"id-1")
        self.assertEqual((status, keep_alive, length), (200, True, 2))
        self.assertEqual(headers["Lambda-Runtime-Aws-Request-Id"], "id-1")
        self.assertEqual(headers["Lambda-Runtime-Trace-Id"], "Root=1-a;Sampled=1")

    def test_same_layout_again_reads_the_new_values(self):
        # The second parse takes the remembered-layout path.
        self.parse(NEXT_HEAD % b"id-1")
        _, headers, _, _ = self.parse(NEXT_HEAD % b"id-2")
        self.assertEqual(headers["Lambda-Runtime-Aws-Request-Id"], "id-2")
        # Same layout, but a value with extra leading whitespace: stripped like http.client.
        _, headers, _, _ = self.parse((NEXT_HEAD % b"id-3").replace(b"Id: id-3", b"Id: \t id-3"))
        self.assertEqual(headers["Lambda-Runtime-Aws-Request-Id"], "id-3")

    def test_compiled_layout_matcher_reads_what_the_line_parser_reads(self):
        # Two answers with one layout compile its matcher; later ones go through it, and
        # whatever it does not take whole goes through the line parser, with its results.
        self.parse(NEXT_HEAD % b"id-1")
        self.parse(NEXT_HEAD % b"id-2")
        self.assertIsNotNone(rt._NEXT_SHAPE[0])
        status, headers, keep_alive, length = self.parse(NEXT_HEAD % b"id-4")
        self.assertEqual((status, keep_alive, length), (200, True, 2))
        self.assertEqual(headers["Lambda-Runtime-Aws-Request-Id"], "id-4")
        self.assertEqual(headers["Lambda-Runtime-Deadline-Ms"], "1790000000000")
        self.assertEqual(list(headers), [
            "Content-Type", "Lambda-Runtime-Aws-Request-Id", "Lambda-Runtime-Deadline-Ms",
            "Lambda-Runtime-Invoked-Function-Arn", "Lambda-Runtime-Trace-Id", "Content-Length"])
        for head in (
            (NEXT_HEAD % b"id-5").replace(b"Id: id-5", b"Id:  id-5"),  # extra space: stripped
            (NEXT_HEAD % b"id-5").replace(b"Id: id-5", b"Id: id\n5"),  # a lone LF stays
            (NEXT_HEAD % b"id-5").replace(b"Length: 2", b"Length:  2 "),
        ):
            text = head.decode("latin-1")
            lines = text.split("\r\n")[1:]
            expected = rt._parse_header_lines(lines)
            _, headers, _, length = self.parse(head)
            self.assertEqual(headers, expected, msg=head)
            self.assertEqual(length, 2)
        with self.assertRaises(rt.RuntimeApiProtocolError):
            self.parse((NEXT_HEAD % b"id-6").replace(b"Length: 2", b"Length: 2x"))

    def test_invocation_from_remembered_layout_has_the_fields_of_its_headers(self):
        # A head in the remembered layout comes back from _read_answer_head() as the
        # invocation's header values: the invocation built from them equals the one built
        # from its headers dict, for headers present or absent and any deadline text.
        def fields(invocation):
            return [getattr(invocation, name) for name in rt.InvocationRequest.__slots__]

        all_headers = [
            ("Content-Type", "application/json"), ("Lambda-Runtime-Aws-Request-Id", "id-7"),
            ("Lambda-Runtime-Deadline-Ms", "1790000000000"),
            ("Lambda-Runtime-Client-Context", '{"c":1}'),
            ("Lambda-Runtime-Cognito-Identity", "{}"), ("Lambda-Runtime-Aws-Tenant-Id", "t1"),
            (rt.INVOCATION_ID_HEADER, "inv-1"), ("Lambda-Runtime-Trace-Id", "Root=1-a"),
            ("Lambda-Runtime-Invoked-Function-Arn", "arn:f"),
            ("Content-Length", "2"),
        ]
        for left_out in (None, "Lambda-Runtime-Client-Context", "Lambda-Runtime-Aws-Request-Id",
                         "Content-Type", "Lambda-Runtime-Deadline-Ms"):
            for deadline in ("1790000000000", "soon"):
                head = "HTTP/1.1 200 OK" + "".join(
                    "\r\n{}: {}".format(name, deadline if name.endswith("Deadline-Ms") else value)
                    for name, value in all_headers if name != left_out)
                head = head.encode("latin-1")
                for _ in range(3):  # the third one takes the compiled layout
                    _, values, _, length = rt._read_answer_head(head)
                    _, headers, _, _ = self.parse(head)
                self.assertIsInstance(values, tuple)
                self.assertEqual(length, 2)
                self.assertEqual(headers, rt._parse_header_lines(head.decode("latin-1").split("\r\n")[1:]))
                self.assertEqual(fields(rt.InvocationRequest.from_values(values, b"{}")),
                                 fields(rt.InvocationRequest(headers, b"{}")), msg=head)

    def test_header_names_are_case_insensitive(self):
        head = (b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\nLAMBDA-RUNTIME-AWS-REQUEST-ID: x\r\n"
                b"lambda-runtime-trace-id:no-space\r\nX-Other:\t tabbed ")
        status, headers, keep_alive, length = self.parse(head)
        self.assertEqual((status, keep_alive, length), (200, True, 5))
        self.assertEqual(headers["Lambda-Runtime-Aws-Request-Id"], "x")
        self.assertEqual(headers["Lambda-Runtime-Trace-Id"], "no-space")
        self.assertEqual(headers["X-Other"], "tabbed ")  # leading whitespace only, as http.client

    def test_first_of_repeated_headers_counts(self):
        _, headers, _, length = self.parse(
            b"HTTP/1.1 202 Accepted\r\nContent-Length: 3\r\nLambda-Runtime-Trace-Id: a\r\n"
            b"Lambda-Runtime-Trace-Id: b")
        self.assertEqual((headers["Lambda-Runtime-Trace-Id"], length), ("a", 3))

    def test_value_with_colons(self):
        _, headers, _, _ = self.parse(
            b"HTTP/1.1 200 OK\r\nLambda-Runtime-Client-Context: {\"a\": \"b: c\"}\r\nContent-Length: 0")
        self.assertEqual(headers["Lambda-Runtime-Client-Context"], '{"a": "b: c"}')

    def test_status_lines(self):
        self.assertEqual(self.parse(b"HTTP/1.1 202 Accepted\r\nContent-Length: 0")[0], 202)
        self.assertEqual(self.parse(b"HTTP/1.1 413 \r\nContent-Length: 0")[0], 413)
        self.assertEqual(self.parse(b"HTTP/1.1 204")[0:3], (204, {}, True))
        for bad in (b"HTTP/1.1 2000 OK", b"HTTP/1.1 OK-ish", b"HTTP/1.1 20", b"HTTP/2 200 OK",
                    b"HTTP/1.1  200 OK", b"ICY 200 OK", b"HTTP/1.1 2x0 OK", b""):
            with self.assertRaises(rt.RuntimeApiProtocolError, msg=bad):
                self.parse(bad + b"\r\nContent-Length: 0")

    def test_malformed_header_lines(self):
        for bad in (b"no colon here", b": empty name", b" folded: continuation"):
            with self.assertRaises(rt.RuntimeApiProtocolError, msg=bad):
                self.parse(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n" + bad)

    def test_content_length(self):
        self.assertEqual(self.parse(b"HTTP/1.1 200 OK\r\nContent-Length:  7 ")[3], 7)
        self.assertIsNone(self.parse(b"HTTP/1.1 200 OK\r\nX: y")[3])
        for bad in (b"-1", b"1_0", b"0x10", b"\xb2", b"", b"+5"):
            with self.assertRaises(rt.RuntimeApiProtocolError, msg=bad):
                self.parse(b"HTTP/1.1 200 OK\r\nContent-Length: " + bad + b"\r\nX: y")

    def test_chunked_wins_over_content_length(self):
        _, _, _, length = self.parse(
            b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked")
        self.assertIsNone(length)

    def test_keep_alive(self):
        self.assertFalse(self.parse(b"HTTP/1.1 202 Accepted\r\nConnection: close\r\nContent-Length: 0")[2])
        self.assertFalse(self.parse(b"HTTP/1.0 202 Accepted\r\nContent-Length: 0")[2])
        self.assertTrue(self.parse(b"HTTP/1.0 202 Accepted\r\nConnection: Keep-Alive\r\nContent-Length: 0")[2])


class QuoteTest(unittest.TestCase):
    def test_same_as_urllib_quote(self):
        for text in ("8476a536-e9f4-11e8-9739-2dfe598c3fcd", "a/b c", "é€😀", "~._-", "%41", ""):
            self.assertEqual(rt._quote_segment(text), urllib.parse.quote(text, safe=""), text)


class RawServer:
    """A loopback server that answers each request with the bytes `answer(conn, n, request)`
    returns: a list of pieces (bytes, sent with a short pause between them), or None to
    close the connection without answering; "CLOSE" after the pieces closes it."""

    def __init__(self, answer):
        self.answer = answer
        self.requests = []
        # The bytes that had already arrived behind each request when it was read.
        self.behind = []
        self.connections = 0
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.address = "127.0.0.1:{}".format(self.listener.getsockname()[1])
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._handle, args=(conn, self.connections), daemon=True).start()

    def _handle(self, conn, index):
        buf = b""
        n = 0
        with conn:
            while True:
                while b"\r\n\r\n" not in buf:
                    data = conn.recv(65536)
                    if not data:
                        return
                    buf += data
                head, _, buf = buf.partition(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n")[1:]:
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                while len(buf) < length:
                    buf += conn.recv(65536)
                self.requests.append((index, head + b"\r\n\r\n" + buf[:length]))
                buf = buf[length:]
                self.behind.append(buf)
                pieces = self.answer(index, n, head)
                n += 1
                if pieces is None:
                    return
                for piece in pieces:
                    if piece == "CLOSE":
                        return
                    conn.sendall(piece)
                    time.sleep(0.002)

    def close(self):
        self.listener.close()


def next_answer(request_id, body=b"{}", extra=b""):
    return (b"HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: " + request_id + b"\r\n" + extra
            + b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)


ACCEPTED = b'HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{"status":"OK"}'


class ClientExchangeTest(unittest.TestCase):
    def client_for(self, answer):
        server = RawServer(answer)
        self.addCleanup(server.close)
        client = rt.RuntimeApiClient(server.address)
        self.addCleanup(client._conn.close)
        return server, client

    def test_split_reads(self):
        whole = next_answer(b"split", b'{"k": "v"}', b"lambda-runtime-trace-id: T\r\n")
        server, client = self.client_for(lambda c, n, head: [whole[i:i + 3] for i in range(0, len(whole), 3)])
        invocation = client.next_invocation()
        self.assertEqual((invocation.invoke_id, invocation.x_amzn_trace_id), ("split", "T"))
        self.assertEqual(bytes(invocation.event_body), b'{"k": "v"}')

    def test_one_kept_alive_connection_and_the_identical_202_shortcut(self):
        def answer(c, n, head):
            return [next_answer(b"id-%d" % n)] if head.startswith(b"GET") else [ACCEPTED]

        server, client = self.client_for(answer)
        for _ in range(3):
            invocation = client.next_invocation()
            client.post_response(invocation, b"{}", "application/json")
        self.assertEqual(server.connections, 1)
        # 3 x (next + result), and the /next sent behind the last result (the server
        # reads it once it has answered the result).
        deadline = time.monotonic() + 5
        while len(server.requests) < 7 and time.monotonic() < deadline:
            time.sleep(0.01)
        self.assertEqual(len(server.requests), 7)
        self.assertTrue(server.requests[1][1].startswith(
            b"POST /2018-06-01/runtime/invocation/id-0/response HTTP/1.1\r\n"))

    def test_next_goes_out_in_the_same_write_as_a_small_result(self):
        def answer(c, n, head):
            return [next_answer(b"id-%d" % n)] if head.startswith(b"GET") else [ACCEPTED]

        server, client = self.client_for(answer)
        client.post_response(client.next_invocation(), b'{"small": true}', "application/json")
        self.assertTrue(server.behind[1].startswith(b"GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\n"))
        self.assertEqual(client.next_invocation().invoke_id, "id-2")
        self.assertEqual([r[:4] for _, r in server.requests], [b"GET ", b"POST", b"GET "])
        self.assertEqual(server.connections, 1)

    def test_a_large_result_goes_alone(self):
        def answer(c, n, head):
            return [next_answer(b"id-%d" % n)] if head.startswith(b"GET") else [ACCEPTED]

        server, client = self.client_for(answer)
        client.post_response(client.next_invocation(), b'"' + b"x" * 70000 + b'"', "application/json")
        self.assertEqual(len(server.requests), 2)
        self.assertEqual(server.behind[1], b"")
        self.assertEqual(client.next_invocation().invoke_id, "id-2")

    def test_pipelined_next_lost_to_a_closed_connection_is_sent_again(self):
        # The server takes the result, then closes without answering the /next behind it.
        def answer(c, n, head):
            if c == 1:
                return [next_answer(b"first")] if n == 0 else [ACCEPTED] if n == 1 else None
            return [next_answer(b"again")]

        server, client = self.client_for(answer)
        client.post_response(client.next_invocation(), b"{}", "application/json")
        self.assertEqual(client.next_invocation().invoke_id, "again")
        self.assertEqual([(c, r[:4]) for c, r in server.requests],
                         [(1, b"GET "), (1, b"POST"), (1, b"GET "), (2, b"GET ")])

    def test_a_refused_result_still_reads_the_next_sent_behind_it(self):
        refused = b"HTTP/1.1 400 Bad Request\r\nContent-Length: 2\r\n\r\n{}"

        def answer(c, n, head):
            return [next_answer(b"id-%d" % n)] if head.startswith(b"GET") else [refused]

        server, client = self.client_for(answer)
        with self.assertRaises(rt.RuntimeApiError) as ctx:
            client.post_response(client.next_invocation(), b"{}", "application/json")
        self.assertFalse(ctx.exception.fatal)
        self.assertEqual(client.next_invocation().invoke_id, "id-2")
        self.assertEqual(server.connections, 1)

    def test_request_bytes(self):
        server, client = self.client_for(lambda c, n, head: [next_answer(b"a b/c")] if n == 0 else [ACCEPTED])
        invocation = client.next_invocation()
        client.post_response(invocation, b'{"x": 1}', "application/json")
        get, post = (r for _, r in server.requests)
        self.assertEqual(get, b"GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: " + server.address.encode()
                         + b"\r\nUser-Agent: " + rt.USER_AGENT.encode() + b"\r\n\r\n")
        self.assertTrue(post.startswith(b"POST /2018-06-01/runtime/invocation/a%20b%2Fc/response HTTP/1.1\r\n"))
        self.assertIn(b"\r\nContent-Type: application/json\r\nContent-Length: 8\r\n\r\n{\"x\": 1}", post)

    def test_body_without_content_length_runs_to_the_close(self):
        head = b"HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: eof\r\n\r\n"
        server, client = self.client_for(lambda c, n, h: [head, b'{"a":', b" 1}", "CLOSE"] if c == 1 else
                                          [next_answer(b"second")])
        self.assertEqual(bytes(client.next_invocation().event_body), b'{"a": 1}')
        self.assertIsNone(client._conn.sock)  # no framing: the connection cannot be reused
        self.assertEqual(client.next_invocation().invoke_id, "second")
        self.assertEqual(server.connections, 2)

    def test_chunked_answer_then_the_connection_goes_on(self):
        chunked = (b"HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: ch\r\nTransfer-Encoding: chunked\r\n\r\n"
                   b"3;ext=1\r\n{\"a\r\n", b"6\r\n\": [1]\r\n1\r\n}\r\n0\r\nX-Trailer: t\r\n\r\n")
        server, client = self.client_for(lambda c, n, h: list(chunked) if n == 0 else [next_answer(b"after")])
        self.assertEqual(bytes(client.next_invocation().event_body), b'{"a": [1]}')
        self.assertEqual(client.next_invocation().invoke_id, "after")
        self.assertEqual(server.connections, 1)

    def assert_fatal(self, pieces, pattern):
        server, client = self.client_for(lambda c, n, h: pieces)
        with self.assertRaises(rt.RuntimeApiError) as ctx:
            client.next_invocation()
        self.assertTrue(ctx.exception.fatal)
        self.assertRegex(str(ctx.exception), pattern)
        return server

    def test_malformed_answers(self):
        self.assert_fatal([b"HTTP/1.1 2000 OK\r\nContent-Length: 2\r\n\r\n{}"], "RuntimeApiProtocolError: malformed status")
        self.assert_fatal([b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"],
                          "RuntimeApiProtocolError: malformed chunk size")
        self.assert_fatal([b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}XX0\r\n\r\n"],
                          "RuntimeApiProtocolError: a chunk is not followed by CRLF")
        self.assert_fatal([b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n"], "unsupported Transfer-Encoding")
        self.assert_fatal([b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * 70000 + b"\r\nContent-Length: 2\r\n\r\n{}"],
                          "larger than 65536 bytes")

    def test_cut_answers(self):
        self.assert_fatal([b"HTTP/1.1 200 OK\r\nContent-Type: applica", "CLOSE"],
                          "RuntimeApiConnectionClosed: .*middle of the answer's headers")
        self.assert_fatal([b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"partial\":", "CLOSE"],
                          r"RuntimeApiConnectionClosed: .*after 11 of 100 body bytes")
        self.assert_fatal([b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{}", "CLOSE"],
                          "RuntimeApiConnectionClosed: .*chunked body")
        # Closed before anything on a new (not reused) connection: no retry.
        server = self.assert_fatal(None, "RuntimeApiConnectionClosed: .*without an answer")
        self.assertEqual(server.connections, 1)

    def test_interim_100_continue_is_skipped(self):
        server, client = self.client_for(lambda c, n, h: [b"HTTP/1.1 100 Continue\r\n\r\n" + next_answer(b"final")])
        self.assertEqual(client.next_invocation().invoke_id, "final")

    def test_peer_closing_the_kept_alive_connection_is_retried_once(self):
        # The server answers once per connection and then closes without saying so.
        def answer(c, n, head):
            return [next_answer(b"conn-%d" % c)] if n == 0 else None

        server, client = self.client_for(answer)
        self.assertEqual(client.next_invocation().invoke_id, "conn-1")
        self.assertEqual(client.next_invocation().invoke_id, "conn-2")
        self.assertEqual(server.connections, 2)
        # One request was lost to the closed connection, then sent again.
        self.assertEqual([c for c, _ in server.requests], [1, 1, 2])

    def test_connection_close_header_reconnects_without_a_retry(self):
        server, client = self.client_for(
            lambda c, n, h: [next_answer(b"c%d" % c, extra=b"Connection: close\r\n")])
        self.assertEqual(client.next_invocation().invoke_id, "c1")
        self.assertEqual(client.next_invocation().invoke_id, "c2")
        self.assertEqual(len(server.requests), 2)

    def test_large_event_arrives_whole(self):
        body = b'{"big": "' + b"e" * (5 * 1024 * 1024) + b'"}'
        server, client = self.client_for(lambda c, n, h: [next_answer(b"big", body)])
        invocation = client.next_invocation()
        self.assertEqual(len(invocation.event_body), len(body))
        self.assertEqual(rt.unmarshal_request(invocation.event_body, None), {"big": "e" * (5 * 1024 * 1024)})

    def test_stream_writer_reports_the_servers_answer(self):
        def answer(c, n, head):
            return [b"HTTP/1.1 413 Payload Too Large\r\nContent-Length: 9\r\n\r\ntoo large", "CLOSE"]

        server, client = self.client_for(answer)
        invocation = rt.InvocationRequest({"Lambda-Runtime-Aws-Request-Id": "s"}, b"{}")
        writer = client.open_stream(invocation, "text/plain")
        try:
            with self.assertRaises(rt.RuntimeApiError) as ctx:
                writer.write(b"x" * 100)
                writer.finish()
        finally:
            writer.close()
        self.assertEqual(ctx.exception.status, 413)
        self.assertIn("too large", str(ctx.exception))


class StartupImportsTest(unittest.TestCase):
    def test_no_heavy_imports_at_start(self):
        # -S: without site, whose .pth files may import anything.
        code = ("import sys; sys.path.insert(0, {!r}); import lambda_engines_runtime; "
                "print(' '.join(sorted(sys.modules)))").format(DIST_DIR)
        done = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True,
                              env=clean_env(), timeout=20, check=True)
        loaded = set(done.stdout.split())
        for name in ("http.client", "email", "ssl", "logging", "decimal", "traceback", "threading",
                     "urllib.parse", "base64", "datetime", "select", "signal", "socket", "importlib.util",
                     "encodings.idna"):
            self.assertNotIn(name, loaded)


class LazyLoggingTest(RuntimeTestCase):
    def test_logging_imported_by_the_handler_is_set_up_then(self):
        result, proc = self.invoke_one("lazy_logging.handler", {"n": 3})
        self.assertEqual(result.json(), {"handlers": 1})
        out = proc.stdout
        self.assertIn("before logging was imported\n", out)
        self.assertIn("after logging was imported\n", out)
        self.assertRegex(out, r"(?m)^\[WARNING\]\t\S+\t{}\tlate warning 3$".format(result.request_id))

    def test_streaming_with_http_and_socket_patched_by_the_handler(self):
        proc = self.spawn("patches_http.stream")
        rid = self.api.add_invocation({})
        self.api.wait_finished(1)
        proc.stop()
        result = self.api.result_for(rid)
        self.assertEqual(result.body, b"streamed despite the patches")
        self.assertEqual(proc.stderr, "")


if __name__ == "__main__":
    unittest.main()
