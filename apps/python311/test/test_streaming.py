"""Response streaming: chunks as yielded, error trailers, the HTTP prelude."""

import base64
import json
import os
import tempfile

from helpers import RuntimeTestCase

ERROR_TYPE = "Lambda-Runtime-Function-Error-Type"
ERROR_BODY = "Lambda-Runtime-Function-Error-Body"


class StreamingTest(RuntimeTestCase):
    def assert_streaming_headers(self, rec, content_type="application/octet-stream"):
        self.assertEqual(rec.method, "POST")
        self.assertTrue(rec.path.endswith("/response"))
        self.assertEqual(rec.headers.get("Lambda-Runtime-Function-Response-Mode"), "streaming")
        self.assertEqual(rec.headers.get("Transfer-Encoding"), "chunked")
        self.assertEqual(rec.headers.get("Trailer"), "{}, {}".format(ERROR_TYPE, ERROR_BODY))
        self.assertEqual(rec.headers.get("Content-Type"), content_type)
        self.assertIsNone(rec.headers.get("Content-Length"))
        self.assertTrue(rec.chunked)

    def test_each_yield_is_one_chunk(self):
        result, _ = self.invoke_one("streaming.chunks", {"chunks": ["a", "bb", "ccc"]})
        self.assert_streaming_headers(result)
        self.assertEqual(result.chunks, [b"a", b"bb", b"ccc"])
        self.assertEqual(result.trailers, {})
        self.assertEqual(result.status, 202)

    def test_chunks_arrive_while_the_generator_is_still_running(self):
        gate = os.path.join(tempfile.mkdtemp(), "gate")
        self.addCleanup(lambda: os.path.exists(gate) and os.remove(gate))
        rid = self.api.add_invocation({"gate": gate})
        proc = self.spawn("streaming.gated")

        def first_chunk_seen():
            return any(r.kind == "response" and r.chunks for r in self.api.requests)

        self.api.wait_until(first_chunk_seen, 10)
        stream = next(r for r in self.api.requests if r.kind == "response")
        self.assertEqual(stream.chunks, [b"first"])
        self.assertFalse(stream.complete)
        open(gate, "w").close()  # let the generator continue
        self.api.wait_finished(1)
        proc.stop()
        result = self.api.result_for(rid)
        self.assertEqual(result.chunks, [b"first", b"second"])

    def test_stream_uses_its_own_connection_and_keep_alive_continues(self):
        results, _ = self.invoke("streaming.chunks", [{"chunks": ["x"]}, {"chunks": ["y"]}, {"chunks": ["z"]}])
        nexts = [r for r in self.api.requests if r.kind == "next"]
        self.assertEqual(len({r.conn_id for r in nexts}), 1)
        stream_conns = {r.conn_id for r in results}
        self.assertEqual(len(stream_conns), 3)
        self.assertNotIn(nexts[0].conn_id, stream_conns)

    def test_mid_stream_error_ends_the_body_with_trailers(self):
        result, proc = self.invoke_one("streaming.fails_mid_stream")
        self.assert_streaming_headers(result)
        self.assertEqual(result.chunks, [b"partial-1 ", b"partial-2"])
        self.assertEqual(result.body, b"partial-1 partial-2")
        self.assertEqual(result.trailers[ERROR_TYPE], "ValueError")
        error = json.loads(base64.b64decode(result.trailers[ERROR_BODY]))
        self.assertEqual(list(error), ["errorMessage", "errorType", "requestId", "stackTrace"])
        self.assertEqual(error["errorMessage"], "stream broke")
        self.assertEqual(error["errorType"], "ValueError")
        self.assertEqual(error["requestId"], result.request_id)
        self.assertIn("in fails_mid_stream", error["stackTrace"][-1])
        self.assertNotIn("lambda_engines_runtime", "".join(error["stackTrace"]))
        self.assertIn("[ERROR] ValueError: stream broke\rTraceback", proc.stdout)
        self.assertEqual([r.kind for r in self.api.finished()], ["response"])

    def test_error_before_the_first_chunk_is_an_ordinary_error(self):
        result, _ = self.invoke_one("streaming.fails_before_first")
        self.assertEqual(result.kind, "error")
        self.assertEqual(result.headers.get(ERROR_TYPE), "KeyError")
        self.assertEqual(result.json()["errorMessage"], "'no data'")
        self.assertFalse([r for r in self.api.requests if r.kind == "response"])

    def test_non_bytes_chunk_is_a_marshal_error_in_trailers(self):
        result, _ = self.invoke_one("streaming.bad_chunk")
        self.assertEqual(result.chunks, [b"ok"])
        self.assertEqual(result.trailers[ERROR_TYPE], "Runtime.MarshalError")
        error = json.loads(base64.b64decode(result.trailers[ERROR_BODY]))
        self.assertEqual(error["errorMessage"],
                         "Unable to marshal response: streamed chunks must be str or bytes, not int")

    def test_http_prelude(self):
        result, _ = self.invoke_one("streaming.prelude")
        self.assert_streaming_headers(result, "application/vnd.awslambda.http-integration-response")
        prelude = ('{"statusCode":201,"headers":{"Content-Type":"text/plain","X-Custom":"ü"},'
                   '"cookies":["a=1; Path=/","b=2"]}').encode("utf-8")
        # The bytes Node's HttpResponseStream.from(stream, prelude) produces:
        # JSON.stringify(prelude), 8 NUL bytes, then the body.
        self.assertEqual(result.body, prelude + b"\x00" * 8 + b"hello world")
        self.assertEqual(result.chunks[0], prelude + b"\x00" * 8)
        self.assertEqual(result.chunks[1:], [b"hello ", b"world"])
        self.assertEqual(result.trailers, {})

    def test_http_prelude_without_body(self):
        result, _ = self.invoke_one("streaming.prelude_only")
        self.assertEqual(result.body, b'{"statusCode":204}' + b"\x00" * 8)

    def test_content_type_marker(self):
        result, _ = self.invoke_one("streaming.content_type")
        self.assert_streaming_headers(result, "text/event-stream")
        self.assertEqual(result.chunks, [b"data: 1\n\n"])

    def test_empty_generator(self):
        result, _ = self.invoke_one("streaming.empty")
        self.assert_streaming_headers(result)
        self.assertEqual(result.chunks, [])
        self.assertEqual(result.trailers, {})
        self.assertEqual(result.status, 202)

    def test_str_chunks_are_utf8(self):
        result, _ = self.invoke_one("streaming.unicode_chunks")
        self.assertEqual(result.chunks, ["héllo ".encode("utf-8"), "✓ 😀".encode("utf-8")])

    def test_five_megabytes_streamed(self):
        result, _ = self.invoke_one("streaming.big", {"mb": 5})
        self.assertEqual(len(result.chunks), 5)
        self.assertEqual(len(result.body), 5 * 1024 * 1024)
        self.assertEqual(result.trailers, {})

    def test_any_iterator_is_streamed_but_a_list_is_not(self):
        result, _ = self.invoke_one("streaming.list_iterator")
        self.assertEqual(result.chunks, [b"a", b"b", b"c"])
        result, _ = self.invoke_one("streaming.plain_list")
        self.assertFalse(result.chunked)
        self.assertEqual(result.body, b'["a", "b"]')

    def test_context_is_available_in_the_generator(self):
        result, _ = self.invoke_one("streaming.context_in_stream")
        self.assertEqual(result.body.decode(), result.request_id)

    def test_rejected_stream_is_reported_and_the_runtime_continues(self):
        self.api.status_override = lambda rec: (
            (413, b'{"errorMessage":"too big"}') if rec.kind == "response" and rec.body == b"one" else None)
        results, proc = self.invoke("streaming.chunks", [{"chunks": ["one"]}, {"chunks": ["two"]}])
        self.assertEqual([r.status for r in results], [413, 202])
        self.assertIn("Reason: '413'", proc.stderr)

    def test_stream_5xx_exits(self):
        self.api.status_override = lambda rec: (500, b"{}") if rec.kind == "response" else None
        self.api.add_invocation({"chunks": ["a"]})
        proc = self.spawn("streaming.chunks")
        proc.wait_exit(10)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("Reason: '500'", proc.stderr)
