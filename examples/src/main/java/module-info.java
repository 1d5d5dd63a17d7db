/**
 * descent used from a named module: only what descent.core and descent.ode export is reachable, and
 * ServiceLoader looks up MatMulKernel as descent.core declares it.
 */
module descent.examples {
    requires descent.core;
    requires descent.ode;
}
