/**
 * After the 202: following backup jobs to their end, resolving pending audit entries from
 * the cloud's backup list, and the team jobs endpoint. Driven from the audit store.
 */
@NullMarked
package io.backupgateway.jobs;

import org.jspecify.annotations.NullMarked;
