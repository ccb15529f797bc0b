/**
 * IAM tokens: fetched with the gateway's own credentials, cached per project, refreshed
 * ahead of expiry.
 */
@NullMarked
package io.backupgateway.cloud.iam;

import org.jspecify.annotations.NullMarked;
