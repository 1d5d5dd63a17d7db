#!/usr/bin/python3
"""Generates the torch.optim.LBFGS golden cases of ../src/test/resources/conformance/lbfgs/.

Usage (Debian's python has torch 1.13):

    /usr/bin/python3 descent-conformance/generators/lbfgs_refs.py            # write the cases
    /usr/bin/python3 descent-conformance/generators/lbfgs_refs.py --check    # regenerate and compare only
    /usr/bin/python3 descent-conformance/generators/lbfgs_refs.py --check --native-dot   # see below

The reference is the installed, unmodified torch/optim/lbfgs.py of torch 1.13.1 (imported as
torch.optim.LBFGS, refused unless its SHA-256 is LBFGS_SHA256). Each case records every closure call
of each optimizer.step(closure): gradient_evaluation "closure" (lbfgs/README.md).

One patch, not of LBFGS but of the machine (PATCHES): torch's Tensor.dot goes to BLAS, and
Debian's OpenBLAS picks its kernel by CPU. The shared cases were made where it ran the SkylakeX
(AVX-512) kernel, whose loop for short vectors is a sequential fused multiply-add; on AVX2 machines
(Haswell/Zen kernel, this one) it rounds each product first, and the trajectories differ in the last
bits from the first two-loop recursion on. The generator therefore replaces Tensor.dot by that fused
sum (exact with fractions, then rounded once per step, as an FMA does), for LBFGS and for the
quadratic's loss alike; descent's TorchCpu.dot is the same sum. --native-dot runs the machine's own
dot instead (for comparison only: --check then reports the differences).

--check regenerates every case: the 8 shared ones (/work/shared/conformance/lbfgs, copied unchanged
into lbfgs/) must come out identical except for `source` (theirs names a generator we do not have;
ours names this file, the pinned hash and the patch), the 2 further variants byte-identical.
"""
import json
import math
import os
import sys
from fractions import Fraction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import torch  # noqa: E402
import torch.optim.lbfgs as torch_lbfgs  # noqa: E402

GENERATOR = 'descent-conformance/generators/lbfgs_refs.py'
LBFGS = os.path.normpath(torch_lbfgs.__file__)
LBFGS_SHA256 = '9c25d716e9b8fde7a82e60b8e6af790c5473f853a1a62d97b12760c4f5f63eea'
LBFGS_MD5 = 'ef07b91099f4874f2234acb23ddbbd01'
# the newest pytorch lbfgs.py read for comparison: same algorithm (adds complex parameters, annotations)
NEWEST = dict(repository='https://github.com/pytorch/pytorch', commit='045a976cc7fd4af11d46649bd90979d9a97fbc2a',
              path='torch/optim/lbfgs.py')
PATCHES = [
    "torch.Tensor.dot replaced by a sequential fused multiply-add (acc = fma(x_i, y_i, acc), rounded once per "
    "element), the loop of OpenBLAS's SkylakeX ddot kernel for short vectors, which made the shared cases; "
    "Debian's OpenBLAS runs its Haswell/Zen kernel on AVX2 machines, which rounds each product first. "
    "Used by LBFGS.step, _strong_wolfe and the quadratic's loss; torch/optim/lbfgs.py itself is unmodified.",
]
LBFGS_DIR = os.path.join(common.CONFORMANCE, 'lbfgs')
SHARED_DIR = '/work/shared/conformance/lbfgs'
STEPS = 10
SHARED_IDS = [
    'lbfgs.strong_wolfe.rosenA', 'lbfgs.strong_wolfe.quadA', 'lbfgs.strong_wolfe_hist3.rosenA',
    'lbfgs.strong_wolfe_hist3.quadA', 'lbfgs.no_line_search_iter1.rosenA', 'lbfgs.no_line_search_iter1.quadA',
    'lbfgs.no_line_search.rosenA', 'lbfgs.no_line_search.quadA',
]

# variant -> (constructor kwargs in order, problems)
VARIANTS = {
    'lbfgs.strong_wolfe': ({'line_search_fn': 'strong_wolfe'}, ['rosenA', 'quadA']),
    'lbfgs.strong_wolfe_hist3': ({'line_search_fn': 'strong_wolfe', 'history_size': 3, 'max_iter': 5},
                                 ['rosenA', 'quadA']),
    'lbfgs.no_line_search_iter1': ({'max_iter': 1}, ['rosenA', 'quadA']),
    'lbfgs.no_line_search': ({}, ['rosenA', 'quadA']),
    # further variants the shared set lacks
    'lbfgs.strong_wolfe_hist5': ({'line_search_fn': 'strong_wolfe', 'history_size': 5, 'max_iter': 4},
                                 ['softmaxA']),
    'lbfgs.no_line_search_lr05_change': ({'lr': 0.5, 'max_iter': 10, 'tolerance_change': 1e-4}, ['quadA']),
}
EXTRA_NOTES = {
    'lbfgs.strong_wolfe_hist5': ' Further variant (descent): softmax regression (a 4x3 weight block and 3 biases), '
                                'history 5, max_iter 4, max_eval 5: calls 1-9 end when their evaluations reach '
                                'max_eval (5 each), call 10 makes 6 (a line search may run past max_eval).',
    'lbfgs.no_line_search_lr05_change': ' Further variant (descent): lr 0.5 without line search, max_iter 10 and '
                                        'tolerance_change 1e-4: calls 1 and 2 use their 10 iterations, call 3 stops '
                                        'after 3 on a change below 1e-4, and from call 4 on every call stops at its '
                                        'first iteration because g^T d > -1e-4 (theta no longer moves).',
}


