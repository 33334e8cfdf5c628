"""Module API: exported classes, hierarchy and mix-in order, defaults, constructor, methods."""
from __future__ import annotations

import inspect
import socket

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socketserver_conformance.kits.api import (
    COMPOSITES,
    DEFAULTS,
    EXPORTS,
    FORKING_UNIX_EXPORTS,
    HANDLER_HIERARCHY,
    METHODS,
    SERVER_HIERARCHY,
    SIGNATURES,
)
from socketserver_conformance.harness import (
    TRANSPORTS,
    api_class,
    expect,
    expect_context_manager,
    private_dir,
    require,
    server_class,
    transport_params,
)

_MISSING = object()

# Each table is checked by one test that walks all its rows and reports every bad row at
# once: a test item per row would cost more in per-test leak checks than the checks themselves.


def _applicable(impl, table):
    """The rows whose capabilities the implementation has; a skip when there are none."""
    rows = [row for row in table if all(c in impl.capabilities for c in row.needs)]
    if not rows:
        pytest.skip(f"{impl.name} on this platform has the capabilities of no row")
    return rows


def _class_or_none(impl, name):
    value = getattr(impl.api, name, None)
    return value if isinstance(value, type) else None


@pytest.mark.spec("API-1")
def test_documented_classes_are_exported(impl):
    # Rule: every documented class the platform supports is a class attribute of the module.
    missing = [row.name for row in _applicable(impl, EXPORTS) if _class_or_none(impl, row.name) is None]
    expect(not missing, "API-1", f"{impl.name} exports no class {missing}")


@pytest.mark.spec("API-2")
def test_forking_unix_servers_are_exported(impl):
    require(impl, "unix", "fork")
    # Rule: with AF_UNIX and fork() both present, the forking Unix servers are exported classes.
    missing = [row.name for row in FORKING_UNIX_EXPORTS if _class_or_none(impl, row.name) is None]
    expect(not missing, "API-2", f"{impl.name} exports no class {missing}")


@pytest.mark.spec("API-15")
def test_dunder_all_lists_the_exported_classes(impl):
    # Rule: a star import gets every documented class the module has, and no name it lacks.
    listed = getattr(impl.api, "__all__", None)
    expect(isinstance(listed, (list, tuple)), "API-15", f"{impl.name}.__all__ is {listed!r}, not a list of names")
    rows = _applicable(impl, EXPORTS)
    if impl.python >= (3, 12):
        rows += [row for row in FORKING_UNIX_EXPORTS if all(c in impl.capabilities for c in row.needs)]
    unlisted = [row.name for row in rows if _class_or_none(impl, row.name) is not None and row.name not in listed]
    expect(not unlisted, "API-15", f"{impl.name}.__all__ omits the exported classes {unlisted}")
    dangling = [name for name in listed if not hasattr(impl.api, name)]
    expect(not dangling, "API-15", f"{impl.name}.__all__ names {dangling}, which the module does not have")


def _wrong_relations(impl, table):
    wrong = []
    for row in _applicable(impl, table):
        child, parent = api_class(impl, row.child), api_class(impl, row.parent)
        if issubclass(child, parent) != row.is_subclass:
            relation = "derives" if row.is_subclass else "must not derive"
            wrong.append(f"{row.child} (MRO {[k.__name__ for k in child.__mro__]}) {relation} from {row.parent}")
    return wrong


@pytest.mark.spec("API-3")
def test_server_inheritance_diagram(impl):
    # Rule: the synchronous servers derive from one another as the inheritance diagram shows.
    wrong = _wrong_relations(impl, SERVER_HIERARCHY)
    expect(not wrong, "API-3", "; ".join(wrong))


@pytest.mark.spec("API-5")
def test_handler_classes_derive_from_base(impl):
    # Rule: the stream and datagram handlers are BaseRequestHandler subclasses.
    wrong = _wrong_relations(impl, HANDLER_HIERARCHY)
    expect(not wrong, "API-5", "; ".join(wrong))


