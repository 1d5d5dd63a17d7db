#!/usr/bin/python3
"""Generates the Optax golden cases of ../src/test/resources/conformance/optax/.

Usage (Debian's python; numpy and torch, no JAX):

    /usr/bin/python3 descent-conformance/generators/optax_refs.py            # write the cases
    /usr/bin/python3 descent-conformance/generators/optax_refs.py --check    # regenerate and compare only

There is no JAX here, so each optimizer is a line-by-line numpy float64 transcription of its Optax
function chain (alias -> transforms -> tree helpers), with the Optax source line quoted beside each
transcribed line. The transcribed Optax files are copied byte-identically into refs/optax/ (with
Optax's Apache-2.0 LICENSE); REFS pins each one by commit, git blob and SHA-256, and the script
refuses to run when a copy differs. It reads them only for that check: they import JAX.

Transcription rules (JAX with jax_enable_x64, float64, on CPU):
- a pytree is a list of leaves (numpy arrays): one leaf for a flat problem, the case's `blocks`
  (W then b) for the softmax cases with blocks;
- jax.tree.map(f, *trees) -> [f(*leaves) ...]; jnp.* -> np.*; `x ** 1` is x and `x ** 2` is x * x
  (JAX lowers integer powers to lax.integer_pow, numpy squares exactly too);
- Python-float hyperparameters combine with the int32 step count exactly as in JAX: `decay**count`
  and `count**gamma` are float64 pows (C pow here, XLA's pow there);
- jnp.linalg.norm(x) = sqrt(sum(x * x)); XLA's reduction order is unspecified, so the sum is taken
  left to right over the row-major leaf (as descent does). A different order moves the norm by a
  few ulp, far below the cases' 1e-12.
- jax.random.normal cannot be reproduced without JAX: noisy_sgd's noise is numpy's PCG64 stream
  (np.random.default_rng(key)), one standard_normal draw per leaf per step, recorded per step in
  steps[].noise (flat, in θ order) with the σ_t that scaled it in steps[].sigma.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

OPTAX_REPO = 'https://github.com/google-deepmind/optax'
OPTAX_COMMIT = '2edbcbe2390da13983b92cbef94ac0460ecde1c5'  # 2026-08-07, "Merge pull request #1742"
REFS = {
    'alias': dict(path='optax/_src/alias.py', blob='4b6ff23d235fac9e71d77ae83ef6de61a75cfe51',
                  local='refs/optax/optax/_src/alias.py',
                  sha256='0fdf59a71e854e6ecaa5cee605f1307d171498b6be521a15b3678d5868970c91'),
    'transform': dict(path='optax/_src/transform.py', blob='ec2e8a2b5e6113b99f230124a233709be1a30d17',
                      local='refs/optax/optax/_src/transform.py',
                      sha256='77cf395acce03d4a1192f598bd757b1ad2ad4ee16253d18233b728c90244316e'),
    'adding': dict(path='optax/transforms/_adding.py', blob='343c6b0f50ddb43e6ad518c025ec23a8c00a319f',
                   local='refs/optax/optax/transforms/_adding.py',
                   sha256='157028fe1b95b10ec9cf1572bf34a3cb5b2acdb98d527476eb75213ea5fe293c'),
    'combining': dict(path='optax/transforms/_combining.py', blob='1c462c58dface0e13c37759f0c8116fda33991e5',
                      local='refs/optax/optax/transforms/_combining.py',
                      sha256='58229eb7e72baa05640fe11fc2d17cee0680ebe755b3763aa6922fe0a7e07791'),
    'tree_math': dict(path='optax/tree_utils/_tree_math.py', blob='fa3265354003633792230447e8374e0cba370513',
                      local='refs/optax/optax/tree_utils/_tree_math.py',
                      sha256='a2579d141007d2dc4cdf0ccaff7f00d6f70dd20670629dcd95cf8eb9f3cf6a40'),
    'numerics': dict(path='optax/_src/numerics.py', blob='fca01df12210417adb9e3de465ef9e34d1b905bd',
                     local='refs/optax/optax/_src/numerics.py',
                     sha256='98d67877559b7f85ca16ac23c55afe6796f3a3fb225cc9845895c2bb38fa6741'),
    'update': dict(path='optax/_src/update.py', blob='60ba330cca9dd68a00523b2553172dc0d0a13121',
                   local='refs/optax/optax/_src/update.py',
                   sha256='073108b875ad44e246d47299aef9e110da38a0b793e13e5c7d6686c854c67dd3'),
    'license': dict(path='LICENSE', blob='d645695673349e3947e8e5ae42332d0ac3164cd7',
                    local='refs/optax/LICENSE',
                    sha256='cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30'),
}
GENERATOR = 'descent-conformance/generators/optax_refs.py'
OPTAX_DIR = os.path.join(common.CONFORMANCE, 'optax')
STEPS = 40
NUMPY_VERSION = 'numpy ' + np.__version__ + ' float64'

SOFTMAX_BLOCKS = [
    {'name': 'W', 'shape': [4, 3], 'offset': 0, 'size': 12, 'optimized': True},
    {'name': 'b', 'shape': [3], 'offset': 12, 'size': 3, 'optimized': True},
]


def verify_refs():
    for ref in REFS.values():
        common.verify_checked(os.path.join(common.HERE, ref['local']), ref['sha256'])


# ---- the pytree: a list of leaves --------------------------------------------------------------

def tree_map(f, *trees):
    # jax.tree.map(f, tree, *rest)
    return [f(*leaves) for leaves in zip(*trees)]


def split(flat, blocks):
    """θ (flat) -> the list of leaves: one leaf, or one per block (row-major, numpy views copied)."""
    if blocks is None:
        return [flat.copy()]
    return [flat[b['offset']:b['offset'] + b['size']].reshape(b['shape']).copy() for b in blocks]


def join(leaves):
    return np.concatenate([x.ravel() for x in leaves])


# ---- optax/_src/numerics.py --------------------------------------------------------------------

def abs_sq(x):
    # return (x.conj() * x).real
    return (x.conj() * x).real


def safe_increment(count):
    # max_value = jnp.iinfo(count.dtype).max ... jnp.where(count < max_value, count + one, max_value)
    return count + 1 if count < 2 ** 31 - 1 else count


# ---- optax/tree_utils/_tree_math.py ------------------------------------------------------------

def tree_zeros_like(tree):
    # return jax.tree.map(lambda x: jnp.zeros_like(x, dtype=dtype), tree)
    return tree_map(np.zeros_like, tree)


def tree_full_like(tree, fill_value):
    # return jax.tree.map(lambda x: jnp.full_like(x, fill_value, dtype=dtype), tree)
    return tree_map(lambda x: np.full_like(x, fill_value), tree)


def tree_sub(tree_x, tree_y):
    # return jax.tree.map(operator.sub, tree_x, tree_y)
    return tree_map(lambda x, y: x - y, tree_x, tree_y)


def tree_div(tree_x, tree_y):
    # return jax.tree.map(operator.truediv, tree_x, tree_y)
    return tree_map(lambda x, y: x / y, tree_x, tree_y)


def tree_add_scale(tree_x, scalar, tree_y):
    # lambda x, y: (None if x is None else (x + scalar * y))
    return tree_map(lambda x, y: x + scalar * y, tree_x, tree_y)


def tree_where(condition, tree_x, tree_y):
    # return jax.tree.map(lambda x, y: jnp.where(condition, x, y), tree_x, tree_y)
    return tree_map(lambda x, y: np.where(condition, x, y), tree_x, tree_y)


def tree_update_moment(updates, moments, decay, order):
    # (1 - decay) * (g**order) + decay * t if g is not None else None
    return tree_map(lambda g, t: (1 - decay) * (g ** order) + decay * t, updates, moments)


def tree_update_moment_per_elem_norm(updates, moments, decay, order):
    # if jnp.isrealobj(g): return g ** order
    # (1 - decay) * orderth_norm(g) + decay * t if g is not None else None
    return tree_map(lambda g, t: (1 - decay) * (g ** order) + decay * t, updates, moments)


def tree_bias_correction(moment, decay, count):
    # bias_correction_ = 1 - decay**count
    bias_correction_ = 1 - decay ** count
    # return jax.tree.map(lambda t: t / bias_correction_.astype(t.dtype), moment)
    return tree_map(lambda t: t / bias_correction_, moment)


def linalg_norm(x):
    # jnp.linalg.norm(x), ord=None: sqrt(sum(real(x * conj(x)))), summed left to right (see the docstring)
    s = 0.0
    for v in (x * x).ravel():
        s += float(v)
    return np.float64(np.sqrt(s))


# ---- optax/transforms/_combining.py and optax/_src/update.py ------------------------------------

def chain(*transforms):
    # init_fns, update_fns = zip(*transforms)
    init_fns, update_fns = zip(*transforms)

    def init_fn(params):
        # return tuple(fn(params) for fn in init_fns)
        return tuple(fn(params) for fn in init_fns)

    def update_fn(updates, state, params=None):
        new_state = []
        # for s, fn in zip(state, update_fns):
        for s, fn in zip(state, update_fns):
            # updates, new_s = fn(updates, s, params, **extra_args)
            updates, new_s = fn(updates, s, params)
            # new_state.append(new_s)
            new_state.append(new_s)
        # return updates, tuple(new_state)
        return updates, tuple(new_state)

    return init_fn, update_fn


def apply_updates(params, updates):
    # None if p is None else jnp.asarray(p + u).astype(jnp.asarray(p).dtype)
    return tree_map(lambda p, u: np.asarray(p + u).astype(p.dtype), params, updates)


# ---- optax/_src/transform.py: scale, scale_by_learning_rate, scale_by_sign ----------------------

def scale(step_size):
    def update_fn(updates, state, params=None):
        # updates = jax.tree.map(lambda g: step_size * g, updates)
        updates = tree_map(lambda g: step_size * g, updates)
        return updates, state
    # base.GradientTransformation(base.init_empty_state, update_fn)
    return (lambda params: (), update_fn)


def scale_by_learning_rate(learning_rate, flip_sign=True):
    # m = -1 if flip_sign else 1
    m = -1 if flip_sign else 1
    # return scale(m * learning_rate)      (a constant learning rate: no schedule here)
    return scale(m * learning_rate)


def scale_by_sign():
    def update_fn(updates, state, params=None):
        # updates = jax.tree.map(jnp.sign, updates)
        updates = tree_map(np.sign, updates)
        return updates, state
    return (lambda params: (), update_fn)


# ---- optax/transforms/_adding.py: add_decayed_weights, add_noise --------------------------------

def add_decayed_weights(weight_decay=0.0):
    def update_fn(updates, state, params):
        # if isinstance(weight_decay, (int, float)) and weight_decay == 0.0: return updates, new_state
        if weight_decay == 0.0:
            return updates, state
        # s = weight_decay(state.count) if callable(weight_decay) else weight_decay
        s = weight_decay
        # lambda g, p: None if g is None else g + s * p
        updates = tree_map(lambda g, p: g + s * p, updates, params)
        return updates, state
    return (lambda params: (), update_fn)


def add_noise(eta, gamma, key, recorder):
    """noise: jax.random.normal replaced by numpy's PCG64 (see the docstring); recorder gets (sigma, noise)."""

    def init_fn(params):
        # AddNoiseState(count=jnp.zeros([], jnp.int32), rng_key=utils.canonicalize_key(key))
        return {'count': 0, 'rng_key': np.random.default_rng(key)}

    def update_fn(updates, state, params=None):
        # count_inc = numerics.safe_increment(state.count)
        count_inc = safe_increment(state['count'])
        # standard_deviation = jnp.sqrt(eta / count_inc**gamma)
        standard_deviation = np.sqrt(eta / count_inc ** gamma)
        # rng_key, sample_key = jax.random.split(state.rng_key)
        rng = state['rng_key']
        # noise = optax.tree.random_like(sample_key, target_tree=updates, sampler=jax.random.normal)
        noise = tree_map(lambda u: rng.standard_normal(u.shape), updates)
        recorder(standard_deviation, noise)
        # updates = optax.tree.add_scale(tree_x=updates, scalar=standard_deviation, tree_y=noise)
        updates = tree_add_scale(updates, standard_deviation, noise)
        # return updates, AddNoiseState(count=count_inc, rng_key=rng_key)
        return updates, {'count': count_inc, 'rng_key': rng}

    return init_fn, update_fn


