package dev.descent.optim;

/**
 * The two forms of Nesterov momentum in use.
 *
 * <ul>
 *   <li>{@link #LOOKAHEAD}: Goodfellow et al. Algorithm 8.3 (and 8.6). The gradient is taken at
 *       the look-ahead point θ̃ = θ + αv, then v ← αv − εg and θ ← θ + v. The optimizer's
 *       {@code evaluationPoint} returns θ̃.</li>
 *   <li>{@link #REFORMULATED}: Sutskever et al. (2013) as torch.optim and Optax compute it. The
 *       gradient is taken at θ; b ← μb + g (b₁ = g), θ ← θ − ε(g + μb). With constant ε, v₀ = 0
 *       and μ = α, its θ_t equals the book's look-ahead point θ_t + αv_t.</li>
 * </ul>
 */
public enum NesterovForm {
    /** Gradient at θ + αv (Goodfellow 8.3). */
    LOOKAHEAD,
    /** Gradient at θ, update with g + μb (Sutskever; torch, Optax). */
    REFORMULATED
}