@pytest.mark.spec("API-4")
def test_predefined_servers_put_the_mixin_first(impl):
    wrong = []
    for row in _applicable(impl, COMPOSITES):
        composite = api_class(impl, row.name)
        mixin, server = api_class(impl, row.mixin), api_class(impl, row.server)
        mro = list(composite.__mro__)
        names = [k.__name__ for k in mro]
        if not (issubclass(composite, mixin) and issubclass(composite, server)):
            wrong.append(f"{row.name} MRO {names} lacks {row.mixin} or {row.server}")
            continue
        if mro.index(mixin) > mro.index(server):
            wrong.append(f"{row.name} MRO {names} puts {row.server} before {row.mixin}")
        shadowed = [name for name, value in vars(mixin).items()
                    if callable(value) and not name.startswith("__") and name not in vars(composite)
                    and getattr(composite, name) is not getattr(mixin, name)]
        if shadowed:
            wrong.append(f"{row.name} takes {shadowed} from elsewhere than {row.mixin}")
    # Rule: each predefined server derives from both parts, the mix-in first, so its methods win.
    expect(not wrong, "API-4", "; ".join(wrong))


def _check_defaults(impl, clause: str) -> None:
    wrong = []
    for row in _applicable(impl, [r for r in DEFAULTS if r.clause == clause]):
        owner = _class_or_none(impl, row.owner)
        if owner is None:
            continue  # a missing class is API-1's verdict, not this one's
        value = getattr(owner, row.attribute, _MISSING)
        if value is _MISSING or type(value) is not type(row.value) or value != row.value:
            shown = "missing" if value is _MISSING else repr(value)
            wrong.append(f"{row.owner}.{row.attribute} is {shown}, expected {row.value!r}")
    expect(not wrong, clause, "; ".join(wrong))


@pytest.mark.spec("API-9")
def test_family_and_socket_type_attributes(impl):
    # Rule: each server class names the address family and socket type of its transport.
    _check_defaults(impl, "API-9")


@pytest.mark.spec("API-10")
def test_documented_attribute_defaults(impl):
    # Rule: allow_reuse_address, request_queue_size and daemon_threads have their documented defaults.
    _check_defaults(impl, "API-10")


@pytest.mark.spec("API-11")
def test_block_on_close_default(impl):
    # Rule: both mix-ins (and the servers built on them) block on close by default.
    _check_defaults(impl, "API-11")


@pytest.mark.spec("API-12")
def test_allow_reuse_port_default(impl):
    # Rule: allow_reuse_port exists and is false on every socket server.
    _check_defaults(impl, "API-12")


@pytest.mark.spec("API-13")
def test_cpython_attribute_defaults(impl):
    # Rule: the defaults only CPython fixes have CPython's values.
    _check_defaults(impl, "API-13")


@pytest.mark.spec("API-7")
def test_documented_methods_are_callable(impl):
    wrong = []
    for row in _applicable(impl, METHODS):
        owner = _class_or_none(impl, row.owner)
        missing = [name for name in row.names if owner is not None and not callable(getattr(owner, name, None))]
        if missing:
            wrong.append(f"{row.owner} lacks callable {missing}")
    # Rule: each documented method is there and callable.
    expect(not wrong, "API-7", "; ".join(wrong))


def _signature_problem(impl, row):
    owner = _class_or_none(impl, row.owner)
    method = getattr(owner, row.method, None) if owner is not None else None
    if method is None:
        return None if owner is None else f"{row.owner} has no {row.method}"
    params = list(inspect.signature(method).parameters.values())[1:]  # drop self
    names = tuple(p.name for p in params[:len(row.parameters)])
    if names != row.parameters:
        return f"{row.owner}.{row.method} parameters {[p.name for p in params]}; documented {list(row.parameters)}"
    by_name = {p.name: p.default for p in params}
    wrong = {name: by_name.get(name) for name, default in row.defaults if by_name.get(name) != default}
    if wrong:
        return f"{row.owner}.{row.method} defaults {wrong}; documented {dict(row.defaults)}"
    return None


