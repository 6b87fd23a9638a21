"""lambda-engines Python 3.11 runtime: the AWS Lambda custom runtime behind `bootstrap`.

Standard library only. Behaves like AWS's Python runtime interface client
(awslambdaric): same handler resolution, init and invocation error shapes,
context object, log formats and JSON marshalling. Adds response streaming for
handlers that return an iterator (see awslambda_streaming.py and README.md).

`dist/bootstrap` (written by scripts/build.mjs) is a /bin/sh + Python launcher
that starts `python3.11` (or `python3`), imports this module from its own
directory (its .pyc is precompiled at build time) and calls main().

Cold start is part of every Lambda's first answer, so this module imports only
what a successful invoke needs (os, sys, time, json and the C socket module);
everything else (logging, traceback, decimal, threading, base64) is imported
where it is used, on the error, logging, Decimal and shutdown paths.
"""

import _signal
import _socket
import json
import os
import sys
import time
from collections.abc import Iterator  # json's imports load collections anyway
from itertools import repeat
from operator import itemgetter  # loaded by collections anyway

RUNTIME_VERSION = "0.1.0"
USER_AGENT = "lambda-engines-python/{} Python/{}.{}.{}".format(
    RUNTIME_VERSION, *sys.version_info[:3]
)
API_PREFIX = "/2018-06-01"

ERROR_TYPE_HEADER = "Lambda-Runtime-Function-Error-Type"
ERROR_BODY_TRAILER = "Lambda-Runtime-Function-Error-Body"
XRAY_ERROR_CAUSE_HEADER = "Lambda-Runtime-Function-XRay-Error-Cause"
INVOCATION_ID_HEADER = "Lambda-Runtime-Invocation-Id"
RESPONSE_MODE_HEADER = "Lambda-Runtime-Function-Response-Mode"
STREAM_CONTENT_TYPE = "application/octet-stream"
HTTP_INTEGRATION_CONTENT_TYPE = "application/vnd.awslambda.http-integration-response"
HTTP_PRELUDE_DELIMITER = b"\x00" * 8
XRAY_MAX_HEADER_SIZE = 1024 * 1024  # awslambdaric drops a larger X-Ray cause
CONNECT_RETRY_SECONDS = 1.0  # how long a refused first connect to the Runtime API is retried
MAX_ANSWER_HEAD = 65536  # a Runtime API answer's status line + headers (http.client's line limit)

ERROR_LOG_LINE_TERMINATE = "\r"
ERROR_LOG_IDENT = "\u00a0"  # NO-BREAK SPACE U+00A0
_DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%S"

LAMBDA_WARNING_UNHANDLED = (
    "LAMBDA_WARNING: "
    "Unhandled exception. "
    "The most likely cause is an issue in the function code. "
    "However, in rare cases, a Lambda runtime update can cause unexpected function behavior. "
    "For functions using managed runtimes, runtime updates can be triggered by a function change, "
    "or can be applied automatically. "
    "To determine if the runtime has been updated, check the runtime version in the INIT_START log entry. "
    "If this error correlates with a change in the runtime version, you may be able to mitigate this "
    "error by temporarily rolling back to the previous runtime version. "
    "For more information, see https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html"
)

_RUNTIME_FILE = os.path.abspath(__file__)


# --------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------


class FaultException(Exception):
    """A runtime-detected fault, reported with a `Runtime.*` error type."""

    MARSHAL_ERROR = "Runtime.MarshalError"
    UNMARSHAL_ERROR = "Runtime.UnmarshalError"
    USER_CODE_SYNTAX_ERROR = "Runtime.UserCodeSyntaxError"
    HANDLER_NOT_FOUND = "Runtime.HandlerNotFound"
    IMPORT_MODULE_ERROR = "Runtime.ImportModuleError"
    BUILT_IN_MODULE_CONFLICT = "Runtime.BuiltInModuleConflict"
    MALFORMED_HANDLER_NAME = "Runtime.MalformedHandlerName"
    LAMBDA_CONTEXT_UNMARSHAL_ERROR = "Runtime.LambdaContextUnmarshalError"

    def __init__(self, exception_type, msg, trace=None):
        super().__init__(msg)
        self.msg = msg
        self.exception_type = exception_type
        self.trace = trace


class RuntimeApiError(Exception):
    """The Runtime API answered with an unexpected status, or could not be reached."""

    def __init__(self, endpoint, message, status=None):
        super().__init__(message)
        self.endpoint = endpoint
        self.status = status

    @property
    def fatal(self):
        # No answer at all, or a 5xx: the spec says the environment is unusable.
        return self.status is None or self.status >= 500


class RuntimeApiProtocolError(Exception):
    """The Runtime API's answer is not HTTP/1.1 this client can read (status line,
    header block, framing)."""


class RuntimeApiConnectionClosed(ConnectionError):
    """The Runtime API closed the connection before its answer was complete."""


def make_error(error_message, error_type, stack_trace, invoke_id=None):
    return {
        "errorMessage": error_message if error_message else "",
        "errorType": error_type if error_type else "",
        "requestId": invoke_id if invoke_id is not None else "",
        "stackTrace": stack_trace if stack_trace else [],
    }


def extract_traceback(tb):
    import traceback  # errors only: not on the cold-start path

    return [
        (frame.filename, frame.lineno, frame.name, frame.line)
        for frame in traceback.extract_tb(tb)
    ]


def _user_frames(tb_tuples):
    # Drop the leading frames that belong to this runtime (awslambdaric drops
    # its own `/bootstrap.py` frames the same way).
    for i in range(len(tb_tuples)):
        if os.path.abspath(tb_tuples[i][0]) != _RUNTIME_FILE:
            return tb_tuples[i:]
    return tb_tuples


def make_xray_fault(ex_type, ex_msg, working_dir, tb_tuples):
    stack = []
    files = set()
    for tb_file, tb_line, tb_method, _code in tb_tuples:
        stack.append({"label": tb_method, "path": tb_file, "line": tb_line})
        files.add(tb_file)
    return {
        "working_directory": working_dir,
        "exceptions": [{"message": ex_msg, "type": ex_type, "stack": stack}],
        "paths": list(files),
    }


def error_from_exception(exc_info, invoke_id=None):
    """(error_result, xray_fault) for the exception being handled."""
    etype, value, tb = exc_info
    if isinstance(value, FaultException):
        xray = make_xray_fault("LambdaValidationError", value.msg, os.getcwd(), [])
        return make_error(value.msg, value.exception_type, value.trace, invoke_id), xray
    import traceback

    tb_tuples = _user_frames(extract_traceback(tb))
    message = _safe_str(value)
    xray = make_xray_fault(etype.__name__, message, os.getcwd(), tb_tuples)
    error = make_error(
        message, etype.__name__, traceback.format_list(tb_tuples), invoke_id
    )
    return error, xray


def _safe_str(value):
    # An exception whose __str__ raises must still be reported, not crash the runtime
    # (the traceback module's wording).
    try:
        return str(value)
    except Exception:
        return "<exception str() failed>"


# --------------------------------------------------------------------------
# JSON marshalling (awslambdaric's simplejson behaviour, on the stdlib)
# --------------------------------------------------------------------------


def _ensure_ascii():
    # awslambdaric escapes non-ASCII everywhere except on AWS_Lambda_python3.12.
    return os.environ.get("AWS_EXECUTION_ENV") not in {"AWS_Lambda_python3.12"}


class _HasDecimal(Exception):
    """Raised out of the fast encoder: the value holds a Decimal (the exact-digits path)."""


def _decimal_class():
    # A Decimal can only exist once the decimal module (or its C core) was imported,
    # so the runtime never imports it itself.
    module = sys.modules.get("decimal") or sys.modules.get("_decimal")
    return getattr(module, "Decimal", None)


def _fast_default(o):
    decimal_class = _decimal_class()
    if decimal_class is not None and isinstance(o, decimal_class):
        raise _HasDecimal()
    raise TypeError(
        "Object of type {} is not JSON serializable".format(o.__class__.__name__)
    )


class _JsonEncoder(object):
    """One encoder for the whole process, as awslambdaric's marshaller keeps one.

    JSONEncoder.encode() builds a new C encoder object on every call (~1.5 us of a
    warm invoke); this keeps one, with the same settings and so the same bytes. The
    C encoder leaves entries in its circular-reference markers when it raises, so
    they are cleared after every failure.
    """

    __slots__ = ("ensure_ascii", "_markers", "_encode")

    def __init__(self, ensure_ascii):
        self.ensure_ascii = ensure_ascii
        self._markers = {}
        self._encode = None
        try:
            from json.encoder import (
                c_make_encoder,
                encode_basestring,
                encode_basestring_ascii,
            )
        except ImportError:  # pragma: no cover - CPython always has _json
            c_make_encoder = None
        if c_make_encoder is not None:
            # The arguments JSONEncoder.iterencode() passes for its one-shot encode
            # (indent None, separators ', ' and ': ', no sort_keys/skipkeys, allow_nan).
            self._encode = c_make_encoder(
                self._markers, _fast_default,
                encode_basestring_ascii if ensure_ascii else encode_basestring,
                None, ": ", ", ", False, False, True,
            )

    def encode(self, obj):
        """The JSON text of obj; Decimals keep their digits; TypeError for the rest."""
        encode = self._encode
        if encode is not None:
            try:
                return "".join(encode(obj, 0))
            except _HasDecimal:
                self._markers.clear()
                return _to_json_with_decimals(obj)
            except BaseException:
                self._markers.clear()
                raise
        try:
            return json.JSONEncoder(ensure_ascii=self.ensure_ascii, default=_fast_default).encode(obj)
        except _HasDecimal:
            return _to_json_with_decimals(obj)


