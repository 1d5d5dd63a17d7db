#!/usr/bin/python3
"""Generates the LAMB, LARS and SAM golden cases of ../src/test/resources/conformance/optax/.

Usage (Debian's python; numpy float64, no JAX needed):

    /usr/bin/python3 descent-conformance/generators/optax_block_refs.py            # write the cases
    /usr/bin/python3 descent-conformance/generators/optax_block_refs.py --check    # regenerate and compare only

There is no JAX here, so the reference is a line-by-line numpy float64 transcription of Optax's
own functions (optax.lamb, optax.lars, optax.contrib.sam and what they chain), at the commit in
REFS. The transcribed Optax files are in refs/optax/, byte-identical to that commit, with Optax's
Apache-2.0 LICENSE; their SHA-256 are pinned in REFS and checked before anything runs. Each
transcribed line carries the Optax line it transcribes as a comment of the form

    #: <file>| <the Optax source line, stripped>

and check_quotes() verifies that every such quoted line occurs in that file, so a quote cannot
drift from the pinned source. A pytree is a list of numpy arrays, one per parameter block (the
case's `blocks`: W 4x3 and b 3 for softmaxA; one flat leaf otherwise); jax.tree.map is a list
comprehension over the leaves.

JAX functions that Optax calls are transcribed by their definition (not pinned here):
jnp.linalg.norm(x) with ord=None is sqrt(sum(x * conj(x))) over all elements (the Frobenius norm
for a matrix leaf), jnp.sum and np.sum both reduce in float64 (their orders may differ in the last
bit, far below the tolerance), and a bool times a float is 1.0 or 0.0 times it.
"""
import json
import math
import os
import re
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

REPOSITORY = 'https://github.com/google-deepmind/optax'
COMMIT = '2edbcbe2390da13983b92cbef94ac0460ecde1c5'  # 2026-08-07, "Merge pull request #1742 ...:sam"
# path in the repository -> (git blob, SHA-256 of the bytes); copies in refs/optax/<path>
REFS = {
    'LICENSE': ('d645695673349e3947e8e5ae42332d0ac3164cd7',
                'cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30'),
    'optax/_src/alias.py': ('4b6ff23d235fac9e71d77ae83ef6de61a75cfe51',
                            '0fdf59a71e854e6ecaa5cee605f1307d171498b6be521a15b3678d5868970c91'),
    'optax/_src/transform.py': ('ec2e8a2b5e6113b99f230124a233709be1a30d17',
                                '77cf395acce03d4a1192f598bd757b1ad2ad4ee16253d18233b728c90244316e'),
    'optax/_src/numerics.py': ('fca01df12210417adb9e3de465ef9e34d1b905bd',
                               '98d67877559b7f85ca16ac23c55afe6796f3a3fb225cc9845895c2bb38fa6741'),
    'optax/_src/update.py': ('60ba330cca9dd68a00523b2553172dc0d0a13121',
                             '073108b875ad44e246d47299aef9e110da38a0b793e13e5c7d6686c854c67dd3'),
    'optax/transforms/_adding.py': ('343c6b0f50ddb43e6ad518c025ec23a8c00a319f',
                                    '157028fe1b95b10ec9cf1572bf34a3cb5b2acdb98d527476eb75213ea5fe293c'),
    'optax/transforms/_accumulation.py': ('08931a2ca3e459f1cca1b56006186bc02017850b',
                                          'ba5751161542edae307dacab767f713e9ade54e255a94c3cafd5141d97ff70af'),
    'optax/transforms/_masking.py': ('bbe490bdcd967a933d2735f1327ec7be7ae00a67',
                                     '05eb3beb3b5a49f8ccc389377de602de1ee63601c2e2e6158f431eb0fd2f3011'),
    'optax/tree_utils/_tree_math.py': ('fa3265354003633792230447e8374e0cba370513',
                                       'a2579d141007d2dc4cdf0ccaff7f00d6f70dd20670629dcd95cf8eb9f3cf6a40'),
    'optax/contrib/_sam.py': ('012f8a59f7d8e0e756c5deebd1921a2e20360697',
                              'bf341616e00d4a94078b3f535ed27584cde758d4e6e52786737caffc1c6bab0b'),
}
SHORT = {os.path.basename(p): p for p in REFS if p != 'LICENSE'}  # "transform.py" -> its path
REF_DIR = os.path.join(common.HERE, 'refs', 'optax')
OUT = os.path.join(common.CONFORMANCE, 'optax')
GENERATOR = 'descent-conformance/generators/optax_block_refs.py'
STEPS = 40


