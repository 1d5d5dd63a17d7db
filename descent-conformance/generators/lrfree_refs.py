#!/usr/bin/python3
"""Generates the D-Adaptation SGD, DoG and L-DoG golden cases of ../src/test/resources/conformance/lrfree/.

Usage (Debian's python has torch 1.13):

    /usr/bin/python3 descent-conformance/generators/lrfree_refs.py            # write the cases
    /usr/bin/python3 descent-conformance/generators/lrfree_refs.py --check    # regenerate and compare only

The reference sources are the files in refs/, copied unmodified from the snapshots named in REFS;
each is imported only if its SHA-256 matches. No patch was needed on torch 1.13 (PATCHES is empty;
any future patch goes there and into each case's source.patches).

--check also regenerates the bundled dadapt_adam.default.rosenA from refs/dadapt_adam.py and
requires it byte-identical (a check that common.py is right).
"""
import json
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

REFS = {
    'dadapt_sgd': dict(repository='https://github.com/facebookresearch/dadaptation',
                       commit='c984980213a989ff7cac1e3d68c19a2257bcd571',
                       path='dadaptation/dadapt_sgd.py', blob='c29aa267abedf7214f81445304b230c9b37143da',
                       local='refs/dadapt_sgd.py',
                       sha256='d1763b986f0d07411d98cbc1fd9b40d19c26dbcf8ddc03daa60f697f7c11c39b'),
    'dadapt_adam': dict(repository='https://github.com/facebookresearch/dadaptation',
                        commit='c984980213a989ff7cac1e3d68c19a2257bcd571',
                        path='dadaptation/dadapt_adam.py', blob='443ad34efcbaae647d2a3e1ef64067ed275871cd',
                        local='refs/dadapt_adam.py',
                        sha256='a427bb764a4ab614d4d76d1c5a795cbff35c3ed488d471de4d3603d573c6ce33'),
    'dog': dict(repository='https://github.com/formll/dog',
                commit='8d45cf569e3824212852d31cc2ae1da7ead34545',
                path='src/dog/dog.py', blob='05e107a5d039593d17e1540c041f83f37b7df309',
                local='refs/dog.py',
                sha256='c58fefc427dd4b844a46aa1e07ab7c4476b91b796cca12d34cd97b658b2faead'),
}
PATCHES = []  # none: the reference files run unmodified on torch 1.13
GENERATOR = 'descent-conformance/generators/lrfree_refs.py'
STEPS = 40


def load(key):
    ref = REFS[key]
    return common.import_checked(os.path.join(common.HERE, ref['local']), ref['sha256'], 'ref_' + key)


def source(key, cls):
    ref = REFS[key]
    repo = ref['repository']
    return {
        'generator': GENERATOR,
        'library': f"{repo.split('/')[-1]} ({repo.replace('https://', '')}, {ref['path']}, class {cls}), "
                   "on torch.optim.Optimizer",
        'version': f"reference source at commit {ref['commit']}; {common.TORCH_VERSION}",
        'commit': ref['commit'],
        'repository': repo,
        'path': ref['path'],
        'blob': ref['blob'],
        'sha256': ref['sha256'],
        'local_copy': 'descent-conformance/generators/' + ref['local'] + ' (unpatched)',
        'patches': PATCHES,
        'dtype': common.DTYPE,
    }


def fmt_inf(v):
    return 'Infinity' if v == float('inf') else v