# ---- optax/_src/transform.py: scale_by_belief, scale_by_yogi, scale_by_adan, scale_by_novograd --

def scale_by_belief(b1=0.9, b2=0.999, eps=1e-16, eps_root=1e-16, nesterov=False):
    def init_fn(params):
        # mu = optax.tree.zeros_like(params)  # First moment
        mu = tree_zeros_like(params)
        # s = optax.tree.zeros_like(params)  # Second Central moment
        s = tree_zeros_like(params)
        # return ScaleByBeliefState(count=jnp.zeros([], jnp.int32), mu=mu, nu=s)
        return {'count': 0, 'mu': mu, 'nu': s}

    def update_fn(updates, state, params=None):
        # mu = optax.tree.update_moment(updates, state.mu, b1, 1)
        mu = tree_update_moment(updates, state['mu'], b1, 1)
        # prediction_error = optax.tree.sub(updates, mu)
        prediction_error = tree_sub(updates, mu)
        # nu = optax.tree.update_moment_per_elem_norm(prediction_error, state.nu, b2, 2)
        nu = tree_update_moment_per_elem_norm(prediction_error, state['nu'], b2, 2)
        # nu = jax.tree.map(lambda v: v + eps_root, nu)
        nu = tree_map(lambda v: v + eps_root, nu)
        # count_inc = numerics.safe_increment(state.count)
        count_inc = safe_increment(state['count'])
        if nesterov:
            # mu_hat = jax.tree.map(lambda m, g: b1 * m + (1 - b1) * g,
            #     optax.tree.bias_correction(mu, b1, numerics.safe_increment(count_inc)),
            #     optax.tree.bias_correction(updates, b1, count_inc))
            mu_hat = tree_map(lambda m, g: b1 * m + (1 - b1) * g,
                              tree_bias_correction(mu, b1, safe_increment(count_inc)),
                              tree_bias_correction(updates, b1, count_inc))
        else:
            # mu_hat = optax.tree.bias_correction(mu, b1, count_inc)
            mu_hat = tree_bias_correction(mu, b1, count_inc)
        # nu_hat = optax.tree.bias_correction(nu, b2, count_inc)
        nu_hat = tree_bias_correction(nu, b2, count_inc)
        # updates = jax.tree.map(lambda m, v: None if m is None else m / (jnp.sqrt(v) + eps), mu_hat, nu_hat)
        updates = tree_map(lambda m, v: m / (np.sqrt(v) + eps), mu_hat, nu_hat)
        # return updates, ScaleByBeliefState(count=count_inc, mu=mu, nu=nu)
        return updates, {'count': count_inc, 'mu': mu, 'nu': nu}

    return init_fn, update_fn


