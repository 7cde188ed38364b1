/**
 * Experiment and test support, never part of training itself: stragglers and failures injected on purpose
 * ({@link io.gcoding.training.inject.StragglerProfile}) so that runs are repeatable. Every use is labelled INJECTED
 * where a reader sees it (the run log's {@code INJECTED stragglers: ...} line, a worker's
 * {@code INJECTED FAILURE: ...} exit message), so an injected delay is never mistaken for a measured one.
 */
package io.gcoding.training.inject;
