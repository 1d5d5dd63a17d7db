package dev.descent.ode.examples;

import dev.descent.ode.fit.Observations;
import dev.descent.ode.fit.OdeFitProblem;
import dev.descent.ode.models.Sir;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The influenza outbreak in an English boys' boarding school, January–February 1978: the classic data
 * set for fitting SIR.
 *
 * <pre>
 *   date        t   in_bed  convalescent
 *   1978-01-22   1     3        0
 *   1978-01-23   2     8        0
 *   …                                        (14 days, peak 298 in bed on 1978-01-27, t = 6)
 *   1978-02-04  14     4       20
 * </pre>
 *
 * <p>N = 763 boys, of whom 512 fell ill. {@code in_bed} is the number confined to bed (compared with
 * I(t)); {@code convalescent} the number out of bed but not yet back in class.
 *
 * <p>Defaults of {@link #problem()}: SIR with N = 763; t = 0 is the day before the first count and the
 * counts are at t = 1, …, 14; S₀ = N − I₀, R₀ = 0; least squares on I(t) against {@code in_bed}; β
 * and γ fitted from the generic start β = 1, γ = 0.1 (per day); I₀ = 1 fixed
 * ({@link #problem(boolean) problem(true)} fits it too).
 *
 * <h2>References</h2>
 * Anonymous, "Influenza in a boarding school", British Medical Journal 1978;1(6112):587
 * (4 March 1978). The numbers, read from that report's figure, are those of dataset
 * {@code influenza_england_1978_school} of the R package <i>outbreaks</i> (MIT licence), which took them
 * from G. de Vries et al., <i>A Course in Mathematical Biology</i>, SIAM 2006, ch. 9. Other sources differ
 * by up to ±5 per day. The SIR model is Kermack and McKendrick's (Proc. R. Soc. Lond. A 115, 1927).
 */
public final class InfluenzaEngland1978 {

    /** The number of boys in the school, N. */
    public static final double POPULATION = 763;

    /** The date of t = 1, the first count. */
    public static final LocalDate FIRST_DAY = LocalDate.of(1978, 1, 22);

    private static final double[] IN_BED = {3, 8, 26, 76, 225, 298, 258, 233, 189, 128, 68, 29, 14, 4};
    private static final double[] CONVALESCENT = {0, 0, 0, 0, 9, 17, 105, 162, 176, 166, 150, 85, 47, 20};

    private InfluenzaEngland1978() {
    }

    /** Boys confined to bed on days t = 1, …, 14 (a fresh array). */
    public static double[] inBed() {
        return IN_BED.clone();
    }

    /** Boys convalescent on days t = 1, …, 14 (a fresh array). */
    public static double[] convalescent() {
        return CONVALESCENT.clone();
    }

    /** t = 1, …, 14. */
    public static double[] times() {
        double[] t = new double[IN_BED.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = i + 1;
        }
        return t;
    }

    /** The dates of the 14 counts. */
    public static List<LocalDate> dates() {
        LocalDate[] d = new LocalDate[IN_BED.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = FIRST_DAY.plusDays(i);
        }
        return List.of(d);
    }

    /** Both columns, {@code in_bed} and {@code convalescent}, at t = 1, …, 14. */
    public static Observations observations() {
        Map<String, double[]> columns = new LinkedHashMap<>();
        columns.put("in_bed", IN_BED);
        columns.put("convalescent", CONVALESCENT);
        return Observations.of(times(), columns);
    }

    /** SIR with N = 763. */
    public static Sir model() {
        return new Sir(POPULATION);
    }

    /** The default fit: least squares of I(t) on {@code in_bed}, β and γ free from (1, 0.1), I₀ = 1 fixed. */
    public static OdeFitProblem problem() {
        return problem(false);
    }

    /**
     * The default fit, with I₀ also free (started at 1) when {@code fitInitial}.
     *
     * @param fitInitial whether to fit I₀
     */
    public static OdeFitProblem problem(boolean fitInitial) {
        Sir sir = model();
        OdeFitProblem.Builder b = OdeFitProblem.builder(sir, observations())
                .observe("in_bed", "I")
                .fit("beta", "gamma")
                .set("beta", 1)
                .set("gamma", 0.1)
                .set("I0", 1);
        if (fitInitial) {
            b.alsoFit("I0");
        }
        return b.build();
    }
}
