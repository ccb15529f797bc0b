package io.backupgateway.testsupport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Teams with limits of their own, named afresh for every test JVM: the quota and the
 * backup-in-progress rule count what the shared trail holds, so a team that no earlier
 * run or other test has used keeps their edges exact, even on a database that is reused.
 */
public final class LimitTeams {

	private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 8);

	/** At most 5 backups an hour; instances {@code quota(0..3)}. */
	public static final String QUOTA = "quota-" + RUN;

	/** One backup in progress per instance; instances {@code serial(0..3)}. */
	public static final String SERIAL = "serial-" + RUN;

	/** Both rules, 6 an hour, for two replicas; instances {@code replicas(0..7)}. */
	public static final String REPLICAS = "replicas-" + RUN;

	private LimitTeams() {
	}

	public static String quota(int index) {
		return instance("a", index);
	}

	public static String serial(int index) {
		return instance("b", index);
	}

	public static String replicas(int index) {
		return instance("c", index);
	}

	/** The configuration of these teams, for the test environment. */
	static Map<String, Object> properties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		team(properties, QUOTA, 4, LimitTeams::quota);
		properties.put("gateway.teams." + QUOTA + ".max-backups-per-hour", 5);
		team(properties, SERIAL, 4, LimitTeams::serial);
		properties.put("gateway.teams." + SERIAL + ".one-running-backup-per-instance", true);
		team(properties, REPLICAS, 8, LimitTeams::replicas);
		properties.put("gateway.teams." + REPLICAS + ".max-backups-per-hour", 6);
		properties.put("gateway.teams." + REPLICAS + ".one-running-backup-per-instance", true);
		return properties;
	}

	/** The instances of a team, in order. */
	public static List<String> instances(java.util.function.IntFunction<String> of, int count) {
		return IntStream.range(0, count).mapToObj(of).toList();
	}

	private static void team(Map<String, Object> properties, String team, int instances,
			java.util.function.IntFunction<String> of) {
		for (int i = 0; i < instances; i++) {
			properties.put("gateway.teams." + team + ".instances[" + i + "].id", of.apply(i));
			properties.put("gateway.teams." + team + ".instances[" + i + "].project", "eu-de-prod");
		}
	}

	private static String instance(String kind, int index) {
		return kind + RUN + "0000000000000000000000" + index + "in06";
	}

}
