package io.backupgateway.audit;

import org.jspecify.annotations.Nullable;

/**
 * Makes caller-supplied text storable: a rejected request may carry anything, but the
 * audit write must not fail because of it. NUL and unpaired surrogates (which PostgreSQL
 * cannot store as text) become U+FFFD, and the text is cut to the column's length.
 */
final class AuditText {

	private AuditText() {
	}

	static @Nullable String clip(@Nullable String text, int maxCodePoints) {
		if (text == null) {
			return null;
		}
		StringBuilder out = new StringBuilder(Math.min(text.length(), maxCodePoints * 2));
		int count = 0;
		int i = 0;
		while (i < text.length() && count < maxCodePoints) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				out.append(c).append(text.charAt(i + 1));
				i += 2;
			}
			else {
				out.append((c == '\u0000' || Character.isSurrogate(c)) ? '\uFFFD' : c);
				i++;
			}
			count++;
		}
		return out.toString();
	}

}
