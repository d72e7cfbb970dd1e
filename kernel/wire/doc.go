// Package wire implements the Jupyter messaging wire format (protocol 5.3):
// the connection file, message headers, HMAC signing and the multipart
// framing a message takes on a ZeroMQ socket.
//
// The package is pure: it does no I/O besides reading a connection file, so
// every function can be tested and fuzzed alone. See
// https://jupyter-client.readthedocs.io/en/latest/messaging.html for the
// specification this follows.
package wire