def fused_dot(self, other):
    """Σ fma(x_i, y_i, acc) with one rounding per element (exact rational, then float)."""
    acc = 0.0
    for x, y in zip(self.tolist(), other.tolist()):
        acc = float(Fraction(x) * Fraction(y) + Fraction(acc))
    return torch.tensor(acc, dtype=self.dtype)


def check_reference():
    actual = common.sha256_file(LBFGS)
    if actual != LBFGS_SHA256:
        raise SystemExit(f'{LBFGS}: SHA-256 is {actual}, expected {LBFGS_SHA256}; refusing a changed torch LBFGS')


def scalar(v):
    return v.item() if isinstance(v, torch.Tensor) else v


def closure_run(problem, kwargs, perturb=False):
    """Runs STEPS calls of LBFGS.step(closure); returns (steps, optimizer, param)."""
    param = torch.nn.Parameter(torch.tensor(problem.theta0))
    opt = torch.optim.LBFGS([param], **kwargs)
    steps = []
    for t in range(1, STEPS + 1):
        evals = []

        def closure():
            loss, g = problem.loss_grad(param.data, t)
            if perturb:
                g = g * (1 + 2.0 ** -52)
            evals.append({'x': param.data.tolist(), 'loss': loss, 'grad': g.tolist()})
            param.grad = g.clone()
            return torch.tensor(loss)

        returned = opt.step(closure)
        st = opt.state[param]
        steps.append({'t': t, 'evaluations': evals, 'returned_loss': scalar(returned),
                      'theta': param.data.tolist(), 'n_iter': st['n_iter'], 'func_evals': st['func_evals']})
    return steps, opt, param


def sensitivity(problem, kwargs, steps):
    """Per call: max_i |θ'_i − θ_i| / max(1, |θ_i|) when every gradient is multiplied by (1 + 2^-52)."""
    perturbed, _, _ = closure_run(problem, kwargs, perturb=True)
    out = []
    for a, b in zip(steps, perturbed):
        out.append(max(abs(x - y) / max(1.0, abs(x)) for x, y in zip(a['theta'], b['theta'])))
    return out


def constructor(kwargs):
    args = ''.join(f', {k}={v!r}' for k, v in kwargs.items())
    return f'torch.optim.LBFGS(params{args})'


def source():
    return {
        'generator': GENERATOR,
        'library': 'torch.optim.LBFGS (PyTorch), torch/optim/lbfgs.py',
        'version': common.TORCH_VERSION,
        'functions': ['LBFGS.step', '_strong_wolfe', '_cubic_interpolate'],
        'dtype': common.DTYPE,
        'path': '/usr/lib/python3/dist-packages/torch/optim/lbfgs.py (unpatched)',
        'sha256': LBFGS_SHA256,
        'md5': LBFGS_MD5,
        'newest_compared': NEWEST,
        'patches': PATCHES,
    }


