package io.backupgateway.backup;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.backupgateway.failure.GatewayFailure.FieldError;

/**
 * The upstream API's rules for a manual backup (upstream-create-manual-backup.rst, with
 * the precisions of docs/design.md 3.4). Plain Java: every rule is tested at its
 * boundaries.
 */
final class BackupRules {

	static final int NAME_MIN = 4;

	static final int NAME_MAX = 64;

	static final int DESCRIPTION_MAX = 256;

	static final String FORBIDDEN_IN_DESCRIPTION = ">!<\"&'=";

	/** How many different unreadable characters a refusal names at most. */
	static final int MAX_NAMED = 3;

	private static final Pattern NAME_CHARACTERS = Pattern.compile("[A-Za-z0-9_-]*");

	private BackupRules() {
	}

	static List<FieldError> checkName(String name) {
		List<FieldError> errors = new ArrayList<>();
		int length = name.codePointCount(0, name.length());
		if (length < NAME_MIN || length > NAME_MAX) {
			errors.add(new FieldError("name", "must be " + NAME_MIN + " to " + NAME_MAX + " characters long"));
		}
		if (name.isEmpty() || !isAsciiLetter(name.charAt(0))) {
			errors.add(new FieldError("name", "must start with a letter (A-Z or a-z)"));
		}
		if (!NAME_CHARACTERS.matcher(name).matches()) {
			errors.add(new FieldError("name", "may contain only letters (A-Z, a-z), digits, '-' and '_'"));
		}
		return errors;
	}

	static List<FieldError> checkDescription(String description) {
		List<FieldError> errors = new ArrayList<>();
		if (description.codePointCount(0, description.length()) > DESCRIPTION_MAX) {
			errors.add(new FieldError("description", "must be at most " + DESCRIPTION_MAX + " characters long"));
		}
		if (description.chars().anyMatch((c) -> FORBIDDEN_IN_DESCRIPTION.indexOf(c) >= 0)) {
			errors.add(new FieldError("description", "must not contain any of > ! < \" & ' ="));
		}
		description.codePoints()
			.filter(BackupRules::isUnreadable)
			.distinct()
			.limit(MAX_NAMED)
			.forEach((c) -> errors.add(new FieldError("description", "must not contain " + unreadable(c))));
		if (hasUnpairedSurrogate(description)) {
			errors.add(new FieldError("description", "must be valid Unicode text"));
		}
		return errors;
	}

	/**
	 * docs/design.md 3.4: a portal must be able to show a description as it reads, so no
	 * control characters (Cc), no format characters (Cf: zero-width and bidirectional
	 * controls) and no line or paragraph separators.
	 */
	static boolean isUnreadable(int codePoint) {
		int type = Character.getType(codePoint);
		return type == Character.CONTROL || type == Character.FORMAT || codePoint == 0x2028 || codePoint == 0x2029;
	}

	private static String unreadable(int codePoint) {
		String kind = switch (Character.getType(codePoint)) {
			case Character.CONTROL -> "a control character";
			case Character.FORMAT -> "an invisible formatting character";
			default -> "a line or paragraph separator";
		};
		return String.format("U+%04X (%s)", codePoint, kind);
	}

	private static boolean isAsciiLetter(char c) {
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
	}

	private static boolean hasUnpairedSurrogate(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return true;
			}
		}
		return false;
	}

}