_ENCODER = None


def _encoder():
    global _ENCODER
    if _ENCODER is None:
        _ENCODER = _JsonEncoder(_ensure_ascii())
    return _ENCODER


def to_json(obj):
    """Encode like awslambdaric: Decimal as its exact digits, NaN Decimal as NaN."""
    return (_ENCODER or _encoder()).encode(obj)


def _to_json_with_decimals(obj):
    # simplejson writes a Decimal's str() as a raw number; the stdlib cannot, so each
    # Decimal becomes a unique placeholder string that is swapped for its digits.
    import re

    raw = []
    token = "__lambda_engines_decimal_" + os.urandom(8).hex()
    decimal_class = _decimal_class()

    def default(o):
        if isinstance(o, decimal_class):
            if o.is_nan():
                return float("nan")
            raw.append(str(o))
            return "{}_{}__".format(token, len(raw) - 1)
        raise TypeError(
            "Object of type {} is not JSON serializable".format(o.__class__.__name__)
        )

    text = json.JSONEncoder(ensure_ascii=_encoder().ensure_ascii, default=default).encode(obj)
    if raw:
        pattern = re.compile('"' + re.escape(token) + r'_(\d+)__"')
        text = pattern.sub(lambda m: raw[int(m.group(1))], text)
    return text


_json_scan = json.JSONDecoder().scan_once


def unmarshal_request(body, content_type):
    # awslambdaric passes the body through untouched unless it is JSON. A missing
    # Content-Type (some emulators omit it) is treated as JSON, which Lambda always sends.
    if content_type is not None and content_type != "application/json":
        return bytes(body)
    try:
        # json.loads() on bytes sniffs UTF-16/32 and BOMs, then skips whitespace around
        # the value, in Python (~2 us a call); Lambda sends compact UTF-8 JSON. Whatever
        # this fast path does not take whole (a BOM, UTF-16, whitespace, invalid JSON)
        # goes through json.loads itself, so results and error messages are its own.
        text = body.decode("utf-8")
        value, end = _json_scan(text, 0)
        if end == len(text):
            return value
    except Exception:
        pass
    try:
        return json.loads(body)
    except Exception as e:
        raise FaultException(
            FaultException.UNMARSHAL_ERROR,
            "Unable to unmarshal input: {}".format(str(e)),
            None,
        )


def marshal_response(response):
    if isinstance(response, bytes):
        return response, "application/unknown"
    try:
        return (_ENCODER or _encoder()).encode(response).encode("utf-8"), "application/json"
    except Exception as e:
        raise FaultException(
            FaultException.MARSHAL_ERROR,
            "Unable to marshal response: {}".format(str(e)),
            None,
        )


# --------------------------------------------------------------------------
# Context
# --------------------------------------------------------------------------

W3C_ALLOWED_FIELDS = ("traceparent", "tracestate", "baggage")

# (AWS_LAMBDA_LOG_GROUP_NAME, AWS_LAMBDA_LOG_STREAM_NAME, AWS_LAMBDA_FUNCTION_NAME,
#  AWS_LAMBDA_FUNCTION_MEMORY_SIZE, AWS_LAMBDA_FUNCTION_VERSION), read by _function_env().
_FUNCTION_ENV = None


def _function_env():
    """The function's identity from the environment, read once after init.

    awslambdaric reads these five variables for every context (~2.5 us of os.environ
    lookups per invoke); Lambda sets them before the runtime starts and they are
    reserved (a function cannot configure them), so the runtime reads them once, at
    the first invoke, after the handler module was imported.
    """
    global _FUNCTION_ENV
    if _FUNCTION_ENV is None:
        get = os.environ.get
        _FUNCTION_ENV = (
            get("AWS_LAMBDA_LOG_GROUP_NAME"),
            get("AWS_LAMBDA_LOG_STREAM_NAME"),
            get("AWS_LAMBDA_FUNCTION_NAME"),
            get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"),
            get("AWS_LAMBDA_FUNCTION_VERSION"),
        )
    return _FUNCTION_ENV


class LambdaContext(object):
    # A plain class, as awslambdaric's: vars(context) shows the same fields, and
    # libraries may set their own attributes on it.

    def __init__(
        self,
        invoke_id,
        client_context,
        cognito_identity,
        epoch_deadline_time_in_ms,
        invoked_function_arn=None,
        tenant_id=None,
    ):
        self.aws_request_id = invoke_id
        (
            self.log_group_name,
            self.log_stream_name,
            self.function_name,
            self.memory_limit_in_mb,
            self.function_version,
        ) = _FUNCTION_ENV or _function_env()
        self.invoked_function_arn = invoked_function_arn
        self.tenant_id = tenant_id
        if client_context is None:
            self._w3c_fields = {}
            self.client_context = None
        else:
            self._w3c_fields = _extract_and_strip_w3c(client_context)
            self.client_context = make_obj_from_dict(ClientContext, client_context)
            if self.client_context is not None:
                self.client_context.client = make_obj_from_dict(
                    Client, self.client_context.client
                )

        # make_obj_from_dict(CognitoIdentity, {}) in awslambdaric, without its setattr loop.
        identity = self.identity = CognitoIdentity()
        if cognito_identity is not None:
            identity.cognito_identity_id = cognito_identity.get("cognitoIdentityId")
            identity.cognito_identity_pool_id = cognito_identity.get(
                "cognitoIdentityPoolId"
            )
        else:
            identity.cognito_identity_id = None
            identity.cognito_identity_pool_id = None

        self._epoch_deadline_time_in_ms = epoch_deadline_time_in_ms

    def get_remaining_time_in_millis(self):
        epoch_now_in_ms = int(time.time() * 1000)
        delta_ms = self._epoch_deadline_time_in_ms - epoch_now_in_ms
        return delta_ms if delta_ms > 0 else 0

    def w3c(self):
        return dict(self._w3c_fields)

    def log(self, msg):
        logging = sys.modules.get("logging")
        if logging is not None:
            for handler in logging.getLogger().handlers:
                if hasattr(handler, "log_sink"):
                    handler.log_sink.log(str(msg))
                    return
        elif _LOG_SINK is not None:
            # Nothing imported logging yet, so the handler awslambdaric would have put
            # on the root logger is still there, untouched: write to its sink.
            _LOG_SINK.log(str(msg))
            return
        sys.stdout.write(str(msg))

    def __repr__(self):
        return (
            f"{self.__class__.__name__}(["
            f"aws_request_id={self.aws_request_id},"
            f"log_group_name={self.log_group_name},"
            f"log_stream_name={self.log_stream_name},"
            f"function_name={self.function_name},"
            f"memory_limit_in_mb={self.memory_limit_in_mb},"
            f"function_version={self.function_version},"
            f"invoked_function_arn={self.invoked_function_arn},"
            f"client_context={self.client_context},"
            f"identity={self.identity},"
            f"tenant_id={self.tenant_id}"
            "])"
        )


def _extract_and_strip_w3c(client_context):
    if not isinstance(client_context, dict) or "w3c" not in client_context:
        return {}
    raw_w3c = client_context.pop("w3c")
    if not isinstance(raw_w3c, dict):
        return {}
    return {k: raw_w3c[k] for k in W3C_ALLOWED_FIELDS if isinstance(raw_w3c.get(k), str)}


class CognitoIdentity(object):
    __slots__ = ["cognito_identity_id", "cognito_identity_pool_id"]

    def __repr__(self):
        return (
            f"{self.__class__.__name__}(["
            f"cognito_identity_id={self.cognito_identity_id},"
            f"cognito_identity_pool_id={self.cognito_identity_pool_id}"
            "])"
        )


class Client(object):
    __slots__ = [
        "installation_id",
        "app_title",
        "app_version_name",
        "app_version_code",
        "app_package_name",
    ]

    def __repr__(self):
        return (
            f"{self.__class__.__name__}(["
            f"installation_id={self.installation_id},"
            f"app_title={self.app_title},"
            f"app_version_name={self.app_version_name},"
            f"app_version_code={self.app_version_code},"
            f"app_package_name={self.app_package_name}"
            "])"
        )


class ClientContext(object):
    __slots__ = ["custom", "env", "client"]

    def __repr__(self):
        return (
            f"{self.__class__.__name__}(["
            f"custom={self.custom},"
            f"env={self.env},"
            f"client={self.client}"
            "])"
        )


def make_obj_from_dict(_class, _dict):
    if _dict is None:
        return None
    obj = _class()
    for field in _class.__slots__:
        setattr(obj, field, _dict.get(field, None))
    return obj


def parse_json_header(header, name):
    try:
        return json.loads(header)
    except Exception as e:
        raise FaultException(
            FaultException.LAMBDA_CONTEXT_UNMARSHAL_ERROR,
            "Unable to parse {} JSON: {}".format(name, str(e)),
            None,
        )


def create_lambda_context(invocation):
    client_context = None
    if invocation.client_context:
        client_context = parse_json_header(invocation.client_context, "Client Context")
    cognito_identity = None
    if invocation.cognito_identity:
        cognito_identity = parse_json_header(
            invocation.cognito_identity, "Cognito Identity"
        )
    return LambdaContext(
        invocation.invoke_id,
        client_context,
        cognito_identity,
        invocation.deadline_time_in_ms,
        invocation.invoked_function_arn,
        invocation.tenant_id,
    )


# --------------------------------------------------------------------------
# Logging (awslambdaric's formats)
# --------------------------------------------------------------------------