def scale_by_yogi(b1=0.9, b2=0.999, eps=1e-3, eps_root=0.0, initial_accumulator_value=1e-6):
    def init_fn(params):
        # mu = optax.tree.full_like(params, initial_accumulator_value)
        mu = tree_full_like(params, initial_accumulator_value)
        # nu = optax.tree.full_like(params, initial_accumulator_value)
        nu = tree_full_like(params, initial_accumulator_value)
        # return ScaleByAdamState(count=jnp.zeros([], jnp.int32), mu=mu, nu=nu)
        return {'count': 0, 'mu': mu, 'nu': nu}

    def update_fn(updates, state, params=None):
        # mu = optax.tree.update_moment(updates, state.mu, b1, 1)
        mu = tree_update_moment(updates, state['mu'], b1, 1)
        # nu = jax.tree.map(lambda g, v: v - (1 - b2) * jnp.sign(v - abs_sq(g)) * abs_sq(g), updates, state.nu)
        nu = tree_map(lambda g, v: v - (1 - b2) * np.sign(v - abs_sq(g)) * abs_sq(g), updates, state['nu'])
        # count_inc = numerics.safe_increment(state.count)
        count_inc = safe_increment(state['count'])
        # mu_hat = optax.tree.bias_correction(mu, b1, count_inc)
        mu_hat = tree_bias_correction(mu, b1, count_inc)
        # nu_hat = optax.tree.bias_correction(nu, b2, count_inc)
        nu_hat = tree_bias_correction(nu, b2, count_inc)
        # lambda m, v: None if m is None else m / (jnp.sqrt(v + eps_root) + eps)
        updates = tree_map(lambda m, v: m / (np.sqrt(v + eps_root) + eps), mu_hat, nu_hat)
        # return updates, ScaleByAdamState(count=count_inc, mu=mu, nu=nu)
        return updates, {'count': count_inc, 'mu': mu, 'nu': nu}

    return init_fn, update_fn


