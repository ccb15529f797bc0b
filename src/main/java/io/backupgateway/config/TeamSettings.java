package io.backupgateway.config;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import org.jspecify.annotations.Nullable;

/**
 * A team: its instances and its naming policy.
 *
 * @param backupNamePrefix the prefix every backup name must start with; {@code null}
 * means {@code <team>-}, an empty string disables the check
 * @param backupNamePattern a regular expression the whole name must match, when set
 * @param maxBackupsPerHour the team's quota; {@code null} means the gateway default
 * @param oneRunningBackupPerInstance {@code null} means the gateway default
 * @param instances the instances registered to the team
 */
public record TeamSettings(@Nullable String backupNamePrefix, @Nullable String backupNamePattern,
		@Nullable @Positive Integer maxBackupsPerHour, @Nullable Boolean oneRunningBackupPerInstance,
		List<@Valid InstanceRef> instances) {

	public TeamSettings {
		instances = (instances != null) ? List.copyOf(instances) : List.of();
		backupNamePattern = (backupNamePattern != null && backupNamePattern.isEmpty()) ? null : backupNamePattern;
	}

	/**
	 * An instance registered to a team.
	 *
	 * @param id the GeminiDB instance id
	 * @param project the name of the project (under {@code gateway.cloud.projects}) it
	 * lives in
	 */
	public record InstanceRef(
			@NotBlank @Pattern(regexp = InstanceId.PATTERN, message = "must be 1 to 64 letters and digits") String id,
			@NotBlank String project) {
	}

}
