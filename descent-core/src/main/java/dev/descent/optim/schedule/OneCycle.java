package dev.descent.optim.schedule;

import dev.descent.util.Checks;

/**
 * The 1cycle policy (Smith &amp; Topin), exactly as torch's {@code OneCycleLR} computes it: up from
 * ε_max/div to ε_max, then down to ε_max/(div·final_div); {@link #momentum()} cycles β₁ (or SGD's
 * momentum) the opposite way.
 *
 * <pre>
 *   ε_init = ε_max / div,   ε_min = ε_init / final_div,   N = totalSteps
 *   phase ends (three_phase = false):  e₁ = pct·N − 1,  e₂ = N − 1
 *   phase ends (three_phase = true):   e₁ = pct·N − 1,  e₂ = 2·pct·N − 2,  e₃ = N − 1
 *   phase values, lr:        ε_init → ε_max → ε_min          (three-phase: ε_init → ε_max → ε_init → ε_min)
 *   phase values, momentum:  m_max → m_base → m_max          (three-phase: m_max → m_base → m_max → m_max)
 *   step k is in the first phase i with k ≤ e_i (or the last one); with e₀ = 0:
 *   p = (k − e_{i−1}) / (e_i − e_{i−1})
 *   COS:     v = b + (a − b)/2·(cos(π·p) + 1)        (from a to b)
 *   LINEAR:  v = (b − a)·p + a
 *   k ≥ N:   v = the final value (ε_min; m_max)
 * </pre>
 *
 * <h2>Conventions</h2>
 * torch {@code OneCycleLR(optimizer, max_lr, total_steps, pct_start=0.3, anneal_strategy='cos',
 * cycle_momentum=True, base_momentum=0.85, max_momentum=0.95, div_factor=25, final_div_factor=1e4,
 * three_phase=False)}, stepped once per update, with the same formula and order of operations (phase
 * ends in floating point, as torch has them). Like torch, the schedule ignores the optimizer's own
 * learning rate: it starts at ε_max/div. With {@code cycle_momentum} torch also overwrites Adam's β₁
 * (or SGD's momentum) at every step; here that is a second schedule, {@link #momentum()}, applied with
 * {@link dev.descent.optim.transform.ScheduledHyperparameters}. Differences from torch: after N steps
 * the value stays at the final one (torch extrapolates the last phase for one more step and then raises
 * {@code ValueError}); and every phase must have a positive length (pct·N − 1 &gt; 0 and so on), where
 * torch divides by zero or silently skips the warm-up phase. Optax's {@code cosine_onecycle_schedule}
 * (and {@code linear_onecycle_schedule}) is the same policy with other phase boundaries (⌊pct·N⌋ and N
 * instead of pct·N − 1 and N − 1, so its values differ) and no momentum cycle.
 *
 * <h2>References</h2>
 * L. N. Smith, N. Topin, "Super-convergence: very fast training of neural networks using large learning
 * rates", arXiv:1708.07120 (2017). L. N. Smith, "A disciplined approach to neural network
 * hyper-parameters: Part 1", arXiv:1803.09820 (2018), for the momentum cycle.
 *
 * @param maxLr          ε_max, finite and &gt; 0
 * @param totalSteps     N ≥ 2, the number of updates in the cycle
 * @param pctStart       the fraction of N spent increasing, in (0, 1), with every phase non-empty
 * @param anneal         the shape of each phase
 * @param divFactor      div, finite and &gt; 0: ε_init = ε_max/div
 * @param finalDivFactor final_div, finite and &gt; 0: ε_min = ε_init/final_div
 * @param threePhase     torch's {@code three_phase}: back down to ε_init symmetrically, then to ε_min
 * @see CosineDecay
 */
