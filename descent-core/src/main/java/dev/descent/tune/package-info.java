/**
 * Small hyperparameter searches: a search space written as an optimizer spec whose values may be
 * distributions ({@link dev.descent.tune.SearchSpace}), and random search or synchronous successive
 * halving over it ({@link dev.descent.tune.Tuner}), each trial a {@link dev.descent.train.Trainer}
 * run scored on a validation set.
 *
 * <p>Conventions: every trial is a concrete spec string, printed and reproducible alone; its
 * sampling seed and training seed are pure functions of the search seed and the trial index
 * ({@link dev.descent.data.Seeds}), so results do not depend on the number of threads.
 */
package dev.descent.tune;
