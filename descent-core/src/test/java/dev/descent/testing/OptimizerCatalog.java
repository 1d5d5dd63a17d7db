package dev.descent.testing;

import dev.descent.optim.AdaDelta;
import dev.descent.optim.AdaGrad;
import dev.descent.optim.Adam;
import dev.descent.optim.AdamW;
import dev.descent.optim.Adamax;
import dev.descent.optim.Asgd;
import dev.descent.optim.Lion;
import dev.descent.optim.Adafactor;
import dev.descent.optim.Lamb;
import dev.descent.optim.Muon;
import dev.descent.optim.Lars;
import dev.descent.optim.AdaBelief;
import dev.descent.optim.Adan;
import dev.descent.optim.NoisySgd;
import dev.descent.optim.NovoGrad;
import dev.descent.optim.SignSgd;
import dev.descent.optim.Yogi;
import dev.descent.optim.Polyak;
import dev.descent.optim.Prodigy;
import dev.descent.optim.DAdaptAdam;
import dev.descent.optim.DAdaptSgd;
import dev.descent.optim.DoG;
import dev.descent.optim.LDoG;
import dev.descent.optim.ScheduleFreeAdamW;
import dev.descent.optim.ScheduleFreeSgd;
import dev.descent.optim.EpsilonPlacement;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.Momentum;
import dev.descent.optim.MomentumForm;
import dev.descent.optim.NAdam;
import dev.descent.optim.Nesterov;
import dev.descent.optim.NesterovForm;
import dev.descent.optim.Optimizer;
import dev.descent.optim.RAdam;
import dev.descent.optim.RmsProp;
import dev.descent.optim.RmsPropNesterov;
import dev.descent.optim.Rprop;
import dev.descent.optim.Sgd;
import dev.descent.optim.SpsMax;
import dev.descent.optim.TorchLbfgs;
import dev.descent.optim.schedule.Schedule;
import java.util.List;
import java.util.function.Supplier;

/**
 * Every optimizer under test, with sample configurations (book form, torch form, variants) and
 * invalid configurations with the message they must give. Like torch's {@code optim_db}: suites
 * iterate over it, and a guard checks that it covers the whole registry.
 */
public final class OptimizerCatalog {

    /** J* of the contract suite's quadratic (OptimizerContractTest.QUAD), for the Polyak steps. */
    private static final double QUAD_MINIMUM =
            dev.descent.problem.Quadratic.illConditioned(new double[] {1, 3, 10, 30, 100}, 7).minimum();

    private OptimizerCatalog() {
    }

    /**
     * A configuration to test.
     *
     * @param registryName the registry entry it belongs to
     * @param label        a readable test name
     * @param optimizer    the configuration
     * @param stableLr     true when it converges on {@link #quadratic} within the suite's budget
     */
    public record Sample(String registryName, String label, Optimizer<?> optimizer) {
        @Override
        public String toString() {
            return label;
        }
    }

    /**
     * A configuration that must be refused.
     *
     * @param registryName the registry entry it belongs to
     * @param construct    builds it (and must throw)
     * @param message      the expected message fragment
     */
    public record Invalid(String registryName, Supplier<Optimizer<?>> construct, String message) {
        @Override
        public String toString() {
            return registryName + ": " + message;
        }
    }

    /**
     * The layout the suites give {@code opt} in place of {@code standard}: the same, except that for
     * {@link Muon}, which updates matrices only, every block of fewer than two dimensions becomes a
     * column (size × 1) of the same name.
     */
    public static dev.descent.linalg.ParamLayout layoutFor(dev.descent.optim.Optimizer<?> opt,
            dev.descent.linalg.ParamLayout standard) {
        if (!(opt instanceof Muon)) {
            return standard;
        }
        dev.descent.linalg.ParamLayout.Builder b = dev.descent.linalg.ParamLayout.builder();
        for (dev.descent.linalg.Block blk : standard.blocks()) {
            b.add(blk.name(), blk.shape().length >= 2 ? blk.shape() : new int[] {blk.size(), 1});
        }
        return b.build();
    }

    /** {@link #layoutFor} of a flat layout of {@code n} parameters. */
    public static dev.descent.linalg.ParamLayout layoutFor(dev.descent.optim.Optimizer<?> opt, int n) {
        return layoutFor(opt, dev.descent.linalg.ParamLayout.flat(n));
    }

