package io.backupgateway.audit.entry;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * The keys the gateway vouches for its entries with (docs/design.md section 6, "Entries
 * the gateway vouches for"): an HMAC-SHA256 over each entry's canonical bytes, under a
 * key the database never holds. Entries are written under the current key; entries
 * written under a previous key (a rotation in progress) still verify.
 */
public final class EntryKeys {

	/** The smallest key accepted, in bytes: the HMAC-SHA256 output size. */
	public static final int MIN_KEY_BYTES = 32;

	private static final String ALGORITHM = "HmacSHA256";

	private static final HexFormat HEX = HexFormat.of();

	private final Key current;

	private final Map<String, Key> byId;

	/**
	 * @param current the key new entries are written under
	 * @param previous keys entries may still carry
	 */
	public EntryKeys(byte[] current, List<byte[]> previous) {
		this.current = new Key(current);
		Map<String, Key> keys = new LinkedHashMap<>();
		keys.put(this.current.id, this.current);
		for (byte[] key : previous) {
			Key old = new Key(key);
			keys.putIfAbsent(old.id, old);
		}
		this.byId = Map.copyOf(keys);
	}

	/**
	 * An entry key derived from the digest signing key's private bytes, for when no
	 * {@code gateway.audit.entry-key} is configured: HMAC-SHA256 keyed with a fixed label
	 * over the private key's bytes, so the MAC key is never the signing key itself.
	 * @param signingKeySeed the signing key's 32 private bytes
	 * @return the derived key
	 */
	public static byte[] derivedFrom(byte[] signingKeySeed) {
		return hmac("backup-gateway-entry-key/v1".getBytes(StandardCharsets.US_ASCII), signingKeySeed);
	}

	/** The id entries written now carry. */
	public String currentKeyId() {
		return this.current.id;
	}

	/**
	 * The MAC of an entry under the current key.
	 * @param entry the entry, as it is stored
	 * @return 64 hex digits
	 */
	public String mac(AuditEntry entry) {
		return this.current.mac(entry);
	}

	/**
	 * Whether the gateway wrote an entry as it is stored.
	 * @param entry the entry, with its MAC and key id
	 * @param macFromSeq the first entry that must carry a MAC; those before were written
	 * before entries carried one
	 * @return the verdict
	 */
	public Verdict check(AuditEntry entry, long macFromSeq) {
		if (entry.seq() < macFromSeq) {
			return Verdict.BEFORE_MACS;
		}
		if (entry.entryMac() == null || entry.macKeyId() == null) {
			return Verdict.NOT_WRITTEN_BY_THE_GATEWAY;
		}
		Key key = this.byId.get(entry.macKeyId());
		if (key == null) {
			return Verdict.UNKNOWN_KEY;
		}
		boolean equal = MessageDigest.isEqual(key.mac(entry).getBytes(StandardCharsets.US_ASCII),
				entry.entryMac().getBytes(StandardCharsets.US_ASCII));
		return equal ? Verdict.VOUCHED : Verdict.NOT_WRITTEN_BY_THE_GATEWAY;
	}

	private static byte[] hmac(byte[] key, byte[] data) {
		return keyed(key).doFinal(data);
	}

	private static Mac keyed(byte[] key) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(new SecretKeySpec(key, ALGORITHM));
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every Java runtime", ex);
		}
	}

	/** What the MAC says of an entry. */
	public enum Verdict {

		/** The gateway wrote it, as it is stored. */
		VOUCHED,

		/**
		 * Written before entries carried a MAC (V11): the chain and digests speak for it.
		 */
		BEFORE_MACS,

		/** Its MAC is under a key the gateway does not hold (retired, or made up). */
		UNKNOWN_KEY,

		/** Its MAC is missing or does not match its content. */
		NOT_WRITTEN_BY_THE_GATEWAY;

		/** Whether the MAC speaks for the entry (or the entry predates MACs). */
		public boolean holds() {
			return this == VOUCHED || this == BEFORE_MACS;
		}

	}

	private static final class Key {

		private final byte[] secret;

		/** Names the key without revealing it: a MAC of a fixed label, 16 hex digits. */
		private final String id;

		Key(byte[] secret) {
			if (secret.length < MIN_KEY_BYTES) {
				throw new IllegalArgumentException("an entry key needs at least " + MIN_KEY_BYTES + " bytes");
			}
			this.secret = secret.clone();
			this.id = HEX
				.formatHex(hmac(this.secret, "backup-gateway-entry-key-id".getBytes(StandardCharsets.US_ASCII)))
				.substring(0, 16);
		}

		String mac(AuditEntry entry) {
			return HEX.formatHex(hmac(this.secret, entry.canonical().getBytes(StandardCharsets.UTF_8)));
		}

		@Override
		public String toString() {
			return "entry key " + this.id;
		}

	}

	@Override
	public String toString() {
		return "EntryKeys" + this.byId.keySet();
	}

	/**
	 * Whether a key id names one of these keys.
	 * @param keyId the id
	 * @return whether it does
	 */
	public boolean knows(@Nullable String keyId) {
		return keyId != null && this.byId.containsKey(keyId);
	}

}