def scale_by_adan(b1=0.98, b2=0.92, b3=0.99, eps=1e-8, eps_root=0.0):
    def init_fn(params):
        # ScaleByAdanState(m=zeros_like, v=zeros_like, n=zeros_like, g=zeros_like, t=jnp.zeros([], jnp.int32))
        return {'m': tree_zeros_like(params), 'v': tree_zeros_like(params), 'n': tree_zeros_like(params),
                'g': tree_zeros_like(params), 't': 0}

    def update_fn(updates, state, params=None):
        # g = updates
        g = updates
        # diff = optax.tree.where(state.t == 0, optax.tree.zeros_like(g), optax.tree.sub(g, state.g))
        diff = tree_where(state['t'] == 0, tree_zeros_like(g), tree_sub(g, state['g']))
        # m = optax.tree.update_moment(g, state.m, b1, 1)
        m = tree_update_moment(g, state['m'], b1, 1)
        # v = optax.tree.update_moment(diff, state.v, b2, 1)
        v = tree_update_moment(diff, state['v'], b2, 1)
        # sq = optax.tree.add_scale(g, 1 - b2, diff)
        sq = tree_add_scale(g, 1 - b2, diff)
        # n = optax.tree.update_moment_per_elem_norm(sq, state.n, b3, 2)
        n = tree_update_moment_per_elem_norm(sq, state['n'], b3, 2)
        # t = numerics.safe_increment(state.t)
        t = safe_increment(state['t'])
        # m_hat = optax.tree.bias_correction(m, b1, t)
        m_hat = tree_bias_correction(m, b1, t)
        # v_hat = optax.tree.bias_correction(v, b2, t)
        v_hat = tree_bias_correction(v, b2, t)
        # n_hat = optax.tree.bias_correction(n, b3, t)
        n_hat = tree_bias_correction(n, b3, t)
        # u = optax.tree.add_scale(m_hat, 1 - b2, v_hat)
        u = tree_add_scale(m_hat, 1 - b2, v_hat)
        # denom = jax.tree.map(lambda n_hat: jnp.sqrt(n_hat + eps_root) + eps, n_hat)
        denom = tree_map(lambda n_hat: np.sqrt(n_hat + eps_root) + eps, n_hat)
        # u = optax.tree.div(u, denom)
        u = tree_div(u, denom)
        # new_state = ScaleByAdanState(m=m, v=v, n=n, g=g, t=t)
        return u, {'m': m, 'v': v, 'n': n, 'g': g, 't': t}

    return init_fn, update_fn