def check_refs():
    """Refuses to run unless every copy in refs/optax/ has its pinned SHA-256."""
    for path, (_, sha) in REFS.items():
        actual = common.sha256_file(os.path.join(REF_DIR, path))
        if actual != sha:
            raise SystemExit(f'refs/optax/{path}: SHA-256 is {actual}, expected {sha}; refusing a changed reference')


def check_quotes():
    """Every '#: file| line' comment of this script quotes a line of that pinned file exactly."""
    lines = {}
    for short, path in SHORT.items():
        with open(os.path.join(REF_DIR, path)) as f:
            lines[short] = {ln.strip() for ln in f}
    count = 0
    with open(os.path.abspath(__file__)) as f:
        for no, ln in enumerate(f, 1):
            m = re.search(r'#: ([\w.]+)\| (.*)$', ln)
            if m and m.group(1) in lines:
                count += 1
                if m.group(2).strip() not in lines[m.group(1)]:
                    raise SystemExit(f'{GENERATOR}:{no}: quoted line not in {SHORT[m.group(1)]}: {m.group(2)!r}')
    return count


# ---- the transcription. A tree is a list of float64 arrays, one per block. ----

def tree_map(f, *trees):
    return [f(*leaves) for leaves in zip(*trees)]


def jnp_linalg_norm(x):
    # jnp.linalg.norm(x), ord=None: sqrt(sum(real(x * conj(x)))) over every element
    return np.sqrt(np.sum(x * x))


# optax/tree_utils/_tree_math.py
def tree_update_moment(updates, moments, decay, order):
    return tree_map(
        lambda g, t: (1 - decay) * (g**order) + decay * t,  #: _tree_math.py| (1 - decay) * (g**order) + decay * t if g is not None else None
        updates, moments)


def tree_update_moment_per_elem_norm(updates, moments, decay, order):
    orderth_norm = lambda g: g ** order  #: _tree_math.py| return g ** order
    return tree_map(
        lambda g, t: (1 - decay) * orderth_norm(g) + decay * t,  #: _tree_math.py| (1 - decay) * orderth_norm(g) + decay * t if g is not None else None
        updates, moments)


def tree_bias_correction(moment, decay, count):
    bias_correction_ = 1 - decay**count  #: _tree_math.py| bias_correction_ = 1 - decay**count
    return tree_map(lambda t: t / bias_correction_, moment)  #: _tree_math.py| return jax.tree.map(lambda t: t / bias_correction_.astype(t.dtype), moment)


def tree_sum(tree):
    sums = [np.sum(x) for x in tree]  #: _tree_math.py| sums = jax.tree.map(jnp.sum, tree)
    total = 0  #: _tree_math.py| return jax.tree.reduce(operator.add, sums, initializer=0)
    for s in sums:
        total = total + s
    return total


def tree_norm(tree):
    squared_tree = tree_map(lambda leaf: np.square(leaf) + np.square(0.0 * leaf), tree)  #: _tree_math.py| squared_tree = jax.tree.map(_square, tree)
    sqnorm = tree_sum(squared_tree)  #: _tree_math.py| sqnorm = tree_sum(squared_tree)
    return np.sqrt(sqnorm)  #: _tree_math.py| return jnp.array(sqnorm if squared else jnp.sqrt(sqnorm))


# optax/_src/numerics.py
def safe_norm(x, min_norm):
    norm = jnp_linalg_norm(x)  #: numerics.py| norm = jnp.linalg.norm(x, ord=ord, axis=axis, keepdims=True)
    x = np.ones_like(x) if norm <= min_norm else x  #: numerics.py| x = jnp.where(norm <= min_norm, jnp.ones_like(x), x)
    masked_norm = jnp_linalg_norm(x)  #: numerics.py| masked_norm = jnp.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims)
    return min_norm if norm <= min_norm else masked_norm  #: numerics.py| return jnp.where(norm <= min_norm, min_norm, masked_norm)


