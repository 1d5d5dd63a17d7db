#!/usr/bin/python3
"""Generates the Polyak step-size golden cases of ../src/test/resources/conformance/polyak/.

Usage (Debian's python has torch 1.13):

    /usr/bin/python3 descent-conformance/generators/polyak_sps.py            # write the cases
    /usr/bin/python3 descent-conformance/generators/polyak_sps.py --check    # regenerate and compare only

Two algorithms:

- ``Sps`` from IssamLaradji/sps (refs/sps.py, copied unmodified from the snapshot in REFS and
  imported only if its SHA-256 matches) with ``adapt_flag='constant'``: SPS_max of Loizou et al.
  2021, eq. (5). No patch was needed on torch 1.13 (PATCHES is empty). The reference takes f* = 0,
  or with ``fstar_flag`` the mean of ``batch['meta']['fstar']``; quadA passes its J* that way.
- ``Polyak``: the classic step eps_k = (J - J*)/(||g||^2 + delta), capped. There is no reference
  package, so ``PolyakTranscription`` below is a plain torch transcription of the formula, and the
  cases' ``source`` says so.

The loss handed to both is J at theta_{t-1} (the recorded ``loss`` of step t), as the reference's
closure would return it. Step records carry ``lr: null`` (neither algorithm has a learning rate) and
the per-step ``step_size`` actually used (and, for Sps, ``grad_norm``), read from the state after
the step.
"""
import json
import math
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

REFS = {
    'sps': dict(repository='https://github.com/IssamLaradji/sps',
                commit='6d112a1da97a4a2195c01cd51e96e3f0fbdd0c5b',
                path='sps/sps.py', blob='a6d8ff97ce0567bf479325c1e7ce9683fecdf13e',
                local='refs/sps.py',
                sha256='4155d464dcc9762364f41a4d5db753600d98290ca9b78ad89dd1c4682023dd74'),
}
PATCHES = []  # none: sps.py runs unmodified on torch 1.13
GENERATOR = 'descent-conformance/generators/polyak_sps.py'
POLYAK_DIR = os.path.join(common.CONFORMANCE, 'polyak')
STEPS = 40
NOISE = 1e-15  # relative perturbation of the sensitivity measurement
SENSITIVITY_LIMIT = 0.1  # of the closed-loop tolerance: above it, closed-loop replay is not applicable


def sensitivity(steps, rerun):
    """How far the reference's own theta moves when every loss and gradient is perturbed by a relative 1e-15.

    ``rerun(noise)`` repeats the run with a seeded noise generator. Returns (the largest relative change of
    theta over all steps, the largest |change| / (atol + rtol |theta|) at the closed-loop tolerance).
    """
    noisy = rerun(torch.Generator().manual_seed(20210312))
    tol = common.TOLERANCE['recomputed_gradients']
    rel = used = 0.0
    for a, b in zip(steps, noisy):
        for x, y in zip(a['theta'], b['theta']):
            d = abs(x - y)
            rel = max(rel, d / abs(x) if x else d)
            used = max(used, d / (tol['atol'] + tol['rtol'] * abs(x)))
    return rel, used


def closed_loop(case, rel, used):
    """Marks a case whose closed-loop replay cannot meet the README tolerance (the method amplifies rounding)."""
    if used <= SENSITIVITY_LIMIT:
        case['notes'] += (f' Closed loop applies: a relative {NOISE:g} perturbation of every loss and gradient moves '
                          f'the reference\'s own theta by at most {rel:.1e} relative ({used:.2g} of the closed-loop '
                          'tolerance).')
        return case
    case['tolerance']['recomputed_gradients'] = None
    reason = (f'a relative {NOISE:g} perturbation of every loss and gradient (seeded Gaussian) moves the '
              f'reference\'s own theta by up to {rel:.1e} relative within {STEPS} steps, {used:.2g} times the '
              'closed-loop tolerance (rtol 1e-10, atol 1e-12): the step size divides J - f* by ||g||^2 and the '
              'rounding of a recomputed J and g grows step by step, so only recorded gradients (and recorded '
              'losses) can be compared')
    out = {}
    for k, v in case.items():
        out[k] = v
        if k == 'tolerance':
            out['closed_loop_not_applicable'] = reason
    return out