def scale_by_novograd(b1=0.9, b2=0.25, eps=1e-8, eps_root=0.0, weight_decay=0.0):
    def init_fn(params):
        # mu = optax.tree.zeros_like(params, dtype=mu_dtype)
        mu = tree_zeros_like(params)
        # nu = jax.tree.map(lambda p: jnp.asarray(0.0, dtype=p.dtype), params)
        nu = tree_map(lambda p: np.float64(0.0), params)
        # return ScaleByNovogradState(count=jnp.zeros([], jnp.int32), mu=mu, nu=nu)
        return {'count': 0, 'mu': mu, 'nu': nu}

    def nu_addition(grads):
        # return jnp.linalg.norm(grads) ** 2          (integer power 2: x * x)
        norm = linalg_norm(grads)
        return norm * norm

    def mu_addition(grads, params, nu):
        # return grads / (jnp.sqrt(nu + eps_root) + eps) + weight_decay * params
        return grads / (np.sqrt(nu + eps_root) + eps) + weight_decay * params

    def init_nu(grads, nu):
        # return jax.tree.map(lambda g, n: nu_addition(g).astype(n.dtype), grads, nu)
        return tree_map(lambda g, n: nu_addition(g), grads, nu)

    def update_nu(grads, nu):
        # updates = jax.tree.map(nu_addition, grads)
        updates = tree_map(nu_addition, grads)
        # return optax.tree.update_moment(updates, nu, b2, 1)
        return tree_update_moment(updates, nu, b2, 1)

    def init_mu(grads, params, mu, nu):
        # return jax.tree.map(mu_addition, grads, params, nu)
        return tree_map(mu_addition, grads, params, nu)

    def update_mu(grads, params, mu, nu):
        # updates = jax.tree.map(mu_addition, grads, params, nu)
        updates = tree_map(mu_addition, grads, params, nu)
        # lambda m, u: None if m is None else b1 * m + u
        return tree_map(lambda m, u: b1 * m + u, mu, updates)

    def update_fn(updates, state, params):
        # count_inc = numerics.safe_increment(state.count)
        count_inc = safe_increment(state['count'])
        # nu = jax.lax.cond(count_inc == 1, init_nu, update_nu, updates, state.nu)
        nu = init_nu(updates, state['nu']) if count_inc == 1 else update_nu(updates, state['nu'])
        # mu = jax.lax.cond(count_inc == 1, init_mu, update_mu, updates, params, state.mu, nu)
        mu = (init_mu(updates, params, state['mu'], nu) if count_inc == 1
              else update_mu(updates, params, state['mu'], nu))
        # updates = mu
        updates = mu
        # return updates, ScaleByNovogradState(count=count_inc, mu=mu, nu=nu)
        return updates, {'count': count_inc, 'mu': mu, 'nu': nu}

    return init_fn, update_fn


# ---- optax/_src/alias.py -----------------------------------------------------------------------

def adabelief(learning_rate, b1=0.9, b2=0.999, eps=1e-16, eps_root=1e-16, weight_decay=None, nesterov=False):
    # chain_args = [transform.scale_by_belief(b1=b1, b2=b2, eps=eps, eps_root=eps_root, nesterov=nesterov)]
    chain_args = [scale_by_belief(b1=b1, b2=b2, eps=eps, eps_root=eps_root, nesterov=nesterov)]
    # if weight_decay is not None: chain_args.append(transform.add_decayed_weights(weight_decay, mask=...))
    if weight_decay is not None:
        chain_args.append(add_decayed_weights(weight_decay))
    # chain_args.append(transform.scale_by_learning_rate(learning_rate))
    chain_args.append(scale_by_learning_rate(learning_rate))
    # return combine.chain(*chain_args)
    return chain(*chain_args)


def yogi(learning_rate, b1=0.9, b2=0.999, eps=1e-3, **scale_by_yogi_only):
    """scale_by_yogi_only: eps_root / initial_accumulator_value, which the alias does not expose
    (a case that sets them is the alias's chain with those two arguments given to scale_by_yogi)."""
    # return combine.chain(transform.scale_by_yogi(b1=b1, b2=b2, eps=eps), transform.scale_by_learning_rate(...))
    return chain(scale_by_yogi(b1=b1, b2=b2, eps=eps, **scale_by_yogi_only), scale_by_learning_rate(learning_rate))


