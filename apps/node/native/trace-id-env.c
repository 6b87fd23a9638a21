// Sets _X_AMZN_TRACE_ID in the process environment without growing memory per distinct value.
//
// A `process.env` assignment is glibc's setenv(), which allocates "NAME=value" and keeps every distinct
// string it ever allocated (so that getenv() pointers handed out earlier stay valid): Lambda sends a new
// trace id with every invocation, about 150 bytes each, so a warm sandbox grew ~13 MB per 100,000
// invocations. putenv() instead puts our own buffer into `environ`. Two buffers alternate: the new value is
// written into the one `environ` does not point at, then putenv() swaps it in with one pointer store, so
// a reader of the environment never sees a half-written value. Node, getenv() in native code and child
// processes all read `environ`, so they see what a setenv() would have shown them.
//
// Built by scripts/build-native.mjs as dist/trace-id-env-<platform>-<arch>.node (Node-API, so one build
// serves every Node version); src/native-trace-id.ts loads it after the first 100 invocations.
#define NAPI_VERSION 8
#include <node_api.h>
#include <stdlib.h>
#include <string.h>

#define PREFIX "_X_AMZN_TRACE_ID="
#define PREFIX_LEN (sizeof(PREFIX) - 1)
// Trace ids are ~100-150 bytes; a longer one replaces the idle buffer, which environ does not use.
#define MIN_CAPACITY 256

static char *buffers[2];
static size_t capacities[2];
static int in_environ = 1;

static napi_value throw_error(napi_env env, const char *code, const char *message) {
  napi_throw_error(env, code, message);
  return NULL;
}

static napi_value set_trace_id(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value value;
  size_t length;
  napi_valuetype type;
  if (napi_get_cb_info(env, info, &argc, &value, NULL, NULL) != napi_ok || argc < 1 ||
      napi_typeof(env, value, &type) != napi_ok || type != napi_string ||
      napi_get_value_string_utf8(env, value, NULL, 0, &length) != napi_ok) {
    return throw_error(env, "ERR_TRACE_ID_TYPE", "setTraceId(traceId): traceId must be a string");
  }
  int idle = 1 - in_environ;
  size_t needed = PREFIX_LEN + length + 1;
  if (capacities[idle] < needed) {
    size_t capacity = needed < MIN_CAPACITY ? MIN_CAPACITY : needed;
    char *buffer = malloc(capacity);
    if (buffer == NULL) return throw_error(env, "ERR_TRACE_ID_MEMORY", "setTraceId: out of memory");
    free(buffers[idle]);
    memcpy(buffer, PREFIX, PREFIX_LEN);
    buffers[idle] = buffer;
    capacities[idle] = capacity;
  }
  if (napi_get_value_string_utf8(env, value, buffers[idle] + PREFIX_LEN, length + 1, &length) != napi_ok) {
    return throw_error(env, "ERR_TRACE_ID_TYPE", "setTraceId(traceId): traceId must be a string");
  }
  if (putenv(buffers[idle]) != 0) return throw_error(env, "ERR_TRACE_ID_PUTENV", "setTraceId: putenv failed");
  in_environ = idle;
  return NULL;
}

NAPI_MODULE_INIT() {
  napi_value function;
  if (napi_create_function(env, "setTraceId", NAPI_AUTO_LENGTH, set_trace_id, NULL, &function) != napi_ok ||
      napi_set_named_property(env, exports, "setTraceId", function) != napi_ok) {
    return NULL;
  }
  return exports;
}