def load(key):
    ref = REFS[key]
    return common.import_checked(os.path.join(common.HERE, ref['local']), ref['sha256'], 'ref_' + key)


def quad_minimum(problem):
    """J* = min 1/2 x'Ax - b'x = -1/2 b'A^{-1}b, in float64."""
    x = torch.linalg.solve(problem.A, problem.b)
    return (-0.5 * problem.b.dot(x)).item()


def f_star(problem):
    """The optimal value each case uses: quadA's exact minimum; 0 for rosenA (attained) and softmaxA (a bound)."""
    return quad_minimum(problem) if problem.type == 'quadratic' else 0.0


class PolyakTranscription(torch.optim.Optimizer):
    """The classic Polyak step, transcribed from its formula (no reference package exists).

        ||g||^2 = torch.sum(g * g)
        eps_k = 0 if ||g||^2 == 0 or loss < f_star, else min(max_step, (loss - f_star) / (||g||^2 + eps))
        theta <- theta - eps_k g        (p.add_(g, alpha=-eps_k))
    """

    def __init__(self, params, f_star=0.0, max_step=math.inf, eps=0.0):
        super().__init__(params, dict(f_star=f_star, max_step=max_step, eps=eps))
        self.state_step_size = 0.0

    @torch.no_grad()
    def step(self, loss):
        group = self.param_groups[0]
        p = group['params'][0]
        g = p.grad
        sq = torch.sum(g * g).item()
        if sq == 0 or loss < group['f_star']:
            e = 0.0
        else:
            e = min(group['max_step'], (loss - group['f_star']) / (sq + group['eps']))
        p.add_(g, alpha=-e)
        self.state_step_size = e
        return loss


def run(problem, opt, param, step, noise=None):
    """STEPS steps: the loss and gradient at theta_{t-1}, then ``step(opt, loss)``; records lr null.

    ``noise`` (a torch.Generator) multiplies every loss and gradient entry by 1 + 1e-15 z, z ~ N(0, 1),
    for the sensitivity measurement.
    """
    steps = []
    for t in range(1, STEPS + 1):
        loss, g = problem.loss_grad(param.data, t)
        if noise is not None:
            g = g + g * (NOISE * torch.randn(g.shape, generator=noise))
            loss = loss + loss * NOISE * torch.randn((), generator=noise).item()
        rec = {'t': t, 'lr': None, 'loss': loss, 'grad': g.tolist()}
        param.grad = g.clone()
        extras = step(opt, loss)
        rec['theta'] = param.data.tolist()
        rec.update(extras)
        steps.append(rec)
    return steps