# optax/_src/update.py
def apply_updates(params, updates):
    return tree_map(lambda p, u: p + u, params, updates)  #: update.py| None if p is None else jnp.asarray(p + u).astype(jnp.asarray(p).dtype)


# GradientTransformations as (init, update) pairs; states are dicts
def chain(*transforms):
    def init(params):
        return [t[0](params) for t in transforms]

    def update(updates, state, params):
        new_state = []
        for t, s in zip(transforms, state):
            updates, s = t[1](updates, s, params)
            new_state.append(s)
        return updates, new_state
    return init, update


# optax/_src/transform.py
def scale_by_adam(b1=0.9, b2=0.999, eps=1e-8, eps_root=0.0):
    def init_fn(params):
        return {'count': 0, 'mu': [np.zeros_like(p) for p in params], 'nu': [np.zeros_like(p) for p in params]}

    def update_fn(updates, state, params=None):
        mu = tree_update_moment(updates, state['mu'], b1, 1)  #: transform.py| mu = optax.tree.update_moment(updates, state.mu, b1, 1)
        nu = tree_update_moment_per_elem_norm(updates, state['nu'], b2, 2)  #: transform.py| nu = optax.tree.update_moment_per_elem_norm(updates, state.nu, b2, 2)
        count_inc = state['count'] + 1  #: transform.py| count_inc = numerics.safe_increment(state.count)
        mu_hat = tree_bias_correction(mu, b1, count_inc)  #: transform.py| mu_hat = optax.tree.bias_correction(mu, b1, count_inc)
        nu_hat = tree_bias_correction(nu, b2, count_inc)  #: transform.py| nu_hat = optax.tree.bias_correction(nu, b2, count_inc)
        updates = tree_map(
            lambda m, v: m / (np.sqrt(v + eps_root) + eps),  #: transform.py| lambda m, v: None if m is None else m / (jnp.sqrt(v + eps_root) + eps),
            mu_hat, nu_hat)
        return updates, {'count': count_inc, 'mu': mu, 'nu': nu}
    return init_fn, update_fn


def scale(step_size):
    def update_fn(updates, state, params=None):
        updates = tree_map(lambda g: step_size * g, updates)  #: transform.py| updates = jax.tree.map(lambda g: step_size * g, updates)
        return updates, state
    return (lambda params: {}), update_fn


def scale_by_learning_rate(learning_rate):
    m = -1  #: transform.py| m = -1 if flip_sign else 1
    return scale(m * learning_rate)  #: transform.py| return scale(m * learning_rate)


def scale_by_trust_ratio(min_norm=0.0, trust_coefficient=1.0, eps=0.0, record=None):
    def update_fn(updates, state, params):
        def _scale_update(update, param):
            param_norm = safe_norm(param, min_norm)  #: transform.py| param_norm = numerics.safe_norm(param, min_norm)
            update_norm = safe_norm(update, min_norm)  #: transform.py| update_norm = numerics.safe_norm(update, min_norm)
            trust_ratio = trust_coefficient * param_norm / (update_norm + eps)  #: transform.py| trust_ratio = trust_coefficient * param_norm / (update_norm + eps)
            zero_norm = param_norm == 0.0 or update_norm == 0.0  #: transform.py| zero_norm = jnp.logical_or(param_norm == 0.0, update_norm == 0.0)
            safe_trust_ratio = 1.0 if zero_norm else trust_ratio  #: transform.py| zero_norm, jnp.array(1.0, dtype=param.dtype), trust_ratio
            if record is not None:
                record.append(float(safe_trust_ratio))
            return update * safe_trust_ratio  #: transform.py| return update * safe_trust_ratio
        updates = tree_map(_scale_update, updates, params)  #: transform.py| updates = jax.tree.map(_scale_update, updates, params)
        return updates, state
    return (lambda params: {}), update_fn


# optax/transforms/_masking.py: the inner transformation sees the masked leaves only
def masked(inner, mask):
    def init_fn(params):
        return inner[0]([p for p, m in zip(params, mask) if m])

    def update_fn(updates, state, params=None):
        masked_updates = [u for u, m in zip(updates, mask) if m]  #: _masking.py| masked_updates = mask_pytree(updates, mask_tree)
        masked_params = [p for p, m in zip(params, mask) if m]  #: _masking.py| masked_params = None if params is None else mask_pytree(params, mask_tree)
        new_masked_updates, new_inner_state = inner[1](masked_updates, state, masked_params)
        it = iter(new_masked_updates)
        new_updates = [next(it) if m else old_u for m, old_u in zip(mask, updates)]  #: _masking.py| lambda m, new_u, old_u: new_u if m else old_u,
        return new_updates, new_inner_state
    return init_fn, update_fn