    public static List<Sample> samples() {
        return List.of(
                new Sample("sgd", "sgd(book)", Sgd.of(0.01)),
                new Sample("sgd", "sgd(weightDecay=0.1)", Sgd.of(0.01).withWeightDecay(0.1)),
                new Sample("momentum", "momentum(book, velocity)", Momentum.of(0.005, 0.9)),
                new Sample("momentum", "momentum(torch, dampening=0.3)", Momentum.torch(0.005, 0.9, 0.3, 0.01)),
                new Sample("nesterov", "nesterov(book, lookahead)", Nesterov.of(0.005, 0.9)),
                new Sample("nesterov", "nesterov(torch, reformulated)", Nesterov.torch(0.005, 0.9, 0.01)),
                new Sample("adagrad", "adagrad(book)", AdaGrad.of(0.3)),
                new Sample("adagrad", "adagrad(torch, lrDecay, r0)", AdaGrad.torch(0.3, 0.01, 0.01, 0.1, 1e-10)),
                new Sample("adagrad", "adagrad(eps inside)", AdaGrad.of(0.3).withEpsPlacement(EpsilonPlacement.INSIDE_SQRT)),
                new Sample("rmsprop", "rmsprop(book)", RmsProp.of(0.001, 0.9)),
                new Sample("rmsprop", "rmsprop(torch, centered, momentum)", RmsProp.torch(0.001, 0.99, 1e-8, 0.01, 0.9, true)),
                new Sample("rmsprop_nesterov", "rmsprop_nesterov(delta)", RmsPropNesterov.of(0.001, 0.9, 0.9)),
                new Sample("rmsprop_nesterov", "rmsprop_nesterov(literal)", RmsPropNesterov.literal(0.001, 0.9, 0.5)),
                new Sample("adam", "adam(book)", Adam.of(0.01)),
                new Sample("adam", "adam(torch, amsgrad, weightDecay)", Adam.torch(0.01, 0.9, 0.999, 1e-8, 0.01, true)),
                new Sample("adamw", "adamw(weightDecay=0.01)", AdamW.of(0.01)),
                new Sample("adamw", "adamw(amsgrad, weightDecay=0.1)", AdamW.of(0.01).withWeightDecay(0.1).withAmsgrad(true)),
                new Sample("adamax", "adamax", Adamax.of(0.01)),
                new Sample("adamax", "adamax(weightDecay, eps=0)", Adamax.of(0.01).withWeightDecay(0.01).withEps(0)),
                new Sample("nadam", "nadam", NAdam.of(0.01)),
                new Sample("nadam", "nadam(weightDecay, momentumDecay=0)", NAdam.of(0.01).withWeightDecay(0.01).withMomentumDecay(0)),
                new Sample("radam", "radam", RAdam.of(0.01)),
                new Sample("radam", "radam(beta2=0.9, weightDecay)", RAdam.of(0.01).withBeta2(0.9).withWeightDecay(0.01)),
                new Sample("adadelta", "adadelta(torch defaults)", AdaDelta.defaults()),
                new Sample("adadelta", "adadelta(rho=0.95, weightDecay)", AdaDelta.of(0.5).withRho(0.95).withWeightDecay(0.01)),
                new Sample("rprop", "rprop(torch defaults)", Rprop.defaults()),
                new Sample("rprop", "rprop(etas 0.3/1.5, steps 1e-9..1)", new Rprop(0.05, 0.3, 1.5, 1e-9, 1)),
                new Sample("asgd", "asgd(t0=1e6)", Asgd.of(0.01)),
                new Sample("asgd", "asgd(t0=3, lambda=0.01, weightDecay)", Asgd.of(0.01).withT0(3).withLambda(0.01).withWeightDecay(0.01)),
                new Sample("lion", "lion", Lion.of(0.01)),
                new Sample("lion", "lion(weightDecay=0.1, beta1=0)", Lion.of(0.01).withWeightDecay(0.1).withBeta1(0)),
                new Sample("lamb", "lamb", Lamb.of(0.01)),
                new Sample("lamb", "lamb(weightDecay=0.01, epsRoot=1e-12, betas=(0.8, 0.99))",
                        Lamb.of(0.01).withWeightDecay(0.01).withEps(1e-6, 1e-12).withBetas(0.8, 0.99)),
                new Sample("lars", "lars(lr=10)", Lars.of(10)),
                new Sample("lars", "lars(lr=5, nesterov, weightDecay=1e-3, trustCoefficient=0.01, eps=1e-8)",
                        Lars.of(5).withMomentum(0.8, true).withWeightDecay(1e-3, "all").withTrustRatio(0.01, 1e-8, "all")),
                new Sample("adafactor", "adafactor", Adafactor.of(0.01)),
                new Sample("adafactor", "adafactor(lr=0.05, weightDecay=0.1, d=2, beta2Decay=-0.5, eps=(1e-30, 1e-2))",
                        Adafactor.of(0.05).withWeightDecay(0.1).withClipThreshold(2).withBeta2Decay(-0.5).withEps(1e-30, 1e-2)),
                new Sample("muon", "muon(lr=0.01)", Muon.of(0.01)),
                new Sample("muon", "muon(keller_jordan, nesterov=false, match_rms_adamw, nsSteps=3)",
                        Muon.kellerJordan().withLearningRate(0.01).withMomentum(0.9, false)
                                .withAdjustLr(Muon.AdjustLr.MATCH_RMS_ADAMW).withNewtonSchulz(3.4445, -4.7750, 2.0315, 3)),
                new Sample("adabelief", "adabelief", AdaBelief.of(0.01)),
                new Sample("adabelief", "adabelief(nesterov, epsRoot=0, weightDecay=0.01)",
                        AdaBelief.of(0.01).withNesterov(true).withEpsRoot(0).withWeightDecay(0.01)),
                new Sample("yogi", "yogi", Yogi.of(0.01)),
                new Sample("yogi", "yogi(initialAccumulator=0.1, epsRoot=1e-8)",
                        Yogi.of(0.01).withInitialAccumulator(0.1).withEpsRoot(1e-8)),
                new Sample("adan", "adan", Adan.of(0.01)),
                new Sample("adan", "adan(betas 0.9/0.9/0.999, weightDecay=0.02)",
                        Adan.of(0.01).withBetas(0.9, 0.9, 0.999).withWeightDecay(0.02)),
                new Sample("novograd", "novograd", NovoGrad.of(0.01)),
                new Sample("novograd", "novograd(beta2=0.5, weightDecay=0.01)", NovoGrad.of(0.01).withBeta2(0.5).withWeightDecay(0.01)),
                new Sample("sign_sgd", "sign_sgd", SignSgd.of(0.001)),
                new Sample("sign_sgd", "sign_sgd(lr=0.01)", SignSgd.of(0.01)),
                new Sample("noisy_sgd", "noisy_sgd", NoisySgd.of(0.005)),
                new Sample("noisy_sgd", "noisy_sgd(eta=0.3, gamma=1, seed=7)", NoisySgd.of(0.005).withEta(0.3).withGamma(1).withSeed(7)),
                new Sample("prodigy", "prodigy", Prodigy.defaults()),
                new Sample("prodigy", "prodigy(growthRate=1.02, d0=1e-5)", Prodigy.defaults().withGrowthRate(1.02).withD0(1e-5)),
                new Sample("dadapt_adam", "dadapt_adam", DAdaptAdam.defaults()),
                new Sample("dadapt_adam", "dadapt_adam(growthRate=1.5)", DAdaptAdam.defaults().withGrowthRate(1.5)),
                new Sample("dadapt_sgd", "dadapt_sgd", DAdaptSgd.defaults()),
                new Sample("dadapt_sgd", "dadapt_sgd(momentum=0.9, growthRate=1.05, weightDecay=0.01)",
                        DAdaptSgd.defaults().withMomentum(0.9).withGrowthRate(1.05).withWeightDecay(0.01)),
                new Sample("dog", "dog", DoG.defaults()),
                new Sample("dog", "dog(repsRel=1e-4, weightDecay=1e-3)", DoG.defaults().withRepsRel(1e-4).withWeightDecay(1e-3)),
                new Sample("ldog", "ldog", LDoG.defaults()),
                new Sample("ldog", "ldog(initEta=0.01)", LDoG.defaults().withInitEta(0.01)),
                new Sample("sf_adamw", "sf_adamw", ScheduleFreeAdamW.of(0.05)),
                new Sample("sf_adamw", "sf_adamw(warmupSteps=5, r=1, weightDecay=0.01)",
                        ScheduleFreeAdamW.of(0.05).withWarmupSteps(5).withR(1).withWeightDecay(0.01)),
                new Sample("sf_sgd", "sf_sgd", ScheduleFreeSgd.of(0.005)),
                new Sample("sf_sgd", "sf_sgd(warmupSteps=5, r=1)", ScheduleFreeSgd.of(0.005).withWarmupSteps(5).withR(1)),
                // J* = the contract suite's quadratic's minimum value (it is not 0: J = ½θᵀAθ − bᵀθ)
                new Sample("polyak", "polyak(fStar=J*)", Polyak.defaults().withFStar(QUAD_MINIMUM)),
                new Sample("polyak", "polyak(fStar=J*, maxStep=0.005, eps=1e-6)",
                        Polyak.defaults().withFStar(QUAD_MINIMUM).withMaxStep(0.005).withEps(1e-6)),
                new Sample("sps_max", "sps_max(fStar=J*)", SpsMax.defaults().withFStar(QUAD_MINIMUM)),
                new Sample("sps_max", "sps_max(fStar=J*, c=1, maxStep=0.01)",
                        SpsMax.defaults().withFStar(QUAD_MINIMUM).withC(1).withMaxStep(0.01)),
                // The contract suite drives the plain step (no objective): a fixed step along the L-BFGS
                // direction. m = 3 wraps the ring within the suite's 10 + 15 steps.
                new Sample("lbfgs", "lbfgs(defaults, plain step)", Lbfgs.defaults()),
                new Sample("lbfgs", "lbfgs(torch, lr=0.5, m=3)", Lbfgs.torch(0.5, 3, Lbfgs.LineSearch.NONE)),
                new Sample("torch_lbfgs", "torch_lbfgs(defaults, plain step)", TorchLbfgs.defaults()),
                new Sample("torch_lbfgs", "torch_lbfgs(strong_wolfe, lr=0.5, m=3, plain step)",
                        TorchLbfgs.strongWolfe().withLearningRate(0.5).withHistorySize(3)));
    }