@pytest.mark.spec("API-14")
def test_documented_signatures(impl):
    problems = [p for p in (_signature_problem(impl, row) for row in _applicable(impl, SIGNATURES)) if p]
    # Rule: documented parameters come first, in order, with their documented defaults.
    expect(not problems, "API-14", "; ".join(problems))


#: Addresses of any shape: BaseServer stores what it is given, it does not interpret it.
ADDRESSES = st.one_of(st.tuples(st.text(max_size=12), st.integers(0, 65535)), st.text(max_size=20),
                      st.binary(max_size=20), st.none())


@pytest.mark.spec("API-6")
@given(data=st.data())
def test_constructor_stores_its_arguments(impl, data):
    base = api_class(impl, data.draw(st.sampled_from(["BaseRequestHandler", "StreamRequestHandler",
                                                      "DatagramRequestHandler"]), label="handler base"))
    handler = type("DrawnHandler", (base,), {})
    address = data.draw(ADDRESSES, label="BaseServer address")
    server = api_class(impl, "BaseServer")(address, handler)
    # Rule: BaseServer keeps both constructor arguments as given.
    expect(server.server_address == address and type(server.server_address) is type(address), "API-6",
           f"BaseServer({address!r}, ...).server_address is {server.server_address!r}")
    expect(server.RequestHandlerClass is handler, "API-6",
           f"RequestHandlerClass is {server.RequestHandlerClass!r}, given {handler!r}")
    port = data.draw(st.integers(1, 65535), label="TCPServer port (never bound)")
    tcp = api_class(impl, "TCPServer")(("127.0.0.1", port), handler, bind_and_activate=False)
    try:
        stored, stored_handler = tcp.server_address, tcp.RequestHandlerClass
    finally:
        tcp.server_close()
    # Rule: an unbound TCPServer still holds the requested address and the handler class.
    expect(stored == ("127.0.0.1", port) and stored_handler is handler, "API-6",
           f"TCPServer(('127.0.0.1', {port}), bind_and_activate=False) stored {stored!r}, {stored_handler!r}")


@pytest.mark.spec("API-8")
@pytest.mark.parametrize("transport", transport_params(TRANSPORTS))
@given(data=st.data())
def test_server_is_a_closing_context_manager(impl, transport, data):
    raise_inside = data.draw(st.booleans(), label="block raises")
    cls = server_class(impl, transport)
    handler = api_class(impl, transport.handler_base)

    class Escape(Exception):
        pass

    with private_dir() as directory:
        server = cls(transport.bind_address(directory), handler)
        escaped = None
        entered = None
        try:
            expect_context_manager(server)
            with server as entered:
                if raise_inside:
                    raise Escape()
        except Escape as exc:
            escaped = exc
        finally:
            closed = server.socket.fileno() == -1
            server.server_close()
    # Rule: 'as' binds the server, leaving the block closes it, and an exception inside propagates.
    expect(entered is server, "API-8", f"'with server as x' bound {entered!r}")
    expect(closed, "API-8", f"server socket still open after the with block (raised={raise_inside})")
    expect((escaped is not None) == raise_inside, "API-8",
           f"exception raised in the block {'was swallowed' if raise_inside else 'appeared from nowhere'}")


@pytest.mark.spec("API-9")
@pytest.mark.parametrize("transport", transport_params(TRANSPORTS))
@given(data=st.data())
def test_new_server_socket_has_class_family_and_type(impl, transport, data):
    flavour = data.draw(st.sampled_from(["sync", "threading"]), label="flavour")
    cls = server_class(impl, transport, flavour)
    handler = api_class(impl, transport.handler_base)
    server = cls(transport.bind_address(None) if "unix" not in transport.needs else "unused.sock",
                 handler, bind_and_activate=False)
    try:
        family, kind = server.socket.family, server.socket.type
    finally:
        server.server_close()
    want_kind = socket.SOCK_STREAM if transport.is_stream else socket.SOCK_DGRAM
    # Rule: the socket a new server creates has the class's family and socket type.
    expect(family == transport.family and kind == want_kind, "API-9",
           f"{cls.__name__} created a socket of family {family!r}, type {kind!r}")
