package dev.descent.blas;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Loads the native BLAS once per class loader, and never throws.
 *
 * <p>netlib's JNI library {@code dlopen}s the library named by the system property
 * {@value #LIBRARY_PROPERTY} (else {@code libblas.so.3}). On Debian {@code libblas.so.3} is whatever
 * the alternatives system points at, which may be the slow reference BLAS of {@code libblas3}; so
 * unless the user set one of netlib's two properties, this asks for OpenBLAS by its own soname,
 * {@value #DEFAULT_LIBRARY}, for the duration of the load only. The loaded library must then pass a
 * 2 × 2 product, which catches a library with the wrong ABI.
 *
 * <p>netlib reports a failed load with java.util.logging warnings from
 * {@code InstanceBuilder}, which would print on every start of a machine without OpenBLAS; they are
 * silenced during the load, and the reason is kept for {@link BlasMatMulKernel#toString()}.
 */
final class NativeBlas {

    static final String LIBRARY_PROPERTY = "dev.ludovic.netlib.blas.nativeLib";
    static final String PATH_PROPERTY = "dev.ludovic.netlib.blas.nativeLibPath";
    static final String DEFAULT_LIBRARY = "libopenblas.so.0";

    private static final BLAS INSTANCE;
    private static final String DESCRIPTION;

    static {
        String path = System.getProperty(PATH_PROPERTY);
        String library = System.getProperty(LIBRARY_PROPERTY);
        boolean pinned = path == null && library == null;
        String target = path != null ? path : library != null ? library : DEFAULT_LIBRARY;
        Logger log = Logger.getLogger("dev.ludovic.netlib.blas.InstanceBuilder");
        Level level = log.getLevel();
        BLAS blas = null;
        String description;
        try {
            log.setLevel(Level.OFF);
            if (pinned) {
                System.setProperty(LIBRARY_PROPERTY, DEFAULT_LIBRARY);
            }
            blas = NativeBLAS.getInstance();
            double[] c = {1, 1, 1, 1};
            blas.dgemm("N", "N", 2, 2, 2, 1.0, new double[] {1, 2, 3, 4}, 2, new double[] {5, 6, 7, 8}, 2, 1.0, c, 2);
            if (c[0] != 24 || c[1] != 35 || c[2] != 32 || c[3] != 47) {
                description = target + " loaded but computed a wrong 2 × 2 product";
                blas = null;
            } else {
                description = "native " + target + " through netlib JNI";
            }
        } catch (RuntimeException | LinkageError t) { // a missing library, class or symbol: "not here"
            blas = null;
            description = target + " could not be loaded (" + t + "); on Debian run bin/setup-native, "
                    + "or: apt-get install libopenblas0-pthread";
        } finally {
            if (pinned) {
                System.clearProperty(LIBRARY_PROPERTY);
            }
            log.setLevel(level);
        }
        INSTANCE = blas;
        DESCRIPTION = description;
    }

    private NativeBlas() {
    }

    /** The loaded native BLAS, or null. */
    static BLAS instance() {
        return INSTANCE;
    }

    /** What was loaded, or why nothing was. */
    static String description() {
        return DESCRIPTION;
    }
}
