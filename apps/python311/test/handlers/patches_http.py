"""Monkeypatches http.client, socket.socket and the socket default timeout at import,
as APM agents, gevent-style patching and careless code do; the runtime must not be
affected (it talks to the Runtime API on its own blocking `_socket` sockets)."""

import http.client
import socket

socket.setdefaulttimeout(0.3)


def _broken(*args, **kwargs):
    raise RuntimeError("patched by the handler module")


http.client.HTTPConnection.request = _broken
http.client.HTTPConnection.getresponse = _broken
http.client.HTTPResponse.read = _broken
socket.socket.connect = _broken
socket.socket.sendall = _broken
socket.socket.recv = _broken
socket.create_connection = _broken


def handler(event, context):
    return {"ok": True}


def stream(event, context):
    yield "streamed despite the patches"
