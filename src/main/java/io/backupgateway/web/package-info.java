/**
 * HTTP cross-cutting concerns shared by every feature: the error contract (RFC 9457
 * problems with a stable code) and the request id.
 */
@NullMarked
package io.backupgateway.web;

import org.jspecify.annotations.NullMarked;
