/**
 * A lean HTTP/1.1 client on java.nio for the load driver's hot path: keep-alive
 * connections pooled per server, requests written as bytes by the caller, answers parsed
 * incrementally (Content-Length, chunked, or to the end of the connection) by a few
 * shared selector threads.
 */
package io.backchannel.load.rawhttp;