def make(variant, problem_name, shared):
    kwargs, _ = VARIANTS[variant]
    problem = common.Problem(problem_name)
    steps, opt, p = closure_run(problem, kwargs)
    g = opt.param_groups[0]
    hp = {'lr': float(g['lr']), 'max_iter': g['max_iter'], 'max_eval': g['max_eval'],
          'tolerance_grad': float(g['tolerance_grad']), 'tolerance_change': float(g['tolerance_change']),
          'history_size': g['history_size'], 'line_search_fn': g['line_search_fn']}
    st = opt.state[p]
    final_state = {'func_evals': st['func_evals'], 'n_iter': st['n_iter'], 't': scalar(st['t']),
                   'H_diag': scalar(st['H_diag']), 'prev_loss': scalar(st['prev_loss']), 'd': st['d'].tolist(),
                   'prev_flat_grad': st['prev_flat_grad'].tolist(),
                   'old_dirs': [v.tolist() for v in st['old_dirs']],
                   'old_stps': [v.tolist() for v in st['old_stps']], 'ro': [scalar(v) for v in st['ro']]}
    tolerance = {
        'recorded_gradients': {'rtol': 1e-10, 'atol': 1e-12, 'applies_to': 'every evaluations[].x and every theta'},
        'recomputed_gradients': {'rtol': 1e-07, 'atol': 1e-09, 'applies_to': 'every evaluations[].x and every theta; '
                                 'the number of evaluations per step must match'},
        'closed_loop_1ulp_sensitivity_per_step': sensitivity(problem, kwargs, steps),
        'note': "see lbfgs/README.md. Not validated against an independent implementation. "
                "closed_loop_1ulp_sensitivity_per_step[k] = max_i |theta_i' - theta_i| / max(1, |theta_i|) after "
                "step k+1 when every gradient is multiplied by (1 + 2^-52); where it exceeds the tolerance, the "
                "trajectory is ill-conditioned at that step (converged iterates, tiny y^T s) and an implementation "
                "with a different order of operations may legitimately differ there.",
    }
    notes = ("gradient_evaluation 'closure': each steps[] record is one call optimizer.step(closure). "
             "steps[k].evaluations lists, in order, every closure call made inside that step: x = the parameter "
             "value when the closure ran, loss and grad = what the closure returned (loss as a 0-dim float64 tensor, "
             "grad written to p.grad). steps[k].theta is the parameter after the step; steps[k].returned_loss is the "
             "value step() returned (the loss of the FIRST evaluation of that call). n_iter and func_evals are "
             "torch's cumulative state counters after the step. max_eval = null in the constructor means "
             "max_iter * 5 // 4 (torch's default), shown resolved in hyperparameters.")
    case = {
        'format': 'optim-golden/1',
        'id': f'{variant}.{problem_name}',
        'source': shared['source'] if shared else source(),
        'algorithm': 'LBFGS',
        'variant': variant,
        'constructor': constructor(kwargs),
        'hyperparameters': hp,
        'schedule': None,
        'problem': problem.data,
        'gradient_evaluation': 'closure',
        'num_steps': STEPS,
        'theta0': problem.theta0,
        'steps': steps,
        'final_loss': problem.loss(p.data),
        'final_state': final_state,
        'tolerance': tolerance,
        'notes': notes + EXTRA_NOTES.get(variant, ''),
    }
    return case


def index(cases):
    rows = []
    for c in cases:
        rows.append({'id': c['id'], 'file': c['id'] + '.json', 'algorithm': 'LBFGS', 'variant': c['variant'],
                     'problem': c['problem']['instance'], 'problem_type': c['problem']['type'],
                     'steps': c['num_steps'], 'schedule': None,
                     'evaluations': sum(len(s['evaluations']) for s in c['steps'])})
    return '{\n "format": "optim-golden/1",\n "cases": [\n' + ',\n'.join(
        '  ' + json.dumps(r) for r in rows) + '\n ]\n}\n'


def first_difference(a, b, path=''):
    """The path of the first difference between two JSON values, or None."""
    if type(a) is not type(b):
        return f'{path}: {a!r} vs {b!r}'[:200]
    if isinstance(a, dict):
        for k in list(a) + [k for k in b if k not in a]:
            if k not in a or k not in b:
                return f'{path}.{k}: only in one'
            d = first_difference(a[k], b[k], f'{path}.{k}')
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f'{path}: length {len(a)} vs {len(b)}'
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f'{path}[{i}]')
            if d:
                return d
        return None
    return None if a == b or (isinstance(a, float) and math.isnan(a) and math.isnan(b)) else f'{path}: {a!r} vs {b!r}'


def main(argv):
    check_reference()
    check = '--check' in argv
    if '--native-dot' not in argv:
        torch.Tensor.dot = fused_dot
    bad = 0
    cases = []
    for variant, (kwargs, problems) in VARIANTS.items():
        for name in problems:
            cid = f'{variant}.{name}'
            shared_path = os.path.join(SHARED_DIR, cid + '.json')
            shared = json.load(open(shared_path)) if cid in SHARED_IDS and os.path.exists(shared_path) else None
            if cid in SHARED_IDS and shared is None:  # keep the shared file's source from the bundled copy
                shared = json.load(open(os.path.join(LBFGS_DIR, cid + '.json')))
            case = make(variant, name, shared)
            cases.append(case)
            text = common.dumps_case(case)
            path = os.path.join(LBFGS_DIR, cid + '.json')
            if check:
                old = open(path).read() if os.path.exists(path) else ''
                if old == text:
                    print('same     ', cid, '(byte-identical' + (', source kept from the shared file)' if shared
                                                              else ')'))
                else:
                    bad += 1
                    print('DIFFERENT', cid, first_difference(json.loads(old), case) if old else 'missing')
            elif cid not in SHARED_IDS:
                common.write_case(case, LBFGS_DIR)
                print('wrote', path)
            else:
                print('kept     ', cid, '(the shared copy)')
    idx = index(sorted(cases, key=lambda c: SHARED_IDS.index(c['id']) if c['id'] in SHARED_IDS else 99))
    ipath = os.path.join(LBFGS_DIR, 'index.json')
    if check:
        same = os.path.exists(ipath) and open(ipath).read() == idx
        print(('same     ' if same else 'DIFFERENT'), 'index.json')
        bad += not same
    else:
        with open(ipath, 'w') as f:
            f.write(idx)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
