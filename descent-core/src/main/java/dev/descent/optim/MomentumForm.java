package dev.descent.optim;

/**
 * Where the learning rate sits in classical momentum.
 *
 * <ul>
 *   <li>{@link #VELOCITY}: Goodfellow et al. Algorithm 8.2. v ← αv − εg; θ ← θ + v. The velocity
 *       carries past learning rates, so a schedule changes only the new term.</li>
 *   <li>{@link #BUFFER}: torch.optim SGD. b₁ = g, b ← μb + (1 − τ)g; θ ← θ − εb. The learning
 *       rate multiplies the whole buffer, so a schedule rescales past gradients too. τ is
 *       dampening. At constant ε the two forms give the same θ (v = −εb).</li>
 * </ul>
 */
public enum MomentumForm {
    /** Learning rate inside the velocity (Goodfellow 8.2). */
    VELOCITY,
    /** Learning rate outside the buffer, with dampening (torch.optim SGD). */
    BUFFER
}
