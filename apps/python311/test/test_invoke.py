"""Invocations: results, errors, context, trace id, keep-alive, status codes."""

import json
import socket
import sys
import time

from helpers import DIST_DIR, RuntimeTestCase

sys.path.insert(0, DIST_DIR)
import lambda_engines_runtime as bootstrap  # noqa: E402

ERROR_TYPE = "Lambda-Runtime-Function-Error-Type"


class ResultsTest(RuntimeTestCase):
    def test_results_are_json(self):
        result, _ = self.invoke_one("app.returns_list")
        self.assertEqual(result.headers.get("Content-Type"), "application/json")
        self.assertEqual(result.body, b'[1, "two", null]')

    def test_none_is_null(self):
        result, _ = self.invoke_one("app.returns_none")
        self.assertEqual(result.body, b"null")

    def test_str_is_json_encoded(self):
        result, _ = self.invoke_one("app.returns_str")
        self.assertEqual(result.body, b'"plain text"')

    def test_bytes_are_sent_raw(self):
        result, _ = self.invoke_one("app.returns_bytes")
        self.assertEqual(result.headers.get("Content-Type"), "application/unknown")
        self.assertEqual(result.body, b"\x00raw\xffbytes")

    def test_decimal_keeps_its_digits(self):
        result, _ = self.invoke_one("app.returns_decimal")
        self.assertEqual(result.body, b'{"price": 19.990, "big": 1E+3, "nan": NaN}')

    def test_unserialisable_result_is_marshal_error(self):
        result, proc = self.invoke_one("app.returns_set")
        self.assertEqual(result.kind, "error")
        body = result.json()
        self.assertEqual(body["errorType"], "Runtime.MarshalError")
        self.assertEqual(body["errorMessage"],
                         "Unable to marshal response: Object of type set is not JSON serializable")
        self.assertEqual(body["stackTrace"], [])
        self.assertEqual(result.headers.get(ERROR_TYPE), "Runtime.MarshalError")

    def test_invalid_event_json_is_unmarshal_error(self):
        rid = self.api.add_invocation(raw=b"{not json")
        proc = self.spawn("app.echo")
        self.api.wait_finished(1)
        proc.stop()
        body = self.api.result_for(rid).json()
        self.assertEqual(body["errorType"], "Runtime.UnmarshalError")
        self.assertTrue(body["errorMessage"].startswith("Unable to unmarshal input: Expecting property name"))

    def test_non_json_content_type_passes_the_body_through(self):
        rid = self.api.add_invocation(raw=b"hello", headers={"Content-Type": "text/plain"})
        proc = self.spawn("app.raw_event")
        self.api.wait_finished(1)
        proc.stop()
        self.assertEqual(self.api.result_for(rid).json(), {"type": "bytes", "value": "hello"})

    def test_five_megabyte_response(self):
        size = 5 * 1024 * 1024
        result, _ = self.invoke_one("app.big", {"size": size})
        self.assertEqual(len(result.body), size + 2)
        self.assertEqual(result.headers.get("Content-Length"), str(size + 2))
        self.assertEqual(result.body[:3], b'"xx')

    def test_unicode_round_trip(self):
        event = {"text": "héllo ✓ 😀 日本語"}
        result, _ = self.invoke_one("app.echo", event)
        # awslambdaric (python3.11) escapes non-ASCII in results.
        self.assertEqual(result.body, b'{"text": "h\\u00e9llo \\u2713 \\ud83d\\ude00 \\u65e5\\u672c\\u8a9e"}')
        self.assertEqual(result.json(), event)

    def test_many_invocations_in_order(self):
        results, _ = self.invoke("app.echo", [{"i": i} for i in range(20)])
        self.assertEqual([r.json() for r in results], [{"i": i} for i in range(20)])


