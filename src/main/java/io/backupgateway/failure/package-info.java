/**
 * The gateway's failures, below every module: the stable error codes of docs/design.md
 * 3.2 and the base of the typed failures each module throws. Modules say what went wrong;
 * only {@code web} turns a failure into an HTTP answer.
 */
@NullMarked
package io.backupgateway.failure;

import org.jspecify.annotations.NullMarked;
