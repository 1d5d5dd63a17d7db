/**
 * descent's core: parameters and their layout, objectives and test problems, automatic
 * differentiation, optimizers with their transforms, schedules and stopping rules, global search,
 * the minimizer, models, datasets and training. No dependency outside the JDK.
 *
 * <p>Every package is API; there are no internal packages. {@link dev.descent.linalg.MatMulKernel}
 * is a service: another module (descent-blas) may provide a faster one.
 */
module descent.core {
    exports dev.descent.autodiff;
    exports dev.descent.data;
    exports dev.descent.global;
    exports dev.descent.linalg;
    exports dev.descent.minimize;
    exports dev.descent.nn;
    exports dev.descent.optim;
    exports dev.descent.optim.schedule;
    exports dev.descent.optim.spec;
    exports dev.descent.optim.stop;
    exports dev.descent.optim.transform;
    exports dev.descent.parallel;
    exports dev.descent.problem;
    exports dev.descent.text;
    exports dev.descent.train;
    exports dev.descent.tune;
    exports dev.descent.util;

    uses dev.descent.linalg.MatMulKernel;
}
