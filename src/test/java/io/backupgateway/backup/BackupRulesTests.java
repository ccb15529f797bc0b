package io.backupgateway.backup;

import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.backupgateway.failure.GatewayFailure.FieldError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class BackupRulesTests {

	@Test
	void acceptsNamesOfFourAndSixtyFourCharacters() {
		assertThat(BackupRules.checkName("abcd")).isEmpty();
		assertThat(BackupRules.checkName("a" + "b".repeat(63))).isEmpty();
	}

	@Test
	void rejectsNamesOfThreeAndSixtyFiveCharacters() {
		assertThat(BackupRules.checkName("abc")).extracting(FieldError::message)
			.containsExactly("must be 4 to 64 characters long");
		assertThat(BackupRules.checkName("a" + "b".repeat(64))).extracting(FieldError::message)
			.containsExactly("must be 4 to 64 characters long");
	}

	@Test
	void rejectsEmptyName() {
		assertThat(BackupRules.checkName("")).extracting(FieldError::message)
			.contains("must be 4 to 64 characters long", "must start with a letter (A-Z or a-z)");
	}

	@ParameterizedTest
	@ValueSource(strings = { "1abc", "_abc", "-abc", "Éabc", "ßabc" })
	void rejectsNamesThatDoNotStartWithAnAsciiLetter(String name) {
		assertThat(BackupRules.checkName(name)).extracting(FieldError::message)
			.contains("must start with a letter (A-Z or a-z)");
	}

	@ParameterizedTest
	@ValueSource(strings = { "Abcd", "zZ09", "a-b_c", "Backup_2026-11-27", "a---" })
	void acceptsLettersDigitsHyphenAndUnderscore(String name) {
		assertThat(BackupRules.checkName(name)).isEmpty();
	}

	static Stream<String> charactersOutsideTheNameAlphabet() {
		return Stream.concat(
				IntStream.rangeClosed(0x20, 0x7e)
					.filter((c) -> !Character.isLetterOrDigit(c) && c != '-' && c != '_')
					.mapToObj((c) -> String.valueOf((char) c)),
				Stream.of("\t", "\n", "\u0000", "é", "ä", "١", "Ω", "\u00a0", "😀"));
	}

	@ParameterizedTest
	@MethodSource("charactersOutsideTheNameAlphabet")
	void rejectsEachCharacterOutsideTheNameAlphabet(String character) {
		assertThat(BackupRules.checkName("abcd" + character + "efg")).extracting(FieldError::message)
			.containsExactly("may contain only letters (A-Z, a-z), digits, '-' and '_'");
	}

	@Test
	void namesAreCaseSensitiveButBothCasesAreAllowed() {
		assertThat(BackupRules.checkName("BACKUP")).isEmpty();
		assertThat(BackupRules.checkName("backup")).isEmpty();
	}

	@Test
	void acceptsEmptyDescriptionAndOneOf256Characters() {
		assertThat(BackupRules.checkDescription("")).isEmpty();
		assertThat(BackupRules.checkDescription("d".repeat(256))).isEmpty();
	}

	@Test
	void rejectsDescriptionOf257Characters() {
		assertThat(BackupRules.checkDescription("d".repeat(257))).extracting(FieldError::message)
			.containsExactly("must be at most 256 characters long");
	}

	@Test
	void countsDescriptionLengthInCodePoints() {
		String emoji = "😀";
		assertThat(BackupRules.checkDescription(emoji.repeat(256))).isEmpty();
		assertThat(BackupRules.checkDescription(emoji.repeat(257))).extracting(FieldError::message)
			.containsExactly("must be at most 256 characters long");
	}

	@ParameterizedTest
	@ValueSource(strings = { ">", "!", "<", "\"", "&", "'", "=" })
	void rejectsEachForbiddenDescriptionCharacter(String character) {
		assertThat(BackupRules.checkDescription("before " + character + " after")).extracting(FieldError::message)
			.containsExactly("must not contain any of > ! < \" & ' =");
	}

	static IntStream controlCharacters() {
		return IntStream.concat(IntStream.rangeClosed(0x00, 0x1f), IntStream.rangeClosed(0x7f, 0x9f));
	}

	@ParameterizedTest
	@MethodSource("controlCharacters")
	void rejectsEachControlCharacterInDescriptionNamingIt(int control) {
		assertThat(BackupRules.checkDescription("a" + (char) control + "b")).extracting(FieldError::message)
			.containsExactly("must not contain " + String.format("U+%04X", control) + " (a control character)");
	}

	/** Characters that make a portal show something other than what was stored. */
	static IntStream invisibleCharacters() {
		return IntStream.of(0x00AD, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
				0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF, 0x061C, 0x180E, 0xE0001);
	}

	@ParameterizedTest
	@MethodSource("invisibleCharacters")
	void rejectsFormatCharactersNamingThem(int invisible) {
		assertThat(BackupRules.checkDescription("a" + Character.toString(invisible) + "b"))
			.extracting(FieldError::message)
			.containsExactly(
					"must not contain " + String.format("U+%04X", invisible) + " (an invisible formatting character)");
	}

	@ParameterizedTest
	@ValueSource(ints = { 0x2028, 0x2029 })
	void rejectsLineAndParagraphSeparators(int separator) {
		assertThat(BackupRules.checkDescription("a" + (char) separator + "b")).extracting(FieldError::message)
			.containsExactly(
					"must not contain " + String.format("U+%04X", separator) + " (a line or paragraph separator)");
	}

	@Test
	void namesAFewOfManyUnreadableCharactersOnce() {
		assertThat(BackupRules.checkDescription("\u202e\u202e\u200b\u0001\u0002\u0003")).extracting(FieldError::message)
			.containsExactly("must not contain U+202E (an invisible formatting character)",
					"must not contain U+200B (an invisible formatting character)",
					"must not contain U+0001 (a control character)");
	}

	@ParameterizedTest
	@ValueSource(strings = { "before schema v42", "Ünïcödé ok", "日本語のバックアップ", "semi;colon, (paren) #hash %",
			"emoji 🚀 ok", "a\u00a0non-breaking space" })
	void acceptsOtherText(String description) {
		assertThat(BackupRules.checkDescription(description)).isEmpty();
	}

	@Test
	void rejectsUnpairedSurrogates() {
		assertThat(BackupRules.checkDescription("x\ud800y")).extracting(FieldError::message)
			.containsExactly("must be valid Unicode text");
		assertThat(BackupRules.checkDescription("x\udc00")).extracting(FieldError::message)
			.containsExactly("must be valid Unicode text");
	}

}
