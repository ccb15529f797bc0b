/**
 * Who may do what: the caller taken from the JWT, team membership, permissions and the
 * naming policy.
 */
@NullMarked
package io.backupgateway.access;

import org.jspecify.annotations.NullMarked;
