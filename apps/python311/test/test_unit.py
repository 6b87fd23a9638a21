"""In-process checks of the built files: marshaller, helper module, sh header."""

import decimal
import os
import subprocess
import sys
import tempfile
import unittest

from helpers import BOOTSTRAP, DIST_DIR, clean_env


sys.path.insert(0, DIST_DIR)
import awslambda_streaming  # noqa: E402
import lambda_engines_runtime as bootstrap  # noqa: E402


class MarshallerTest(unittest.TestCase):
    # Cases from awslambdaric's tests/test_lambda_runtime_marshaller.py.
    def test_decimal(self):
        self.assertEqual(bootstrap.to_json({"pi": decimal.Decimal("3.14159")}), '{"pi": 3.14159}')

    def test_decimal_nan(self):
        self.assertEqual(bootstrap.to_json({"pi": decimal.Decimal("nan")}), '{"pi": NaN}')
        self.assertEqual(bootstrap.to_json({"pi": decimal.Decimal("-nan")}), '{"pi": NaN}')

    def test_decimals_nested_and_repeated(self):
        value = [decimal.Decimal("1.10"), {"a": decimal.Decimal("-0.000001")}, decimal.Decimal("1.10")]
        self.assertEqual(bootstrap.to_json(value), '[1.10, {"a": -0.000001}, 1.10]')

    def test_string_looking_like_a_placeholder_is_untouched(self):
        self.assertEqual(bootstrap.to_json(["__lambda_engines_decimal_x_0__", decimal.Decimal("2")]),
                         '["__lambda_engines_decimal_x_0__", 2]')

    def test_unicode_is_escaped_on_python311(self):
        self.assertEqual(bootstrap.to_json({"price": "£1.00"}), '{"price": "\\u00a31.00"}')

    def test_marshal_error_message(self):
        with self.assertRaises(bootstrap.FaultException) as ctx:
            bootstrap.marshal_response({"when": object()})
        self.assertEqual(ctx.exception.exception_type, "Runtime.MarshalError")
        self.assertEqual(ctx.exception.msg, "Unable to marshal response: Object of type object is not JSON serializable")

    def test_is_stream(self):
        def gen():
            yield 1

        self.assertTrue(bootstrap.is_stream(gen()))
        self.assertTrue(bootstrap.is_stream(iter([1])))
        for value in ("s", b"b", {}, [], (), None, 1):
            self.assertFalse(bootstrap.is_stream(value), value)


class HelperModuleTest(unittest.TestCase):
    def test_prelude_shape(self):
        prelude = awslambda_streaming.awslambda_http_prelude(
            status_code=302, headers={"Location": "/x"}, cookies=["a=1"], multi_value_headers={"X": ("1", "2")})
        self.assertEqual(prelude, {"statusCode": 302, "headers": {"Location": "/x"},
                                   "multiValueHeaders": {"X": ["1", "2"]}, "cookies": ["a=1"]})
        self.assertTrue(bootstrap._is_http_prelude(prelude))
        self.assertFalse(bootstrap._is_http_prelude(dict(prelude)))

    def test_prelude_validation(self):
        with self.assertRaises(TypeError):
            awslambda_streaming.awslambda_http_prelude(status_code="200")
        with self.assertRaises(TypeError):
            awslambda_streaming.awslambda_http_prelude(cookies="a=1")

    def test_content_type_marker(self):
        marker = awslambda_streaming.awslambda_content_type("text/plain")
        self.assertEqual(bootstrap._content_type_marker(marker), "text/plain")
        self.assertIsNone(bootstrap._content_type_marker("text/plain"))


class ShellHeaderTest(unittest.TestCase):
    def run_with_path(self, path_dirs):
        env = clean_env()
        env["PATH"] = os.pathsep.join(path_dirs)
        env.pop("AWS_LAMBDA_RUNTIME_API", None)
        return subprocess.run([BOOTSTRAP], env=env, capture_output=True, text=True, timeout=20)

    def test_falls_back_to_python3(self):
        with tempfile.TemporaryDirectory() as tmp:
            os.symlink(sys.executable, os.path.join(tmp, "python3"))
            done = self.run_with_path([tmp])
        # Python started: it is the runtime complaining, not the shell.
        self.assertEqual(done.returncode, 1, done.stderr)
        self.assertIn("AWS_LAMBDA_RUNTIME_API is not set", done.stderr)

    def test_prefers_python311(self):
        with tempfile.TemporaryDirectory() as tmp:
            os.symlink(sys.executable, os.path.join(tmp, "python3.11"))
            with open(os.path.join(tmp, "python3"), "w") as f:
                f.write("#!/bin/sh\necho wrong python >&2\nexit 42\n")
            os.chmod(os.path.join(tmp, "python3"), 0o755)
            done = self.run_with_path([tmp])
        self.assertEqual(done.returncode, 1, done.stderr)
        self.assertIn("AWS_LAMBDA_RUNTIME_API is not set", done.stderr)

    def test_no_python_on_path(self):
        with tempfile.TemporaryDirectory() as tmp:
            done = self.run_with_path([tmp])
        self.assertEqual(done.returncode, 127)
        self.assertIn("neither python3.11 nor python3 is on PATH", done.stderr)

    def test_bootstrap_is_executable_and_modules_are_beside_it(self):
        self.assertTrue(os.access(BOOTSTRAP, os.X_OK))
        for name in ("lambda_engines_runtime", "awslambda_streaming"):
            self.assertTrue(os.path.isfile(os.path.join(DIST_DIR, name + ".py")))
            # Precompiled, so a cold start does not compile the runtime.
            self.assertTrue(os.path.isfile(os.path.join(DIST_DIR, "__pycache__", name + ".cpython-311.pyc")))