# optax/transforms/_adding.py
def add_decayed_weights(weight_decay=0.0, mask=None):
    def update_fn(updates, state, params):
        if isinstance(weight_decay, (int, float)) and weight_decay == 0.0:  #: _adding.py| if isinstance(weight_decay, (int, float)) and weight_decay == 0.0:
            return updates, state  #: _adding.py| return updates, new_state
        s = weight_decay  #: _adding.py| s = weight_decay(state.count) if callable(weight_decay) else weight_decay
        updates = tree_map(lambda g, p: g + s * p, updates, params)  #: _adding.py| lambda g, p: None if g is None else g + s * p,
        return updates, state
    t = (lambda params: {}), update_fn
    if mask is not None:  #: _adding.py| if mask is not None:
        return masked(t, mask)
    return t


# optax/transforms/_accumulation.py
def trace(decay, nesterov=False):
    def init_fn(params):
        return {'trace': [np.zeros_like(p) for p in params]}

    def update_fn(updates, state, params=None):
        f = lambda g, t: g + decay * t  #: _accumulation.py| f = lambda g, t: g + decay * t
        new_trace = tree_map(f, updates, state['trace'])
        updates = tree_map(f, updates, new_trace) if nesterov else new_trace  #: _accumulation.py| updates = jax.tree.map(f, updates, new_trace) if nesterov else new_trace
        return updates, {'trace': new_trace}
    return init_fn, update_fn


def identity():
    return (lambda params: {}), (lambda updates, state, params=None: (updates, state))


# optax/_src/alias.py
def lamb(learning_rate, b1=0.9, b2=0.999, eps=1e-6, eps_root=0.0, weight_decay=0., mask=None, record=None):
    return chain(
        scale_by_adam(b1=b1, b2=b2, eps=eps, eps_root=eps_root),  #: alias.py| transform.scale_by_adam(b1=b1, b2=b2, eps=eps, eps_root=eps_root),
        add_decayed_weights(weight_decay=weight_decay, mask=mask),  #: alias.py| transform.add_decayed_weights(weight_decay=weight_decay, mask=mask),
        scale_by_trust_ratio(record=record),  #: alias.py| transform.scale_by_trust_ratio(),
        scale_by_learning_rate(learning_rate),  #: alias.py| transform.scale_by_learning_rate(learning_rate),
    )


def lars(learning_rate, weight_decay=0., weight_decay_mask=True, trust_coefficient=0.001, eps=0.,
         trust_ratio_mask=True, momentum=0.9, nesterov=False, record=None):
    return chain(
        add_decayed_weights(weight_decay, mask=weight_decay_mask),  #: alias.py| transform.add_decayed_weights(weight_decay, mask=weight_decay_mask),
        masked(  #: alias.py| wrappers.masked(
            scale_by_trust_ratio(trust_coefficient=trust_coefficient, eps=eps, record=record),  #: alias.py| trust_coefficient=trust_coefficient, eps=eps
            trust_ratio_mask),  #: alias.py| mask=trust_ratio_mask,
        scale_by_learning_rate(learning_rate),  #: alias.py| transform.scale_by_learning_rate(learning_rate),
        trace(decay=momentum, nesterov=nesterov),  #: alias.py| transform.trace(decay=momentum, nesterov=nesterov),
    )


def sgd(learning_rate, momentum=None, nesterov=False):
    opt = trace(decay=momentum, nesterov=nesterov) if momentum is not None else identity()  #: alias.py| opt = base.identity()
    return chain(opt, scale_by_learning_rate(learning_rate))  #: alias.py| transform.scale_by_learning_rate(learning_rate),


def adam(learning_rate, b1=0.9, b2=0.999, eps=1e-8, eps_root=0.0):
    return chain(
        scale_by_adam(b1=b1, b2=b2, eps=eps, eps_root=eps_root),  #: alias.py| transform.scale_by_adam(
        scale_by_learning_rate(learning_rate),  #: alias.py| transform.scale_by_learning_rate(learning_rate),
    )


