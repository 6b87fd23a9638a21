"""lambda-engines Python 3.11 runtime: the AWS Lambda custom runtime behind `bootstrap`.

Standard library only. Behaves like AWS's Python runtime interface client
(awslambdaric): same handler resolution, init and invocation error shapes,
context object, log formats and JSON marshalling. Adds response streaming for
handlers that return an iterator (see awslambda_streaming.py and README.md).

`dist/bootstrap` (written by scripts/build.mjs) is a /bin/sh + Python launcher
that starts `python3.11` (or `python3`), imports this module from its own
directory (its .pyc is precompiled at build time) and calls main().
"""

import base64
import decimal
import http.client
import importlib
import json
import logging
import math
import os
import re
import select
import signal
import sys
import threading
import time
import traceback
import urllib.parse
from collections.abc import Iterator
from datetime import datetime, timezone

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


def make_error(error_message, error_type, stack_trace, invoke_id=None):
    return {
        "errorMessage": error_message if error_message else "",
        "errorType": error_type if error_type else "",
        "requestId": invoke_id if invoke_id is not None else "",
        "stackTrace": stack_trace if stack_trace else [],
    }


def extract_traceback(tb):
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


def to_json(obj):
    """Encode like awslambdaric: Decimal as its exact digits, NaN Decimal as NaN."""
    raw = []
    token = None

    def default(o):
        nonlocal token
        if isinstance(o, decimal.Decimal):
            if o.is_nan():
                return math.nan
            if token is None:
                token = "__lambda_engines_decimal_" + os.urandom(8).hex()
            raw.append(str(o))
            return "{}_{}__".format(token, len(raw) - 1)
        raise TypeError(
            "Object of type {} is not JSON serializable".format(o.__class__.__name__)
        )

    text = json.JSONEncoder(ensure_ascii=_ensure_ascii(), default=default).encode(obj)
    if raw:
        pattern = re.compile('"' + re.escape(token) + r'_(\d+)__"')
        text = pattern.sub(lambda m: raw[int(m.group(1))], text)
    return text


def unmarshal_request(body, content_type):
    # awslambdaric passes the body through untouched unless it is JSON. A missing
    # Content-Type (some emulators omit it) is treated as JSON, which Lambda always sends.
    if content_type is not None and content_type != "application/json":
        return body
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
        return to_json(response).encode("utf-8"), "application/json"
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


class LambdaContext(object):
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
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = invoked_function_arn
        self.tenant_id = tenant_id
        self._w3c_fields = _extract_and_strip_w3c(client_context)

        self.client_context = make_obj_from_dict(ClientContext, client_context)
        if self.client_context is not None:
            self.client_context.client = make_obj_from_dict(
                Client, self.client_context.client
            )

        self.identity = make_obj_from_dict(CognitoIdentity, {})
        if cognito_identity is not None:
            self.identity.cognito_identity_id = cognito_identity.get("cognitoIdentityId")
            self.identity.cognito_identity_pool_id = cognito_identity.get(
                "cognitoIdentityPoolId"
            )

        self._epoch_deadline_time_in_ms = epoch_deadline_time_in_ms

    def get_remaining_time_in_millis(self):
        epoch_now_in_ms = int(time.time() * 1000)
        delta_ms = self._epoch_deadline_time_in_ms - epoch_now_in_ms
        return delta_ms if delta_ms > 0 else 0

    def w3c(self):
        return dict(self._w3c_fields)

    def log(self, msg):
        for handler in logging.getLogger().handlers:
            if hasattr(handler, "log_sink"):
                handler.log_sink.log(str(msg))
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

_JSON_FRAME_TYPES = {
    logging.NOTSET: 0xA55A0002.to_bytes(4, "big"),
    logging.DEBUG: 0xA55A000A.to_bytes(4, "big"),
    logging.INFO: 0xA55A000E.to_bytes(4, "big"),
    logging.WARNING: 0xA55A0012.to_bytes(4, "big"),
    logging.ERROR: 0xA55A0016.to_bytes(4, "big"),
    logging.CRITICAL: 0xA55A001A.to_bytes(4, "big"),
}
_TEXT_FRAME_TYPES = {
    logging.NOTSET: 0xA55A0003.to_bytes(4, "big"),
    logging.DEBUG: 0xA55A000B.to_bytes(4, "big"),
    logging.INFO: 0xA55A000F.to_bytes(4, "big"),
    logging.WARNING: 0xA55A0013.to_bytes(4, "big"),
    logging.ERROR: 0xA55A0017.to_bytes(4, "big"),
    logging.CRITICAL: 0xA55A001B.to_bytes(4, "big"),
}
_DEFAULT_FRAME_TYPE = _TEXT_FRAME_TYPES[logging.NOTSET]

