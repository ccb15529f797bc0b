/**
 * Backup Gateway: creates manual GeminiDB Cassandra backups for teams without handing out
 * cloud credentials. One module per feature; see docs/design.md section 8.
 */
@NullMarked
package io.backupgateway;

import org.jspecify.annotations.NullMarked;
