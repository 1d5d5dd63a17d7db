package dev.descent.ode;

import java.util.List;

/**
 * The solution of a {@link ParametricOde} at requested times, with its forward sensitivities when they
 * were asked for.
 *
 * <p>The arrays are owned by this record and must not be modified: {@code states[m][i]} is yᵢ(t_m) and
 * {@code sensitivities[m][i][j]} is ∂yᵢ/∂θ_{wrt[j]} at t_m (an empty third dimension when no
 * sensitivities were computed).
 *
 * @param times          the requested times t_m
 * @param states         y(t_m), one row per time
 * @param sensitivities  ∂y/∂θ_w at t_m, one n × k matrix per time (k = 0 without sensitivities)
 * @param stateNames     names of the n state components
 * @param wrt            names of the k parameters of the sensitivities
 * @param evaluations    evaluations of the right-hand side (of the augmented system when sensitivities
 *                       were computed)
 */
public record Trajectory(double[] times, double[][] states, double[][][] sensitivities, List<String> stateNames,
        List<String> wrt, int evaluations) {

    /** yᵢ(t_m) for state {@code name}. */
    public double state(int m, String name) {
        return states[m][stateNames.indexOf(checkState(name))];
    }

    /** The time series of state {@code name}, a fresh array. */
    public double[] series(String name) {
        int i = stateNames.indexOf(checkState(name));
        double[] s = new double[times.length];
        for (int m = 0; m < s.length; m++) {
            s[m] = states[m][i];
        }
        return s;
    }

    /** ∂y_state/∂θ_parameter at t_m. */
    public double sensitivity(int m, String state, String parameter) {
        int j = wrt.indexOf(parameter);
        if (j < 0) {
            throw new IllegalArgumentException("no sensitivity with respect to '" + parameter + "'; computed for "
                    + wrt);
        }
        return sensitivities[m][stateNames.indexOf(checkState(state))][j];
    }

    private String checkState(String name) {
        if (!stateNames.contains(name)) {
            throw new IllegalArgumentException("unknown state '" + name + "'; states are " + stateNames);
        }
        return name;
    }
}
