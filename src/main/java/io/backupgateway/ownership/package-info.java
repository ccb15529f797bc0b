/**
 * Who owns an instance (docs/design.md 4.1): the configuration first, then, when
 * {@code gateway.ownership.tag-key} is set, the cloud's tags, read by each replica and
 * kept with their age so that a stale answer fails closed.
 */
@NullMarked
package io.backupgateway.ownership;

import org.jspecify.annotations.NullMarked;
