"""Handler resolution and init errors (awslambdaric's types and messages)."""

import json

from helpers import RuntimeTestCase

ERROR_TYPE = "Lambda-Runtime-Function-Error-Type"


class HandlerFormsTest(RuntimeTestCase):
    def test_module_function(self):
        result, _ = self.invoke_one("app.echo", {"hello": "world"})
        self.assertEqual(result.kind, "response")
        self.assertEqual(result.json(), {"hello": "world"})

    def test_dir_module_function_in_nested_directories(self):
        result, _ = self.invoke_one("nested/deeper/mod.handler", {"n": 1})
        self.assertEqual(result.json(), {"from": "nested/deeper/mod", "event": {"n": 1}})

    def test_dotted_package_module(self):
        result, _ = self.invoke_one("pkg.sub.handler")
        self.assertEqual(result.json(), {"from": "pkg.sub"})

    def test_handler_from_argv_when_handler_env_is_absent(self):
        self.api.add_invocation({"x": 1})
        proc = self.spawn(None, argv=["app.echo"])
        self.api.wait_finished(1)
        proc.stop()
        self.assertEqual(self.api.finished()[0].json(), {"x": 1})

    def test_init_happens_before_the_first_next(self):
        # A broken module is reported without any /next call.
        self.init_error("import_error.handler")
        self.assertEqual([r.kind for r in self.api.requests], ["init_error"])


class InitErrorsTest(RuntimeTestCase):
    def check(self, handler, error_type, message, stack_trace=None):
        rec, proc = self.init_error(handler)
        self.assertNotEqual(proc.returncode, 0)
        self.assertEqual(proc.returncode, 1)
        self.assertEqual(rec.headers.get(ERROR_TYPE), error_type)
        body = rec.json()
        self.assertEqual(list(body), ["errorMessage", "errorType", "requestId", "stackTrace"])
        self.assertEqual(body["errorType"], error_type)
        self.assertEqual(body["errorMessage"], message)
        self.assertEqual(body["requestId"], "")
        if stack_trace is not None:
            self.assertEqual(body["stackTrace"], stack_trace)
        # Logged like the managed runtime: a LAMBDA_WARNING, then the [ERROR] record.
        self.assertIn("[WARNING]", proc.stdout)
        self.assertIn("LAMBDA_WARNING: Unhandled exception.", proc.stdout)
        self.assertIn("[ERROR] {}: {}\rTraceback (most recent call last):".format(error_type, message),
                      proc.stdout)
        return body, proc

    def test_malformed_handler_name(self):
        self.check("app", "Runtime.MalformedHandlerName",
                   "Bad handler 'app': not enough values to unpack (expected 2, got 1)", [])

    def test_missing_handler_setting(self):
        self.check(None, "Runtime.MalformedHandlerName",
                   "Bad handler '': not enough values to unpack (expected 2, got 1)", [])

    def test_module_not_found(self):
        self.check("nope_module.handler", "Runtime.ImportModuleError",
                   "Unable to import module 'nope_module': No module named 'nope_module'", [])

    def test_import_error_inside_module(self):
        self.check("import_error.handler", "Runtime.ImportModuleError",
                   "Unable to import module 'import_error': No module named "
                   "'module_that_does_not_exist_xyz'", [])

    def test_nested_module_not_found_keeps_slash_in_message(self):
        self.check("nested/missing.handler", "Runtime.ImportModuleError",
                   "Unable to import module 'nested/missing': No module named 'nested.missing'", [])

    def test_handler_not_found(self):
        self.check("app.does_not_exist", "Runtime.HandlerNotFound",
                   "Handler 'does_not_exist' missing on module 'app'", [])

    def test_syntax_error(self):
        rec, proc = self.init_error("syntax_error.handler")
        body = rec.json()
        self.assertEqual(rec.headers.get(ERROR_TYPE), "Runtime.UserCodeSyntaxError")
        self.assertEqual(body["errorType"], "Runtime.UserCodeSyntaxError")
        self.assertTrue(
            body["errorMessage"].startswith("Syntax error in module 'syntax_error': "),
            body["errorMessage"],
        )
        self.assertIn("syntax_error.py, line 1", body["errorMessage"])
        self.assertEqual(len(body["stackTrace"]), 1)
        self.assertRegex(body["stackTrace"][0], r'^  File ".*syntax_error\.py" Line 1\n    def handler')

    def test_other_exception_at_import_keeps_its_own_type(self):
        rec, proc = self.init_error("raises_at_import.handler")
        body = rec.json()
        self.assertEqual(rec.headers.get(ERROR_TYPE), "RuntimeError")
        self.assertEqual(body["errorType"], "RuntimeError")
        self.assertEqual(body["errorMessage"], "config is broken")
        self.assertEqual(body["requestId"], "")
        joined = "".join(body["stackTrace"])
        self.assertIn("raises_at_import.py", joined)
        self.assertIn("in _load_config", joined)
        self.assertNotIn("lambda_engines_runtime", joined)

    def test_builtin_module_conflict(self):
        self.check("sys.handler", "Runtime.BuiltInModuleConflict",
                   "Cannot use built-in module sys as a handler module", [])

    def test_init_error_logged_as_json(self):
        rec, proc = self.init_error("app.nope", env={"AWS_LAMBDA_LOG_FORMAT": "JSON"})
        lines = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
        self.assertEqual(lines[0]["level"], "WARNING")
        self.assertTrue(lines[0]["message"].startswith("LAMBDA_WARNING"))
        error = lines[-1]
        self.assertEqual(error["level"], "ERROR")
        self.assertEqual(error["errorType"], "Runtime.HandlerNotFound")
        self.assertRegex(error["timestamp"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$")

    def test_init_error_endpoint_failure_still_exits_non_zero(self):
        self.api.status_override = lambda rec: (500, b'{"errorType":"X"}') if rec.kind == "init_error" else None
        proc = self.spawn("app.nope")
        proc.wait_exit(10)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("Reason: '500'", proc.stderr)
        self.assertIn("/runtime/init/error", proc.stderr)