_GLOBAL_AWS_REQUEST_ID = None
_GLOBAL_TENANT_ID = None


def _log_format_is_json():
    value = os.environ.get("AWS_LAMBDA_LOG_FORMAT")
    return bool(value) and value.upper() == "JSON"


def _log_level_from_env():
    value = (os.environ.get("AWS_LAMBDA_LOG_LEVEL") or "").upper()
    return "DEBUG" if value == "TRACE" else value


def _format_log_level(record):
    return min(50, max(0, record.levelno)) // 10 * 10


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
            record.levelno, _JSON_FRAME_TYPES[logging.NOTSET]
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


def setup_logging(log_sink):
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
        log_sink.log_error([to_json(record)], frame_type=_JSON_FRAME_TYPES[logging.ERROR])
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
    log_sink.log_error(lines, frame_type=_TEXT_FRAME_TYPES[logging.ERROR])


# --------------------------------------------------------------------------
# Runtime API client: one keep-alive HTTP/1.1 connection
# --------------------------------------------------------------------------


def _snapshot_class(cls):
    # Handlers may monkeypatch http.client (X-Ray, APM agents, tests). The runtime
    # talks to the Runtime API through private copies taken before user code loads.
    namespace = {
        k: v for k, v in vars(cls).items() if k not in ("__dict__", "__weakref__")
    }
    return type("_Runtime" + cls.__name__, (cls,), namespace)


_RuntimeHTTPResponse = _snapshot_class(http.client.HTTPResponse)
_RuntimeHTTPConnection = _snapshot_class(http.client.HTTPConnection)
_RuntimeHTTPConnection.response_class = _RuntimeHTTPResponse

_RETRYABLE_ON_REUSE = (
    http.client.RemoteDisconnected,
    ConnectionResetError,
    ConnectionAbortedError,
    BrokenPipeError,
)


def _header_value(value):
    # http.client encodes header values as latin-1 and rejects CR/LF.
    text = str(value).replace("\r", " ").replace("\n", " ")
    return text.encode("ascii", "backslashreplace").decode("ascii")


def _short(body, limit=1024):
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
    return text if len(text) <= limit else text[:limit] + "..."


class InvocationRequest(object):
    __slots__ = (
        "invoke_id", "x_amzn_trace_id", "invoked_function_arn", "deadline_time_in_ms",
        "client_context", "cognito_identity", "tenant_id", "content_type",
        "invocation_id", "event_body",
    )

    def __init__(self, headers, body):
        self.invoke_id = headers.get("Lambda-Runtime-Aws-Request-Id")
        self.x_amzn_trace_id = headers.get("Lambda-Runtime-Trace-Id")
        self.invoked_function_arn = headers.get("Lambda-Runtime-Invoked-Function-Arn")
        try:
            self.deadline_time_in_ms = int(headers.get("Lambda-Runtime-Deadline-Ms") or 0)
        except ValueError:
            self.deadline_time_in_ms = 0
        self.client_context = headers.get("Lambda-Runtime-Client-Context") or None
        self.cognito_identity = headers.get("Lambda-Runtime-Cognito-Identity") or None
        self.tenant_id = headers.get("Lambda-Runtime-Aws-Tenant-Id") or None
        self.content_type = headers.get("Content-Type") or None
        self.invocation_id = headers.get(INVOCATION_ID_HEADER) or None
        self.event_body = body


