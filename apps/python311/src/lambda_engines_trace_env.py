"""Writes _X_AMZN_TRACE_ID to the process environment without growing memory.

glibc's setenv() (behind os.environ[...] = value since Python 3.9) keeps every
"name=value" string it was ever given, because other code may still hold a
pointer to one. A new trace id on every invoke then costs about 150 bytes each:
some 150 MB per million invocations. putenv() stores the caller's own buffer
instead. TraceIdEnv owns two buffers and writes each new value into the one the
environment does not point at, then putenv()s it: the variable changes with one
pointer store, and memory stays flat. os.environ's own mapping is kept in step,
so Python readers, C readers (getenv) and child processes all see the same value.

The runtime imports this module only after many invocations (ctypes costs a few
milliseconds to import, which a cold start should not pay).
"""

import ctypes
import os

NAME = b"_X_AMZN_TRACE_ID"
_PREFIX = NAME + b"="
_START = len(_PREFIX)
_MIN_BUFFER = 256  # a trace id with a Lineage part is about 130 bytes


class TraceIdEnv:
    """set(value) is os.environ["_X_AMZN_TRACE_ID"] = value, in constant memory."""

    __slots__ = ("_putenv", "_data", "_encode", "_buffers", "_views", "_current", "_retired")

    def __init__(self, environ=os.environ):
        # CPython's os.environ keeps its values in _data (bytes keys on POSIX);
        # without it (another Python), the caller keeps using os.environ.
        self._data = environ._data
        self._encode = environ.encodevalue
        # No argtypes: a ctypes array is passed as a pointer, the fastest call ctypes has.
        self._putenv = ctypes.CDLL(None).putenv
        self._buffers = [None, None]
        # Writes go through a memoryview: a slice store in C, not a ctypes call.
        self._views = [None, None]
        self._current = 0
        # Buffers replaced by bigger ones stay alive: C code may still hold a
        # pointer from getenv(). Sizes double, so there are few.
        self._retired = []

    def set(self, value):
        data = self._encode(value)
        if b"\0" in data:
            raise ValueError("embedded null byte")
        spare = self._current ^ 1
        view = self._views[spare]
        end = _START + len(data)
        if view is None or len(view) <= end:
            self._grow(spare, end + 1)
            view = self._views[spare]
        view[_START:end] = data
        view[end] = 0
        if self._putenv(self._buffers[spare]) != 0:
            raise MemoryError("putenv() could not grow the environment")
        self._data[NAME] = data
        self._current = spare

    def _grow(self, index, size):
        old = self._buffers[index]
        if old is not None:
            self._retired.append(old)
        buffer = ctypes.create_string_buffer(max(_MIN_BUFFER, 2 * size))
        view = memoryview(buffer).cast("B")
        view[:_START] = _PREFIX
        self._buffers[index] = buffer
        self._views[index] = view
