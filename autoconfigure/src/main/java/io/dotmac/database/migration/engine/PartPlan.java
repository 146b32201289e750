package io.dotmac.database.migration.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import liquibase.changelog.DatabaseChangeLog;
import org.jspecify.annotations.Nullable;

import io.dotmac.database.migration.MigrationModule;
import io.dotmac.database.migration.MigrationNotFoundException;
import io.dotmac.database.migration.MigrationTarget;

/**
 * One module part (its shared or its tenant changelog), parsed, filtered by contexts, labels
 * and database, checksummed and rendered once; the same plan is applied to every schema.
 *
 * @param module the module
 * @param target which part
 * @param location the changelog or SQL folder
 * @param changeLog Liquibase's parsed changelog
 * @param changeSets the changesets that apply, in order
 * @param fingerprint the fingerprint of {@code changeSets}, see {@link #fingerprint(List)}
 * @param alwaysVisit whether the part must be visited at every upgrade even when the state
 * table says it is up to date ({@code runAlways} changesets, changelog preconditions)
 */
public record PartPlan(MigrationModule module, MigrationTarget target, String location, DatabaseChangeLog changeLog,
		List<PlannedChangeSet> changeSets, String fingerprint, boolean alwaysVisit) {

	/**
	 * Copy the changesets.
	 */
	public PartPlan {
		changeSets = List.copyOf(changeSets);
	}

	/**
	 * The module's history table.
	 * @return the unquoted table name
	 */
	public String historyTable() {
		return this.module.historyTable();
	}

	/**
	 * The changesets up to a target, inclusive.
	 * @param target a tag (set by a {@code tagDatabase} change) or a changeset id, or
	 * {@code null} for all
	 * @return the changesets
	 * @throws MigrationNotFoundException when no changeset has that tag or id
	 */
	public List<PlannedChangeSet> upTo(@Nullable String target) {
		if (target == null) {
			return this.changeSets;
		}
		for (int i = 0; i < this.changeSets.size(); i++) {
			PlannedChangeSet changeSet = this.changeSets.get(i);
			if (target.equals(changeSet.tag()) || target.equals(changeSet.ref().id())) {
				return this.changeSets.subList(0, i + 1);
			}
		}
		throw new MigrationNotFoundException("No changeset with tag or id '" + target + "' in " + this.location
				+ " (module " + this.module.name() + "): check the target", null, null, this.module.name(), null);
	}

	/**
	 * Whether the part has a changeset with a tag or id.
	 * @param target the tag or id
	 * @return {@code true} when it has
	 */
	public boolean contains(String target) {
		return this.changeSets.stream()
			.anyMatch((changeSet) -> target.equals(changeSet.tag()) || target.equals(changeSet.ref().id()));
	}

	/**
	 * The changelog fingerprint: SHA-256 over the ordered ids, authors, paths and checksums.
	 * Equal fingerprints mean the same changesets, unchanged, in the same order.
	 * @param changeSets the changesets
	 * @return the lower-case hexadecimal digest
	 */
	public static String fingerprint(List<PlannedChangeSet> changeSets) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (PlannedChangeSet changeSet : changeSets) {
				digest.update((changeSet.ref().filePath() + '\0' + changeSet.ref().id() + '\0'
						+ changeSet.ref().author() + '\0' + changeSet.checksum() + '\n').getBytes(StandardCharsets.UTF_8));
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