class RuntimeApiClient(object):
    def __init__(self, address):
        self.address = address
        # timeout=None: a blocking socket, so the /next long poll never times out
        # (and socket.setdefaulttimeout() in user code cannot change that).
        self._conn = _RuntimeHTTPConnection(address, timeout=None)
        self._ever_connected = False

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

    def _peer_closed(self):
        sock = self._conn.sock
        try:
            readable, _, _ = select.select([sock], [], [], 0)
        except (OSError, ValueError):
            return True
        # Between requests nothing may arrive: readable means EOF (the server
        # closed the idle connection) or stray bytes. Either way, do not reuse it.
        return bool(readable)

    def _request(self, method, path, body=None, headers=None):
        endpoint = "{} {}".format(method, path)
        all_headers = {"User-Agent": USER_AGENT}
        if headers:
            all_headers.update(headers)
        for attempt in (0, 1):
            reused = self._conn.sock is not None
            if reused and self._peer_closed():
                self._conn.close()
                reused = False
            try:
                if not self._ever_connected and self._conn.sock is None:
                    self._first_connect()
                self._conn.request(method, path, body=body, headers=all_headers)
                response = self._conn.getresponse()
                data = response.read()
                return response.status, response.headers, data
            except _RETRYABLE_ON_REUSE as e:
                self._conn.close()
                if reused and attempt == 0:
                    continue  # the server dropped the kept-alive connection: reconnect once
                raise RuntimeApiError(
                    endpoint,
                    "Request to Lambda Runtime '{}' endpoint failed: {}: {}".format(
                        endpoint, type(e).__name__, e
                    ),
                ) from e
            except (OSError, http.client.HTTPException) as e:
                self._conn.close()
                raise RuntimeApiError(
                    endpoint,
                    "Request to Lambda Runtime '{}' endpoint failed: {}: {}".format(
                        endpoint, type(e).__name__, e
                    ),
                ) from e
        raise AssertionError("unreachable")

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

    def next_invocation(self):
        path = API_PREFIX + "/runtime/invocation/next"
        status, headers, data = self._request("GET", path)
        self._check("GET " + path, status, data, expected=200)
        invocation = InvocationRequest(headers, data)
        if not invocation.invoke_id:
            raise RuntimeApiError(
                "GET " + path,
                "Request to Lambda Runtime 'GET {}' endpoint failed: the answer has no "
                "Lambda-Runtime-Aws-Request-Id header".format(path),
            )
        return invocation

    def _invocation_path(self, invoke_id, what):
        return "{}/runtime/invocation/{}/{}".format(
            API_PREFIX, urllib.parse.quote(invoke_id, safe=""), what
        )

    @staticmethod
    def _invocation_headers(invocation, headers):
        if invocation.invocation_id:
            headers[INVOCATION_ID_HEADER] = _header_value(invocation.invocation_id)
        return headers

    def post_response(self, invocation, body, content_type):
        path = self._invocation_path(invocation.invoke_id, "response")
        headers = self._invocation_headers(invocation, {"Content-Type": content_type})
        status, _, data = self._request("POST", path, body, headers)
        self._check("POST " + path, status, data)

    def post_error(self, invocation, error_result, xray_fault):
        path = self._invocation_path(invocation.invoke_id, "error")
        headers = {
            "Content-Type": "application/json",
            ERROR_TYPE_HEADER: _header_value(error_result["errorType"]),
        }
        xray = to_json(xray_fault)
        if len(xray) < XRAY_MAX_HEADER_SIZE:
            headers[XRAY_ERROR_CAUSE_HEADER] = _header_value(xray)
        headers = self._invocation_headers(invocation, headers)
        status, _, data = self._request(
            "POST", path, to_json(error_result).encode("utf-8"), headers
        )
        self._check("POST " + path, status, data)

    def post_init_error(self, error_result):
        path = API_PREFIX + "/runtime/init/error"
        headers = {
            "Content-Type": "application/json",
            ERROR_TYPE_HEADER: _header_value(error_result["errorType"]),
        }
        status, _, data = self._request(
            "POST", path, to_json(error_result).encode("utf-8"), headers
        )
        self._check("POST " + path, status, data, expected=202)

    def open_stream(self, invocation, content_type):
        return ResponseStreamWriter(self.address, self._invocation_path(
            invocation.invoke_id, "response"), content_type, invocation.invocation_id)