    public static List<Invalid> invalid() {
        Schedule one = Schedule.constant(0.1);
        return List.of(
                new Invalid("sgd", () -> Sgd.of(0), "learningRate = 0.0 must be finite and > 0"),
                new Invalid("sgd", () -> Sgd.of(Double.NaN), "learningRate = NaN must be finite and > 0"),
                new Invalid("sgd", () -> Sgd.of(-1), "learningRate = -1.0 must be finite and > 0"),
                new Invalid("sgd", () -> Sgd.of(0.1).withWeightDecay(-0.5), "weightDecay = -0.5 must be finite and >= 0"),
                new Invalid("momentum", () -> Momentum.of(0.1, 1.0), "momentum = 1.0 is outside [0, 1)"),
                new Invalid("momentum", () -> Momentum.of(0.1, -0.1), "momentum = -0.1 is outside [0, 1)"),
                new Invalid("momentum", () -> new Momentum(one, 0.9, 0.5, MomentumForm.VELOCITY, 0),
                        "dampening = 0.5 needs form = BUFFER"),
                new Invalid("momentum", () -> Momentum.torch(0.1, 0.9, 1.5, 0), "dampening = 1.5 is outside [0, 1]"),
                new Invalid("nesterov", () -> Nesterov.of(0.1, Double.NaN), "momentum = NaN is outside [0, 1)"),
                new Invalid("nesterov", () -> new Nesterov(one, 0.9, null, 0), "form must not be null"),
                new Invalid("adagrad", () -> AdaGrad.of(0.1).withEps(-1e-7), "eps = -1.0E-7 must be finite and >= 0"),
                new Invalid("adagrad", () -> AdaGrad.of(0.1).withLrDecay(-1), "lrDecay = -1.0 must be finite and >= 0"),
                new Invalid("adagrad", () -> AdaGrad.of(0.1).withInitialAccumulator(Double.POSITIVE_INFINITY),
                        "initialAccumulator = Infinity must be finite and >= 0"),
                new Invalid("rmsprop", () -> RmsProp.of(0.1, 1.0), "rho = 1.0 is outside [0, 1)"),
                new Invalid("rmsprop", () -> RmsProp.of(Double.POSITIVE_INFINITY, 0.9),
                        "learningRate = Infinity must be finite and > 0"),
                new Invalid("rmsprop_nesterov", () -> RmsPropNesterov.of(0.1, 0.9, 1.2), "momentum = 1.2 is outside [0, 1)"),
                new Invalid("rmsprop_nesterov", () -> RmsPropNesterov.of(0.1, 0.9, 0.5).withEps(-1),
                        "eps = -1.0 must be finite and >= 0"),
                new Invalid("adam", () -> Adam.defaults().withBeta1(1.0), "beta1 = 1.0 is outside [0, 1)"),
                new Invalid("adam", () -> Adam.defaults().withBeta2(-0.001), "beta2 = -0.001 is outside [0, 1)"),
                new Invalid("adam", () -> Adam.defaults().withEps(Double.NaN), "eps = NaN must be finite and >= 0"),
                new Invalid("adamw", () -> AdamW.defaults().withBeta1(1.0), "beta1 = 1.0 is outside [0, 1)"),
                new Invalid("adamw", () -> AdamW.defaults().withWeightDecay(-0.01), "weightDecay = -0.01 must be finite and >= 0"),
                new Invalid("adamw", () -> AdamW.of(0), "learningRate = 0.0 must be finite and > 0"),
                new Invalid("adamax", () -> Adamax.defaults().withBeta2(1.0), "beta2 = 1.0 is outside [0, 1)"),
                new Invalid("adamax", () -> Adamax.defaults().withEps(-1e-8), "eps = -1.0E-8 must be finite and >= 0"),
                new Invalid("nadam", () -> NAdam.defaults().withMomentumDecay(-0.004), "momentumDecay = -0.004 must be finite and >= 0"),
                new Invalid("nadam", () -> NAdam.defaults().withBeta1(Double.NaN), "beta1 = NaN is outside [0, 1)"),
                new Invalid("radam", () -> RAdam.defaults().withBeta2(1.5), "beta2 = 1.5 is outside [0, 1)"),
                new Invalid("radam", () -> RAdam.of(Double.POSITIVE_INFINITY), "learningRate = Infinity must be finite and > 0"),
                new Invalid("adadelta", () -> AdaDelta.defaults().withRho(1.1), "rho = 1.1 is outside [0, 1]"),
                new Invalid("adadelta", () -> AdaDelta.defaults().withEps(0), "eps = 0.0 must be finite and > 0"),
                new Invalid("rprop", () -> Rprop.defaults().withEtaMinus(1.0), "etaMinus = 1.0 is outside (0, 1)"),
                new Invalid("rprop", () -> Rprop.defaults().withEtaPlus(0.9), "etaPlus = 0.9 must be finite and > 1"),
                new Invalid("rprop", () -> Rprop.defaults().withMinStepSize(100), "minStepSize = 100.0 is greater than maxStepSize = 50.0"),
                new Invalid("rprop", () -> Rprop.of(-0.01), "learningRate = -0.01 must be finite and > 0"),
                new Invalid("asgd", () -> Asgd.defaults().withT0(-1), "t0 = -1 must be >= 0"),
                new Invalid("asgd", () -> Asgd.defaults().withLambda(-1e-4), "lambda = -1.0E-4 must be finite and >= 0"),
                new Invalid("asgd", () -> Asgd.defaults().withAlpha(Double.NaN), "alpha = NaN must be finite and >= 0"),
                new Invalid("lion", () -> Lion.defaults().withBeta2(1.0), "beta2 = 1.0 is outside [0, 1)"),
                new Invalid("lion", () -> Lion.defaults().withWeightDecay(-0.1), "weightDecay = -0.1 must be finite and >= 0"),
                new Invalid("lamb", () -> Lamb.defaults().withBetas(0.9, 1.0), "beta2 = 1.0 is outside [0, 1)"),
                new Invalid("lamb", () -> Lamb.defaults().withEps(1e-6, -1), "epsRoot = -1.0 must be finite and >= 0"),
                new Invalid("lamb", () -> Lamb.defaults().withMask("W1,,b1"), "mask = 'W1,,b1' has an empty block name"),
                new Invalid("lars", () -> Lars.defaults().withMomentum(1.0, false), "momentum = 1.0 is outside [0, 1)"),
                new Invalid("lars", () -> Lars.defaults().withTrustRatio(-0.001, 0, "all"),
                        "trustCoefficient = -0.001 must be finite and >= 0"),
                new Invalid("lars", () -> Lars.defaults().withWeightDecay(0.1, "W1,W1"),
                        "weightDecayMask = 'W1,W1' names block 'W1' twice"),
                new Invalid("adafactor", () -> Adafactor.defaults().withBeta2Decay(0.5), "beta2Decay = 0.5 must be finite and <= 0"),
                new Invalid("adafactor", () -> Adafactor.defaults().withEps(-1, 1e-3), "eps1 = -1.0 must be finite and >= 0"),
                new Invalid("adafactor", () -> Adafactor.defaults().withClipThreshold(0.5), "d = 0.5 must be finite and >= 1"),
                new Invalid("adafactor", () -> Adafactor.defaults().withClipThreshold(Double.NaN), "d = NaN must be finite and >= 1"),
                new Invalid("muon", () -> Muon.defaults().withMomentum(1.0, true), "momentum = 1.0 is outside [0, 1)"),
                new Invalid("muon", () -> Muon.defaults().withEps(0), "eps = 0.0 must be finite and > 0"),
                new Invalid("muon", () -> Muon.defaults().withNewtonSchulz(3.4445, -4.775, 2.0315, 100),
                        "nsSteps = 100 must be in [0, 100)"),
                new Invalid("muon", () -> Muon.defaults().withNewtonSchulz(Double.NaN, -4.775, 2.0315, 5),
                        "ns_coefficients = (NaN, -4.775, 2.0315) must be finite"),
                new Invalid("adabelief", () -> AdaBelief.defaults().withBeta2(1.0), "beta2 = 1.0 is outside [0, 1)"),
                new Invalid("adabelief", () -> AdaBelief.defaults().withEpsRoot(-1e-16), "epsRoot = -1.0E-16 must be finite and >= 0"),
                new Invalid("yogi", () -> Yogi.defaults().withInitialAccumulator(0), "initialAccumulator = 0.0 must be finite and > 0"),
                new Invalid("yogi", () -> Yogi.defaults().withEps(Double.NaN), "eps = NaN must be finite and >= 0"),
                new Invalid("adan", () -> Adan.defaults().withBetas(0.98, 0.92, 1.0), "beta3 = 1.0 is outside [0, 1)"),
                new Invalid("adan", () -> Adan.defaults().withWeightDecay(-1), "weightDecay = -1.0 must be finite and >= 0"),
                new Invalid("novograd", () -> NovoGrad.defaults().withBeta1(-0.1), "beta1 = -0.1 is outside [0, 1)"),
                new Invalid("novograd", () -> NovoGrad.defaults().withEps(Double.POSITIVE_INFINITY),
                        "eps = Infinity must be finite and >= 0"),
                new Invalid("sign_sgd", () -> SignSgd.of(0), "learningRate = 0.0 must be finite and > 0"),
                new Invalid("noisy_sgd", () -> NoisySgd.defaults().withEta(-0.01), "eta = -0.01 must be finite and >= 0"),
                new Invalid("noisy_sgd", () -> NoisySgd.defaults().withGamma(Double.NaN), "gamma = NaN must be finite and >= 0"),
                new Invalid("prodigy", () -> Prodigy.defaults().withD0(0), "d0 = 0.0 must be finite and > 0"),
                new Invalid("prodigy", () -> Prodigy.defaults().withGrowthRate(0),
                        "growthRate = 0.0 must be > 0 (Infinity for no cap)"),
                new Invalid("dadapt_adam", () -> DAdaptAdam.defaults().withGrowthRate(-1),
                        "growthRate = -1.0 must be > 0 (Infinity for no cap)"),
                new Invalid("dadapt_sgd", () -> DAdaptSgd.defaults().withMomentum(1.0), "momentum = 1.0 is outside [0, 1)"),
                new Invalid("dadapt_sgd", () -> DAdaptSgd.defaults().withD0(-1e-6), "d0 = -1.0E-6 must be finite and > 0"),
                new Invalid("dadapt_sgd", () -> DAdaptSgd.defaults().withGrowthRate(Double.NaN),
                        "growthRate = NaN must be > 0 (Infinity for no cap)"),
                new Invalid("dog", () -> DoG.defaults().withRepsRel(0), "repsRel = 0.0 must be finite and > 0"),
                new Invalid("dog", () -> DoG.defaults().withInitEta(-0.5), "initEta = -0.5 must be finite and > 0"),
                new Invalid("dog", () -> DoG.defaults().withWeightDecay(-1), "weightDecay = -1.0 must be finite and >= 0"),
                new Invalid("ldog", () -> LDoG.defaults().withRepsRel(Double.POSITIVE_INFINITY),
                        "repsRel = Infinity must be finite and > 0"),
                new Invalid("ldog", () -> new LDoG(Schedule.constant(1), 1e-6, 0, -1e-8, Double.NaN),
                        "eps = -1.0E-8 must be finite and >= 0"),
                new Invalid("sf_adamw", () -> new ScheduleFreeAdamW(Schedule.constant(0.01), 0, 0.999, 1e-8, 0, 0, 0, 2),
                        "beta1 = 0.0 is outside (0, 1)"),
                new Invalid("sf_adamw", () -> ScheduleFreeAdamW.defaults().withWarmupSteps(-1), "warmupSteps = -1 must be >= 0"),
                new Invalid("sf_sgd", () -> new ScheduleFreeSgd(Schedule.constant(1), 1.0, 0, 0, 0, 2),
                        "momentum = 1.0 is outside (0, 1)"),
                new Invalid("sf_sgd", () -> ScheduleFreeSgd.defaults().withR(-1), "r = -1.0 must be finite and >= 0"),
                new Invalid("polyak", () -> Polyak.defaults().withMaxStep(0), "maxStep = 0.0 must be > 0 (Infinity for no cap)"),
                new Invalid("polyak", () -> Polyak.defaults().withFStar(Double.NaN), "fStar = NaN must be finite"),
                new Invalid("polyak", () -> Polyak.defaults().withEps(-1), "eps = -1.0 must be finite and >= 0"),
                new Invalid("sps_max", () -> SpsMax.defaults().withC(0), "c = 0.0 must be finite and > 0"),
                new Invalid("sps_max", () -> SpsMax.defaults().withMaxStep(-1), "maxStep = -1.0 must be > 0 (Infinity for no cap)"),
                new Invalid("lbfgs", () -> Lbfgs.defaults().withHistorySize(0), "historySize = 0 must be >= 1"),
                new Invalid("lbfgs", () -> Lbfgs.defaults().withLineSearch(null), "lineSearch must not be null"),
                new Invalid("lbfgs", () -> Lbfgs.defaults().withMaxLineSearchEvaluations(0),
                        "maxLineSearchEvaluations = 0 must be >= 1"),
                new Invalid("lbfgs", () -> Lbfgs.defaults().withWolfeConstants(0, 0.9), "c1 = 0.0 is outside (0, 1)"),
                new Invalid("lbfgs", () -> Lbfgs.defaults().withWolfeConstants(0.5, 0.5),
                        "c2 = 0.5 is outside (c1, 1) = (0.5, 1)"),
                new Invalid("lbfgs", () -> Lbfgs.defaults().withWolfeConstants(1e-4, 1.0),
                        "c2 = 1.0 is outside (c1, 1) = (1.0E-4, 1)"),
                new Invalid("lbfgs", () -> Lbfgs.defaults().withApproximateWolfeEps(-1e-10),
                        "approximateWolfeEps = -1.0E-10 must be finite and >= 0"),
                new Invalid("lbfgs", () -> Lbfgs.of(-1), "learningRate = -1.0 must be finite and > 0"),
                new Invalid("torch_lbfgs", () -> TorchLbfgs.defaults().withMaxIter(0), "maxIter = 0 must be >= 1"),
                new Invalid("torch_lbfgs", () -> TorchLbfgs.defaults().withMaxEval(-1),
                        "maxEval = -1 must be >= 1, or 0 for torch's default floor(5 * maxIter / 4)"),
                new Invalid("torch_lbfgs", () -> TorchLbfgs.defaults().withToleranceGrad(-1e-7),
                        "toleranceGrad = -1.0E-7 must be finite and >= 0"),
                new Invalid("torch_lbfgs", () -> TorchLbfgs.defaults().withToleranceChange(Double.NaN),
                        "toleranceChange = NaN must be finite and >= 0"),
                new Invalid("torch_lbfgs", () -> TorchLbfgs.defaults().withHistorySize(0), "historySize = 0 must be >= 1"),
                new Invalid("torch_lbfgs", () -> TorchLbfgs.defaults().withLineSearchFn(null),
                        "lineSearchFn must not be null"),
                new Invalid("torch_lbfgs", () -> TorchLbfgs.defaults().withLearningRate(0),
                        "learningRate = 0.0 must be finite and > 0"));
    }
}
