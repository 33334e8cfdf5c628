"""One clause table per spec area; gathered and checked by ``socketserver_conformance.spec``."""