class ResponseStreamWriter(object):
    """A chunked POST .../response on its own connection, with error trailers.

    http.client has no trailer API, so the chunked framing is written by hand.
    """

    def __init__(self, address, path, content_type, invocation_id=None):
        self.endpoint = "POST " + path
        self._conn = _RuntimeHTTPConnection(address, timeout=None)
        try:
            self._conn.putrequest("POST", path, skip_accept_encoding=True)
            self._conn.putheader("User-Agent", USER_AGENT)
            self._conn.putheader("Content-Type", _header_value(content_type))
            self._conn.putheader(RESPONSE_MODE_HEADER, "streaming")
            self._conn.putheader("Transfer-Encoding", "chunked")
            self._conn.putheader("Trailer", ERROR_TYPE_HEADER + ", " + ERROR_BODY_TRAILER)
            if invocation_id:
                self._conn.putheader(INVOCATION_ID_HEADER, _header_value(invocation_id))
            self._conn.endheaders()
        except (OSError, http.client.HTTPException) as e:
            self._conn.close()
            raise self._failure(e) from e

    def _failure(self, e):
        # The server may have answered (e.g. 413) and closed: report its status.
        try:
            response = self._conn.getresponse()
            data = response.read()
            return RuntimeApiError(
                self.endpoint,
                "Request to Lambda Runtime '{}' endpoint failed. Reason: '{}'. "
                "Response body: '{}'".format(self.endpoint, response.status, _short(data)),
                response.status,
            )
        except Exception:
            return RuntimeApiError(
                self.endpoint,
                "Request to Lambda Runtime '{}' endpoint failed: {}: {}".format(
                    self.endpoint, type(e).__name__, e
                ),
            )

    def write(self, data):
        size = len(data)
        if size == 0:
            return  # an empty chunk would end the body
        try:
            if size <= 65536:
                self._conn.send(b"%X\r\n%s\r\n" % (size, data))
            else:
                self._conn.send(b"%X\r\n" % size)
                self._conn.send(data)
                self._conn.send(b"\r\n")
        except (OSError, http.client.HTTPException) as e:
            raise self._failure(e) from e

    def finish(self, error_type=None, error_body=None):
        end = b"0\r\n"
        if error_type is not None:
            end += "{}: {}\r\n{}: {}\r\n".format(
                ERROR_TYPE_HEADER,
                _header_value(error_type),
                ERROR_BODY_TRAILER,
                base64.b64encode(error_body).decode("ascii"),
            ).encode("ascii")
        end += b"\r\n"
        try:
            self._conn.send(end)
            response = self._conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as e:
            raise self._failure(e) from e
        RuntimeApiClient._check(self.endpoint, response.status, data)

    def close(self):
        self._conn.close()


# --------------------------------------------------------------------------
# Handler loading
# --------------------------------------------------------------------------


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
        module = importlib.import_module(modname.replace("/", "."))
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


def is_stream(response):
    return isinstance(response, Iterator) and not isinstance(
        response, (str, bytes, bytearray, memoryview, dict, list, tuple)
    )


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
            context = create_lambda_context(invocation)
            event = unmarshal_request(invocation.event_body, invocation.content_type)
            response = self.request_handler(event, context)
            if is_stream(response):
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
        while True:
            try:
                invocation = self.client.next_invocation()
            except RuntimeApiError as e:
                sys.stderr.write("lambda-runtime: {}\n".format(e))
                sys.stderr.write("lambda-runtime: cannot get the next invocation; exiting\n")
                sys.exit(1)
            _GLOBAL_AWS_REQUEST_ID = invocation.invoke_id
            _GLOBAL_TENANT_ID = invocation.tenant_id
            if invocation.x_amzn_trace_id is not None:
                os.environ["_X_AMZN_TRACE_ID"] = invocation.x_amzn_trace_id
            else:
                os.environ.pop("_X_AMZN_TRACE_ID", None)
            self.handle(invocation)


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

    worker = threading.Thread(target=run_all, name="lambda-engines-shutdown", daemon=True)
    worker.start()
    worker.join(timeout_ms / 1000.0)
    if worker.is_alive():
        sys.stderr.write(
            "lambda-runtime: Runtime.ShutdownTimeout: shutdown hooks did not finish within "
            "{:g} ms; exiting anyway\n".format(timeout_ms)
        )


def _on_sigterm(signum, frame):
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once: a second SIGTERM changes nothing
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
    signal.signal(signal.SIGTERM, _on_sigterm)


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
    client = RuntimeApiClient(address)
    log_sink = create_log_sink()
    json_logs = setup_logging(log_sink)
    try:
        request_handler = get_handler(handler_name or "")
    except Exception as e:
        if isinstance(e, FaultException):
            error_result = make_error(e.msg, e.exception_type, e.trace)
        else:
            error_result, _ = error_from_exception(sys.exc_info())
        logging.warning(LAMBDA_WARNING_UNHANDLED)
        log_error(error_result, log_sink, json_logs)
        try:
            client.post_init_error(error_result)
        except RuntimeApiError as api_error:
            sys.stderr.write("lambda-runtime: {}\n".format(api_error))
        sys.exit(1)

    Runtime(client, log_sink, json_logs, request_handler).loop()
