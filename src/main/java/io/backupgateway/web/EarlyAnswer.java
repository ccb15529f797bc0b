package io.backupgateway.web;

import java.io.IOException;
import java.io.PrintWriter;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * An error answered before the request's body was read to the end says
 * {@code Connection: close} before it is sent: {@link ConnectionValve} closes that
 * connection rather than read the rest of the body (docs/design.md 3.4, "Hostile input"),
 * and a client must know not to send its next request on it.
 */
final class EarlyAnswer extends HttpServletResponseWrapper {

	private final HttpServletRequest request;

	EarlyAnswer(HttpServletRequest request, HttpServletResponse response) {
		super(response);
		this.request = request;
	}

	@Override
	public ServletOutputStream getOutputStream() throws IOException {
		closeIfBodyUnread(getStatus());
		return super.getOutputStream();
	}

	@Override
	public PrintWriter getWriter() throws IOException {
		closeIfBodyUnread(getStatus());
		return super.getWriter();
	}

	@Override
	public void flushBuffer() throws IOException {
		closeIfBodyUnread(getStatus());
		super.flushBuffer();
	}

	@Override
	public void sendError(int status) throws IOException {
		closeIfBodyUnread(status);
		super.sendError(status);
	}

	@Override
	public void sendError(int status, String message) throws IOException {
		closeIfBodyUnread(status);
		super.sendError(status, message);
	}

	private void closeIfBodyUnread(int status) {
		if (status < 400 || isCommitted() || !ConnectionValve.hasBody(this.request)) {
			return;
		}
		try {
			if (this.request.getInputStream().isFinished()) {
				return;
			}
		}
		catch (IOException | IllegalStateException ex) {
			// read through a reader, or no longer readable: nothing left to spare
			return;
		}
		setHeader("Connection", "close");
	}

}