def dadapt_sgd_case(variant, problem_name, kwargs, what):
    mod = load('dadapt_sgd')
    problem = common.Problem(problem_name)
    hp = dict(lr=1.0, momentum=0.0, weight_decay=0, d0=1e-6, growth_rate=float('inf'))
    hp.update(kwargs)

    def before(opt, p):
        g = opt.param_groups[0]
        return {'lr': g['lr'], 'd_used': g['d']}

    def after(opt, p):
        g = opt.param_groups[0]
        return {'d': g['d'], 'numerator_weighted': g['numerator_weighted']}

    steps, opt, p = common.run(problem, lambda ps: mod.DAdaptSGD(ps, **hp), STEPS,
                               {'before': before, 'after': after})
    g = opt.param_groups[0]
    st = opt.state[p]
    args = ''.join(f', {k}={v!r}' for k, v in kwargs.items())
    return common.make_case(
        case_id=f'{variant}.{problem_name}', source=source('dadapt_sgd', 'DAdaptSGD'), algorithm='DAdaptSGD',
        variant=variant, constructor=f'DAdaptSGD(params{args})',
        hyperparameters={k: fmt_inf(v) for k, v in hp.items()},
        implementation={'log_every': 0, 'fsdp_in_use': False}, problem=problem, steps=steps,
        final_loss=problem.loss(p.data),
        final_state={'step': STEPS, 's': st['s'].tolist(), 'z': st['z'].tolist(), 'x0': st['x0'].tolist(),
                     'group': {'d': g['d'], 'numerator_weighted': g['numerator_weighted'],
                               'g0_norm': g['g0_norm'], 'k': g['k']}},
        notes="DAdaptSGD.step() with one parameter group holding one flat tensor. steps[t-1].d_used is the D "
              "estimate used by step t (dlr = d_used * lr / g0_norm, g0_norm = ||g_1||, the raw first gradient: "
              "the reference's first-step weight decay uses the non-inplace grad.add, so it is discarded), "
              "steps[t-1].d and numerator_weighted are group['d'] and group['numerator_weighted'] after step t. "
              "growth_rate = Infinity means float('inf'). " + what)


def dog_case(cls, variant, problem_name, kwargs, what):
    mod = load('dog')
    problem = common.Problem(problem_name)
    hp = dict(reps_rel=1e-6, lr=1.0, weight_decay=0.0, eps=1e-8, init_eta=None)
    hp.update(kwargs)
    layered = cls == 'LDoG'

    def val(t):
        return t.tolist() if layered else t.item()

    def before(opt, p):
        return {'lr': opt.param_groups[0]['lr']}

    def after(opt, p):
        g = opt.param_groups[0]
        eta = [e.item() for e in g['eta']]  # one entry per tensor (DoG repeats the global eta)
        return {'eta': eta if layered else eta[0], 'rbar': val(g['rbar']), 'G': val(g['G'])}

    steps, opt, p = common.run(problem, lambda ps: getattr(mod, cls)(ps, **hp), STEPS,
                               {'before': before, 'after': after})
    g = opt.param_groups[0]
    args = ''.join(f', {k}={v!r}' for k, v in kwargs.items())
    scope = ("per tensor (L-DoG: rbar, G and eta are lists with one entry per parameter tensor; here one tensor)"
             if layered else "global over all tensors (DoG: rbar, G and eta are scalars)")
    return common.make_case(
        case_id=f'{variant}.{problem_name}', source=source('dog', cls), algorithm=cls, variant=variant,
        constructor=f'{cls}(params{args})', hyperparameters=hp, implementation={}, problem=problem, steps=steps,
        final_loss=problem.loss(p.data),
        final_state={'step': STEPS, 'init_buffer': g['init_buffer'][0].tolist(),
                     'group': {'rbar': val(g['rbar']), 'G': val(g['G']),
                               'eta': [e.item() for e in g['eta']] if layered else g['eta'][0].item()}},
        notes=f"{cls}.step() with one parameter group holding one flat tensor; norms are {scope}. "
              "steps[t-1].rbar, G, eta are group['rbar'], group['G'], group['eta'] after step t; step t moved "
              "theta by -eta * (g + weight_decay * theta). rbar at step 1 is reps_rel * (1 + ||theta0||), later "
              "max(rbar, ||theta_{t-1} - theta0||); G = eps + sum of ||g + weight_decay * theta||^2. "
              "init_eta = null means None (reps_rel decides the first step). " + what)


