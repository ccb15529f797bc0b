package io.backupgateway.backup;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The not yet read body of a request. Reading is deferred until the caller has been
 * authorized (docs/design.md 3.4: a caller that may not act on a team learns nothing
 * about the body rules).
 *
 * @param contentType the {@code Content-Type} header, if any
 * @param contentLength the declared length, or -1
 * @param stream opens the body
 * @param readTimeout how long the whole body may take to arrive once reading starts
 */
record RequestBody(@Nullable String contentType, long contentLength, Opener stream, Duration readTimeout) {

	@FunctionalInterface
	interface Opener {

		InputStream open() throws IOException;

	}

}