_RESERVED_FIELDS = {
    "name", "msg", "args", "levelname", "levelno", "pathname", "filename",
    "module", "exc_info", "exc_text", "stack_info", "lineno", "funcName",
    "created", "msecs", "relativeCreated", "thread", "threadName",
    "processName", "process", "aws_request_id", "tenant_id", "_frame_type",
    "taskName",
}

# Keyed by logging's level numbers (NOTSET 0, DEBUG 10, INFO 20, WARNING 30, ERROR 40,
# CRITICAL 50), written out so that this module does not need logging to start.
_LEVEL_ERROR = 40
_JSON_FRAME_TYPES = {
    0: 0xA55A0002.to_bytes(4, "big"),
    10: 0xA55A000A.to_bytes(4, "big"),
    20: 0xA55A000E.to_bytes(4, "big"),
    30: 0xA55A0012.to_bytes(4, "big"),
    40: 0xA55A0016.to_bytes(4, "big"),
    50: 0xA55A001A.to_bytes(4, "big"),
}
_TEXT_FRAME_TYPES = {
    0: 0xA55A0003.to_bytes(4, "big"),
    10: 0xA55A000B.to_bytes(4, "big"),
    20: 0xA55A000F.to_bytes(4, "big"),
    30: 0xA55A0013.to_bytes(4, "big"),
    40: 0xA55A0017.to_bytes(4, "big"),
    50: 0xA55A001B.to_bytes(4, "big"),
}
_DEFAULT_FRAME_TYPE = _TEXT_FRAME_TYPES[0]

_GLOBAL_AWS_REQUEST_ID = None
_GLOBAL_TENANT_ID = None

# The runtime's log sink, once main() created it: the logging handler writes to it
# and context.log() uses it while logging has not been imported.
_LOG_SINK = None


def _log_format_is_json():
    value = os.environ.get("AWS_LAMBDA_LOG_FORMAT")
    return bool(value) and value.upper() == "JSON"


def _log_level_from_env():
    value = (os.environ.get("AWS_LAMBDA_LOG_LEVEL") or "").upper()
    return "DEBUG" if value == "TRACE" else value


def _format_log_level(record):
    return min(50, max(0, record.levelno)) // 10 * 10


_LOGGING_CLASSES = None


def _logging_classes():
    """(JsonFormatter, LambdaLoggerHandler, LambdaLoggerFilter), built once, the first
    time logging is set up: they subclass logging's classes, and importing logging
    (with traceback, linecache, tokenize, string, weakref) is ~5 ms of cold start
    that a function which never logs does not pay."""
    global _LOGGING_CLASSES
    if _LOGGING_CLASSES is not None:
        return _LOGGING_CLASSES
    import logging
    import traceback
    from datetime import datetime, timezone

    class JsonFormatter(logging.Formatter):
        _encode = json.JSONEncoder(ensure_ascii=False).encode

        def __init__(self):
            super().__init__(datefmt=_DATETIME_FORMAT)

        def formatTime(self, record, datefmt=None):
            dt = datetime.fromtimestamp(record.created, tz=timezone.utc)
            return dt.strftime(_DATETIME_FORMAT + ".%f")[:-3] + "Z"

        def format(self, record):
            record.levelno = _format_log_level(record)
            record.levelname = logging.getLevelName(record.levelno)
            record._frame_type = _JSON_FRAME_TYPES.get(
                record.levelno, _JSON_FRAME_TYPES[0]
            )
            exc_info = record.exc_info
            result = {
                "timestamp": self.formatTime(record, self.datefmt),
                "level": record.levelname,
                "message": record.getMessage(),
                "logger": record.name,
                "stackTrace": traceback.format_tb(exc_info[2]) if exc_info else None,
                "errorType": exc_info[0].__name__ if exc_info else None,
                "errorMessage": str(exc_info[1]) if exc_info else None,
                "requestId": getattr(record, "aws_request_id", None),
                "location": (
                    f"{record.pathname}:{record.funcName}:{record.lineno}"
                    if exc_info
                    else None
                ),
            }
            if getattr(record, "tenant_id", None) is not None:
                result["tenantId"] = record.tenant_id
            result.update(
                (key, value)
                for key, value in record.__dict__.items()
                if key not in _RESERVED_FIELDS and key not in result
            )
            result = {k: v for k, v in result.items() if v is not None}
            return self._encode(result) + "\n"

    class LambdaLoggerHandler(logging.Handler):
        def __init__(self, log_sink, with_frame_type):
            super().__init__()
            self.log_sink = log_sink
            self._with_frame_type = with_frame_type

        def emit(self, record):
            try:
                msg = self.format(record)
                frame_type = None
                if self._with_frame_type:
                    frame_type = getattr(record, "_frame_type", None) or _TEXT_FRAME_TYPES.get(
                        _format_log_level(record)
                    )
                self.log_sink.log(msg, frame_type=frame_type)
            except Exception:
                self.handleError(record)

    class LambdaLoggerFilter(logging.Filter):
        def filter(self, record):
            record.aws_request_id = _GLOBAL_AWS_REQUEST_ID or ""
            record.tenant_id = _GLOBAL_TENANT_ID
            return True

    _LOGGING_CLASSES = (JsonFormatter, LambdaLoggerHandler, LambdaLoggerFilter)
    return _LOGGING_CLASSES


def setup_logging(log_sink):
    """Installs awslambdaric's root handler (text or JSON format, AWS_LAMBDA_LOG_LEVEL).

    Called when logging is first imported (see _LoggingSetupFinder), or at start when
    something imported it before the runtime. Returns whether logs are JSON.
    """
    import logging

    JsonFormatter, LambdaLoggerHandler, LambdaLoggerFilter = _logging_classes()
    json_format = _log_format_is_json()
    log_level = _log_level_from_env()
    logging.Formatter.converter = time.gmtime
    logger = logging.getLogger()
    handler = LambdaLoggerHandler(log_sink, with_frame_type=json_format or bool(log_level))
    if json_format:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter(
                "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n",
                _DATETIME_FORMAT,
            )
        )
    if log_level in logging._nameToLevel:
        logger.setLevel(log_level)
    handler.addFilter(LambdaLoggerFilter())
    logger.addHandler(handler)
    return json_format


class _SetupAfterExec(object):
    """Wraps the loader of `logging`: runs it, then installs the Lambda handler."""

    def __init__(self, loader):
        self.loader = loader

    def __getattr__(self, name):
        return getattr(self.loader, name)

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        try:
            self.loader.exec_module(module)
        finally:
            # The module keeps its real loader (inspect, pkgutil and reload use it).
            module.__loader__ = self.loader
            spec = getattr(module, "__spec__", None)
            if spec is not None:
                spec.loader = self.loader
            _remove_logging_finder()
        _logging_imported()


class _LoggingSetupFinder(object):
    """A sys.meta_path entry that sets up logging the moment `logging` is first imported.

    awslambdaric installs its root handler before it imports the handler module. Here
    it is installed when the handler module (or a library, or the runtime's own init
    error path) imports logging, before that import statement returns: no code can log
    through logging before importing it, so what any code sees is the same, and a
    function that never imports logging does not pay ~5 ms of cold start for it.
    """

    def __init__(self):
        self.busy = False

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "logging" or self.busy:
            return None
        self.busy = True  # the finders below are asked by this call, not again
        try:
            for finder in list(sys.meta_path):
                find_spec = getattr(finder, "find_spec", None)
                if finder is self or find_spec is None:
                    continue
                spec = find_spec(fullname, path, target)
                if spec is not None:
                    break
            else:
                return None
        finally:
            self.busy = False
        # A find_spec() without an import (importlib.util.find_spec) drops this spec; the
        # finder stays until logging is actually executed.
        if spec.loader is not None and hasattr(spec.loader, "exec_module"):
            spec.loader = _SetupAfterExec(spec.loader)
        return spec


_LOGGING_FINDER = None


def _remove_logging_finder():
    try:
        sys.meta_path.remove(_LOGGING_FINDER)
    except ValueError:
        pass


def _logging_imported():
    try:
        setup_logging(_LOG_SINK or StandardLogSink())
    except Exception as e:  # never break the user's `import logging`
        sys.stderr.write("lambda-runtime: cannot set up logging: {}: {}\n".format(
            type(e).__name__, _safe_str(e)))


def _defer_logging_setup():
    """Sets logging up now if something already imported it, else at its first import."""
    global _LOGGING_FINDER
    if "logging" in sys.modules:
        _logging_imported()
        return
    _LOGGING_FINDER = _LoggingSetupFinder()
    sys.meta_path.insert(0, _LOGGING_FINDER)


class Unbuffered(object):
    """Flushes after every write, as awslambdaric does for stdout and stderr."""

    def __init__(self, stream):
        self.stream = stream

    def __getattr__(self, attr):
        return getattr(self.stream, attr)

    def write(self, msg):
        n = self.stream.write(msg)
        self.stream.flush()
        return n

    def writelines(self, msgs):
        self.stream.writelines(msgs)
        self.stream.flush()


class StandardLogSink(object):
    def log(self, msg, frame_type=None):
        sys.stdout.write(msg)

    def log_error(self, message_lines, frame_type=None):
        sys.stdout.write(ERROR_LOG_LINE_TERMINATE.join(message_lines) + "\n")

    def close(self):
        pass