CASES = [
    lambda: dadapt_sgd_case('dadapt_sgd.default', 'rosenA', {}, 'Reference defaults.'),
    lambda: dadapt_sgd_case('dadapt_sgd.momentum_growth', 'quadA', {'momentum': 0.9, 'growth_rate': 1.05},
                            'momentum 0.9 (x moves 1-momentum of the way to z = x0 - s) and a growth cap of 1.05.'),
    lambda: dadapt_sgd_case('dadapt_sgd.weight_decay', 'softmaxA', {'weight_decay': 0.01},
                            'L2 weight decay 0.01 (folded into g from step 1 on, but not into g0_norm).'),
    lambda: dog_case('DoG', 'dog.default', 'quadA', {}, 'Reference defaults.'),
    lambda: dog_case('DoG', 'dog.reps_wd', 'rosenA', {'reps_rel': 1e-4, 'weight_decay': 0.001},
                     'reps_rel 1e-4 and L2 weight decay 1e-3.'),
    lambda: dog_case('DoG', 'dog.init_eta', 'softmaxA', {'init_eta': 0.01},
                     'init_eta 0.01 overrides the first step size (reps_rel is then 0, so rbar starts at 0).'),
    lambda: dog_case('LDoG', 'ldog.default', 'softmaxA', {}, 'Reference defaults.'),
    lambda: dog_case('LDoG', 'ldog.reps_wd', 'quadA', {'reps_rel': 1e-4, 'weight_decay': 0.001},
                     'reps_rel 1e-4 and L2 weight decay 1e-3.'),
    lambda: dog_case('LDoG', 'ldog.default', 'replayA', {}, 'Reference defaults, pure update rule.'),
]


def regenerate_dadapt_adam_rosenA():
    """Rebuilds the bundled dadapt_adam.default.rosenA (written by another generator) with common.py."""
    path = os.path.join(common.LRFREE, 'dadapt_adam.default.rosenA.json')
    with open(path) as f:
        text = f.read()
    old = json.loads(text)
    mod = load('dadapt_adam')
    problem = common.Problem('rosenA')

    def before(opt, p):
        return {'lr': opt.param_groups[0]['lr'], 'd_used': opt.param_groups[0]['d']}

    steps, opt, p = common.run(problem, lambda ps: mod.DAdaptAdam(ps), STEPS,
                               {'before': before, 'after': lambda o, q: {'d': o.param_groups[0]['d']}})
    st = opt.state[p]
    g = opt.param_groups[0]
    case = common.make_case(
        case_id=old['id'], source=old['source'], algorithm=old['algorithm'], variant=old['variant'],
        constructor=old['constructor'], hyperparameters=old['hyperparameters'],
        implementation=old['implementation'], problem=problem, steps=steps, final_loss=problem.loss(p.data),
        final_state={'step': STEPS, 's': st['s'].tolist(), 'exp_avg': st['exp_avg'].tolist(),
                     'exp_avg_sq': st['exp_avg_sq'].tolist(),
                     'group': {'d': g['d'], 'numerator_weighted': g['numerator_weighted'], 'k': g['k']}},
        notes=old['notes'])
    if common.dumps_case(case) == text:
        return True, 'byte-identical'
    # otherwise: theta, grad, loss and final_state must be bit-identical; other per-step fields may
    # differ by at most one ulp (the bundled d values came from another generator)
    worst = 0
    for a, b in zip(old['steps'], case['steps']):
        for k in a:
            if a[k] == b[k]:
                continue
            if k in ('t', 'theta', 'grad', 'loss') or not isinstance(a[k], float):
                return False, f'step {a["t"]}: {k} differs'
            worst = max(worst, abs(a[k] - b[k]) / math.ulp(a[k]))
    if old['final_state'] != case['final_state'] or old['final_loss'] != case['final_loss']:
        return False, 'final state differs'
    return worst <= 1, f'theta, grad, loss, final_state bit-identical; other step fields within {worst:g} ulp'


def main(argv):
    check = '--check' in argv
    bad = 0
    for make in CASES:
        case = make()
        text = common.dumps_case(case)
        path = os.path.join(common.LRFREE, case['id'] + '.json')
        if check:
            same = os.path.exists(path) and open(path).read() == text
            print(('same     ' if same else 'DIFFERENT'), case['id'])
            bad += not same
        else:
            common.write_case(case)
            print('wrote', path)
    if check:
        same, how = regenerate_dadapt_adam_rosenA()
        print(('same     ' if same else 'DIFFERENT'), 'dadapt_adam.default.rosenA (regenerated by common.py):', how)
        bad += not same
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