# optax/contrib/_sam.py
def normalize():
    def update_fn(updates, state, params=None):
        g_norm = tree_norm(updates)  #: _sam.py| g_norm = optax.tree.norm(updates)
        updates = tree_map(lambda g: g / g_norm, updates)  #: _sam.py| updates = jax.tree.map(lambda g: g / g_norm, updates)
        return updates, state
    return (lambda params: {}), update_fn


def sam(optimizer, adv_optimizer, sync_period=2, reset_state=True):
    """optax.contrib.sam with opaque_mode=False (transparent_update_fn)."""
    def init_fn(params):
        return {'steps_since_sync': 0, 'opt_state': optimizer[0](params),  #: _sam.py| steps_since_sync=jnp.zeros(shape=(), dtype=jnp.int32),
                'adv_state': adv_optimizer[0](params), 'cache': params}  #: _sam.py| cache=None if opaque_mode else params,

    def pick_one(cond, if_true, if_false):
        c = 1.0 if cond else 0.0
        return tree_map(lambda if_t, if_f: c * if_t + (1 - c) * if_f, if_true, if_false)  #: _sam.py| lambda if_t, if_f: cond * if_t + (1 - cond) * if_f, if_true, if_false

    def update_fn(updates, state, params):
        first_step = state['steps_since_sync'] == 0  #: _sam.py| first_step = state.steps_since_sync == 0
        last_step = state['steps_since_sync'] == sync_period - 1  #: _sam.py| last_step = state.steps_since_sync == sync_period - 1
        adv_updates, adv_state = adv_optimizer[1](updates, state['adv_state'], params)
        adv_updates = tree_map(lambda x: -x, adv_updates)  #: _sam.py| adv_updates = jax.tree.map(lambda x: -x, adv_updates)
        opt_updates, opt_state = optimizer[1](updates, state['opt_state'], state['cache'])
        opt_updates = tree_map(lambda c, p, u: c - p + u, state['cache'], params, opt_updates)  #: _sam.py| lambda c, p, u: c - p + u, state.cache, params, opt_updates
        cache = pick_one(first_step, params, state['cache'])  #: _sam.py| cache = pick_one(first_step, params, state.cache)
        updates = pick_one(last_step, opt_updates, adv_updates)  #: _sam.py| updates = pick_one(last_step, opt_updates, adv_updates)
        if reset_state:  #: _sam.py| if reset_state:
            initial_state = adv_optimizer[0](params)  #: _sam.py| initial_state = adv_optimizer.init(params)
            adv_state = initial_state if last_step else adv_state  #: _sam.py| adv_state = pick_one(last_step, initial_state, adv_state)
        else:
            adv_state = state['adv_state'] if last_step else adv_state  #: _sam.py| adv_state = pick_one(last_step, state.adv_state, adv_state)
        opt_state = opt_state if last_step else state['opt_state']  #: _sam.py| opt_state = pick_one(last_step, opt_state, state.opt_state)
        steps_since_sync = (state['steps_since_sync'] + 1) % sync_period  #: _sam.py| steps_since_sync = (state.steps_since_sync + 1) % sync_period
        return updates, {'steps_since_sync': steps_since_sync, 'adv_state': adv_state, 'opt_state': opt_state,
                         'cache': cache}
    return init_fn, update_fn


# ---- problems, blocks, the run loop ----

def blocks_of(problem_name, dim):
    """The case's blocks: softmaxA as W (4x3, row-major, as in the problem's theta) and b (3); else none."""
    if problem_name == 'softmaxA':
        return [{'name': 'W', 'shape': [4, 3], 'offset': 0, 'size': 12, 'optimized': True},
                {'name': 'b', 'shape': [3], 'offset': 12, 'size': 3, 'optimized': True}]
    return None


def split(flat, blocks):
    flat = np.asarray(flat, dtype=np.float64)
    if blocks is None:
        return [flat.copy()]
    return [flat[b['offset']:b['offset'] + b['size']].reshape(b['shape']).copy() for b in blocks]


def join(tree):
    return np.concatenate([x.reshape(-1) for x in tree])


