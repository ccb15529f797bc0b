package io.backupgateway.audit.chain;

import java.util.Base64;

/** PEM's armour around base64 DER (RFC 7468). */
final class Pem {

	private Pem() {
	}

	static byte[] decode(String pem, String label) {
		String begin = "-----BEGIN " + label + "-----";
		String end = "-----END " + label + "-----";
		int from = pem.indexOf(begin);
		int to = pem.indexOf(end);
		if (from < 0 || to < from) {
			throw new IllegalArgumentException("no " + begin + " block");
		}
		String body = pem.substring(from + begin.length(), to).replaceAll("\\s", "");
		return Base64.getDecoder().decode(body);
	}

	static String encode(byte[] der, String label) {
		return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
				+ "\n-----END " + label + "-----\n";
	}

}