class FramedTelemetryLogSink(object):
    """Lambda's telemetry log framing: type(4) | length(4) | timestamp us(8) | message."""

    def __init__(self, fd):
        self.file = os.fdopen(int(fd), "wb", 0)

    def log(self, msg, frame_type=None):
        encoded = msg.encode("utf8")
        timestamp = time.time_ns() // 1000
        self.file.write(
            (frame_type or _DEFAULT_FRAME_TYPE)
            + len(encoded).to_bytes(4, "big")
            + timestamp.to_bytes(8, "big")
            + encoded
        )

    def log_error(self, message_lines, frame_type=None):
        self.log("\n".join(message_lines), frame_type=frame_type)

    def close(self):
        self.file.close()


def create_log_sink():
    fd = os.environ.pop("_LAMBDA_TELEMETRY_LOG_FD", None)
    if fd is not None:
        try:
            return FramedTelemetryLogSink(fd)
        except (OSError, ValueError) as e:
            sys.stderr.write(
                "lambda-runtime: cannot open telemetry log fd {}: {}\n".format(fd, e)
            )
    return StandardLogSink()


def _replace_line_indentation(line, indent_char, new_indent_char):
    count = len(line) - len(line.lstrip(indent_char))
    return new_indent_char * count + line[count:]


def log_error(error_result, log_sink, json_format):
    if json_format:
        record = {
            "timestamp": time.strftime(_DATETIME_FORMAT, time.gmtime(time.time())),
            "level": "ERROR",
            **error_result,
        }
        log_sink.log_error([to_json(record)], frame_type=_JSON_FRAME_TYPES[_LEVEL_ERROR])
        return

    description = "[ERROR]"
    error_type = error_result.get("errorType")
    if error_type:
        description += " " + error_type
    error_message = error_result.get("errorMessage")
    if error_message:
        if error_type:
            description += ":"
        description += " " + error_message
    lines = [description]
    stack_trace = error_result.get("stackTrace")
    if stack_trace is not None:
        lines.append("Traceback (most recent call last):")
        for element in stack_trace:
            if element == "":
                lines.append("")
            else:
                for trace_line in element.splitlines():
                    lines.append(_replace_line_indentation(trace_line, " ", ERROR_LOG_IDENT))
    log_sink.log_error(lines, frame_type=_TEXT_FRAME_TYPES[_LEVEL_ERROR])


# --------------------------------------------------------------------------
# Runtime API client: one keep-alive HTTP/1.1 connection on a raw socket
# --------------------------------------------------------------------------
#
# http.client costs ~24 ms of imports (email.parser, ssl, calendar, ...) and parses
# every answer's headers through email.feedparser: ~4x the per-invoke cost of the
# whole loop. The Runtime API speaks a small, fixed subset of HTTP/1.1 on loopback,
# so this client writes each request with one sendall() and reads answers with
# bytes.find() on a buffer: status line, Content-Length or chunked framing, and
# the headers by name (case-insensitive). It uses the C `_socket` type itself, so
# a handler that monkeypatches http.client or socket.socket (APM agents, gevent)
# cannot change how the runtime talks to Lambda, and every socket is made blocking
# whatever socket.setdefaulttimeout() says (the /next long poll has no timeout).

# The headers the runtime reads, by their canonical spelling (Lambda's Go server and
# the fake APIs send these); an answer spelling one differently is normalised to it.
_READ_HEADERS = (
    "Content-Length", "Content-Type", "Transfer-Encoding", "Connection",
    "Lambda-Runtime-Aws-Request-Id", "Lambda-Runtime-Deadline-Ms",
    "Lambda-Runtime-Invoked-Function-Arn", "Lambda-Runtime-Trace-Id",
    "Lambda-Runtime-Client-Context", "Lambda-Runtime-Cognito-Identity",
    "Lambda-Runtime-Aws-Tenant-Id", INVOCATION_ID_HEADER,
)
_CANONICAL_HEADER = {name.lower(): name for name in _READ_HEADERS}
# Names that may be used as they come (no lowercasing pass): the canonical ones and
# the usual extras of HTTP servers.
_PLAIN_HEADER_NAMES = frozenset(_READ_HEADERS + ("Date", "Server", "Keep-Alive"))

_HEX_DIGITS = b"0123456789abcdefABCDEF"
# urllib.parse.quote(s, safe="") leaves these bytes as they are.
_URL_SAFE = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~"


def _quote_segment(text):
    """urllib.parse.quote(text, safe=""), without importing urllib.parse (~3 ms)."""
    raw = text.encode("utf-8")
    if not raw.translate(None, _URL_SAFE):
        return text  # a request id is a UUID: nothing to escape
    return "".join(chr(b) if b in _URL_SAFE else "%{:02X}".format(b) for b in raw)


def _header_value(value):
    # Header values go out as ASCII: CR/LF would end the header, the rest is escaped.
    text = str(value).replace("\r", " ").replace("\n", " ")
    return text.encode("ascii", "backslashreplace").decode("ascii")


def _short(body, limit=1024):
    if isinstance(body, (bytes, bytearray)):
        text = body.decode("utf-8", "replace")
    else:
        text = str(body)
    return text if len(text) <= limit else text[:limit] + "..."


def _endpoint(head):
    """ "POST /2018-06-01/runtime/invocation/<id>/response" from a request's head."""
    return head[:head.find(b" HTTP/1.1\r\n")].decode("latin-1")


def _split_address(address):
    """("host", port) from AWS_LAMBDA_RUNTIME_API ("127.0.0.1:9001", "[::1]:9001")."""
    host, sep, port = address.rpartition(":")
    if not sep or "]" in port:
        host, port = address, "80"
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    try:
        return host, int(port)
    except ValueError:
        raise OSError("AWS_LAMBDA_RUNTIME_API is not host:port: {!r}".format(address))


def _open_socket(host, port):
    """A connected, blocking TCP socket with TCP_NODELAY (socket.create_connection's loop)."""
    try:
        # A str host is IDNA-encoded by getaddrinfo, which imports encodings.idna,
        # stringprep and unicodedata (~1.5 ms); an ASCII host needs none of that.
        name = host.encode("ascii")
    except UnicodeEncodeError:
        name = host
    error = None
    for family, kind, proto, _, sockaddr in _socket.getaddrinfo(name, port, 0, _socket.SOCK_STREAM):
        sock = None
        try:
            sock = _socket.socket(family, kind, proto)
            sock.settimeout(None)  # blocking, whatever socket.setdefaulttimeout() says
            if family != _socket.AF_UNIX:
                sock.setsockopt(_socket.IPPROTO_TCP, _socket.TCP_NODELAY, 1)
            sock.connect(sockaddr)
            return sock
        except OSError as e:
            error = e
            if sock is not None:
                sock.close()
    raise error if error is not None else OSError("getaddrinfo found no address for {}".format(host))


_COLON_SPACE = repeat(": ")
_ONE = repeat(1)
# Short answer heads (the POST answers: "HTTP/1.1 202 Accepted", Content-Type,
# Content-Length, perhaps a Date) repeat verbatim: their parses are kept.
_HEAD_CACHE = {}
_HEAD_CACHE_MAX_LENGTH = 200
_HEAD_CACHE_SIZE = 32
# Lambda's /next answers all share one header layout (canonical names in one order, a
# Content-Length, no Connection or Transfer-Encoding). The second time an
# "HTTP/1.1 200 OK" answer has the same layout as the one before, a regex for exactly
# that layout is compiled (~0.5 ms, once): then each /next head is read with one C-level
# fullmatch (~1 us less per invoke than splitting it into lines and checking each).
# Such a head's "headers" are the tuple of the invocation's header values, taken from
# the match by one itemgetter (no dict, no lookups by name: ~1 us less again).
# [fullmatch or None, its header names, the group of Content-Length, the last layout
#  seen, the itemgetter of _INVOCATION_HEADERS' groups (None for those it lacks)]
_NEXT_SHAPE = [None, (), 0, None, None]
# The headers InvocationRequest reads, in the order of its fields.
_INVOCATION_HEADERS = (
    "Lambda-Runtime-Aws-Request-Id", "Lambda-Runtime-Trace-Id",
    "Lambda-Runtime-Invoked-Function-Arn", "Lambda-Runtime-Deadline-Ms",
    "Lambda-Runtime-Client-Context", "Lambda-Runtime-Cognito-Identity",
    "Lambda-Runtime-Aws-Tenant-Id", "Content-Type", INVOCATION_ID_HEADER,
)


def _read_answer_head(head):
    """(status, headers, keep_alive, content_length) from an answer's status line and
    headers (bytes, without the blank line). Header names are case-insensitive: the ones
    the runtime reads come back in their canonical spelling; the first of repeated ones
    counts; values lose their leading spaces and tabs (as http.client's do).
    content_length is None when the body is chunked or has no declared length. The
    headers dict may be shared between answers: read it, do not change it. A /next head
    in the remembered layout has, instead of a dict, the tuple of _INVOCATION_HEADERS'
    values, None for absent ones (see InvocationRequest.from_values())."""
    if len(head) <= _HEAD_CACHE_MAX_LENGTH:
        cached = _HEAD_CACHE.get(head)
        if cached is not None:
            return cached
    if head[:17] == b"HTTP/1.1 200 OK\r\n":
        text = head.decode("latin-1")
        fullmatch = _NEXT_SHAPE[0]
        if fullmatch is not None:
            # The known layout, every value non-empty without leading whitespace (its
            # first character above " ") and without CR or LF, a plain Content-Length.
            match = fullmatch(text)
            if match is not None:
                return 200, _NEXT_SHAPE[4](match), True, int(match[_NEXT_SHAPE[2]])
        lines = text.split("\r\n")
        del lines[0]
        return _parse_head_lines(head, 200, lines)
    line_end = head.find(b"\r\n")
    if line_end < 0:
        return _head_result(head, _parse_status_line(head), {})
    status = _parse_status_line(head[:line_end])
    lines = head.decode("latin-1").split("\r\n")
    del lines[0]
    return _parse_head_lines(head, status, lines)