def adan(learning_rate, b1=0.98, b2=0.92, b3=0.99, eps=1e-8, eps_root=1e-8, weight_decay=0.0):
    # return combine.chain(
    #     transform.scale_by_adan(b1=b1, b2=b2, b3=b3, eps=eps, eps_root=eps_root),
    #     transform.add_decayed_weights(weight_decay, mask),
    #     transform.scale_by_learning_rate(learning_rate))
    return chain(scale_by_adan(b1=b1, b2=b2, b3=b3, eps=eps, eps_root=eps_root),
                 add_decayed_weights(weight_decay), scale_by_learning_rate(learning_rate))


def novograd(learning_rate, b1=0.9, b2=0.25, eps=1e-6, eps_root=0.0, weight_decay=0.0):
    # return combine.chain(
    #     transform.scale_by_novograd(b1=b1, b2=b2, eps=eps, eps_root=eps_root, weight_decay=weight_decay),
    #     transform.scale_by_learning_rate(learning_rate))
    return chain(scale_by_novograd(b1=b1, b2=b2, eps=eps, eps_root=eps_root, weight_decay=weight_decay),
                 scale_by_learning_rate(learning_rate))


def sign_sgd(learning_rate):
    # return combine.chain(transform.scale_by_sign(), transform.scale_by_learning_rate(learning_rate))
    return chain(scale_by_sign(), scale_by_learning_rate(learning_rate))


def noisy_sgd(learning_rate, eta=0.01, gamma=0.55, key=None, recorder=None):
    # if key is None: warnings.warn(...); key = 0
    if key is None:
        key = 0
    # return combine.chain(transform.add_noise(eta, gamma, key, seed=seed), transform.scale_by_learning_rate(...))
    return chain(add_noise(eta, gamma, key, recorder), scale_by_learning_rate(learning_rate))


# ---- the cases ---------------------------------------------------------------------------------

ALIASES = {'adabelief': adabelief, 'yogi': yogi, 'adan': adan, 'novograd': novograd, 'sign_sgd': sign_sgd,
           'noisy_sgd': noisy_sgd}
# each alias's full argument list and Optax's defaults (learning_rate has none)
DEFAULTS = {
    'adabelief': dict(b1=0.9, b2=0.999, eps=1e-16, eps_root=1e-16, weight_decay=None, nesterov=False),
    'yogi': dict(b1=0.9, b2=0.999, eps=1e-3, eps_root=0.0, initial_accumulator_value=1e-6),
    'adan': dict(b1=0.98, b2=0.92, b3=0.99, eps=1e-8, eps_root=1e-8, weight_decay=0.0),
    'novograd': dict(b1=0.9, b2=0.25, eps=1e-6, eps_root=0.0, weight_decay=0.0),
    'sign_sgd': dict(),
    'noisy_sgd': dict(eta=0.01, gamma=0.55, key=0),
}
TRANSFORMS = {
    'adabelief': 'scale_by_belief, add_decayed_weights (only when weight_decay is not None), scale_by_learning_rate',
    'yogi': 'scale_by_yogi, scale_by_learning_rate',
    'adan': 'scale_by_adan, add_decayed_weights, scale_by_learning_rate',
    'novograd': 'scale_by_novograd, scale_by_learning_rate',
    'sign_sgd': 'scale_by_sign, scale_by_learning_rate',
    'noisy_sgd': 'add_noise, scale_by_learning_rate',
}
SOURCE_FILES = {
    'adabelief': ['alias', 'transform', 'adding', 'combining', 'tree_math', 'numerics', 'update'],
    'yogi': ['alias', 'transform', 'combining', 'tree_math', 'numerics', 'update'],
    'adan': ['alias', 'transform', 'adding', 'combining', 'tree_math', 'numerics', 'update'],
    'novograd': ['alias', 'transform', 'combining', 'tree_math', 'numerics', 'update'],
    'sign_sgd': ['alias', 'transform', 'combining', 'update'],
    'noisy_sgd': ['alias', 'transform', 'adding', 'combining', 'tree_math', 'numerics', 'update'],
}


def source(alias):
    files = [{'path': REFS[k]['path'], 'blob': REFS[k]['blob'], 'sha256': REFS[k]['sha256'],
              'local_copy': 'descent-conformance/generators/' + REFS[k]['local']} for k in SOURCE_FILES[alias]]
    return {
        'generator': GENERATOR,
        'library': f"numpy transcription of optax optax/_src/alias.py@{OPTAX_COMMIT} (optax.{alias}: "
                   f"{TRANSFORMS[alias]}); no JAX was run",
        'version': f"optax at commit {OPTAX_COMMIT}; transcribed in {NUMPY_VERSION}; problem gradients in "
                   f"{common.TORCH_VERSION}",
        'commit': OPTAX_COMMIT,
        'repository': OPTAX_REPO,
        'files': files,
        'license': 'Apache-2.0 (descent-conformance/generators/refs/optax/LICENSE)',
        'dtype': 'float64 (numpy; JAX with jax_enable_x64 computes in the same dtype)',
    }