class InvocationErrorTest(RuntimeTestCase):
    def test_error_body_header_and_log(self):
        result, proc = self.invoke_one("app.raise_error")
        self.assertEqual(result.kind, "error")
        self.assertEqual(result.headers.get(ERROR_TYPE), "ValueError")
        self.assertEqual(result.headers.get("Content-Type"), "application/json")
        body = result.json()
        self.assertEqual(list(body), ["errorMessage", "errorType", "requestId", "stackTrace"])
        self.assertEqual(body["errorMessage"], "boom")
        self.assertEqual(body["errorType"], "ValueError")
        self.assertEqual(body["requestId"], result.request_id)
        self.assertEqual(len(body["stackTrace"]), 1)
        self.assertRegex(body["stackTrace"][0],
                         r'^  File ".*/handlers/app\.py", line \d+, in raise_error\n    raise ValueError\("boom"\)\n$')
        xray = json.loads(result.headers.get("Lambda-Runtime-Function-XRay-Error-Cause"))
        self.assertEqual(xray["exceptions"][0]["type"], "ValueError")
        self.assertEqual(xray["exceptions"][0]["stack"][0]["label"], "raise_error")
        # The log line: [ERROR] Type: message, \r-joined traceback, NBSP indentation.
        self.assertIn("[ERROR] ValueError: boom\rTraceback (most recent call last):\r"
                      "\u00a0\u00a0File \"", proc.stdout)
        self.assertIn("\r\u00a0\u00a0\u00a0\u00a0raise ValueError(\"boom\")\n", proc.stdout)

    def test_custom_exception_type_and_user_frames_only(self):
        result, _ = self.invoke_one("app.raise_custom", {"why": "because"})
        body = result.json()
        self.assertEqual(body["errorType"], "CustomError")
        self.assertEqual(body["errorMessage"], "custom failure: because")
        self.assertEqual(len(body["stackTrace"]), 2)
        self.assertIn("in raise_custom", body["stackTrace"][0])
        self.assertIn("in helper_that_fails", body["stackTrace"][1])

    def test_runtime_keeps_serving_after_an_error(self):
        ids = [self.api.add_invocation({}), self.api.add_invocation({"ok": 1})]
        proc = self.spawn("app.raise_error")
        self.api.wait_finished(2)
        proc.stop()
        self.assertEqual([self.api.result_for(i).kind for i in ids], ["error", "error"])

    def test_bad_client_context_header(self):
        result, _ = self.invoke_one("app.context_info", headers={"Lambda-Runtime-Client-Context": "{bad"})
        body = result.json()
        self.assertEqual(body["errorType"], "Runtime.LambdaContextUnmarshalError")
        self.assertTrue(body["errorMessage"].startswith("Unable to parse Client Context JSON: "))

    def test_invocation_id_is_echoed(self):
        result, _ = self.invoke_one("app.raise_error", headers={"Lambda-Runtime-Invocation-Id": "inv-1"})
        self.assertEqual(result.headers.get("Lambda-Runtime-Invocation-Id"), "inv-1")
        result2, _ = self.invoke_one("app.echo")
        self.assertIsNone(result2.headers.get("Lambda-Runtime-Invocation-Id"))


