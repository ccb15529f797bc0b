package io.backupgateway.web;

import org.jspecify.annotations.Nullable;

/**
 * A value from outside (a token's subject, a path, a header) made safe for a plain-text
 * log line (docs/design.md 3.4, "Hostile input"): control, format and separator
 * characters are written as escapes (in a field's value the space too), and so is the
 * backslash, so that no value can start a forged line or a forged {@code key=value}
 * field.
 */
public final class LogText {

	private LogText() {
	}

	/**
	 * A value for a {@code key=value} field or a single word: every control (Cc), format
	 * (Cf) and separator (Zs, Zl, Zp) character escaped, the space included: {@code \n},
	 * {@code \r}, {@code \t} by name, the others as {@code \}{@code uXXXX}.
	 * @param value the value, or {@code null}
	 * @return the escaped value, or {@code "-"} for {@code null}
	 */
	public static String of(@Nullable String value) {
		return escape(value, true);
	}

	/**
	 * Free text, such as a problem's detail that may quote a caller's value: escaped like
	 * {@link #of}, but a plain space stays a space.
	 * @param text the text, or {@code null}
	 * @return the escaped text, or {@code "-"} for {@code null}
	 */
	public static String text(@Nullable String text) {
		return escape(text, false);
	}

	private static String escape(@Nullable String value, boolean spaces) {
		if (value == null) {
			return "-";
		}
		if (isPlain(value, spaces)) {
			return value;
		}
		StringBuilder escaped = new StringBuilder(value.length() + 16);
		value.codePoints().forEach((c) -> append(escaped, c, spaces));
		return escaped.toString();
	}

	private static boolean isPlain(String value, boolean spaces) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || (spaces && c == ' ') || c == '\\' || c >= 0x7f) {
				return false;
			}
		}
		return true;
	}

	private static void append(StringBuilder escaped, int c, boolean spaces) {
		switch (c) {
			case '\\' -> escaped.append("\\\\");
			case '\n' -> escaped.append("\\n");
			case '\r' -> escaped.append("\\r");
			case '\t' -> escaped.append("\\t");
			default -> {
				if ((c != ' ' || spaces) && needsEscape(c)) {
					escaped.append((c > 0xffff) ? String.format("\\u{%X}", c) : String.format("\\u%04X", c));
				}
				else {
					escaped.appendCodePoint(c);
				}
			}
		}
	}

	private static boolean needsEscape(int c) {
		int type = Character.getType(c);
		return type == Character.CONTROL || type == Character.FORMAT || type == Character.SPACE_SEPARATOR
				|| type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
				|| type == Character.UNASSIGNED || type == Character.SURROGATE;
	}

}