def plain(v):
    """A state entry as JSON: a tree of arrays flat in θ order, a tree of scalars as a list, a count as is."""
    if isinstance(v, list):
        if all(np.ndim(x) == 0 for x in v):
            return [float(x) for x in v]
        return join(v).tolist()
    return v


def fmt(v):
    return repr(v)


def optax_case(alias, variant, problem_name, lr, kwargs, what, blocks=None):
    problem = common.Problem(problem_name)
    hp = {'learning_rate': lr}
    hp.update(DEFAULTS[alias])
    hp.update(kwargs)
    recorded = {}

    def recorder(sigma, noise):
        recorded['sigma'] = float(sigma)
        recorded['noise'] = join(noise).tolist()

    args = {k: v for k, v in hp.items() if k != 'learning_rate'}
    if alias == 'noisy_sgd':
        args['recorder'] = recorder
    init_fn, update_fn = ALIASES[alias](lr, **args)

    def init(theta):
        return init_fn(split(theta, blocks))

    def update(grad, state, theta):
        params = split(theta, blocks)
        updates, state = update_fn(split(grad, blocks), state, params)
        new = join(apply_updates(params, updates))
        after = {}
        if alias == 'noisy_sgd':
            after = {'sigma': recorded['sigma'], 'noise': recorded['noise']}
        elif alias == 'novograd':
            after = {'nu': [float(n) for n in state[0]['nu']]}
        return new, state, after

    steps, state, theta = common.run_numpy(problem, init, update, STEPS, {'before': lambda s, p: {'lr': lr}})
    shown = ', '.join(f'{k}={fmt(v)}' for k, v in kwargs.items())
    constructor = f"optax.{alias}(learning_rate={lr!r}{', ' + shown if shown else ''})"
    if alias == 'yogi' and ({'eps_root', 'initial_accumulator_value'} & kwargs.keys()):
        inner = ', '.join(f'{k}={fmt(hp[k])}' for k in DEFAULTS['yogi'])
        constructor = (f"optax.chain(optax.scale_by_yogi({inner}), optax.scale_by_learning_rate({lr!r})) "
                       "(the body of optax.yogi, whose signature does not expose eps_root and "
                       "initial_accumulator_value)")
    extra = {'blocks': blocks} if blocks is not None else None
    # the first transform's state; noisy_sgd's generator is left out (its draws are in steps[].noise)
    first = state[0] if isinstance(state[0], dict) else {}  # scale_by_sign: EmptyState
    final_state = {k: plain(v) for k, v in first.items() if k != 'rng_key'}
    loss_final = problem.loss(common.torch.tensor(theta))
    leaves = ("the pytree is one leaf, θ itself" if blocks is None else
              "the pytree has the leaves W (4×3, θ[0:12] row-major) and b (θ[12:15]), both optimized")
    notes = (f"optax.{alias} (Optax's defaults unless shown in the constructor), replayed by a numpy float64 "
             f"transcription of its Optax chain ({TRANSFORMS[alias]}); {leaves}. hyperparameters holds every "
             f"argument of the alias with Optax's defaults filled in (learning_rate has none). "
             f"final_state is the state of the chain's first transform (Optax's names). " + what)
    case = common.make_case(
        case_id=f'{variant}.{problem_name}', source=source(alias), algorithm=f'optax.{alias}', variant=variant,
        constructor=constructor, hyperparameters=hp, implementation={'transcription': 'numpy float64'},
        problem=problem, steps=steps, final_loss=loss_final, final_state=final_state, notes=notes,
        extra_top=extra)
    return case


NOISE_NOTE = ("steps[t-1].noise is the standard normal sample of step t (numpy PCG64 seeded with key, one draw per "
              "leaf; JAX's threefry stream is not reproducible here) and steps[t-1].sigma = sqrt(eta / t**gamma); "
              "step t moved theta by -learning_rate * (grad + sigma * noise). A replay must use the recorded noise. ")

