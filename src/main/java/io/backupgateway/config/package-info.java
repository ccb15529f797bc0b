/**
 * The operator contract of docs/design.md section 5: one validated record tree bound to
 * gateway.*.
 */
@NullMarked
package io.backupgateway.config;

import org.jspecify.annotations.NullMarked;