class ContextTest(RuntimeTestCase):
    def test_context_fields(self):
        deadline = int(time.time() * 1000) + 12000
        headers = {
            "Lambda-Runtime-Deadline-Ms": str(deadline),
            "Lambda-Runtime-Invoked-Function-Arn": "arn:aws:lambda:eu-west-1:1:function:test-fn:prod",
            "Lambda-Runtime-Cognito-Identity": json.dumps(
                {"cognitoIdentityId": "id-1", "cognitoIdentityPoolId": "pool-1"}),
            "Lambda-Runtime-Client-Context": json.dumps({
                "client": {"installation_id": "inst", "app_title": "title", "app_version_name": "1.0",
                           "app_version_code": "100", "app_package_name": "com.example"},
                "custom": {"k": "v"},
                "env": {"platform": "android"},
                "w3c": {"traceparent": "00-abc-def-01", "other": "dropped"},
            }),
            "Lambda-Runtime-Aws-Tenant-Id": "tenant-blue",
        }
        result, _ = self.invoke_one("app.context_info", headers=headers)
        info = result.json()
        self.assertEqual(info["aws_request_id"], result.request_id)
        self.assertEqual(info["function_name"], "test-fn")
        self.assertEqual(info["function_version"], "$LATEST")
        self.assertEqual(info["memory_limit_in_mb"], "128")  # a str, as in awslambdaric
        self.assertEqual(info["invoked_function_arn"], "arn:aws:lambda:eu-west-1:1:function:test-fn:prod")
        self.assertEqual(info["log_group_name"], "/aws/lambda/test-fn")
        self.assertEqual(info["log_stream_name"], "2024/01/01/[$LATEST]0123456789abcdef")
        self.assertEqual(info["tenant_id"], "tenant-blue")
        self.assertEqual(info["identity"], {"cognito_identity_id": "id-1", "cognito_identity_pool_id": "pool-1"})
        self.assertEqual(info["client_context"], {
            "custom": {"k": "v"},
            "env": {"platform": "android"},
            "client": {"installation_id": "inst", "app_title": "title", "app_version_name": "1.0",
                       "app_version_code": "100", "app_package_name": "com.example"},
        })
        self.assertEqual(info["w3c"], {"traceparent": "00-abc-def-01"})
        self.assertGreater(info["remaining"], 5000)
        self.assertLessEqual(info["remaining"], 12000)
        self.assertTrue(info["repr"].startswith("LambdaContext([aws_request_id="))

    def test_context_defaults_without_optional_headers(self):
        result, _ = self.invoke_one("app.context_info")
        info = result.json()
        self.assertIsNone(info["tenant_id"])
        self.assertIsNone(info["client_context"])
        self.assertEqual(info["identity"], {"cognito_identity_id": None, "cognito_identity_pool_id": None})
        self.assertEqual(info["w3c"], {})

    def test_remaining_time_is_zero_after_the_deadline(self):
        past = str(int(time.time() * 1000) - 1000)
        result, _ = self.invoke_one("app.context_info", headers={"Lambda-Runtime-Deadline-Ms": past})
        self.assertEqual(result.json()["remaining"], 0)

    def test_trace_id_is_set_per_invoke_and_removed_when_absent(self):
        a = self.api.add_invocation({}, headers={"Lambda-Runtime-Trace-Id": "Root=1-abc;Parent=def;Sampled=1"})
        b = self.api.add_invocation({})
        c = self.api.add_invocation({}, headers={"Lambda-Runtime-Trace-Id": "Root=1-xyz"})
        proc = self.spawn("app.trace_id", env={"_X_AMZN_TRACE_ID": "from-the-host"})
        self.api.wait_finished(3)
        proc.stop()
        self.assertEqual(self.api.result_for(a).json(), {"trace": "Root=1-abc;Parent=def;Sampled=1"})
        self.assertEqual(self.api.result_for(b).json(), {"trace": None})
        self.assertEqual(self.api.result_for(c).json(), {"trace": "Root=1-xyz"})

    def test_trace_id_reaches_c_and_children_before_and_after_the_constant_memory_switch(self):
        # The runtime moves to lambda_engines_trace_env after 100 trace ids.
        count = bootstrap._BOUNDED_TRACE_ENV_AFTER + 30
        traces = ["Root=1-{:08x}-{:024x};Parent={:016x};Sampled=1".format(i, i, i) for i in range(count)]
        ids = [
            self.api.add_invocation({"child": i % 10 == 0 or i >= count - 3}, headers={"Lambda-Runtime-Trace-Id": t})
            for i, t in enumerate(traces)
        ]
        proc = self.spawn("app.trace_id_everywhere")
        self.api.wait_finished(count, timeout=60)
        proc.stop()
        for i, (request_id, trace) in enumerate(zip(ids, traces)):
            seen = self.api.result_for(request_id).json()
            self.assertEqual(seen.pop("environ"), trace, i)
            self.assertEqual(seen.pop("getenv"), trace, i)
            self.assertEqual(seen.pop("child", trace), trace, i)


