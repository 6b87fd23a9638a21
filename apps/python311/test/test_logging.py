"""Logging as the managed runtime: text and JSON formats, level filtering, print."""

import json
import re

from helpers import RuntimeTestCase

TS = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"


class TextLogsTest(RuntimeTestCase):
    def test_default_text_format_and_default_level(self):
        result, proc = self.invoke_one("app.logs", {"n": 7})
        rid = result.request_id
        out = proc.stdout
        # The root logger defaults to WARNING, as in the managed runtime.
        self.assertNotIn("debug message", out)
        self.assertNotIn("info message", out)
        self.assertRegex(out, r"(?m)^\[WARNING\]\t{}\t{}\twarning message arg$".format(TS, re.escape(rid)))
        self.assertRegex(out, r"(?m)^\[ERROR\]\t{}\t{}\terror message$".format(TS, re.escape(rid)))
        self.assertRegex(out, r"(?m)^\[WARNING\]\t{}\t{}\textra fields$".format(TS, re.escape(rid)))
        # logger.exception: message, then the traceback on the following lines.
        self.assertRegex(out, r"(?m)^\[ERROR\]\t{}\t{}\tcaught it\nTraceback".format(TS, re.escape(rid)))
        self.assertIn("KeyError: 'missing'", out)

    def test_print_goes_to_stdout_unchanged_and_in_order(self):
        _, proc = self.invoke_one("app.logs", {"n": 7})
        lines = proc.stdout.split("\n")
        self.assertEqual(lines[0], "plain print 7")
        self.assertIn("ünïcödé ✓ 😀", lines)
        warning = next(i for i, line in enumerate(lines) if "warning message arg" in line)
        self.assertLess(0, warning)
        self.assertLess(warning, lines.index("ünïcödé ✓ 😀"))
        # As in awslambdaric, the text format puts its newline before an
        # exception's traceback, so the traceback has none; context.log() writes
        # its text as given.
        self.assertIn("KeyError: 'missing'context.log line\nünïcödé ✓ 😀\n", proc.stdout)

    def test_log_level_debug(self):
        _, proc = self.invoke_one("app.logs", env={"AWS_LAMBDA_LOG_LEVEL": "DEBUG"})
        self.assertRegex(proc.stdout, r"(?m)^\[DEBUG\]\t{}\t\S+\tdebug message$".format(TS))
        self.assertRegex(proc.stdout, r"(?m)^\[INFO\]\t{}\t\S+\tinfo message$".format(TS))

    def test_log_level_trace_means_debug(self):
        _, proc = self.invoke_one("app.logs", env={"AWS_LAMBDA_LOG_LEVEL": "TRACE"})
        self.assertIn("debug message", proc.stdout)

    def test_log_level_error_filters_warnings_but_not_print(self):
        _, proc = self.invoke_one("app.logs", env={"AWS_LAMBDA_LOG_LEVEL": "error"})
        self.assertNotIn("warning message", proc.stdout)
        self.assertIn("error message", proc.stdout)
        self.assertIn("plain print", proc.stdout)

    def test_request_id_is_empty_outside_an_invocation(self):
        _, proc = self.init_error("app.missing")
        self.assertRegex(proc.stdout, r"(?m)^\[WARNING\]\t{}\t\tLAMBDA_WARNING: ".format(TS))


class JsonLogsTest(RuntimeTestCase):
    def records(self, proc):
        out = []
        for line in proc.stdout.splitlines():
            if line.startswith("{"):
                out.append(json.loads(line))
        return out

    def test_json_format(self):
        result, proc = self.invoke_one(
            "app.logs", env={"AWS_LAMBDA_LOG_FORMAT": "JSON", "AWS_LAMBDA_LOG_LEVEL": "INFO"})
        rid = result.request_id
        records = self.records(proc)
        messages = [r["message"] for r in records]
        self.assertNotIn("debug message", messages)
        self.assertIn("info message", messages)
        info = next(r for r in records if r["message"] == "info message")
        self.assertEqual(list(info), ["timestamp", "level", "message", "logger", "requestId"])
        self.assertRegex(info["timestamp"], "^" + TS + "$")
        self.assertEqual(info["level"], "INFO")
        self.assertEqual(info["logger"], "app")
        self.assertEqual(info["requestId"], rid)
        warn = next(r for r in records if r["message"] == "warning message arg")
        self.assertEqual(warn["level"], "WARNING")
        extra = next(r for r in records if r["message"] == "extra fields")
        self.assertEqual(extra["logger"], "custom.logger")
        self.assertEqual(extra["order_id"], 42)
        exc = next(r for r in records if r["message"] == "caught it")
        self.assertEqual(exc["errorType"], "KeyError")
        self.assertEqual(exc["errorMessage"], "'missing'")
        self.assertIsInstance(exc["stackTrace"], list)
        self.assertRegex(exc["location"], r"handlers/app\.py:logs:\d+$")
        # print() is not a log record: still plain text.
        self.assertIn("plain print 0", proc.stdout.splitlines())

    def test_json_debug_level_and_tenant_id(self):
        _, proc = self.invoke_one(
            "app.logs", env={"AWS_LAMBDA_LOG_FORMAT": "json", "AWS_LAMBDA_LOG_LEVEL": "DEBUG"},
            headers={"Lambda-Runtime-Aws-Tenant-Id": "tenant-7"})
        records = self.records(proc)
        debug = next(r for r in records if r["message"] == "debug message")
        self.assertEqual(debug["level"], "DEBUG")
        self.assertEqual(debug["tenantId"], "tenant-7")

    def test_json_invocation_error_log(self):
        result, proc = self.invoke_one("app.raise_error", env={"AWS_LAMBDA_LOG_FORMAT": "JSON"})
        records = self.records(proc)
        error = records[-1]
        self.assertEqual(list(error), ["timestamp", "level", "errorMessage", "errorType", "requestId", "stackTrace"])
        self.assertEqual(error["level"], "ERROR")
        self.assertEqual(error["errorType"], "ValueError")
        self.assertEqual(error["requestId"], result.request_id)
