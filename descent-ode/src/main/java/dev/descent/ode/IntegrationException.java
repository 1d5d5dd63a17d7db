package dev.descent.ode;

/**
 * The integrator could not reach the last requested time: it ran out of evaluations, its step size
 * underflowed, or the state became NaN. This is a property of the model at these parameters (a stiff
 * or exploding solution), not a programming error; a fit treats it as J = +∞.
 */
public class IntegrationException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the model
     * @param cause   Hipparchus's exception
     */
    public IntegrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