class ConnectionTest(RuntimeTestCase):
    def test_one_keep_alive_connection_for_many_invokes(self):
        self.invoke("app.echo", [{"i": i} for i in range(10)])
        conn_ids = {r.conn_id for r in self.api.requests}
        self.assertEqual(len(conn_ids), 1, self.api.requests)
        self.assertIn(len(self.api.requests), (20, 21))  # 10 x (next + response) (+ the pending next)

    def test_reconnects_when_the_server_closed_the_idle_connection(self):
        self.api.close_after_post = True
        results, proc = self.invoke("app.echo", [{"i": i} for i in range(5)])
        self.assertEqual([r.json() for r in results], [{"i": i} for i in range(5)])
        self.assertGreater(len({r.conn_id for r in self.api.requests}), 1)
        self.assertEqual(proc.stderr, "")

    def test_next_is_not_timed_out_even_if_user_code_sets_a_socket_default_timeout(self):
        # patches_http sets socket.setdefaulttimeout(0.3) and breaks http.client's
        # methods at import; the runtime's own connection must not care.
        first = self.api.add_invocation({})
        proc = self.spawn("patches_http.handler")
        self.api.wait_finished(1)
        time.sleep(0.8)  # the runtime now waits in /next for longer than 0.3 s
        second = self.api.add_invocation({})
        self.api.wait_finished(2)
        proc.stop()
        self.assertEqual(self.api.result_for(first).json(), {"ok": True})
        self.assertEqual(self.api.result_for(second).json(), {"ok": True})
        self.assertEqual(proc.stderr, "")

    def test_unreachable_runtime_api_exits_non_zero(self):
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        sock.close()  # nothing listens on this port now
        started = time.monotonic()
        proc = self.spawn("app.echo", env={"AWS_LAMBDA_RUNTIME_API": "127.0.0.1:{}".format(port)})
        proc.wait_exit(10)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("runtime/invocation/next", proc.stderr)
        self.assertIn("ConnectionRefusedError", proc.stderr)
        self.assertLess(time.monotonic() - started, 5)

    def test_missing_runtime_api_variable(self):
        proc = self.spawn("app.echo", env={"AWS_LAMBDA_RUNTIME_API": None})
        proc.wait_exit(10)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("AWS_LAMBDA_RUNTIME_API is not set", proc.stderr)


class StatusCodeTest(RuntimeTestCase):
    def test_next_error_status_exits_without_spinning(self):
        self.api.status_override = lambda rec: (
            (500, b'{"errorMessage":"container error","errorType":"X"}') if rec.kind == "next" else None)
        proc = self.spawn("app.echo")
        proc.wait_exit(10)
        self.assertEqual(proc.returncode, 1)
        self.assertEqual(len([r for r in self.api.requests if r.kind == "next"]), 1)
        self.assertIn("Request to Lambda Runtime 'GET /2018-06-01/runtime/invocation/next' endpoint failed. "
                      "Reason: '500'. Response body: '{\"errorMessage\":\"container error\"", proc.stderr)

    def test_next_403_exits(self):
        self.api.status_override = lambda rec: (403, b"{}") if rec.kind == "next" else None
        proc = self.spawn("app.echo")
        proc.wait_exit(10)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("Reason: '403'", proc.stderr)

    def test_response_4xx_is_reported_and_the_runtime_continues(self):
        self.api.status_override = lambda rec: (
            (413, b'{"errorMessage":"too large","errorType":"RequestEntityTooLarge"}')
            if rec.kind == "response" and rec.body == b'{"i": 0}' else None)
        results, proc = self.invoke("app.echo", [{"i": 0}, {"i": 1}])
        self.assertEqual([r.status for r in results], [413, 202])
        self.assertIn("Reason: '413'", proc.stderr)
        self.assertIn("too large", proc.stderr)

    def test_error_endpoint_4xx_is_reported_and_the_runtime_continues(self):
        self.api.status_override = lambda rec: (400, b"{}") if rec.kind == "error" else None
        results, proc = self.invoke("app.raise_error", [{}, {}])
        self.assertEqual([r.status for r in results], [400, 400])
        self.assertEqual(proc.stderr.count("Reason: '400'"), 2)

    def test_response_5xx_exits(self):
        self.api.status_override = lambda rec: (500, b"{}") if rec.kind == "response" else None
        self.api.add_invocation({})
        proc = self.spawn("app.echo")
        proc.wait_exit(10)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("Reason: '500'", proc.stderr)
        # One result, then exit: the /next that went out behind it (one write) is not read.
        # (Lambda's Runtime API refuses that /next with 403 after a failed result; this fake
        # would hand it an event, which the exit then drops, as a crash would.)
        self.assertEqual(len([r for r in self.api.requests if r.kind == "response"]), 1)
        self.assertLessEqual(len([r for r in self.api.requests if r.kind == "next"]), 2)