CASES = [
    lambda: optax_case('adabelief', 'adabelief.default', 'quadA', 0.05, {}, 'Optax defaults.'),
    lambda: optax_case('adabelief', 'adabelief.default', 'rosenA', 0.02, {}, 'Optax defaults.'),
    lambda: optax_case('adabelief', 'adabelief.default', 'replayA', 0.01, {}, 'Optax defaults, pure update rule.'),
    lambda: optax_case('adabelief', 'adabelief.paper_eps_nesterov_wd', 'softmaxA', 0.05,
                       {'eps': 1e-8, 'eps_root': 0.0, 'weight_decay': 0.01, 'nesterov': True},
                       "The paper's eps = 1e-8, eps_root = 0, Optax's Nesterov form of mu_hat and decoupled weight "
                       "decay 0.01 (times the learning rate)."),
    lambda: optax_case('yogi', 'yogi.default', 'quadA', 0.05, {}, 'Optax defaults (both moments start at 1e-6).'),
    lambda: optax_case('yogi', 'yogi.default', 'rosenA', 0.02, {}, 'Optax defaults.'),
    lambda: optax_case('yogi', 'yogi.default', 'replayA', 0.01, {}, 'Optax defaults, pure update rule.'),
    lambda: optax_case('yogi', 'yogi.init_accumulator', 'softmaxA', 0.05,
                       {'initial_accumulator_value': 0.1, 'eps_root': 1e-8},
                       'initial_accumulator_value 0.1 (m and v start at 0.1) and eps_root 1e-8 inside the root.'),
    lambda: optax_case('adan', 'adan.default', 'quadA', 0.05, {}, 'Optax defaults (the alias: eps_root 1e-8).'),
    lambda: optax_case('adan', 'adan.default', 'rosenA', 0.02, {}, 'Optax defaults.'),
    lambda: optax_case('adan', 'adan.default', 'replayA', 0.01, {}, 'Optax defaults, pure update rule.'),
    lambda: optax_case('adan', 'adan.wd_eps_root0', 'softmaxA', 0.05, {'weight_decay': 0.02, 'eps_root': 0.0},
                       'Weight decay 0.02 added to the update (times the learning rate) and eps_root 0 '
                       "(scale_by_adan's default)."),
    lambda: optax_case('novograd', 'novograd.default', 'quadA', 0.05, {},
                       'Optax defaults; steps[t-1].nu is the per-leaf second moment after step t (one leaf).'),
    lambda: optax_case('novograd', 'novograd.default', 'rosenA', 0.01, {},
                       'Optax defaults; steps[t-1].nu is the per-leaf second moment after step t (one leaf).'),
    lambda: optax_case('novograd', 'novograd.default', 'softmaxA', 0.05, {},
                       'Optax defaults, per-leaf norms of W and b; steps[t-1].nu = [nu_W, nu_b] after step t.',
                       blocks=SOFTMAX_BLOCKS),
    lambda: optax_case('novograd', 'novograd.wd_eps_root', 'softmaxA', 0.1,
                       {'b2': 0.5, 'eps_root': 1e-8, 'weight_decay': 0.01},
                       'b2 0.5, eps_root 1e-8 and weight decay 0.01 (inside the momentum), per-leaf norms of W and '
                       'b; steps[t-1].nu = [nu_W, nu_b] after step t.', blocks=SOFTMAX_BLOCKS),
    lambda: optax_case('sign_sgd', 'sign_sgd.default', 'quadA', 0.01, {}, 'The only argument is learning_rate.'),
    lambda: optax_case('sign_sgd', 'sign_sgd.default', 'rosenA', 0.005, {}, 'The only argument is learning_rate.'),
    lambda: optax_case('sign_sgd', 'sign_sgd.default', 'replayA', 0.01, {},
                       'replayA has gradient entries that are exactly 0: sign(0) = 0 leaves them in place.'),
    lambda: optax_case('noisy_sgd', 'noisy_sgd.default', 'quadA', 0.005, {}, NOISE_NOTE + 'Optax defaults (key 0).'),
    lambda: optax_case('noisy_sgd', 'noisy_sgd.default', 'rosenA', 0.0005, {}, NOISE_NOTE + 'Optax defaults.'),
    lambda: optax_case('noisy_sgd', 'noisy_sgd.default', 'replayA', 0.01, {}, NOISE_NOTE + 'Optax defaults.'),
    lambda: optax_case('noisy_sgd', 'noisy_sgd.eta_gamma', 'softmaxA', 0.1, {'eta': 0.3, 'gamma': 1.0, 'key': 42},
                       NOISE_NOTE + 'eta 0.3, gamma 1 (variance 0.3/t) and key 42.'),
]


def main(argv):
    verify_refs()
    check = '--check' in argv
    os.makedirs(OPTAX_DIR, exist_ok=True)
    bad = 0
    for make in CASES:
        case = make()
        text = common.dumps_case(case)
        path = os.path.join(OPTAX_DIR, case['id'] + '.json')
        if check:
            same = os.path.exists(path) and open(path).read() == text
            print(('same     ' if same else 'DIFFERENT'), case['id'])
            bad += not same
        else:
            common.write_case(case, OPTAX_DIR)
            print('wrote', path)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
