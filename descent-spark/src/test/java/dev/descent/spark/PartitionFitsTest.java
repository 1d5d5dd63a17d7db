package dev.descent.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.descent.ode.OdeSolver;
import dev.descent.ode.models.Sir;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Independent SIR fits, one per region, as a mapPartitions job: the true rates back, a bad region flagged. */
class PartitionFitsTest {

    /** A region's curve from the model itself (exact data: the least-squares optimum is the truth). */
    static RegionalSir.Region region(int k) {
        double n = 1000 + 500 * k;
        double beta = 0.4 + 0.05 * k;
        double gamma = 0.1 + 0.01 * (k % 4);
        double[] times = new double[30];
        for (int i = 0; i < times.length; i++) {
            times[i] = i + 1;
        }
        var tr = OdeSolver.defaults().solve(new Sir(n), new double[] {beta, gamma, 2}, 0, times);
        double[] infectious = new double[times.length];
        for (int i = 0; i < times.length; i++) {
            infectious[i] = tr.state(i, "I");
        }
        return new RegionalSir.Region("region-" + k, n, 2, times, infectious);
    }

    @Test
    void everyRegionsRatesAreRecoveredAndABadRegionIsFlagged() {
        List<RegionalSir.Region> regions = new ArrayList<>();
        for (int k = 0; k < 9; k++) {
            regions.add(region(k));
        }
        // a region whose counts cannot be fitted: a negative population is refused by the model
        regions.add(new RegionalSir.Region("broken", -5, 2, regions.get(0).times(), regions.get(0).infectious()));
        List<PartitionFits.Outcome<RegionalSir.Estimate>> fits = PartitionFits.run(SparkTesting.context(), regions, 4,
                RegionalSir::fit);
        assertThat(fits).hasSize(10);
        for (int k = 0; k < 9; k++) {
            PartitionFits.Outcome<RegionalSir.Estimate> o = fits.get(k);
            assertThat(o.index()).isEqualTo(k);
            assertThat(o.ok()).as(o.failure()).isTrue();
            RegionalSir.Estimate e = o.value();
            assertThat(e.region()).isEqualTo("region-" + k);
            assertThat(e.converged()).isTrue();
            assertThat(e.beta()).isCloseTo(0.4 + 0.05 * k, within(1e-5));
            assertThat(e.gamma()).isCloseTo(0.1 + 0.01 * (k % 4), within(1e-5));
            // the executor ran the local code: the local fit, bit for bit
            assertThat(e).usingRecursiveComparison().isEqualTo(RegionalSir.fit(regions.get(k)));
        }
        PartitionFits.Outcome<RegionalSir.Estimate> broken = fits.get(9);
        assertThat(broken.ok()).isFalse();
        assertThat(broken.value()).isNull();
        assertThat(broken.failure()).contains("IllegalArgumentException").contains("population").contains("-5");
    }
}
