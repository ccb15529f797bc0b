/**
 * Work under database locks that hold across replicas: background passes with a time
 * budget (the chain's sealer, the jobs module) and per-name locks for the length of a
 * transaction (admission to a team's quota). Below the features, so none depends on
 * another through it.
 */
@NullMarked
package io.backupgateway.background;

import org.jspecify.annotations.NullMarked;
