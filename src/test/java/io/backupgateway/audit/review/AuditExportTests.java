package io.backupgateway.audit.review;

import io.backupgateway.audit.entry.AuditEntry;
import io.backupgateway.audit.entry.SampleEntries;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuditExportTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"',
			value = { "=SUM(A1)|'=SUM(A1)", "+1|'+1", "-1|'-1", "@cmd|'@cmd", "plain|plain", "a=b|a=b" })
	void neutralisesCellsASpreadsheetWouldRun(String value, String cell) {
		assertThat(AuditExport.csvCell(value)).isEqualTo(cell);
	}

	@Test
	void neutralisesTabAndCarriageReturnAndQuotesWhatNeedsIt() {
		assertThat(AuditExport.csvCell("\tx")).isEqualTo("'\tx");
		assertThat(AuditExport.csvCell("\rx")).isEqualTo("\"'\rx\"");
		assertThat(AuditExport.csvCell("a,b")).isEqualTo("\"a,b\"");
		assertThat(AuditExport.csvCell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
		assertThat(AuditExport.csvCell("two\nlines")).isEqualTo("\"two\nlines\"");
		assertThat(AuditExport.csvCell("=1,2")).isEqualTo("\"'=1,2\"");
		assertThat(AuditExport.csvCell(null)).isEmpty();
		assertThat(AuditExport.csvCell("")).as("an empty text is not a null").isEqualTo("\"\"");
		assertThat(AuditExport.csvCell("'quoted")).as("one leading ' is always the export's").isEqualTo("''quoted");
	}

	@Test
	void headerHasTheMembersOfTheDesignInOrder() {
		assertThat(AuditExport.csvHeader()).isEqualTo("audit_id,occurred_at,action,actor,actor_name,team,instance_id,"
				+ "project_id,backup_name,description,outcome,http_status,code,upstream_status,upstream_error_code,"
				+ "job_id,backup_id,job_status,request_id,idempotency_key,client_ip,user_agent,duration_ms,grant,"
				+ "chain_seq,entry_hash,chain_hash\r\n");
	}

	@Test
	void ndjsonLinesAreValidJsonWhateverTheText() {
		AuditEntry entry = SampleEntries.withDescription("quote \" backslash \\ tab \t nl \n ctl \u0001 ls \u2028 ünï");
		String line = AuditExport.ndjsonLine(entry);
		assertThat(line).endsWith("}\n").doesNotContain("\n{");
		var parsed = tools.jackson.databind.json.JsonMapper.builder().build().readTree(line);
		assertThat(parsed.get("description").stringValue()).isEqualTo(entry.description());
		assertThat(parsed.get("http_status").intValue()).isEqualTo(202);
		assertThat(parsed.get("code").isNull()).isTrue();
		assertThat(parsed.get("chain_seq").isNull()).isTrue();
		assertThat(parsed.propertyNames()).startsWith(AuditEntry.FIELDS).hasSize(AuditEntry.FIELDS.length + 3);
	}

}