def _parse_head_lines(head, status, lines):
    # The usual case, in C: "Name: value" lines split at their first ": ". It stands
    # when every line had one, the names are canonical ones without repeats (so none
    # holds a colon: the first colon was followed by a space) and no value is empty or
    # starts with more whitespace (min() < "!"); anything else goes through
    # _parse_header_lines().
    try:
        headers = dict(map(str.split, lines, _COLON_SPACE, _ONE))
    except ValueError:
        headers = None
    if (
        headers is None
        or len(headers) != len(lines)
        or not headers.keys() <= _PLAIN_HEADER_NAMES
        or min(headers.values(), default="!") < "!"
    ):
        headers = _parse_header_lines(lines)
    elif (
        status == 200
        and head[:9] == b"HTTP/1.1 "
        and "Content-Length" in headers
        and "Connection" not in headers
        and "Transfer-Encoding" not in headers
    ):
        names = tuple(headers)
        if names != _NEXT_SHAPE[3]:
            _NEXT_SHAPE[3] = names
        elif names != _NEXT_SHAPE[1]:
            import re  # already loaded by json

            # Group i + 1 holds the value of names[i]; a last group that never takes
            # part (so it reads None) stands for the headers the layout lacks.
            pattern = re.compile("HTTP/1\\.1 200 OK" + "".join(
                "\r\n" + re.escape(name) + (
                    ": ([0-9]+)" if name == "Content-Length" else ": ([!-\xff][^\r\n]*)")
                for name in names) + "(?:((?!)))?")
            absent = len(names) + 1
            _NEXT_SHAPE[:3] = pattern.fullmatch, names, names.index("Content-Length") + 1
            _NEXT_SHAPE[4] = itemgetter(*(
                names.index(name) + 1 if name in names else absent
                for name in _INVOCATION_HEADERS))
    return _head_result(head, status, headers)


def _head_result(head, status, headers):
    connection = headers.get("Connection")
    if connection is None:
        keep_alive = head[7:8] != b"0"  # HTTP/1.0 closes unless told otherwise
    else:
        tokens = connection.lower()
        keep_alive = "close" not in tokens and (head[7:8] != b"0" or "keep-alive" in tokens)
    length = headers.get("Content-Length")
    if length is not None:
        if "Transfer-Encoding" in headers:
            length = None  # chunked framing wins over a Content-Length (RFC 9112 6.3)
        else:
            length = _content_length(length)
    result = status, headers, keep_alive, length
    if len(head) <= _HEAD_CACHE_MAX_LENGTH:
        if len(_HEAD_CACHE) >= _HEAD_CACHE_SIZE:
            _HEAD_CACHE.clear()
        _HEAD_CACHE[head] = result
    return result


def _parse_status_line(status_line):
    # "HTTP/1.1 200 OK": exactly three digits, then a space or the end of the line
    # (so "HTTP/1.1 2000" is not a 200).
    if (
        len(status_line) < 12
        or status_line[:7] != b"HTTP/1."
        or not status_line[7:8].isdigit()
        or status_line[8:9] != b" "
        or not status_line[9:12].isdigit()
        or (len(status_line) > 12 and status_line[12:13] != b" ")
    ):
        raise RuntimeApiProtocolError(
            "malformed status line {!r}".format(bytes(status_line[:100]))
        )
    return int(status_line[9:12])


def _parse_header_lines(lines):
    """Header lines the careful way: "Name:value" with any spaces or tabs after the colon,
    names in any case (the known ones canonicalised), the first of repeated names."""
    headers = {}
    for line in lines:
        name, colon, value = line.partition(":")
        if not colon or not name or name[0] in " \t":
            # No colon, an empty name, or an obsolete folded continuation line.
            raise RuntimeApiProtocolError("malformed header line {!r}".format(line[:200]))
        name = _CANONICAL_HEADER.get(name.lower(), name)
        if name not in headers:
            headers[name] = value.lstrip(" \t")
    return headers


def _content_length(value):
    text = value.strip(" \t")
    if not (text.isdigit() and text.isascii()):
        raise RuntimeApiProtocolError("malformed Content-Length {!r}".format(value[:100]))
    return int(text)


class _NoAnswer(Exception):
    """Nothing of an answer arrived (the request could not be sent, or the connection
    was closed or reset before the first byte): on a reused keep-alive connection the
    request is sent again on a new one, once."""

    def __init__(self, cause):
        super().__init__(cause)
        self.cause = cause


class _Connection(object):
    """One HTTP/1.1 connection to the Runtime API on a raw, blocking socket."""

    __slots__ = ("host", "port", "sock", "buf", "last_answer", "last_result")

    def __init__(self, address):
        self.host, self.port = _split_address(address)
        self.sock = None
        self.buf = b""  # what arrived after the last answer (nothing, from a sane server)
        # The last short answer that came alone in one recv() (a POST's "202 Accepted"),
        # and what read_answer() made of it: the next identical one is not parsed again.
        self.last_answer = None
        self.last_result = None

    def connect(self):
        self.close()
        self.sock = _open_socket(self.host, self.port)

    def close(self):
        sock = self.sock
        self.sock = None
        self.buf = b""
        if sock is not None:
            try:
                sock.close()
            except OSError:
                pass

    def exchange(self, head, body=None):
        """Sends one request (head: request line + headers + blank line) and reads its
        answer: (status, headers, body), headers as from _read_answer_head()."""
        try:
            if body is None:
                self.sock.sendall(head)
            elif len(body) <= 65536:
                self.sock.sendall(head + body)  # one segment for the usual small result
            else:
                self.sock.sendall(head)
                self.sock.sendall(body)  # no copy of a large body
        except (ConnectionResetError, ConnectionAbortedError, BrokenPipeError) as e:
            raise _NoAnswer(e) from e
        return self.read_answer()

    def read_answer(self):
        buf = self.buf
        if not buf:
            try:
                buf = self.sock.recv(65536)
            except (ConnectionResetError, ConnectionAbortedError) as e:
                raise _NoAnswer(e) from e
            if not buf:
                raise _NoAnswer(RuntimeApiConnectionClosed(
                    "the Runtime API closed the connection without an answer"))
            if buf == self.last_answer:
                return self.last_result  # the same "202 Accepted" as last time, byte for byte
        end = buf.find(b"\r\n\r\n")
        if end < 0 or end > MAX_ANSWER_HEAD:
            buf, end = self._read_head(buf, end)
        status, headers, keep_alive, length = _read_answer_head(buf[:end])
        if length is not None and keep_alive and status >= 200:
            stop = end + 4 + length
            size = len(buf)
            if size == stop:  # the usual case: the whole answer came in one recv()
                self.buf = b""
                result = status, headers, buf[end + 4:]
                if size <= 256:
                    self.last_answer = buf
                    self.last_result = result
                return result
            if size > stop:
                self.buf = buf[stop:]
                return status, headers, buf[end + 4:stop]
        return self._read_body(buf, end + 4, status, headers, keep_alive, length)

    def _read_head(self, buf, end):
        """(buffer, end of the head) once the whole head has arrived."""
        while end < 0:
            if len(buf) > MAX_ANSWER_HEAD:
                break
            data = self.sock.recv(65536)
            if not data:
                raise RuntimeApiConnectionClosed(
                    "the Runtime API closed the connection in the middle of the answer's headers")
            buf += data
            end = buf.find(b"\r\n\r\n", max(0, len(buf) - len(data) - 3))
        if end < 0 or end > MAX_ANSWER_HEAD:
            raise RuntimeApiProtocolError(
                "the answer's status line and headers are larger than {} bytes".format(
                    MAX_ANSWER_HEAD))
        return buf, end

    def _read_body(self, buf, start, status, headers, keep_alive, length):
        """The rest of read_answer(): an interim answer, a body still arriving, chunked
        or unframed bodies, a connection to close."""
        if status < 200:
            self.buf = buf[start:]  # an interim answer (100 Continue): the real one follows
            return self.read_answer()
        if length is not None:
            stop = start + length
            if len(buf) >= stop:
                body = buf[start:stop]
                self.buf = buf[stop:]
            else:
                body = self._read_exactly(buf[start:], length)
                self.buf = b""
        else:
            self.buf = buf
            body, keep_alive = self._read_unsized_body(start, status, headers, keep_alive)
        if not keep_alive:
            self.close()
        return status, headers, body

    def _read_unsized_body(self, start, status, headers, keep_alive):
        """(body, keep_alive) of an answer without Content-Length: chunked, empty, or up to
        the end of the connection."""
        buf = self.buf
        transfer_encoding = headers.get("Transfer-Encoding")
        if transfer_encoding is not None:
            if transfer_encoding.strip().lower() != "chunked":
                raise RuntimeApiProtocolError(
                    "unsupported Transfer-Encoding {!r}".format(transfer_encoding[:100]))
            return self._read_chunked(start), keep_alive
        if status == 204 or status == 304:
            self.buf = buf[start:]
            return b"", keep_alive
        # No framing: the body ends when the server closes the connection.
        return self._read_to_close(buf[start:]), False

    def _read_exactly(self, first, length):
        # Straight into one buffer: a 6 MB event is not rebuilt chunk by chunk.
        body = bytearray(length)
        have = len(first)
        body[:have] = first
        view = memoryview(body)
        try:
            while have < length:
                got = self.sock.recv_into(view[have:], length - have)
                if not got:
                    raise RuntimeApiConnectionClosed(
                        "the Runtime API closed the connection after {} of {} body bytes".format(
                            have, length))
                have += got
        finally:
            view.release()
        return body

    def _read_to_close(self, first):
        parts = [first]
        while True:
            data = self.sock.recv(262144)
            if not data:
                return b"".join(parts)
            parts.append(data)

    def _read_chunked(self, start):
        data = bytearray(self.buf[start:])
        parts = []
        pos = 0
        while True:
            line_end = self._read_line(data, pos)
            size_text = bytes(data[pos:line_end]).split(b";", 1)[0].strip()
            if not size_text or len(size_text) > 16 or size_text.translate(None, _HEX_DIGITS):
                raise RuntimeApiProtocolError(
                    "malformed chunk size line {!r}".format(bytes(data[pos:line_end][:100])))
            size = int(size_text, 16)
            pos = line_end + 2
            if size == 0:
                break
            self._fill(data, pos + size + 2)
            if data[pos + size:pos + size + 2] != b"\r\n":
                raise RuntimeApiProtocolError("a chunk is not followed by CRLF")
            parts.append(bytes(data[pos:pos + size]))
            del data[:pos + size + 2]  # cheap at the front of a bytearray
            pos = 0
        while True:  # trailers (ignored) up to the blank line
            line_end = self._read_line(data, pos)
            if line_end == pos:
                pos += 2
                break
            pos = line_end + 2
        self.buf = bytes(data[pos:])
        return b"".join(parts)

    def _read_line(self, data, pos):
        while True:
            line_end = data.find(b"\r\n", pos)
            if line_end >= 0:
                return line_end
            if len(data) - pos > MAX_ANSWER_HEAD:
                raise RuntimeApiProtocolError("a chunked-body line is longer than {} bytes".format(
                    MAX_ANSWER_HEAD))
            self._recv_into(data)

    def _fill(self, data, size):
        while len(data) < size:
            self._recv_into(data)

    def _recv_into(self, data):
        more = self.sock.recv(262144)
        if not more:
            raise RuntimeApiConnectionClosed(
                "the Runtime API closed the connection in the middle of a chunked body")
        data += more


