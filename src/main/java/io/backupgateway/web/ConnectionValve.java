package io.backupgateway.web;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * How a connection ends after an answer (docs/design.md 3.4, "Hostile input"):
 * <ul>
 * <li>A request answered with an error before its body was read to the end is not read
 * any further. Tomcat would otherwise read ("swallow") the rest of the body after the
 * answer, to keep the connection for the next request, and a client that sends a byte
 * every few seconds would hold a worker thread for as long as it likes without ever
 * presenting a token. The connection is closed instead; the answer says so
 * ({@link EarlyAnswer}).</li>
 * <li>A streamed answer cut short on purpose ({@link #abortAfterAnswer}) is ended without
 * its last chunk, so the client sees an incomplete answer rather than a complete one that
 * lacks entries.</li>
 * </ul>
 */
public class ConnectionValve extends ValveBase {

	private static final String ABORT = ConnectionValve.class.getName() + ".abort";

	ConnectionValve() {
		super(true);
	}

	/**
	 * Marks a streamed answer as cut short: its connection is closed once the handler
	 * returns, without the end of the answer.
	 * @param request the request
	 */
	public static void abortAfterAnswer(HttpServletRequest request) {
		request.setAttribute(ABORT, Boolean.TRUE);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		try {
			getNext().invoke(request, response);
		}
		finally {
			if (Boolean.TRUE.equals(request.getAttribute(ABORT))) {
				response.getCoyoteResponse().action(ActionCode.CLOSE_NOW, null);
			}
			else if (response.getStatus() >= 400 && hasBody(request) && !request.getCoyoteRequest().isFinished()) {
				if (!response.isCommitted()) {
					response.setHeader("Connection", "close");
				}
				request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
			}
		}
	}

	static boolean hasBody(HttpServletRequest request) {
		return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
	}

}
