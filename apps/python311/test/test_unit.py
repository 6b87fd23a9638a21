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
import lambda_engines_trace_env  # noqa: E402


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
        for name in ("lambda_engines_runtime", "awslambda_streaming", "lambda_engines_trace_env"):
            self.assertTrue(os.path.isfile(os.path.join(DIST_DIR, name + ".py")))
            # Precompiled, so a cold start does not compile the runtime.
            self.assertTrue(os.path.isfile(os.path.join(DIST_DIR, "__pycache__", name + ".cpython-311.pyc")))


class TraceIdEnvTest(unittest.TestCase):
    """lambda_engines_trace_env: the trace id in two reused buffers instead of setenv()."""

    def setUp(self):
        import ctypes

        self.getenv = ctypes.CDLL(None).getenv
        self.getenv.restype = ctypes.c_char_p
        self.saved = os.environ.get("_X_AMZN_TRACE_ID")
        self.addCleanup(self.restore)

    def restore(self):
        if self.saved is None:
            os.environ.pop("_X_AMZN_TRACE_ID", None)
        else:
            os.environ["_X_AMZN_TRACE_ID"] = self.saved

    def assertSeen(self, value):
        self.assertEqual(os.environ["_X_AMZN_TRACE_ID"], value)
        self.assertEqual(os.getenv("_X_AMZN_TRACE_ID"), value)
        self.assertEqual(self.getenv(b"_X_AMZN_TRACE_ID"), value.encode())
        child = subprocess.run([sys.executable, "-c", "import os; print(os.environ['_X_AMZN_TRACE_ID'])"],
                               capture_output=True, text=True, check=True)
        self.assertEqual(child.stdout.strip(), value)

    def test_python_c_and_children_see_each_value(self):
        env = lambda_engines_trace_env.TraceIdEnv()
        for value in ("Root=1-abc;Sampled=1", "Root=1-def", "Root=1-" + "f" * 400, "Root=1-short", "é-ünïcode"):
            env.set(value)
            self.assertSeen(value)

    def test_a_handler_setting_the_variable_does_not_stop_later_writes(self):
        env = lambda_engines_trace_env.TraceIdEnv()
        env.set("Root=1-first")
        os.environ["_X_AMZN_TRACE_ID"] = "set by a handler"
        env.set("Root=1-second")
        self.assertSeen("Root=1-second")
        del os.environ["_X_AMZN_TRACE_ID"]
        env.set("Root=1-third")
        self.assertSeen("Root=1-third")

    def test_writes_reuse_the_same_two_buffers(self):
        import ctypes

        getenv = ctypes.CDLL(None).getenv
        getenv.restype = ctypes.c_void_p  # the address, not the string
        env = lambda_engines_trace_env.TraceIdEnv()
        addresses = set()
        for i in range(50):
            env.set("Root=1-{:08x}-{:024x}".format(i, i))
            addresses.add(getenv(b"_X_AMZN_TRACE_ID"))
        self.assertEqual(len(addresses), 2)

    def test_embedded_null_is_refused_as_os_environ_does(self):
        env = lambda_engines_trace_env.TraceIdEnv()
        with self.assertRaises(ValueError):
            env.set("a\0b")


class TraceIdWriterTest(unittest.TestCase):
    def test_keeps_writing_to_a_mapping_without_data_after_the_threshold(self):
        environ = {}
        # A plain dict has no _data: the writer keeps writing to it after the threshold.
        writer = bootstrap._TraceIdWriter(environ)
        for i in range(bootstrap._BOUNDED_TRACE_ENV_AFTER + 5):
            writer.set(str(i))
            self.assertEqual(environ["_X_AMZN_TRACE_ID"], str(i))

    def test_uses_trace_env_with_os_environ(self):
        saved = os.environ.get("_X_AMZN_TRACE_ID")
        try:
            writer = bootstrap._TraceIdWriter(os.environ)
            for i in range(bootstrap._BOUNDED_TRACE_ENV_AFTER):
                writer.set(str(i))
            self.assertIsInstance(writer.set.__self__, lambda_engines_trace_env.TraceIdEnv)
            writer.set("after")
            self.assertEqual(os.environ["_X_AMZN_TRACE_ID"], "after")
        finally:
            if saved is None:
                os.environ.pop("_X_AMZN_TRACE_ID", None)
            else:
                os.environ["_X_AMZN_TRACE_ID"] = saved
