"""Shared test plumbing: run the built dist/bootstrap as a real child process
against a FakeRuntimeApi."""

import os
import subprocess
import sys
import tempfile
import time
import unittest

from fake_runtime_api import FakeRuntimeApi

TEST_DIR = os.path.dirname(os.path.abspath(__file__))
APP_DIR = os.path.dirname(TEST_DIR)
DIST_DIR = os.path.join(APP_DIR, "dist")
BOOTSTRAP = os.path.join(DIST_DIR, "bootstrap")
HANDLERS = os.path.join(TEST_DIR, "handlers")

BASE_LAMBDA_ENV = {
    "LAMBDA_TASK_ROOT": HANDLERS,
    "LAMBDA_RUNTIME_DIR": DIST_DIR,
    "AWS_LAMBDA_FUNCTION_NAME": "test-fn",
    "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "128",
    "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/test-fn",
    "AWS_LAMBDA_LOG_STREAM_NAME": "2024/01/01/[$LATEST]0123456789abcdef",
    "AWS_REGION": "us-east-1",
    "PYTHONDONTWRITEBYTECODE": "1",
}


def clean_env():
    """The host environment minus anything Lambda-ish that could leak into a test."""
    env = {}
    for k, v in os.environ.items():
        if k.startswith(("AWS_", "LAMBDA_", "_LAMBDA", "_X_AMZN")) or k == "_HANDLER":
            continue
        if k.startswith("PYTHON"):
            continue
        env[k] = v
    # Put this interpreter's directory first so the sh header finds python3.11
    # without going through version-manager shims (they add ~150 ms per start).
    env["PATH"] = os.pathsep.join([os.path.dirname(sys.executable), env.get("PATH", "")])
    return env


class RuntimeProcess:
    def __init__(self, api, handler, env=None, argv=None):
        self.api = api
        full_env = clean_env()
        full_env.update(BASE_LAMBDA_ENV)
        full_env["AWS_LAMBDA_RUNTIME_API"] = api.address if api is not None else "127.0.0.1:9"
        if handler is not None:
            full_env["_HANDLER"] = handler
        for k, v in (env or {}).items():
            if v is None:
                full_env.pop(k, None)
            else:
                full_env[k] = v
        self._out = tempfile.TemporaryFile()
        self._err = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [BOOTSTRAP] + list(argv or []),
            env=full_env,
            stdin=subprocess.DEVNULL,
            stdout=self._out,
            stderr=self._err,
        )
        self.stdout = None
        self.stderr = None
        self.returncode = None

    def wait_exit(self, timeout=10.0):
        try:
            self.returncode = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            raise AssertionError("the runtime did not exit within {}s".format(timeout))
        return self._collect()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.returncode = self.proc.returncode
        return self._collect()

    def _collect(self):
        if self.stdout is None:
            self._out.seek(0)
            self._err.seek(0)
            self.stdout = self._out.read().decode("utf-8", "replace")
            self.stderr = self._err.read().decode("utf-8", "replace")
            self._out.close()
            self._err.close()
        return self


class RuntimeTestCase(unittest.TestCase):
    """Starts a FakeRuntimeApi per test and stops every child it started."""

    def setUp(self):
        self.api = FakeRuntimeApi().start()
        self.addCleanup(self.api.close)

    def spawn(self, handler, env=None, argv=None, api="default"):
        proc = RuntimeProcess(self.api if api == "default" else api, handler, env, argv)
        self.addCleanup(proc.stop)
        return proc

    def invoke(self, handler, events, env=None, headers=None, timeout=15.0):
        """Run `events` through a fresh runtime; return (results, process).

        Waits for each event's result and for the runtime's following /next
        (so whatever it logs after posting a result is in its output), then
        stops the runtime."""
        ids = [self.api.add_invocation(e, headers=headers) for e in events]
        nexts_before = len([r for r in self.api.requests if r.kind == "next"])
        proc = self.spawn(handler, env)
        self.api.wait_until(lambda: all(self.api.has_result(i) for i in ids), timeout)
        self.api.wait_until(
            lambda: len([r for r in self.api.requests if r.kind == "next"]) > nexts_before + len(ids)
            or proc.proc.poll() is not None,
            timeout,
        )
        proc.stop()
        return [self.api.result_for(i) for i in ids], proc

    def invoke_one(self, handler, event=None, env=None, headers=None):
        results, proc = self.invoke(handler, [event if event is not None else {}], env, headers)
        return results[0], proc

    def init_error(self, handler, env=None):
        proc = self.spawn(handler, env)
        proc.wait_exit(15)
        errors = self.api.finished(("init_error",))
        self.assertEqual(len(errors), 1, "one /init/error expected; got {!r}\nstderr: {}".format(
            self.api.requests, proc.stderr))
        return errors[0], proc

    def assert_eventually(self, fn, timeout=5.0):
        deadline = time.monotonic() + timeout
        while True:
            try:
                return fn()
            except AssertionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
