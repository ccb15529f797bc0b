package io.backupgateway.audit.review;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The audit filters of docs/design.md 3.3 besides {@code team}, for the OpenAPI document
 * (the controllers read them from the request themselves, to refuse unknown ones).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Parameter(in = ParameterIn.QUERY, name = "instance_id", description = "Only this instance",
		schema = @Schema(type = "string"))
@Parameter(in = ParameterIn.QUERY, name = "actor", description = "Only this caller (the token's sub)",
		schema = @Schema(type = "string"))
@Parameter(in = ParameterIn.QUERY, name = "action", description = "Only this action",
		schema = @Schema(type = "string", allowableValues = { "backup.create", "backup.delete", "backup.job" }))
@Parameter(in = ParameterIn.QUERY, name = "outcome", description = "Only this outcome",
		schema = @Schema(type = "string",
				allowableValues = { "accepted", "rejected", "denied", "failed", "pending", "unknown", "replayed",
						"completed" }))
@Parameter(in = ParameterIn.QUERY, name = "from", description = "At or after this instant (ISO-8601)",
		schema = @Schema(type = "string", format = "date-time"))
@Parameter(in = ParameterIn.QUERY, name = "to", description = "Before this instant (ISO-8601)",
		schema = @Schema(type = "string", format = "date-time"))
@Parameter(in = ParameterIn.QUERY, name = "request_id", description = "Only the entries of this request (X-Request-Id)",
		schema = @Schema(type = "string"))
@Parameter(in = ParameterIn.QUERY, name = "backup_id", description = "Only the entries of this backup",
		schema = @Schema(type = "string"))
@Parameter(in = ParameterIn.QUERY, name = "job_id", description = "Only the entries of this job",
		schema = @Schema(type = "string"))
@Parameter(in = ParameterIn.QUERY, name = "backup_name", description = "Only the entries of backups of this name",
		schema = @Schema(type = "string"))
@interface FilterParameters {

}