def loss_grad(problem, x, t):
    import torch
    loss, g = problem.loss_grad(torch.tensor(x), t)
    return loss, g.numpy().astype(np.float64)


def run(problem, opt, blocks, steps, lr, record=None, sam_mode=False):
    """Runs init/update/apply_updates for `steps` calls; returns the step records and the final tree."""
    params = split(problem.theta0, blocks)
    state = opt[0](params)
    out = []
    for t in range(1, steps + 1):
        x = join(params)
        loss, g = loss_grad(problem, x, t)
        rec = {'t': t, 'lr': lr}
        if sam_mode:
            rec['x_eval'] = x.tolist()
        rec['loss'] = loss
        rec['grad'] = g.tolist()
        if record is not None:
            record.clear()
        updates, state = opt[1](split(g, blocks), state, params)
        params = apply_updates(params, updates)
        if sam_mode:
            # the parameters the run stands for: Optax's cache between the calls of a period, else params
            rec['theta'] = (join(params) if state['steps_since_sync'] == 0 else join(state['cache'])).tolist()
        else:
            rec['theta'] = join(params).tolist()
        if record is not None:
            rec['trust_ratio'] = list(record)
        out.append(rec)
    return out, params, state


def source(paths, what):
    return {
        'generator': GENERATOR,
        'library': f'optax ({REPOSITORY.replace("https://", "")}): {what}',
        'version': f'numpy {np.__version__} float64 transcription of optax at commit {COMMIT}',
        'transcription': 'numpy transcription of optax ' + ', '.join(f'{p}@{COMMIT}' for p in paths),
        'commit': COMMIT,
        'repository': REPOSITORY,
        'paths': {p: {'blob': REFS[p][0], 'sha256': REFS[p][1]} for p in paths},
        'local_copy': 'descent-conformance/generators/refs/optax/ (byte-identical, Apache-2.0 LICENSE)',
        'patches': [],
        'dtype': 'float64 (numpy; parameters, gradients and state)',
    }


LAMB_PATHS = ['optax/_src/alias.py', 'optax/_src/transform.py', 'optax/transforms/_adding.py',
              'optax/transforms/_masking.py', 'optax/_src/numerics.py', 'optax/tree_utils/_tree_math.py',
              'optax/_src/update.py']
LARS_PATHS = LAMB_PATHS[:5] + ['optax/transforms/_accumulation.py', 'optax/_src/update.py']
SAM_PATHS = ['optax/contrib/_sam.py', 'optax/_src/alias.py', 'optax/_src/transform.py',
             'optax/transforms/_accumulation.py', 'optax/tree_utils/_tree_math.py', 'optax/_src/update.py']


def mask_of(spec, blocks):
    """A block mask as a list of booleans per leaf, or the Optax default (None / True) as given."""
    if spec is None or spec is True:
        return spec
    names = [b['name'] for b in blocks]
    return [n in spec for n in names]


def finish(case_id, src, algorithm, variant, constructor, hp, problem, steps, final, state, blocks, notes,
           gradient_evaluation=None):
    extra = {'blocks': blocks} if blocks else None
    case = common.make_case(case_id=case_id, source=src, algorithm=algorithm, variant=variant,
                            constructor=constructor, hyperparameters=hp, implementation={}, problem=problem,
                            steps=steps, final_loss=problem.loss(__import__('torch').tensor(join(final))),
                            final_state=state, notes=notes, extra_top=extra)
    if gradient_evaluation:
        case['gradient_evaluation'] = gradient_evaluation
    return case


def lamb_case(label, problem_name, kwargs, what):
    problem = common.Problem(problem_name)
    blocks = blocks_of(problem_name, len(problem.theta0))
    hp = dict(learning_rate=0.01, b1=0.9, b2=0.999, eps=1e-6, eps_root=0.0, weight_decay=0.0, mask=None)
    hp.update(kwargs)
    record = []
    args = dict(hp)
    args['mask'] = mask_of(hp['mask'], blocks)
    opt = lamb(record=record, **args)
    steps, final, state = run(problem, opt, blocks, STEPS, hp['learning_rate'], record)
    adam_state = state[0]
    shown = ''.join(f', {k}={v!r}' for k, v in kwargs.items())
    return finish(f'lamb.{label}.{problem_name}', source(LAMB_PATHS, 'optax.lamb'), 'optax.lamb', f'lamb.{label}',
                  f'optax.lamb(learning_rate=0.01{shown})', hp, problem, steps, final,
                  {'count': adam_state['count'], 'mu': join(adam_state['mu']).tolist(),
                   'nu': join(adam_state['nu']).tolist()}, blocks,
                  'optax.lamb = chain(scale_by_adam, add_decayed_weights, scale_by_trust_ratio, '
                  'scale_by_learning_rate), then apply_updates; one Optax leaf per block of `blocks` (one flat leaf '
                  'when absent). steps[t-1].trust_ratio lists the trust ratio of each leaf used by step t (1 where a '
                  'norm is 0). mask null is Optax\'s None (decay on every leaf); a list names the decayed blocks. '
                  + what)