def sps_source():
    ref = REFS['sps']
    repo = ref['repository']
    return {
        'generator': GENERATOR,
        'library': f"sps ({repo.replace('https://', '')}, {ref['path']}, class Sps, adapt_flag='constant'), "
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


def polyak_source():
    return {
        'generator': GENERATOR,
        'library': "none: a plain torch transcription of the classic Polyak step (class PolyakTranscription in "
                   "the generator; Polyak 1987, Introduction to Optimization, section 5.3), there being no "
                   "reference package",
        'version': common.TORCH_VERSION,
        'patches': [],
        'dtype': common.DTYPE,
    }


def fmt_inf(v):
    return 'Infinity' if v == math.inf else v


def sps_case(variant, problem_name, kwargs, what):
    mod = load('sps')
    problem = common.Problem(problem_name)
    fstar = f_star(problem)
    hp = dict(n_batches_per_epoch=500, init_step_size=1, c=0.5, gamma=2.0, eta_max=None, adapt_flag='constant',
              fstar_flag=None, eps=1e-8, centralize_grad_norm=False, centralize_grad=False)
    hp.update(kwargs)
    if fstar != 0:
        hp['fstar_flag'] = True  # the reference reads f* from the batch only with fstar_flag
    batch = {'meta': {'fstar': torch.tensor([fstar])}} if hp['fstar_flag'] else None
    param = torch.nn.Parameter(torch.tensor(problem.theta0))
    opt = mod.Sps([param], **hp)

    def step(o, loss):
        o.step(loss=loss, batch=batch)
        return {'step_size': float(o.state['step_size']), 'grad_norm': o.state['grad_norm']}

    steps = run(problem, opt, param, step)

    def rerun(noise):
        q = torch.nn.Parameter(torch.tensor(problem.theta0))
        return run(problem, mod.Sps([q], **hp), q, step, noise)

    shown = dict(kwargs)
    if hp['fstar_flag']:
        shown['fstar_flag'] = True
    args = ''.join(f', {k}={v!r}' for k, v in shown.items())
    hyper = dict(hp)
    hyper['fstar'] = fstar
    how_fstar = (f"fstar_flag = true: step(loss, batch) with batch['meta']['fstar'] = tensor([{fstar!r}]), "
                 "quadA's J* = -1/2 b'A^-1 b computed in float64 (torch.linalg.solve)" if hp['fstar_flag']
                 else "fstar_flag = null (None): the reference uses f* = 0 (fstar records it)")
    case = common.make_case(
        case_id=f'{variant}.{problem_name}', source=sps_source(), algorithm='Sps', variant=variant,
        constructor=f"Sps(params, adapt_flag='constant'{args})", hyperparameters=hyper,
        implementation={'step_call': 'step(loss=J(theta_{t-1})' + (', batch=batch)' if batch else ')')},
        problem=problem, steps=steps, final_loss=problem.loss(param.data),
        final_state={'step': opt.state['step'], 'step_size': float(opt.state['step_size']),
                     'grad_norm': opt.state['grad_norm']},
        notes="Sps.step(loss=...) with one parameter tensor; the loss is the recorded loss of the step, J at "
              "theta_{t-1}. steps[t-1].step_size and grad_norm are state['step_size'] and state['grad_norm'] "
              "after step t: the step size used, min(eta_max, (loss - fstar)/(c*||g||^2 + eps)) (0 when "
              "loss < fstar; no update at all when ||g|| < 1e-8) and ||g|| = sqrt(sum(g*g)). eta_max = null "
              "means None (no cap). n_batches_per_epoch, init_step_size and gamma only act with adapt_flag "
              "'smooth_iter'. " + how_fstar + ". " + what)
    return closed_loop(case, *sensitivity(steps, rerun))


def polyak_case(variant, problem_name, kwargs, what):
    problem = common.Problem(problem_name)
    hp = dict(f_star=f_star(problem), max_step=math.inf, eps=0.0)
    hp.update(kwargs)
    param = torch.nn.Parameter(torch.tensor(problem.theta0))
    opt = PolyakTranscription([param], **hp)

    def step(o, loss):
        o.step(loss)
        return {'step_size': o.state_step_size}

    steps = run(problem, opt, param, step)

    def rerun(noise):
        q = torch.nn.Parameter(torch.tensor(problem.theta0))
        return run(problem, PolyakTranscription([q], **hp), q, step, noise)

    args = ''.join(f', {k}={fmt_inf(v)!r}' for k, v in hp.items())
    case = common.make_case(
        case_id=f'{variant}.{problem_name}', source=polyak_source(), algorithm='Polyak', variant=variant,
        constructor=f'PolyakTranscription(params{args})', hyperparameters={k: fmt_inf(v) for k, v in hp.items()},
        implementation={'step_call': 'step(J(theta_{t-1}))'}, problem=problem, steps=steps,
        final_loss=problem.loss(param.data), final_state={'step': STEPS, 'step_size': opt.state_step_size},
        notes="The classic Polyak step on one parameter tensor: eps_k = min(max_step, (loss - f_star)/(||g||^2 + "
              "eps)) with ||g||^2 = torch.sum(g*g), eps_k = 0 when ||g||^2 = 0 or loss < f_star, then "
              "theta.add_(g, alpha=-eps_k). The loss is the recorded loss of the step, J at theta_{t-1}. "
              "steps[t-1].step_size is eps_k of step t. max_step = Infinity means no cap. " + what)
    return closed_loop(case, *sensitivity(steps, rerun))


CASES = [
    lambda: polyak_case('polyak.default', 'quadA', {}, "f_star = J* of quadA (-1/2 b'A^-1 b, float64), no cap, eps 0."),
    lambda: polyak_case('polyak.default', 'rosenA', {}, 'f_star = 0 = min f, no cap, eps 0.'),
    lambda: polyak_case('polyak.capped', 'rosenA', {'max_step': 0.002, 'eps': 1e-6},
                        'f_star = 0; the cap 0.002 binds at some steps; eps 1e-6 beside ||g||^2.'),
    lambda: polyak_case('polyak.capped', 'softmaxA', {'max_step': 5.0},
                        'f_star = 0 (a lower bound, not attained); the cap 5 binds at some steps.'),
    lambda: polyak_case('polyak.fstar_high', 'quadA', {'f_star': -1.5},
                        'f_star = -1.5 > J* (an overestimate): once J < f_star the step size is 0 and theta stays.'),
    lambda: sps_case('sps_max.default', 'quadA', {}, 'Reference defaults (c 0.5, eta_max None, eps 1e-8).'),
    lambda: sps_case('sps_max.default', 'rosenA', {}, 'Reference defaults, f* = 0 = min f.'),
    lambda: sps_case('sps_max.default', 'softmaxA', {}, 'Reference defaults, f* = 0 (the minibatch setting).'),
    lambda: sps_case('sps_max.c_eta_max', 'rosenA', {'c': 1.0, 'eta_max': 0.002},
                     'c = 1 and eta_max (gamma_b) = 0.002, which binds at some steps.'),
    lambda: sps_case('sps_max.c_eta_max', 'softmaxA', {'c': 1.0, 'eta_max': 2.0},
                     'c = 1 and eta_max (gamma_b) = 2, which binds at some steps.'),
]


def index_text(cases):
    """polyak/index.json, in the layout of lrfree/index.json (one case per line)."""
    rows = []
    for c in cases:
        rows.append(json.dumps({
            'id': c['id'], 'file': c['id'] + '.json', 'algorithm': c['algorithm'], 'variant': c['variant'],
            'problem': c['problem']['instance'], 'problem_type': c['problem']['type'], 'steps': c['num_steps'],
            'schedule': None, 'commit': c['source'].get('commit'),
            'closed_loop': 'closed_loop_not_applicable' not in c}))
    return '{\n "format": "optim-golden/1",\n "cases": [\n  ' + ',\n  '.join(rows) + '\n ]\n}\n'


def main(argv):
    check = '--check' in argv
    bad = 0
    os.makedirs(POLYAK_DIR, exist_ok=True)
    cases = []
    for make in CASES:
        case = make()
        cases.append(case)
        text = common.dumps_case(case)
        path = os.path.join(POLYAK_DIR, case['id'] + '.json')
        if check:
            same = os.path.exists(path) and open(path).read() == text
            print(('same     ' if same else 'DIFFERENT'), case['id'])
            bad += not same
        else:
            common.write_case(case, POLYAK_DIR)
            caps = [s['step_size'] for s in case['steps']]
            print('wrote', path, 'step sizes', min(caps), '..', max(caps), 'final loss', case['final_loss'])
    path = os.path.join(POLYAK_DIR, 'index.json')
    text = index_text(cases)
    if check:
        same = os.path.exists(path) and open(path).read() == text
        print(('same     ' if same else 'DIFFERENT'), 'index.json')
        bad += not same
    else:
        with open(path, 'w') as f:
            f.write(text)
        print('wrote', path)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
