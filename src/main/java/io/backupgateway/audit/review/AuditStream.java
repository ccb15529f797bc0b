package io.backupgateway.audit.review;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.backupgateway.audit.entry.AuditColumns;
import io.backupgateway.audit.entry.AuditEntry;
import org.jspecify.annotations.Nullable;

import io.backupgateway.audit.entry.LongReads;
import io.backupgateway.config.AuditSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Streams every matching entry, newest first, in constant memory: rows come from a
 * database cursor in batches. A second thread reads the cursor while the caller's thread
 * writes, so the database and the response work at the same time; at most {@link #QUEUE}
 * batches wait between them. An export ends when its client reads nothing for
 * {@code export-stall-timeout}, and after {@code export-max-duration} whatever its pace
 * (docs/design.md 3.4).
 */
@Component
class AuditStream {

	private static final int FETCH_SIZE = 2000;

	private static final int QUEUE = 4;

	/** Marks the end of an export's batches. */
	private static final List<AuditEntry> END = new ArrayList<>(0);

	private static final Logger log = LoggerFactory.getLogger(AuditStream.class);

	private final JdbcClient jdbc;

	private final TransactionTemplate readOnly;

	private final long stallMillis;

	private final long maxNanos;

	AuditStream(LongReads reads, AuditSettings settings) {
		this.jdbc = reads.jdbc();
		this.readOnly = reads.snapshot();
		this.stallMillis = settings.exportStallTimeout().toMillis();
		this.maxNanos = settings.exportMaxDuration().toNanos();
	}

	/**
	 * Streams the matching entries.
	 * @param filter the filters
	 * @param teams the teams the reader may see; {@code null} for every team
	 * @param sink takes each entry; an exception from it stops the export and the query
	 * @return how the export ended
	 */
	End stream(AuditFilter filter, @Nullable Set<String> teams, Consumer<AuditEntry> sink) {
		if (teams != null && teams.isEmpty()) {
			return End.COMPLETE;
		}
		long deadline = System.nanoTime() + this.maxNanos;
		MapSqlParameterSource params = new MapSqlParameterSource();
		String sql = "select " + AuditColumns.JOINED_WITH_LATEST_JOB_STATUS + " where "
				+ AuditQueries.where(filter, teams, null, params) + " order by e.occurred_at desc, e.seq desc";
		BlockingQueue<List<AuditEntry>> queue = new ArrayBlockingQueue<>(QUEUE);
		AtomicBoolean stopped = new AtomicBoolean();
		AtomicReference<@Nullable RuntimeException> failure = new AtomicReference<>();
		Thread reading = new Thread(() -> read(sql, params, queue, stopped, failure), "audit-export");
		reading.setDaemon(true);
		reading.start();
		try {
			for (List<AuditEntry> batch = take(queue); batch != END; batch = take(queue)) {
				for (AuditEntry entry : batch) {
					if (System.nanoTime() - deadline > 0) {
						return End.DEADLINE;
					}
					sink.accept(entry);
				}
			}
		}
		finally {
			stopped.set(true);
			queue.clear();
			join(reading);
		}
		RuntimeException failed = failure.get();
		if (failed instanceof ExportStalled) {
			log.info("Audit export ended: the client read nothing for {} ms", this.stallMillis);
			return End.STOPPED;
		}
		else if (failed != null && !(failed instanceof ExportStopped)) {
			throw failed;
		}
		return (failed != null) ? End.STOPPED : End.COMPLETE;
	}

	/** How an export ended. */
	enum End {

		/** Every matching entry was written. */
		COMPLETE,

		/** The client went away or stalled. */
		STOPPED,

		/** It ran for {@code export-max-duration} and was cut short. */
		DEADLINE

	}

	private void read(String sql, MapSqlParameterSource params, BlockingQueue<List<AuditEntry>> queue,
			AtomicBoolean stopped, AtomicReference<@Nullable RuntimeException> failure) {
		try {
			this.readOnly.executeWithoutResult((status) -> {
				List<AuditEntry> batch = new ArrayList<>(FETCH_SIZE);
				this.jdbc.sql(sql).paramSource(params).withFetchSize(FETCH_SIZE).query((ResultSet rs) -> {
					batch.add(AuditColumns.MAPPER.mapRow(rs, 0));
					if (batch.size() == FETCH_SIZE) {
						hand(queue, new ArrayList<>(batch), stopped, this.stallMillis);
						batch.clear();
					}
				});
				hand(queue, batch, stopped, this.stallMillis);
			});
		}
		catch (RuntimeException ex) {
			failure.set(ex);
		}
		finally {
			hand(queue, END, stopped, this.stallMillis);
		}
	}

	private static void hand(BlockingQueue<List<AuditEntry>> queue, List<AuditEntry> batch, AtomicBoolean stopped,
			long stallMillis) {
		long waited = 0;
		try {
			while (!queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
				waited += 100;
				if (stopped.get() || (batch != END && waited >= stallMillis)) {
					if (batch == END) {
						return;
					}
					throw stopped.get() ? new ExportStopped() : new ExportStalled();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ExportStopped();
		}
	}

	private static List<AuditEntry> take(BlockingQueue<List<AuditEntry>> queue) {
		try {
			return queue.take();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ExportStopped();
		}
	}

	private static void join(Thread thread) {
		try {
			thread.join(TimeUnit.SECONDS.toMillis(30));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** The writing side stopped (the client went away): the query is abandoned. */
	private static class ExportStopped extends RuntimeException {

		ExportStopped() {
			super("export stopped", null, false, false);
		}

	}

	/** The client read nothing for the stall timeout: the query is abandoned. */
	private static final class ExportStalled extends ExportStopped {

	}

}