def lars_case(label, problem_name, kwargs, what):
    problem = common.Problem(problem_name)
    blocks = blocks_of(problem_name, len(problem.theta0))
    hp = dict(learning_rate=1.0, weight_decay=0.0, weight_decay_mask=True, trust_coefficient=0.001, eps=0.0,
              trust_ratio_mask=True, momentum=0.9, nesterov=False)
    hp.update(kwargs)
    record = []
    args = dict(hp)
    args['weight_decay_mask'] = mask_of(hp['weight_decay_mask'], blocks)
    args['trust_ratio_mask'] = mask_of(hp['trust_ratio_mask'], blocks)
    if args['trust_ratio_mask'] is True:
        args['trust_ratio_mask'] = [True] * (len(blocks) if blocks else 1)
    if args['weight_decay_mask'] is True:
        args['weight_decay_mask'] = [True] * (len(blocks) if blocks else 1)
    opt = lars(record=record, **args)
    steps, final, state = run(problem, opt, blocks, STEPS, hp['learning_rate'], record)
    # the trust ratios of unmasked leaves are not computed: record 1 for them (descent's convention)
    tmask = args['trust_ratio_mask']
    for s in steps:
        it = iter(s['trust_ratio'])
        s['trust_ratio'] = [next(it) if m else 1.0 for m in tmask]
    shown = ''.join(f', {k}={v!r}' for k, v in kwargs.items() if k != 'learning_rate')
    lr = hp['learning_rate']
    return finish(f'lars.{label}.{problem_name}', source(LARS_PATHS, 'optax.lars'), 'optax.lars', f'lars.{label}',
                  f'optax.lars(learning_rate={lr!r}{shown})', hp, problem, steps, final,
                  {'trace': join(state[3]['trace']).tolist()}, blocks,
                  'optax.lars = chain(add_decayed_weights(mask=weight_decay_mask), masked(scale_by_trust_ratio, '
                  'trust_ratio_mask), scale_by_learning_rate, trace(momentum, nesterov)), then apply_updates; one '
                  'Optax leaf per block of `blocks` (one flat leaf when absent). steps[t-1].trust_ratio lists the '
                  'trust ratio of each leaf used by step t (1 where a norm is 0, and 1 for a leaf outside '
                  'trust_ratio_mask, which is not rescaled). A mask true is Optax\'s True (every leaf); a list names '
                  'the blocks. ' + what)


def sam_case(label, problem_name, outer_name, outer_kwargs, rho, sync_period, what):
    problem = common.Problem(problem_name)
    blocks = blocks_of(problem_name, len(problem.theta0))
    outer = {'sgd': sgd, 'adam': adam}[outer_name](**outer_kwargs)
    adv = chain(normalize(), sgd(rho))
    opt = sam(outer, adv, sync_period=sync_period, reset_state=True)
    steps, final, state = run(problem, opt, blocks, STEPS, outer_kwargs['learning_rate'], sam_mode=True)
    hp = {'optimizer': 'optax.' + outer_name}
    hp.update(outer_kwargs)
    hp.update({'adv_optimizer': 'optax.chain(optax.contrib.normalize(), optax.sgd(rho))', 'rho': rho,
               'sync_period': sync_period, 'reset_state': True, 'opaque_mode': False})
    outer_args = ', '.join(f'{k}={v!r}' for k, v in outer_kwargs.items())
    return finish(f'sam.{label}.{problem_name}', source(SAM_PATHS, 'optax.contrib.sam'), 'optax.contrib.sam',
                  f'sam.{label}', f'optax.contrib.sam(optax.{outer_name}({outer_args}), optax.chain(optax.contrib.'
                  f'normalize(), optax.sgd({rho!r})), sync_period={sync_period})', hp, problem, steps, final,
                  {'steps_since_sync': state['steps_since_sync'], 'cache': join(state['cache']).tolist(),
                   'params': join(final).tolist()}, blocks,
                  'optax.contrib.sam in transparent mode (opaque_mode=False), one update call per step, each with '
                  'the gradient at the parameters Optax holds before the call: steps[t-1].x_eval (the adversarial '
                  'point a_k, or theta at the first call of a period), hence gradient_evaluation "lookahead". '
                  'steps[t-1].theta is the point the run stands for after call t: Optax\'s params after an outer '
                  'step (every sync_period-th call), and its cache (the unperturbed theta) after an ascent call; the '
                  'adversarial point after call t is steps[t].x_eval. Optax returns the outer update as '
                  'a + ((theta - a) + u); final_state.params is Optax\'s params after the last call. lr is the outer '
                  'learning rate. ' + what, gradient_evaluation='lookahead')