class InvocationRequest(object):
    __slots__ = (
        "invoke_id", "x_amzn_trace_id", "invoked_function_arn", "deadline_time_in_ms",
        "client_context", "cognito_identity", "tenant_id", "content_type",
        "invocation_id", "event_body",
    )

    def __init__(self, headers, body):
        get = headers.get
        self.invoke_id = get("Lambda-Runtime-Aws-Request-Id")
        self.x_amzn_trace_id = get("Lambda-Runtime-Trace-Id")
        self.invoked_function_arn = get("Lambda-Runtime-Invoked-Function-Arn")
        try:
            self.deadline_time_in_ms = int(get("Lambda-Runtime-Deadline-Ms") or 0)
        except ValueError:
            self.deadline_time_in_ms = 0
        self.client_context = get("Lambda-Runtime-Client-Context") or None
        self.cognito_identity = get("Lambda-Runtime-Cognito-Identity") or None
        self.tenant_id = get("Lambda-Runtime-Aws-Tenant-Id") or None
        self.content_type = get("Content-Type") or None
        self.invocation_id = get(INVOCATION_ID_HEADER) or None
        self.event_body = body

    @classmethod
    def from_values(cls, values, body):
        """The invocation of a /next answer whose head the remembered layout matched, from
        its _INVOCATION_HEADERS values: the same fields as from its headers dict (the
        values are never empty: `or None` would change nothing)."""
        self = cls.__new__(cls)
        (
            self.invoke_id, self.x_amzn_trace_id, self.invoked_function_arn, deadline,
            self.client_context, self.cognito_identity, self.tenant_id, self.content_type,
            self.invocation_id,
        ) = values
        try:
            self.deadline_time_in_ms = int(deadline or 0)
        except ValueError:
            self.deadline_time_in_ms = 0
        self.event_body = body
        return self


_CONTENT_TYPE_BYTES = {
    "application/json": b"application/json",
    "application/unknown": b"application/unknown",
}


class RuntimeApiClient(object):
    def __init__(self, address):
        self.address = address
        self._conn = _Connection(address)
        self._ever_connected = False
        # Constant for the process: Host and User-Agent, and the whole /next request.
        self._common = "Host: {}\r\nUser-Agent: {}\r\n".format(
            _header_value(address), _header_value(USER_AGENT)
        ).encode("ascii")
        self._next_path = API_PREFIX + "/runtime/invocation/next"
        self._invocation_prefix = (API_PREFIX + "/runtime/invocation/").encode("ascii")
        self._next_request = b"GET %s HTTP/1.1\r\n%s\r\n" % (
            self._next_path.encode("ascii"), self._common)
        # A /next request went out behind the last result (see _request(then_next)).
        self._next_sent = False

    def _first_connect(self):
        # The Runtime API may not listen yet when the runtime starts: a refused first
        # connect is retried with a short backoff for CONNECT_RETRY_SECONDS (as the Node
        # runtime does), then it fails like any other connection error. Later ones are not.
        deadline = time.monotonic() + CONNECT_RETRY_SECONDS
        delay = 0.01
        while True:
            try:
                self._conn.connect()
                self._ever_connected = True
                return
            except ConnectionRefusedError:
                self._conn.close()
                if time.monotonic() + delay > deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 0.2)

    @staticmethod
    def _failed(head, e):
        endpoint = _endpoint(head)
        return RuntimeApiError(
            endpoint,
            "Request to Lambda Runtime '{}' endpoint failed: {}: {}".format(
                endpoint, type(e).__name__, e
            ),
        )

    def _request(self, head, body=None, then_next=False):
        """(status, headers, body) of one request on the kept-alive connection.

        then_next (a small body only): the /next request goes out in the same write,
        right behind this one, and next_invocation() reads its answer. It saves a write
        and the wait for this answer before /next is sent; the server still answers the
        two in order, the invocation's result first."""
        conn = self._conn
        sock = conn.sock
        if self._next_sent:
            # Only next_invocation() may follow a pipelined /next: anything else would
            # read its answer. Not reached today; a new connection keeps it safe.
            self._next_sent = False
            conn.close()
            sock = None
        if sock is not None and not conn.buf:
            try:
                try:
                    if body is None:
                        sock.sendall(head)
                    elif len(body) <= 65536:
                        if then_next:
                            sock.sendall(head + body + self._next_request)
                            self._next_sent = True
                        else:
                            sock.sendall(head + body)  # one segment for the usual small result
                    else:
                        sock.sendall(head)
                        sock.sendall(body)  # no copy of a large body
                except (ConnectionResetError, ConnectionAbortedError, BrokenPipeError) as e:
                    raise _NoAnswer(e) from e
                answer = conn.read_answer()
                if conn.sock is None:  # the server closed after its answer: /next is lost
                    self._next_sent = False
                return answer
            except _NoAnswer:
                self._next_sent = False
                # The server dropped the kept-alive connection (an idle close, a reset
                # before answering): the request goes again on a new one, once.
                conn.close()
            except (OSError, RuntimeApiProtocolError) as e:
                self._next_sent = False
                conn.close()
                raise self._failed(head, e) from e
        # A new connection: the first one, after a close, or bytes nobody asked for.
        conn.close()
        try:
            if self._ever_connected:
                conn.connect()
            else:
                self._first_connect()
            return conn.exchange(head, body)
        except _NoAnswer as e:
            conn.close()
            raise self._failed(head, e.cause) from e.cause
        except (OSError, RuntimeApiProtocolError) as e:
            conn.close()
            raise self._failed(head, e) from e

    @staticmethod
    def _check(endpoint, status, data, expected=None):
        ok = status == expected if expected is not None else 200 <= status < 300
        if not ok:
            raise RuntimeApiError(
                endpoint,
                "Request to Lambda Runtime '{}' endpoint failed. Reason: '{}'. "
                "Response body: '{}'".format(endpoint, status, _short(data)),
                status,
            )

    def _next_answer(self):
        """The answer to /next: the one sent behind the last result, or a new request."""
        if not self._next_sent:
            return self._request(self._next_request)
        self._next_sent = False
        conn = self._conn
        try:
            return conn.read_answer()
        except _NoAnswer:
            # The connection dropped before the answer: ask again on a new one, once.
            conn.close()
        except (OSError, RuntimeApiProtocolError) as e:
            conn.close()
            raise self._failed(self._next_request, e) from e
        return self._request(self._next_request)

    def next_invocation(self):
        status, headers, data = self._next_answer()
        if status != 200:
            self._check("GET " + self._next_path, status, data, expected=200)
        if type(headers) is dict:
            invocation = InvocationRequest(headers, data)
        else:  # the header values of a /next head in the remembered layout
            invocation = InvocationRequest.from_values(headers, data)
        if not invocation.invoke_id:
            raise RuntimeApiError(
                "GET " + self._next_path,
                "Request to Lambda Runtime 'GET {}' endpoint failed: the answer has no "
                "Lambda-Runtime-Aws-Request-Id header".format(self._next_path),
            )
        return invocation

    def _invocation_path(self, invoke_id, what):
        return "{}/runtime/invocation/{}/{}".format(API_PREFIX, _quote_segment(invoke_id), what)

    def _post(self, path, content_type, body, extra_headers=b""):
        head = b"POST %s HTTP/1.1\r\n%sContent-Type: %s\r\nContent-Length: %d\r\n%s\r\n" % (
            path.encode("ascii"), self._common, content_type, len(body), extra_headers)
        return self._request(head, body)

    @staticmethod
    def _invocation_id_header(invocation):
        if invocation.invocation_id:
            return "{}: {}\r\n".format(
                INVOCATION_ID_HEADER, _header_value(invocation.invocation_id)
            ).encode("ascii")
        return b""

    def post_response(self, invocation, body, content_type):
        invoke_id = invocation.invoke_id.encode("latin-1")  # it came in a header
        if invoke_id.translate(None, _URL_SAFE):
            invoke_id = _quote_segment(invocation.invoke_id).encode("ascii")
        head = b"POST %s%s/response HTTP/1.1\r\n%sContent-Type: %s\r\nContent-Length: %d\r\n%s\r\n" % (
            self._invocation_prefix,
            invoke_id,
            self._common,
            _CONTENT_TYPE_BYTES.get(content_type) or _header_value(content_type).encode("ascii"),
            len(body),
            self._invocation_id_header(invocation) if invocation.invocation_id else b"",
        )
        # /next goes out with a small result: after a small result's post, the loop
        # sends nothing else before /next, even when the post fails (it is logged).
        status, _, data = self._request(head, body, True)
        if not 200 <= status < 300:
            self._check(_endpoint(head), status, data)

    def post_error(self, invocation, error_result, xray_fault):
        path = self._invocation_path(invocation.invoke_id, "error")
        extra = "{}: {}\r\n".format(ERROR_TYPE_HEADER, _header_value(error_result["errorType"]))
        xray = to_json(xray_fault)
        if len(xray) < XRAY_MAX_HEADER_SIZE:
            extra += "{}: {}\r\n".format(XRAY_ERROR_CAUSE_HEADER, _header_value(xray))
        extra = extra.encode("ascii") + self._invocation_id_header(invocation)
        status, _, data = self._post(
            path, b"application/json", to_json(error_result).encode("utf-8"), extra)
        self._check("POST " + path, status, data)

    def post_init_error(self, error_result):
        path = API_PREFIX + "/runtime/init/error"
        extra = "{}: {}\r\n".format(
            ERROR_TYPE_HEADER, _header_value(error_result["errorType"])).encode("ascii")
        status, _, data = self._post(
            path, b"application/json", to_json(error_result).encode("utf-8"), extra)
        self._check("POST " + path, status, data, expected=202)

    def open_stream(self, invocation, content_type):
        return ResponseStreamWriter(self.address, self._invocation_path(
            invocation.invoke_id, "response"), content_type, invocation.invocation_id)