public record OneCycle(double maxLr, long totalSteps, double pctStart, Anneal anneal, double divFactor,
        double finalDivFactor, boolean threePhase) implements Schedule {

    /** The shape of each phase (torch's {@code anneal_strategy}). */
    public enum Anneal {
        /** Half a cosine, flat at both ends (torch's default {@code 'cos'}). */
        COS,
        /** A straight line ({@code 'linear'}). */
        LINEAR
    }

    public OneCycle {
        Checks.positiveFinite("maxLr", maxLr);
        Schedules.checkAtLeast("totalSteps", totalSteps, 2);
        if (!(pctStart > 0 && pctStart < 1)) {
            throw new IllegalArgumentException("pctStart = " + pctStart + " is outside (0, 1)");
        }
        Schedules.checkNotNull("anneal", anneal);
        Checks.positiveFinite("divFactor", divFactor);
        Checks.positiveFinite("finalDivFactor", finalDivFactor);
        double[] ends = ends(totalSteps, pctStart, threePhase);
        double previous = 0;
        for (int i = 0; i < ends.length; i++) {
            if (!(ends[i] > previous)) {
                throw new IllegalArgumentException("pctStart = " + pctStart + " with totalSteps = " + totalSteps
                        + " leaves phase " + (i + 1) + " empty (it would end at step " + ends[i] + ", not after "
                        + previous + ")");
            }
            previous = ends[i];
        }
    }

    /** torch's {@code OneCycleLR(optimizer, max_lr, total_steps)} with its defaults. */
    public static OneCycle of(double maxLr, long totalSteps) {
        return new OneCycle(maxLr, totalSteps, 0.3, Anneal.COS, 25, 1e4, false);
    }

    public OneCycle withPctStart(double p) {
        return new OneCycle(maxLr, totalSteps, p, anneal, divFactor, finalDivFactor, threePhase);
    }

    public OneCycle withAnneal(Anneal a) {
        return new OneCycle(maxLr, totalSteps, pctStart, a, divFactor, finalDivFactor, threePhase);
    }

    public OneCycle withDivFactor(double d) {
        return new OneCycle(maxLr, totalSteps, pctStart, anneal, d, finalDivFactor, threePhase);
    }

    public OneCycle withFinalDivFactor(double d) {
        return new OneCycle(maxLr, totalSteps, pctStart, anneal, divFactor, d, threePhase);
    }

    public OneCycle withThreePhase(boolean t) {
        return new OneCycle(maxLr, totalSteps, pctStart, anneal, divFactor, finalDivFactor, t);
    }

    /** ε_init = ε_max / div, the first value (torch's {@code initial_lr}). */
    public double initialLr() {
        return maxLr / divFactor;
    }

    /** ε_min = ε_init / final_div, the last value (torch's {@code min_lr}). */
    public double minLr() {
        return initialLr() / finalDivFactor;
    }

    /** The momentum (or β₁) cycle that goes with this one, with torch's defaults 0.85 and 0.95. */
    public MomentumCycle momentum() {
        return momentum(0.85, 0.95);
    }

    /** The momentum (or β₁) cycle that goes with this one: m_max → m_base → m_max. */
    public MomentumCycle momentum(double baseMomentum, double maxMomentum) {
        return new MomentumCycle(this, baseMomentum, maxMomentum);
    }

    @Override
    public double valueAt(long step) {
        double init = initialLr();
        double min = init / finalDivFactor;
        return threePhase ? value(step, init, maxLr, init, min) : value(step, init, maxLr, min, Double.NaN);
    }

    /**
     * The momentum (or Adam β₁) schedule of a {@link OneCycle}, torch's {@code cycle_momentum=True}:
     * it falls from m_max to m_base while the learning rate rises and climbs back while it falls (in
     * three-phase mode it then stays at m_max). Same phases, anneal shape and conventions as the cycle.
     *
     * @param cycle        the learning-rate cycle whose phases it follows
     * @param baseMomentum m_base, finite (torch's {@code base_momentum}, default 0.85)
     * @param maxMomentum  m_max, finite (torch's {@code max_momentum}, default 0.95)
     */
    public record MomentumCycle(OneCycle cycle, double baseMomentum, double maxMomentum) implements Schedule {

        public MomentumCycle {
            Schedules.checkNotNull("cycle", cycle);
            Schedules.checkFinite("baseMomentum", baseMomentum);
            Schedules.checkFinite("maxMomentum", maxMomentum);
        }

        @Override
        public double valueAt(long step) {
            return cycle.threePhase
                    ? cycle.value(step, maxMomentum, baseMomentum, maxMomentum, maxMomentum)
                    : cycle.value(step, maxMomentum, baseMomentum, maxMomentum, Double.NaN);
        }
    }

    /** The phase ends e_i as torch computes them. */
    private static double[] ends(long n, double pct, boolean threePhase) {
        double e1 = pct * n - 1;
        double last = n - 1;
        return threePhase ? new double[] {e1, 2 * pct * n - 2, last} : new double[] {e1, last};
    }

    /** torch's {@code get_lr} loop for values v0 → v1 → v2 (→ v3 in three-phase mode). */
    private double value(long step, double v0, double v1, double v2, double v3) {
        int phases = threePhase ? 3 : 2;
        double last = phases == 3 ? v3 : v2;
        if (step >= totalSteps) {
            return last;
        }
        double e1 = pctStart * totalSteps - 1;
        double e2 = threePhase ? 2 * pctStart * totalSteps - 2 : totalSteps - 1;
        double start;
        double end;
        double a;
        double b;
        if (step <= e1) {
            start = 0;
            end = e1;
            a = v0;
            b = v1;
        } else if (step <= e2 || !threePhase) {
            start = e1;
            end = e2;
            a = v1;
            b = v2;
        } else {
            start = e2;
            end = totalSteps - 1;
            a = v2;
            b = v3;
        }
        double p = (step - start) / (end - start);
        return switch (anneal) {
            case COS -> b + (a - b) / 2.0 * (Math.cos(Math.PI * p) + 1);
            case LINEAR -> (b - a) * p + a;
        };
    }
}