CASES = [
    lambda: lamb_case('default', 'quadA', {}, 'Optax defaults with learning_rate 0.01.'),
    lambda: lamb_case('default', 'softmaxA', {}, 'Optax defaults with learning_rate 0.01; one trust ratio for W '
                      '(4x3, Frobenius norms) and one for b.'),
    lambda: lamb_case('weight_decay', 'rosenA', {'weight_decay': 0.1},
                      'weight_decay 0.1: added to the Adam direction before the trust ratio.'),
    lambda: lamb_case('wd_mask', 'softmaxA', {'weight_decay': 0.1, 'mask': ['W']},
                      'weight_decay 0.1 on W only (mask [W]); b is not decayed.'),
    lambda: lars_case('default', 'quadA', {'learning_rate': 10.0}, 'Optax defaults with learning_rate 10.'),
    lambda: lars_case('default', 'softmaxA', {'learning_rate': 10.0},
                      'Optax defaults with learning_rate 10; one trust ratio for W and one for b.'),
    lambda: lars_case('nesterov', 'rosenA', {'learning_rate': 1.0, 'weight_decay': 0.001,
                                             'trust_coefficient': 0.01, 'eps': 1e-8, 'momentum': 0.8,
                                             'nesterov': True},
                      'Nesterov momentum 0.8, weight decay 1e-3, trust coefficient 0.01, eps 1e-8.'),
    lambda: lars_case('masks', 'softmaxA', {'learning_rate': 10.0, 'weight_decay': 0.01,
                                            'weight_decay_mask': ['W'], 'trust_ratio_mask': ['W']},
                      'weight decay 0.01 and the trust ratio on W only; b takes the plain momentum step.'),
    lambda: sam_case('sgd', 'quadA', 'sgd', {'learning_rate': 0.01}, 0.1, 2,
                     'Outer optax.sgd(0.01), rho 0.1, sync_period 2 (the docstring\'s drop-in SAM).'),
    lambda: sam_case('sgd', 'softmaxA', 'sgd', {'learning_rate': 0.5}, 0.1, 2,
                     'Outer optax.sgd(0.5), rho 0.1, sync_period 2; the normalization is over both blocks.'),
    lambda: sam_case('adam_sync3', 'rosenA', 'adam', {'learning_rate': 0.01, 'b1': 0.9, 'b2': 0.999, 'eps': 1e-8,
                                                     'eps_root': 0.0}, 0.05, 3,
                     'Outer optax.adam(0.01), rho 0.05, sync_period 3: two ascent calls, then the outer step.'),
]


def main(argv):
    check_refs()
    quoted = check_quotes()
    check = '--check' in argv
    os.makedirs(OUT, exist_ok=True)
    bad = 0
    for make in CASES:
        case = make()
        text = common.dumps_case(case)
        path = os.path.join(OUT, case['id'] + '.json')
        if check:
            same = os.path.exists(path) and open(path).read() == text
            print(('same     ' if same else 'DIFFERENT'), case['id'])
            bad += not same
        else:
            common.write_case(case, OUT)
            print('wrote', path)
    print(f'{quoted} quoted Optax lines checked against refs/optax/')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