class ResponseStreamWriter(object):
    """A chunked POST .../response on its own connection (closed afterwards, as the
    streaming guide says), with the error trailers of a failed stream."""

    def __init__(self, address, path, content_type, invocation_id=None):
        self.endpoint = "POST " + path
        self._conn = _Connection(address)
        lines = [
            "POST {} HTTP/1.1".format(path),
            "Host: {}".format(_header_value(address)),
            "User-Agent: {}".format(_header_value(USER_AGENT)),
            "Content-Type: {}".format(_header_value(content_type)),
            "{}: streaming".format(RESPONSE_MODE_HEADER),
            "Transfer-Encoding: chunked",
            "Trailer: {}, {}".format(ERROR_TYPE_HEADER, ERROR_BODY_TRAILER),
        ]
        if invocation_id:
            lines.append("{}: {}".format(INVOCATION_ID_HEADER, _header_value(invocation_id)))
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("ascii")
        try:
            self._conn.connect()
            self._sendall = self._conn.sock.sendall
            self._sendall(head)
        except OSError as e:
            raise self._failure(e) from e

    def _failure(self, e):
        # The server may have answered (e.g. 413) and closed: report its status.
        try:
            if self._conn.sock is None:
                raise e
            status, _, data = self._conn.read_answer()
            return RuntimeApiError(
                self.endpoint,
                "Request to Lambda Runtime '{}' endpoint failed. Reason: '{}'. "
                "Response body: '{}'".format(self.endpoint, status, _short(data)),
                status,
            )
        except Exception:
            self._conn.close()
            cause = e.cause if isinstance(e, _NoAnswer) else e
            return RuntimeApiError(
                self.endpoint,
                "Request to Lambda Runtime '{}' endpoint failed: {}: {}".format(
                    self.endpoint, type(cause).__name__, cause
                ),
            )

    def write(self, data):
        size = len(data)
        if size == 0:
            return  # an empty chunk would end the body
        try:
            if size <= 16384:
                self._sendall(b"%X\r\n%s\r\n" % (size, data))
            else:
                # Framing around the data, not a copy of it (and blocking sendall() is the
                # backpressure: a slow reader holds the generator here).
                self._sendall(b"%X\r\n" % size)
                self._sendall(data)
                self._sendall(b"\r\n")
        except OSError as e:
            raise self._failure(e) from e

    def finish(self, error_type=None, error_body=None):
        end = b"0\r\n"
        if error_type is not None:
            import base64  # the error path only

            end += "{}: {}\r\n{}: {}\r\n".format(
                ERROR_TYPE_HEADER,
                _header_value(error_type),
                ERROR_BODY_TRAILER,
                base64.b64encode(error_body).decode("ascii"),
            ).encode("ascii")
        end += b"\r\n"
        try:
            self._sendall(end)
            status, _, data = self._conn.read_answer()
        except (OSError, RuntimeApiProtocolError, _NoAnswer) as e:
            raise self._failure(e) from e
        RuntimeApiClient._check(self.endpoint, status, data)

    def close(self):
        self._conn.close()


# --------------------------------------------------------------------------
# Handler loading
# --------------------------------------------------------------------------


def _import_module(name):
    """importlib.import_module(name) without importing the importlib package (and
    warnings) at start: the same relative-import refusal, then __import__ and the
    module from sys.modules, which is what import_module returns for an absolute name."""
    if name.startswith("."):
        raise TypeError(
            "the 'package' argument is required to perform a relative import for {!r}".format(name)
        )
    __import__(name)
    return sys.modules[name]


def get_handler(handler):
    try:
        modname, fname = handler.rsplit(".", 1)
    except ValueError as e:
        raise FaultException(
            FaultException.MALFORMED_HANDLER_NAME,
            "Bad handler '{}': {}".format(handler, str(e)),
        )

    try:
        if modname.split(".")[0] in sys.builtin_module_names:
            raise FaultException(
                FaultException.BUILT_IN_MODULE_CONFLICT,
                "Cannot use built-in module {} as a handler module".format(modname),
            )
        module = _import_module(modname.replace("/", "."))
    except ImportError as e:
        raise FaultException(
            FaultException.IMPORT_MODULE_ERROR,
            "Unable to import module '{}': {}".format(modname, str(e)),
        )
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        raise FaultException(
            FaultException.USER_CODE_SYNTAX_ERROR,
            "Syntax error in module '{}': {}".format(modname, str(e)),
            trace,
        )

    try:
        return getattr(module, fname)
    except AttributeError:
        raise FaultException(
            FaultException.HANDLER_NOT_FOUND,
            "Handler '{}' missing on module '{}'".format(fname, modname),
            None,
        )


# --------------------------------------------------------------------------
# Invocation
# --------------------------------------------------------------------------


_NOT_STREAMS = (str, bytes, bytearray, memoryview, dict, list, tuple)
_PLAIN_RESULTS = frozenset(_NOT_STREAMS + (type(None), int, float, bool))


def is_stream(response):
    if type(response) in _PLAIN_RESULTS:
        return False  # the usual results, without an ABC isinstance() check
    return isinstance(response, Iterator) and not isinstance(response, _NOT_STREAMS)


def _is_http_prelude(item):
    return getattr(type(item), "__awslambda_http_prelude__", False) is True


def _content_type_marker(item):
    if getattr(type(item), "__awslambda_content_type__", False) is True:
        return str(item)
    return None


def _chunk_bytes(item):
    if isinstance(item, bytes):
        return item
    if isinstance(item, str):
        return item.encode("utf-8")
    if isinstance(item, (bytearray, memoryview)):
        return bytes(item)
    raise FaultException(
        FaultException.MARSHAL_ERROR,
        "Unable to marshal response: streamed chunks must be str or bytes, not {}".format(
            type(item).__name__
        ),
        None,
    )


_END = object()
_UNSET = object()


