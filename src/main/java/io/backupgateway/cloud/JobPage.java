package io.backupgateway.cloud;

import java.util.List;

/**
 * One page of a project's job list (docs/cloud-api.md, "Query job (task) status").
 *
 * @param jobs the jobs on it
 * @param listed how many the cloud listed: a page shorter than asked for is the last
 * @param total the list's {@code total_count}, or -1 when the cloud gave none
 */
public record JobPage(List<Job> jobs, int listed, int total) {

	public JobPage {
		jobs = List.copyOf(jobs);
	}

	/**
	 * Whether a page at this offset is the list's last.
	 * @param offset the page's offset
	 * @param size the page size asked for
	 * @return whether no page follows it
	 */
	public boolean isLast(int offset, int size) {
		return this.listed < size || (this.total >= 0 && offset + size >= this.total);
	}

}