class Runtime(object):
    def __init__(self, client, log_sink, json_logs, request_handler):
        self.client = client
        self.log_sink = log_sink
        self.json_logs = json_logs
        self.request_handler = request_handler

    def report_api_error(self, e, fatal=None):
        sys.stderr.write("lambda-runtime: {}\n".format(e))
        if e.fatal if fatal is None else fatal:
            sys.stderr.write("lambda-runtime: the Runtime API is unusable; exiting\n")
            sys.exit(1)

    def handle(self, invocation):
        error = None
        try:
            if invocation.client_context is None and invocation.cognito_identity is None:
                context = LambdaContext(
                    invocation.invoke_id, None, None, invocation.deadline_time_in_ms,
                    invocation.invoked_function_arn, invocation.tenant_id,
                )
            else:
                context = create_lambda_context(invocation)
            event = unmarshal_request(invocation.event_body, invocation.content_type)
            response = self.request_handler(event, context)
            if type(response) not in _PLAIN_RESULTS and is_stream(response):
                error = self.stream(invocation, response)
                if error is None:
                    return
            else:
                body, content_type = marshal_response(response)
        except Exception:
            error = error_from_exception(sys.exc_info(), invocation.invoke_id)

        try:
            if error is not None:
                error_result, xray_fault = error
                log_error(error_result, self.log_sink, self.json_logs)
                self.client.post_error(invocation, error_result, xray_fault)
            else:
                self.client.post_response(invocation, body, content_type)
        except RuntimeApiError as e:
            self.report_api_error(e)

    def stream(self, invocation, iterator):
        """Stream an iterator's items. Returns an error for /error if it fails
        before anything was sent, None once the stream has been handled."""
        # The first item decides the Content-Type; an error before it is an
        # ordinary invocation error (nothing has been sent yet).
        try:
            try:
                first = next(iterator)
            except StopIteration:
                first = _END
            content_type = STREAM_CONTENT_TYPE
            pending = b""
            if _is_http_prelude(first):
                content_type = HTTP_INTEGRATION_CONTENT_TYPE
                pending = (
                    json.dumps(dict(first), separators=(",", ":"), ensure_ascii=False,
                               allow_nan=False).encode("utf-8")
                    + HTTP_PRELUDE_DELIMITER
                )
            elif _content_type_marker(first) is not None:
                content_type = _content_type_marker(first)
            elif first is not _END:
                pending = _chunk_bytes(first)
        except Exception:
            _close_iterator(iterator)
            return error_from_exception(sys.exc_info(), invocation.invoke_id)

        writer = None
        try:
            writer = self.client.open_stream(invocation, content_type)
            writer.write(pending)
            while first is not _END:
                try:
                    item = next(iterator)
                except StopIteration:
                    break
                except Exception:
                    self._fail_stream(writer, sys.exc_info(), invocation)
                    return None
                try:
                    data = _chunk_bytes(item)
                except FaultException:
                    self._fail_stream(writer, sys.exc_info(), invocation)
                    return None
                writer.write(data)
            writer.finish()
        except RuntimeApiError as e:
            # A dropped stream connection is not fatal by itself: the next
            # /next call tells whether the Runtime API is still there.
            self.report_api_error(e, fatal=e.status is not None and e.status >= 500)
        finally:
            _close_iterator(iterator)
            if writer is not None:
                writer.close()
        return None

    def _fail_stream(self, writer, exc_info, invocation):
        error_result, _ = error_from_exception(exc_info, invocation.invoke_id)
        log_error(error_result, self.log_sink, self.json_logs)
        writer.finish(error_result["errorType"], to_json(error_result).encode("utf-8"))

    def loop(self):
        global _GLOBAL_AWS_REQUEST_ID, _GLOBAL_TENANT_ID
        next_invocation = self.client.next_invocation
        handle = self.handle
        environ = os.environ
        trace_env = _TraceIdWriter(environ)
        trace_id = _UNSET
        while True:
            try:
                invocation = next_invocation()
            except RuntimeApiError as e:
                sys.stderr.write("lambda-runtime: {}\n".format(e))
                sys.stderr.write("lambda-runtime: cannot get the next invocation; exiting\n")
                sys.exit(1)
            _GLOBAL_AWS_REQUEST_ID = invocation.invoke_id
            _GLOBAL_TENANT_ID = invocation.tenant_id
            # An environment write costs 2-3 us: only when the trace id changes
            # (on Lambda it does each invoke; a handler reads it, never writes it).
            if invocation.x_amzn_trace_id != trace_id:
                trace_id = invocation.x_amzn_trace_id
                if trace_id is not None:
                    trace_env.set(trace_id)
                else:
                    environ.pop("_X_AMZN_TRACE_ID", None)
            handle(invocation)


# glibc's setenv() keeps every value it was given (~150 bytes per trace id); after
# this many, the writes move to lambda_engines_trace_env, which uses constant
# memory. Its ctypes import costs a few ms once, so the cold start does not pay it.
_BOUNDED_TRACE_ENV_AFTER = 100


class _TraceIdWriter:
    """set(value) writes _X_AMZN_TRACE_ID: os.environ at first, then TraceIdEnv."""

    __slots__ = ("set", "_environ", "_left")

    def __init__(self, environ):
        self._environ = environ
        self._left = _BOUNDED_TRACE_ENV_AFTER
        self.set = self._set_and_count

    def _set_and_count(self, value):
        self._environ["_X_AMZN_TRACE_ID"] = value
        self._left -= 1
        if self._left == 0:
            try:
                from lambda_engines_trace_env import TraceIdEnv

                self.set = TraceIdEnv(self._environ).set
            except (ImportError, AttributeError, OSError):
                # No ctypes, no libc putenv or no os.environ._data here: this method stays
                # (memory grows as before; _left is below 0 from now on).
                pass


def _close_iterator(iterator):
    close = getattr(iterator, "close", None)
    if close is not None:
        try:
            close()
        except Exception:
            pass


# --------------------------------------------------------------------------
# Start-up
# --------------------------------------------------------------------------


# --------------------------------------------------------------------------
# Graceful shutdown (SIGTERM)
# --------------------------------------------------------------------------

DEFAULT_SHUTDOWN_TIMEOUT_MS = 400
_SHUTDOWN_HOOKS = []


def on_shutdown(hook):
    """Registers hook() to run when Lambda shuts the environment down (SIGTERM).

    Hooks run in registration order, together bounded by LAMBDA_ENGINES_SHUTDOWN_TIMEOUT_MS
    (default 400 ms); then stdout and stderr are flushed and the process exits 0. A hook that
    raises is reported on stderr and the others still run. Returns a function that unregisters
    the hook. From a handler: ``from lambda_engines_runtime import on_shutdown``.
    """
    if not callable(hook):
        raise TypeError("on_shutdown(hook) needs a callable")
    _SHUTDOWN_HOOKS.append(hook)

    def unregister():
        try:
            _SHUTDOWN_HOOKS.remove(hook)
        except ValueError:
            pass

    return unregister


def _shutdown_timeout_ms():
    try:
        value = float(os.environ.get("LAMBDA_ENGINES_SHUTDOWN_TIMEOUT_MS", ""))
    except ValueError:
        return DEFAULT_SHUTDOWN_TIMEOUT_MS
    return value if value >= 0 else DEFAULT_SHUTDOWN_TIMEOUT_MS


def _run_shutdown_hooks(timeout_ms):
    def run_all():
        for hook in list(_SHUTDOWN_HOOKS):
            try:
                hook()
            except Exception as e:
                sys.stderr.write(
                    "lambda-runtime: shutdown hook failed: {}: {}\n".format(type(e).__name__, _safe_str(e))
                )

    import threading  # at shutdown only

    worker = threading.Thread(target=run_all, name="lambda-engines-shutdown", daemon=True)
    worker.start()
    worker.join(timeout_ms / 1000.0)
    if worker.is_alive():
        sys.stderr.write(
            "lambda-runtime: Runtime.ShutdownTimeout: shutdown hooks did not finish within "
            "{:g} ms; exiting anyway\n".format(timeout_ms)
        )


def _on_sigterm(signum, frame):
    _signal.signal(_signal.SIGTERM, _signal.SIG_IGN)  # once: a second SIGTERM changes nothing
    try:
        _run_shutdown_hooks(_shutdown_timeout_ms())
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        os._exit(0)


def _install_shutdown():
    # _signal is the builtin behind the signal module (already loaded at start-up);
    # signal itself would import enum wrappers for nothing.
    _signal.signal(_signal.SIGTERM, _on_sigterm)


def _setup_sys_path(task_root):
    runtime_dir = os.path.dirname(_RUNTIME_FILE)
    rest = [p for p in sys.path if p]
    minor = "python{}.{}".format(*sys.version_info[:2])
    front = [task_root, "/opt/python/lib/{}/site-packages".format(minor), "/opt/python", runtime_dir]
    seen = set()
    new_path = []
    for p in front + rest:
        if p not in seen:
            seen.add(p)
            new_path.append(p)
    sys.path[:] = new_path


def _utf8_stdio():
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")


def main():
    global _LOG_SINK
    _utf8_stdio()
    sys.stdout = Unbuffered(sys.stdout)
    sys.stderr = Unbuffered(sys.stderr)

    address = os.environ.get("AWS_LAMBDA_RUNTIME_API")
    if not address:
        sys.stderr.write("lambda-runtime: AWS_LAMBDA_RUNTIME_API is not set; exiting\n")
        sys.exit(1)
    handler_name = os.environ.get("_HANDLER")
    if handler_name is None and len(sys.argv) > 1:
        handler_name = sys.argv[1]
    task_root = os.environ.get("LAMBDA_TASK_ROOT") or os.getcwd()
    _setup_sys_path(task_root)

    _install_shutdown()
    try:
        client = RuntimeApiClient(address)
    except OSError as e:
        sys.stderr.write("lambda-runtime: {}; exiting\n".format(e))
        sys.exit(1)
    log_sink = _LOG_SINK = create_log_sink()
    json_logs = _log_format_is_json()
    _defer_logging_setup()
    _encoder()  # awslambdaric builds its marshaller (and reads AWS_EXECUTION_ENV) before init
    try:
        request_handler = get_handler(handler_name or "")
    except Exception as e:
        if isinstance(e, FaultException):
            error_result = make_error(e.msg, e.exception_type, e.trace)
        else:
            error_result, _ = error_from_exception(sys.exc_info())
        import logging  # sets up the Lambda handler (see _LoggingSetupFinder)

        logging.warning(LAMBDA_WARNING_UNHANDLED)
        log_error(error_result, log_sink, json_logs)
        try:
            client.post_init_error(error_result)
        except RuntimeApiError as api_error:
            sys.stderr.write("lambda-runtime: {}\n".format(api_error))
        sys.exit(1)

    Runtime(client, log_sink, json_logs, request_handler).loop()
